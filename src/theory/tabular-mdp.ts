/**
 * A small finite-horizon tabular MDP with a softmax policy, small enough that every quantity of
 * notebook 01 has an exact answer: the expected return (PG.1) by dynamic programming or by
 * enumerating every trajectory, and its gradient (PG.2) by enumeration, by the policy-gradient
 * theorem, by automatic differentiation (TensorFlow.js) and by finite differences.
 *
 * Layout: `logits` and policy `probs` are flat `[S·A]` arrays, entry `s·A + a`; transitions are
 * `[S·A·S]` (entry `(s·A + a)·S + s'`); rewards `[S·A]` are deterministic given (s, a).
 * A trajectory is `(s_0, a_0, r_0, …, s_{T−1}, a_{T−1}, r_{T−1})`; its return is
 * `R(τ) = Σ_t γ^t r_t` (PG.1). Time steps are 0-based.
 */
import * as tf from "@tensorflow/tfjs";
import { ConfigError, describeValue } from "../core/errors";
import type { Rng } from "../core/rng";

/** A finite-horizon tabular MDP (see the module comment for the layouts). */
export interface TabularMdp {
  readonly numStates: number;
  readonly numActions: number;
  /** Episode length T (every episode has exactly T steps). */
  readonly horizon: number;
  /** Initial-state distribution μ₀, `[S]`. */
  readonly initial: Float64Array;
  /** P(s'|s, a), `[S·A·S]`. */
  readonly transition: Float64Array;
  /** r(s, a), `[S·A]`. */
  readonly reward: Float64Array;
}

/** One trajectory with its probability under the policy that enumerated it (1 when sampled). */
export interface Trajectory {
  /** s_0 … s_{T−1}. */
  readonly states: Int32Array;
  /** a_0 … a_{T−1}. */
  readonly actions: Int32Array;
  /** r_0 … r_{T−1}. */
  readonly rewards: Float64Array;
  /** p_θ(τ) for enumerated trajectories; 1 for sampled ones. */
  readonly prob: number;
}

function checkDistribution(path: string, values: ArrayLike<number>, offset: number, length: number): void {
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const v = values[offset + i]!;
    if (!(v >= 0)) throw new ConfigError(path, `probabilities must be ≥ 0, got ${describeValue(v)} at index ${offset + i}`);
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-9) throw new ConfigError(path, `probabilities must sum to 1, got ${sum} (offset ${offset})`);
}

/**
 * Validate an MDP's shapes and distributions.
 * @throws ConfigError naming the field (`initial`, `transition`, `reward`, `horizon`, …).
 */
export function validateMdp(mdp: TabularMdp): TabularMdp {
  const { numStates: S, numActions: A, horizon } = mdp;
  if (!Number.isInteger(S) || S < 1) throw new ConfigError("numStates", `must be an integer ≥ 1, got ${describeValue(S)}`);
  if (!Number.isInteger(A) || A < 1) throw new ConfigError("numActions", `must be an integer ≥ 1, got ${describeValue(A)}`);
  if (!Number.isInteger(horizon) || horizon < 1) throw new ConfigError("horizon", `must be an integer ≥ 1, got ${describeValue(horizon)}`);
  if (mdp.initial.length !== S) throw new ConfigError("initial", `length must be numStates = ${S}, got ${mdp.initial.length}`);
  if (mdp.transition.length !== S * A * S)
    throw new ConfigError("transition", `length must be S·A·S = ${S * A * S}, got ${mdp.transition.length}`);
  if (mdp.reward.length !== S * A) throw new ConfigError("reward", `length must be S·A = ${S * A}, got ${mdp.reward.length}`);
  checkDistribution("initial", mdp.initial, 0, S);
  for (let sa = 0; sa < S * A; sa++) checkDistribution("transition", mdp.transition, sa * S, S);
  for (let i = 0; i < S * A; i++) {
    if (!Number.isFinite(mdp.reward[i]!))
      throw new ConfigError("reward", `must be finite, got ${describeValue(mdp.reward[i])} at index ${i}`);
  }
  return mdp;
}

/**
 * The MDP used throughout notebook 01: 3 states, 2 actions, horizon 4, all rewards positive (so a
 * baseline has something to remove), stochastic transitions. 3⁴·2⁴ = 1296 trajectories.
 */
export function demoMdp(): TabularMdp {
  return validateMdp({
    numStates: 3,
    numActions: 2,
    horizon: 4,
    initial: Float64Array.from([0.6, 0.3, 0.1]),
    // prettier-ignore
    transition: Float64Array.from([
      0.7, 0.2, 0.1, /* s0 a0 */ 0.1, 0.8, 0.1 /* s0 a1 */, 0.3, 0.3, 0.4, /* s1 a0 */ 0.5, 0.4, 0.1 /* s1 a1 */, 0.2, 0.2, 0.6,
      /* s2 a0 */ 0.1, 0.1, 0.8 /* s2 a1 */,
    ]),
    reward: Float64Array.from([2.0, 1.2, 1.5, 3.0, 2.5, 1.0]),
  });
}

