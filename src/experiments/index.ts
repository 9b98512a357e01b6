/**
 * `gasil-kit/experiments`: typed sweep configurations and presets, the resumable runner (one
 * unit per run, a local worker pool, Slurm arrays), tidy results and provenance.
 */
export { parseSweepConfig, planSweep, getPath, DEFAULT_HYPERPARAMETER_COLUMNS, RESERVED_COLUMNS } from "./config";
export type { SweepConfig, StudyConfig, VarySpec, PlannedRun } from "./config";
export { presetConfig, PRESET_NAMES, FIGURE6_TASKS, FIGURE6_METHODS, PAPER_DELAY } from "./presets";
export { prepareSweep, readManifest, findRun, runState, runPaths, manifestPath, MANIFEST_FORMAT } from "./manifest";
export type { SweepManifest, PreparedSweep, RunState, RunStatus, FailedSeed } from "./manifest";
export { runUnit, CHECKPOINT_FORMAT } from "./run-unit";
export type { UnitEvent, UnitOptions, RowRecord } from "./run-unit";
export { POLICY_SAVE_EVERY, policiesDir, policyPath, listRunPolicies, readRunPolicy, writePolicies } from "./policies";
export type { SeedPolicies } from "./policies";
export { recordSweepReplay, seedsByFinalReturn, medianAndBestSeeds, replayComparison } from "./replays";
export type { SweepReplayOptions, SeedScore, ReplayComparison, ReplayComparisonOptions } from "./replays";
export { runSweepPool } from "./pool";
export type { PoolOptions, PoolSummary } from "./pool";
export { ProgressBoard, formatDuration, formatCount } from "./progress";
export type { ProgressBoardOptions } from "./progress";
export { collectResults, readRunRows, seedRunId, csvField, RESULT_ID_COLUMNS, RESULT_VALUE_COLUMNS, RESULTS_FILE } from "./results";
export type { CollectOptions, CollectSummary } from "./results";
export { slurmScript, validateSlurmOptions, SLURM_FLAGS } from "./slurm";
export type { SlurmOptions } from "./slurm";
export { gitInfo, packageVersions, machineInfo, mujocoVersion, displayPath, PACKAGE_ROOT } from "./provenance";
export type { GitInfo, MachineInfo } from "./provenance";
export { loadTrainer, registeredTasks, METHOD_NAMES } from "./trainer-api";
export type { MethodName, TrainConfigLike, TrainerLike, TrainerApi, TrainerSource, IterationReportLike, SeedIterationResultLike } from "./trainer-api";
export { writeFileAtomic, writeJsonAtomic, readJsonIfExists, LineLog, readLines } from "./durable-files";
export { runPreset } from "./run-preset";
export type { RunPresetOptions } from "./run-preset";
export {
  FIGURE6_STUDY,
  sweepDataDir,
  defaultDataDir,
  loadSweepRows,
  figure6Rows,
  figure7Studies,
  figure7Rows,
  figure6,
  figure6Diagnostics,
  figure7,
  overview,
  tableHtml,
  writeFigures,
} from "./figures";
export type { FigureAnalysisOptions, Figure6Result, Figure7Result, FigureOptions, DiagnosticsResult } from "./figures";
export { compareFigure6, compareFigure7, PAPER_FIGURE6_CLAIM, PAPER_FIGURE7_CLAIM } from "./paper-claims";
export type { FinalRow, Figure6Comparison, Figure6TaskOutcome, Figure7Comparison, Figure7TaskOutcome } from "./paper-claims";
export { main as runCli } from "./cli";
