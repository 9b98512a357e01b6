/**
 * NormalizeObservation: observations normalised with running statistics (baselines'
 * VecNormalize for one env): o ↦ clip((o − μ)/√(σ² + ε), ±clip), statistics updated with every
 * observation returned by `reset` and `step` (before normalising it) unless frozen.
 *
 * For a vector env use {@link ObservationNormalizer} directly on the flat `obs` batch.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from "../env";
import { ObservationNormalizer, type ObservationNormalizerOptions, type ObservationNormalizerState } from "../running-mean-std";
import { boxSize } from "../spaces";
import { Wrapper } from "./wrapper";

export class NormalizeObservation extends Wrapper {
  /** The statistics (shared with the caller: save them with `getState()`). */
  readonly normalizer: ObservationNormalizer;

  /** @param options `clip` (default 10) and `epsilon` (default 1e-8). */
  constructor(env: Env, options: ObservationNormalizerOptions = {}) {
    super(env);
    this.normalizer = new ObservationNormalizer(boxSize(env.observationSpace), options);
  }

  /** When true the statistics stay fixed (evaluation). */
  get frozen(): boolean {
    return this.normalizer.frozen;
  }

  set frozen(value: boolean) {
    this.normalizer.frozen = value;
  }

  override reset(options?: ResetOptions): ResetResult {
    const result = this.env.reset(options);
    return { obs: this.normalizer.updateAndNormalize(result.obs), info: result.info };
  }

  override step(action: ArrayLike<number>): StepResult {
    const r = this.env.step(action);
    return {
      obs: this.normalizer.updateAndNormalize(r.obs),
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
      info: r.info,
    };
  }

  getState(): ObservationNormalizerState {
    return this.normalizer.getState();
  }

  setState(state: ObservationNormalizerState): void {
    this.normalizer.setState(state);
  }

  protected label(): string {
    return `NormalizeObservation(clip=${this.normalizer.clip}${this.normalizer.frozen ? ", frozen" : ""})`;
  }
}