/** Logits used with {@link demoMdp} in notebook 01 (a non-uniform policy), `[S·A]`. */
export function demoLogits(): Float64Array {
  return Float64Array.from([0.3, -0.2, -0.5, 0.4, 0.1, 0.0]);
}

function checkLogits(mdp: TabularMdp, logits: ArrayLike<number>): void {
  if (logits.length !== mdp.numStates * mdp.numActions) {
    throw new ConfigError("logits", `length must be S·A = ${mdp.numStates * mdp.numActions}, got ${logits.length}`);
  }
}

/** Row-wise softmax of `[S·A]` logits: π(a|s). */
export function softmaxPolicy(logits: ArrayLike<number>, numActions: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let base = 0; base < logits.length; base += numActions) {
    let m = -Infinity;
    for (let a = 0; a < numActions; a++) m = Math.max(m, logits[base + a]!);
    let z = 0;
    for (let a = 0; a < numActions; a++) z += out[base + a] = Math.exp(logits[base + a]! - m);
    for (let a = 0; a < numActions; a++) out[base + a]! /= z;
  }
  return out;
}

/** Exact values of a policy: `V[t]` is `[S]` for t = 0…T (V_T = 0), `Q[t]` is `[S·A]` for t < T. */
export interface ExactValues {
  readonly V: Float64Array[];
  readonly Q: Float64Array[];
  /** J = Σ_s μ₀(s) V_0(s). */
  readonly J: number;
}

/**
 * Exact (time-dependent) values by backward dynamic programming:
 * Q_t(s,a) = r(s,a) + γ Σ_s' P(s'|s,a) V_{t+1}(s'), V_t(s) = Σ_a π(a|s) Q_t(s,a) — (PG.1).
 * Note Q_t and V_t are the *reward-to-go from step t discounted from t*, so J = Σ μ₀ V_0.
 */
export function exactValues(mdp: TabularMdp, logits: ArrayLike<number>, gamma = 1): ExactValues {
  checkLogits(mdp, logits);
  const { numStates: S, numActions: A, horizon: T } = mdp;
  const pi = softmaxPolicy(logits, A);
  const V: Float64Array[] = new Array(T + 1);
  const Q: Float64Array[] = new Array(T);
  V[T] = new Float64Array(S);
  for (let t = T - 1; t >= 0; t--) {
    const q = new Float64Array(S * A);
    const v = new Float64Array(S);
    const next = V[t + 1]!;
    for (let s = 0; s < S; s++) {
      for (let a = 0; a < A; a++) {
        let ev = 0;
        for (let s2 = 0; s2 < S; s2++) ev += mdp.transition[(s * A + a) * S + s2]! * next[s2]!;
        q[s * A + a] = mdp.reward[s * A + a]! + gamma * ev;
        v[s]! += pi[s * A + a]! * q[s * A + a]!;
      }
    }
    Q[t] = q;
    V[t] = v;
  }
  let J = 0;
  for (let s = 0; s < S; s++) J += mdp.initial[s]! * V[0]![s]!;
  return { V, Q, J };
}

/** Exact expected return J(θ) = E_τ[R(τ)] (PG.1). */
export function exactReturn(mdp: TabularMdp, logits: ArrayLike<number>, gamma = 1): number {
  return exactValues(mdp, logits, gamma).J;
}

/** State distribution at each step under the policy: `d[t]` is `[S]`, t = 0…T−1. */
export function stateDistributions(mdp: TabularMdp, logits: ArrayLike<number>): Float64Array[] {
  checkLogits(mdp, logits);
  const { numStates: S, numActions: A, horizon: T } = mdp;
  const pi = softmaxPolicy(logits, A);
  const d: Float64Array[] = [Float64Array.from(mdp.initial)];
  for (let t = 1; t < T; t++) {
    const prev = d[t - 1]!;
    const cur = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      for (let a = 0; a < A; a++) {
        const w = prev[s]! * pi[s * A + a]!;
        for (let s2 = 0; s2 < S; s2++) cur[s2]! += w * mdp.transition[(s * A + a) * S + s2]!;
      }
    }
    d.push(cur);
  }
  return d;
}

/**
 * Exact gradient ∇_θ J by the policy-gradient theorem:
 * ∇J = Σ_t γ^t Σ_s d_t(s) Σ_a π(a|s) ∇log π(a|s) Q_t(s,a), the expectation of (PG.3) in closed form.
 */
