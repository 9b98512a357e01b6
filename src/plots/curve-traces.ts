/**
 * Traces of one learning curve: a shaded band (bootstrap interval or ±1 standard error) and the mean line.
 */

import type { CurvePoint } from "../analysis/curves";
import { ConfigError } from "../core/errors";
import { withAlpha } from "./colors";
import type { PanelSlot, PlotlyTrace, TraceMeta } from "./spec";

/** What the shaded band around a mean curve shows. */
export type BandKind = "ci" | "se" | "none";

/** Allowed {@link BandKind} values. */
export const BAND_KINDS: readonly BandKind[] = ["ci", "se", "none"];

/** @throws ConfigError naming the allowed values. */
export function checkBand(band: unknown): BandKind {
  if (!BAND_KINDS.includes(band as BandKind)) {
    throw new ConfigError("band", `expected one of ${BAND_KINDS.map((b) => JSON.stringify(b)).join(", ")}, got ${JSON.stringify(band)}`);
  }
  return band as BandKind;
}

/** Options of {@link curveTraces}. */
export interface CurveTraceOptions {
  readonly slot: PanelSlot;
  readonly panel: string;
  readonly series: string;
  readonly name: string;
  readonly color: string;
  readonly band: BandKind;
  readonly showlegend: boolean;
  /** Hover label of the y value; default "average return". */
  readonly yLabel?: string;
}

/**
 * Band (when asked) then mean line, for points of one series sorted by env steps.
 * @throws ConfigError when `band` is `"ci"` but the points carry no bootstrap interval.
 */
export function curveTraces(points: readonly CurvePoint[], opts: CurveTraceOptions): PlotlyTrace[] {
  const sorted = [...points].sort((a, b) => a.envSteps - b.envSteps);
  const x = sorted.map((p) => p.envSteps);
  const traces: PlotlyTrace[] = [];
  if (opts.band !== "none" && sorted.length > 0) {
    let lower: number[];
    let upper: number[];
    if (opts.band === "ci") {
      if (sorted.some((p) => Number.isNaN(p.lower) || Number.isNaN(p.upper))) {
        throw new ConfigError(
          "band",
          `"ci" needs bootstrap intervals, but series ${opts.series} on ${opts.panel} has none (compute learningCurves with bootstrap: true, or use band "se")`,
        );
      }
      lower = sorted.map((p) => p.lower);
      upper = sorted.map((p) => p.upper);
    } else {
      lower = sorted.map((p) => p.mean - p.stdErr);
      upper = sorted.map((p) => p.mean + p.stdErr);
    }
    const meta: TraceMeta = { role: "band", panel: opts.panel, series: opts.series };
    traces.push({
      type: "scatter",
      mode: "lines",
      name: `${opts.name} (${opts.band === "ci" ? "95% CI" : "±1 s.e."})`,
      x: [...x, ...[...x].reverse()],
      y: [...upper, ...[...lower].reverse()],
      fill: "toself",
      fillcolor: withAlpha(opts.color, 0.18),
      line: { width: 0, color: opts.color },
      hoverinfo: "skip",
      showlegend: false,
      legendgroup: opts.series,
      xaxis: opts.slot.xaxis,
      yaxis: opts.slot.yaxis,
      meta,
    });
  }
  const meta: TraceMeta = { role: "mean", panel: opts.panel, series: opts.series };
  traces.push({
    type: "scatter",
    mode: "lines",
    name: opts.name,
    x,
    y: sorted.map((p) => p.mean),
    customdata: sorted.map((p) => p.n),
    line: { color: opts.color, width: 2 },
    legendgroup: opts.series,
    showlegend: opts.showlegend,
    hovertemplate: `${opts.name}<br>env steps %{x:,}<br>${opts.yLabel ?? "average return"} %{y:.1f}<br>runs %{customdata}<extra>${opts.panel}</extra>`,
    xaxis: opts.slot.xaxis,
    yaxis: opts.slot.yaxis,
    meta,
  });
  return traces;
}
