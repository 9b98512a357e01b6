/**
 * The discriminator's game of notebook 02 on two known distributions of state–action pairs, with
 * quadrature on a grid for the exact integrals.
 *
 * Convention (the paper's Eq. 8, kept throughout the kit): D is the probability that a pair came
 * from the **policy** (label 1); buffer pairs have label 0. The discriminator maximises
 * (GASIL.1) L_D = E_π[log D] + E_B[log(1 − D)] — i.e. it MINIMISES the binary cross-entropy;
 * the optimum is (GASIL.2) D* = ρ_π/(ρ_π + ρ_E), and its value is (GASIL.3) 2·JS(ρ_π‖ρ_E) − log 4.
 */
import { ConfigError, describeValue } from "../core/errors";
import { sigmoid, softplus } from "../core/math";
import type { Rng } from "../core/rng";
import { Discriminator } from "../nn/discriminator";

/** An axis-aligned 2-D Gaussian over (s, a): independent coordinates. */
export interface PairGaussian {
  readonly mean: readonly [number, number];
  readonly std: readonly [number, number];
}

/** Densities of the policy (ρ_π) and buffer (ρ_E) occupancies on a tensor-product grid. */
export interface PairGrid {
  /** s coordinate of every grid point, `[n·n]`. */
  readonly s: Float64Array;
  /** a coordinate of every grid point, `[n·n]`. */
  readonly a: Float64Array;
  /** Quadrature weight (trapezoid) of every point. */
  readonly weight: Float64Array;
  /** ρ_π at every point. */
  readonly policy: Float64Array;
  /** ρ_E at every point. */
  readonly buffer: Float64Array;
}

/** Re-exported from `core/math` (one definition for the library). */
export { sigmoid, softplus } from "../core/math";

/**
 * (GASIL.1) The two log-likelihood terms for a logit ℓ (D = σ(ℓ)), in the stable forms
 * log D = −softplus(−ℓ) and log(1 − D) = −softplus(ℓ).
 */
export function discriminatorLogTerms(logit: number): { logD: number; log1mD: number } {
  return { logD: -softplus(-logit), log1mD: -softplus(logit) };
}

/** Binary cross-entropy of the discriminator on labelled logits (policy = 1, buffer = 0), mean over both sets. */
export function discriminatorCrossEntropy(policyLogits: ArrayLike<number>, bufferLogits: ArrayLike<number>): number {
  let lp = 0;
  for (let i = 0; i < policyLogits.length; i++) lp += softplus(-policyLogits[i]!);
  let lb = 0;
  for (let i = 0; i < bufferLogits.length; i++) lb += softplus(bufferLogits[i]!);
  return lp / policyLogits.length + lb / bufferLogits.length;
}

/** N(x; mean, std²). */
export function gaussianPdf(x: number, mean: number, std: number): number {
  const z = (x - mean) / std;
  return Math.exp(-0.5 * z * z) / (std * Math.sqrt(2 * Math.PI));
}

/** Density of a {@link PairGaussian} at (s, a). */
export function pairDensity(g: PairGaussian, s: number, a: number): number {
  return gaussianPdf(s, g.mean[0], g.std[0]) * gaussianPdf(a, g.mean[1], g.std[1]);
}

/**
 * Tensor-product trapezoid grid on [lo, hi]² with `n` points per axis, holding both densities.
 * @throws ConfigError when n < 3 or hi ≤ lo.
 */
