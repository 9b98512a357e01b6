/**
 * Score-function (likelihood-ratio) gradient estimators on the tabular MDP of notebook 01.
 *
 * Every estimator here has the form g(τ) = Σ_t w_t ∇_θ log π(a_t|s_t) and differs only in the
 * weights w_t: the whole return (PG.2), the reward-to-go (PG.3), the reward-to-go minus a state
 * baseline (PG.4), or a GAE advantage built from TD residuals (PG.5, PG.6). Each factory returns a
 * function of one trajectory, so the same estimator can be averaged over sampled trajectories
 * (Monte Carlo) or over enumerated ones with their probabilities (exact mean and variance).
 */
import { ConfigError, describeValue } from "../core/errors";
import type { Rng } from "../core/rng";
import { norm2 } from "./checks";
import { generalizedAdvantages } from "./gae-bridge";
import {
  type ExactValues,
  enumerateTrajectories,
  exactGradient,
  exactMoments,
  exactValues,
  sampleTrajectories,
  softmaxPolicy,
  type TabularMdp,
  type Trajectory,
  trajectoryReturn,
  weightedScore,
} from "./tabular-mdp";

/** A per-trajectory gradient estimator, `[S·A]` per trajectory. */
export type GradientEstimator = (traj: Trajectory) => Float64Array;

/** A state-value function of a finite-horizon problem: V(t, s). */
export type ValueTable = (t: number, s: number) => number;

/** The time-dependent values of {@link exactValues} as a {@link ValueTable}. */
export function valueTable(values: ExactValues): ValueTable {
  return (t, s) => values.V[t]![s]!;
}

/** (PG.2) g(τ) = R(τ) Σ_t ∇log π(a_t|s_t) — every action weighted by the whole return. */
export function totalReturnEstimator(mdp: TabularMdp, logits: ArrayLike<number>, gamma = 1): GradientEstimator {
  const probs = softmaxPolicy(logits, mdp.numActions);
  return (traj) => {
    const R = trajectoryReturn(traj, gamma);
    return weightedScore(probs, mdp.numActions, traj, new Float64Array(traj.states.length).fill(R));
  };
}

/** Σ_{t' ≥ t} γ^{t'} r_{t'} for each t (reward-to-go, discounted from the episode start). */
function rewardsToGoFromStart(traj: Trajectory, gamma: number): Float64Array {
  const T = traj.rewards.length;
  const out = new Float64Array(T);
  let acc = 0;
  for (let t = T - 1; t >= 0; t--) {
    acc += gamma ** t * traj.rewards[t]!;
    out[t] = acc;
  }
  return out;
}

/** (PG.3) g(τ) = Σ_t ∇log π(a_t|s_t) Σ_{t'≥t} γ^{t'} r_{t'} — an action is credited only with later rewards. */
export function rewardToGoEstimator(mdp: TabularMdp, logits: ArrayLike<number>, gamma = 1): GradientEstimator {
  const probs = softmaxPolicy(logits, mdp.numActions);
  return (traj) => weightedScore(probs, mdp.numActions, traj, rewardsToGoFromStart(traj, gamma));
}

/**
 * (PG.3)+(PG.4) g(τ) = Σ_t ∇log π(a_t|s_t) (Σ_{t'≥t} γ^{t'} r_{t'} − γ^t b(t, s_t)).
 * Unbiased for any baseline that does not depend on a_t, since E_a[∇log π(a|s)] = 0 (PG.4).
 */
export function baselineEstimator(mdp: TabularMdp, logits: ArrayLike<number>, baseline: ValueTable, gamma = 1): GradientEstimator {
  const probs = softmaxPolicy(logits, mdp.numActions);
  return (traj) => {
    const w = rewardsToGoFromStart(traj, gamma);
    for (let t = 0; t < w.length; t++) w[t]! -= gamma ** t * baseline(t, traj.states[t]!);
    return weightedScore(probs, mdp.numActions, traj, w);
  };
}

/**
 * (PG.5)+(PG.6) g(τ) = Σ_t ∇log π(a_t|s_t) Â_t with Â_t = GAE(γ, λ) of the trajectory's rewards
 * under the critic V̂, computed by the library's own GAE (`algos/shared/returns`). As in practice,
 * Â_t is discounted from step t (no γ^t factor), so γ < 1 estimates the gradient of a *different*
 * objective than the undiscounted J — the "discount bias". The episode ends after T steps
 * (terminated), so V̂(s_T) is not used.
 */
export function gaeEstimator(
  mdp: TabularMdp,
  logits: ArrayLike<number>,
  critic: ValueTable,
  gamma: number,
  lambda: number,
): GradientEstimator {
  const probs = softmaxPolicy(logits, mdp.numActions);
  return (traj) => {
    const T = traj.rewards.length;
    const values = new Float64Array(T);
    for (let t = 0; t < T; t++) values[t] = critic(t, traj.states[t]!);
    const adv = generalizedAdvantages(traj.rewards, values, gamma, lambda);
    return weightedScore(probs, mdp.numActions, traj, adv);
  };
}

/** Root-mean-square error of the N-sample mean estimate, for each N. */
export interface ErrorCurve {
  readonly sampleCounts: number[];
  /** sqrt(E‖ĝ_N − ∇J‖²) estimated over `repeats` independent batches. */
  readonly rmse: number[];
}

/**
 * Monte-Carlo error of the N-trajectory average of `estimator` against `target`, for each N in
 * `sampleCounts`, over `repeats` independent batches (each batch from its own split stream).
 * @throws ConfigError when a count or `repeats` is not a positive integer.
 */
