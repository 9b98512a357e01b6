/**
 * GASIL's reduction on a discrete set of K state–action pairs, where every quantity is exact.
 *
 * The policy ("generator") is a softmax π_θ over K pairs; the good-trajectory buffer ("real data")
 * is a fixed distribution ρ_E over the same pairs. With D = D* from (GASIL.2) the inner maximum is
 * (GASIL.3) 2·JS(π‖ρ_E) − log 4. The policy MINIMISES it (GASIL.4), and by the envelope theorem its
 * gradient is the score-function gradient with Q = log D at fixed D (GASIL.5): −log D acts as a
 * reward. Adding an environment reward gives (GASIL.6) r^α = r − α log D.
 */
import * as tf from "@tensorflow/tfjs";
import { ConfigError, describeValue } from "../core/errors";
import { softmaxPolicy } from "./tabular-mdp";

function checkPair(logits: ArrayLike<number>, buffer: ArrayLike<number>): void {
  if (logits.length !== buffer.length)
    throw new ConfigError("buffer", `length must equal the logits' length ${logits.length}, got ${buffer.length}`);
  let s = 0;
  for (let i = 0; i < buffer.length; i++) {
    if (!(buffer[i]! > 0)) throw new ConfigError("buffer", `probabilities must be > 0, got ${describeValue(buffer[i])} at index ${i}`);
    s += buffer[i]!;
  }
  if (Math.abs(s - 1) > 1e-9) throw new ConfigError("buffer", `probabilities must sum to 1, got ${s}`);
}

/** π_θ = softmax(θ) over the K pairs. */
export function pairPolicy(logits: ArrayLike<number>): Float64Array {
  return softmaxPolicy(logits, logits.length);
}

/** Discrete JS(p‖q) in nats. */
export function discreteJensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const m = 0.5 * (p[i]! + q[i]!);
    if (p[i]! > 0) js += 0.5 * p[i]! * Math.log(p[i]! / m);
    if (q[i]! > 0) js += 0.5 * q[i]! * Math.log(q[i]! / m);
  }
  return js;
}

/** (GASIL.1) Σ_k π_k log D_k + ρ_E,k log(1 − D_k) for a given discriminator D `[K]`. */
export function discreteDiscriminatorObjective(logits: ArrayLike<number>, buffer: ArrayLike<number>, D: ArrayLike<number>): number {
  checkPair(logits, buffer);
  const pi = pairPolicy(logits);
  let v = 0;
  for (let k = 0; k < pi.length; k++) v += pi[k]! * Math.log(D[k]!) + buffer[k]! * Math.log(1 - D[k]!);
  return v;
}

/** (GASIL.2) D* = π/(π + ρ_E) for the current policy. */
export function discreteOptimalDiscriminator(logits: ArrayLike<number>, buffer: ArrayLike<number>): Float64Array {
  checkPair(logits, buffer);
  const pi = pairPolicy(logits);
  return pi.map((p, k) => p / (p + buffer[k]!));
}

/** (GASIL.3)/(GASIL.4) The inner maximum max_D L = 2·JS(π_θ‖ρ_E) − log 4 that the policy minimises. */
export function gasilObjectiveAtOptimum(logits: ArrayLike<number>, buffer: ArrayLike<number>): number {
  checkPair(logits, buffer);
  return 2 * discreteJensenShannon(pairPolicy(logits), buffer) - Math.log(4);
}

/**
 * (GASIL.5) Score-function gradient of E_π[log D] with D held fixed:
 * Σ_k π_k ∇_θ log π_k · Q_k with Q_k = log D_k. (For a softmax, ∇_θj log π_k = 1[j=k] − π_j.)
 * Also accepts any per-pair reward in place of log D.
 */
export function scoreGradient(logits: ArrayLike<number>, q: ArrayLike<number>): Float64Array {
  const pi = pairPolicy(logits);
  let mean = 0;
  for (let k = 0; k < pi.length; k++) mean += pi[k]! * q[k]!;
  // Σ_k π_k (e_k − π) q_k = π ⊙ (q − E_π q)
  return pi.map((p, j) => p * (q[j]! - mean));
}

