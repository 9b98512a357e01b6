/**
 * danfojs-node bridge: result tables as DataFrames for display and ad-hoc exploration in notebooks
 * (`df.print()`, `df.groupby(...)`). The statistics themselves are computed by our typed code; danfojs
 * is loaded lazily (it takes a few seconds to load) only when one of these functions is called.
 */

import type { DataFrame } from "danfojs-node";
import type { TidyRow } from "./load";
import type { Table } from "./tables";

type Danfo = typeof import("danfojs-node");
let danfo: Danfo | null = null;

function loadDanfo(): Danfo {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  danfo ??= require("danfojs-node") as Danfo;
  return danfo;
}

/** A {@link Table} as a danfojs DataFrame (null cells become NaN in numeric columns). */
export function tableToDataFrame(table: Table): DataFrame {
  const { DataFrame: Frame } = loadDanfo();
  const columns = [...table.columns];
  const data = table.rows.map((r) => r.map((c) => (c === undefined ? null : c)));
  return new Frame(data as unknown as unknown[][], { columns }) as DataFrame;
}

/** Tidy rows as a DataFrame (fixed columns except `episodeReturns`, plus hyperparameter columns). */
export function resultsToDataFrame(rows: readonly TidyRow[]): DataFrame {
  const hyper = [...new Set(rows.flatMap((r) => Object.keys(r.hyperparameters)))].sort();
  return tableToDataFrame({
    columns: ["runId", "sweep", "task", "method", "seed", "iteration", "envSteps", "averageReturn", ...hyper],
    rows: rows.map((r) => [
      r.runId,
      r.sweep,
      r.task,
      r.method,
      r.seed,
      r.iteration,
      r.envSteps,
      r.averageReturn ?? Number.NaN,
      ...hyper.map((h) => r.hyperparameters[h] ?? null),
    ]),
  });
}

/**
 * Progress overview of a sweep with danfojs `groupby`: per (task, method) the number of logged
 * points, the largest env step reached and the mean of the logged average returns.
 * Columns: `task, method, envSteps_count, envSteps_max, averageReturn_mean`.
 */
export function sweepOverview(rows: readonly TidyRow[]): DataFrame {
  const df = tableToDataFrame({
    columns: ["task", "method", "envSteps", "averageReturn"],
    rows: rows.filter((r) => r.averageReturn !== null).map((r) => [r.task, r.method, r.envSteps, r.averageReturn]),
  });
  return df.groupby(["task", "method"]).agg({ envSteps: ["count", "max"], averageReturn: "mean" }) as DataFrame;
}
