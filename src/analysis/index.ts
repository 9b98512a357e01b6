/**
 * `gasil-kit/analysis`: tidy results → learning curves, final-performance tables, normalised
 * across-task aggregates (IQM, probability of improvement) with stratified bootstrap intervals,
 * written as CSV and markdown. Every stochastic function takes an explicit `Rng`.
 */

export { parseCsv, formatCsv, formatCsvCell } from "./csv";
export type { CsvCell } from "./csv";
export {
  TIDY_COLUMNS,
  DIAGNOSTIC_COLUMNS,
  diagnosticColumns,
  toTidyRow,
  parseResultsCsv,
  parseResultsJsonl,
  loadResults,
  saveResults,
  formatResultsCsv,
  formatResultsJsonl,
  hyperparameterColumns,
} from "./load";
export type { TidyRow, HyperValue } from "./load";
export { selectRows } from "./select";
export type { RowFilter } from "./select";
export { createScoreMatrix, scoreAt, taskColumn, scoreMatrixToRows } from "./score-matrix";
export type { ScoreMatrix } from "./score-matrix";
export {
  mean,
  sampleStd,
  standardError,
  quantile,
  median,
  interquartileMean,
  aggregateIqm,
  aggregateMean,
  aggregateMedian,
  optimalityGap,
  pairwiseImprovement,
  probabilityOfImprovement,
} from "./metrics";
export type { Aggregate } from "./metrics";
export {
  DEFAULT_BOOTSTRAP_REPS,
  stratifiedBootstrap,
  intervalEstimates,
  bootstrapMeanInterval,
  probabilityOfImprovementInterval,
} from "./bootstrap";
export type { IntervalEstimate, BootstrapOptions } from "./bootstrap";
export { METHOD_ORDER, methodLabel, sortMethods, settingLabel, compareHyperValues } from "./labels";
export { DEFAULT_CURVE_REPS, learningCurves } from "./curves";
export type { CurvePoint, CurveOptions } from "./curves";
export { DEFAULT_LAST_N, finalScores, finalPerformanceTable } from "./final";
export {
  DIAGNOSTIC_NAMES,
  DIAGNOSTIC_LABELS,
  diagnosticValue,
  diagnosticCurves,
  finalDiagnostics,
  separationVerdict,
  separationSummaries,
  separationSentence,
} from "./diagnostics";
export type { DiagnosticName, DiagnosticOptions, DiagnosticSummary, SeparationVerdict, SeparationSummary } from "./diagnostics";
export type { RunFinal, FinalScoreOptions, FinalSummary, FinalTableOptions } from "./final";
export { DEFAULT_NORMALIZATION, normalizationReference, normalizeScore } from "./normalize";
export type { Normalization, TaskReference } from "./normalize";
export { ACROSS_TASK_AGGREGATES, scoreMatrices, compareAcrossTasks } from "./across-tasks";
export type {
  AcrossTaskAggregate,
  AcrossTaskOptions,
  AcrossTaskResult,
  ImprovementEstimate,
  MissingRunPolicy,
  ScoreMatrixOptions,
} from "./across-tasks";
export {
  curvesTable,
  runFinalsTable,
  finalSummaryTable,
  aggregatesTable,
  improvementTable,
  referenceTable,
  tableToCsv,
  tableToMarkdown,
  formatNumber,
  writeTable,
} from "./tables";
export type { Table, MarkdownOptions } from "./tables";
export { taskOrderings, orderingSentences } from "./ordering";
export type { BaselineComparison, TaskOrderings } from "./ordering";
export { analyzeResults, writeAnalysis } from "./analyze";
export type { AnalysisOptions, SweepAnalysis } from "./analyze";
export { tableToDataFrame, resultsToDataFrame, sweepOverview } from "./frames";
