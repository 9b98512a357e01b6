/**
 * `gasil-kit/analysis`: tidy results → learning curves, final-performance tables, normalised
 * across-task aggregates (IQM, probability of improvement) with stratified bootstrap intervals,
 * written as CSV and markdown. Every stochastic function takes an explicit `Rng`.
 */

export type {
  AcrossTaskAggregate,
  AcrossTaskOptions,
  AcrossTaskResult,
  ImprovementEstimate,
  MissingRunPolicy,
  ScoreMatrixOptions,
} from "./across-tasks";
export { ACROSS_TASK_AGGREGATES, compareAcrossTasks, scoreMatrices } from "./across-tasks";
export type { AnalysisOptions, SweepAnalysis } from "./analyze";
export { analyzeResults, writeAnalysis } from "./analyze";
export type { BootstrapOptions, IntervalEstimate } from "./bootstrap";
export {
  bootstrapMeanDifferenceInterval,
  bootstrapMeanInterval,
  DEFAULT_BOOTSTRAP_REPS,
  intervalEstimates,
  probabilityOfImprovementInterval,
  stratifiedBootstrap,
} from "./bootstrap";
export type { CsvCell } from "./csv";
export { formatCsv, formatCsvCell, parseCsv } from "./csv";
export type { CurveOptions, CurvePoint } from "./curves";
export { DEFAULT_CURVE_REPS, learningCurves } from "./curves";
export type {
  ControlComparison,
  DiagnosticName,
  DiagnosticOptions,
  DiagnosticSummary,
  SeparationSummary,
  SeparationVerdict,
} from "./diagnostics";
export {
  compareWithControl,
  controlSentence,
  DIAGNOSTIC_LABELS,
  DIAGNOSTIC_NAMES,
  diagnosticCurves,
  diagnosticValue,
  finalDiagnostics,
  separationSentence,
  separationSummaries,
  separationVerdict,
} from "./diagnostics";
export type { FinalScoreOptions, FinalSummary, FinalTableOptions, RunFinal } from "./final";
export { DEFAULT_LAST_N, finalPerformanceTable, finalScores } from "./final";
export { resultsToDataFrame, sweepOverview, tableToDataFrame } from "./frames";
export { compareHyperValues, METHOD_ORDER, methodLabel, settingLabel, sortMethods } from "./labels";
export type { HyperValue, TidyRow } from "./load";
export {
  DIAGNOSTIC_COLUMNS,
  diagnosticColumns,
  formatResultsCsv,
  formatResultsJsonl,
  hyperparameterColumns,
  loadResults,
  parseResultsCsv,
  parseResultsJsonl,
  saveResults,
  TIDY_COLUMNS,
  toTidyRow,
} from "./load";
export type { Aggregate } from "./metrics";
export {
  aggregateIqm,
  aggregateMean,
  aggregateMedian,
  interquartileMean,
  mean,
  median,
  optimalityGap,
  pairwiseImprovement,
  probabilityOfImprovement,
  quantile,
  sampleStd,
  standardError,
} from "./metrics";
export type { Normalization, TaskReference } from "./normalize";
export { DEFAULT_NORMALIZATION, normalizationReference, normalizeScore } from "./normalize";
export type { BaselineComparison, TaskOrderings } from "./ordering";
export { orderingSentences, taskOrderings } from "./ordering";
export type { ScoreMatrix } from "./score-matrix";
export { createScoreMatrix, scoreAt, scoreMatrixToRows, taskColumn } from "./score-matrix";
export type { RowFilter } from "./select";
export { selectRows } from "./select";
export type { MarkdownOptions, Table } from "./tables";
export {
  aggregatesTable,
  curvesTable,
  finalSummaryTable,
  formatNumber,
  improvementTable,
  referenceTable,
  runFinalsTable,
  tableToCsv,
  tableToMarkdown,
  writeTable,
} from "./tables";
