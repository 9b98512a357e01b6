/**
 * Plain plotly figure specs (JSON data, no DOM) and the subplot-grid geometry the figure builders share.
 */

/** One plotly trace. Builders always set `type`, `name`, `xaxis`, `yaxis` and `meta`. */
export interface PlotlyTrace {
  readonly type: string;
  readonly name?: string;
  readonly [attribute: string]: unknown;
}

/** What a builder's trace stands for (stored in the trace's `meta`, which plotly keeps but does not draw). */
export interface TraceMeta {
  /** `"mean"`: a curve or point estimate; `"band"`: its shaded interval. */
  readonly role: "mean" | "band" | "interval";
  /** Panel title (task id, metric name, ...). */
  readonly panel: string;
  /** Series key (method id, or method + setting). */
  readonly series: string;
}

/** A figure as returned by every builder; assignable to `PlotlyFigure` of `display.ts`. */
export interface FigureSpec {
  readonly data: PlotlyTrace[];
  readonly layout: Record<string, unknown>;
  readonly config: Record<string, unknown>;
}

/** Position of one subplot in a grid. */
export interface PanelSlot {
  /** Plotly axis ids used by the panel's traces (`"x"`, `"x2"`, ... / `"y"`, `"y2"`, ...). */
  readonly xaxis: string;
  readonly yaxis: string;
  /** Layout keys of those axes (`"xaxis"`, `"xaxis2"`, ...). */
  readonly xaxisKey: string;
  readonly yaxisKey: string;
  readonly row: number;
  readonly column: number;
  /** Paper-coordinate domains. */
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
}

/** Geometry options of {@link panelGrid}. */
export interface GridOptions {
  readonly rows: number;
  readonly columns: number;
  /** Gap between columns, as a fraction of the width; default 0.06. */
  readonly xGap?: number;
  /** Gap between rows, as a fraction of the height (room for panel titles and x titles); default 0.14. */
  readonly yGap?: number;
}

/** Row-major slots of a rows × columns grid of independent axes. */
export function panelGrid(opts: GridOptions): PanelSlot[] {
  const xGap = opts.xGap ?? 0.06;
  const yGap = opts.yGap ?? 0.14;
  const w = (1 - (opts.columns - 1) * xGap) / opts.columns;
  const h = (1 - (opts.rows - 1) * yGap) / opts.rows;
  const slots: PanelSlot[] = [];
  for (let r = 0; r < opts.rows; r++) {
    for (let c = 0; c < opts.columns; c++) {
      const k = r * opts.columns + c + 1;
      const suffix = k === 1 ? "" : String(k);
      const x0 = c * (w + xGap);
      const top = 1 - r * (h + yGap);
      slots.push({
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        xaxisKey: `xaxis${suffix}`,
        yaxisKey: `yaxis${suffix}`,
        row: r,
        column: c,
        xDomain: [round(x0), round(Math.min(1, x0 + w))],
        yDomain: [round(Math.max(0, top - h)), round(top)],
      });
    }
  }
  return slots;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Layout entries for the axes of one slot (domains, anchors, light grid, optional titles). */
export function axisLayout(
  slot: PanelSlot,
  xTitle: string | null,
  yTitle: string | null,
  extraX: Record<string, unknown> = {},
  extraY: Record<string, unknown> = {},
): Record<string, unknown> {
  const common = { showgrid: true, gridcolor: "#e6e6e6", zeroline: false, linecolor: "#444", ticks: "outside", showline: true };
  return {
    [slot.xaxisKey]: { ...common, domain: slot.xDomain, anchor: slot.yaxis, ...(xTitle ? { title: { text: xTitle } } : {}), ...extraX },
    [slot.yaxisKey]: { ...common, domain: slot.yDomain, anchor: slot.xaxis, ...(yTitle ? { title: { text: yTitle } } : {}), ...extraY },
  };
}

/** A panel title: an annotation centred above the slot. */
export function panelTitle(slot: PanelSlot, text: string): Record<string, unknown> {
  return {
    text: `<b>${escapeHtml(text)}</b>`,
    x: (slot.xDomain[0] + slot.xDomain[1]) / 2,
    y: slot.yDomain[1],
    xref: "paper",
    yref: "paper",
    xanchor: "center",
    yanchor: "bottom",
    yshift: 4,
    showarrow: false,
    font: { size: 14 },
  };
}

/** Escape text for plotly's HTML-like labels. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Layout and config every figure shares (white background, legend below, no plotly logo). */
export function baseLayout(title: string | undefined, height: number): Record<string, unknown> {
  return {
    ...(title ? { title: { text: title, x: 0.5, xanchor: "center" } } : {}),
    height,
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    font: { family: "Helvetica, Arial, sans-serif", size: 12, color: "#222" },
    margin: { l: 70, r: 20, t: title ? 80 : 50, b: 110 },
    hovermode: "closest",
  };
}

/** Plotly config shared by all figures. */
export const BASE_CONFIG: Readonly<Record<string, unknown>> = { responsive: true, displaylogo: false };

/** Horizontal legend centred at the bottom of the figure, below the x-axis titles. */
export const BOTTOM_LEGEND: Readonly<Record<string, unknown>> = {
  orientation: "h",
  x: 0.5,
  xanchor: "center",
  xref: "paper",
  y: 0.01,
  yanchor: "bottom",
  yref: "container",
};
