/**
 * Figure 7 of the paper: the effect of one GASIL hyperparameter (good-trajectory buffer size,
 * discriminator updates per iteration, ...). For the swept column, per task:
 * - top row: learning curves, one per setting (sequential colours, dark = smallest value),
 *   mean over runs with a band, the same axes as Figure 6;
 * - bottom row: final performance (mean of each run's last N logged points, averaged over runs)
 *   against the setting, with 95% bootstrap interval (or ±1 s.e.) error bars, one line per method.
 */

import type { CurvePoint } from "../analysis/curves";
import type { FinalSummary } from "../analysis/final";
import { compareHyperValues, methodLabel, sortMethods } from "../analysis/labels";
import type { HyperValue } from "../analysis/load";
import { ConfigError } from "../core/errors";
import { methodColor, sequentialColors } from "./colors";
import { type BandKind, checkBand, curveTraces } from "./curve-traces";
import {
  axisLayout,
  BASE_CONFIG,
  BOTTOM_LEGEND,
  baseLayout,
  type FigureSpec,
  type PanelSlot,
  type PlotlyTrace,
  panelGrid,
  panelTitle,
  type TraceMeta,
} from "./spec";

/** Display names of the hyperparameter columns the kit's sweeps vary (docs/paper-protocol.md#figure-7-study). */
export const PARAMETER_LABELS: Readonly<Record<string, string>> = {
  bufferSize: "buffer size K (transitions)",
  discriminatorUpdates: "discriminator updates M per iteration",
  alpha: "reward weight α",
};

/** Options of {@link buildFigure7}. */
export interface Figure7Options {
  /** The swept hyperparameter column, e.g. `"gasil.bufferSize"` (required). */
  readonly parameter: string;
  /** Display name of the parameter; default from {@link PARAMETER_LABELS}, else the column name. */
  readonly parameterLabel?: string;
  /** Panels (columns), in order; default every task present, sorted. */
  readonly tasks?: readonly string[];
  /** Method whose curves are drawn in the top row; default the only method present, else `"gasil"`. */
  readonly curveMethod?: string;
  /** Band around the curves; default `"se"`. */
  readonly band?: BandKind;
  /** Error bars of the final-performance summary: `"ci"` (default) or `"se"`. */
  readonly errorBars?: "ci" | "se";
  /** Number of final points that went into the summary (only for the axis title); default 10. */
  readonly lastN?: number;
  readonly title?: string;
  /** Pixel height of one row; default 300. */
  readonly rowHeight?: number;
}

function settingValue(setting: Readonly<Record<string, HyperValue>>, parameter: string, where: string): HyperValue {
  if (!(parameter in setting)) {
    throw new ConfigError(
      "parameter",
      `${where} has no value for ${JSON.stringify(parameter)} (setting columns: ${Object.keys(setting).join(", ") || "none"}); compute it with by: [${JSON.stringify(parameter)}]`,
    );
  }
  return setting[parameter]!;
}

function sortedValues(values: Iterable<HyperValue>): HyperValue[] {
  const unique = new Map<string, HyperValue>();
  for (const v of values) unique.set(JSON.stringify(v), v);
  return [...unique.values()].sort(compareHyperValues);
}

/** Curve traces of one panel: one series per setting value. */
function settingCurves(
  points: readonly CurvePoint[],
  task: string,
  method: string,
  parameter: string,
  label: string,
  values: readonly HyperValue[],
  colors: readonly string[],
  slot: PanelSlot,
  band: BandKind,
  inLegend: Set<string>,
): PlotlyTrace[] {
  const traces: PlotlyTrace[] = [];
  values.forEach((value, i) => {
    const series = `${parameter}=${String(value)}`;
    const pts = points.filter(
      (p) =>
        p.task === task &&
        p.method === method &&
        JSON.stringify(settingValue(p.setting, parameter, `curve point of ${p.task}/${p.method}`)) === JSON.stringify(value),
    );
    if (pts.length === 0) return;
    traces.push(
      ...curveTraces(pts, {
        slot,
        panel: task,
        series,
        name: `${label} = ${String(value)}`,
        color: colors[i]!,
        band,
        showlegend: !inLegend.has(series),
      }),
    );
    inLegend.add(series);
  });
  return traces;
}

