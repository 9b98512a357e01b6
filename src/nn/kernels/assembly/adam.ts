// Adam for a population's flat parameters, with the exact arithmetic of PopulationAdam.step
// (src/nn/optim.ts): float32 storage and float32 arithmetic (every operation rounded to float32,
// as float32 Adam in TensorFlow or PyTorch; the JavaScript loop rounds each operation with
// Math.fround), the same operations in the same order, so parameters and moments come out
// bit-identical to the JavaScript loop, only faster (f32x4; float64 division and square root,
// which an earlier version used, cost ≈ 4× more). The per-seed scalars (clipping scale,
// bias-corrected step size) are computed by the wrapper with the same JavaScript expressions and
// rounded to float32 on the way in.

/** Σ g[i]² for i < count, float64, summed in index order (the order of the JavaScript loop). */
export function sumSquares(g: usize, count: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < count; i++) {
    const x = <f64>load<f32>(g + (<usize>i << 2));
    s += x * x;
  }
  return s;
}

/**
 * For i < count, in float32: g = grad·scale; m ← β₁m + (1−β₁)g; v ← β₂v + ((1−β₂)g)g;
 * θ ← θ − (lrT·m)/(√v + ε) with the new m and v.
 */
export function adamUpdate(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  count: i32,
  scale: f32,
  lrT: f32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  eps: f32,
): void {
  const vScale = f32x4.splat(scale);
  const vLr = f32x4.splat(lrT);
  const vB1 = f32x4.splat(beta1);
  const vC1 = f32x4.splat(oneMinusBeta1);
  const vB2 = f32x4.splat(beta2);
  const vC2 = f32x4.splat(oneMinusBeta2);
  const vEps = f32x4.splat(eps);
  const n4 = count & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const off = <usize>i << 2;
    const gi = f32x4.mul(v128.load(g + off), vScale);
    const mi = f32x4.add(f32x4.mul(vB1, v128.load(m + off)), f32x4.mul(vC1, gi));
    const vi = f32x4.add(f32x4.mul(vB2, v128.load(v + off)), f32x4.mul(f32x4.mul(vC2, gi), gi));
    v128.store(m + off, mi);
    v128.store(v + off, vi);
    const step = f32x4.div(f32x4.mul(vLr, mi), f32x4.add(f32x4.sqrt(vi), vEps));
    v128.store(p + off, f32x4.sub(v128.load(p + off), step));
  }
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const gi = load<f32>(g + off) * scale;
    const mi = beta1 * load<f32>(m + off) + oneMinusBeta1 * gi;
    const vi = beta2 * load<f32>(v + off) + oneMinusBeta2 * gi * gi;
    store<f32>(m + off, mi);
    store<f32>(v + off, vi);
    store<f32>(p + off, load<f32>(p + off) - (lrT * mi) / (Mathf.sqrt(vi) + eps));
  }
}
