/**
 * The losses of PPO (and of PPO+BC's and PPO+SIL's auxiliary updates). Training uses the host
 * versions ({@link ppoLossHost}, {@link bcLossHost}, {@link silLossHost}): one seed's batch, the loss
 * and its gradient w.r.t. the network outputs, for the kernels' backward pass. The TensorFlow.js
 * versions ({@link clippedSurrogateLoss}, {@link clippedValueLoss}) work on a leading seed axis `S`
 * and reduce over the batch axis only; they are the autodiff reference of the tests and notebooks.
 *
 * - (PG.7) importance ratio ρ = π_θ(a|s)/π_old(a|s) = exp(log π_θ − log π_old)
 * - (PG.8) clipped surrogate L^CLIP = E[min(ρÂ, clip(ρ, 1−ε, 1+ε)Â)]; we MINIMISE its negative,
 *          mean over the minibatch of max(−Âρ, −Â clip(ρ, 1±ε)) (docs/paper-protocol.md#ppo-details)
 * - (PG.9) clipped value loss ½ E[max((V−R)², (V_old + clip(V−V_old, ±ε) − R)²)]
 */
import * as tf from "@tensorflow/tfjs";
import { HALF_LOG_2PI } from "../../nn/diag-gaussian";

/**
 * Clipped-surrogate policy loss (PG.7, PG.8), to be minimised.
 * @param logProb `[S, B]` log π_θ(a|s) (differentiable).
 * @param oldLogProb `[S, B]` log π_old(a|s) stored at rollout time.
 * @param advantage `[S, B]` (already normalised per minibatch if wanted).
 * @returns loss `[S]`, and per-seed diagnostics `[S]`: approximate KL (k3 estimator
 *   E[(ρ − 1) − log ρ]) and the fraction of samples whose ratio was clipped.
 */
export function clippedSurrogateLoss(
  logProb: tf.Tensor2D,
  oldLogProb: tf.Tensor2D,
  advantage: tf.Tensor2D,
  clipRange: number,
): { loss: tf.Tensor1D; approxKl: tf.Tensor1D; clipFraction: tf.Tensor1D } {
  const logRatio = tf.sub(logProb, oldLogProb);
  const ratio = tf.exp(logRatio); // (PG.7)
  const unclipped = tf.mul(tf.neg(advantage), ratio);
  const clipped = tf.mul(tf.neg(advantage), tf.clipByValue(ratio, 1 - clipRange, 1 + clipRange));
  const loss = tf.mean(tf.maximum(unclipped, clipped), 1) as tf.Tensor1D; // (PG.8), negated
  const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logRatio), 1) as tf.Tensor1D;
  const clipFraction = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), clipRange), "float32"), 1) as tf.Tensor1D;
  return { loss, approxKl, clipFraction };
}

/**
 * Value loss with optional clipping around the rollout-time value (PG.9).
 * @param value `[S, B]` V_θ(s) (differentiable); @param oldValue `[S, B]` V_old(s);
 * @param returnTarget `[S, B]` λ-return targets.
 * @param clipRange ε for the value clip, or `null` for the plain ½(V − R)².
 * @returns `[S]`
 */
export function clippedValueLoss(
  value: tf.Tensor2D,
  oldValue: tf.Tensor2D,
  returnTarget: tf.Tensor2D,
  clipRange: number | null,
): tf.Tensor1D {
  const unclipped = tf.square(tf.sub(value, returnTarget));
  if (clipRange === null) return tf.mul(tf.mean(unclipped, 1), 0.5) as tf.Tensor1D;
  const valueClipped = tf.add(oldValue, tf.clipByValue(tf.sub(value, oldValue), -clipRange, clipRange));
  const clipped = tf.square(tf.sub(valueClipped, returnTarget));
  return tf.mul(tf.mean(tf.maximum(unclipped, clipped), 1), 0.5) as tf.Tensor1D; // (PG.9)
}

/**
 * Per-minibatch advantage normalisation, in place: Â ← (Â − mean)/(std + 1e-8) over
 * `advantage[offset .. offset + count)`, with that minibatch's own mean and population standard
 * deviation (divided by `count`), as the 2018 baselines code does inside its loss
 * (docs/paper-protocol.md#ppo-details). The 1e-8 is added to the std, not the variance, so a
 * minibatch of equal advantages (or of one sample) becomes all zeros rather than NaN.
 */
export function normalizeAdvantages(advantage: Float64Array | Float32Array, offset: number, count: number): void {
  let mean = 0;
  for (let b = 0; b < count; b++) mean += advantage[offset + b];
  mean /= count;
  let variance = 0;
  for (let b = 0; b < count; b++) variance += (advantage[offset + b] - mean) ** 2;
  const denom = Math.sqrt(variance / count) + 1e-8;
  for (let b = 0; b < count; b++) advantage[offset + b] = (advantage[offset + b] - mean) / denom;
}

