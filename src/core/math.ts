/** Small numerically stable scalar functions shared by the algorithms, networks and notebooks. */

/** softplus(x) = log(1 + eˣ), computed without overflow for large |x|. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** σ(x) = 1/(1 + e⁻ˣ), computed without overflow for large |x|. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
