/**
 * Tidy results: one row per (run, evaluation point), as the experiment runner writes them
 * (`data/<sweep>/results.csv` or `.jsonl`).
 *
 * Columns: `runId, sweep, task, method, seed, iteration, envSteps, averageReturn, episodeReturns`
 * (a JSON array), then any number of hyperparameter columns (for example `gasil.bufferSize`), and
 * optionally the per-iteration diagnostics of {@link DIAGNOSTIC_COLUMNS} (empty where a method has
 * none: PPO has no discriminator).
 * `averageReturn` is the paper's metric — the mean undelayed return of the last 100 finished
 * training episodes — and is empty (null) until the first episode of a run has finished.
 */

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, extname } from "node:path";
import { gunzipSync } from "node:zlib";
import { ConfigError, describeValue } from "../core/errors";
import { type CsvCell, formatCsv, parseCsv } from "./csv";

/** A hyperparameter value as stored in a results column. */
export type HyperValue = string | number | boolean | null;

/** One evaluation point of one run. */
export interface TidyRow {
  /** Unique id of the run (a run = one config × one seed). */
  readonly runId: string;
  /** Name of the sweep the run belongs to. */
  readonly sweep: string;
  /** Environment id, e.g. `"Hopper-v4"`. */
  readonly task: string;
  /** Method name, e.g. `"ppo"`, `"gasil"`, `"bc"`, `"sil"`. */
  readonly method: string;
  /** Seed of the run. */
  readonly seed: number;
  /** 1-based PPO iteration after which the point was logged. */
  readonly iteration: number;
  /** Environment steps taken by the run so far (per seed). */
  readonly envSteps: number;
  /** Mean undelayed return of the last 100 finished episodes; null before any episode finished. */
  readonly averageReturn: number | null;
  /** Undelayed returns of the episodes that finished during this iteration. */
  readonly episodeReturns: readonly number[];
  /** Every other column, by name. */
  readonly hyperparameters: Readonly<Record<string, HyperValue>>;
  /** The {@link DIAGNOSTIC_COLUMNS} present in the source (null where empty); `{}` when none. */
  readonly diagnostics: Readonly<Record<string, number | null>>;
}

/**
 * Per-iteration diagnostics a sweep's `results.csv` carries next to the return (all per seed,
 * averaged over the iteration):
 * | column | meaning |
 * |---|---|
 * | `episodeLength` | mean length of the episodes that finished in the iteration (empty if none) |
 * | `discAccuracyPolicy`, `discAccuracyBuffer` | GASIL: fraction of policy pairs with D > ½ / buffer pairs with D < ½, averaged over all the iteration's discriminator steps |
 * | `discMeanPolicy`, `discMeanBuffer` | GASIL: mean D on policy / buffer pairs, same averaging |
 * | `negLogDMean`, `negLogDStd` | GASIL: mean and standard deviation of −log D over the rollout, after the updates |
 * | `bonusMean` | reward added per step: GASIL's α·(−log D), or the control's α·log 2 |
 */
export const DIAGNOSTIC_COLUMNS = [
  "episodeLength",
  "discAccuracyPolicy",
  "discAccuracyBuffer",
  "discMeanPolicy",
  "discMeanBuffer",
  "negLogDMean",
  "negLogDStd",
  "bonusMean",
] as const;

const DIAGNOSTIC = new Set<string>(DIAGNOSTIC_COLUMNS);

/** The fixed columns, in file order. */
export const TIDY_COLUMNS = [
  "runId",
  "sweep",
  "task",
  "method",
  "seed",
  "iteration",
  "envSteps",
  "averageReturn",
  "episodeReturns",
] as const;

const CORE = new Set<string>(TIDY_COLUMNS);

function numberField(value: unknown, field: string, where: string, integer: boolean): number {
  const x = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof x !== "number" || !Number.isFinite(x) || (integer && !Number.isInteger(x))) {
    throw new ConfigError(`${where}.${field}`, `expected a finite ${integer ? "integer" : "number"}, got ${describeValue(value)}`);
  }
  return x;
}

