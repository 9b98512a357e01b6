/**
 * Running mean and variance, and the two normalisers built on it (baselines' `RunningMeanStd`
 * and `VecNormalize`; docs/paper-protocol.md#ppo-hyperparameters).
 *
 * Design: the normalisers are plain classes that work on flat batches (`[B, size]` row-major in a
 * `Float32Array`/`Float64Array`), so a learner applies them directly to a {@link VectorEnv}'s
 * `obs` (`[numEnvs, obsDim]`) and `rewards` (`[numEnvs]`) — the vector-level use, as in
 * VecNormalize. The single-env wrappers `NormalizeObservation` and `NormalizeReward` are thin
 * shells around the same classes (batch of one). Their statistics belong to the agent: save them
 * with `getState()` (JSON-serialisable) and restore with `setState()`; `frozen = true` stops
 * every update (evaluation).
 *
 * Statistics are kept in float64 regardless of the batch type.
 */
import { ConfigError, describeValue, ShapeError } from "../core/errors";

/** Serialisable state of a {@link RunningMeanStd}. */
export interface RunningMeanStdState {
  readonly mean: number[];
  readonly var: number[];
  readonly count: number;
}

/**
 * Per-element running mean and (population) variance, merged batch by batch with the parallel
 * formula of Chan et al.: for a batch of `b` rows with mean m_B and variance v_B,
 * δ = m_B − μ, n' = n + b, μ ← μ + δ·b/n', σ² ← (σ²·n + v_B·b + δ²·n·b/n') / n'.
 * Initial state: μ = 0, σ² = 1, n = 1e-4 (baselines).
 */
export class RunningMeanStd {
  /** Elements per row. */
  readonly size: number;
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;
  private readonly batchMean: Float64Array;
  private readonly batchVar: Float64Array;

  /**
   * @param size elements per row (a positive integer).
   * @param initialCount the prior's pseudo-count (default 1e-4).
   * @throws ConfigError when `size` is not a positive integer.
   */
  constructor(size: number, initialCount = 1e-4) {
    if (!Number.isInteger(size) || size < 1) throw new ConfigError("size", `got ${describeValue(size)}; allowed: an integer ≥ 1`);
    this.size = size;
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = initialCount;
    this.batchMean = new Float64Array(size);
    this.batchVar = new Float64Array(size);
  }

  /**
   * Merge a batch of rows.
   * @param batch flat `[B, size]` row-major (B ≥ 1).
   * @throws ShapeError when `batch.length` is not a positive multiple of `size`.
   */
  update(batch: ArrayLike<number>): void {
    const size = this.size;
    const rows = batch.length / size;
    if (!Number.isInteger(rows) || rows < 1) {
      throw new ShapeError(`RunningMeanStd.update: batch length ${batch.length} is not a positive multiple of size ${size}`);
    }
    const bm = this.batchMean;
    const bv = this.batchVar;
    bm.fill(0);
    bv.fill(0);
    for (let r = 0; r < rows; r++) {
      const off = r * size;
      for (let j = 0; j < size; j++) bm[j]! += batch[off + j]!;
    }
    for (let j = 0; j < size; j++) bm[j]! /= rows;
    for (let r = 0; r < rows; r++) {
      const off = r * size;
      for (let j = 0; j < size; j++) {
        const d = batch[off + j]! - bm[j]!;
        bv[j]! += d * d;
      }
    }
    for (let j = 0; j < size; j++) bv[j]! /= rows;
    this.updateFromMoments(bm, bv, rows);
  }

  /** Merge a batch given by its per-element mean, population variance and row count. */
  updateFromMoments(batchMean: ArrayLike<number>, batchVar: ArrayLike<number>, batchCount: number): void {
    const n = this.count;
    const total = n + batchCount;
    for (let j = 0; j < this.size; j++) {
      const delta = batchMean[j]! - this.mean[j]!;
      const m2 = this.var[j]! * n + batchVar[j]! * batchCount + (delta * delta * n * batchCount) / total;
      this.mean[j] = this.mean[j]! + (delta * batchCount) / total;
      this.var[j] = m2 / total;
    }
    this.count = total;
  }

