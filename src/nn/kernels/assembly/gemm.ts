// Dense float32 kernels for small MLPs (AssemblyScript → WebAssembly SIMD, f32x4).
//
// Determinism: every output element is a plain sequential sum in a fixed order that depends only on
// the shapes (never on how many rows or seeds a call covers): `gemm` starts from the bias (or 0)
// and adds A[m,k]·B[k,n] for k = 0, 1, …, K−1, one multiply and one add each (WebAssembly forbids
// fusing them, so a SIMD lane and the scalar tail compute bit-identical values). `gemmDot` sums in
// four interleaved lanes and combines them in one fixed order. Nothing here depends on the
// alignment of a pointer, so a seed's rows give the same numbers wherever they lie in memory.
//
// Pointers are byte addresses in linear memory; strides and sizes are in float32 elements.

/** Activation applied to the result: none (linear output layer) or tanh (hidden layers). */
export const ACT_NONE: i32 = 0;
export const ACT_TANH: i32 = 1;

// tanh as a rational function p(x)/q(x) of x clamped to [−9, 9]: odd degree-13 numerator, even
// degree-6 denominator, with the coefficients of Eigen's `generic_fast_tanh_float`, except that
// q's constant term is set to p's linear one (they differ by 1.3e-7 relatively), so that
// p/q → x exactly for tiny x without a branch. Measured against Math.tanh on a dense grid of
// float32 inputs: ≤ 5 ulp for |x| ≤ 3, ≤ 4e-7 absolute everywhere. One division, no exp, and the
// same operations on a lane and on a scalar, so vector and tail elements agree bit for bit.
const TANH_CLAMP: f32 = 9.0;
const A1: f32 = 4.89352455891786e-3;
const A3: f32 = 6.37261928875436e-4;
const A5: f32 = 1.48572235717979e-5;
const A7: f32 = 5.12229709037114e-8;
const A9: f32 = -8.60467152213735e-11;
const A11: f32 = 2.00018790482477e-13;
const A13: f32 = -2.76076847742355e-16;
const B0: f32 = A1;
const B2: f32 = 2.268434632439e-3;
const B4: f32 = 1.18534705686654e-4;
const B6: f32 = 1.19825839466702e-6;

// The vector form reads its constants from a table: V8 rebuilds every v128 constant from
// immediates at each use (2–3 instructions), one broadcast load is a single µop. With this,
// pmin/pmax below and no branch for small x, the tanh fused into a 64×64×64 product went from
// 2.1 to 1.05 ns per value (standalone: 2.8 → 1.1 ns), A/B in one process.
const TANH_TABLE = memory.data<f32>([TANH_CLAMP, -TANH_CLAMP, 0, A13, A11, A9, A7, A5, A3, A1, B6, B4, B2, B0]);

