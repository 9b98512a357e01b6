/** `gasil-kit/plots`: figure builders (plain plotly specs) and notebook display. */
export { display, displayHtml, figureHtml, plotlyBundlePath, plotlyVersion, resetPlotlyInclusion, PLOTLY_INLINE_START, PLOTLY_INLINE_END } from "./display";
export type { PlotlyFigure, FigureHtmlOptions } from "./display";