  getState(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  /** @throws ShapeError when the saved size differs; ConfigError on a non-finite or negative entry. */
  setState(state: RunningMeanStdState): void {
    if (state.mean.length !== this.size || state.var.length !== this.size) {
      throw new ShapeError(
        `RunningMeanStd.setState: saved size ${state.mean.length}/${state.var.length}, this normaliser has size ${this.size}`,
      );
    }
    if (!(Number.isFinite(state.count) && state.count > 0))
      throw new ConfigError("count", `got ${describeValue(state.count)}; allowed: a finite number > 0`);
    for (let j = 0; j < this.size; j++) {
      if (!Number.isFinite(state.mean[j]!))
        throw new ConfigError(`mean[${j}]`, `got ${describeValue(state.mean[j])}; allowed: a finite number`);
      if (!(Number.isFinite(state.var[j]!) && state.var[j]! >= 0))
        throw new ConfigError(`var[${j}]`, `got ${describeValue(state.var[j])}; allowed: a finite number ≥ 0`);
    }
    this.mean.set(state.mean);
    this.var.set(state.var);
    this.count = state.count;
  }
}

function checkPositive(name: string, value: number): number {
  if (!(typeof value === "number" && value > 0 && !Number.isNaN(value))) {
    throw new ConfigError(name, `got ${describeValue(value)}; allowed: a number > 0 (Infinity = no clipping for clip)`);
  }
  return value;
}

/** Settings of an {@link ObservationNormalizer}. */
export interface ObservationNormalizerOptions {
  /** Normalised values are clipped to ±clip (default 10). */
  readonly clip?: number;
  /** Added to the variance under the square root (default 1e-8). */
  readonly epsilon?: number;
}

/** Serialisable state of an {@link ObservationNormalizer}. */
export interface ObservationNormalizerState {
  readonly rms: RunningMeanStdState;
  readonly clip: number;
  readonly epsilon: number;
  readonly frozen: boolean;
}

/**
 * Observation normaliser: o ↦ clip((o − μ)/√(σ² + ε), ±clip) with running μ, σ² over every
 * observation seen (VecNormalize's `_obfilt`). Use {@link ObservationNormalizer.updateAndNormalize}
 * on each batch of fresh observations (reset and step), and {@link ObservationNormalizer.normalize}
 * (no update) for anything else, e.g. a `finalObs` row for bootstrapping.
 */
export class ObservationNormalizer {
  readonly rms: RunningMeanStd;
  readonly clip: number;
  readonly epsilon: number;
  /** When true, `update` and `updateAndNormalize` leave the statistics unchanged. */
  frozen = false;

  /** @param size observation length (`obsDim`). */
  constructor(size: number, options: ObservationNormalizerOptions = {}) {
    this.rms = new RunningMeanStd(size);
    this.clip = checkPositive("clip", options.clip ?? 10);
    this.epsilon = checkPositive("epsilon", options.epsilon ?? 1e-8);
  }

  /** Elements per observation. */
  get size(): number {
    return this.rms.size;
  }

  /** Merge a flat `[B, size]` batch into the statistics (no-op when frozen). */
  update(batch: ArrayLike<number>): void {
    if (!this.frozen) this.rms.update(batch);
  }

  /**
   * Normalise a flat `[B, size]` batch with the current statistics (no update).
   * @param out destination of the same length (may be `batch` itself); a new `Float64Array` by default.
   */
  normalize<T extends Float32Array | Float64Array = Float64Array>(batch: ArrayLike<number>, out?: T): T {
    const size = this.rms.size;
    if (batch.length % size !== 0)
      throw new ShapeError(`ObservationNormalizer: batch length ${batch.length} is not a multiple of obsDim ${size}`);
    const result = (out ?? new Float64Array(batch.length)) as T;
    if (result.length !== batch.length)
      throw new ShapeError(`ObservationNormalizer: out has length ${result.length}, batch has ${batch.length}`);
    const mean = this.rms.mean;
    const v = this.rms.var;
    const clip = this.clip;
    const eps = this.epsilon;
    for (let j = 0; j < size; j++) {
      const m = mean[j]!;
      const inv = 1 / Math.sqrt(v[j]! + eps);
      for (let i = j; i < batch.length; i += size) {
        const z = (batch[i]! - m) * inv;
        result[i] = z < -clip ? -clip : z > clip ? clip : z;
      }
    }
    return result;
  }

