/**
 * The MuJoCo WebAssembly runtime (`mujoco-js`, MuJoCo 3.3.8): loaded once per process, models
 * compiled from MJCF strings through the module's in-memory file system.
 *
 * Pitfalls handled here (docs/tasks.md#mujoco-js-notes):
 * - `mujoco-js` is ESM-only; the library is CommonJS, so the module is loaded with a dynamic
 *   `import()` the first time {@link loadMujoco} is called and the promise is cached.
 * - Array properties (`data.qpos`, `model.body_mass`, …) are `Float64Array` views onto the WASM
 *   heap. They detach silently (length 0, writes dropped) whenever the heap grows — i.e. after any
 *   allocation anywhere in the process (loading a model, creating an `MjData`). Holders of views
 *   must re-acquire them after an allocation; {@link viewsStale} is the cheap check. Model
 *   constants are copied out with `slice()` right after compiling.
 * - `MjModel` / `MjData` are embind handles and must be freed with `.delete()`; the heap never
 *   shrinks, but freed space is reused. {@link MujocoSim.close} frees both, idempotently.
 * - Compile errors carry no message: {@link MujocoRuntime.compile} checks the XML's structure
 *   first (see `./mjcf`) and wraps MuJoCo's exception in an {@link EnvError} naming the model.
 * - Nothing here touches unexported runtime globals (that aborts the module for good); the heap
 *   size is read from an array view's `buffer`.
 */
import { EnvError } from "../../core/errors";
import { checkMjcf } from "./mjcf";

// `mujoco-js` is an ES module; a CommonJS file cannot import its declarations without a
// `resolution-mode` attribute, which older TypeScript versions (tslab's) do not parse. The
// handful of members the kit uses are declared structurally here instead.

/** An embind handle: must be freed with `delete()`. */
export interface MjHandle {
  delete(): void;
  isDeleted(): boolean;
}

/** The members of a compiled MuJoCo model (`mjModel`) the kit reads. Arrays are heap views. */
export interface MjModel extends MjHandle {
  readonly nq: number;
  readonly nv: number;
  readonly nu: number;
  readonly nbody: number;
  readonly njnt: number;
  readonly ngeom: number;
  readonly ntendon: number;
  readonly qpos0: Float64Array;
  readonly body_mass: Float64Array;
  readonly body_inertia: Float64Array;
  readonly body_ipos: Float64Array;
  readonly body_parentid: Int32Array;
  readonly jnt_type: Int32Array;
  readonly jnt_range: Float64Array;
  readonly jnt_limited: Uint8Array;
  readonly dof_armature: Float64Array;
  readonly dof_damping: Float64Array;
  readonly jnt_stiffness: Float64Array;
  readonly actuator_gear: Float64Array;
  readonly actuator_ctrlrange: Float64Array;
  readonly actuator_trnid: Int32Array;
  /** Geom type (mjtGeom: 0 plane, 2 sphere, 3 capsule, 4 ellipsoid, 5 cylinder, 6 box, …). */
  readonly geom_type: Int32Array;
  /** Geom sizes (ngeom × 3) as MuJoCo defines them per type. */
  readonly geom_size: Float64Array;
  /** Geom colours (ngeom × 4). */
  readonly geom_rgba: Float32Array;
  readonly geom_bodyid: Int32Array;
  /** Geom position and orientation (w, x, y, z) in its body's frame. */
  readonly geom_pos: Float64Array;
  readonly geom_quat: Float64Array;
  readonly opt: { timestep: number; integrator: number };
}

/** The members of a MuJoCo simulation state (`mjData`) the kit reads. Arrays are heap views. */
export interface MjData extends MjHandle {
  readonly qpos: Float64Array;
  readonly qvel: Float64Array;
  readonly ctrl: Float64Array;
  readonly xpos: Float64Array;
  /** Global geom positions (ngeom × 3) and orientation matrices (ngeom × 9, row-major). */
  readonly geom_xpos: Float64Array;
  readonly geom_xmat: Float64Array;
  readonly xipos: Float64Array;
  readonly cinert: Float64Array;
  readonly cvel: Float64Array;
  readonly qfrc_actuator: Float64Array;
  readonly cfrc_ext: Float64Array;
  readonly time: number;
}

/** The members of the `mujoco-js` module the kit calls. */
export interface MainModule {
  FS: {
    mkdir(path: string): void;
    writeFile(path: string, data: string): void;
    unlink(path: string): void;
  };
  MjModel: { loadFromXML(path: string): MjModel | null };
  MjData: new (model: MjModel) => MjData;
  mj_versionString(): string;
  mj_step(m: MjModel, d: MjData): void;
  mj_forward(m: MjModel, d: MjData): void;
  mj_resetData(m: MjModel, d: MjData): void;
  mj_rnePostConstraint(m: MjModel, d: MjData): void;
  mj_name2id(m: MjModel, type: number, name: string): number;
  mj_id2name(m: MjModel, type: number, id: number): string;
}

