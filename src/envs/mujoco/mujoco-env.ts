/**
 * Base class of the MuJoCo locomotion tasks: the protocol shared by all six v4 tasks
 * (docs/tasks.md#common-protocol) on top of one {@link MujocoSim}.
 *
 * - **Reset**: `mj_resetData`, `qpos = qpos0 + noise`, `qvel = 0 + noise` (noise law per task:
 *   U(±s) or s·N(0, 1), `qpos` entries drawn first, then `qvel`), `mj_forward`, observation.
 *   Scale 0 gives exactly (`qpos0`, 0). Reset `info` is empty (v4).
 * - **Step**: position quantity before; the action written to `ctrl` as doubles, unclipped (MuJoCo
 *   clamps internally; control costs use the raw numbers); `mj_step` × frameSkip;
 *   `mj_rnePostConstraint` when the task reads `cfrc_ext`; position after; reward, termination,
 *   observation from the data as it stands (no extra `mj_forward`).
 * - The env never mutates an array it has returned: each step returns a fresh observation.
 * - Randomness: the env's {@link Rng} comes from the seed given to `create` (default 0) or to
 *   `reset({ seed })`; later resets continue the stream.
 * - No finalizers: `close()` deletes the model and data (idempotent); an env that is never closed
 *   keeps its ~300 KB in the WASM heap until the process ends.
 *
 * Subclasses supply the MJCF, the position quantity, the observation and the reward/termination
 * rule; see `./hopper.ts` for the shape of a task file.
 */
import { ConfigError, describeValue, EnvError } from "../../core/errors";
import { Rng } from "../../core/rng";
import type { BoxSpace, Env, ResetOptions, ResetResult, StepInfo, StepResult } from "../env";
import { checkOptionKeys, readBooleanOption, readNumberOption } from "../options";
import { checkAction, makeBox } from "../spaces";
import { type MujocoRuntime, MujocoSim } from "./runtime";

/** Law of the reset noise added to each `qpos` / `qvel` entry. */
export type NoiseLaw = "uniform" | "normal";

/** Fixed (non-option) description of a task, given by each task file to the base class. */
export interface MujocoTaskConfig {
  /** Registered id, e.g. `"Hopper-v4"`. */
  readonly id: string;
  /** The task's MJCF document. */
  readonly xml: string;
  /** `mj_step` calls per env step. */
  readonly frameSkip: number;
  /** Observation length (with the task's options applied). */
  readonly observationSize: number;
  /** Noise laws for `qpos` and `qvel` (U(±s) or s·N(0, 1)). */
  readonly resetNoise: { readonly qpos: NoiseLaw; readonly qvel: NoiseLaw };
  /** Reset noise scale s. */
  readonly resetNoiseScale: number;
  /** Call `mj_rnePostConstraint` after each step (needed only when `cfrc_ext` is read). */
  readonly needsContactForces?: boolean;
}

/** What a task computes after the simulation has advanced. */
export interface StepOutcome {
  readonly reward: number;
  readonly terminated: boolean;
  readonly info: StepInfo;
}

/** A MuJoCo task env (raw, without wrappers). */
export abstract class MujocoEnv implements Env {
  readonly id: string;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: BoxSpace;
  /** Duration of one env step in seconds (`timestep × frameSkip`). */
  readonly dt: number;
  readonly frameSkip: number;
  /** The simulation (model + data). Subclasses read `sim.qpos`, `sim.qvel`, `sim.dataArray(...)`. */
  protected readonly sim: MujocoSim;
  protected rng: Rng;
  private readonly observationSize: number;
  private readonly noise: { readonly qpos: NoiseLaw; readonly qvel: NoiseLaw };
  private readonly noiseScale: number;
  private readonly needsContactForces: boolean;
  /** Position quantity (x, y) before and after the step. */
  private readonly positionBefore = new Float64Array(2);
  private readonly positionAfter = new Float64Array(2);
  private readonly velocity = new Float64Array(2);
  private needsReset = true;
  private closed = false;

  /**
   * @param runtime the loaded module ({@link loadMujoco}).
   * @param config the task's fixed description.
   * @param seed seeds the reset-noise stream (default 0); `reset({ seed })` re-seeds.
   * @throws EnvError when the model does not compile.
   */
  protected constructor(runtime: MujocoRuntime, config: MujocoTaskConfig, seed?: number) {
    this.id = config.id;
    this.frameSkip = config.frameSkip;
    this.observationSize = config.observationSize;
    this.noise = config.resetNoise;
    this.noiseScale = config.resetNoiseScale;
    this.needsContactForces = config.needsContactForces ?? false;
    this.sim = new MujocoSim(runtime, config.xml, config.id);
    this.dt = this.sim.model.opt.timestep * config.frameSkip;
    const nu = this.sim.nu;
    const low = new Float64Array(nu);
    const high = new Float64Array(nu);
    for (let i = 0; i < nu; i++) {
      low[i] = this.sim.ctrlRange[2 * i]!;
      high[i] = this.sim.ctrlRange[2 * i + 1]!;
    }
    this.actionSpace = makeBox(low, high, [nu]);
    this.observationSpace = makeBox(-Infinity, Infinity, [config.observationSize]);
    this.rng = Rng.fromSeed(seed ?? 0);
  }

