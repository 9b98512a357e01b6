/**
 * The environment contract (Gymnasium's conventions, with named fields instead of tuples).
 *
 * - `reset({ seed })` → `{ obs, info }`. The seed goes to the first reset after construction; later
 *   resets without a seed continue the env's own random stream.
 * - `step(action)` → `{ obs, reward, terminated, truncated, info }`. `terminated` is a true MDP
 *   terminal (no bootstrapping); `truncated` is a cut from outside the MDP (a time limit).
 * - `close()` frees native (WebAssembly) resources; an env must not be used after it.
 *
 * Observations and actions are `Float64Array`s owned by the caller after return (an env never
 * mutates an array it has returned). Every env's `info` carries `rawReward` (the undelayed step
 * reward) and, on the step that ends an episode, `episode` (the undelayed return and length —
 * the paper's metric), once the episode-statistics wrapper is in the chain (`makeEnv` adds it).
 *
 * Ownership rules every env (raw or wrapper) follows:
 * - each `reset`/`step` returns a **fresh** `info` object; wrappers add fields to it
 *   (`rawReward`, `episode`), so an env must never reuse one across calls;
 * - an env must not keep a reference to the `action` array after `step` returns (callers such
 *   as `VectorEnv` reuse their action buffers).
 */

/** A box space: shape and per-element bounds (±Infinity where unbounded). */
export interface BoxSpace {
  readonly shape: readonly number[];
  readonly low: Float64Array;
  readonly high: Float64Array;
}

/** Undelayed return and length of a finished episode (Gymnasium's `RecordEpisodeStatistics`). */
export interface EpisodeStats {
  /** Sum of the undelayed, unnormalised rewards of the episode. */
  readonly return: number;
  /** Number of steps of the episode. */
  readonly length: number;
}

/** Per-step information. Tasks add their own named terms (e.g. `rewardForward`, `xPosition`). */
export interface StepInfo {
  /** Undelayed, unnormalised reward of this step. */
  rawReward?: number;
  /** Present on the last step of an episode (terminated or truncated). */
  episode?: EpisodeStats;
  /** Task-specific terms. */
  [key: string]: unknown;
}

export interface ResetOptions {
  /** Seeds the env's random stream (reset noise, stochastic dynamics). */
  readonly seed?: number;
}

export interface ResetResult {
  readonly obs: Float64Array;
  readonly info: StepInfo;
}

export interface StepResult {
  readonly obs: Float64Array;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: StepInfo;
}

/** A single environment. */
export interface Env {
  /** Registered id, e.g. `Hopper-v4`. */
  readonly id: string;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: BoxSpace;
  reset(options?: ResetOptions): ResetResult;
  step(action: ArrayLike<number>): StepResult;
  close(): void;
  /** Human-readable chain, e.g. `EpisodeStatistics<DelayedReward<TimeLimit<Hopper-v4>>>`. */
  toString(): string;
}
