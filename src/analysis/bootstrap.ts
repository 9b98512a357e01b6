/**
 * Stratified bootstrap confidence intervals (rliable's `library` module, our own code).
 *
 * Stratified: each task is a stratum; one bootstrap replicate draws, for every task separately,
 * as many runs as there are, with replacement, from that task's runs. The aggregate is computed on
 * every replicate and the interval is the percentile interval of the replicates
 * (`(1 − confidence)/2` and `(1 + confidence)/2` quantiles, linear interpolation). The point
 * estimate is the aggregate of the original scores.
 *
 * Randomness: every function takes an explicit {@link Rng}. Streams are derived with
 * `rng.split(name)` (per method, per baseline, per curve point), so a result depends only on the
 * Rng's seed and the labels — adding another method or task to an analysis does not change the
 * intervals of the others, and calling twice with the same Rng gives the same numbers.
 */

import { ShapeError } from "../core/errors";
import type { Rng } from "../core/rng";
import type { Aggregate } from "./metrics";
import { assertSameTasks, mean, pairwiseImprovement, quantileSorted } from "./metrics";
import type { ScoreMatrix } from "./score-matrix";

/** A point estimate with its interval. */
export interface IntervalEstimate {
  /** Aggregate of the observed scores. */
  readonly point: number;
  /** Lower end of the percentile bootstrap interval. */
  readonly lower: number;
  /** Upper end of the percentile bootstrap interval. */
  readonly upper: number;
}

/** Options shared by the bootstrap functions. */
export interface BootstrapOptions {
  /** Source of randomness (required; see the module comment for how it is split). */
  readonly rng: Rng;
  /** Bootstrap replicates; default {@link DEFAULT_BOOTSTRAP_REPS}. rliable's default is 50 000. */
  readonly reps?: number;
  /** Interval coverage in (0, 1); default 0.95. */
  readonly confidence?: number;
}

const TWO_POW_32 = 4294967296;

/** Default number of bootstrap replicates (2000 keeps a 6-task × 4-method × 488-point sweep under a second). */
export const DEFAULT_BOOTSTRAP_REPS = 2000;

