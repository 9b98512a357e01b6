/**
 * rliable-style interval plots: aggregate scores (IQM, mean, median, optimality gap) per method
 * with their stratified bootstrap intervals, and the probability of improvement of the target
 * method over each baseline.
 */

import type { AcrossTaskResult, ImprovementEstimate } from "../analysis/across-tasks";
import type { IntervalEstimate } from "../analysis/bootstrap";
import { methodLabel, sortMethods } from "../analysis/labels";
import { ConfigError } from "../core/errors";
import { methodColor } from "./colors";
import { axisLayout, BASE_CONFIG, baseLayout, type FigureSpec, type PlotlyTrace, panelGrid, panelTitle, type TraceMeta } from "./spec";

/** Panel titles of the usual aggregates. */
export const AGGREGATE_LABELS: Readonly<Record<string, string>> = {
  iqm: "IQM",
  mean: "Mean",
  median: "Median",
  optimalityGap: "Optimality gap (lower is better)",
};

/** Options of {@link buildAggregateIntervals}. */
export interface AggregateIntervalOptions {
  /** Aggregates (panels), in order; default `["median", "iqm", "mean", "optimalityGap"]` where present. */
  readonly metrics?: readonly string[];
  /** Methods (rows, bottom to top); default every method present. */
  readonly methods?: readonly string[];
  /** x-axis title; default "normalised score". */
  readonly xTitle?: string;
  readonly title?: string;
}

function intervalTrace(
  est: IntervalEstimate,
  y: string,
  color: string,
  slot: { xaxis: string; yaxis: string },
  meta: TraceMeta,
  hover: string,
): PlotlyTrace {
  return {
    type: "scatter",
    mode: "markers",
    name: y,
    x: [est.point],
    y: [y],
    error_x: {
      type: "data",
      symmetric: false,
      array: [est.upper - est.point],
      arrayminus: [est.point - est.lower],
      thickness: 6,
      width: 0,
      color,
    },
    marker: { color, size: 11, symbol: "line-ns", line: { width: 3, color: "#222" } },
    showlegend: false,
    hovertemplate: `${hover}: %{x:.3f} [${est.lower.toFixed(3)}, ${est.upper.toFixed(3)}]<extra></extra>`,
    xaxis: slot.xaxis,
    yaxis: slot.yaxis,
    meta,
  };
}

/**
 * One panel per aggregate, one horizontal interval per method (thick bar = 95% interval, tick = point
 * estimate), methods in the same colours as the learning curves.
 * @param estimates `estimates[method][aggregate]`, e.g. `compareAcrossTasks(...).aggregates`.
 * @throws ConfigError when a listed metric or method is missing.
 */
export function buildAggregateIntervals(
  estimates: Readonly<Record<string, Readonly<Record<string, IntervalEstimate>>>>,
  opts: AggregateIntervalOptions = {},
): FigureSpec {
  const methods = opts.methods ?? sortMethods(Object.keys(estimates));
  if (methods.length === 0) throw new ConfigError("estimates", "no methods to plot");
  for (const m of methods) {
    if (!estimates[m])
      throw new ConfigError("methods", `method ${JSON.stringify(m)} has no estimates (present: ${Object.keys(estimates).join(", ")})`);
  }
  const available = Object.keys(estimates[methods[0]!]!);
  const metrics = opts.metrics ?? ["median", "iqm", "mean", "optimalityGap"].filter((k) => available.includes(k));
  for (const k of metrics) {
    for (const m of methods) {
      if (!estimates[m]![k])
        throw new ConfigError(
          "metrics",
          `method ${JSON.stringify(m)} has no estimate ${JSON.stringify(k)} (present: ${Object.keys(estimates[m]!).join(", ")})`,
        );
    }
  }
  const slots = panelGrid({ rows: 1, columns: metrics.length, xGap: 0.04 });
  const data: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  let axes: Record<string, unknown> = {};
  metrics.forEach((metric, i) => {
    const slot = slots[i]!;
    const title = AGGREGATE_LABELS[metric] ?? metric;
    annotations.push(panelTitle(slot, title));
    axes = {
      ...axes,
      ...axisLayout(
        slot,
        opts.xTitle ?? "normalised score",
        null,
        {},
        {
          type: "category",
          categoryorder: "array",
          categoryarray: methods.map(methodLabel),
          showticklabels: i === 0,
          showgrid: false,
        },
      ),
    };
    for (const method of methods) {
      data.push(
        intervalTrace(
          estimates[method]![metric]!,
          methodLabel(method),
          methodColor(method, methods),
          slot,
          { role: "interval", panel: title, series: method },
          title,
        ),
      );
    }
  });
  const layout = baseLayout(opts.title, 120 + 45 * methods.length + 80);
  return {
    data,
    layout: { ...layout, margin: { l: 110, r: 20, t: opts.title ? 80 : 40, b: 60 }, annotations, ...axes, showlegend: false },
    config: { ...BASE_CONFIG },
  };
}

/** Options of {@link buildImprovementIntervals}. */
export interface ImprovementIntervalOptions {
  readonly title?: string;
}

/**
 * Probability of improvement P(target > baseline), one row per baseline, with its interval and a
 * dashed line at 0.5 (no difference). Row labels read `"P(GASIL+PPO > PPO)"`.
 * @throws ConfigError when there is nothing to plot.
 */
export function buildImprovementIntervals(improvement: readonly ImprovementEstimate[], opts: ImprovementIntervalOptions = {}): FigureSpec {
  if (improvement.length === 0)
    throw new ConfigError("improvement", "no probability-of-improvement estimates to plot (is the target method present?)");
  const [slot] = panelGrid({ rows: 1, columns: 1 });
  const baselines = sortMethods(improvement.map((i) => i.baseline));
  const ordered = baselines.map((b) => improvement.find((i) => i.baseline === b)!);
  const labels = ordered.map((i) => `P(${methodLabel(i.target)} > ${methodLabel(i.baseline)})`);
  const data = ordered.map((imp, k) =>
    intervalTrace(
      imp.estimate,
      labels[k]!,
      methodColor(imp.baseline, baselines),
      slot!,
      { role: "interval", panel: "probability of improvement", series: imp.baseline },
      "probability",
    ),
  );
  return {
    data,
    layout: {
      ...baseLayout(opts.title, 120 + 45 * ordered.length + 60),
      margin: { l: 190, r: 30, t: opts.title ? 80 : 30, b: 60 },
      ...axisLayout(
        slot!,
        "probability of improvement",
        null,
        { range: [-0.02, 1.02] },
        { type: "category", categoryorder: "array", categoryarray: labels, showgrid: false },
      ),
      shapes: [{ type: "line", xref: "x", yref: "paper", x0: 0.5, x1: 0.5, y0: 0, y1: 1, line: { dash: "dash", color: "#888", width: 1 } }],
      showlegend: false,
    },
    config: { ...BASE_CONFIG },
  };
}

/** Both interval figures of an across-task comparison. */
export function buildAcrossTaskFigures(result: AcrossTaskResult): { aggregates: FigureSpec; improvement: FigureSpec | null } {
  const xTitle = result.normalization.kind === "none" ? "score" : "normalised score";
  return {
    aggregates: buildAggregateIntervals(result.aggregates, { methods: result.methods, xTitle }),
    improvement: result.improvement.length > 0 ? buildImprovementIntervals(result.improvement) : null,
  };
}
