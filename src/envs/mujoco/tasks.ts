/**
 * The MuJoCo task table read by the env registry (`../registry`). One {@link TaskSpec} per task;
 * each task file owns its MJCF, options and reward rule.
 */
import type { TaskSpec } from "../task-spec";
import { ANT_TASK } from "./ant";
import { HOPPER_TASK } from "./hopper";
import { HUMANOID_TASK } from "./humanoid";

/** The MuJoCo tasks, in the order `listEnvs()` shows them. */
export const MUJOCO_TASKS: readonly TaskSpec[] = [
  HOPPER_TASK,
  ANT_TASK,
  HUMANOID_TASK,
];
