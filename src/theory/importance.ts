/**
 * Off-policy estimation by importance sampling (PG.7), on the tabular MDP of notebook 01 and on a
 * 1-D Gaussian with a closed form.
 *
 * E_{τ∼p}[f(τ)] = E_{τ∼q}[(p(τ)/q(τ)) f(τ)]: unbiased for any behaviour q that covers p, but the
 * variance E_q[(p/q)² f²] − (E_p f)² grows quickly as p and q separate.
 */
import { ConfigError, describeValue } from "../core/errors";
import type { Rng } from "../core/rng";
import {
  enumerateTrajectories,
  exactReturn,
  softmaxPolicy,
  type TabularMdp,
  type Trajectory,
  trajectoryLogProb,
  trajectoryReturn,
} from "./tabular-mdp";

/**
 * (PG.7) Per-trajectory ratio ρ(τ) = p_new(τ)/p_old(τ) = Π_t π_new(a_t|s_t)/π_old(a_t|s_t)
 * (the dynamics cancel).
 */
export function trajectoryRatio(mdp: TabularMdp, logitsNew: ArrayLike<number>, logitsOld: ArrayLike<number>): (traj: Trajectory) => number {
  const pNew = softmaxPolicy(logitsNew, mdp.numActions);
  const pOld = softmaxPolicy(logitsOld, mdp.numActions);
  return (traj) => Math.exp(trajectoryLogProb(pNew, mdp.numActions, traj) - trajectoryLogProb(pOld, mdp.numActions, traj));
}

/** Exact moments of a scalar estimator over trajectories enumerated under the behaviour policy. */
export interface ScalarMoments {
  readonly mean: number;
  readonly variance: number;
}

/** Exact mean and variance of f(τ) over enumerated trajectories (weighted by their `prob`). */
export function exactScalarMoments(trajs: readonly Trajectory[], f: (traj: Trajectory) => number): ScalarMoments {
  const xs = trajs.map(f);
  let mean = 0;
  for (let i = 0; i < trajs.length; i++) mean += trajs[i]!.prob * xs[i]!;
  let variance = 0;
  for (let i = 0; i < trajs.length; i++) variance += trajs[i]!.prob * (xs[i]! - mean) ** 2;
  return { mean, variance };
}

/** One row of {@link importanceSamplingSweep}. */
export interface ImportanceRow {
  /** Step size along the logit direction: θ_new = θ_old + shift·direction. */
  readonly shift: number;
  /** KL(π_new ‖ π_old) over trajectories, in nats. */
  readonly klTrajectories: number;
  /** J(θ_new) from the dynamic program. */
  readonly targetReturn: number;
  /** Exact E_old[ρ R] (equals targetReturn: unbiased). */
  readonly isMean: number;
  /** Exact Var_old[ρ R] for one trajectory. */
  readonly isVariance: number;
  /** Var_new[R] for one on-policy trajectory, for comparison. */
  readonly onPolicyVariance: number;
}

/**
 * Exact importance-sampling mean and variance of J(θ_new) estimated from trajectories of θ_old, as
 * θ_new moves away from θ_old along `direction` (PG.7).
 */
export function importanceSamplingSweep(
  mdp: TabularMdp,
  logitsOld: ArrayLike<number>,
  direction: ArrayLike<number>,
  shifts: readonly number[],
): ImportanceRow[] {
  if (direction.length !== logitsOld.length) {
    throw new ConfigError("direction", `length must equal the logits' length ${logitsOld.length}, got ${direction.length}`);
  }
  const trajsOld = enumerateTrajectories(mdp, logitsOld);
  return shifts.map((shift) => {
    const logitsNew = Float64Array.from(logitsOld, (x, i) => x + shift * direction[i]!);
    const ratio = trajectoryRatio(mdp, logitsNew, logitsOld);
    const is = exactScalarMoments(trajsOld, (t) => ratio(t) * trajectoryReturn(t));
    const kl = exactScalarMoments(trajsOld, (t) => {
      const r = ratio(t);
      return r * Math.log(r);
    }).mean;
    const onPolicy = exactScalarMoments(enumerateTrajectories(mdp, logitsNew), (t) => trajectoryReturn(t));
    return {
      shift,
      klTrajectories: kl,
      targetReturn: exactReturn(mdp, logitsNew),
      isMean: is.mean,
      isVariance: is.variance,
      onPolicyVariance: onPolicy.variance,
    };
  });
}

/**
 * Closed form for Gaussians: with p = N(Δ, σ²) and q = N(0, σ²), the weight w = p/q has
 * E_q[w] = 1 and E_q[w²] = exp(Δ²/σ²), so Var_q[w] = exp(Δ²/σ²) − 1 (PG.7).
 * @throws ConfigError when sigma ≤ 0.
 */
export function gaussianWeightVariance(delta: number, sigma: number): number {
  if (!(sigma > 0)) throw new ConfigError("sigma", `must be > 0, got ${describeValue(sigma)}`);
  return Math.expm1((delta * delta) / (sigma * sigma));
}

/**
 * Monte-Carlo estimate of the importance weights' mean and variance for the Gaussian case of
 * {@link gaussianWeightVariance}, from `n` samples of q = N(0, σ²).
 */
export function sampleGaussianWeights(delta: number, sigma: number, n: number, rng: Rng): { mean: number; variance: number } {
  if (!Number.isInteger(n) || n < 2) throw new ConfigError("n", `must be an integer ≥ 2, got ${describeValue(n)}`);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = sigma * rng.normal();
    // log p(x) − log q(x) = (x² − (x − Δ)²) / (2σ²)
    const w = Math.exp((x * x - (x - delta) * (x - delta)) / (2 * sigma * sigma));
    s += w;
    s2 += w * w;
  }
  const mean = s / n;
  return { mean, variance: (s2 - n * mean * mean) / (n - 1) };
}