function resolve(opts: BootstrapOptions): { reps: number; confidence: number } {
  const reps = opts.reps ?? DEFAULT_BOOTSTRAP_REPS;
  const confidence = opts.confidence ?? 0.95;
  if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`bootstrap reps must be a positive integer, got ${String(reps)}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`bootstrap confidence must lie in (0, 1), got ${String(confidence)}`);
  return { reps, confidence };
}

function percentileInterval(samples: Float64Array, confidence: number, point: number): IntervalEstimate {
  samples.sort();
  const alpha = (1 - confidence) / 2;
  return { point, lower: quantileSorted(samples, alpha), upper: quantileSorted(samples, 1 - alpha) };
}

/** Fill `out` (row-major like `m.values`) with one stratified resample of `m`. */
function stratifiedResampleInto(m: ScoreMatrix, rng: Rng, out: Float64Array): void {
  const nr = m.runs.length;
  const nt = m.tasks.length;
  for (let t = 0; t < nt; t++) {
    for (let r = 0; r < nr; r++) out[r * nt + t] = m.values[rng.int(nr) * nt + t]!;
  }
}

/**
 * Stratified bootstrap intervals of several aggregates of one method's scores; all aggregates are
 * computed on the same replicates.
 * @returns one {@link IntervalEstimate} per aggregate name.
 */
export function stratifiedBootstrap<K extends string>(
  m: ScoreMatrix,
  aggregates: Readonly<Record<K, Aggregate>>,
  opts: BootstrapOptions,
): Record<K, IntervalEstimate> {
  const { reps, confidence } = resolve(opts);
  const names = Object.keys(aggregates) as K[];
  const samples = names.map(() => new Float64Array(reps));
  const resampled: ScoreMatrix = { runs: m.runs, tasks: m.tasks, values: new Float64Array(m.values.length) };
  for (let b = 0; b < reps; b++) {
    stratifiedResampleInto(m, opts.rng, resampled.values);
    names.forEach((name, k) => {
      samples[k]![b] = aggregates[name](resampled);
    });
  }
  const out = {} as Record<K, IntervalEstimate>;
  names.forEach((name, k) => {
    out[name] = percentileInterval(samples[k]!, confidence, aggregates[name](m));
  });
  return out;
}

/**
 * rliable's `get_interval_estimates`: intervals of every aggregate for every method.
 * Method `name` uses the stream `opts.rng.split(name)`.
 * @returns `result[method][aggregate]`.
 */
export function intervalEstimates<K extends string>(
  scores: Readonly<Record<string, ScoreMatrix>>,
  aggregates: Readonly<Record<K, Aggregate>>,
  opts: BootstrapOptions,
): Record<string, Record<K, IntervalEstimate>> {
  const out: Record<string, Record<K, IntervalEstimate>> = {};
  for (const [method, m] of Object.entries(scores)) {
    out[method] = stratifiedBootstrap(m, aggregates, { ...opts, rng: opts.rng.split(method) });
  }
  return out;
}

/**
 * Percentile bootstrap interval of the mean of one sample (a single stratum: e.g. the seeds of one
 * (task, method, step) point). One value gives a zero-width interval.
 * @throws ShapeError when `values` is empty.
 */
export function bootstrapMeanInterval(values: ArrayLike<number>, opts: BootstrapOptions): IntervalEstimate {
  const { reps, confidence } = resolve(opts);
  const n = values.length;
  if (n === 0) throw new ShapeError("bootstrapMeanInterval: no values");
  const point = mean(values);
  if (n === 1) return { point, lower: point, upper: point };
  const x = Float64Array.from(values as ArrayLike<number>);
  const rng = opts.rng;
  const samples = new Float64Array(reps);
  // Same draws as rng.int(n) (rejection sampling without modulo bias), inlined for speed.
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  for (let b = 0; b < reps; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let u = rng.nextUint32();
      while (u >= limit) u = rng.nextUint32();
      s += x[u % n]!;
    }
    samples[b] = s / n;
  }
  return percentileInterval(samples, confidence, point);
}

/**
 * Percentile bootstrap interval of mean(x) − mean(y) for two independent samples (e.g. one
 * method's seeds against another's on one task): each replicate resamples x and y independently.
 * @throws ShapeError when either sample is empty.
 */
export function bootstrapMeanDifferenceInterval(x: ArrayLike<number>, y: ArrayLike<number>, opts: BootstrapOptions): IntervalEstimate {
  const { reps, confidence } = resolve(opts);
  if (x.length === 0 || y.length === 0) throw new ShapeError("bootstrapMeanDifferenceInterval: an empty sample");
  const rx = opts.rng.split("x");
  const ry = opts.rng.split("y");
  const resampledMean = (v: ArrayLike<number>, rng: Rng): number => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[rng.int(v.length)]!;
    return s / v.length;
  };
  const samples = new Float64Array(reps);
  for (let b = 0; b < reps; b++) samples[b] = resampledMean(x, rx) - resampledMean(y, ry);
  return percentileInterval(samples, confidence, mean(x) - mean(y));
}

/**
 * Probability of improvement of X over Y with a stratified bootstrap interval: each replicate
 * resamples X's runs and Y's runs independently within every task (rliable's
 * `StratifiedIndependentBootstrap`).
 * @throws ShapeError when the task labels differ.
 */
export function probabilityOfImprovementInterval(x: ScoreMatrix, y: ScoreMatrix, opts: BootstrapOptions): IntervalEstimate {
  assertSameTasks(x, y, "probabilityOfImprovementInterval");
  const { reps, confidence } = resolve(opts);
  const nt = x.tasks.length;
  const rx = opts.rng.split("x");
  const ry = opts.rng.split("y");
  const cx = new Float64Array(x.runs.length);
  const cy = new Float64Array(y.runs.length);
  const column = (m: ScoreMatrix, t: number, out: Float64Array, rng: Rng | null): void => {
    const n = m.runs.length;
    for (let r = 0; r < n; r++) out[r] = m.values[(rng ? rng.int(n) : r) * nt + t]!;
  };
  const poi = (rngX: Rng | null, rngY: Rng | null): number => {
    let s = 0;
    for (let t = 0; t < nt; t++) {
      column(x, t, cx, rngX);
      column(y, t, cy, rngY);
      s += pairwiseImprovement(cx, cy);
    }
    return s / nt;
  };
  const samples = new Float64Array(reps);
  for (let b = 0; b < reps; b++) samples[b] = poi(rx, ry);
  return percentileInterval(samples, confidence, poi(null, null));
}
