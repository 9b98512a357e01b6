/**
 * From a sweep's tidy results to Figure 6, Figure 7 and the result tables — what
 * `gasil-kit figures` and notebooks 03/04 run. Takes seconds; no training.
 *
 * This module (with `cli.ts`) is the application layer on top of the library: it is the one place
 * in `experiments/` that calls `analysis/` and `plots/` (those never import `experiments/`).
 *
 * Studies: rows carry a `study` column. `figure6` rows make Figure 6. A study whose rows carry a
 * `varied` column (e.g. `figure7-bufferSize`, varied `bufferSize`) makes one Figure 7 panel set;
 * when such a study omits the default value of its parameter, the GASIL+PPO runs of `figure6` on
 * the same task (which ran at the defaults, with the same budget) supply that point.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeResults, type SweepAnalysis, writeAnalysis } from "../analysis/analyze";
import {
  type ControlComparison,
  compareWithControl,
  controlSentence,
  diagnosticCurves,
  type SeparationSummary,
  separationSentence,
  separationSummaries,
} from "../analysis/diagnostics";
import type { HyperValue, TidyRow } from "../analysis/load";
import { loadResults } from "../analysis/load";
import { finalSummaryTable, formatNumber, type Table, tableToMarkdown } from "../analysis/tables";
import { Rng } from "../core/rng";
import { buildDiagnosticsFigure } from "../plots/diagnostics";
import { plotlyBundlePath, plotlyVersion } from "../plots/display";
import { chromiumAvailable, type ExportFormat, exportFigures } from "../plots/export";
import { buildFigure6 } from "../plots/figure6";
import { buildFigure7 } from "../plots/figure7";
import type { FigureSpec } from "../plots/spec";
import { readManifest, runState } from "./manifest";
import { compareFigure6, compareFigure7, type Figure6Comparison, type Figure7Comparison } from "./paper-claims";
import { displayPath, PACKAGE_ROOT } from "./provenance";
import { collectResults, RESULTS_FILE, resultsFileOf } from "./results";

/** The survival-bonus control (`src/algos/survival.ts`). */
export const CONTROL_METHOD = "survival";

/** Study label of the Figure 6 grid. */
export const FIGURE6_STUDY = "figure6";

/** Where a preset's results live: `<package root>/data/<name>`. */
export function sweepDataDir(nameOrDir: string): string {
  if (nameOrDir.includes(path.sep) || nameOrDir.includes("/")) return path.resolve(nameOrDir);
  return path.join(PACKAGE_ROOT, "data", nameOrDir);
}

/** True when a sweep folder holds a manifest and every one of its runs has finished. */
export function sweepComplete(dir: string): boolean {
  const progress = finishedRuns(dir);
  return progress !== null && progress.finished === progress.total;
}

/** How many of a sweep folder's runs have finished (done or failed); null without a manifest. */
function finishedRuns(dir: string): { finished: number; total: number } | null {
  if (!fs.existsSync(path.join(dir, "manifest.json"))) return null;
  const manifest = readManifest(dir);
  const finished = manifest.runs.filter((run) => {
    const { state } = runState(dir, run.runId);
    return state === "done" || state === "failed";
  }).length;
  return { finished, total: manifest.runs.length };
}

/** The presets `gasil-kit figures` and the notebooks prefer, largest first. */
export const DATASETS_BY_SIZE: readonly string[] = ["paper", "standard", "quick"];

/**
 * The sweep `gasil-kit figures` and notebooks 03–04 use by default: the largest complete
 * dataset of {@link DATASETS_BY_SIZE} (`data/paper`, then `data/standard`, once every run has
 * finished), else `data/quick`.
 */
export function defaultDataDir(): string {
  for (const name of DATASETS_BY_SIZE) {
    const dir = sweepDataDir(name);
    if (sweepComplete(dir)) return dir;
  }
  return sweepDataDir("quick");
}

/** Which dataset a notebook or figure shows, and a sentence saying so. */
export interface DatasetChoice {
  /** The sweep folder. */
  readonly dir: string;
  /** e.g. "data/quick (preset quick: 19 of 19 runs finished); data/standard holds 3 of 45 finished runs and becomes the default once complete". */
  readonly note: string;
}

/**
 * Resolve a notebook's `PRESET` parameter: `"auto"` picks {@link defaultDataDir} (the largest
 * complete dataset); anything else is a preset name or a sweep folder. The note names the folder,
 * how many of its runs finished, and any larger dataset that is still incomplete.
 */