export function monteCarloErrorCurve(
  mdp: TabularMdp,
  logits: ArrayLike<number>,
  estimator: GradientEstimator,
  target: ArrayLike<number>,
  sampleCounts: readonly number[],
  repeats: number,
  rng: Rng,
): ErrorCurve {
  if (!Number.isInteger(repeats) || repeats < 1) throw new ConfigError("repeats", `must be an integer ≥ 1, got ${describeValue(repeats)}`);
  const rmse: number[] = [];
  for (const n of sampleCounts) {
    if (!Number.isInteger(n) || n < 1) throw new ConfigError("sampleCounts", `each must be an integer ≥ 1, got ${describeValue(n)}`);
    let sq = 0;
    for (let r = 0; r < repeats; r++) {
      const trajs = sampleTrajectories(mdp, logits, n, rng.split(`n${n}-r${r}`));
      const mean = new Float64Array(target.length);
      for (const tr of trajs) {
        const g = estimator(tr);
        for (let k = 0; k < mean.length; k++) mean[k]! += g[k]! / n;
      }
      let e = 0;
      for (let k = 0; k < mean.length; k++) e += (mean[k]! - target[k]!) ** 2;
      sq += e;
    }
    rmse.push(Math.sqrt(sq / repeats));
  }
  return { sampleCounts: [...sampleCounts], rmse };
}

/** One row of an advantage sweep: exact bias and variance of a per-trajectory gradient estimator. */
export interface SweepRow {
  readonly gamma: number;
  readonly lambda: number;
  /** ‖E[g] − ∇J‖ against the exact gradient of the *undiscounted* return. */
  readonly bias: number;
  /** E‖g − E g‖² (one trajectory). */
  readonly variance: number;
}

/**
 * Exact bias and variance (by enumeration) of the GAE estimator for every (γ, λ) pair, against the
 * exact gradient of the undiscounted return. `critic(γ)` gives the critic used with that γ.
 */
export function advantageSweep(
  mdp: TabularMdp,
  logits: ArrayLike<number>,
  gammas: readonly number[],
  lambdas: readonly number[],
  critic: (gamma: number) => ValueTable,
): SweepRow[] {
  const trajs = enumerateTrajectories(mdp, logits);
  const target = exactGradient(mdp, logits, 1);
  const rows: SweepRow[] = [];
  for (const gamma of gammas) {
    const v = critic(gamma);
    for (const lambda of lambdas) {
      const m = exactMoments(trajs, gaeEstimator(mdp, logits, v, gamma, lambda));
      const diff = m.mean.map((x, k) => x - target[k]!);
      rows.push({ gamma, lambda, bias: norm2(diff), variance: m.variance });
    }
  }
  return rows;
}

/** The exact critic of the policy itself, for discount γ (a perfect critic). */
export function exactCritic(mdp: TabularMdp, logits: ArrayLike<number>): (gamma: number) => ValueTable {
  return (gamma) => valueTable(exactValues(mdp, logits, gamma));
}

/** Result of {@link batchBaselineExperiment}: the average gradient estimate and its standard error per coordinate. */
export interface BatchBaselineResult {
  readonly mean: Float64Array;
  readonly stderr: Float64Array;
}

/**
 * The batch-mean baseline b = (1/N) Σ_n R(τ^n) (the one notebook 01 discusses), used inside the same batch: averages, over
 * `batches` independent batches of N trajectories, the estimate (1/N) Σ_n (R(τ^n) − b_n) ∇log p(τ^n)
 * with b_n = the batch mean (`leaveOneOut` false; expectation (1 − 1/N)∇J, since the sample's own
 * return is in b) or the mean of the OTHER N − 1 returns (`leaveOneOut` true; unbiased, (PG.4)).
 * @throws ConfigError when N < 2 or batches < 2.
 */
export function batchBaselineExperiment(
  mdp: TabularMdp,
  logits: ArrayLike<number>,
  N: number,
  batches: number,
  leaveOneOut: boolean,
  rng: Rng,
): BatchBaselineResult {
  if (!Number.isInteger(N) || N < 2) throw new ConfigError("N", `must be an integer ≥ 2, got ${describeValue(N)}`);
  if (!Number.isInteger(batches) || batches < 2) throw new ConfigError("batches", `must be an integer ≥ 2, got ${describeValue(batches)}`);
  const probs = softmaxPolicy(logits, mdp.numActions);
  const dim = probs.length;
  const sum = new Float64Array(dim);
  const sumSq = new Float64Array(dim);
  for (let b = 0; b < batches; b++) {
    const trajs = sampleTrajectories(mdp, logits, N, rng.split(b));
    const R = trajs.map((t) => trajectoryReturn(t));
    const total = R.reduce((s, x) => s + x, 0);
    const est = new Float64Array(dim);
    trajs.forEach((t, n) => {
      const base = leaveOneOut ? (total - R[n]!) / (N - 1) : total / N;
      const g = weightedScore(probs, mdp.numActions, t, new Float64Array(t.states.length).fill(R[n]! - base));
      for (let k = 0; k < dim; k++) est[k]! += g[k]! / N;
    });
    for (let k = 0; k < dim; k++) {
      sum[k]! += est[k]!;
      sumSq[k]! += est[k]! * est[k]!;
    }
  }
  const mean = sum.map((s) => s / batches);
  const stderr = sumSq.map((s, k) => Math.sqrt(Math.max(0, s / batches - mean[k]! ** 2) / (batches - 1)));
  return { mean, stderr };
}