/** One seed's minibatch of B samples, as {@link ppoLossHost} reads it. */
export interface PpoSamples {
  /** Sampled actions `[B, A]`. */
  readonly actions: ArrayLike<number>;
  /** log π_old(a|s) stored at rollout time `[B]`. */
  readonly oldLogProb: ArrayLike<number>;
  /** Advantages `[B]` (already normalised if wanted). */
  readonly advantage: ArrayLike<number>;
  /** λ-return targets `[B]`. */
  readonly returnTarget: ArrayLike<number>;
  /** V_old(s) at rollout time `[B]`. */
  readonly oldValue: ArrayLike<number>;
}

/** The network outputs of one seed on its minibatch. */
export interface PpoOutputs {
  /** Action means μ(s) `[B, A]`. */
  readonly mean: ArrayLike<number>;
  /** State values V(s) `[B]`. */
  readonly value: ArrayLike<number>;
  /** The policy's log σ `[A]` (state-independent). */
  readonly logStd: ArrayLike<number>;
}

/** Where {@link ppoLossHost} writes the gradient of the loss w.r.t. the outputs (every element is overwritten). */
export interface PpoOutputGradients {
  /** ∂L/∂μ `[B, A]`. */
  readonly dMean: Float32Array | Float64Array;
  /** ∂L/∂V `[B]`. */
  readonly dValue: Float32Array | Float64Array;
  /** ∂L/∂ log σ `[A]`. */
  readonly dLogStd: Float32Array | Float64Array;
}

/** The loss settings {@link ppoLossHost} uses (fields of `PpoConfig`). */
export interface PpoLossCoefficients {
  /** ε of the ratio clip (PG.8). */
  readonly clipRange: number;
  /** ε of the value clip (PG.9), or null for the plain ½(V − R)². */
  readonly clipRangeValue: number | null;
  /** c_v, weight of the value loss. */
  readonly valueCoef: number;
  /** c_H, weight of the entropy bonus. */
  readonly entropyCoef: number;
}

/** Per-seed PPO loss terms computed by {@link ppoLossHost}. */
export interface PpoLossHostTerms {
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  clipFraction: number;
  loss: number;
}

/** Σ_j log σ_j, and ∂L/∂ log σ set to 0 for the host losses to accumulate into. */
function sumAndClearLogStdGradient(logStd: ArrayLike<number>, dLogStd: Float32Array | Float64Array): number {
  let logStdSum = 0;
  for (let j = 0; j < logStd.length; j++) {
    logStdSum += logStd[j];
    dLogStd[j] = 0;
  }
  return logStdSum;
}

/**
 * The PPO loss of one seed's minibatch and its gradient with respect to the network OUTPUTS,
 * computed on the host (Float64): L = L^CLIP (PG.7, PG.8, negated) + c_v·L^V (PG.9) − c_H·H (PG.10).
 * B is the length of `samples.oldLogProb`, A that of `outputs.logStd`.
 *
 * With z = (a − μ)/σ and log π = −½Σz² − Σ log σ − (d/2) log 2π (PG.10):
 * ∂ log π/∂μ = z/σ, ∂ log π/∂ log σ = z² − 1. Ties and clip boundaries follow TensorFlow.js's
 * gradient conventions (max → first argument on ties; clip passes the gradient at the bounds), so
 * the result equals autodiff of {@link clippedSurrogateLoss} + {@link clippedValueLoss}.
 */