export function exactGradient(mdp: TabularMdp, logits: ArrayLike<number>, gamma = 1): Float64Array {
  const { numStates: S, numActions: A, horizon: T } = mdp;
  const { Q } = exactValues(mdp, logits, gamma);
  const d = stateDistributions(mdp, logits);
  const pi = softmaxPolicy(logits, A);
  const g = new Float64Array(S * A);
  for (let t = 0; t < T; t++) {
    const disc = gamma ** t;
    for (let s = 0; s < S; s++) {
      const ds = d[t]![s]!;
      if (ds === 0) continue;
      for (let a = 0; a < A; a++) {
        const w = disc * ds * pi[s * A + a]! * Q[t]![s * A + a]!;
        // ∇_{θ[s,a']} log π(a|s) = 1[a'=a] − π(a'|s)
        for (let a2 = 0; a2 < A; a2++) g[s * A + a2]! += w * ((a2 === a ? 1 : 0) - pi[s * A + a2]!);
      }
    }
  }
  return g;
}

/**
 * J(θ) and ∇J by TensorFlow.js automatic differentiation of the dynamic program (float32).
 * @returns `{ J, gradient }` with `gradient` `[S·A]`.
 */
export function autodiffReturnGradient(mdp: TabularMdp, logits: ArrayLike<number>, gamma = 1): { J: number; gradient: Float64Array } {
  checkLogits(mdp, logits);
  const { numStates: S, numActions: A, horizon: T } = mdp;
  let J = 0;
  let gradient = new Float64Array(0);
  tf.tidy(() => {
    const P = tf.tensor3d(Array.from(mdp.transition), [S, A, S]);
    const r = tf.tensor2d(Array.from(mdp.reward), [S, A]);
    const mu0 = tf.tensor1d(Array.from(mdp.initial));
    const f = (theta: tf.Tensor): tf.Scalar => {
      const pi = tf.softmax(theta.reshape([S, A]));
      let v: tf.Tensor = tf.zeros([S]);
      for (let t = T - 1; t >= 0; t--) {
        const q = r.add(tf.sum(P.mul(v.reshape([1, 1, S])), 2).mul(gamma));
        v = tf.sum(pi.mul(q), 1);
      }
      return tf.sum(mu0.mul(v)) as tf.Scalar;
    };
    const { value, grad } = tf.valueAndGrad(f)(tf.tensor1d(Array.from(logits)));
    J = value.dataSync()[0]!;
    gradient = Float64Array.from(grad.dataSync());
  });
  return { J, gradient };
}

