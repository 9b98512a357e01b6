/**
 * MuJoCo tasks on the `mujoco-js` WebAssembly module (Gymnasium v4 semantics).
 * Re-exported by `gasil-kit/envs`; most users call `makeEnv("Hopper-v4", options)` instead.
 */

export type { HalfCheetahOptions } from "./half-cheetah";
export { HALF_CHEETAH_OPTIONS, HALF_CHEETAH_TASK, HALF_CHEETAH_XML, HalfCheetahEnv } from "./half-cheetah";
export type { HopperOptions } from "./hopper";
export { HOPPER_OPTIONS, HOPPER_TASK, HOPPER_XML, HopperEnv } from "./hopper";
export { checkMjcf } from "./mjcf";
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
} from "./mujoco-env";
export { clip, MujocoEnv, resolveTaskOptions, sumOfSquares } from "./mujoco-env";
export type { MainModule, MjData, MjHandle, MjModel } from "./runtime";
export { loadMujoco, MjObj, MujocoRuntime, MujocoSim, viewsStale } from "./runtime";
export type { SwimmerOptions } from "./swimmer";
export { SWIMMER_OPTIONS, SWIMMER_TASK, SWIMMER_XML, SwimmerEnv } from "./swimmer";
export { MUJOCO_TASKS } from "./tasks";
export type { Walker2dOptions } from "./walker2d";
export { WALKER2D_OPTIONS, WALKER2D_TASK, WALKER2D_XML, Walker2dEnv } from "./walker2d";
