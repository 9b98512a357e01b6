/**
 * Result tables as plain column/row data, and their CSV and markdown writers.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, extname } from "node:path";
import { ConfigError, describeValue, ShapeError } from "../core/errors";
import type { AcrossTaskResult } from "./across-tasks";
import { type CsvCell, formatCsv } from "./csv";
import type { CurvePoint } from "./curves";
import type { FinalSummary, RunFinal } from "./final";
import { methodLabel, sortMethods } from "./labels";

/** A rectangular table: column names and rows of cells. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
}

/** Learning-curve points: task, method, setting, envSteps, iteration, n, mean, stdErr, lower, upper. */
export function curvesTable(points: readonly CurvePoint[]): Table {
  return {
    columns: ["task", "method", "setting", "envSteps", "iteration", "n", "mean", "stdErr", "lower", "upper"],
    rows: points.map((p) => [
      p.task,
      p.method,
      p.settingLabel,
      p.envSteps,
      p.iteration,
      p.n,
      p.mean,
      p.stdErr,
      nanToNull(p.lower),
      nanToNull(p.upper),
    ]),
  };
}

/** One row per run: runId, task, method, setting, seed, score, pointsUsed, finalEnvSteps, initialScore. */
export function runFinalsTable(finals: readonly RunFinal[]): Table {
  return {
    columns: ["runId", "task", "method", "setting", "seed", "score", "pointsUsed", "finalEnvSteps", "initialScore"],
    rows: finals.map((f) => [f.runId, f.task, f.method, f.settingLabel, f.seed, f.score, f.pointsUsed, f.finalEnvSteps, f.initialScore]),
  };
}

/** Final-performance table: task, method (display name), setting, n, mean, stdErr, median, lower, upper. */
export function finalSummaryTable(summary: readonly FinalSummary[]): Table {
  const order = sortMethods(summary.map((s) => s.method));
  const sorted = [...summary].sort(
    (a, b) =>
      (a.task < b.task ? -1 : a.task > b.task ? 1 : 0) ||
      order.indexOf(a.method) - order.indexOf(b.method) ||
      (a.settingLabel < b.settingLabel ? -1 : a.settingLabel > b.settingLabel ? 1 : 0),
  );
  return {
    columns: ["task", "method", "setting", "n", "mean", "stdErr", "median", "lower", "upper"],
    rows: sorted.map((s) => [s.task, methodLabel(s.method), s.settingLabel, s.n, s.mean, s.stdErr, s.median, s.lower, s.upper]),
  };
}

/** Across-task aggregates: one row per (method, aggregate) with point, lower, upper. */
export function aggregatesTable(result: AcrossTaskResult): Table {
  const rows: CsvCell[][] = [];
  for (const method of result.methods) {
    const est = result.aggregates[method]!;
    for (const name of Object.keys(est) as (keyof typeof est)[]) {
      rows.push([methodLabel(method), name, est[name].point, est[name].lower, est[name].upper]);
    }
  }
  return { columns: ["method", "aggregate", "point", "lower", "upper"], rows };
}

/** Probability of improvement of the target over each baseline. */
export function improvementTable(result: AcrossTaskResult): Table {
  return {
    columns: ["target", "baseline", "probability", "lower", "upper"],
    rows: result.improvement.map((i) => [
      methodLabel(i.target),
      methodLabel(i.baseline),
      i.estimate.point,
      i.estimate.lower,
      i.estimate.upper,
    ]),
  };
}

/** Per-task normalisation reference (task, low, high). */
export function referenceTable(result: AcrossTaskResult): Table {
  return { columns: ["task", "low", "high"], rows: result.tasks.map((t) => [t, result.reference[t]!.low, result.reference[t]!.high]) };
}

function nanToNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

/** The table as CSV text (numbers at full precision). */
export function tableToCsv(table: Table): string {
  return formatCsv(table.columns, table.rows);
}

/**
 * Number formatting for markdown: integers as is; otherwise 1 decimal when |x| ≥ 100,
 * 2 when |x| ≥ 1, 3 below (returns in the thousands and probabilities both read well).
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "";
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return x.toFixed(a >= 100 ? 1 : a >= 1 ? 2 : 3);
}

/** Options of {@link tableToMarkdown}. */
export interface MarkdownOptions {
  /** Join `lower`/`upper` columns into one `95% CI` column written `[lower, upper]`; default true. */
  readonly mergeInterval?: boolean;
}

/** The table as a GitHub-flavoured markdown table (numbers right-aligned). */
export function tableToMarkdown(table: Table, opts: MarkdownOptions = {}): string {
  const columns = [...table.columns];
  let rows = table.rows.map((r) => [...r]);
  const lo = columns.indexOf("lower");
  const hi = columns.indexOf("upper");
  if ((opts.mergeInterval ?? true) && lo >= 0 && hi === lo + 1) {
    columns.splice(lo, 2, "95% CI");
    rows = rows.map((r) => {
      const l = r[lo];
      const u = r[hi];
      const cell = typeof l === "number" && typeof u === "number" ? `[${formatNumber(l)}, ${formatNumber(u)}]` : "";
      const copy = [...r];
      copy.splice(lo, 2, cell);
      return copy;
    });
  }
  const numeric = columns.map((_, c) => rows.length > 0 && rows.every((r) => typeof r[c] === "number" || r[c] === null));
  const text = (cell: CsvCell): string =>
    (typeof cell === "number" ? formatNumber(cell) : cell === null || cell === undefined ? "" : String(cell)).replace(/\|/g, "\\|");
  const lines = [
    `| ${columns.join(" | ")} |`,
    `| ${columns.map((_, c) => (numeric[c] ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(text).join(" | ")} |`),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * Write a table to `path`: `.csv` or `.md` (markdown), creating the folder.
 * @throws ConfigError for another extension; ShapeError when a row's length differs from the columns'.
 */
export function writeTable(path: string, table: Table): void {
  const ext = extname(path).toLowerCase();
  for (const [i, r] of table.rows.entries()) {
    if (r.length !== table.columns.length)
      throw new ShapeError(`writeTable: row ${i} has ${r.length} cells, expected ${table.columns.length}`);
  }
  let text: string;
  if (ext === ".csv") text = tableToCsv(table);
  else if (ext === ".md") text = tableToMarkdown(table);
  else throw new ConfigError("path", `unsupported table extension ${describeValue(ext)} (allowed: .csv, .md)`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
