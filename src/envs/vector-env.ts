/**
 * VectorEnv: N envs stepped in one process, with batched flat arrays and **same-step autoreset**
 * (Gymnasium's `AutoresetMode.SAME_STEP`).
 *
 * Layout: observations are one `Float32Array` `[numEnvs, obsDim]` row-major (row i = env i), so a
 * policy runs one batched forward pass; actions come in the same way, `[numEnvs, actDim]`.
 *
 * Autoreset: when env i terminates or is truncated on a step, it is reset inside that same
 * `step` call: row i of `obs` is already the first observation of its next episode, `finalObs[i]`
 * holds the last observation of the finished episode (for bootstrapping a truncated episode),
 * and `infos[i]` is the finished episode's last-step info (with `episode` and `rawReward`). The
 * reset's own info is dropped (it is empty for every task here). `finalObs[i]` is `null` for envs
 * whose episode continues.
 *
 * Seeding: `reset(seed)` resets env i with `deriveEnvSeed(seed, i)`, a deterministic, well-mixed
 * function of (seed, i); later autoresets continue each env's own stream. Same seed → same
 * trajectories for the same actions.
 *
 * Performance: all result arrays are preallocated and **reused**: the arrays (and the result
 * object) returned by `reset`/`step` are overwritten by the next call — copy what you keep
 * (a rollout buffer copies `obs` into its own storage anyway). `finalObs` rows are the env's own
 * fresh arrays and are never overwritten.
 */
import { EnvError, ShapeError } from "../core/errors";
import { Rng } from "../core/rng";
import type { BoxSpace, Env, StepInfo } from "./env";
import { boxSize } from "./spaces";

/** Result of {@link VectorEnv.reset}. Arrays are reused by the next call. */
export interface VectorResetResult {
  /** `[numEnvs, obsDim]` first observations. */
  readonly obs: Float32Array;
  /** Reset infos, one per env. */
  readonly infos: StepInfo[];
}

/** Result of {@link VectorEnv.step}. Arrays are reused by the next call (except `finalObs` rows). */
export interface VectorStepResult {
  /** `[numEnvs, obsDim]`; row i is the first obs of a new episode where env i just ended. */
  readonly obs: Float32Array;
  /** `[numEnvs]` rewards of this step (as the env chain emits them, e.g. delayed). */
  readonly rewards: Float64Array;
  /** `[numEnvs]` 1 where env i's episode terminated (true MDP terminal) on this step. */
  readonly terminated: Uint8Array;
  /** `[numEnvs]` 1 where env i's episode was truncated (time limit) on this step. */
  readonly truncated: Uint8Array;
  /** Per-env step info; for an ended env, the last step's info (carries `episode`). */
  readonly infos: StepInfo[];
  /** Per env: the last observation of the episode that ended on this step (float64), else null. */
  readonly finalObs: (Float64Array | null)[];
}

/**
 * Seed of env `index` of a vector env seeded with `seed`: a 31-bit integer from the named stream
 * `Rng.fromSeed(seed).split("vector-env").split(index)` (not `seed + index`, so neighbouring
 * run seeds share no env streams).
 */
export function deriveEnvSeed(seed: number, index: number): number {
  return Rng.fromSeed(seed).split("vector-env").split(index).seedInt();
}

/** N envs of one task stepped together. */
export class VectorEnv {
  /** The member envs (env i ↔ row i). */
  readonly envs: readonly Env[];
  readonly numEnvs: number;
  readonly obsDim: number;
  readonly actDim: number;
  /** Observation space of one env. */
  readonly singleObservationSpace: BoxSpace;
  /** Action space of one env. */
  readonly singleActionSpace: BoxSpace;
  /** Gymnasium's name of the autoreset mode used. */
  readonly autoresetMode = "same-step" as const;

  private readonly obsBuf: Float32Array;
  private readonly rewardBuf: Float64Array;
  private readonly terminatedBuf: Uint8Array;
  private readonly truncatedBuf: Uint8Array;
  private readonly infosBuf: StepInfo[];
  private readonly finalObsBuf: (Float64Array | null)[];
  private readonly actionBufs: Float64Array[];
  private readonly stepResult: VectorStepResult;
  private readonly resetResult: VectorResetResult;
  private started = false;
  private closed = false;

