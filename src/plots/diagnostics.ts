/**
 * The discriminator's side of the story, below Figure 6: per task (columns) and diagnostic (rows),
 * one line per method (and setting) over environment steps, mean over runs with a ±1 s.e. band.
 * - mean D on policy pairs (solid) and on buffer pairs (dashed): apart = D separates; both ≈ ½ =
 *   the bonus is a constant survival reward;
 * - discriminator accuracy on policy pairs (solid) and buffer pairs (dashed), chance = ½;
 * - mean −log D over the rollout (the bonus before α; log 2 ≈ 0.69 at chance);
 * - mean episode length of every method: a survival reward shows up as longer episodes.
 */

import type { CurvePoint } from "../analysis/curves";
import { methodLabel, sortMethods } from "../analysis/labels";
import { ConfigError } from "../core/errors";
import { methodColor } from "./colors";
import { curveTraces } from "./curve-traces";
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

/** One row of the figure: a title and one or two diagnostics (the second drawn dashed). */
export interface DiagnosticsRow {
  readonly title: string;
  /** Solid lines. */
  readonly solid: readonly CurvePoint[];
  /** Dashed lines of the same series (e.g. the buffer side); omit for one-line rows. */
  readonly dashed?: readonly CurvePoint[];
  /** Horizontal reference line (e.g. chance = 0.5, log 2). */
  readonly reference?: number;
}

/** Options of {@link buildDiagnosticsFigure}. */
export interface DiagnosticsFigureOptions {
  readonly title?: string;
  readonly tasks?: readonly string[];
  /** Pixel height of one row of panels; default 230. */
  readonly rowHeight?: number;
}

/** One line of the figure: a method, or one setting of it. */
interface Series {
  readonly key: string;
  readonly name: string;
  readonly color: string;
}

function seriesKeyOf(p: CurvePoint): string {
  return `${p.method}|${p.settingLabel}`;
}

/** The figure's series in legend order; a method's first setting keeps its colour, further ones get greys. */
function seriesList(points: readonly CurvePoint[]): Series[] {
  const methods = sortMethods(points.map((p) => p.method));
  const out: Series[] = [];
  for (const method of methods) {
    const labels = [...new Set(points.filter((p) => p.method === method).map((p) => p.settingLabel))].sort();
    labels.forEach((label, i) => {
      out.push({
        key: `${method}|${label}`,
        name: label === "" ? methodLabel(method) : `${methodLabel(method)} (${label})`,
        color: i === 0 ? methodColor(method, methods) : ["#555555", "#999999", "#000000"][(i - 1) % 3]!,
      });
    });
  }
  return out;
}

/**
 * Build the diagnostics grid (rows × tasks).
 * @throws ConfigError when there are no points at all, or a listed task has none.
 */
export function buildDiagnosticsFigure(rows: readonly DiagnosticsRow[], opts: DiagnosticsFigureOptions = {}): FigureSpec {
  const all = rows.flatMap((r) => [...r.solid, ...(r.dashed ?? [])]);
  if (all.length === 0) throw new ConfigError("rows", "no diagnostic points to plot (does the sweep log discriminator diagnostics?)");
  const present = [...new Set(all.map((p) => p.task))].sort();
  const tasks = opts.tasks ?? present;
  for (const t of tasks)
    if (!present.includes(t))
      throw new ConfigError("tasks", `task ${JSON.stringify(t)} has no diagnostic points (present: ${present.join(", ")})`);
  const series = seriesList(all);
  const slots = panelGrid({ rows: rows.length, columns: tasks.length });
  const data: PlotlyTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const shapes: Record<string, unknown>[] = [];
  let axes: Record<string, unknown> = {};
  const inLegend = new Set<string>();
  rows.forEach((row, r) => {
    tasks.forEach((task, c) => {
      const slot = slots[r * tasks.length + c]!;
      axes = { ...axes, ...axisLayout(slot, r === rows.length - 1 ? "environment steps" : null, c === 0 ? row.title : null) };
      if (r === 0) annotations.push(panelTitle(slot, task));
      if (row.reference !== undefined) {
        shapes.push({
          type: "line",
          xref: `${slot.xaxis} domain`,
          yref: slot.yaxis,
          x0: 0,
          x1: 1,
          y0: row.reference,
          y1: row.reference,
          line: { color: "#999", width: 1, dash: "dot" },
        });
      }
      const panel: PlotlyTrace[] = [];
      for (const [points, dash] of [
        [row.solid, "solid"],
        [row.dashed ?? [], "dash"],
      ] as const) {
        for (const s of series) {
          const own = points.filter((p) => p.task === task && seriesKeyOf(p) === s.key);
          if (own.length === 0) continue;
          const traces = curveTraces(own, {
            slot,
            panel: `${task} · ${row.title}`,
            series: s.key,
            name: s.name,
            color: s.color,
            band: "se",
            showlegend: !inLegend.has(s.key),
            yLabel: row.title,
          });
          inLegend.add(s.key);
          for (const t of traces) {
            const meta = t["meta"] as TraceMeta;
            panel.push(
              meta.role === "band" || dash === "solid" ? t : { ...t, line: { ...(t["line"] as object), dash }, showlegend: false },
            );
          }
        }
      }
      data.push(
        ...panel.filter((t) => (t["meta"] as TraceMeta).role === "band"),
        ...panel.filter((t) => (t["meta"] as TraceMeta).role !== "band"),
      );
    });
  });
  const height = rows.length * (opts.rowHeight ?? 230) + 160;
  return {
    data,
    layout: { ...baseLayout(opts.title, height), ...axes, annotations, shapes, legend: BOTTOM_LEGEND },
    config: { ...BASE_CONFIG },
  };
}
