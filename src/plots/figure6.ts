/**
 * Figure 6 of the paper: learning curves on the delayed-reward tasks. One panel per task
 * (x = environment steps, y = average return — the mean undelayed return of the last 100 training
 * episodes), one curve per method = the mean over runs, with a shaded band (±1 standard error by
 * default, as the kit's reading of the paper's figure; or the 95% bootstrap interval). Every method
 * keeps its colour on every panel and appears once in the shared legend.
 */

import type { CurvePoint } from "../analysis/curves";
import { methodLabel, sortMethods } from "../analysis/labels";
import { ConfigError } from "../core/errors";
import { methodColor } from "./colors";
import { type BandKind, checkBand, curveTraces } from "./curve-traces";
import {
  axisLayout,
  BASE_CONFIG,
  BOTTOM_LEGEND,
  baseLayout,
  type FigureSpec,
  type PlotlyTrace,
  panelGrid,
  panelTitle,
  type TraceMeta,
} from "./spec";

/** Options of {@link buildFigure6}. */
export interface Figure6Options {
  /** Band around each mean: `"se"` (±1 standard error, default), `"ci"` (bootstrap interval), `"none"`. */
  readonly band?: BandKind;
  /** Panels, in order; default every task present, sorted. */
  readonly tasks?: readonly string[];
  /** Methods, in legend order; default every method present (PPO, PPO+BC, PPO+SIL, GASIL+PPO, others). */
  readonly methods?: readonly string[];
  /** Panels per row; default min(3, number of tasks). */
  readonly columns?: number;
  /** Figure title; default none. */
  readonly title?: string;
  /** Pixel height of one panel row; default 300. */
  readonly rowHeight?: number;
  /** Axis titles; defaults "environment steps" and "average return". */
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/**
 * Build Figure 6 from learning-curve points (`learningCurves(rows, ...)` with no `by`).
 * Traces: per panel, per method, a band (unless `band: "none"`) then the mean line.
 * @throws ConfigError for an unknown band kind, a listed task or method without points, bad `columns`,
 *   or points that carry several settings of one method (filter them first).
 */
export function buildFigure6(curves: readonly CurvePoint[], opts: Figure6Options = {}): FigureSpec {
  const band = checkBand(opts.band ?? "se");
  const presentTasks = [...new Set(curves.map((p) => p.task))].sort();
  const tasks = opts.tasks ?? presentTasks;
  const methods = opts.methods ?? sortMethods(curves.map((p) => p.method));
  for (const t of tasks) {
    if (!presentTasks.includes(t))
      throw new ConfigError("tasks", `task ${JSON.stringify(t)} has no curve points (present: ${presentTasks.join(", ") || "none"})`);
  }
  for (const m of methods) {
    if (!curves.some((p) => p.method === m)) throw new ConfigError("methods", `method ${JSON.stringify(m)} has no curve points`);
  }
  if (tasks.length === 0) throw new ConfigError("curves", "no curve points to plot");
  const columns = opts.columns ?? Math.min(3, tasks.length);
  if (!Number.isInteger(columns) || columns < 1) throw new ConfigError("columns", `expected a positive integer, got ${String(columns)}`);
  const rows = Math.ceil(tasks.length / columns);
  const slots = panelGrid({ rows, columns });
  const data: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  let axes: Record<string, unknown> = {};
  const inLegend = new Set<string>();
  const meta = (t: PlotlyTrace): TraceMeta => t["meta"] as TraceMeta;
  tasks.forEach((task, k) => {
    const slot = slots[k]!;
    const bottom = k + columns >= tasks.length; // no panel below this one
    axes = {
      ...axes,
      ...axisLayout(
        slot,
        bottom ? (opts.xTitle ?? "environment steps") : null,
        slot.column === 0 ? (opts.yTitle ?? "average return") : null,
      ),
    };
    annotations.push(panelTitle(slot, task));
    const panel: PlotlyTrace[] = [];
    for (const method of methods) {
      const points = curves.filter((p) => p.task === task && p.method === method);
      if (points.length === 0) continue;
      const labels = new Set(points.map((p) => p.settingLabel));
      if (labels.size > 1) {
        throw new ConfigError(
          "curves",
          `method ${method} on ${task} has several settings (${[...labels].join(" | ")}); filter to one setting or use Figure 7`,
        );
      }
      panel.push(
        ...curveTraces(points, {
          slot,
          panel: task,
          series: method,
          name: methodLabel(method),
          color: methodColor(method, methods),
          band,
          showlegend: !inLegend.has(method),
        }),
      );
      inLegend.add(method);
    }
    // Bands first, then lines: no shaded band covers another method's line.
    data.push(...panel.filter((t) => meta(t).role === "band"), ...panel.filter((t) => meta(t).role !== "band"));
  });
  const height = rows * (opts.rowHeight ?? 300) + 140;
  return {
    data,
    layout: {
      ...baseLayout(opts.title, height),
      ...axes,
      annotations,
      legend: BOTTOM_LEGEND,
    },
    config: { ...BASE_CONFIG },
  };
}