  /**
   * Write the task's position quantity into `out` (`out[0]` = x, `out[1]` = y where the task has
   * one, else leave it 0). Called before and after each step.
   */
  protected abstract readPosition(out: Float64Array): void;

  /** Write the observation (length `observationSpace.shape[0]`) into `out` from `offset`. */
  protected abstract writeObservation(out: Float64Array, offset: number): void;

  /**
   * Reward, termination and info of the step just simulated.
   * @param action the raw action as given (already checked: right length, finite).
   * @param velocity (Δx, Δy) / dt of the position quantity.
   * @param position the position quantity after the step.
   */
  protected abstract evaluateStep(action: ArrayLike<number>, velocity: Float64Array, position: Float64Array): StepOutcome;

  /**
   * Start a new episode.
   * @param options `seed` re-seeds the reset-noise stream.
   * @throws EnvError after `close()`.
   */
  reset(options?: ResetOptions): ResetResult {
    this.ensureOpen();
    if (options?.seed !== undefined) {
      if (!Number.isInteger(options.seed))
        throw new EnvError(`${this.id}: reset seed must be an integer, got ${describeValue(options.seed)}`);
      this.rng = Rng.fromSeed(options.seed);
    }
    const sim = this.sim;
    sim.resetData();
    const qpos = sim.qpos;
    const qvel = sim.qvel;
    const s = this.noiseScale;
    for (let i = 0; i < sim.nq; i++) qpos[i] = sim.qpos0[i]! + this.draw(this.noise.qpos, s);
    for (let i = 0; i < sim.nv; i++) qvel[i] = 0 + this.draw(this.noise.qvel, s);
    sim.forward();
    this.needsReset = false;
    const obs = new Float64Array(this.observationSize);
    this.writeObservation(obs, 0);
    return { obs, info: {} };
  }

  /**
   * Advance one env step (`frameSkip` physics steps).
   * @param action `actionSpace.shape[0]` finite numbers; not clipped (MuJoCo clamps the control).
   * @throws EnvError before the first `reset`, after a terminated step (reset first), after
   *   `close()`, or for an action of the wrong length or with a non-finite entry.
   */
  step(action: ArrayLike<number>): StepResult {
    this.ensureOpen();
    if (this.needsReset) {
      throw new EnvError(`${this.id}: step() called before reset() or after the episode terminated; call reset() first`);
    }
    checkAction(this.actionSpace, action, this.id);
    const sim = this.sim;
    this.positionBefore[0] = this.positionBefore[1] = 0;
    this.readPosition(this.positionBefore);
    const ctrl = sim.ctrl;
    for (let i = 0; i < sim.nu; i++) ctrl[i] = action[i]!;
    sim.step(this.frameSkip);
    if (this.needsContactForces) sim.rnePostConstraint();
    this.positionAfter[0] = this.positionAfter[1] = 0;
    this.readPosition(this.positionAfter);
    this.velocity[0] = (this.positionAfter[0]! - this.positionBefore[0]!) / this.dt;
    this.velocity[1] = (this.positionAfter[1]! - this.positionBefore[1]!) / this.dt;
    const outcome = this.evaluateStep(action, this.velocity, this.positionAfter);
    const obs = new Float64Array(this.observationSize);
    this.writeObservation(obs, 0);
    if (outcome.terminated) this.needsReset = true;
    return { obs, reward: outcome.reward, terminated: outcome.terminated, truncated: false, info: outcome.info };
  }

  /** The underlying simulation (advanced use: model fields, raw data arrays). */
  get simulation(): MujocoSim {
    return this.sim;
  }

  /** Copies of the current `qpos` and `qvel` (for tests and diagnostics). */
  getState(): { qpos: Float64Array; qvel: Float64Array } {
    this.ensureOpen();
    return { qpos: this.sim.qpos.slice(), qvel: this.sim.qvel.slice() };
  }

  /**
   * Set `qpos` and `qvel` and run `mj_forward` (Gymnasium's `set_state`); returns the observation.
   * @throws EnvError when the lengths are not nq / nv, or after `close()`.
   */
  setState(qpos: ArrayLike<number>, qvel: ArrayLike<number>): Float64Array {
    this.ensureOpen();
    const sim = this.sim;
    if (qpos.length !== sim.nq || qvel.length !== sim.nv) {
      throw new EnvError(
        `${this.id}: setState needs qpos of length ${sim.nq} and qvel of length ${sim.nv}, got ${qpos.length} and ${qvel.length}`,
      );
    }
    const p = sim.qpos;
    const v = sim.qvel;
    for (let i = 0; i < sim.nq; i++) p[i] = qpos[i]!;
    for (let i = 0; i < sim.nv; i++) v[i] = qvel[i]!;
    sim.forward();
    this.needsReset = false;
    const obs = new Float64Array(this.observationSize);
    this.writeObservation(obs, 0);
    return obs;
  }

