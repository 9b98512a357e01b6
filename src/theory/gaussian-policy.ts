/**
 * The diagonal Gaussian policy of the kit (PG.10) checked by quadrature, and its score function
 * used in a continuous-action policy gradient with an exact answer.
 *
 * Uses the library's own `gaussianLogProbArray` / `gaussianEntropyArray` (nn/diag-gaussian).
 */
import { ConfigError, describeValue } from "../core/errors";
import type { Rng } from "../core/rng";
import { gaussianEntropyArray, gaussianLogProbArray } from "../nn/diag-gaussian";

/** Quadrature of a 1-D N(mean, exp(logStd)²) on mean ± 12σ with `n` trapezoid points. */
export interface GaussianQuadrature {
  /** ∫ π(a) da (should be 1). */
  readonly mass: number;
  /** −∫ π log π da. */
  readonly entropyNumeric: number;
  /** The library's closed form log σ + ½ log(2πe). */
  readonly entropyFormula: number;
}

/** (PG.10) Check the library's log-density and entropy by quadrature. @throws ConfigError when n < 3. */
export function gaussianQuadrature(mean: number, logStd: number, n = 4001): GaussianQuadrature {
  if (!Number.isInteger(n) || n < 3) throw new ConfigError("n", `must be an integer ≥ 3, got ${describeValue(n)}`);
  const sigma = Math.exp(logStd);
  const lo = mean - 12 * sigma;
  const h = (24 * sigma) / (n - 1);
  let mass = 0;
  let ent = 0;
  for (let i = 0; i < n; i++) {
    const a = lo + i * h;
    const lp = gaussianLogProbArray([mean], [logStd], [a], 1);
    const w = (i === 0 || i === n - 1 ? 0.5 : 1) * h;
    mass += w * Math.exp(lp);
    ent -= w * Math.exp(lp) * lp;
  }
  return { mass, entropyNumeric: ent, entropyFormula: gaussianEntropyArray([logStd], 1) };
}

/**
 * Score ∇_(μ, log σ) log π(a) of a 1-D Gaussian by central finite differences of the library's
 * log-density (step 1e-5): analytically ((a − μ)/σ², (a − μ)²/σ² − 1).
 */
export function gaussianScore(mean: number, logStd: number, action: number): [number, number] {
  const h = 1e-5;
  const f = (m: number, l: number): number => gaussianLogProbArray([m], [l], [action], 1);
  return [(f(mean + h, logStd) - f(mean - h, logStd)) / (2 * h), (f(mean, logStd + h) - f(mean, logStd - h)) / (2 * h)];
}

/**
 * Score-function estimate of ∇_(μ, log σ) E_{a∼N(μ,σ²)}[−(a − c)²] from `n` samples, and the exact
 * gradient (−2(μ − c), −2σ²). Returns the estimate, its standard errors and the exact value.
 */
export function gaussianPolicyGradient(
  mean: number,
  logStd: number,
  target: number,
  n: number,
  rng: Rng,
): { estimate: [number, number]; stderr: [number, number]; exact: [number, number] } {
  if (!Number.isInteger(n) || n < 2) throw new ConfigError("n", `must be an integer ≥ 2, got ${describeValue(n)}`);
  const sigma = Math.exp(logStd);
  const s = [0, 0];
  const s2 = [0, 0];
  for (let i = 0; i < n; i++) {
    const a = mean + sigma * rng.normal();
    const f = -((a - target) ** 2);
    const z = (a - mean) / sigma;
    const g = [f * (z / sigma), f * (z * z - 1)];
    for (let k = 0; k < 2; k++) {
      s[k]! += g[k]!;
      s2[k]! += g[k]! * g[k]!;
    }
  }
  const m = s.map((x) => x / n);
  const se = s2.map((x, k) => Math.sqrt((x / n - m[k]! ** 2) / (n - 1)));
  return { estimate: [m[0]!, m[1]!], stderr: [se[0]!, se[1]!], exact: [-2 * (mean - target), -2 * sigma * sigma] };
}