// @ts-ignore: decorator
@inline
function coef(i: i32): v128 {
  return v128.load32_splat(TANH_TABLE + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline
export function tanhV(x: v128): v128 {
  // pmin/pmax (one minps/maxps each) rather than min/max, whose NaN and ±0 rules cost ~8
  // instructions on x86; NaN still propagates (x is the first operand).
  const c = f32x4.pmax(f32x4.pmin(x, coef(0)), coef(1));
  const x2 = f32x4.mul(c, c);
  let p = f32x4.add(f32x4.mul(coef(3), x2), coef(4));
  p = f32x4.add(f32x4.mul(p, x2), coef(5));
  p = f32x4.add(f32x4.mul(p, x2), coef(6));
  p = f32x4.add(f32x4.mul(p, x2), coef(7));
  p = f32x4.add(f32x4.mul(p, x2), coef(8));
  p = f32x4.add(f32x4.mul(p, x2), coef(9));
  p = f32x4.mul(p, c);
  let q = f32x4.add(f32x4.mul(coef(10), x2), coef(11));
  q = f32x4.add(f32x4.mul(q, x2), coef(12));
  q = f32x4.add(f32x4.mul(q, x2), coef(13));
  return f32x4.div(p, q);
}

// @ts-ignore: decorator
@inline
export function tanhS(x: f32): f32 {
  // pmin(x, a) = a < x ? a : x and pmax(x, a) = x < a ? a : x, as in the vector form.
  let c = TANH_CLAMP < x ? TANH_CLAMP : x;
  c = c < -TANH_CLAMP ? -TANH_CLAMP : c;
  const x2 = c * c;
  let p = A13 * x2 + A11;
  p = p * x2 + A9;
  p = p * x2 + A7;
  p = p * x2 + A5;
  p = p * x2 + A3;
  p = p * x2 + A1;
  p = p * c;
  let q = B6 * x2 + B4;
  q = q * x2 + B2;
  q = q * x2 + B0;
  return p / q;
}

// @ts-ignore: decorator
@inline
function storeV(p: usize, v: v128, act: i32): void {
  v128.store(p, act == ACT_TANH ? tanhV(v) : v);
}

// @ts-ignore: decorator
@inline
function storeS(p: usize, v: f32, act: i32): void {
  store<f32>(p, act == ACT_TANH ? tanhS(v) : v);
}

// @ts-ignore: decorator
@inline
function initV(bias: usize, n: i32): v128 {
  return bias == 0 ? f32x4.splat(0) : v128.load(bias + (<usize>n << 2));
}

// @ts-ignore: decorator
@inline
function initS(bias: usize, n: i32): f32 {
  return bias == 0 ? <f32>0 : load<f32>(bias + (<usize>n << 2));
}

/**
 * C[m, n] = act(bias[n] + Σ_k A[m, k]·B[k, n]) for m < M, n < N (bias 0 = no bias).
 * A's element (m, k) lies at `a + 4·(m·ars + k·acs)`, so A can be a matrix or a transposed view
 * of one (ars = 1, acs = row length); B is row-major with row stride `ldb`, C with `ldc`.
 * Blocks of 4 rows × 8 columns keep 8 accumulators in registers: per k, two vector loads of B and
 * four broadcast loads of A feed eight multiply-adds.
 */
export function gemm(c: usize, ldc: i32, a: usize, ars: i32, acs: i32, b: usize, ldb: i32, bias: usize, M: i32, N: i32, K: i32, act: i32): void {
  const rs = <usize>ars << 2;
  const cs = <usize>acs << 2;
  const bs = <usize>ldb << 2;
  const crs = <usize>ldc << 2;
  const M4 = M & ~3;
  const N8 = N & ~7;
  const N4 = N & ~3;
  let m = 0;
  for (; m < M4; m += 4) {
    const arow = a + <usize>m * rs;
    const crow = c + <usize>m * crs;
    let n = 0;
    for (; n < N8; n += 8) {
      const i0 = initV(bias, n);
      const i1 = initV(bias, n + 4);
      let r00 = i0, r01 = i1, r10 = i0, r11 = i1, r20 = i0, r21 = i1, r30 = i0, r31 = i1;
      let ap = arow;
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        let x = v128.load32_splat(ap);
        r00 = f32x4.add(r00, f32x4.mul(x, b0));
        r01 = f32x4.add(r01, f32x4.mul(x, b1));
        x = v128.load32_splat(ap + rs);
        r10 = f32x4.add(r10, f32x4.mul(x, b0));
        r11 = f32x4.add(r11, f32x4.mul(x, b1));
        x = v128.load32_splat(ap + 2 * rs);
        r20 = f32x4.add(r20, f32x4.mul(x, b0));
        r21 = f32x4.add(r21, f32x4.mul(x, b1));
        x = v128.load32_splat(ap + 3 * rs);
        r30 = f32x4.add(r30, f32x4.mul(x, b0));
        r31 = f32x4.add(r31, f32x4.mul(x, b1));
        ap += cs;
        bp += bs;
      }
      const cp = crow + (<usize>n << 2);
      storeV(cp, r00, act);
      storeV(cp + 16, r01, act);
      storeV(cp + crs, r10, act);
      storeV(cp + crs + 16, r11, act);
      storeV(cp + 2 * crs, r20, act);
      storeV(cp + 2 * crs + 16, r21, act);
      storeV(cp + 3 * crs, r30, act);
      storeV(cp + 3 * crs + 16, r31, act);
    }
    if (n < N4) {
      const i0 = initV(bias, n);
      let r0 = i0, r1 = i0, r2 = i0, r3 = i0;
      let ap = arow;
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(bp);
        r0 = f32x4.add(r0, f32x4.mul(v128.load32_splat(ap), b0));
        r1 = f32x4.add(r1, f32x4.mul(v128.load32_splat(ap + rs), b0));
        r2 = f32x4.add(r2, f32x4.mul(v128.load32_splat(ap + 2 * rs), b0));
        r3 = f32x4.add(r3, f32x4.mul(v128.load32_splat(ap + 3 * rs), b0));
        ap += cs;
        bp += bs;
      }
      const cp = crow + (<usize>n << 2);
      storeV(cp, r0, act);
      storeV(cp + crs, r1, act);
      storeV(cp + 2 * crs, r2, act);
      storeV(cp + 3 * crs, r3, act);
      n += 4;
    }
    for (; n < N; n++) {
      const i0 = initS(bias, n);
      let s0 = i0, s1 = i0, s2 = i0, s3 = i0;
      let ap = arow;
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        const w = load<f32>(bp);
        s0 += load<f32>(ap) * w;
        s1 += load<f32>(ap + rs) * w;
        s2 += load<f32>(ap + 2 * rs) * w;
        s3 += load<f32>(ap + 3 * rs) * w;
        ap += cs;
        bp += bs;
      }
      const cp = crow + (<usize>n << 2);
      storeS(cp, s0, act);
      storeS(cp + crs, s1, act);
      storeS(cp + 2 * crs, s2, act);
      storeS(cp + 3 * crs, s3, act);
    }
  }
  // Remaining rows one at a time (e.g. one observation per seed in rollouts): 16 columns per pass.
  for (; m < M; m++) {
    const arow = a + <usize>m * rs;
    const crow = c + <usize>m * crs;
    const N16 = N & ~15;
    let n = 0;
    for (; n < N16; n += 16) {
      let r0 = initV(bias, n), r1 = initV(bias, n + 4), r2 = initV(bias, n + 8), r3 = initV(bias, n + 12);
      let ap = arow;
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        const x = v128.load32_splat(ap);
        r0 = f32x4.add(r0, f32x4.mul(x, v128.load(bp)));
        r1 = f32x4.add(r1, f32x4.mul(x, v128.load(bp, 16)));
        r2 = f32x4.add(r2, f32x4.mul(x, v128.load(bp, 32)));
        r3 = f32x4.add(r3, f32x4.mul(x, v128.load(bp, 48)));
        ap += cs;
        bp += bs;
      }
      const cp = crow + (<usize>n << 2);
      storeV(cp, r0, act);
      storeV(cp + 16, r1, act);
      storeV(cp + 32, r2, act);
      storeV(cp + 48, r3, act);
    }
    for (; n < N4; n += 4) {
      let r0 = initV(bias, n);
      let ap = arow;
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        r0 = f32x4.add(r0, f32x4.mul(v128.load32_splat(ap), v128.load(bp)));
        ap += cs;
        bp += bs;
      }
      storeV(crow + (<usize>n << 2), r0, act);
    }
    for (; n < N; n++) {
      let s0 = initS(bias, n);
      let ap = arow;
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        s0 += load<f32>(ap) * load<f32>(bp);
        ap += cs;
        bp += bs;
      }
      storeS(crow + (<usize>n << 2), s0, act);
    }
  }
}