export function chooseDataset(preset: string): DatasetChoice {
  const dir = preset === "auto" ? defaultDataDir() : sweepDataDir(preset);
  const own = finishedRuns(dir);
  const parts = [
    `${displayPath(dir, PACKAGE_ROOT)}${own === null ? " (no manifest)" : ` (${own.finished} of ${own.total} runs finished)`}`,
  ];
  if (preset === "auto") {
    for (const name of DATASETS_BY_SIZE) {
      const other = sweepDataDir(name);
      if (other === dir) break;
      const progress = finishedRuns(other);
      if (progress !== null)
        parts.push(`data/${name} holds ${progress.finished} of ${progress.total} finished runs and becomes the default once complete`);
    }
  }
  return { dir, note: parts.join("; ") };
}

/**
 * Load a sweep's tidy rows (`<dir>/results.csv` or `results.csv.gz`; written from the run folders
 * first when neither exists).
 * @param nameOrDir a preset name (`quick`, `standard`, `paper`) or a sweep folder.
 */
export function loadSweepRows(nameOrDir: string): TidyRow[] {
  const dir = sweepDataDir(nameOrDir);
  const file = resultsFileOf(dir) ?? collectResults(dir).file;
  return loadResults(file);
}

function hv(row: TidyRow, key: string): HyperValue {
  return row.hyperparameters[key] ?? null;
}

/** The Figure 6 rows of a sweep. */
export function figure6Rows(rows: readonly TidyRow[]): TidyRow[] {
  return rows.filter((r) => hv(r, "study") === FIGURE6_STUDY);
}

/** Figure 7 studies of a sweep: study name → varied parameter (column name). */
export function figure7Studies(rows: readonly TidyRow[]): { study: string; parameter: string }[] {
  const seen = new Map<string, string>();
  for (const r of rows) {
    const v = hv(r, "varied");
    const s = hv(r, "study");
    if (typeof v === "string" && v !== "" && typeof s === "string" && !seen.has(s)) seen.set(s, v);
  }
  return [...seen].map(([study, parameter]) => ({ study, parameter }));
}

const NOT_SETTINGS = new Set(["unit", "study", "varied"]);

/**
 * Rows of one Figure 7 study, plus the Figure 6 GASIL+PPO runs of the same tasks at the default
 * value when the study omits it (same other hyperparameters, same budget).
 */
export function figure7Rows(rows: readonly TidyRow[], study: string): { parameter: string; rows: TidyRow[] } {
  const own = rows.filter((r) => hv(r, "study") === study);
  const parameter = own.length > 0 ? String(hv(own[0]!, "varied")) : "";
  if (own.length === 0 || parameter === "") return { parameter, rows: own };
  const method = own[0]!.method;
  const tasks = new Set(own.map((r) => r.task));
  const values = new Set(own.map((r) => JSON.stringify(hv(r, parameter))));
  const lastStep = (rs: readonly TidyRow[], task: string): number =>
    rs.filter((r) => r.task === task).reduce((m, r) => Math.max(m, r.envSteps), 0);
  const reference = own[0]!;
  const sameOthers = (r: TidyRow): boolean =>
    Object.keys(reference.hyperparameters)
      .filter((k) => !NOT_SETTINGS.has(k) && k !== parameter)
      .every((k) => JSON.stringify(hv(r, k)) === JSON.stringify(hv(reference, k)));
  const fig6 = rows.filter(
    (r) =>
      hv(r, "study") === FIGURE6_STUDY &&
      r.method === method &&
      tasks.has(r.task) &&
      !values.has(JSON.stringify(hv(r, parameter))) &&
      sameOthers(r),
  );
  const borrowed = fig6.filter((r) => lastStep(fig6, r.task) === lastStep(own, r.task));
  return { parameter, rows: [...own, ...borrowed] };
}

/** Options shared by the figure analyses. */
export interface FigureAnalysisOptions {
  /** Root seed of the bootstrap (default 0). */
  readonly seed?: number;
  /** Bootstrap replicates (default: the analysis defaults). */
  readonly reps?: number;
  /** Band around the curves: `"se"` (±1 standard error, default) or `"ci"` (95% bootstrap). */
  readonly band?: "se" | "ci";
}