/** mjtObj numbers used with `mj_name2id`. */
export const MjObj = { body: 1, joint: 3, geom: 5, site: 6, tendon: 18, actuator: 19 } as const;

/** Index of `mjWARN_BADQACC` in `data.warning` (a numerical blow-up reset the data). */
export const MJ_WARN_BADQACC = 6;

const MODEL_DIR = "/gasil-models";

/** The loaded WebAssembly module plus the helpers the envs need. One instance per process. */
export class MujocoRuntime {
  /** The raw `mujoco-js` module (embind classes and `mj_*` functions). */
  readonly mj: MainModule;
  /** MuJoCo's version string as reported by the module (e.g. `"3.3.8"`). */
  readonly version: string;
  private fileCounter = 0;
  private probeModel: MjModel;

  /** @internal use {@link loadMujoco}. */
  constructor(mj: MainModule) {
    this.mj = mj;
    this.version = mj.mj_versionString();
    try {
      mj.FS.mkdir(MODEL_DIR);
    } catch {
      // already present (a second runtime over the same module instance)
    }
    // A one-body model kept for the life of the process: fresh views of its arrays always sit on
    // the current heap buffer, which gives the heap size without touching unexported globals.
    this.probeModel = this.compile('<mujoco model="probe"><size memory="1K"/><worldbody/></mujoco>', "probe");
  }

  /**
   * Compile an MJCF string into an `MjModel` (the caller owns it and must `.delete()` it).
   * @param xml the complete MJCF document.
   * @param name used in error messages.
   * @throws EnvError when the XML is malformed (with the reason found by `checkMjcf`) or MuJoCo
   *   rejects it (`mjXError` = XML problem, `mjCError` = compile problem; MuJoCo gives no text).
   */
  compile(xml: string, name: string): MjModel {
    checkMjcf(xml, name);
    const path = `${MODEL_DIR}/m${this.fileCounter++}.xml`;
    this.mj.FS.writeFile(path, xml);
    let model: MjModel | null = null;
    try {
      model = this.mj.MjModel.loadFromXML(path);
    } catch (err) {
      const kind = (err as { name?: unknown } | null)?.name;
      throw new EnvError(
        `MuJoCo could not compile the model "${name}" (${typeof kind === "string" ? kind : String(err)}; ` +
          "mjXError = unknown element/attribute or unparsable value, mjCError = inconsistent model)",
      );
    } finally {
      try {
        this.mj.FS.unlink(path);
      } catch {
        // nothing to remove
      }
    }
    if (model === null || model === undefined) throw new EnvError(`MuJoCo could not load the model "${name}" (no model returned)`);
    return model;
  }

  /** Create an `MjData` for `model` (the caller owns it and must `.delete()` it). */
  createData(model: MjModel): MjData {
    return new this.mj.MjData(model);
  }

  /**
   * Current size of the WebAssembly heap in bytes (it grows on demand and never shrinks).
   * Read from a fresh array view's buffer.
   */
  heapBytes(): number {
    return this.probeModel.body_mass.buffer.byteLength;
  }
}

let runtimePromise: Promise<MujocoRuntime> | null = null;

/**
 * Load the MuJoCo WebAssembly module (first call) or return the already loaded one.
 * Safe to call concurrently: every caller gets the same instance.
 * @throws EnvError when `mujoco-js` cannot be imported or instantiated.
 */
export function loadMujoco(): Promise<MujocoRuntime> {
  if (runtimePromise === null) {
    runtimePromise = (async () => {
      let factory: (options?: unknown) => Promise<MainModule>;
      try {
        const imported = (await import("mujoco-js")) as unknown as { default: (options?: unknown) => Promise<MainModule> };
        factory = imported.default;
      } catch (err) {
        throw new EnvError(`cannot import mujoco-js (is it installed? run npm install): ${(err as Error).message}`);
      }
      const mj = await factory();
      return new MujocoRuntime(mj);
    })();
    runtimePromise.catch(() => {
      runtimePromise = null; // allow a retry after a failed load
    });
  }
  return runtimePromise;
}

/** True when views taken earlier have been detached by heap growth (re-acquire them). */
export function viewsStale(view: Float64Array): boolean {
  return view.length === 0;
}

