/** `gasil-kit/algos`: PPO stages, the Trainer, configs and the method registry. */
export { DEFAULT_PPO_CONFIG, DEFAULT_TOTAL_ENV_STEPS, METHOD_NAMES, resolvePpoConfig } from "./config";
export { checkKeys, isPlainObject, readNumber, readNullableNumber, readBoolean, readEnum, readIntList } from "./config";
export type { PpoConfig, TrainConfig, MethodName, JsonObject, NumberRange } from "./config";
export { createTrainer, restoreTrainer, resolveTrainConfig } from "./trainer";
export type { Trainer, TrainerCheckpoint, TrainerOptions, IterationReport, IterationTimings, SeedIterationResult } from "./trainer";
export { registerMethod, getMethod, registeredMethods, PPO_METHOD } from "./method-registry";
export type { MethodPlugin, MethodHooks, MethodContext, SeedDiagnostics } from "./method-registry";
export {
  createPpoPopulation,
  collectRollout,
  computeTargets,
  ppoUpdate,
  applyLoss,
  syncParams,
  normalizedObsBatch,
  explainedVariance,
  getPpoState,
  restorePpoPopulation,
  disposePpoPopulation,
  emptyTimings,
  PPO_DIAGNOSTICS,
  RECENT_EPISODES,
} from "./ppo";
export type { PpoPopulation, PpoPopulationState, PpoSeedState, LossTerms, ApplyLossResult, PhaseTimings } from "./ppo";
export { computeGae, discountedReturns } from "./shared/returns";
export type { GaeInput, GaeOutput } from "./shared/returns";
export { clippedSurrogateLoss, clippedValueLoss } from "./shared/losses";
export { allocateRollout, EpisodeRecorder } from "./shared/rollout-buffer";
export type { PopulationRollout, FinishedEpisode } from "./shared/rollout-buffer";
export { encodeFloat32, decodeFloat32, encodeFloat64, decodeFloat64 } from "./shared/checkpoint";
