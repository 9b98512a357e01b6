// Adam for a population's flat parameters, with the exact arithmetic of PopulationAdam.step
// (src/nn/optim.ts): float32 storage, float64 arithmetic, the same operations in the same order,
// so parameters and moments come out bit-identical to the JavaScript loop, only faster (f64x2).
// The per-seed scalars (clipping scale, bias-corrected step size) are computed by the wrapper with
// the same JavaScript expressions.

/** Σ g[i]² for i < count, float64, summed in index order (the order of the JavaScript loop). */
export function sumSquares(g: usize, count: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < count; i++) {
    const x = <f64>load<f32>(g + (<usize>i << 2));
    s += x * x;
  }
  return s;
}

// @ts-ignore: decorator
@inline
function load2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

// @ts-ignore: decorator
@inline
function round2(x: v128): v128 {
  return f32x4.demote_f64x2_zero(x);
}

/**
 * For i < count: g = grad·scale; m ← β₁m + (1−β₁)g; v ← β₂v + ((1−β₂)g)g (both stored as float32);
 * θ ← θ − (lrT·m)/(√v + ε) with the stored m and v, as `params[i] -= (lrT * m[i]) / (Math.sqrt(v[i]) + epsilon)`.
 */
export function adamUpdate(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  count: i32,
  scale: f64,
  lrT: f64,
  beta1: f64,
  oneMinusBeta1: f64,
  beta2: f64,
  oneMinusBeta2: f64,
  eps: f64,
): void {
  const vScale = f64x2.splat(scale);
  const vLr = f64x2.splat(lrT);
  const vB1 = f64x2.splat(beta1);
  const vC1 = f64x2.splat(oneMinusBeta1);
  const vB2 = f64x2.splat(beta2);
  const vC2 = f64x2.splat(oneMinusBeta2);
  const vEps = f64x2.splat(eps);
  const n2 = count & ~1;
  let i = 0;
  for (; i < n2; i += 2) {
    const off = <usize>i << 2;
    const gi = f64x2.mul(load2(g + off), vScale);
    const m32 = round2(f64x2.add(f64x2.mul(vB1, load2(m + off)), f64x2.mul(vC1, gi)));
    const v32 = round2(f64x2.add(f64x2.mul(vB2, load2(v + off)), f64x2.mul(f64x2.mul(vC2, gi), gi)));
    v128.store64_lane(m + off, m32, 0);
    v128.store64_lane(v + off, v32, 0);
    const step = f64x2.div(f64x2.mul(vLr, f64x2.promote_low_f32x4(m32)), f64x2.add(f64x2.sqrt(f64x2.promote_low_f32x4(v32)), vEps));
    v128.store64_lane(p + off, round2(f64x2.sub(load2(p + off), step)), 0);
  }
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const gi = <f64>load<f32>(g + off) * scale;
    const mi = <f32>(beta1 * <f64>load<f32>(m + off) + oneMinusBeta1 * gi);
    const vi = <f32>(beta2 * <f64>load<f32>(v + off) + oneMinusBeta2 * gi * gi);
    store<f32>(m + off, mi);
    store<f32>(v + off, vi);
    store<f32>(p + off, <f32>(<f64>load<f32>(p + off) - (lrT * <f64>mi) / (Math.sqrt(<f64>vi) + eps)));
  }
}