/** Central finite-difference gradient of `f` at `x` with step `h` (default 1e-5). */
export function finiteDifferenceGradient(f: (x: Float64Array) => number, x: ArrayLike<number>, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  const xp = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const xi = xp[i]!;
    xp[i] = xi + h;
    const fp = f(xp);
    xp[i] = xi - h;
    const fm = f(xp);
    xp[i] = xi;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/**
 * Every trajectory with non-zero probability under the policy, with p_θ(τ) =
 * μ₀(s_0) Π_t π(a_t|s_t) P(s_{t+1}|s_t,a_t). Feasible only for tiny MDPs ((S·A)^T paths).
 */
export function enumerateTrajectories(mdp: TabularMdp, logits: ArrayLike<number>): Trajectory[] {
  checkLogits(mdp, logits);
  const { numStates: S, numActions: A, horizon: T } = mdp;
  const pi = softmaxPolicy(logits, A);
  const out: Trajectory[] = [];
  const states = new Int32Array(T);
  const actions = new Int32Array(T);
  const visit = (t: number, s: number, p: number): void => {
    states[t] = s;
    for (let a = 0; a < A; a++) {
      const pa = p * pi[s * A + a]!;
      if (pa === 0) continue;
      actions[t] = a;
      if (t === T - 1) {
        const rewards = new Float64Array(T);
        for (let k = 0; k < T; k++) rewards[k] = mdp.reward[states[k]! * A + actions[k]!]!;
        out.push({ states: states.slice(), actions: actions.slice(), rewards, prob: pa });
        continue;
      }
      for (let s2 = 0; s2 < S; s2++) {
        const ps = pa * mdp.transition[(s * A + a) * S + s2]!;
        if (ps > 0) visit(t + 1, s2, ps);
      }
    }
  };
  for (let s = 0; s < S; s++) if (mdp.initial[s]! > 0) visit(0, s, mdp.initial[s]!);
  return out;
}

function sampleIndex(probs: ArrayLike<number>, offset: number, length: number, u: number): number {
  let c = 0;
  for (let i = 0; i < length; i++) {
    c += probs[offset + i]!;
    if (u < c) return i;
  }
  return length - 1;
}

/** Sample `n` trajectories of the policy (each with `prob` = 1). */
export function sampleTrajectories(mdp: TabularMdp, logits: ArrayLike<number>, n: number, rng: Rng): Trajectory[] {
  checkLogits(mdp, logits);
  const { numStates: S, numActions: A, horizon: T } = mdp;
  const pi = softmaxPolicy(logits, A);
  const out: Trajectory[] = [];
  for (let i = 0; i < n; i++) {
    const states = new Int32Array(T);
    const actions = new Int32Array(T);
    const rewards = new Float64Array(T);
    let s = sampleIndex(mdp.initial, 0, S, rng.random());
    for (let t = 0; t < T; t++) {
      const a = sampleIndex(pi, s * A, A, rng.random());
      states[t] = s;
      actions[t] = a;
      rewards[t] = mdp.reward[s * A + a]!;
      s = sampleIndex(mdp.transition, (s * A + a) * S, S, rng.random());
    }
    out.push({ states, actions, rewards, prob: 1 });
  }
  return out;
}

/** Discounted return R(τ) = Σ_t γ^t r_t (PG.1). */
export function trajectoryReturn(traj: Trajectory, gamma = 1): number {
  let R = 0;
  for (let t = traj.rewards.length - 1; t >= 0; t--) R = traj.rewards[t]! + gamma * R;
  return R;
}

/** log p_θ(τ) restricted to the policy factors: Σ_t log π(a_t|s_t) (dynamics do not depend on θ). */
export function trajectoryLogProb(probs: ArrayLike<number>, numActions: number, traj: Trajectory): number {
  let lp = 0;
  for (let t = 0; t < traj.states.length; t++) lp += Math.log(probs[traj.states[t]! * numActions + traj.actions[t]!]!);
  return lp;
}

/**
 * Σ_t w_t ∇_θ log π(a_t|s_t) for one trajectory, `[S·A]`: the common shape of every score-function
 * estimator in notebook 01 — the weights w_t pick the estimator (PG.2, PG.3, PG.4, PG.6).
 */
export function weightedScore(probs: ArrayLike<number>, numActions: number, traj: Trajectory, weights: ArrayLike<number>): Float64Array {
  const A = numActions;
  const g = new Float64Array(probs.length);
  for (let t = 0; t < traj.states.length; t++) {
    const s = traj.states[t]!;
    const a = traj.actions[t]!;
    const w = weights[t]!;
    if (w === 0) continue;
    for (let a2 = 0; a2 < A; a2++) g[s * A + a2]! += w * ((a2 === a ? 1 : 0) - probs[s * A + a2]!);
  }
  return g;
}

/** Mean vector and total variance (trace of the covariance) of a vector-valued estimator. */
export interface EstimatorMoments {
  readonly mean: Float64Array;
  /** E‖g − E g‖² for one trajectory. */
  readonly variance: number;
}

/** Exact moments of g(τ) over enumerated trajectories (weights = their probabilities). */
export function exactMoments(trajs: readonly Trajectory[], g: (traj: Trajectory) => Float64Array): EstimatorMoments {
  const samples = trajs.map(g);
  const dim = samples[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  trajs.forEach((tr, i) => {
    const x = samples[i]!;
    for (let k = 0; k < dim; k++) mean[k]! += tr.prob * x[k]!;
  });
  let variance = 0;
  trajs.forEach((tr, i) => {
    const x = samples[i]!;
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += (x[k]! - mean[k]!) ** 2;
    variance += tr.prob * sq;
  });
  return { mean, variance };
}

/** Sample moments of g(τ) over sampled trajectories (unbiased variance, n ≥ 2). */
export function sampleMoments(trajs: readonly Trajectory[], g: (traj: Trajectory) => Float64Array): EstimatorMoments {
  const n = trajs.length;
  if (n < 2) throw new ConfigError("trajs", `need ≥ 2 sampled trajectories, got ${n}`);
  const samples = trajs.map(g);
  const dim = samples[0]!.length;
  const mean = new Float64Array(dim);
  for (const x of samples) for (let k = 0; k < dim; k++) mean[k]! += x[k]! / n;
  let variance = 0;
  for (const x of samples) for (let k = 0; k < dim; k++) variance += (x[k]! - mean[k]!) ** 2;
  return { mean, variance: variance / (n - 1) };
}

/** Σ_τ p(τ) f(τ) over enumerated trajectories: an exact expectation (PG.1 when f = R). */
export function expectation(trajs: readonly Trajectory[], f: (traj: Trajectory) => number): number {
  let s = 0;
  for (const t of trajs) s += t.prob * f(t);
  return s;
}
