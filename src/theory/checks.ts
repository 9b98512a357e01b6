/**
 * Numerical checks used by the derivation notebooks (01, 02) and their tests.
 *
 * Each notebook states an equation with its label, e.g. `(PG.2)`, and the next cell *checks* it
 * with one of these functions. A failed check throws an {@link Error} whose message starts with the
 * label, so a headless run of the notebook (and therefore the test suite) fails on it.
 */

/** Tolerances of {@link checkClose}: passes when |a − e| ≤ atol + rtol·|e| element-wise. */
export interface CloseTolerance {
  /** Absolute tolerance (≥ 0). Default 1e-9. */
  readonly atol?: number;
  /** Relative tolerance (≥ 0). Default 0. */
  readonly rtol?: number;
}

type NumLike = number | ArrayLike<number>;

function toArray(x: NumLike): number[] {
  return typeof x === "number" ? [x] : Array.from(x);
}

/** Largest element-wise |a − b|. @throws Error when the lengths differ. */
export function maxAbsDiff(a: NumLike, b: NumLike): number {
  const xa = toArray(a);
  const xb = toArray(b);
  if (xa.length !== xb.length) throw new Error(`maxAbsDiff: lengths differ (${xa.length} vs ${xb.length})`);
  let m = 0;
  for (let i = 0; i < xa.length; i++) m = Math.max(m, Math.abs(xa[i]! - xb[i]!));
  return m;
}

/** Euclidean norm of a vector. */
export function norm2(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/**
 * Check `actual ≈ expected` element-wise and return a one-line summary (for printing).
 * @param label the equation label or claim being checked, e.g. `"(PG.2)"`.
 * @throws Error `"<label> failed: ..."` when any element is outside the tolerance, a value is not
 *   finite, or the lengths differ.
 */
export function checkClose(actual: NumLike, expected: NumLike, tol: CloseTolerance, label: string): string {
  const atol = tol.atol ?? 1e-9;
  const rtol = tol.rtol ?? 0;
  const xa = toArray(actual);
  const xe = toArray(expected);
  if (xa.length !== xe.length) throw new Error(`${label} failed: length ${xa.length} vs expected ${xe.length}`);
  let worst = 0;
  for (let i = 0; i < xa.length; i++) {
    const a = xa[i]!;
    const e = xe[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(e))
      throw new Error(`${label} failed: non-finite value at index ${i} (actual ${a}, expected ${e})`);
    const diff = Math.abs(a - e);
    worst = Math.max(worst, diff);
    if (diff > atol + rtol * Math.abs(e)) {
      throw new Error(
        `${label} failed at index ${i}: actual ${a} vs expected ${e} (|diff| ${diff.toExponential(3)} > atol ${atol} + rtol ${rtol}·|expected|)`,
      );
    }
  }
  return `${label} ok: max |diff| = ${worst.toExponential(3)} over ${xa.length} value(s)`;
}

/**
 * Check a claim and return a one-line summary.
 * @param detail printed with the result (the numbers behind the claim).
 * @throws Error `"<label> failed: <detail>"` when `condition` is false.
 */
export function checkThat(condition: boolean, label: string, detail: string): string {
  if (!condition) throw new Error(`${label} failed: ${detail}`);
  return `${label} ok: ${detail}`;
}

/** Least-squares line y ≈ intercept + slope·x. @throws Error with fewer than 2 points. */
export function linearFit(xs: ArrayLike<number>, ys: ArrayLike<number>): { slope: number; intercept: number } {
  const n = xs.length;
  if (n < 2 || ys.length !== n) throw new Error(`linearFit: need ≥ 2 points of equal length, got ${n} and ${ys.length}`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Slope of log(y) against log(x) (e.g. ≈ −1/2 for Monte-Carlo error vs sample count). */
export function logLogSlope(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  return linearFit(Array.from(xs, Math.log), Array.from(ys, Math.log)).slope;
}

/** Sample mean and standard error of the mean of `values` (n ≥ 2). */
export function meanAndStderr(values: ArrayLike<number>): { mean: number; stderr: number } {
  const n = values.length;
  if (n < 2) throw new Error(`meanAndStderr: need ≥ 2 values, got ${n}`);
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i]!;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i]! - m) ** 2;
  v /= n - 1;
  return { mean: m, stderr: Math.sqrt(v / n) };
}

/** True when `xs` is strictly increasing (or decreasing) along its order. */
export function isMonotone(xs: ArrayLike<number>, direction: "increasing" | "decreasing"): boolean {
  for (let i = 1; i < xs.length; i++) {
    if (direction === "increasing" ? !(xs[i]! > xs[i - 1]!) : !(xs[i]! < xs[i - 1]!)) return false;
  }
  return true;
}

/** Arithmetic mean of `xs` (NaN when empty). */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}
