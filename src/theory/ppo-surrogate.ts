/**
 * PPO's clipped surrogate (PG.8) and clipped value loss (PG.9) seen as functions of the ratio, and
 * a small experiment showing why clipping bounds the policy update.
 *
 * Both objectives come from the same library functions PPO trains with (see `ppo-bridge.ts`).
 */
import * as tf from "@tensorflow/tfjs";
import { ConfigError, describeValue } from "../core/errors";
import type { Rng } from "../core/rng";
import { clippedSurrogateObjective, clippedValueLoss } from "./ppo-bridge";

/** Surrogate value and its derivative with respect to the ratio, on a grid of ratios. */
export interface SurrogateCurve {
  readonly ratio: number[];
  /** L^CLIP(ρ) for one sample with advantage Â. */
  readonly value: number[];
  /** dL^CLIP/dρ (automatic differentiation through the library's objective). */
  readonly gradient: number[];
}

/**
 * (PG.8) L^CLIP for one sample as a function of ρ, and dL/dρ, computed with the library's
 * objective at log π_old = 0, log π = log ρ (so dL/dρ = (dL/dlog π)/ρ).
 * @throws ConfigError when a ratio is not > 0 or clipRange is not in (0, 1).
 */
export function clippedSurrogateCurve(ratios: readonly number[], advantage: number, clipRange: number): SurrogateCurve {
  if (!(clipRange > 0 && clipRange < 1)) throw new ConfigError("clipRange", `must be in (0, 1), got ${describeValue(clipRange)}`);
  const value: number[] = [];
  const gradient: number[] = [];
  for (const r of ratios) {
    if (!(r > 0)) throw new ConfigError("ratios", `each must be > 0, got ${describeValue(r)}`);
    tf.tidy(() => {
      const old = tf.tensor1d([0]);
      const adv = tf.tensor1d([advantage]);
      const f = (lp: tf.Tensor): tf.Scalar => clippedSurrogateObjective(lp as tf.Tensor1D, old, adv, clipRange);
      const { value: v, grad } = tf.valueAndGrad(f)(tf.tensor1d([Math.log(r)]));
      value.push(v.dataSync()[0]!);
      gradient.push(grad.dataSync()[0]! / r);
    });
  }
  return { ratio: [...ratios], value, gradient };
}

/**
 * (PG.9) Clipped value loss for one sample as a function of the new value V, with V_old and the
 * target R fixed: value and dLoss/dV.
 */
export function clippedValueLossCurve(
  values: readonly number[],
  oldValue: number,
  returnTarget: number,
  clipRange: number,
): { value: number[]; loss: number[]; gradient: number[] } {
  const loss: number[] = [];
  const gradient: number[] = [];
  for (const v of values) {
    tf.tidy(() => {
      const f = (x: tf.Tensor): tf.Scalar =>
        clippedValueLoss(x as tf.Tensor1D, tf.tensor1d([oldValue]), tf.tensor1d([returnTarget]), clipRange);
      const { value: l, grad } = tf.valueAndGrad(f)(tf.tensor1d([v]));
      loss.push(l.dataSync()[0]!);
      gradient.push(grad.dataSync()[0]!);
    });
  }
  return { value: [...values], loss, gradient };
}

/** Options of {@link surrogateAscent}. */
export interface SurrogateAscentOptions {
  /** Number of arms of the softmax bandit policy. */
  readonly numActions: number;
  /** Sampled actions in the fixed batch. */
  readonly batchSize: number;
  /** Gradient-ascent steps on the fixed batch (PPO reuses one batch for many steps). */
  readonly steps: number;
  /** Step size of plain gradient ascent on the logits. */
  readonly learningRate: number;
  /** ε of the clip; `null` optimises the unclipped surrogate ρÂ instead. */
  readonly clipRange: number | null;
}

/** Per-step diagnostics of {@link surrogateAscent}. */
export interface SurrogateAscentTrace {
  /** KL(π_old ‖ π_θ) after each step, in nats. */
  readonly kl: number[];
  /** max_i |ρ_i − 1| over the batch after each step. */
  readonly maxRatioDeviation: number[];
  /** Fraction of samples whose ratio left [1−ε, 1+ε] (ε = 0.2 for the unclipped run). */
  readonly clipFraction: number[];
}

/**
 * Repeated gradient ascent on PPO's surrogate with one fixed batch from a softmax bandit: the
 * unclipped surrogate keeps pushing the policy (its value grows without bound), the clipped one
 * stops giving gradient once each sample's ratio leaves [1−ε, 1+ε] in the advantageous direction.
 * Rewards per arm are `arm index / numActions` plus N(0, 0.5²) noise; advantages are the rewards
 * minus the batch mean. Starts from the uniform policy.
 */
export function surrogateAscent(options: SurrogateAscentOptions, rng: Rng): SurrogateAscentTrace {
  const { numActions: K, batchSize: N, steps, learningRate, clipRange } = options;
  if (!Number.isInteger(K) || K < 2) throw new ConfigError("numActions", `must be an integer ≥ 2, got ${describeValue(K)}`);
  if (!Number.isInteger(N) || N < 2) throw new ConfigError("batchSize", `must be an integer ≥ 2, got ${describeValue(N)}`);
  const actions = Array.from({ length: N }, () => rng.int(K));
  const rewards = actions.map((a) => a / K + 0.5 * rng.normal());
  const meanR = rewards.reduce((s, x) => s + x, 0) / N;
  const adv = rewards.map((r) => r - meanR);
  const eps = clipRange ?? 0.2;
  const kl: number[] = [];
  const maxRatioDeviation: number[] = [];
  const clipFraction: number[] = [];
  let theta = new Float64Array(K);
  const oldLogProb = -Math.log(K);
  for (let step = 0; step < steps; step++) {
    const grad = tf.tidy(() => {
      // one-hot selection (a matMul; gather's gradient is missing on the wasm backend)
      const onehot = tf.tensor2d(
        actions.flatMap((a) => Array.from({ length: K }, (_, k) => (k === a ? 1 : 0))),
        [N, K],
      );
      const old = tf.fill([N], oldLogProb) as tf.Tensor1D;
      const a = tf.tensor1d(adv);
      const f = (th: tf.Tensor): tf.Scalar => {
        const lp = tf.matMul(onehot, tf.logSoftmax(th).reshape([K, 1])).reshape([N]) as tf.Tensor1D;
        if (clipRange === null) return tf.mean(tf.mul(tf.exp(tf.sub(lp, old)), a)) as tf.Scalar;
        return clippedSurrogateObjective(lp, old, a, clipRange);
      };
      return tf
        .grad(f)(tf.tensor1d(Array.from(theta)))
        .dataSync();
    });
    theta = theta.map((x, i) => x + learningRate * grad[i]!);
    // diagnostics in float64
    let m = -Infinity;
    for (const x of theta) m = Math.max(m, x);
    let z = 0;
    for (const x of theta) z += Math.exp(x - m);
    const logPi = Array.from(theta, (x) => x - m - Math.log(z));
    let k = 0;
    for (const lp of logPi) k += (1 / K) * (oldLogProb - lp);
    kl.push(k);
    let dev = 0;
    let clipped = 0;
    for (const a of actions) {
      const r = Math.exp(logPi[a]! - oldLogProb);
      dev = Math.max(dev, Math.abs(r - 1));
      if (r < 1 - eps || r > 1 + eps) clipped += 1;
    }
    maxRatioDeviation.push(dev);
    clipFraction.push(clipped / N);
  }
  return { kl, maxRatioDeviation, clipFraction };
}