export function ppoLossHost(
  samples: PpoSamples,
  outputs: PpoOutputs,
  coefficients: PpoLossCoefficients,
  gradients: PpoOutputGradients,
): PpoLossHostTerms {
  const { actions, oldLogProb, advantage, returnTarget, oldValue } = samples;
  const { mean, value, logStd } = outputs;
  const { dMean, dValue, dLogStd } = gradients;
  const { clipRange: eps, clipRangeValue: epsV, valueCoef, entropyCoef } = coefficients;
  const B = oldLogProb.length;
  const A = logStd.length;
  const logStdSum = sumAndClearLogStdGradient(logStd, dLogStd);
  const constant = logStdSum + A * 0.5 * Math.log(2 * Math.PI);
  let policyLoss = 0;
  let valueLoss = 0;
  let approxKl = 0;
  let clipped = 0;
  for (let b = 0; b < B; b++) {
    let quad = 0;
    for (let j = 0; j < A; j++) {
      const z = (actions[b * A + j] - mean[b * A + j]) * Math.exp(-logStd[j]);
      quad += z * z;
    }
    const logProb = -0.5 * quad - constant; // (PG.10)
    const logRatio = logProb - oldLogProb[b];
    const ratio = Math.exp(logRatio); // (PG.7)
    const adv = advantage[b];
    const ratioClipped = ratio < 1 - eps ? 1 - eps : ratio > 1 + eps ? 1 + eps : ratio;
    const unclippedTerm = -adv * ratio;
    const clippedTerm = -adv * ratioClipped;
    policyLoss += Math.max(unclippedTerm, clippedTerm); // (PG.8), negated
    approxKl += ratio - 1 - logRatio;
    if (Math.abs(ratio - 1) > eps) clipped++;
    // ∂L/∂ log π: through the unclipped term when it is the max (ties → unclipped).
    const gLogProb = unclippedTerm >= clippedTerm ? (-adv * ratio) / B : 0;
    for (let j = 0; j < A; j++) {
      const invStd = Math.exp(-logStd[j]);
      const z = (actions[b * A + j] - mean[b * A + j]) * invStd;
      dMean[b * A + j] = gLogProb * z * invStd;
      dLogStd[j] += gLogProb * (z * z - 1);
    }
    // (PG.9) value loss ½ max((V − R)², (V_old + clip(V − V_old, ±ε) − R)²)
    const v = value[b];
    const ret = returnTarget[b];
    const diffU = v - ret;
    let gValue: number;
    if (epsV === null) {
      valueLoss += 0.5 * diffU * diffU;
      gValue = diffU / B;
    } else {
      const vOld = oldValue[b];
      const delta = v - vOld;
      const deltaClipped = delta < -epsV ? -epsV : delta > epsV ? epsV : delta;
      const diffC = vOld + deltaClipped - ret;
      if (diffU * diffU >= diffC * diffC) {
        valueLoss += 0.5 * diffU * diffU;
        gValue = diffU / B;
      } else {
        valueLoss += 0.5 * diffC * diffC;
        gValue = delta >= -epsV && delta <= epsV ? diffC / B : 0;
      }
    }
    dValue[b] = valueCoef * gValue;
  }
  for (let j = 0; j < A; j++) dLogStd[j] -= entropyCoef; // −c_H ∂H/∂ log σ
  policyLoss /= B;
  valueLoss /= B;
  const entropy = logStdSum + A * (0.5 + 0.5 * Math.log(2 * Math.PI)); // (PG.10)
  return {
    policyLoss,
    valueLoss,
    entropy,
    approxKl: approxKl / B,
    clipFraction: clipped / B,
    loss: policyLoss + valueCoef * valueLoss - entropyCoef * entropy,
  };
}

// ---------------------------------------------------------------------------------------------
// Auxiliary losses of PPO+BC and PPO+SIL, on the same path as ppoLossHost: the loss and its
// gradient w.r.t. the network outputs on the host, the nets' backward pass on the kernels.

/** The policy outputs of one seed on its batch. */
export interface PolicyOutputs {
  /** Action means μ(s) `[B, A]`. */
  readonly mean: ArrayLike<number>;
  /** The policy's log σ `[A]` (state-independent). */
  readonly logStd: ArrayLike<number>;
}

/** Where {@link bcLossHost} writes ∂L/∂μ `[B, A]` and ∂L/∂ log σ `[A]` (every element). */
export interface PolicyOutputGradients {
  readonly dMean: Float32Array | Float64Array;
  readonly dLogStd: Float32Array | Float64Array;
}

/**
 * −log π(a_b|s_b) of row b (PG.10), and g times its gradient added into the outputs' gradients:
 * with z = (a − μ)/σ, ∂L/∂μ_b = −g·z/σ and ∂L/∂ log σ += g·(1 − z²). `logStdSum` = Σ log σ.
 * The per-sample step of {@link bcLossHost} (g = β/B) and {@link silLossHost} (g = weight × factor).
 */
function negLogProbRow(
  actions: ArrayLike<number>,
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  logStdSum: number,
  b: number,
  g: number,
  dMean: Float32Array | Float64Array,
  dLogStd: Float32Array | Float64Array,
): number {
  const A = logStd.length;
  let quad = 0;
  for (let j = 0; j < A; j++) {
    const invStd = Math.exp(-logStd[j]);
    const z = (actions[b * A + j] - mean[b * A + j]) * invStd;
    quad += z * z;
    dMean[b * A + j] = -g * z * invStd;
    dLogStd[j] += g * (1 - z * z);
  }
  return 0.5 * quad + logStdSum + A * HALF_LOG_2PI;
}

/**
 * The behaviour-cloning loss of one seed's batch (`bc.ts`): mean over the B pairs of −log π(a|s)
 * (PG.10), and the gradient of `lossWeight` × that mean w.r.t. μ and log σ. B = rows of `actions`.
 * With z = (a − μ)/σ: ∂(−log π)/∂μ = −z/σ, ∂(−log π)/∂ log σ = 1 − z².
 * @returns the unweighted mean −log π (what `bcLoss` logs).
 */
