/**
 * Learning curves: per (task, method, setting, env step) the mean over runs (seeds) of the
 * average return, its standard error and a 95% bootstrap interval across runs.
 */

import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import { bootstrapMeanInterval } from "./bootstrap";
import { settingLabel } from "./labels";
import type { HyperValue, TidyRow } from "./load";
import { mean, standardError } from "./metrics";

/** One point of one learning curve. */
export interface CurvePoint {
  readonly task: string;
  readonly method: string;
  /** Values of the `by` hyperparameter columns (empty object without `by`). */
  readonly setting: Readonly<Record<string, HyperValue>>;
  /** {@link settingLabel} of `setting` (`""` without `by`). */
  readonly settingLabel: string;
  /** Environment steps per run at this point (the x axis). */
  readonly envSteps: number;
  /** Iteration of the point (the smallest iteration among its rows). */
  readonly iteration: number;
  /** Runs with a non-null average return at this point. */
  readonly n: number;
  /** Mean over runs of the average return. */
  readonly mean: number;
  /** Standard error of that mean (0 for one run). */
  readonly stdErr: number;
  /** Lower end of the bootstrap interval of the mean (NaN when the bootstrap was skipped). */
  readonly lower: number;
  /** Upper end of the bootstrap interval of the mean (NaN when the bootstrap was skipped). */
  readonly upper: number;
}

/** Options of {@link learningCurves}. */
export interface CurveOptions {
  /** Randomness for the bootstrap; point (task, method, setting, step) uses `rng.split("task|method|setting").split(envSteps)`. */
  readonly rng: Rng;
  /** Bootstrap replicates per point; default 1000. */
  readonly reps?: number;
  /** Interval coverage; default 0.95. */
  readonly confidence?: number;
  /** Skip the bootstrap (lower/upper NaN) when false; default true. */
  readonly bootstrap?: boolean;
  /** Hyperparameter columns that split curves further (e.g. `["gasil.bufferSize"]` for Figure 7). */
  readonly by?: readonly string[];
}

/** Default bootstrap replicates per curve point. */
export const DEFAULT_CURVE_REPS = 1000;

/**
 * The setting of a row for the given columns.
 * @throws ConfigError when a row lacks one of the columns.
 */
export function rowSetting(row: TidyRow, by: readonly string[]): Record<string, HyperValue> {
  const setting: Record<string, HyperValue> = {};
  for (const key of by) {
    if (!(key in row.hyperparameters)) {
      const known = Object.keys(row.hyperparameters).sort().join(", ") || "(none)";
      throw new ConfigError("by", `row of run ${row.runId} has no hyperparameter column ${JSON.stringify(key)} (columns: ${known})`);
    }
    setting[key] = row.hyperparameters[key]!;
  }
  return setting;
}

/** Group key of a (task, method, setting) series. */
export function seriesKey(task: string, method: string, label: string): string {
  return `${task}|${method}|${label}`;
}

/**
 * Aggregate tidy rows into learning-curve points, sorted by task, method, setting, env steps.
 * Rows with a null average return are left out of that point (so `n` can be below the number of seeds).
 * @throws ConfigError when one run has two rows at the same env step (a duplicated row), or a `by` column is missing.
 */
export function learningCurves(rows: readonly TidyRow[], opts: CurveOptions): CurvePoint[] {
  const by = opts.by ?? [];
  interface Bucket {
    task: string;
    method: string;
    setting: Record<string, HyperValue>;
    label: string;
    envSteps: number;
    iteration: number;
    values: number[];
  }
  const buckets = new Map<string, Bucket>();
  const seen = new Set<string>();
  for (const row of rows) {
    const dup = `${row.runId}@${row.envSteps}`;
    if (seen.has(dup)) throw new ConfigError("rows", `run ${row.runId} has two rows at envSteps ${row.envSteps} (duplicated row)`);
    seen.add(dup);
    if (row.averageReturn === null) continue;
    const setting = rowSetting(row, by);
    const label = settingLabel(setting);
    const key = `${seriesKey(row.task, row.method, label)}|${row.envSteps}`;
    let b = buckets.get(key);
    if (!b) {
      b = { task: row.task, method: row.method, setting, label, envSteps: row.envSteps, iteration: row.iteration, values: [] };
      buckets.set(key, b);
    }
    b.iteration = Math.min(b.iteration, row.iteration);
    b.values.push(row.averageReturn);
  }
  const doBootstrap = opts.bootstrap ?? true;
  const points: CurvePoint[] = [];
  for (const b of buckets.values()) {
    let lower = Number.NaN;
    let upper = Number.NaN;
    if (doBootstrap) {
      const rng = opts.rng.split(seriesKey(b.task, b.method, b.label)).split(b.envSteps);
      const ci = bootstrapMeanInterval(b.values, {
        rng,
        reps: opts.reps ?? DEFAULT_CURVE_REPS,
        ...(opts.confidence !== undefined ? { confidence: opts.confidence } : {}),
      });
      lower = ci.lower;
      upper = ci.upper;
    }
    points.push({
      task: b.task,
      method: b.method,
      setting: b.setting,
      settingLabel: b.label,
      envSteps: b.envSteps,
      iteration: b.iteration,
      n: b.values.length,
      mean: mean(b.values),
      stdErr: standardError(b.values),
      lower,
      upper,
    });
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  points.sort((a, b) => cmp(a.task, b.task) || cmp(a.method, b.method) || cmp(a.settingLabel, b.settingLabel) || a.envSteps - b.envSteps);
  return points;
}