/** Figure 6 of a sweep: statistics, figure, final table and the comparison with the paper. */
export interface Figure6Result {
  readonly analysis: SweepAnalysis;
  readonly figure: FigureSpec;
  readonly finalTable: Table;
  readonly comparison: Figure6Comparison;
  /** Seeds per curve and the budget in words. */
  readonly budget: string;
}

function budgetWords(rows: readonly TidyRow[]): string {
  const seedsPerCurve = new Map<string, Set<number>>();
  let maxSteps = 0;
  for (const r of rows) {
    const key = `${r.task}|${r.method}`;
    if (!seedsPerCurve.has(key)) seedsPerCurve.set(key, new Set());
    seedsPerCurve.get(key)!.add(r.seed);
    maxSteps = Math.max(maxSteps, r.envSteps);
  }
  const counts = [...seedsPerCurve.values()].map((s) => s.size);
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return `${maxSteps.toLocaleString("en-US")} env steps, ${lo === hi ? lo : `${lo}–${hi}`} seeds per curve`;
}

/**
 * Statistics and Figure 6 for the `figure6` study of a sweep's rows.
 * @throws ConfigError (from the analysis) when the rows hold no Figure 6 study.
 */
export function figure6(rows: readonly TidyRow[], options: FigureAnalysisOptions = {}): Figure6Result {
  const own = figure6Rows(rows);
  if (own.length === 0) throw new Error(`no rows of study ${JSON.stringify(FIGURE6_STUDY)} in these results`);
  const rng = Rng.fromSeed(options.seed ?? 0).split("figure6");
  const analysis = analyzeResults(own, { rng, ...(options.reps !== undefined ? { reps: options.reps, curveReps: options.reps } : {}) });
  const budget = budgetWords(own);
  const figure = buildFigure6(analysis.curves, { band: options.band ?? "se", title: `Figure 6 — delayed-reward tasks (${budget})` });
  // The paper's claim is about its three baselines; the survival-bonus control is judged separately
  // (figure6Diagnostics), so it does not enter the ordering sentence.
  const comparison = compareFigure6(
    analysis.finalSummary.filter((s) => s.method !== CONTROL_METHOD),
    budget,
  );
  return { analysis, figure, finalTable: finalSummaryTable(analysis.finalSummary), comparison, budget };
}

/** What the discriminator did, and GASIL against the survival-bonus control. */
export interface DiagnosticsResult {
  readonly figure: FigureSpec;
  readonly separation: readonly SeparationSummary[];
  readonly separationSentences: readonly string[];
  readonly control: readonly ControlComparison[];
  readonly controlSentences: readonly string[];
}

/**
 * The D diagnostics of a set of rows (usually {@link figure6Rows}): the figure (mean D and
 * accuracy on both sides, −log D, episode length), the end-of-training separation sentences, and
 * GASIL+PPO against the survival-bonus control (when the rows hold it).
 * @param by hyperparameter columns that tell GASIL variants apart (e.g. `["discriminatorSchedule"]`).
 */
export function figure6Diagnostics(
  rows: readonly TidyRow[],
  options: FigureAnalysisOptions & { by?: readonly string[]; title?: string } = {},
): DiagnosticsResult {
  const rng = Rng.fromSeed(options.seed ?? 0).split("diagnostics");
  const by = options.by ?? [];
  const curves = (name: string) => diagnosticCurves(rows, name, { rng, by });
  const lengths = diagnosticCurves(rows, "episodeLength", { rng, by: [] });
  const figure = buildDiagnosticsFigure(
    [
      { title: "mean D (— policy, - - buffer)", solid: curves("discMeanPolicy"), dashed: curves("discMeanBuffer"), reference: 0.5 },
      {
        title: "accuracy (— policy, - - buffer)",
        solid: curves("discAccuracyPolicy"),
        dashed: curves("discAccuracyBuffer"),
        reference: 0.5,
      },
      { title: "mean −log D", solid: curves("negLogDMean"), reference: Math.LN2 },
      { title: "episode length", solid: by.length === 0 ? lengths : diagnosticCurves(rows, "episodeLength", { rng, by }) },
    ],
    { title: options.title ?? `What the discriminator learns (${budgetWords(rows)})` },
  );
  const separation = separationSummaries(rows, { rng, by });
  const control = rows.some((r) => r.method === "survival") ? compareWithControl(rows, { rng, by }) : [];
  return {
    figure,
    separation,
    separationSentences: separation.map((s) => separationSentence(s)),
    control,
    controlSentences: control.map(controlSentence),
  };
}