export function bcLossHost(
  actions: ArrayLike<number>,
  outputs: PolicyOutputs,
  lossWeight: number,
  gradients: PolicyOutputGradients,
): number {
  const { mean, logStd } = outputs;
  const { dMean, dLogStd } = gradients;
  const B = actions.length / logStd.length;
  const logStdSum = sumAndClearLogStdGradient(logStd, dLogStd);
  const scale = lossWeight / B;
  let sumNegLogProb = 0;
  for (let b = 0; b < B; b++) sumNegLogProb += negLogProbRow(actions, mean, logStd, logStdSum, b, scale, dMean, dLogStd);
  return sumNegLogProb / B;
}

/** One seed's SIL batch of B samples, as {@link silLossHost} reads it. */
export interface SilSamples {
  /** Sampled actions `[B, A]`. */
  readonly actions: ArrayLike<number>;
  /** Discounted Monte-Carlo returns R `[B]`. */
  readonly returns: ArrayLike<number>;
  /** Importance weights w of the prioritised sampling `[B]`. */
  readonly weights: ArrayLike<number>;
}

/** The network outputs of one seed on its SIL batch. */
export interface SilOutputs extends PolicyOutputs {
  /** State values V(s) `[B]` — before the step, so also the constant of the advantage factor. */
  readonly value: ArrayLike<number>;
}

/** The SIL settings {@link silLossHost} uses (fields of `SilConfig`). */
export interface SilLossCoefficients {
  /** c of clip(R − V, 0, c). */
  readonly advantageClip: number;
  /** Floor of N = max(#{R > V}, floor). */
  readonly minValidSamples: number;
  /** Cap of −log π (value only; the gradient is that of −log π). */
  readonly maxNegLogProb: number;
  /** Weight of the value term inside the loss. */
  readonly valueLossWeight: number;
  /** Weight of the whole loss. */
  readonly lossWeight: number;
}

/** Per-seed SIL loss terms computed by {@link silLossHost}. */
export interface SilLossHostTerms {
  /** lossWeight · (policyLoss + valueLossWeight · valueLoss). */
  loss: number;
  policyLoss: number;
  valueLoss: number;
  /** #{R > V}: the samples that count in N and get a value gradient. */
  numPositive: number;
}

/**
 * The SIL loss of one seed's batch (`sil.ts`, details 4–5) and its gradient w.r.t. μ, V and log σ:
 *   L_pol = Σ wᵢ · clip(Rᵢ − Vᵢ, 0, c) · min(−log πᵢ, cap) / N
 *   L_val = Σ wᵢ · Vᵢ · clip(Vᵢ − Rᵢ, −c, 0)·[Rᵢ > Vᵢ] / N      (gradient wᵢ·clip(Vᵢ − Rᵢ, −c, 0)/N)
 *   L = lossWeight · (L_pol + valueLossWeight · L_val),  N = max(#{Rᵢ > Vᵢ}, minValidSamples)
 * The advantage factor and the value term's clip use V as a CONSTANT (the values of this forward
 * pass, before the step); the cap on −log π acts on the value only (straight-through), so the
 * policy gradient is that of −log π: ∂/∂μ = −z/σ, ∂/∂ log σ = 1 − z² with z = (a − μ)/σ.
 */
export function silLossHost(
  samples: SilSamples,
  outputs: SilOutputs,
  coefficients: SilLossCoefficients,
  gradients: PpoOutputGradients,
): SilLossHostTerms {
  const { actions, returns, weights } = samples;
  const { mean, value, logStd } = outputs;
  const { dMean, dValue, dLogStd } = gradients;
  const { advantageClip: c, minValidSamples, maxNegLogProb, valueLossWeight, lossWeight } = coefficients;
  const B = returns.length;
  let numPositive = 0;
  for (let b = 0; b < B; b++) if (returns[b] - value[b] > 0) numPositive++;
  const N = Math.max(numPositive, minValidSamples);
  const logStdSum = sumAndClearLogStdGradient(logStd, dLogStd);
  let policyLoss = 0;
  let valueLoss = 0;
  for (let b = 0; b < B; b++) {
    const advantage = returns[b] - value[b];
    const factor = (weights[b] * Math.min(Math.max(advantage, 0), c)) / N; // wᵢ·clip(R − V, 0, c)/N, constant
    const negLogProb = negLogProbRow(actions, mean, logStd, logStdSum, b, lossWeight * factor, dMean, dLogStd);
    policyLoss += factor * Math.min(negLogProb, maxNegLogProb);
    const delta = advantage > 0 ? Math.min(Math.max(value[b] - returns[b], -c), 0) : 0;
    valueLoss += (weights[b] * value[b] * delta) / N;
    dValue[b] = (lossWeight * valueLossWeight * weights[b] * delta) / N;
  }
  return { loss: lossWeight * (policyLoss + valueLossWeight * valueLoss), policyLoss, valueLoss, numPositive };
}
