/**
 * MuJoCo tasks on the `mujoco-js` WebAssembly module (Gymnasium v4 semantics).
 * Re-exported by `gasil-kit/envs`; most users call `makeEnv("Hopper-v4", options)` instead.
 */
export { loadMujoco, MujocoRuntime, MujocoSim, MjObj, viewsStale } from "./runtime";
export type { MainModule, MjData, MjModel, MjHandle } from "./runtime";
export { checkMjcf } from "./mjcf";
export { MujocoEnv, resolveTaskOptions, clip } from "./mujoco-env";
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
export { MUJOCO_TASKS } from "./tasks";