/** Figure 7 of one hyperparameter study. */
export interface Figure7Result {
  readonly study: string;
  readonly parameter: string;
  readonly analysis: SweepAnalysis;
  readonly figure: FigureSpec;
  readonly finalTable: Table;
  readonly comparison: Figure7Comparison;
}

/** Statistics and Figure 7 panels for every varied-hyperparameter study of a sweep's rows. */
export function figure7(rows: readonly TidyRow[], options: FigureAnalysisOptions = {}): Figure7Result[] {
  return figure7Studies(rows).map(({ study }) => {
    const { parameter, rows: own } = figure7Rows(rows, study);
    const rng = Rng.fromSeed(options.seed ?? 0).split(study);
    const analysis = analyzeResults(own, {
      rng,
      by: [parameter],
      acrossTasks: false,
      ...(options.reps !== undefined ? { reps: options.reps, curveReps: options.reps } : {}),
    });
    const figure = buildFigure7(analysis.curves, analysis.finalSummary, {
      parameter,
      band: options.band ?? "se",
      title: `Figure 7 — effect of ${parameter} (${budgetWords(own)})`,
    });
    return {
      study,
      parameter,
      analysis,
      figure,
      finalTable: finalSummaryTable(analysis.finalSummary),
      comparison: compareFigure7(analysis.finalSummary, parameter),
    };
  });
}

/**
 * What a sweep's rows contain: one line per (study, task, method, setting) with the number of
 * seeds, of logged points per seed and the env steps reached.
 */