function stringField(value: unknown, field: string, where: string): string {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string" || value === "") {
    throw new ConfigError(`${where}.${field}`, `expected a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

function returnsField(value: unknown, where: string): number[] {
  let v = value;
  if (v === undefined || v === null || v === "") return [];
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw new ConfigError(`${where}.episodeReturns`, `expected a JSON array of numbers, got ${describeValue(value)}`);
    }
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
    throw new ConfigError(`${where}.episodeReturns`, `expected an array of finite numbers, got ${describeValue(value)}`);
  }
  return v as number[];
}

/** Type a CSV cell of a hyperparameter column: empty → null, numbers, true/false, else the string. */
function typeCell(text: string): HyperValue {
  if (text === "") return null;
  if (text === "true") return true;
  if (text === "false") return false;
  const x = Number(text);
  if (text.trim() === text && Number.isFinite(x)) return x;
  return text;
}

/**
 * Validate and type one record (from JSON or from CSV cells).
 * A nested `hyperparameters` object is flattened into the hyperparameter columns.
 * @param where location for error messages, e.g. `results.csv:12`.
 * @throws ConfigError naming the field and the value when a fixed column is missing or malformed.
 */
export function toTidyRow(record: Readonly<Record<string, unknown>>, where = "row"): TidyRow {
  const hyper: Record<string, HyperValue> = {};
  const addHyper = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") hyper[key] = value;
    else hyper[key] = JSON.stringify(value);
  };
  const diagnostics: Record<string, number | null> = {};
  const addDiagnostic = (key: string, value: unknown): void => {
    if (value === undefined) return;
    diagnostics[key] = value === null || value === "" ? null : numberField(value, key, where, false);
  };
  for (const [key, value] of Object.entries(record)) {
    if (CORE.has(key)) continue;
    if (DIAGNOSTIC.has(key)) {
      addDiagnostic(key, value);
      continue;
    }
    if (key === "diagnostics" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) addDiagnostic(k, v);
      continue;
    }
    if (key === "hyperparameters" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) addHyper(k, v);
    } else {
      addHyper(key, value);
    }
  }
  const avg = record["averageReturn"];
  let averageReturn: number | null;
  if (avg === null || avg === undefined || avg === "") averageReturn = null;
  else averageReturn = numberField(avg, "averageReturn", where, false);
  return {
    runId: stringField(record["runId"], "runId", where),
    sweep: stringField(record["sweep"], "sweep", where),
    task: stringField(record["task"], "task", where),
    method: stringField(record["method"], "method", where),
    seed: numberField(record["seed"], "seed", where, true),
    iteration: numberField(record["iteration"], "iteration", where, true),
    envSteps: numberField(record["envSteps"], "envSteps", where, false),
    averageReturn,
    episodeReturns: returnsField(record["episodeReturns"], where),
    hyperparameters: hyper,
    diagnostics,
  };
}

/**
 * Parse a tidy results CSV (header row first).
 * @param source name used in error messages.
 * @throws ConfigError when a fixed column is missing from the header, or a row is malformed.
 */
export function parseResultsCsv(text: string, source = "results.csv"): TidyRow[] {
  const table = parseCsv(text);
  if (table.length === 0) return [];
  const header = table[0]!;
  const missing = TIDY_COLUMNS.filter((c) => c !== "episodeReturns" && !header.includes(c));
  if (missing.length > 0) {
    throw new ConfigError(source, `missing column(s) ${missing.join(", ")}; header is ${header.join(",")}`);
  }
  const rows: TidyRow[] = [];
  for (let r = 1; r < table.length; r++) {
    const cells = table[r]!;
    if (cells.length !== header.length) {
      throw new ConfigError(`${source}:${r + 1}`, `row has ${cells.length} fields, the header has ${header.length}`);
    }
    const record: Record<string, unknown> = {};
    header.forEach((name, c) => {
      record[name] = CORE.has(name) ? cells[c] : typeCell(cells[c]!);
    });
    rows.push(toTidyRow(record, `${source}:${r + 1}`));
  }
  return rows;
}

/**
 * Parse JSON Lines results (one JSON object per line; blank lines skipped).
 * @throws ConfigError naming the line when it is not valid JSON or not a valid row.
 */
export function parseResultsJsonl(text: string, source = "results.jsonl"): TidyRow[] {
  const rows: TidyRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (err) {
      throw new ConfigError(`${source}:${i + 1}`, `not valid JSON (${(err as Error).message})`);
    }
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      throw new ConfigError(`${source}:${i + 1}`, `expected a JSON object, got ${describeValue(record)}`);
    }
    rows.push(toTidyRow(record as Record<string, unknown>, `${source}:${i + 1}`));
  });
  return rows;
}

/**
 * Read tidy results from a `.csv`, `.jsonl` or `.ndjson` file, or the same gzip-compressed
 * (`results.csv.gz`, as compacted sweeps store it).
 * @throws ConfigError for another extension or malformed content.
 */
export function loadResults(path: string): TidyRow[] {
  const gzipped = path.toLowerCase().endsWith(".gz");
  const ext = extname(gzipped ? path.slice(0, -3) : path).toLowerCase();
  if (ext !== ".csv" && ext !== ".jsonl" && ext !== ".ndjson") {
    throw new ConfigError(
      "path",
      `unsupported results file extension ${describeValue(ext)} (allowed: .csv, .jsonl, .ndjson, each optionally .gz)`,
    );
  }
  const bytes = readFileSync(path);
  const text = (gzipped ? gunzipSync(bytes) : bytes).toString("utf8");
  return ext === ".csv" ? parseResultsCsv(text, path) : parseResultsJsonl(text, path);
}

/** Hyperparameter column names used by any row, sorted. */
export function hyperparameterColumns(rows: readonly TidyRow[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.hyperparameters)) names.add(key);
  return [...names].sort();
}

/** Diagnostic columns used by any row, in {@link DIAGNOSTIC_COLUMNS} order. */
export function diagnosticColumns(rows: readonly TidyRow[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.diagnostics)) names.add(key);
  return DIAGNOSTIC_COLUMNS.filter((c) => names.has(c));
}

/** Tidy rows as CSV text: the fixed columns, every hyperparameter column (sorted), then the diagnostics. */
export function formatResultsCsv(rows: readonly TidyRow[]): string {
  const hyper = hyperparameterColumns(rows);
  const diag = diagnosticColumns(rows);
  const cells: CsvCell[][] = rows.map((r) => [
    r.runId,
    r.sweep,
    r.task,
    r.method,
    r.seed,
    r.iteration,
    r.envSteps,
    r.averageReturn,
    JSON.stringify(r.episodeReturns),
    ...hyper.map((h) => r.hyperparameters[h] ?? null),
    ...diag.map((d) => r.diagnostics[d] ?? null),
  ]);
  return formatCsv([...TIDY_COLUMNS, ...hyper, ...diag], cells);
}

/** Tidy rows as JSON Lines (flat objects: fixed fields, then hyperparameter columns). */
export function formatResultsJsonl(rows: readonly TidyRow[]): string {
  return rows
    .map((r) => {
      const { hyperparameters, diagnostics, ...core } = r;
      return `${JSON.stringify({ ...core, ...hyperparameters, ...diagnostics })}\n`;
    })
    .join("");
}

/**
 * Write tidy rows to `path` (`.csv` or `.jsonl`), creating the folder.
 * @throws ConfigError for another extension.
 */
export function saveResults(path: string, rows: readonly TidyRow[]): void {
  const ext = extname(path).toLowerCase();
  let text: string;
  if (ext === ".csv") text = formatResultsCsv(rows);
  else if (ext === ".jsonl" || ext === ".ndjson") text = formatResultsJsonl(rows);
  else throw new ConfigError("path", `unsupported results file extension ${describeValue(ext)} (allowed: .csv, .jsonl, .ndjson)`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