  /**
   * @param envs at least one env; all with the same observation and action sizes.
   * @throws ShapeError when the list is empty or the envs' space sizes differ.
   */
  constructor(envs: readonly Env[]) {
    if (envs.length === 0) throw new ShapeError("VectorEnv: needs at least one env, got an empty list");
    const first = envs[0]!;
    this.obsDim = boxSize(first.observationSpace);
    this.actDim = boxSize(first.actionSpace);
    envs.forEach((env, i) => {
      const o = boxSize(env.observationSpace);
      const a = boxSize(env.actionSpace);
      if (o !== this.obsDim || a !== this.actDim) {
        throw new ShapeError(
          `VectorEnv: env ${i} (${env.id}) has obsDim ${o}, actDim ${a}; env 0 (${first.id}) has ${this.obsDim}, ${this.actDim}`,
        );
      }
    });
    this.envs = [...envs];
    this.numEnvs = envs.length;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    const n = this.numEnvs;
    this.obsBuf = new Float32Array(n * this.obsDim);
    this.rewardBuf = new Float64Array(n);
    this.terminatedBuf = new Uint8Array(n);
    this.truncatedBuf = new Uint8Array(n);
    this.infosBuf = new Array<StepInfo>(n).fill({});
    this.finalObsBuf = new Array<Float64Array | null>(n).fill(null);
    this.actionBufs = Array.from({ length: n }, () => new Float64Array(this.actDim));
    this.stepResult = {
      obs: this.obsBuf,
      rewards: this.rewardBuf,
      terminated: this.terminatedBuf,
      truncated: this.truncatedBuf,
      infos: this.infosBuf,
      finalObs: this.finalObsBuf,
    };
    this.resetResult = { obs: this.obsBuf, infos: this.infosBuf };
  }

  /** Registered id of the member envs (of env 0). */
  get id(): string {
    return this.envs[0]!.id;
  }

  /**
   * Reset every env. With `seed`, env i is reset with `deriveEnvSeed(seed, i)`; without, each env
   * continues its own stream (envs made by `makeVectorEnv` were already seeded that way).
   * @throws EnvError after `close()`.
   */
  reset(seed?: number): VectorResetResult {
    this.checkOpen();
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i]!;
      const r = seed === undefined ? env.reset() : env.reset({ seed: deriveEnvSeed(seed, i) });
      this.writeObs(i, r.obs);
      this.infosBuf[i] = r.info;
      this.finalObsBuf[i] = null;
    }
    this.started = true;
    return this.resetResult;
  }

  /**
   * Step every env once, autoresetting those whose episode ends (same step).
   * @param actions `[numEnvs, actDim]` row-major.
   * @throws EnvError before the first `reset`, after `close`, on a wrong length or a non-finite entry.
   */
  step(actions: Float32Array | Float64Array | ArrayLike<number>): VectorStepResult {
    this.checkOpen();
    if (!this.started) throw new EnvError(`VectorEnv(${this.id}): step() called before reset(); call reset(seed) first`);
    const n = this.numEnvs;
    const actDim = this.actDim;
    if (actions.length !== n * actDim) {
      throw new EnvError(
        `VectorEnv(${this.id}): actions has length ${actions.length}, expected numEnvs × actDim = ${n} × ${actDim} = ${n * actDim}`,
      );
    }
    for (let i = 0; i < n; i++) {
      const buf = this.actionBufs[i]!;
      const off = i * actDim;
      for (let j = 0; j < actDim; j++) {
        const v = actions[off + j]!;
        if (!Number.isFinite(v)) {
          throw new EnvError(
            `VectorEnv(${this.id}): actions[${off + j}] (env ${i}, entry ${j}) is ${String(v)}; every action entry must be a finite number`,
          );
        }
        buf[j] = v;
      }
    }
    for (let i = 0; i < n; i++) {
      const env = this.envs[i]!;
      const r = env.step(this.actionBufs[i]!);
      this.rewardBuf[i] = r.reward;
      this.terminatedBuf[i] = r.terminated ? 1 : 0;
      this.truncatedBuf[i] = r.truncated ? 1 : 0;
      this.infosBuf[i] = r.info;
      if (r.terminated || r.truncated) {
        this.finalObsBuf[i] = r.obs;
        this.writeObs(i, env.reset().obs);
      } else {
        this.finalObsBuf[i] = null;
        this.writeObs(i, r.obs);
      }
    }
    return this.stepResult;
  }

  /** Close every env (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const env of this.envs) env.close();
  }

  toString(): string {
    return `VectorEnv(${this.numEnvs} × ${this.envs[0]!.toString()})`;
  }

  private writeObs(i: number, obs: ArrayLike<number>): void {
    const d = this.obsDim;
    if (obs.length !== d)
      throw new ShapeError(`VectorEnv(${this.id}): env ${i} returned an observation of length ${obs.length}, expected ${d}`);
    this.obsBuf.set(obs, i * d);
  }

  private checkOpen(): void {
    if (this.closed) throw new EnvError(`VectorEnv(${this.id}): used after close(); create a new one`);
  }
}