/**
 * One compiled model with one `MjData`: the unit an env owns. Keeps cached views of the data
 * arrays the envs use on every step and re-acquires them when the heap has grown.
 */
export class MujocoSim {
  readonly runtime: MujocoRuntime;
  readonly model: MjModel;
  readonly data: MjData;
  readonly nq: number;
  readonly nv: number;
  readonly nu: number;
  readonly nbody: number;
  /** `qpos0` copied out of the model. */
  readonly qpos0: Float64Array;
  /** Control ranges (nu × 2) copied out of the model. */
  readonly ctrlRange: Float64Array;
  /** Body masses copied out of the model. */
  readonly bodyMass: Float64Array;
  private closed = false;
  private qposView!: Float64Array;
  private qvelView!: Float64Array;
  private ctrlView!: Float64Array;

  /** Compile `xml` and create its data. @throws EnvError as {@link MujocoRuntime.compile}. */
  constructor(runtime: MujocoRuntime, xml: string, name: string) {
    this.runtime = runtime;
    this.model = runtime.compile(xml, name);
    try {
      this.data = runtime.createData(this.model);
    } catch (err) {
      this.model.delete();
      throw new EnvError(`MuJoCo could not create data for "${name}": ${(err as Error).message ?? String(err)}`);
    }
    const m = this.model;
    this.nq = m.nq;
    this.nv = m.nv;
    this.nu = m.nu;
    this.nbody = m.nbody;
    this.qpos0 = m.qpos0.slice();
    this.ctrlRange = m.actuator_ctrlrange.slice();
    this.bodyMass = m.body_mass.slice();
    this.refresh();
  }

  /** Re-acquire the cached views (after anything that may have grown the heap). */
  refresh(): void {
    this.ensureOpen();
    this.qposView = this.data.qpos;
    this.qvelView = this.data.qvel;
    this.ctrlView = this.data.ctrl;
  }

  /** Live view of `qpos` (valid until the next allocation in the process). */
  get qpos(): Float64Array {
    if (this.qposView.length === 0) this.refresh();
    return this.qposView;
  }

  /** Live view of `qvel`. */
  get qvel(): Float64Array {
    if (this.qvelView.length === 0) this.refresh();
    return this.qvelView;
  }

  /** Live view of `ctrl`. */
  get ctrl(): Float64Array {
    if (this.ctrlView.length === 0 && this.nu > 0) this.refresh();
    return this.ctrlView;
  }

  /** A fresh view of any data array by name (e.g. `"xpos"`, `"cfrc_ext"`); do not keep it. */
  dataArray(name: "xpos" | "xipos" | "cinert" | "cvel" | "qfrc_actuator" | "cfrc_ext" | "geom_xpos" | "geom_xmat"): Float64Array {
    this.ensureOpen();
    return this.data[name];
  }

  /** Run `mj_step` `n` times. */
  step(n: number): void {
    const mj = this.runtime.mj;
    for (let i = 0; i < n; i++) mj.mj_step(this.model, this.data);
  }

  /** `mj_forward`. */
  forward(): void {
    this.runtime.mj.mj_forward(this.model, this.data);
  }

  /** `mj_resetData` (back to `qpos0`, zero velocity, time 0). */
  resetData(): void {
    this.runtime.mj.mj_resetData(this.model, this.data);
  }

  /** `mj_rnePostConstraint` (fills `cacc`, `cfrc_int`, `cfrc_ext`). */
  rnePostConstraint(): void {
    this.runtime.mj.mj_rnePostConstraint(this.model, this.data);
  }

  /**
   * A copy of any numeric `mjModel` field (array or scalar) as plain numbers, e.g.
   * `modelField("body_mass")`. For tests and diagnostics (not on the step path).
   * @throws EnvError when the model has no such numeric field.
   */
  modelField(name: string): number[] {
    this.ensureOpen();
    const value = (this.model as unknown as Record<string, unknown>)[name];
    if (typeof value === "number") return [value];
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
    throw new EnvError(`mjModel has no numeric field "${name}"`);
  }

  /** Simulation time in seconds. */
  get time(): number {
    return this.data.time;
  }

  /** Id of a named element, or −1. */
  nameToId(type: keyof typeof MjObj, name: string): number {
    this.ensureOpen();
    return this.runtime.mj.mj_name2id(this.model, MjObj[type], name);
  }

  /** True once {@link close} ran. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Free the data and the model. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.data.delete();
    this.model.delete();
    this.qposView = this.qvelView = this.ctrlView = new Float64Array(0);
  }

  private ensureOpen(): void {
    if (this.closed) throw new EnvError("the MuJoCo simulation was closed (call reset on a new env)");
  }
}
