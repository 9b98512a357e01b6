/**
 * The tidy result table of a sweep: `<sweepDir>/results.csv`, one row per run × seed × iteration
 * (the paper logs its metric once per PPO iteration, so every iteration is an evaluation point).
 *
 * Columns, in order:
 * | column | meaning |
 * |---|---|
 * | `runId` | one seed's learning curve — the paper's "run": `<unit>_seed<seed>` |
 * | `unit` | the manifest run that trained this seed within its population (folder `runs/<unit>/`) |
 * | `sweep`, `study`, `task`, `method` | which sweep and study (`figure6`, `figure7-bufferSize`, ...), env id, method |
 * | `varied` | the hyperparameter column the study varies (`""` for Figure 6 studies) |
 * | hyperparameter columns | the sweep's `hyperparameters` (default `delay`, `bufferSize`, `discriminatorUpdates`, `alpha`): values in the run's resolved config, empty when the method has none |
 * | `seed`, `iteration`, `envSteps` | root seed; iteration (1-based); environment steps of that seed so far |
 * | `averageReturn` | mean **undelayed** return of the last 100 finished training episodes (the paper's y-axis); empty before the first episode ends |
 * | `episodeReturns` | JSON array of the undelayed returns of the episodes finished in this iteration |
 * | diagnostic columns | {@link RESULT_DIAGNOSTIC_COLUMNS}: mean episode length and the discriminator/bonus diagnostics of the iteration, empty where the method has none |
 *
 * Only finished runs contribute (unless `includePartial`); a seed that went non-finite
 * contributes its rows before the iteration at which it failed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { DIAGNOSTIC_COLUMNS } from "../analysis/load";
import { GZIP_SUFFIX, readLines, writeFileAtomic } from "./durable-files";
import { type FailedSeed, readManifest, runPaths, runState } from "./manifest";
import type { RowRecord } from "./run-unit";

/** Fixed columns before the hyperparameter columns. */
export const RESULT_ID_COLUMNS: readonly string[] = ["runId", "unit", "sweep", "study", "task", "method", "varied"];
/** Fixed columns after the hyperparameter columns. */
export const RESULT_VALUE_COLUMNS: readonly string[] = ["seed", "iteration", "envSteps", "averageReturn", "episodeReturns"];

/**
 * Diagnostic columns after the value columns, and how each is read from a seed's row record
 * (meanings in `src/analysis/load.ts`, `DIAGNOSTIC_COLUMNS`).
 */
export const RESULT_DIAGNOSTIC_COLUMNS: readonly DiagnosticColumn[] = DIAGNOSTIC_COLUMNS;

type DiagnosticColumn = (typeof DIAGNOSTIC_COLUMNS)[number];
type SeedRecord = RowRecord["seeds"][number];

/** The trainer's diagnostics each column is read from (the first finite one wins). */
const DIAGNOSTIC_SOURCES: Readonly<Record<Exclude<DiagnosticColumn, "episodeLength">, readonly string[]>> = {
  discAccuracyPolicy: ["discAccuracyPolicy"],
  discAccuracyBuffer: ["discAccuracyBuffer"],
  discMeanPolicy: ["discMeanPolicy"],
  discMeanBuffer: ["discMeanBuffer"],
  negLogDMean: ["gasilNegLogD"],
  negLogDStd: ["gasilNegLogDStd"],
  bonusMean: ["gasilBonus", "survivalBonus"],
};

