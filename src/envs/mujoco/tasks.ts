/**
 * The MuJoCo task table read by the env registry (`../registry`). One {@link TaskSpec} per task;
 * each task file owns its MJCF, options and reward rule.
 */
import type { TaskSpec } from "../task-spec";
import { HOPPER_TASK } from "./hopper";

/** The MuJoCo tasks, in the order `listEnvs()` shows them. */
export const MUJOCO_TASKS: readonly TaskSpec[] = [
  HOPPER_TASK,
];