/** Summary traces of one panel: final performance against the setting, one line per method. */
function summaryTraces(
  summary: readonly FinalSummary[],
  task: string,
  methods: readonly string[],
  parameter: string,
  values: readonly HyperValue[],
  slot: PanelSlot,
  errorBars: "ci" | "se",
  inLegend: Set<string>,
): PlotlyTrace[] {
  const traces: PlotlyTrace[] = [];
  for (const method of methods) {
    const rows = summary.filter((s) => s.task === task && s.method === method);
    if (rows.length === 0) continue;
    const byValue = new Map(
      rows.map((s) => [JSON.stringify(settingValue(s.setting, parameter, `summary row of ${s.task}/${s.method}`)), s]),
    );
    const present = values.filter((v) => byValue.has(JSON.stringify(v)));
    const ordered = present.map((v) => byValue.get(JSON.stringify(v))!);
    const up = ordered.map((s) => (errorBars === "ci" ? s.upper - s.mean : s.stdErr));
    const down = ordered.map((s) => (errorBars === "ci" ? s.mean - s.lower : s.stdErr));
    const name = `${methodLabel(method)} final`;
    const meta: TraceMeta = { role: "interval", panel: task, series: method };
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name,
      x: present.map((v) => String(v)),
      y: ordered.map((s) => s.mean),
      customdata: ordered.map((s) => s.n),
      error_y: { type: "data", symmetric: false, array: up, arrayminus: down, thickness: 1.5, width: 5 },
      marker: { size: 8, color: methodColor(method, methods) },
      line: { color: methodColor(method, methods), width: 1.5, dash: "dot" },
      legendgroup: `final:${method}`,
      showlegend: !inLegend.has(`final:${method}`),
      hovertemplate: `${parameter} = %{x}<br>final return %{y:.1f}<br>runs %{customdata}<extra>${task}</extra>`,
      xaxis: slot.xaxis,
      yaxis: slot.yaxis,
      meta,
    });
    inLegend.add(`final:${method}`);
  }
  return traces;
}

/**
 * Build Figure 7 for one swept hyperparameter.
 * @param curves points from `learningCurves(rows, { by: [parameter] })`.
 * @param summary rows from `finalPerformanceTable(finalScores(rows, { by: [parameter] }))`.
 * @throws ConfigError when points lack the parameter, a listed task has no data, or the band kind is unknown.
 */
export function buildFigure7(curves: readonly CurvePoint[], summary: readonly FinalSummary[], opts: Figure7Options): FigureSpec {
  const parameter = opts.parameter;
  if (typeof parameter !== "string" || parameter === "")
    throw new ConfigError("parameter", `expected a hyperparameter column name, got ${JSON.stringify(parameter)}`);
  const band = checkBand(opts.band ?? "se");
  const errorBars = opts.errorBars ?? "ci";
  if (errorBars !== "ci" && errorBars !== "se")
    throw new ConfigError("errorBars", `expected "ci" or "se", got ${JSON.stringify(errorBars)}`);
  const label = opts.parameterLabel ?? PARAMETER_LABELS[parameter] ?? parameter;
  const present = [...new Set([...curves.map((p) => p.task), ...summary.map((s) => s.task)])].sort();
  const tasks = opts.tasks ?? present;
  if (tasks.length === 0) throw new ConfigError("curves", "no curve points or summary rows to plot");
  for (const t of tasks) {
    if (!present.includes(t))
      throw new ConfigError("tasks", `task ${JSON.stringify(t)} has no data (present: ${present.join(", ") || "none"})`);
  }
  const curveMethods = sortMethods(curves.map((p) => p.method));
  const curveMethod = opts.curveMethod ?? (curveMethods.length === 1 ? curveMethods[0]! : "gasil");
  if (curves.length > 0 && !curveMethods.includes(curveMethod)) {
    throw new ConfigError("curveMethod", `method ${JSON.stringify(curveMethod)} has no curve points (present: ${curveMethods.join(", ")})`);
  }
  const values = sortedValues([
    ...curves
      .filter((p) => p.method === curveMethod)
      .map((p) => settingValue(p.setting, parameter, `curve point of ${p.task}/${p.method}`)),
    ...summary.map((s) => settingValue(s.setting, parameter, `summary row of ${s.task}/${s.method}`)),
  ]);
  const colors = sequentialColors(values.length);
  const summaryMethods = sortMethods(summary.map((s) => s.method));
  const columns = tasks.length;
  const slots = panelGrid({ rows: 2, columns, yGap: 0.2 });
  const data: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  let axes: Record<string, unknown> = {};
  const inLegend = new Set<string>();
  const lastN = opts.lastN ?? 10;
  tasks.forEach((task, c) => {
    const top = slots[c]!;
    const bottom = slots[columns + c]!;
    axes = { ...axes, ...axisLayout(top, "environment steps", c === 0 ? "average return" : null) };
    axes = {
      ...axes,
      ...axisLayout(bottom, label, c === 0 ? `final return (last ${lastN} points)` : null, {
        type: "category",
        categoryorder: "array",
        categoryarray: values.map((v) => String(v)),
      }),
    };
    annotations.push(panelTitle(top, `${task}: learning curves`), panelTitle(bottom, `${task}: final performance`));
    const panel = settingCurves(curves, task, curveMethod, parameter, label, values, colors, top, band, inLegend);
    // Bands first, then lines: no shaded band covers another setting's line.
    data.push(
      ...panel.filter((t) => (t["meta"] as TraceMeta).role === "band"),
      ...panel.filter((t) => (t["meta"] as TraceMeta).role !== "band"),
    );
    data.push(...summaryTraces(summary, task, summaryMethods, parameter, values, bottom, errorBars, inLegend));
  });
  return {
    data,
    layout: {
      ...baseLayout(opts.title ?? `Effect of ${label}`, 2 * (opts.rowHeight ?? 300) + 200),
      ...axes,
      annotations,
      legend: BOTTOM_LEGEND,
    },
    config: { ...BASE_CONFIG },
  };
}
