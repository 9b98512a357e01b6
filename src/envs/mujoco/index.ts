/**
 * MuJoCo tasks on the `mujoco-js` WebAssembly module (Gymnasium v4 semantics).
 * Re-exported by `gasil-kit/envs`; most users call `makeEnv("Hopper-v4", options)` instead.
 */
export { loadMujoco, MujocoRuntime, MujocoSim, MjObj, viewsStale } from "./runtime";
export type { MainModule, MjData, MjModel, MjHandle } from "./runtime";
export { checkMjcf } from "./mjcf";
export { MujocoEnv, resolveTaskOptions, clip, sumOfSquares } from "./mujoco-env";
export type {
  MujocoTaskConfig,
  NoiseLaw,
  StepOutcome,
  NumberOption,
  BooleanOption,
  RangeOption,
  OptionDef,
  OptionSchema,
  ResolvedOptions,
} from "./mujoco-env";
export { HopperEnv, HOPPER_TASK, HOPPER_OPTIONS, HOPPER_XML } from "./hopper";
export type { HopperOptions } from "./hopper";
export { Walker2dEnv, WALKER2D_TASK, WALKER2D_OPTIONS, WALKER2D_XML } from "./walker2d";
export type { Walker2dOptions } from "./walker2d";
export { HalfCheetahEnv, HALF_CHEETAH_TASK, HALF_CHEETAH_OPTIONS, HALF_CHEETAH_XML } from "./half-cheetah";
export type { HalfCheetahOptions } from "./half-cheetah";
export { SwimmerEnv, SWIMMER_TASK, SWIMMER_OPTIONS, SWIMMER_XML } from "./swimmer";
export type { SwimmerOptions } from "./swimmer";
export { MUJOCO_TASKS } from "./tasks";
