/**
 * Showing plotly figures in notebooks so that they render in JupyterLab *and* survive the export
 * to HTML reports, offline.
 *
 * nbconvert's HTML exporter drops the `application/vnd.plotly.v1+json` output type, so figures are
 * emitted as `text/html`: a `<div>` plus a small script calling `Plotly.newPlot`. plotly.js itself
 * (~3.5 MB, from `node_modules/plotly.js-dist`) is inlined once per kernel session, inside a marked
 * block. The report exporter (`scripts/report.mjs`) replaces that block with a reference to one
 * shared copy, so reports stay small and still work without a network. Figure scripts wait until
 * `window.Plotly` exists, so the order in which outputs render does not matter.
 *
 * This is the only notebook-aware module of the kit: figure builders return plain specs.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPLAY_FORMAT, type Replay } from "../envs/replay-types";
import { replayHtml } from "./replay";

/** A plotly figure as plain data (JSON-serialisable). */
export interface PlotlyFigure {
  readonly data: readonly object[];
  readonly layout?: object;
  readonly config?: object;
}

/** Markers around the inlined plotly.js; `scripts/report.mjs` relies on them. */
export const PLOTLY_INLINE_START = "<!-- gasil-kit:plotly-inline:start -->";
export const PLOTLY_INLINE_END = "<!-- gasil-kit:plotly-inline:end -->";

/**
 * Absolute path of the plotly.js bundle to embed: the minified copy that set-up writes
 * (`npm run setup` minifies `plotly.js-dist`'s 11 MB bundle to ~4.9 MB with esbuild, keeping the
 * licence comments) when present, else the bundle shipped in `plotly.js-dist`.
 */
export function plotlyBundlePath(): string {
  const minified = minifiedPlotlyPath();
  return existsSync(minified) ? minified : require.resolve("plotly.js-dist/plotly.js");
}

/** Where set-up stores the minified plotly.js (`node_modules/.cache/gasil-kit/`). */
export function minifiedPlotlyPath(): string {
  const pkgDir = dirname(require.resolve("plotly.js-dist/package.json"));
  return join(dirname(pkgDir), ".cache", "gasil-kit", `plotly-${plotlyVersion()}.min.js`);
}

/** Version of the plotly.js bundle in use. */
export function plotlyVersion(): string {
  return (JSON.parse(readFileSync(require.resolve("plotly.js-dist/package.json"), "utf8")) as { version: string }).version;
}

let plotlySource: string | null = null;
let plotlySent = false;
let figureCounter = 0;

/**
 * The `<script>` block that defines `window.Plotly`, wrapped in the inline markers. An AMD loader
 * (require.js, present in some exported pages) is hidden while plotly.js runs, so that plotly.js
 * always registers itself as `window.Plotly`.
 */
export function plotlyScriptBlock(): string {
  if (plotlySource === null) {
    // "</script" inside the source would end the inline script early.
    plotlySource = readFileSync(plotlyBundlePath(), "utf8").replace(/<\/script/gi, "<\\/script");
  }
  return [
    PLOTLY_INLINE_START,
    "<script>window.__gasilDefine = window.define; window.define = undefined;</script>",
    `<script>${plotlySource}</script>`,
    "<script>window.define = window.__gasilDefine;</script>",
    PLOTLY_INLINE_END,
  ].join("\n");
}

export interface FigureHtmlOptions {
  /**
   * `inline`: include plotly.js in this fragment; `none`: assume the page provides `window.Plotly`;
   * `once` (default): inline it on the first figure of this process only.
   */
  readonly includePlotly?: "inline" | "none" | "once";
  /** Element id; defaults to {@link contentId} of the figure. */
  readonly divId?: string;
}

/**
 * Element id for a figure or replay: a hash of what it draws plus this process's output counter.
 * Unique within a page (the counter), stable across runs (no pid or clock), so a regenerated report
 * differs from the committed one only where its content does.
 */
export function contentId(prefix: string, content: string, counter: number): string {
  return `${prefix}-${createHash("sha256").update(content).digest("hex").slice(0, 12)}-${counter}`;
}

function escapeJsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/**
 * HTML fragment that draws `fig` with plotly.js. Non-finite numbers become gaps (`null`).
 */
export function figureHtml(fig: PlotlyFigure, options: FigureHtmlOptions = {}): string {
  const include = options.includePlotly ?? "once";
  figureCounter += 1;
  const config = { responsive: true, displaylogo: false, ...(fig.config ?? {}) };
  const specJson = escapeJsonForScript({ data: fig.data, layout: fig.layout ?? {}, config });
  const id = options.divId ?? contentId("gasil-fig", specJson, figureCounter);
  const withPlotly = include === "inline" || (include === "once" && !plotlySent);
  if (include !== "none" && withPlotly) plotlySent = true;
  const script =
    `<script>(function(){var spec=${specJson};` +
    `var tries=0;function draw(){var el=document.getElementById(${JSON.stringify(id)});` +
    `if(window.Plotly&&el){window.Plotly.newPlot(el,spec.data,spec.layout,spec.config);}` +
    `else if(tries++<400){setTimeout(draw,25);}}draw();})();</script>`;
  return [withPlotly ? plotlyScriptBlock() : "", `<div id="${id}" class="gasil-figure" style="width:100%;min-height:420px"></div>`, script]
    .filter((s) => s !== "")
    .join("\n");
}

/**
 * True when plotly.js has not been inlined yet in this process, and marks it as inlined: the
 * caller must then include {@link plotlyScriptBlock} in its output (replays use it for their strips).
 */
export function takePlotlyInclusion(): boolean {
  if (plotlySent) return false;
  plotlySent = true;
  return true;
}

interface TslabDisplay {
  html(s: string): void;
}

function tslabDisplay(): TslabDisplay | null {
  try {
    // Present only when running inside the tslab kernel (a dev dependency of the kit).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("tslab") as { display: TslabDisplay }).display;
  } catch {
    return null;
  }
}

/**
 * Display a plotly figure — or a replay, or a list of replays shown side by side (from
 * `recordRollout` of `gasil-kit/envs`) — in the current notebook cell (tslab kernel).
 * @throws Error outside a tslab kernel; use {@link figureHtml} / `replayHtml` there.
 */
export function display(item: PlotlyFigure | Replay | readonly Replay[]): void {
  const target = tslabDisplay();
  if (target === null)
    throw new Error("display(): not running inside the tslab kernel; use figureHtml(fig) or replayHtml(replay) to get the HTML instead");
  const isReplayLike = (x: unknown): boolean => typeof x === "object" && x !== null && (x as { format?: unknown }).format === REPLAY_FORMAT;
  if (isReplayLike(item) || (Array.isArray(item) && item.length > 0 && item.every(isReplayLike))) {
    target.html(replayHtml(item as Replay | readonly Replay[]));
    return;
  }
  target.html(figureHtml(item as PlotlyFigure));
}

/** Display an HTML table (e.g. a markdown-like summary) in the current notebook cell. */
export function displayHtml(html: string): void {
  const target = tslabDisplay();
  if (target === null) throw new Error("displayHtml(): not running inside the tslab kernel");
  target.html(html);
}

/** Reset the once-per-process plotly inclusion (after a page reload, for instance). */
export function resetPlotlyInclusion(): void {
  plotlySent = false;
}
