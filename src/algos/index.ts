/** `gasil-kit/algos`: PPO stages, the Trainer, configs and the method table. */

export { decodeFloat32, decodeFloat64, encodeFloat32, encodeFloat64 } from "../core/float-codec";
export type { BcConfig, BcDiagnostics, BcMethodState } from "./bc";
export { BC_METHOD, bcUpdate, DEFAULT_BC_CONFIG, resolveBcConfig, sampleStoreBatch } from "./bc";
export type {
  JsonObject,
  MethodName,
  MethodSection,
  NumberRange,
  PpoConfig,
  RewardScalingOrder,
  TrainConfig,
  TrainConfigBase,
  TrainConfigWith,
} from "./config";
export {
  checkKeys,
  DEFAULT_PPO_CONFIG,
  DEFAULT_TOTAL_ENV_STEPS,
  isPlainObject,
  METHOD_NAMES,
  methodSection,
  REWARD_SCALING_ORDERS,
  readBoolean,
  readEnum,
  readIntList,
  readNullableNumber,
  readNumber,
  resolvePpoConfig,
} from "./config";
export type {
  BonusPlacement,
  DiscriminatorIterationDiagnostics,
  DiscriminatorSchedule,
  GasilConfig,
  GasilMethodState,
  GasilState,
} from "./gasil";
export {
  BONUS_PLACEMENTS,
  createGasilState,
  DEFAULT_GASIL_CONFIG,
  DISCRIMINATOR_SCHEDULES,
  discriminatorStepsPerIteration,
  effectiveEntropyCoef,
  FULL_BATCH_STEPS_READING,
  GASIL_METHOD,
  gasilAfterRollout,
  getGasilState,
  normalizeRolloutObs,
  relabelRewards,
  resolveGasilConfig,
  restoreGasilState,
  softplus,
  updateDiscriminator,
} from "./gasil";
export type { Method, MethodHooks, SeedDiagnostics } from "./methods";
export { METHODS, PPO_METHOD } from "./methods";
export type { PpoMinibatch } from "./ppo";
export {
  allocateMinibatch,
  collectRollout,
  computeTargets,
  createPpoPopulation,
  explainedVariance,
  PPO_DIAGNOSTICS,
  ppoMinibatchGradient,
  ppoUpdate,
} from "./ppo";
export type { ActOptions, SavedActor, SavedDiscriminator, SavedObsNormalizer, SavedPolicy, SavedPolicyParts } from "./saved-policy";
export { buildSavedPolicy, LoadedPolicy, loadPolicy, mlpParamCount, SAVED_POLICY_FORMAT } from "./saved-policy";
export type {
  PolicyOutputGradients,
  PolicyOutputs,
  PpoLossCoefficients,
  PpoLossHostTerms,
  PpoOutputGradients,
  PpoOutputs,
  PpoSamples,
  SilLossCoefficients,
  SilLossHostTerms,
  SilOutputs,
  SilSamples,
} from "./shared/losses";
export { bcLossHost, clippedSurrogateLoss, clippedValueLoss, normalizeAdvantages, ppoLossHost, silLossHost } from "./shared/losses";
export type {
  PhaseTimings,
  PopulationOptions,
  PpoPopulation,
  PpoPopulationState,
  PpoSeedState,
  SeedAgent,
  TrainingPhase,
} from "./shared/ppo-state";
export {
  disposePpoPopulation,
  getPpoState,
  RECENT_EPISODES,
  restorePpoPopulation,
  TRAINING_PHASES,
} from "./shared/ppo-state";
export type { PrioritizedReplayOptions, PrioritizedReplayState, PrioritizedSample } from "./shared/replay-buffer";
export { admitsEpisode, discountedEpisodeReturns, MIN_PRIORITY, PrioritizedReplayBuffer } from "./shared/replay-buffer";
export type { GaeInput, GaeOutput } from "./shared/returns";
export { computeGae, discountedReturns } from "./shared/returns";
export type { FinishedEpisode, Rollout } from "./shared/rollout-buffer";
export { allocateRollout, EpisodeRecorder } from "./shared/rollout-buffer";
export type {
  StoredTrajectory,
  TrajectoryInput,
  TrajectoryStoreOptions,
  TrajectoryStoreState,
  TrajectoryStoreUnit,
} from "./shared/trajectory-store";
export { offerFinishedEpisodes, storeDiagnostics, TRAJECTORY_STORE_UNITS, TrajectoryStore } from "./shared/trajectory-store";
export type { SilBatch, SilConfig, SilDiagnostics, SilSeedCheckpoint, SilSeedState } from "./sil";
export {
  admitSilEpisode,
  createSilSeedState,
  DEFAULT_SIL_CONFIG,
  resolveSilConfig,
  SIL_METHOD,
  sampleSilBatch,
  silUpdate,
} from "./sil";
export type { SurvivalConfig } from "./survival";
export { addSurvivalBonus, DEFAULT_SURVIVAL_CONFIG, resolveSurvivalConfig, SURVIVAL_METHOD } from "./survival";
export type { IterationReport, IterationTimings, SeedIterationResult, Trainer, TrainerCheckpoint, TrainerOptions } from "./trainer";
export { createTrainer, resolveTrainConfig, restoreTrainer, TRAINER_CHECKPOINT_VERSION } from "./trainer";
