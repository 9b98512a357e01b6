/**
 * Diagonal Gaussian policy distribution with a state-independent log-std (PG.10).
 *
 * log π(a|s) = −½ Σᵢ ((aᵢ − μᵢ)/σᵢ)² − Σᵢ log σᵢ − (d/2) log 2π
 * H(π)       = Σᵢ (log σᵢ + ½ log(2πe))
 *
 * Tensor versions (for losses, differentiable) work on a leading population axis `S`;
 * array versions (Float64, for rollouts) work on one sample.
 */
import * as tf from "@tensorflow/tfjs";

/** ½ log(2π). */
export const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Log-density of `action` under N(mean, diag(exp(logStd))²), summed over the action axis (PG.10).
 * @param mean `[S, B, A]`
 * @param logStd `[S, 1, A]` (broadcast over the batch)
 * @param action `[S, B, A]`
 * @returns `[S, B]`
 */
export function gaussianLogProb(mean: tf.Tensor3D, logStd: tf.Tensor3D, action: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => {
    const actDim = mean.shape[2];
    const z = tf.mul(tf.sub(action, mean), tf.exp(tf.neg(logStd)));
    const quad = tf.sum(tf.square(z), 2); // [S, B]
    const logStdSum = tf.sum(logStd, 2); // [S, 1]
    // (PG.10) log π = −½‖z‖² − Σ log σ − (d/2) log 2π
    return tf.sub(tf.mul(quad, -0.5), tf.add(logStdSum, actDim * HALF_LOG_2PI)) as tf.Tensor2D;
  });
}

/**
 * Entropy of the diagonal Gaussian (PG.10), one value per seed.
 * @param logStd `[S, 1, A]`
 * @returns `[S]`
 */
export function gaussianEntropy(logStd: tf.Tensor3D): tf.Tensor1D {
  return tf.tidy(() => {
    const actDim = logStd.shape[2];
    // (PG.10) H = Σ log σᵢ + (d/2)(1 + log 2π)
    return tf.add(tf.sum(logStd, [1, 2]), actDim * (0.5 + HALF_LOG_2PI)) as tf.Tensor1D;
  });
}

/**
 * Log-density of one action (PG.10), Float64 arithmetic.
 * @param mean length A; @param logStd length A; @param action length A (offsets select a row).
 */
export function gaussianLogProbArray(
  mean: ArrayLike<number>,
  logStd: ArrayLike<number>,
  action: ArrayLike<number>,
  actDim: number,
  meanOffset = 0,
  logStdOffset = 0,
  actionOffset = 0,
): number {
  let quad = 0;
  let logStdSum = 0;
  for (let i = 0; i < actDim; i++) {
    const ls = logStd[logStdOffset + i];
    const z = (action[actionOffset + i] - mean[meanOffset + i]) * Math.exp(-ls);
    quad += z * z;
    logStdSum += ls;
  }
  return -0.5 * quad - logStdSum - actDim * HALF_LOG_2PI;
}

/** Entropy of N(·, diag(exp(logStd))²) (PG.10), Float64. */
export function gaussianEntropyArray(logStd: ArrayLike<number>, actDim: number, offset = 0): number {
  let sum = 0;
  for (let i = 0; i < actDim; i++) sum += logStd[offset + i];
  return sum + actDim * (0.5 + HALF_LOG_2PI);
}