export function pairGrid(policy: PairGaussian, buffer: PairGaussian, lo: number, hi: number, n: number): PairGrid {
  if (!Number.isInteger(n) || n < 3) throw new ConfigError("n", `must be an integer ≥ 3, got ${describeValue(n)}`);
  if (!(hi > lo)) throw new ConfigError("hi", `must be > lo = ${lo}, got ${describeValue(hi)}`);
  const h = (hi - lo) / (n - 1);
  const N = n * n;
  const grid: PairGrid = {
    s: new Float64Array(N),
    a: new Float64Array(N),
    weight: new Float64Array(N),
    policy: new Float64Array(N),
    buffer: new Float64Array(N),
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      const s = lo + i * h;
      const a = lo + j * h;
      const wi = i === 0 || i === n - 1 ? 0.5 : 1;
      const wj = j === 0 || j === n - 1 ? 0.5 : 1;
      grid.s[k] = s;
      grid.a[k] = a;
      grid.weight[k] = wi * wj * h * h;
      grid.policy[k] = pairDensity(policy, s, a);
      grid.buffer[k] = pairDensity(buffer, s, a);
    }
  }
  return grid;
}

/** (GASIL.2) D*(x) = ρ_π(x)/(ρ_π(x) + ρ_E(x)) point-wise (½ where both vanish). */
export function optimalDiscriminator(policyDensity: ArrayLike<number>, bufferDensity: ArrayLike<number>): Float64Array {
  return Float64Array.from(policyDensity, (p, i) => {
    const q = bufferDensity[i]!;
    return p + q > 0 ? p / (p + q) : 0.5;
  });
}

/**
 * (GASIL.1) The discriminator's objective ∫ ρ_π log D + ρ_E log(1 − D) by quadrature, for D given
 * at the grid points. Terms with zero density are skipped (0·log 0 = 0).
 */
export function discriminatorObjective(grid: PairGrid, D: ArrayLike<number>): number {
  let v = 0;
  for (let k = 0; k < grid.weight.length; k++) {
    const d = D[k]!;
    const p = grid.policy[k]!;
    const q = grid.buffer[k]!;
    if (p > 0) v += grid.weight[k]! * p * Math.log(d);
    if (q > 0) v += grid.weight[k]! * q * Math.log(1 - d);
  }
  return v;
}

/** JS(ρ_π‖ρ_E) = ½ KL(ρ_π‖m) + ½ KL(ρ_E‖m), m = (ρ_π + ρ_E)/2, by quadrature (nats). */
export function jensenShannon(grid: PairGrid): number {
  let js = 0;
  for (let k = 0; k < grid.weight.length; k++) {
    const p = grid.policy[k]!;
    const q = grid.buffer[k]!;
    // log(p/m) written as log(2p/(p+q)): no underflow of m for denormal densities
    if (p > 0) js += 0.5 * grid.weight[k]! * p * Math.log((2 * p) / (p + q));
    if (q > 0) js += 0.5 * grid.weight[k]! * q * Math.log((2 * q) / (p + q));
  }
  return js;
}

/** Total mass of each density on the grid (≈ 1 when the grid covers both). */
export function gridMass(grid: PairGrid): { policy: number; buffer: number } {
  let p = 0;
  let q = 0;
  for (let k = 0; k < grid.weight.length; k++) {
    p += grid.weight[k]! * grid.policy[k]!;
    q += grid.weight[k]! * grid.buffer[k]!;
  }
  return { policy: p, buffer: q };
}

/** Options of {@link trainPairDiscriminator}. */
export interface TrainPairDiscriminatorOptions {
  readonly policy: PairGaussian;
  readonly buffer: PairGaussian;
  /** Adam steps. */
  readonly steps: number;
  /** Pairs drawn from each distribution per step. */
  readonly batchSize: number;
  /** Hidden layer sizes of the discriminator MLP. Default [32, 32]. */
  readonly hiddenSizes?: readonly number[];
  /** Adam learning rate. Default 0.01. */
  readonly learningRate?: number;
}

/** A trained discriminator evaluated at given points, and its training curve. */
export interface TrainedPairDiscriminator {
  /** D = σ(ℓ) at the evaluation points. */
  readonly D: Float64Array;
  /** Cross-entropy −L_D per step (from the library's diagnostics). */
  readonly loss: number[];
}

function samplePairs(g: PairGaussian, n: number, rng: Rng, obs: Float32Array, act: Float32Array): void {
  for (let i = 0; i < n; i++) {
    obs[i] = g.mean[0] + g.std[0] * rng.normal();
    act[i] = g.mean[1] + g.std[1] * rng.normal();
  }
}

