/**
 * Point aggregates over a {@link ScoreMatrix} (rliable's `metrics` module, our own code).
 * All are pure functions of the matrix; uncertainty lives in `bootstrap.ts`.
 */

import { ShapeError } from "../core/errors";
import type { ScoreMatrix } from "./score-matrix";

/** An aggregate maps a runs × tasks matrix to one number. */
export type Aggregate = (m: ScoreMatrix) => number;

function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values as ArrayLike<number>).sort();
}

/** Arithmetic mean of a non-empty list. @throws ShapeError when empty. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new ShapeError("mean: no values");
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** Sample standard deviation (n − 1 denominator); 0 for a single value. @throws ShapeError when empty. */
export function sampleStd(values: ArrayLike<number>): number {
  const m = mean(values);
  if (values.length < 2) return 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}

/** Standard error of the mean, `sampleStd / √n`. */
export function standardError(values: ArrayLike<number>): number {
  return sampleStd(values) / Math.sqrt(values.length);
}

/**
 * Quantile with linear interpolation between order statistics (NumPy's default, "type 7"):
 * position `q·(n−1)` in the sorted values.
 * @param q in [0, 1]. @throws ShapeError when empty, RangeError when q is outside [0, 1].
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new ShapeError("quantile: no values");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must lie in [0, 1], got ${q}`);
  return quantileSorted(sorted(values), q);
}

/** {@link quantile} of values already sorted ascending. */
export function quantileSorted(s: ArrayLike<number>, q: number): number {
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!);
}

/** Median of a non-empty list. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/**
 * Interquartile mean: sort the n values, drop ⌊n/4⌋ from each end, average the rest. This is the
 * trimmed mean rliable's `aggregate_iqm` computes (SciPy `trim_mean(x, 0.25)` over all runs and
 * tasks pooled); for n a multiple of 4 it is exactly the mean of the middle 50%.
 * @throws ShapeError when empty.
 */
export function interquartileMean(values: ArrayLike<number>): number {
  const s = sorted(values);
  if (s.length === 0) throw new ShapeError("interquartileMean: no values");
  const cut = Math.floor(0.25 * s.length);
  return mean(s.subarray(cut, s.length - cut));
}

/** IQM of all scores of the matrix pooled (runs × tasks). */
export const aggregateIqm: Aggregate = (m) => interquartileMean(m.values);

/** Mean over tasks of the per-task mean over runs (equals the mean of all scores). */
export const aggregateMean: Aggregate = (m) => mean(m.values);

/** Median over tasks of the per-task mean over runs (rliable's `aggregate_median`). */
export const aggregateMedian: Aggregate = (m) => {
  const perTask = new Float64Array(m.tasks.length);
  const nt = m.tasks.length;
  for (let t = 0; t < nt; t++) {
    let s = 0;
    for (let r = 0; r < m.runs.length; r++) s += m.values[r * nt + t]!;
    perTask[t] = s / m.runs.length;
  }
  return median(perTask);
};

/**
 * Optimality gap: mean over all scores of `max(0, threshold − score)` (rliable; threshold 1 for
 * normalised scores). Lower is better.
 */
export function optimalityGap(m: ScoreMatrix, threshold = 1): number {
  let s = 0;
  for (let i = 0; i < m.values.length; i++) s += Math.max(0, threshold - m.values[i]!);
  return s / m.values.length;
}

/**
 * P(X > Y) + ½·P(X = Y) for one X drawn from `x` and one Y drawn from `y`, over all |x|·|y| pairs:
 * the Mann–Whitney U statistic of x divided by |x|·|y|.
 * @throws ShapeError when either list is empty.
 */
export function pairwiseImprovement(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length === 0 || y.length === 0) throw new ShapeError("pairwiseImprovement: both samples need at least one score");
  // Sort-merge count: O((n + m) log(n + m)) instead of O(n·m).
  const xs = sorted(x);
  const ys = sorted(y);
  let u = 0;
  let below = 0; // number of y strictly below the current x
  let equalEnd = 0; // index one past the last y equal to or below the current x
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    while (below < ys.length && ys[below]! < v) below++;
    if (equalEnd < below) equalEnd = below;
    while (equalEnd < ys.length && ys[equalEnd]! === v) equalEnd++;
    u += below + 0.5 * (equalEnd - below);
  }
  return u / (xs.length * ys.length);
}

/**
 * Probability of improvement of X over Y (rliable's definition): for each task, the probability
 * that a random run of X scores higher than a random run of Y (ties count ½), averaged over tasks.
 * 0.5 means no difference; above 0.5 favours X.
 * @throws ShapeError when the two matrices do not have the same tasks in the same order.
 */
export function probabilityOfImprovement(x: ScoreMatrix, y: ScoreMatrix): number {
  assertSameTasks(x, y, "probabilityOfImprovement");
  const nt = x.tasks.length;
  let s = 0;
  const cx = new Float64Array(x.runs.length);
  const cy = new Float64Array(y.runs.length);
  for (let t = 0; t < nt; t++) {
    for (let r = 0; r < cx.length; r++) cx[r] = x.values[r * nt + t]!;
    for (let r = 0; r < cy.length; r++) cy[r] = y.values[r * nt + t]!;
    s += pairwiseImprovement(cx, cy);
  }
  return s / nt;
}

/** @throws ShapeError when the task labels differ. */
export function assertSameTasks(x: ScoreMatrix, y: ScoreMatrix, where: string): void {
  if (x.tasks.length !== y.tasks.length || x.tasks.some((t, i) => t !== y.tasks[i])) {
    throw new ShapeError(`${where}: task labels differ (${x.tasks.join(", ")} vs ${y.tasks.join(", ")})`);
  }
}