  /** `update(batch)` then `normalize(batch, out)` — baselines' order. */
  updateAndNormalize<T extends Float32Array | Float64Array = Float64Array>(batch: ArrayLike<number>, out?: T): T {
    this.update(batch);
    return this.normalize(batch, out);
  }

  getState(): ObservationNormalizerState {
    return { rms: this.rms.getState(), clip: this.clip, epsilon: this.epsilon, frozen: this.frozen };
  }

  /** Restore statistics and the frozen flag (clip and epsilon must match this instance's). */
  setState(state: ObservationNormalizerState): void {
    if (state.clip !== this.clip || state.epsilon !== this.epsilon) {
      throw new ConfigError(
        "state",
        `saved clip/epsilon ${state.clip}/${state.epsilon} differ from this normaliser's ${this.clip}/${this.epsilon}`,
      );
    }
    this.rms.setState(state.rms);
    this.frozen = state.frozen;
  }

  /** A new normaliser with the given state. */
  static fromState(size: number, state: ObservationNormalizerState): ObservationNormalizer {
    const n = new ObservationNormalizer(size, { clip: state.clip, epsilon: state.epsilon });
    n.setState(state);
    return n;
  }
}

/** Settings of a {@link RewardNormalizer}. */
export interface RewardNormalizerOptions {
  /** Discount of the running return R (default 0.99). */
  readonly gamma?: number;
  /** Scaled rewards are clipped to ±clip (default 10). */
  readonly clip?: number;
  /** Added to Var[R] under the square root (default 1e-8). */
  readonly epsilon?: number;
  /**
   * Reset R to 0 when an env's episode ends (later baselines, SB3). Default **false**: the 2018
   * code the paper ran never reset it (docs/paper-protocol.md#ppo-hyperparameters).
   */
  readonly resetOnEpisodeEnd?: boolean;
}

/** Serialisable state of a {@link RewardNormalizer}. */
export interface RewardNormalizerState {
  readonly rms: RunningMeanStdState;
  readonly returns: number[];
  readonly gamma: number;
  readonly clip: number;
  readonly epsilon: number;
  readonly resetOnEpisodeEnd: boolean;
  readonly frozen: boolean;
}

/**
 * Reward scaling of VecNormalize: per env a running discounted return R ← γR + r; the scalar
 * statistics of R are updated with the batch of all envs' R each step; the reward is divided by
 * √(Var[R] + ε) (**no** mean subtraction) and clipped to ±clip.
 */
export class RewardNormalizer {
  readonly numEnvs: number;
  readonly gamma: number;
  readonly clip: number;
  readonly epsilon: number;
  readonly resetOnEpisodeEnd: boolean;
  readonly rms: RunningMeanStd;
  /** Running discounted return per env. */
  readonly returns: Float64Array;
  /** When true, neither R nor the statistics change; rewards are only scaled. */
  frozen = false;

