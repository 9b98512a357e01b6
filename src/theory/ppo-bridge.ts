/**
 * PPO's objectives in the one-dimensional form the theory notebook plots. They delegate to the
 * library's tensor losses (`clippedSurrogateLoss`, `clippedValueLoss` in algos/shared/losses),
 * which TensorFlow.js can differentiate. Training itself evaluates the same loss on the host with
 * a hand-written gradient (`ppoLossHost`); {@link compareTrainingLoss} checks that the two agree.
 */
import * as tf from "@tensorflow/tfjs";
import { clippedSurrogateLoss, clippedValueLoss as libClippedValueLoss, ppoLossHost } from "../algos/shared/losses";
import type { Rng } from "../core/rng";
import { gaussianLogProb, gaussianLogProbArray } from "../nn/diag-gaussian";

/**
 * (PG.8) E[min(ρÂ, clip(ρ, 1−ε, 1+ε)Â)] with ρ = exp(logProb − oldLogProb), to be MAXIMISED:
 * the negative of the library's `clippedSurrogateLoss` for a one-seed batch `[B]`.
 */
export function clippedSurrogateObjective(
  logProb: tf.Tensor1D,
  oldLogProb: tf.Tensor1D,
  advantage: tf.Tensor1D,
  clipRange: number,
): tf.Scalar {
  return tf.tidy(() => {
    const B = logProb.shape[0];
    const out = clippedSurrogateLoss(logProb.reshape([1, B]), oldLogProb.reshape([1, B]), advantage.reshape([1, B]), clipRange);
    return tf.neg(out.loss.reshape([])) as tf.Scalar;
  });
}

/** (PG.9) ½ E[max((V − R)², (V_old + clip(V − V_old, ±ε) − R)²)] for a one-seed batch `[B]`, to be minimised. */
export function clippedValueLoss(value: tf.Tensor1D, oldValue: tf.Tensor1D, returnTarget: tf.Tensor1D, clipRange: number): tf.Scalar {
  return tf.tidy(() => {
    const B = value.shape[0];
    return libClippedValueLoss(value.reshape([1, B]), oldValue.reshape([1, B]), returnTarget.reshape([1, B]), clipRange).reshape(
      [],
    ) as tf.Scalar;
  });
}

/** The PPO loss terms of one minibatch, computed twice: by training's host code and by the tensor losses. */
export interface TrainingLossComparison {
  /** `ppoLossHost` (what `ppoUpdate` minimises): policy loss (PG.8, negated) and value loss (PG.9). */
  readonly host: { readonly policyLoss: number; readonly valueLoss: number };
  /** `clippedSurrogateLoss` and `clippedValueLoss` on the same minibatch. */
  readonly tensor: { readonly policyLoss: number; readonly valueLoss: number };
  /** Fraction of samples whose ratio was clipped (so the clipped branch is exercised, not just ρ ≈ 1). */
  readonly clipFraction: number;
}

/**
 * Draw a random minibatch of a Gaussian policy (B samples, actDim dimensions, ratios spread well
 * beyond 1 ± ε) and evaluate PPO's loss with both implementations.
 * @param rng source of the minibatch; @param clipRange ε for the ratio and the value clip.
 */
export function compareTrainingLoss(rng: Rng, batchSize = 64, actDim = 2, clipRange = 0.2): TrainingLossComparison {
  const B = batchSize;
  const A = actDim;
  // Inputs are float32 values (held in float64 for the host) so both implementations see the same numbers.
  const draw = (n: number, mu = 0, sigma = 1): Float64Array => Float64Array.from(rng.fillNormal(new Float32Array(n), mu, sigma));
  const mean = draw(B * A);
  const logStd = draw(A, -0.5, 0.2);
  const actions = draw(B * A);
  const value = draw(B);
  const oldValue = draw(B);
  const returnTarget = draw(B);
  const advantage = draw(B);
  // Old log-probabilities a random log-ratio away from the current ones, so that both sides of the clip occur.
  const oldLogProb = new Float64Array(B);
  for (let b = 0; b < B; b++)
    oldLogProb[b] = Math.fround(gaussianLogProbArray(mean, logStd, actions, A, b * A, 0, b * A) - 0.4 * rng.normal());
  const host = ppoLossHost(
    { actions, oldLogProb, advantage, returnTarget, oldValue },
    { mean, value, logStd },
    { clipRange, clipRangeValue: clipRange, valueCoef: 0.5, entropyCoef: 0 },
    { dMean: new Float64Array(B * A), dValue: new Float64Array(B), dLogStd: new Float64Array(A) },
  );
  const tensor = tf.tidy(() => {
    const t = (x: Float64Array, shape: number[]) => tf.tensor(Float32Array.from(x), shape);
    const logProb = gaussianLogProb(
      t(mean, [1, B, A]) as tf.Tensor3D,
      t(logStd, [1, 1, A]) as tf.Tensor3D,
      t(actions, [1, B, A]) as tf.Tensor3D,
    );
    const policy = clippedSurrogateLoss(logProb, t(oldLogProb, [1, B]) as tf.Tensor2D, t(advantage, [1, B]) as tf.Tensor2D, clipRange);
    const valueLoss = libClippedValueLoss(
      t(value, [1, B]) as tf.Tensor2D,
      t(oldValue, [1, B]) as tf.Tensor2D,
      t(returnTarget, [1, B]) as tf.Tensor2D,
      clipRange,
    );
    return { policyLoss: policy.loss.dataSync()[0]!, valueLoss: valueLoss.dataSync()[0]! };
  });
  return { host: { policyLoss: host.policyLoss, valueLoss: host.valueLoss }, tensor, clipFraction: host.clipFraction };
}
