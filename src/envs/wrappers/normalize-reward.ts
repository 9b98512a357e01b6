/**
 * NormalizeReward: rewards divided by the running standard deviation of the discounted return
 * (baselines' VecNormalize for one env): R ← γR + r, r ↦ clip(r/√(Var[R] + ε), ±clip), no mean
 * subtraction. By default R is never reset (the 2018 code of the paper); `resetOnEpisodeEnd:
 * true` resets it when an episode ends (later baselines). `info.rawReward` keeps the unscaled
 * reward (set here when the inner chain has not set it).
 *
 * For a vector env use {@link RewardNormalizer} directly on the `rewards` batch.
 */
import type { Env, StepResult } from "../env";
import { RewardNormalizer, type RewardNormalizerOptions, type RewardNormalizerState } from "../running-mean-std";
import { Wrapper } from "./wrapper";

export class NormalizeReward extends Wrapper {
  /** The statistics (save them with `getState()`). */
  readonly normalizer: RewardNormalizer;
  private readonly one = new Float64Array(1);
  private readonly done = new Uint8Array(1);

  /** @param options `gamma` (0.99), `clip` (10), `epsilon` (1e-8), `resetOnEpisodeEnd` (false). */
  constructor(env: Env, options: RewardNormalizerOptions = {}) {
    super(env);
    this.normalizer = new RewardNormalizer(1, options);
  }

  get frozen(): boolean {
    return this.normalizer.frozen;
  }

  set frozen(value: boolean) {
    this.normalizer.frozen = value;
  }

  override step(action: ArrayLike<number>): StepResult {
    const r = this.env.step(action);
    if (typeof r.info.rawReward !== "number") r.info.rawReward = r.reward;
    this.one[0] = r.reward;
    this.done[0] = r.terminated || r.truncated ? 1 : 0;
    const scaled = this.normalizer.normalize(this.one, this.done, this.one)[0]!;
    return { obs: r.obs, reward: scaled, terminated: r.terminated, truncated: r.truncated, info: r.info };
  }

  getState(): RewardNormalizerState {
    return this.normalizer.getState();
  }

  setState(state: RewardNormalizerState): void {
    this.normalizer.setState(state);
  }

  protected label(): string {
    const n = this.normalizer;
    return `NormalizeReward(gamma=${n.gamma}, clip=${n.clip}${n.resetOnEpisodeEnd ? ", resetOnEpisodeEnd" : ""}${n.frozen ? ", frozen" : ""})`;
  }
}
