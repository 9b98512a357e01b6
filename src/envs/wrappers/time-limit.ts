/**
 * TimeLimit (Gymnasium's): truncates an episode after `maxEpisodeSteps` steps.
 *
 * `truncated` becomes true on the step that reaches the limit (together with `terminated` if the
 * task also terminates on that step, as in Gymnasium). The counter restarts at every `reset`.
 */
import { ConfigError, describeValue } from "../../core/errors";
import type { Env, ResetOptions, ResetResult, StepResult } from "../env";
import { Wrapper } from "./wrapper";

export class TimeLimit extends Wrapper {
  /** Steps per episode at most. */
  readonly maxEpisodeSteps: number;
  private elapsed = 0;

  /**
   * @param maxEpisodeSteps a positive integer.
   * @throws ConfigError when `maxEpisodeSteps` is not a positive integer.
   */
  constructor(env: Env, maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new ConfigError("maxEpisodeSteps", `got ${describeValue(maxEpisodeSteps)}; allowed: an integer ≥ 1`);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  override reset(options?: ResetOptions): ResetResult {
    this.elapsed = 0;
    return this.env.reset(options);
  }

  override step(action: ArrayLike<number>): StepResult {
    const result = this.env.step(action);
    this.elapsed += 1;
    if (this.elapsed >= this.maxEpisodeSteps && !result.truncated) {
      return { obs: result.obs, reward: result.reward, terminated: result.terminated, truncated: true, info: result.info };
    }
    return result;
  }

  protected label(): string {
    return `TimeLimit(${this.maxEpisodeSteps})`;
  }
}