export function overview(rows: readonly TidyRow[]): Table {
  const groups = new Map<
    string,
    { study: string; task: string; method: string; setting: string; seeds: Set<number>; points: number; steps: number }
  >();
  for (const r of rows) {
    const varied = hv(r, "varied");
    const setting = typeof varied === "string" && varied !== "" ? `${varied}=${String(hv(r, varied))}` : "";
    const study = String(hv(r, "study") ?? "");
    const key = [study, r.task, r.method, setting].join("|");
    let g = groups.get(key);
    if (g === undefined) {
      g = { study, task: r.task, method: r.method, setting, seeds: new Set(), points: 0, steps: 0 };
      groups.set(key, g);
    }
    g.seeds.add(r.seed);
    g.points++;
    g.steps = Math.max(g.steps, r.envSteps);
  }
  return {
    columns: ["study", "task", "method", "setting", "seeds", "points per seed", "env steps per seed"],
    rows: [...groups.values()].map((g) => [g.study, g.task, g.method, g.setting, g.seeds.size, g.points / g.seeds.size, g.steps]),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A table as a small HTML `<table>` (numbers to 4 significant digits), for notebooks. */
export function tableHtml(table: Table, caption = ""): string {
  const cell = (c: unknown): string => escapeHtml(typeof c === "number" ? formatNumber(c) : c === null || c === undefined ? "" : String(c));
  return [
    '<table class="gasil-table">',
    caption !== "" ? `<caption>${escapeHtml(caption)}</caption>` : "",
    `<thead><tr>${table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead>`,
    `<tbody>${table.rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join("")}</tr>`).join("")}</tbody>`,
    "</table>",
  ].join("");
}

/** Options of {@link writeFigures}. */
export interface FigureOptions extends FigureAnalysisOptions {
  /** Sweep folder (default {@link defaultDataDir}). */
  readonly dataDir?: string;
  /** Output folder (figures and `tables/<sweep>/`). */
  readonly outDir: string;
  /** Formats (default html, svg, png; svg/png are skipped with a note when Chromium is missing). */
  readonly formats?: readonly ExportFormat[];
  readonly log?: (line: string) => void;
}

/**
 * Rewrite a page written by the plots exporter so that it loads plotly.js from one shared copy
 * next to it (`vendor/plotly-<version>.min.js`) instead of inlining ~5 MB per figure. The page
 * still works offline (the copy is a local file).
 */
function shareBundle(htmlFile: string, outDir: string): void {
  const vendorName = `plotly-${plotlyVersion()}.min.js`;
  const vendor = path.join(outDir, "vendor", vendorName);
  if (!fs.existsSync(vendor)) {
    fs.mkdirSync(path.dirname(vendor), { recursive: true });
    fs.copyFileSync(plotlyBundlePath(), vendor);
  }
  const html = fs.readFileSync(htmlFile, "utf8");
  const start = html.indexOf("<script>");
  const end = html.indexOf("</script>", start);
  if (start < 0 || end < 0) return;
  const rel = path.relative(path.dirname(htmlFile), vendor).split(path.sep).join("/");
  fs.writeFileSync(htmlFile, `${html.slice(0, start)}<script src="${rel}"></script>${html.slice(end + "</script>".length)}`);
}

/**
 * Make an exported SVG byte-stable: plotly names its clip paths and defs with a random id per
 * render (`clip0294c7xyplot`); replace it with a fixed one so regenerated figures diff cleanly.
 */
function stabilizeSvg(file: string): void {
  const svg = fs.readFileSync(file, "utf8");
  const uid = /id="defs-([0-9a-z]+)"/.exec(svg)?.[1];
  if (uid === undefined) return;
  fs.writeFileSync(file, svg.replace(new RegExp(`(defs-|clip|legend|topdefs-)${uid}`, "g"), "$1gasil"));
}

/**
 * Write Figure 6 and Figure 7 (HTML, SVG, PNG) into `outDir`, the tables (CSV + markdown) into
 * `outDir/tables/<sweep>/<study>/`, and `outDir/tables/<sweep>/paper-comparison.md`.
 * @returns the files written.
 */
export async function writeFigures(options: FigureOptions): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const dataDir = options.dataDir ?? defaultDataDir();
  const sweep = readManifest(dataDir, "--data").sweep;
  const rows = loadSweepRows(dataDir);
  log(`figures from ${displayPath(resultsFileOf(dataDir) ?? path.join(dataDir, RESULTS_FILE), process.cwd())}: ${rows.length} rows`);
  const figures: Record<string, FigureSpec> = {};
  const written: string[] = [];
  const tablesDir = path.join(options.outDir, "tables", sweep);
  const comparisons: string[] = [`# ${sweep}: comparison with the paper`, ""];

  const fig6Rows = figure6Rows(rows);
  if (fig6Rows.length > 0) {
    const f6 = figure6(rows, options);
    figures["figure6"] = f6.figure;
    written.push(...writeAnalysis(path.join(tablesDir, FIGURE6_STUDY), f6.analysis));
    comparisons.push("## Figure 6", "", f6.comparison.sentence, "", tableToMarkdown(f6.finalTable), "");
    log(f6.comparison.sentence);
    if (fig6Rows.some((r) => r.diagnostics["discMeanPolicy"] !== undefined)) {
      const d = figure6Diagnostics(fig6Rows, options);
      figures["figure6-diagnostics"] = d.figure;
      comparisons.push(
        "## The discriminator and the survival-bonus control",
        "",
        ...d.separationSentences.flatMap((s) => [s, ""]),
        ...d.controlSentences.flatMap((s) => [s, ""]),
      );
      for (const s of [...d.separationSentences, ...d.controlSentences]) log(s);
    }
  }
  for (const f7 of figure7(rows, options)) {
    figures[`figure7-${f7.parameter}`] = f7.figure;
    written.push(...writeAnalysis(path.join(tablesDir, f7.study), f7.analysis));
    comparisons.push(`## Figure 7 — ${f7.parameter}`, "", f7.comparison.sentence, "", tableToMarkdown(f7.finalTable), "");
    log(f7.comparison.sentence);
  }
  const comparisonFile = path.join(tablesDir, "paper-comparison.md");
  fs.mkdirSync(tablesDir, { recursive: true });
  fs.writeFileSync(comparisonFile, `${comparisons.join("\n")}\n`);
  written.push(comparisonFile);

  let formats = options.formats ?? (["html", "svg", "png"] as const);
  if (formats.some((f) => f !== "html") && !chromiumAvailable()) {
    log("Chromium not found (set GASIL_CHROMIUM or install Debian's chromium): writing HTML only, no SVG/PNG");
    formats = formats.filter((f) => f === "html");
  }
  // Fixed trace uids (plotly draws random ones) so that regenerated SVGs are byte-identical.
  const stable = Object.fromEntries(
    Object.entries(figures).map(([name, fig]) => [name, { ...fig, data: fig.data.map((t, i) => ({ uid: `t${i}`, ...t })) }]),
  );
  const files = await exportFigures(stable, options.outDir, { formats });
  for (const f of files) {
    if (f.endsWith(".html")) shareBundle(f, options.outDir);
    if (f.endsWith(".svg")) stabilizeSvg(f);
  }
  written.push(...files);
  return written;
}
