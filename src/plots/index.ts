/** `gasil-kit/plots`: figure builders (plain plotly specs) and notebook display. */
export { display, displayHtml, figureHtml, plotlyBundlePath, plotlyVersion, resetPlotlyInclusion, takePlotlyInclusion, PLOTLY_INLINE_START, PLOTLY_INLINE_END } from "./display";
export { replayHtml, writeReplayPage, viewerScriptBlock, resetReplayInclusion, REPLAY_INLINE_START, REPLAY_INLINE_END } from "./replay";
export type { ReplayHtmlOptions, ReplayPageOptions } from "./replay";
export { viewerBundleName, viewerBundlePath, threeVersion } from "./viewer-bundle";
export type { PlotlyFigure, FigureHtmlOptions } from "./display";
export { panelGrid, axisLayout, panelTitle, baseLayout, BASE_CONFIG, BOTTOM_LEGEND } from "./spec";
export type { FigureSpec, PlotlyTrace, TraceMeta, PanelSlot, GridOptions } from "./spec";
export { METHOD_COLORS, methodColor, withAlpha, sequentialColors } from "./colors";
export { BAND_KINDS, curveTraces } from "./curve-traces";
export type { BandKind, CurveTraceOptions } from "./curve-traces";
export { buildFigure6 } from "./figure6";
export type { Figure6Options } from "./figure6";
export { buildFigure7, PARAMETER_LABELS } from "./figure7";
export type { Figure7Options } from "./figure7";
export { buildAggregateIntervals, buildImprovementIntervals, buildAcrossTaskFigures, AGGREGATE_LABELS } from "./intervals";
export type { AggregateIntervalOptions, ImprovementIntervalOptions } from "./intervals";
export { figureToHtml, writeFigureHtml, exportFigure, exportFigures, FigureRenderer, chromiumAvailable, chromiumPath, CHROMIUM_ARGS, DEFAULT_CHROMIUM, EXPORT_FORMATS } from "./export";
export type { ExportableFigure, ExportFormat, ImageFormat, ExportOptions, HtmlOptions, ImageOptions, RendererOptions } from "./export";
