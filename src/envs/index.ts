/**
 * `gasil-kit/envs`: the delayed-reward tasks (six MuJoCo tasks, `PointMass-v0`), the registry
 * (`makeEnv`, `makeVectorEnv`, `listEnvs`), Gymnasium-style wrappers, the vector env and the
 * running-statistics normalisers.
 */
// Contract and task table

export type { CheckEnvOptions } from "./check-env";
// Conformance check
export { checkEnv } from "./check-env";
export type { BoxSpace, Env, EpisodeStats, ResetOptions, ResetResult, StepInfo, StepResult } from "./env";
export type { AntOptions } from "./mujoco/ant";
export { ANT_OPTIONS, ANT_TASK, ANT_XML, AntEnv } from "./mujoco/ant";
export type { HalfCheetahOptions } from "./mujoco/half-cheetah";
export { HALF_CHEETAH_OPTIONS, HALF_CHEETAH_TASK, HALF_CHEETAH_XML, HalfCheetahEnv } from "./mujoco/half-cheetah";
export type { HopperOptions } from "./mujoco/hopper";
export { HOPPER_OPTIONS, HOPPER_TASK, HOPPER_XML, HopperEnv } from "./mujoco/hopper";
export type { HumanoidOptions } from "./mujoco/humanoid";
export { HUMANOID_OPTIONS, HUMANOID_TASK, HUMANOID_XML, HumanoidEnv } from "./mujoco/humanoid";
export { checkMjcf } from "./mujoco/mjcf";
export type {
  BooleanOption,
  MujocoTaskConfig,
  NoiseLaw,
  NumberOption,
  OptionDef,
  OptionSchema,
  RangeOption,
  ResolvedOptions,
  StepOutcome,
} from "./mujoco/mujoco-env";
export { MujocoEnv, resolveTaskOptions } from "./mujoco/mujoco-env";
export type { MainModule, MjData, MjHandle, MjModel } from "./mujoco/runtime";
// MuJoCo tasks (src/envs/mujoco/, written by the MuJoCo helpers; mirrors src/envs/mujoco/index.ts)
export { loadMujoco, MjObj, MujocoRuntime, MujocoSim, viewsStale } from "./mujoco/runtime";
export type { MujocoSceneReader } from "./mujoco/scene";
export { matToQuat, mujocoScene } from "./mujoco/scene";
export type { SwimmerOptions } from "./mujoco/swimmer";
export { SWIMMER_OPTIONS, SWIMMER_TASK, SWIMMER_XML, SwimmerEnv } from "./mujoco/swimmer";
export { MUJOCO_TASKS } from "./mujoco/tasks";
export type { Walker2dOptions } from "./mujoco/walker2d";
export { WALKER2D_OPTIONS, WALKER2D_TASK, WALKER2D_XML, Walker2dEnv } from "./mujoco/walker2d";
export type { NumberOptionSpec } from "./options";
export { checkOptionKeys, readBooleanOption, readNumberOption } from "./options";
export type { PointMassOptions } from "./point-mass";
// Point mass
export {
  POINT_MASS_DEFAULT_DELAY,
  POINT_MASS_HORIZON,
  POINT_MASS_ID,
  POINT_MASS_RADIUS,
  POINT_MASS_TARGETS,
  POINT_MASS_TASK,
  PointMassEnv,
} from "./point-mass";
export type { RecordOptions, ReplayPolicy } from "./record";
// Replays: recording episodes for the 3-D viewer (gasil-kit/plots shows them)
export { RANDOM_POLICY, recordRollout } from "./record";
export type { EnvListing, MakeEnvOptions } from "./registry";
// Registry
export { GENERIC_ENV_OPTIONS, getTaskSpec, listEnvs, makeEnv, makeVectorEnv, registerEnv } from "./registry";
export type { GeomShape, Replay, ReplayCamera, ReplayPolicyInfo, ReplayScene, SceneGeom } from "./replay-format";
export { decodeF32, encodeF32, isReplay, REPLAY_FORMAT } from "./replay-format";
export type { RewardDelayerState } from "./reward-delayer";
// Delay rule (batched; the DelayedReward wrapper uses it)
export { RewardDelayer } from "./reward-delayer";
export type {
  ObservationNormalizerOptions,
  ObservationNormalizerState,
  RewardNormalizerOptions,
  RewardNormalizerState,
  RunningMeanStdState,
} from "./running-mean-std";
// Normalisers
export { ObservationNormalizer, RewardNormalizer, RunningMeanStd } from "./running-mean-std";
// Spaces and option validation
export { boxContains, boxSize, boxToString, checkAction, clipToBox, makeBox, sampleBox } from "./spaces";
export type { TaskSpec } from "./task-spec";
export type { VectorResetResult, VectorStepResult } from "./vector-env";
// Vector env
export { deriveEnvSeed, VectorEnv } from "./vector-env";
export { ClipAction } from "./wrappers/clip-action";
export { DelayedReward } from "./wrappers/delayed-reward";
export { EpisodeStatistics } from "./wrappers/episode-statistics";
export { NormalizeObservation } from "./wrappers/normalize-observation";
export { NormalizeReward } from "./wrappers/normalize-reward";
export { OrderEnforcing } from "./wrappers/order-enforcing";
export { TimeLimit } from "./wrappers/time-limit";
// Wrappers
export { Wrapper } from "./wrappers/wrapper";
