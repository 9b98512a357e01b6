/** `gasil-kit/algos`: PPO stages, the Trainer, configs and the method registry. */
export { DEFAULT_PPO_CONFIG, DEFAULT_TOTAL_ENV_STEPS, METHOD_NAMES, REWARD_SCALING_ORDERS, resolvePpoConfig } from "./config";
export { checkKeys, isPlainObject, readNumber, readNullableNumber, readBoolean, readEnum, readIntList } from "./config";
export type { PpoConfig, TrainConfig, MethodName, JsonObject, NumberRange, RewardScalingOrder } from "./config";
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
  allocateMinibatch,
  ppoMinibatchGradient,
  PPO_DIAGNOSTICS,
  RECENT_EPISODES,
} from "./ppo";
export type { PpoPopulation, PpoPopulationState, PpoSeedState, LossTerms, ApplyLossResult, PhaseTimings, PpoMinibatch, PopulationOptions } from "./ppo";
export { computeGae, discountedReturns } from "./shared/returns";
export type { GaeInput, GaeOutput } from "./shared/returns";
export { clippedSurrogateLoss, clippedValueLoss, ppoLossHost } from "./shared/losses";
export type { PpoLossHostInput, PpoLossHostTerms } from "./shared/losses";
export { allocateRollout, EpisodeRecorder } from "./shared/rollout-buffer";
export type { PopulationRollout, FinishedEpisode } from "./shared/rollout-buffer";
export { encodeFloat32, decodeFloat32, encodeFloat64, decodeFloat64 } from "../core/float-codec";
export {
  GASIL_METHOD,
  DEFAULT_GASIL_CONFIG,
  FULL_BATCH_STEPS_READING,
  DISCRIMINATOR_SCHEDULES,
  BONUS_PLACEMENTS,
  discriminatorStepsPerIteration,
  resolveGasilConfig,
  effectiveEntropyCoef,
  createGasilState,
  getGasilState,
  restoreGasilState,
  normalizeRolloutObs,
  updateDiscriminator,
  relabelRewards,
  gasilAfterRollout,
  softplus,
} from "./gasil";
export type { GasilConfig, GasilState, GasilMethodState, DiscriminatorSchedule, BonusPlacement, DiscriminatorIterationDiagnostics } from "./gasil";
export { BC_METHOD, DEFAULT_BC_CONFIG, resolveBcConfig, bcLoss, bcUpdate, sampleStoreBatch } from "./bc";
export type { BcConfig, BcDiagnostics, BcMethodState } from "./bc";
export { SURVIVAL_METHOD, DEFAULT_SURVIVAL_CONFIG, resolveSurvivalConfig, addSurvivalBonus } from "./survival";
export type { SurvivalConfig } from "./survival";
export { SIL_METHOD, DEFAULT_SIL_CONFIG, resolveSilConfig, admitSilEpisode, createSilSeedState, silLoss, silUpdate, sampleSilBatch } from "./sil";
export type { SilConfig, SilSeedState, SilSeedCheckpoint, SilMethodState, SilBatch, SilDiagnostics } from "./sil";
export { TrajectoryStore, TRAJECTORY_STORE_UNITS, offerFinishedEpisodes, storeDiagnostics } from "./shared/trajectory-store";
export type { TrajectoryStoreOptions, TrajectoryStoreState, TrajectoryStoreUnit, TrajectoryInput, StoredTrajectory } from "./shared/trajectory-store";
export { PrioritizedReplayBuffer, MIN_PRIORITY, admitsEpisode, discountedEpisodeReturns } from "./shared/replay-buffer";
export type { PrioritizedReplayOptions, PrioritizedReplayState, PrioritizedSample } from "./shared/replay-buffer";
export { SAVED_POLICY_FORMAT, LoadedPolicy, loadPolicy, buildSavedPolicy, mlpParamCount } from "./saved-policy";
export type { SavedPolicy, SavedActor, SavedObsNormalizer, SavedDiscriminator, SavedPolicyParts, ActOptions } from "./saved-policy";