/**
 * Train the library's GASIL {@link Discriminator} (one seed, s and a one-dimensional) on fresh
 * samples of the two distributions each step — policy pairs labelled 1, buffer pairs 0, exactly
 * as GASIL trains it — and evaluate D at the points (`evalS[i]`, `evalA[i]`).
 */
export function trainPairDiscriminator(
  options: TrainPairDiscriminatorOptions,
  evalS: ArrayLike<number>,
  evalA: ArrayLike<number>,
  rng: Rng,
): TrainedPairDiscriminator {
  const { steps, batchSize: B } = options;
  if (!Number.isInteger(steps) || steps < 1) throw new ConfigError("steps", `must be an integer ≥ 1, got ${describeValue(steps)}`);
  if (!Number.isInteger(B) || B < 1) throw new ConfigError("batchSize", `must be an integer ≥ 1, got ${describeValue(B)}`);
  const disc = Discriminator.create(
    { populationSize: 1, obsDim: 1, actDim: 1, hiddenSizes: options.hiddenSizes ?? [32, 32], learningRate: options.learningRate ?? 0.01 },
    [rng.split("init")],
  );
  try {
    const data = rng.split("data");
    const po = new Float32Array(B);
    const pa = new Float32Array(B);
    const bo = new Float32Array(B);
    const ba = new Float32Array(B);
    const loss: number[] = [];
    for (let t = 0; t < steps; t++) {
      samplePairs(options.policy, B, data, po, pa);
      samplePairs(options.buffer, B, data, bo, ba);
      loss.push(disc.update(po, pa, B, bo, ba, B).discLoss[0]!);
    }
    const n = evalS.length;
    const logits = disc.logits(Float32Array.from(evalS), Float32Array.from(evalA), n);
    return { D: Float64Array.from(logits, sigmoid), loss };
  } finally {
    disc.dispose();
  }
}

/** Values at the grid points whose a coordinate is closest to `aValue`, ordered by s. */
export function gridSlice(grid: PairGrid, values: ArrayLike<number>, aValue: number): { s: number[]; value: number[] } {
  let best = Infinity;
  for (let k = 0; k < grid.a.length; k++) best = Math.min(best, Math.abs(grid.a[k]! - aValue));
  const s: number[] = [];
  const value: number[] = [];
  for (let k = 0; k < grid.a.length; k++) {
    if (Math.abs(Math.abs(grid.a[k]! - aValue) - best) < 1e-12) {
      s.push(grid.s[k]!);
      value.push(values[k]!);
    }
  }
  return { s, value };
}

/** Mean |D − D*| under the mixture ½(ρ_π + ρ_E), by quadrature (D given at the grid points). */
export function weightedDiscriminatorError(grid: PairGrid, D: ArrayLike<number>): number {
  const Dstar = optimalDiscriminator(grid.policy, grid.buffer);
  let err = 0;
  let mass = 0;
  for (let k = 0; k < grid.weight.length; k++) {
    const w = grid.weight[k]! * 0.5 * (grid.policy[k]! + grid.buffer[k]!);
    err += w * Math.abs(D[k]! - Dstar[k]!);
    mass += w;
  }
  return err / mass;
}

/** (GASIL.1) L_D estimated on labelled logits: mean log D over policy pairs + mean log(1 − D) over buffer pairs. */
export function discriminatorLogLikelihood(policyLogits: ArrayLike<number>, bufferLogits: ArrayLike<number>): number {
  let lp = 0;
  for (let i = 0; i < policyLogits.length; i++) lp += discriminatorLogTerms(policyLogits[i]!).logD;
  let lb = 0;
  for (let i = 0; i < bufferLogits.length; i++) lb += discriminatorLogTerms(bufferLogits[i]!).log1mD;
  return lp / policyLogits.length + lb / bufferLogits.length;
}
