/**
 * `gasil-kit/experiments`: typed sweep configurations and presets, the resumable runner (one
 * unit per run, a local worker pool, Slurm arrays), tidy results and provenance.
 */

export { main as runCli } from "./cli";
export type { CompactSummary } from "./compact";
export { compactSweep, RESULTS_FILE_GZ } from "./compact";
export type { PlannedRun, StudyConfig, SweepConfig, VarySpec } from "./config";
export { DEFAULT_HYPERPARAMETER_COLUMNS, getPath, parseSweepConfig, planSweep, RESERVED_COLUMNS } from "./config";
export { estimatedRunCpuSeconds, estimatedSecondsPerStep, scheduledWallSeconds, scheduleOrder } from "./cost-model";
export { GZIP_SUFFIX, LineLog, readJsonIfExists, readLines, readTextMaybeGzip, writeFileAtomic, writeJsonAtomic } from "./durable-files";
export type {
  DatasetChoice,
  DiagnosticsResult,
  Figure6Result,
  Figure7Result,
  FigureAnalysisOptions,
  FigureOptions,
} from "./figures";
export {
  chooseDataset,
  DATASETS_BY_SIZE,
  defaultDataDir,
  FIGURE6_STUDY,
  figure6,
  figure6Diagnostics,
  figure6Rows,
  figure7,
  figure7Rows,
  figure7Studies,
  loadSweepRows,
  overview,
  sweepComplete,
  sweepDataDir,
  tableHtml,
  writeFigures,
} from "./figures";
export type { FailedSeed, PreparedSweep, RunState, RunStatus, SweepManifest } from "./manifest";
export { findRun, MANIFEST_FORMAT, manifestPath, prepareSweep, readManifest, runPaths, runState } from "./manifest";
export type { Figure6Comparison, Figure6TaskOutcome, Figure7Comparison, Figure7TaskOutcome, FinalRow } from "./paper-claims";
export { compareFigure6, compareFigure7, PAPER_FIGURE6_CLAIM, PAPER_FIGURE7_CLAIM } from "./paper-claims";
export type { SeedPolicies } from "./policies";
export { listRunPolicies, POLICY_SAVE_EVERY, policiesDir, policyPath, readRunPolicy, writePolicies } from "./policies";
export type { PoolOptions, PoolSummary } from "./pool";
export { runSweepPool } from "./pool";
export { FIGURE6_METHODS, FIGURE6_TASKS, PAPER_DELAY, PRESET_NAMES, presetConfig } from "./presets";
export type { ProgressBoardOptions } from "./progress";
export { formatCount, formatDuration, ProgressBoard } from "./progress";
export type { GitInfo, MachineInfo } from "./provenance";
export { displayPath, gitInfo, machineInfo, mujocoVersion, PACKAGE_ROOT, packageVersions } from "./provenance";
export type { ReplayComparison, ReplayComparisonOptions, SeedScore, SweepReplayOptions } from "./replays";
export { medianAndBestSeeds, recordSweepReplay, replayComparison, seedsByFinalReturn } from "./replays";
export type { CollectOptions, CollectSummary } from "./results";
export {
  collectResults,
  csvField,
  RESULT_ID_COLUMNS,
  RESULT_VALUE_COLUMNS,
  RESULTS_FILE,
  readRunRows,
  resultsFileOf,
  seedRunId,
} from "./results";
export type { RunPresetOptions } from "./run-preset";
export { runPreset } from "./run-preset";
export type { RowRecord, UnitEvent, UnitOptions } from "./run-unit";
export { CHECKPOINT_FORMAT, runUnit } from "./run-unit";
export type { SlurmOptions } from "./slurm";
export { SLURM_FLAGS, slurmScript, validateSlurmOptions } from "./slurm";
export type {
  IterationReportLike,
  MethodName,
  SeedIterationResultLike,
  TrainConfigLike,
  TrainerApi,
  TrainerLike,
  TrainerSource,
} from "./trainer-api";
export { loadTrainer, METHOD_NAMES, registeredTasks } from "./trainer-api";
