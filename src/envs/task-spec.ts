/**
 * The task table entry: what the registry needs to build a raw (unwrapped) env of one id.
 *
 * Every registered task — the six MuJoCo tasks in `./mujoco/tasks` and `PointMass-v0` in
 * `./point-mass` — is one {@link TaskSpec}. `makeEnv` (in `./registry`) splits the generic
 * options (`delay`, `maxEpisodeSteps`, `clipActions`) from the task's own options, calls
 * {@link TaskSpec.create} with the latter and wraps the result:
 * task → TimeLimit → EpisodeStatistics → DelayedReward (→ ClipAction when asked).
 */
import type { Env } from "./env";

/** One registered task. */
export interface TaskSpec {
  /** Versioned id, e.g. `"Hopper-v4"`. */
  readonly id: string;
  /** Default time limit in env steps (1000 for the six MuJoCo tasks; `makeEnv` adds the TimeLimit). */
  readonly maxEpisodeSteps: number;
  /** The task's keyword options in camelCase (validated by {@link TaskSpec.create}). */
  readonly optionNames: readonly string[];
  /** One line, for `listEnvs()`. */
  readonly description: string;
  /**
   * Reward delay `makeEnv` uses when the caller gives none (steps; 0 = undelayed). Optional,
   * absent means 0 (the six MuJoCo tasks); `PointMass-v0` sets 100 (docs/tasks.md#pointmass-v0).
   */
  readonly defaultDelay?: number;
  /**
   * Build the raw env (no wrappers).
   * @param options task options only (generic options are removed by `makeEnv`).
   * @param seed optional seed for the env's random stream (the first `reset` may also seed it).
   * @throws ConfigError naming an unknown key (and the allowed ones) or a bad value (and its range).
   */
  create(options: Readonly<Record<string, unknown>>, seed?: number): Promise<Env>;
}