/** One row of {@link combinedOptimumSweep}. */
export interface AlphaRow {
  readonly alpha: number;
  /** The policy reached by gradient ascent on J − α·(2JS − log 4). */
  readonly policy: Float64Array;
  /** E_π[r] of that policy. */
  readonly expectedReward: number;
  /** JS(π‖ρ_E) of that policy (nats). */
  readonly jsToBuffer: number;
}

/**
 * For each α: gradient ascent (exact gradients, `steps` steps of size `learningRate`, from θ = 0)
 * on J(π) − α·max_D L(π, D), using the per-pair reward (GASIL.6) r^α = r − α log D* with D*
 * recomputed at every step — the combined PG+GASIL update with an optimal discriminator.
 */
export function combinedOptimumSweep(
  reward: ArrayLike<number>,
  buffer: ArrayLike<number>,
  alphas: readonly number[],
  steps: number,
  learningRate: number,
): AlphaRow[] {
  return alphas.map((alpha) => {
    let theta = new Float64Array(reward.length);
    for (let t = 0; t < steps; t++) {
      const D = discreteOptimalDiscriminator(theta, buffer);
      const rAlpha = Float64Array.from(reward, (r, k) => r - alpha * Math.log(D[k]!)); // (GASIL.6)
      const g = scoreGradient(theta, rAlpha);
      theta = theta.map((x, k) => x + learningRate * g[k]!);
    }
    const policy = pairPolicy(theta);
    let er = 0;
    for (let k = 0; k < policy.length; k++) er += policy[k]! * reward[k]!;
    return { alpha, policy, expectedReward: er, jsToBuffer: discreteJensenShannon(policy, buffer) };
  });
}

/**
 * Pure GASIL (no environment reward): `steps` of gradient descent on 2JS − log 4 using the score
 * gradient with Q = log D* (GASIL.5). Returns JS(π‖ρ_E) after every step.
 */
export function imitateBuffer(logits0: ArrayLike<number>, buffer: ArrayLike<number>, steps: number, learningRate: number): number[] {
  let theta = Float64Array.from(logits0);
  const js: number[] = [];
  for (let t = 0; t < steps; t++) {
    const D = discreteOptimalDiscriminator(theta, buffer);
    const g = scoreGradient(theta, Array.from(D, Math.log));
    theta = theta.map((x, k) => x - learningRate * g[k]!);
    js.push(discreteJensenShannon(pairPolicy(theta), buffer));
  }
  return js;
}

/** Σ_k p_k f_k: the expectation of a per-pair quantity under a distribution over pairs. */
export function pairExpectation(p: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += p[k]! * f[k]!;
  return s;
}

/**
 * ∇_θ [2·JS(π_θ‖ρ_E) − log 4] by TensorFlow.js automatic differentiation (float32) — an
 * independent check of (GASIL.5), which obtains the same gradient as a score-function gradient.
 */
export function gasilObjectiveAutodiffGradient(logits: ArrayLike<number>, buffer: ArrayLike<number>): Float64Array {
  checkPair(logits, buffer);
  let out = new Float64Array(0);
  tf.tidy(() => {
    const q = tf.tensor1d(Array.from(buffer));
    const f = (theta: tf.Tensor): tf.Scalar => {
      const p = tf.softmax(theta);
      const m = tf.mul(0.5, tf.add(p, q));
      // 2·JS − log 4 = Σ p log(p/m) + q log(q/m) − log 4, written with log-ratios
      const js2 = tf.add(tf.sum(tf.mul(p, tf.sub(tf.log(p), tf.log(m)))), tf.sum(tf.mul(q, tf.sub(tf.log(q), tf.log(m)))));
      return tf.sub(js2, Math.log(4)) as tf.Scalar;
    };
    out = Float64Array.from(
      tf
        .grad(f)(tf.tensor1d(Array.from(logits)))
        .dataSync(),
    );
  });
  return out;
}
