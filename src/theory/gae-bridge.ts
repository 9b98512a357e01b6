/**
 * GAE for one finished episode (terminated after its last step), delegating to the library's
 * `computeGae` (algos/shared/returns) so that notebook 01 checks the very function PPO trains with.
 *
 * (PG.5) δ_t = r_t + γ V(s_{t+1})(1 − d_{t+1}) − V(s_t)
 * (PG.6) Â_t = δ_t + γλ(1 − d_{t+1}) Â_{t+1}
 */
import { computeGae, discountedReturns } from "../algos/shared/returns";

/**
 * Advantages Â_t (length T) of one episode that terminated after its last step.
 * @param values V̂(s_t), length T.
 */
export function generalizedAdvantages(rewards: ArrayLike<number>, values: ArrayLike<number>, gamma: number, lambda: number): Float64Array {
  const T = rewards.length;
  const dones = new Float64Array(T);
  if (T > 0) dones[T - 1] = 1;
  return computeGae({ rewards, values, dones, lastValue: 0, gamma, gaeLambda: lambda }).advantages;
}

/**
 * Reference form of (PG.6) for one terminated episode: Â_t = Σ_{l=0}^{T−1−t} (γλ)^l δ_{t+l}, with
 * δ_t from (PG.5) (V(s_T) = 0). Quadratic time; for checking the recursion only.
 */
export function advantagesBySum(rewards: ArrayLike<number>, values: ArrayLike<number>, gamma: number, lambda: number): Float64Array {
  const T = rewards.length;
  const delta = Float64Array.from({ length: T }, (_, t) => rewards[t]! + gamma * (t + 1 < T ? values[t + 1]! : 0) - values[t]!);
  return Float64Array.from({ length: T }, (_, t) => {
    let s = 0;
    for (let l = 0; t + l < T; l++) s += (gamma * lambda) ** l * delta[t + l]!;
    return s;
  });
}

/**
 * Discounted reward-to-go Ĝ_t = Σ_{t'≥t} γ^{t'−t} r_{t'} of one finished episode (PG.3), from the
 * library's `discountedReturns` (algos/shared/returns).
 */
export function rewardsToGo(rewards: ArrayLike<number>, gamma: number): Float64Array {
  const dones = new Float64Array(rewards.length);
  if (rewards.length > 0) dones[rewards.length - 1] = 1;
  return discountedReturns(rewards, dones, gamma, 0);
}

/** TD residuals δ_t = r_t + γ V(s_{t+1}) − V(s_t) of one terminated episode (V(s_T) = 0) (PG.5). */
export function tdResiduals(rewards: ArrayLike<number>, values: ArrayLike<number>, gamma: number): Float64Array {
  const T = rewards.length;
  return Float64Array.from({ length: T }, (_, t) => rewards[t]! + gamma * (t + 1 < T ? values[t + 1]! : 0) - values[t]!);
}