/**
 * C[m, n] = act(Σ_k A[m, k]·Bt[n, k] + bias[n]) with rows of A (stride `lda`) and of Bt (stride
 * `ldbt`) contiguous: the form for layers with fewer than 4 outputs (the policy mean, the value,
 * the discriminator's logit), vectorised along k. Fixed order: lane j sums k ≡ j (mod 4) below
 * K − K mod 4, then (l0 + l1) + (l2 + l3), then the last K mod 4 terms in order, then the bias.
 */
export function gemmDot(c: usize, ldc: i32, a: usize, lda: i32, bt: usize, ldbt: i32, bias: usize, M: i32, N: i32, K: i32, act: i32): void {
  const K4 = K & ~3;
  for (let m = 0; m < M; m++) {
    const arow = a + ((<usize>m * <usize>lda) << 2);
    const crow = c + ((<usize>m * <usize>ldc) << 2);
    for (let n = 0; n < N; n++) {
      const brow = bt + ((<usize>n * <usize>ldbt) << 2);
      let acc = f32x4.splat(0);
      let k = 0;
      for (; k < K4; k += 4) {
        const off = <usize>k << 2;
        acc = f32x4.add(acc, f32x4.mul(v128.load(arow + off), v128.load(brow + off)));
      }
      let s =
        f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
      for (; k < K; k++) {
        const off = <usize>k << 2;
        s += load<f32>(arow + off) * load<f32>(brow + off);
      }
      if (bias != 0) s += load<f32>(bias + (<usize>n << 2));
      storeS(crow + (<usize>n << 2), s, act);
    }
  }
}

