/**
 * EpisodeStatistics (Gymnasium's `RecordEpisodeStatistics`): sums the undelayed reward and counts
 * the steps of each episode; on the step that ends it (terminated or truncated) it writes
 * `info.episode = { return, length }` — the paper's metric. Every step gets `info.rawReward`.
 *
 * Place it *inside* DelayedReward (as `makeEnv` does) so that it sees undelayed rewards. Placed
 * outside, it still sums undelayed rewards when the inner chain provides `info.rawReward`.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from "../env";
import { Wrapper } from "./wrapper";

export class EpisodeStatistics extends Wrapper {
  private episodeReturn = 0;
  private episodeLength = 0;

  constructor(env: Env) {
    super(env);
  }

  override reset(options?: ResetOptions): ResetResult {
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return this.env.reset(options);
  }

  override step(action: ArrayLike<number>): StepResult {
    const result = this.env.step(action);
    const info = result.info;
    const raw = typeof info.rawReward === "number" ? info.rawReward : result.reward;
    info.rawReward = raw;
    this.episodeReturn += raw;
    this.episodeLength += 1;
    if (result.terminated || result.truncated) {
      info.episode = { return: this.episodeReturn, length: this.episodeLength };
      this.episodeReturn = 0;
      this.episodeLength = 0;
    }
    return result;
  }

  protected label(): string {
    return "EpisodeStatistics";
  }
}
