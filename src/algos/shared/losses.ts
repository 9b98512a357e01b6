/**
 * PPO objective terms on a population minibatch. Every function works on a leading seed axis `S`
 * and reduces over the batch axis only, so each seed's loss depends on that seed's data alone.
 *
 * - (PG.7) importance ratio ρ = π_θ(a|s)/π_old(a|s) = exp(log π_θ − log π_old)
 * - (PG.8) clipped surrogate L^CLIP = E[min(ρÂ, clip(ρ, 1−ε, 1+ε)Â)]; we MINIMISE its negative,
 *          mean over the minibatch of max(−Âρ, −Â clip(ρ, 1±ε)) (fact sheet §3.2)
 * - (PG.9) clipped value loss ½ E[max((V−R)², (V_old + clip(V−V_old, ±ε) − R)²)]
 */
import * as tf from "@tensorflow/tfjs";

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
