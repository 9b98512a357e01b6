/** `gasil-kit/plots`: figure builders (plain plotly specs) and notebook display. */

export { METHOD_COLORS, methodColor, sequentialColors, withAlpha } from "./colors";
export type { BandKind, CurveTraceOptions } from "./curve-traces";
export { BAND_KINDS, curveTraces } from "./curve-traces";
export type { DiagnosticsFigureOptions, DiagnosticsRow } from "./diagnostics";
export { buildDiagnosticsFigure } from "./diagnostics";
export type { FigureHtmlOptions, PlotlyFigure } from "./display";
export {
  display,
  displayHtml,
  figureHtml,
  PLOTLY_INLINE_END,
  PLOTLY_INLINE_START,
  plotlyBundlePath,
  plotlyVersion,
  resetPlotlyInclusion,
  takePlotlyInclusion,
} from "./display";
export type { ExportableFigure, ExportFormat, ExportOptions, HtmlOptions, ImageFormat, ImageOptions, RendererOptions } from "./export";
export {
  CHROMIUM_ARGS,
  chromiumAvailable,
  chromiumPath,
  DEFAULT_CHROMIUM,
  EXPORT_FORMATS,
  exportFigure,
  exportFigures,
  FigureRenderer,
  figureToHtml,
  writeFigureHtml,
} from "./export";
export type { Figure6Options } from "./figure6";
export { buildFigure6 } from "./figure6";
export type { Figure7Options } from "./figure7";
export { buildFigure7, PARAMETER_LABELS } from "./figure7";
export type { AggregateIntervalOptions, ImprovementIntervalOptions } from "./intervals";
export { AGGREGATE_LABELS, buildAcrossTaskFigures, buildAggregateIntervals, buildImprovementIntervals } from "./intervals";
export type { ReplayHtmlOptions, ReplayPageOptions } from "./replay";
export { REPLAY_INLINE_END, REPLAY_INLINE_START, replayHtml, resetReplayInclusion, viewerScriptBlock, writeReplayPage } from "./replay";
export type { FigureSpec, GridOptions, PanelSlot, PlotlyTrace, TraceMeta } from "./spec";
export { axisLayout, BASE_CONFIG, BOTTOM_LEGEND, baseLayout, panelGrid, panelTitle } from "./spec";
export { threeVersion, viewerBundleName, viewerBundlePath } from "./viewer-bundle";
