/**
 * The MuJoCo task table read by the env registry (`../registry`). One {@link TaskSpec} per task;
 * each task file owns its MJCF, options and reward rule.
 */
import type { TaskSpec } from "../task-spec";
import { ANT_TASK } from "./ant";
import { HALF_CHEETAH_TASK } from "./half-cheetah";
import { HOPPER_TASK } from "./hopper";
import { HUMANOID_TASK } from "./humanoid";
import { SWIMMER_TASK } from "./swimmer";
import { WALKER2D_TASK } from "./walker2d";

/** The MuJoCo tasks, in the order `listEnvs()` shows them. */
export const MUJOCO_TASKS: readonly TaskSpec[] = [HOPPER_TASK, WALKER2D_TASK, HALF_CHEETAH_TASK, SWIMMER_TASK, ANT_TASK, HUMANOID_TASK];