  /** @param numEnvs rewards per batch (1 for a single env). */
  constructor(numEnvs: number, options: RewardNormalizerOptions = {}) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1)
      throw new ConfigError("numEnvs", `got ${describeValue(numEnvs)}; allowed: an integer ≥ 1`);
    const gamma = options.gamma ?? 0.99;
    if (!(typeof gamma === "number" && gamma >= 0 && gamma <= 1))
      throw new ConfigError("gamma", `got ${describeValue(gamma)}; allowed: a number in [0, 1]`);
    this.numEnvs = numEnvs;
    this.gamma = gamma;
    this.clip = checkPositive("clip", options.clip ?? 10);
    this.epsilon = checkPositive("epsilon", options.epsilon ?? 1e-8);
    this.resetOnEpisodeEnd = options.resetOnEpisodeEnd ?? false;
    this.rms = new RunningMeanStd(1);
    this.returns = new Float64Array(numEnvs);
  }

  /**
   * Update R and its statistics with one step's rewards (unless frozen), then scale them.
   * @param rewards `[numEnvs]` rewards of this step.
   * @param dones `[numEnvs]` episode-ended flags (terminated or truncated); used only with
   *   `resetOnEpisodeEnd`, after the rewards are scaled.
   * @param out destination `[numEnvs]` (may be `rewards`); a new `Float64Array` by default.
   * @throws ShapeError when a length is not `numEnvs`.
   */
  normalize<T extends Float32Array | Float64Array = Float64Array>(
    rewards: ArrayLike<number>,
    dones?: ArrayLike<number | boolean> | null,
    out?: T,
  ): T {
    const n = this.numEnvs;
    if (rewards.length !== n) throw new ShapeError(`RewardNormalizer: ${rewards.length} rewards, expected numEnvs = ${n}`);
    if (dones != null && dones.length !== n) throw new ShapeError(`RewardNormalizer: ${dones.length} done flags, expected numEnvs = ${n}`);
    const result = (out ?? new Float64Array(n)) as T;
    if (!this.frozen) {
      for (let i = 0; i < n; i++) this.returns[i] = this.gamma * this.returns[i]! + rewards[i]!;
      this.rms.update(this.returns);
    }
    this.scale(rewards, result);
    if (!this.frozen && this.resetOnEpisodeEnd && dones != null) {
      for (let i = 0; i < n; i++) if (dones[i]) this.returns[i] = 0;
    }
    return result;
  }

  /**
   * The factor {@link scale} multiplies rewards by before clipping: 1/√(Var[R] + ε) with the
   * current statistics (methods use it to put their own reward terms on the same scale).
   */
  get scaleFactor(): number {
    return 1 / Math.sqrt(this.rms.var[0]! + this.epsilon);
  }

  /** Scale rewards with the current statistics only (no update); any length. */
  scale<T extends Float32Array | Float64Array = Float64Array>(rewards: ArrayLike<number>, out?: T): T {
    const result = (out ?? new Float64Array(rewards.length)) as T;
    const inv = 1 / Math.sqrt(this.rms.var[0]! + this.epsilon);
    const clip = this.clip;
    for (let i = 0; i < rewards.length; i++) {
      const z = rewards[i]! * inv;
      result[i] = z < -clip ? -clip : z > clip ? clip : z;
    }
    return result;
  }

  getState(): RewardNormalizerState {
    return {
      rms: this.rms.getState(),
      returns: Array.from(this.returns),
      gamma: this.gamma,
      clip: this.clip,
      epsilon: this.epsilon,
      resetOnEpisodeEnd: this.resetOnEpisodeEnd,
      frozen: this.frozen,
    };
  }

  /** Restore statistics, returns and the frozen flag (settings must match this instance's). */
  setState(state: RewardNormalizerState): void {
    if (
      state.gamma !== this.gamma ||
      state.clip !== this.clip ||
      state.epsilon !== this.epsilon ||
      state.resetOnEpisodeEnd !== this.resetOnEpisodeEnd
    ) {
      throw new ConfigError("state", "saved gamma/clip/epsilon/resetOnEpisodeEnd differ from this normaliser's settings");
    }
    if (state.returns.length !== this.numEnvs)
      throw new ShapeError(`RewardNormalizer.setState: saved ${state.returns.length} returns, numEnvs = ${this.numEnvs}`);
    this.rms.setState(state.rms);
    this.returns.set(state.returns);
    this.frozen = state.frozen;
  }

  /** A new normaliser with the given state. */
  static fromState(state: RewardNormalizerState): RewardNormalizer {
    const n = new RewardNormalizer(state.returns.length, {
      gamma: state.gamma,
      clip: state.clip,
      epsilon: state.epsilon,
      resetOnEpisodeEnd: state.resetOnEpisodeEnd,
    });
    n.setState(state);
    return n;
  }
}
