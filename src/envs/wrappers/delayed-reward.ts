/**
 * DelayedReward: the paper's delayed-reward protocol (docs/paper-protocol.md#delayed-reward, LIRPG's rule).
 *
 * Per episode keep an accumulator A and a counter c, both 0 at episode start. After each step
 * with true reward r: A ← A + r, c ← c + 1; if the episode ended on this step (termination **or**
 * truncation) or c = delay, the agent receives A and both reset to 0; otherwise it receives 0.
 * Hence Σ delayed = Σ undelayed over every episode, and the windows restart at every reset.
 * `info.rawReward` keeps the undelayed reward. `delay` 0 (and 1) is the identity on rewards.
 * The rule itself lives in {@link RewardDelayer} (batched, for learners that delay on their own).
 */
import type { Env, ResetOptions, ResetResult, StepResult } from "../env";
import { RewardDelayer } from "../reward-delayer";
import { Wrapper } from "./wrapper";

export class DelayedReward extends Wrapper {
  /** Release period in steps (0 = no delay). */
  readonly delay: number;
  private readonly delayer: RewardDelayer;
  private readonly rewardIn = new Float64Array(1);
  private readonly doneIn = new Uint8Array(1);

  /**
   * @param delay a non-negative integer.
   * @throws ConfigError when `delay` is not a non-negative integer.
   */
  constructor(env: Env, delay: number) {
    super(env);
    this.delayer = new RewardDelayer(1, delay);
    this.delay = delay;
  }

  /** Reward accumulated in the current window and not yet paid. */
  get pending(): number {
    return this.delayer.accumulated[0]!;
  }

  override reset(options?: ResetOptions): ResetResult {
    this.delayer.reset();
    return this.env.reset(options);
  }

  override step(action: ArrayLike<number>): StepResult {
    const result = this.env.step(action);
    const info = result.info;
    if (typeof info.rawReward !== "number") info.rawReward = result.reward;
    if (this.delay === 0) return result;
    this.rewardIn[0] = result.reward;
    this.doneIn[0] = result.terminated || result.truncated ? 1 : 0;
    const reward = this.delayer.apply(this.rewardIn, this.doneIn, this.rewardIn)[0]!;
    return { obs: result.obs, reward, terminated: result.terminated, truncated: result.truncated, info };
  }

  protected label(): string {
    return `DelayedReward(delay=${this.delay})`;
  }
}