  /** Free the model and data. Idempotent; the env cannot be used afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sim.close();
  }

  /** True once {@link close} ran. */
  get isClosed(): boolean {
    return this.closed;
  }

  toString(): string {
    return this.id;
  }

  /** Σ aᵢ² summed in NumPy's order (see {@link sumOfSquares}). */
  protected static sumOfSquares(action: ArrayLike<number>): number {
    return sumOfSquares(action);
  }

  private draw(law: NoiseLaw, scale: number): number {
    if (law === "uniform") return -scale + 2 * scale * this.rng.random();
    return scale * this.rng.normal();
  }

  private ensureOpen(): void {
    if (this.closed) throw new EnvError(`${this.id}: the env was closed; create a new one`);
  }
}

// ---------------------------------------------------------------------------------------------
// Task keyword options: declared once per task, validated with messages naming key and range.

/** A finite number option. */
export interface NumberOption {
  readonly type: "number";
  readonly default: number;
  /** Inclusive lower bound (e.g. 0 for weights and noise scales). */
  readonly min?: number;
  readonly doc: string;
}

/** A boolean option. */
export interface BooleanOption {
  readonly type: "boolean";
  readonly default: boolean;
  readonly doc: string;
}

/** An open interval (low, high); `high` may be `Infinity` (JSON: `null`) for no upper bound. */
export interface RangeOption {
  readonly type: "range";
  readonly default: readonly [number, number];
  readonly doc: string;
}

export type OptionDef = NumberOption | BooleanOption | RangeOption;
export type OptionSchema = Readonly<Record<string, OptionDef>>;

/** The resolved values of a schema. */
export type ResolvedOptions<S extends OptionSchema> = {
  readonly [K in keyof S]: S[K] extends NumberOption ? number : S[K] extends BooleanOption ? boolean : readonly [number, number];
};

function rangeBound(value: unknown, side: "low" | "high"): number | undefined {
  if (value === null) return side === "high" ? Infinity : -Infinity;
  if (typeof value === "number" && !Number.isNaN(value)) return value;
  return undefined;
}

/**
 * Apply defaults and validate task options.
 * @param id task id (for messages).
 * @param schema the task's option declarations.
 * @param options user options (camelCase keys).
 * @throws ConfigError naming an unknown key (with the allowed keys) or a bad value (with the
 *   allowed values).
 */
export function resolveTaskOptions<S extends OptionSchema>(
  id: string,
  schema: S,
  options: Readonly<Record<string, unknown>>,
): ResolvedOptions<S> {
  const allowed = Object.keys(schema);
  checkOptionKeys(options, allowed, id);
  const out: Record<string, unknown> = {};
  for (const key of allowed) {
    const def = schema[key]!;
    if (def.type === "number") {
      out[key] = readNumberOption(options, key, def.min !== undefined ? { default: def.default, min: def.min } : { default: def.default });
    } else if (def.type === "boolean") {
      out[key] = readBooleanOption(options, key, def.default);
    } else {
      const value = options[key];
      if (value === undefined) {
        out[key] = def.default;
        continue;
      }
      const lo = Array.isArray(value) && value.length === 2 ? rangeBound(value[0], "low") : undefined;
      const hi = Array.isArray(value) && value.length === 2 ? rangeBound(value[1], "high") : undefined;
      if (lo === undefined || hi === undefined || !(lo < hi)) {
        throw new ConfigError(
          key,
          `got ${describeValue(value)}; allowed: [low, high] with low < high (numbers; high may be Infinity or null for no bound)`,
        );
      }
      out[key] = [lo, hi] as const;
    }
  }
  return out as ResolvedOptions<S>;
}

/** Clip helper used by observation builders. */
export function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Σ xᵢ² in the order NumPy's `np.sum(np.square(x))` adds (pairwise summation; for n ≤ 128: a
 * plain left-to-right sum when n < 8, else eight interleaved partial sums combined as
 * ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the tail). Matching the order makes
 * control and contact costs bit-identical to Gymnasium's. Longer inputs fall back to a plain sum.
 */
export function sumOfSquares(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 8 || n > 128) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i]! * x[i]!;
    return s;
  }
  let r0 = x[0]! * x[0]!,
    r1 = x[1]! * x[1]!,
    r2 = x[2]! * x[2]!,
    r3 = x[3]! * x[3]!;
  let r4 = x[4]! * x[4]!,
    r5 = x[5]! * x[5]!,
    r6 = x[6]! * x[6]!,
    r7 = x[7]! * x[7]!;
  const blockEnd = n - (n % 8);
  let i = 8;
  for (; i < blockEnd; i += 8) {
    r0 += x[i]! * x[i]!;
    r1 += x[i + 1]! * x[i + 1]!;
    r2 += x[i + 2]! * x[i + 2]!;
    r3 += x[i + 3]! * x[i + 3]!;
    r4 += x[i + 4]! * x[i + 4]!;
    r5 += x[i + 5]! * x[i + 5]!;
    r6 += x[i + 6]! * x[i + 6]!;
    r7 += x[i + 7]! * x[i + 7]!;
  }
  let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < n; i++) s += x[i]! * x[i]!;
  return s;
}
