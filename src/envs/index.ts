/**
 * `gasil-kit/envs`: the delayed-reward tasks (six MuJoCo tasks, `PointMass-v0`), the registry
 * (`makeEnv`, `makeVectorEnv`, `listEnvs`), Gymnasium-style wrappers, the vector env and the
 * running-statistics normalisers.
 */
// Contract and task table
export type { BoxSpace, Env, EpisodeStats, ResetOptions, ResetResult, StepInfo, StepResult } from "./env";
export type { TaskSpec } from "./task-spec";
// Spaces and option validation
export { makeBox, boxSize, boxContains, sampleBox, clipToBox, checkAction, boxToString } from "./spaces";
export { checkOptionKeys, readNumberOption, readBooleanOption } from "./options";
export type { NumberOptionSpec } from "./options";
// Conformance check
export { checkEnv } from "./check-env";
export type { CheckEnvOptions } from "./check-env";
// Registry
export { makeEnv, makeVectorEnv, listEnvs, registerEnv, getTaskSpec, GENERIC_ENV_OPTIONS } from "./registry";
export type { MakeEnvOptions, EnvListing } from "./registry";
// Vector env
export { VectorEnv, deriveEnvSeed } from "./vector-env";
export type { VectorResetResult, VectorStepResult } from "./vector-env";
// Normalisers
export { RunningMeanStd, ObservationNormalizer, RewardNormalizer } from "./running-mean-std";
export type {
  RunningMeanStdState,
  ObservationNormalizerOptions,
  ObservationNormalizerState,
  RewardNormalizerOptions,
  RewardNormalizerState,
} from "./running-mean-std";
// Delay rule (batched; the DelayedReward wrapper uses it)
export { RewardDelayer } from "./reward-delayer";
export type { RewardDelayerState } from "./reward-delayer";
// Wrappers
export { Wrapper } from "./wrappers/wrapper";
export { TimeLimit } from "./wrappers/time-limit";
export { DelayedReward } from "./wrappers/delayed-reward";
export { EpisodeStatistics } from "./wrappers/episode-statistics";
export { ClipAction } from "./wrappers/clip-action";
export { OrderEnforcing } from "./wrappers/order-enforcing";
export { NormalizeObservation } from "./wrappers/normalize-observation";
export { NormalizeReward } from "./wrappers/normalize-reward";
// Point mass
export {
  PointMassEnv,
  POINT_MASS_TASK,
  POINT_MASS_ID,
  POINT_MASS_HORIZON,
  POINT_MASS_DEFAULT_DELAY,
  POINT_MASS_TARGETS,
  POINT_MASS_RADIUS,
} from "./point-mass";
export type { PointMassOptions } from "./point-mass";
// MuJoCo tasks (src/envs/mujoco/, written by the MuJoCo helpers; mirrors src/envs/mujoco/index.ts)
export { loadMujoco, MujocoRuntime, MujocoSim, MjObj, viewsStale } from "./mujoco/runtime";
export type { MainModule, MjData, MjModel, MjHandle } from "./mujoco/runtime";
export { checkMjcf } from "./mujoco/mjcf";
export { MujocoEnv, resolveTaskOptions } from "./mujoco/mujoco-env";
export type { MujocoTaskConfig, NoiseLaw, StepOutcome, NumberOption, BooleanOption, RangeOption, OptionDef, OptionSchema, ResolvedOptions } from "./mujoco/mujoco-env";
export { HopperEnv, HOPPER_TASK, HOPPER_OPTIONS, HOPPER_XML } from "./mujoco/hopper";
export type { HopperOptions } from "./mujoco/hopper";
export { Walker2dEnv, WALKER2D_TASK, WALKER2D_OPTIONS, WALKER2D_XML } from "./mujoco/walker2d";
export type { Walker2dOptions } from "./mujoco/walker2d";
export { HalfCheetahEnv, HALF_CHEETAH_TASK, HALF_CHEETAH_OPTIONS, HALF_CHEETAH_XML } from "./mujoco/half-cheetah";
export type { HalfCheetahOptions } from "./mujoco/half-cheetah";
export { SwimmerEnv, SWIMMER_TASK, SWIMMER_OPTIONS, SWIMMER_XML } from "./mujoco/swimmer";
export type { SwimmerOptions } from "./mujoco/swimmer";
export { AntEnv, ANT_TASK, ANT_OPTIONS, ANT_XML } from "./mujoco/ant";
export type { AntOptions } from "./mujoco/ant";
export { HumanoidEnv, HUMANOID_TASK, HUMANOID_OPTIONS, HUMANOID_XML } from "./mujoco/humanoid";
export type { HumanoidOptions } from "./mujoco/humanoid";
export { MUJOCO_TASKS } from "./mujoco/tasks";
// Replays: recording episodes for the 3-D viewer (gasil-kit/plots shows them)
export { recordRollout, RANDOM_POLICY } from "./record";
export type { ReplayPolicy, RecordOptions } from "./record";
export { REPLAY_FORMAT, encodeF32, decodeF32, isReplay } from "./replay-format";
export type { Replay, ReplayScene, SceneGeom, GeomShape, ReplayCamera, ReplayPolicyInfo } from "./replay-format";
export { mujocoScene, matToQuat } from "./mujoco/scene";
export type { MujocoSceneReader } from "./mujoco/scene";
