/**
 * GAE for one finished episode (terminated after its last step), delegating to the library's
 * `computeGae` (algos/shared/returns) so that notebook 01 checks the very function PPO trains with.
 *
 * (PG.5) δ_t = r_t + γ V(s_{t+1})(1 − d_{t+1}) − V(s_t)
 * (PG.6) Â_t = δ_t + γλ(1 − d_{t+1}) Â_{t+1}
 */
import { computeGae } from "../algos/shared/returns";

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