function diagnosticCell(s: SeedRecord, column: DiagnosticColumn): number | null {
  if (column === "episodeLength") {
    const lengths = s.episodeLengths ?? [];
    return lengths.length === 0 ? null : lengths.reduce((a, b) => a + b, 0) / lengths.length;
  }
  for (const key of DIAGNOSTIC_SOURCES[column]) {
    const v = s.diagnostics[key];
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  return null;
}

/** File name of the tidy table inside a sweep folder. */
export const RESULTS_FILE = "results.csv";

/** Options of {@link collectResults}. */
export interface CollectOptions {
  /** Also include rows of unfinished runs (up to their last completed iteration). Default false. */
  readonly includePartial?: boolean;
  /**
   * Output file; default `<sweepDir>/results.csv`, or `results.csv.gz` when the sweep was
   * compacted (it holds `results.csv.gz` and no `results.csv`), so that re-collecting a committed
   * compact sweep rewrites its table in place instead of adding an uncompressed copy. A name
   * ending in `.gz` is written gzip-compressed.
   */
  readonly out?: string;
}

/** What {@link collectResults} wrote. */
export interface CollectSummary {
  readonly file: string;
  readonly rows: number;
  readonly runsIncluded: number;
  /** Run ids not included (not finished). */
  readonly runsMissing: readonly string[];
  readonly failedSeeds: readonly (FailedSeed & { runId: string })[];
}

/** The result table's `runId` of one seed of a manifest run (the paper's "run": one config × one seed). */
export function seedRunId(unit: string, seed: number): string {
  return `${unit}_seed${seed}`;
}

/** Quote a CSV field when needed (RFC 4180). */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Read the iteration rows of one run (complete lines only), checking they are consecutive. */
export function readRunRows(sweepDir: string, runId: string): RowRecord[] {
  const rows = readLines(runPaths(sweepDir, runId).rows).map((line) => JSON.parse(line) as RowRecord);
  rows.forEach((row, i) => {
    if (row.iteration !== i + 1) {
      throw new Error(
        `${runPaths(sweepDir, runId).rows}: line ${i + 1} holds iteration ${row.iteration}; rows must be consecutive from 1 (the run folder is damaged)`,
      );
    }
  });
  return rows;
}

/**
 * The tidy table file of a sweep folder: `results.csv`, or `results.csv.gz` in a compacted sweep;
 * null when neither exists.
 */
export function resultsFileOf(dir: string): string | null {
  for (const name of [RESULTS_FILE, RESULTS_FILE + GZIP_SUFFIX]) {
    if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/**
 * Write the sweep's tidy table (atomically) from the runs' row logs.
 * @throws ConfigError when `sweepDir` holds no manifest; Error when a row log is damaged.
 */
export function collectResults(sweepDir: string, options: CollectOptions = {}): CollectSummary {
  const manifest = readManifest(sweepDir);
  const hpColumns = Object.keys(manifest.config.hyperparameters);
  const header = [...RESULT_ID_COLUMNS, ...hpColumns, ...RESULT_VALUE_COLUMNS, ...RESULT_DIAGNOSTIC_COLUMNS];
  const lines = [header.join(",")];
  const missing: string[] = [];
  const failed: (FailedSeed & { runId: string })[] = [];
  let included = 0;
  for (const run of manifest.runs) {
    const { state, status } = runState(sweepDir, run.runId);
    const finished = state === "done" || state === "failed";
    if (!finished) missing.push(run.runId);
    if (!finished && !(options.includePartial ?? false)) continue;
    included++;
    const failedAt = new Map<number, number>();
    for (const f of status?.failedSeeds ?? []) {
      failedAt.set(f.seed, f.iteration);
      failed.push({ ...f, runId: run.runId });
    }
    const rows = readRunRows(sweepDir, run.runId);
    const shared = [
      run.runId,
      manifest.sweep,
      run.study,
      run.task,
      run.method,
      run.varied,
      ...hpColumns.map((c) => run.hyperparameters[c] ?? null),
    ].map(csvField);
    for (const seed of run.seeds) {
      const prefix = [csvField(seedRunId(run.runId, seed)), ...shared];
      const failIteration = failedAt.get(seed) ?? Infinity;
      for (const row of rows) {
        if (row.iteration >= failIteration) break;
        const s = row.seeds.find((x) => x.seed === seed);
        if (s === undefined) continue;
        if (!s.finite) break;
        lines.push(
          [
            ...prefix,
            csvField(seed),
            csvField(row.iteration),
            csvField(row.envSteps),
            csvField(s.averageReturn),
            csvField(JSON.stringify(s.episodeReturns)),
            ...RESULT_DIAGNOSTIC_COLUMNS.map((c) => csvField(diagnosticCell(s, c))),
          ].join(","),
        );
      }
    }
  }
  const file = options.out ?? resultsFileOf(sweepDir) ?? path.join(sweepDir, RESULTS_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = `${lines.join("\n")}\n`;
  writeFileAtomic(file, file.endsWith(GZIP_SUFFIX) ? zlib.gzipSync(text, { level: 9 }) : text);
  return { file, rows: lines.length - 1, runsIncluded: included, runsMissing: missing, failedSeeds: failed };
}
