/**
 * Discounted returns and generalised advantage estimation (GAE) over one seed's rollout.
 *
 * Conventions (rollouts are `[T]` per seed): step t takes action a_t in s_t, receives r_t, and
 * `dones[t] = 1` when the episode ENDED at step t (terminated or truncated), so s_{t+1} belongs to
 * a new episode. This is baselines' `dones[t+1]` ("s_{t+1} is a first state") shifted by one.
 *
 * - (PG.5) δ_t = r_t + γ V(s_{t+1})(1 − d_{t+1}) − V(s_t)
 * - (PG.6) Â_t = δ_t + γλ(1 − d_{t+1}) Â_{t+1};  λ-return target R_t = Â_t + V(s_t)
 *
 * Time-limit truncation: the paper preset treats it exactly like termination (no bootstrap;
 * docs/paper-protocol.md#ppo-details). With `bootstrapValues`, a step that ended by truncation uses
 * δ_t = r_t + γ V(s_final) − V(s_t) (the value of the dropped final observation) and the recursion
 * still stops there. The bootstrap is its own term; rewards are never modified.
 */
import { ShapeError } from "../../core/errors";

/** Inputs of {@link computeGae} for one seed. */
export interface GaeInput {
  /** r_t, length T. */
  readonly rewards: ArrayLike<number>;
  /** V(s_t), length T. */
  readonly values: ArrayLike<number>;
  /** 1 when the episode ended at step t (terminated or truncated), else 0; length T. */
  readonly dones: ArrayLike<number>;
  /**
   * Optional, length T: the value used at a step that ended by TRUNCATION when bootstrapping
   * (V of the final observation); must be 0 at terminations and ignored where `dones[t] = 0`.
   */
  readonly bootstrapValues?: ArrayLike<number> | null;
  /** V(s_T): value of the observation after the last step (used when `dones[T−1] = 0`). */
  readonly lastValue: number;
  /** Discount γ (paper 0.99). */
  readonly gamma: number;
  /** GAE λ (paper 0.95). */
  readonly gaeLambda: number;
}

/** Advantages Â_t and λ-return targets Â_t + V(s_t) (Float64, length T). */
export interface GaeOutput {
  readonly advantages: Float64Array;
  readonly returnTargets: Float64Array;
}

/**
 * Generalised advantage estimation (PG.5, PG.6), backwards over the rollout.
 * @throws ShapeError when the arrays differ in length.
 */
export function computeGae(input: GaeInput, out?: { advantages: Float64Array; returnTargets: Float64Array }): GaeOutput {
  const { rewards, values, dones, bootstrapValues, lastValue, gamma, gaeLambda } = input;
  const T = rewards.length;
  if (values.length !== T || dones.length !== T || (bootstrapValues != null && bootstrapValues.length !== T)) {
    throw new ShapeError(
      `computeGae: rewards, values, dones (and bootstrapValues) must have one length; got ${T}, ${values.length}, ${dones.length}` +
        (bootstrapValues != null ? `, ${bootstrapValues.length}` : ""),
    );
  }
  const advantages = out?.advantages ?? new Float64Array(T);
  const returnTargets = out?.returnTargets ?? new Float64Array(T);
  let nextAdvantage = 0;
  for (let t = T - 1; t >= 0; t--) {
    const ended = dones[t] !== 0;
    let nextValue: number;
    if (ended) nextValue = bootstrapValues != null ? bootstrapValues[t] : 0;
    else nextValue = t === T - 1 ? lastValue : values[t + 1];
    const delta = rewards[t] + gamma * nextValue - values[t]; // (PG.5)
    const advantage = delta + (ended ? 0 : gamma * gaeLambda * nextAdvantage); // (PG.6)
    advantages[t] = advantage;
    returnTargets[t] = advantage + values[t]; // (PG.6) λ-return target
    nextAdvantage = advantage;
  }
  return { advantages, returnTargets };
}

/**
 * Discounted reward-to-go within episodes: G_t = r_t + γ G_{t+1}(1 − d_t) (PG.3), with `dones[t]`
 * marking the last step of an episode; the last step of the array bootstraps from `lastValue`
 * (0 for a finished trajectory).
 */
export function discountedReturns(rewards: ArrayLike<number>, dones: ArrayLike<number>, gamma: number, lastValue = 0): Float64Array {
  const T = rewards.length;
  if (dones.length !== T) throw new ShapeError(`discountedReturns: rewards (${T}) and dones (${dones.length}) differ in length`);
  const out = new Float64Array(T);
  let next = lastValue;
  for (let t = T - 1; t >= 0; t--) {
    next = rewards[t] + (dones[t] !== 0 ? 0 : gamma * next);
    out[t] = next;
  }
  return out;
}