/** dst[j, i] = src[i, j] for a row-major `rows × cols` src (dst is `cols × rows`). */
export function transpose(dst: usize, src: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const srow = src + ((<usize>i * <usize>cols) << 2);
    let dp = dst + (<usize>i << 2);
    const ds = <usize>rows << 2;
    for (let j = 0; j < cols; j++) {
      store<f32>(dp, load<f32>(srow + (<usize>j << 2)));
      dp += ds;
    }
  }
}

/** dst[n] = Σ_m src[m, n] (row-major, row stride `ld`), summed over m in order from 0. */
export function columnSums(dst: usize, src: usize, ld: i32, M: i32, N: i32): void {
  const rs = <usize>ld << 2;
  const N4 = N & ~3;
  let n = 0;
  for (; n < N4; n += 4) {
    let acc = f32x4.splat(0);
    let p = src + (<usize>n << 2);
    for (let m = 0; m < M; m++) {
      acc = f32x4.add(acc, v128.load(p));
      p += rs;
    }
    v128.store(dst + (<usize>n << 2), acc);
  }
  for (; n < N; n++) {
    let s: f32 = 0;
    let p = src + (<usize>n << 2);
    for (let m = 0; m < M; m++) {
      s += load<f32>(p);
      p += rs;
    }
    store<f32>(dst + (<usize>n << 2), s);
  }
}

/** g[i] ← g[i]·(1 − h[i]²) for i < count: back through tanh, given its outputs h. */
export function tanhBackward(g: usize, h: usize, count: i32): void {
  const C4 = count & ~3;
  const one = f32x4.splat(1);
  let i = 0;
  for (; i < C4; i += 4) {
    const off = <usize>i << 2;
    const hv = v128.load(h + off);
    v128.store(g + off, f32x4.mul(v128.load(g + off), f32x4.sub(one, f32x4.mul(hv, hv))));
  }
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const hs = load<f32>(h + off);
    store<f32>(g + off, load<f32>(g + off) * (<f32>1 - hs * hs));
  }
}

/** tanh of `count` floats in place (exposed for tests of the approximation). */
export function tanhInPlace(p: usize, count: i32): void {
  const C4 = count & ~3;
  let i = 0;
  for (; i < C4; i += 4) v128.store(p + (<usize>i << 2), tanhV(v128.load(p + (<usize>i << 2))));
  for (; i < count; i++) store<f32>(p + (<usize>i << 2), tanhS(load<f32>(p + (<usize>i << 2))));
}
