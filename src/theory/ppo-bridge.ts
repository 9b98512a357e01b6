/**
 * PPO's objectives in the one-dimensional form the theory notebook plots, delegating to the
 * library's own losses (algos/shared/losses) — the functions PPO trains with.
 */
import * as tf from "@tensorflow/tfjs";
import { clippedSurrogateLoss, clippedValueLoss as libClippedValueLoss } from "../algos/shared/losses";

/**
 * (PG.8) E[min(ρÂ, clip(ρ, 1−ε, 1+ε)Â)] with ρ = exp(logProb − oldLogProb), to be MAXIMISED:
 * the negative of the library's `clippedSurrogateLoss` for a one-seed batch `[B]`.
 */
export function clippedSurrogateObjective(logProb: tf.Tensor1D, oldLogProb: tf.Tensor1D, advantage: tf.Tensor1D, clipRange: number): tf.Scalar {
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
    return libClippedValueLoss(value.reshape([1, B]), oldValue.reshape([1, B]), returnTarget.reshape([1, B]), clipRange).reshape([]) as tf.Scalar;
  });
}
