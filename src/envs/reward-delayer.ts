/**
 * The delayed-reward rule as a batched, env-free class (docs/paper-protocol.md#delayed-reward), used
 * by the {@link DelayedReward} wrapper (one env) and available to learners that apply the delay
 * themselves on a vector env's reward batch — e.g. LIRPG's order (reward scaling on undelayed
 * rewards, then the delay; docs/paper-protocol.md#q7-delay-and-scaling-order): make the env with `delay: 0`, scale with
 * `RewardNormalizer`, then `RewardDelayer.apply`.
 *
 * Per env i: A_i ← A_i + r_i, c_i ← c_i + 1; if the episode ended on this step or c_i = delay,
 * emit A_i and reset A_i, c_i to 0; otherwise emit 0. `delay` 0 emits r unchanged.
 */
import { ConfigError, describeValue, ShapeError } from "../core/errors";

/** Serialisable state of a {@link RewardDelayer}. */
export interface RewardDelayerState {
  readonly delay: number;
  readonly accumulated: number[];
  readonly counters: number[];
}

export class RewardDelayer {
  readonly numEnvs: number;
  /** Release period in steps (0 = no delay). */
  readonly delay: number;
  /** Pending (accumulated, unpaid) reward per env. */
  readonly accumulated: Float64Array;
  /** Steps in the current window per env. */
  readonly counters: Int32Array;

  /** @throws ConfigError when `numEnvs` < 1 or `delay` is not a non-negative integer. */
  constructor(numEnvs: number, delay: number) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1)
      throw new ConfigError("numEnvs", `got ${describeValue(numEnvs)}; allowed: an integer ≥ 1`);
    if (!Number.isInteger(delay) || delay < 0)
      throw new ConfigError("delay", `got ${describeValue(delay)}; allowed: an integer ≥ 0 (0 = no delay)`);
    this.numEnvs = numEnvs;
    this.delay = delay;
    this.accumulated = new Float64Array(numEnvs);
    this.counters = new Int32Array(numEnvs);
  }

  /**
   * Apply the rule to one step's rewards.
   * @param rewards `[numEnvs]` undelayed rewards of this step.
   * @param dones `[numEnvs]` truthy where env i's episode ended on this step (terminated or truncated).
   * @param out destination `[numEnvs]` (may be `rewards`); a new `Float64Array` by default.
   * @throws ShapeError when a length is not `numEnvs`.
   */
  apply<T extends Float32Array | Float64Array = Float64Array>(rewards: ArrayLike<number>, dones: ArrayLike<number | boolean>, out?: T): T {
    const n = this.numEnvs;
    if (rewards.length !== n || dones.length !== n) {
      throw new ShapeError(`RewardDelayer: got ${rewards.length} rewards and ${dones.length} done flags, expected numEnvs = ${n}`);
    }
    const result = (out ?? new Float64Array(n)) as T;
    for (let i = 0; i < n; i++) {
      const r = rewards[i]!;
      if (this.delay === 0) {
        result[i] = r;
        continue;
      }
      const a = this.accumulated[i]! + r;
      const c = this.counters[i]! + 1;
      if (dones[i] || c >= this.delay) {
        result[i] = a;
        this.accumulated[i] = 0;
        this.counters[i] = 0;
      } else {
        result[i] = 0;
        this.accumulated[i] = a;
        this.counters[i] = c;
      }
    }
    return result;
  }

  /** Drop the pending window of env `index` (all envs when omitted): a new episode starts. */
  reset(index?: number): void {
    if (index === undefined) {
      this.accumulated.fill(0);
      this.counters.fill(0);
    } else {
      this.accumulated[index] = 0;
      this.counters[index] = 0;
    }
  }

  getState(): RewardDelayerState {
    return { delay: this.delay, accumulated: Array.from(this.accumulated), counters: Array.from(this.counters) };
  }

  /** @throws ConfigError / ShapeError when the delay or the number of envs differs. */
  setState(state: RewardDelayerState): void {
    if (state.delay !== this.delay) throw new ConfigError("delay", `saved delay ${state.delay} differs from this delayer's ${this.delay}`);
    if (state.accumulated.length !== this.numEnvs || state.counters.length !== this.numEnvs) {
      throw new ShapeError(`RewardDelayer.setState: saved ${state.accumulated.length} envs, numEnvs = ${this.numEnvs}`);
    }
    this.accumulated.set(state.accumulated);
    this.counters.set(state.counters);
  }
}
