/**
 * The env registry: `makeEnv(id, options)`, `makeVectorEnv(id, n, options, seed)`, `listEnvs()`.
 *
 * `makeEnv` splits the generic options from the task's own keyword options, builds the raw task
 * env with its {@link TaskSpec} and wraps it (innermost first):
 *
 *     task → TimeLimit(maxEpisodeSteps) → EpisodeStatistics → DelayedReward(delay)
 *          [→ ClipAction when clipActions] → OrderEnforcing
 *
 * EpisodeStatistics sits inside DelayedReward, so `info.episode` holds the undelayed return (the
 * paper's metric) and `info.rawReward` the undelayed step reward. Normalisation is not added
 * here: it is part of the agent (see `ObservationNormalizer` / `RewardNormalizer`).
 *
 * Generic options: `delay` (integer ≥ 0; default the task's `defaultDelay`, i.e. 0 for the MuJoCo
 * tasks and 100 for `PointMass-v0`), `maxEpisodeSteps` (integer ≥ 1; default the task's),
 * `clipActions` (boolean, default false). Everything else goes to the task, which rejects unknown
 * keys by name.
 */

import { ConfigError, describeValue, EnvError } from "../core/errors";
import { isPlainObject } from "../core/validate";
import type { Env } from "./env";
import { MUJOCO_TASKS } from "./mujoco/tasks";
import { readBooleanOption, readNumberOption } from "./options";
import { POINT_MASS_TASK } from "./point-mass";
import type { TaskSpec } from "./task-spec";
import { deriveEnvSeed, VectorEnv } from "./vector-env";
import { ClipAction } from "./wrappers/clip-action";
import { DelayedReward } from "./wrappers/delayed-reward";
import { EpisodeStatistics } from "./wrappers/episode-statistics";
import { OrderEnforcing } from "./wrappers/order-enforcing";
import { TimeLimit } from "./wrappers/time-limit";

/** Names of the options `makeEnv` handles itself (all others go to the task). */
export const GENERIC_ENV_OPTIONS: readonly string[] = ["delay", "maxEpisodeSteps", "clipActions"];

/** Generic options of {@link makeEnv}; task options may be mixed in the same object. */
export interface MakeEnvOptions {
  /** Reward delay in steps (0 = none). Default: the task's `defaultDelay` (0 for MuJoCo, 100 for PointMass-v0). */
  readonly delay?: number;
  /** Time limit in steps. Default: the task's (1000 for MuJoCo, 100 for PointMass-v0). */
  readonly maxEpisodeSteps?: number;
  /** Clip actions to the action bounds before the task sees them. Default false (paper semantics). */
  readonly clipActions?: boolean;
  /** Task keyword options in camelCase (e.g. `resetNoiseScale`, `actionNoise`). */
  readonly [taskOption: string]: unknown;
}

/** One row of {@link listEnvs}. */
export interface EnvListing {
  readonly id: string;
  readonly description: string;
  readonly maxEpisodeSteps: number;
  readonly optionNames: readonly string[];
  /** Reward delay used when `delay` is not given. */
  readonly defaultDelay: number;
}

const TASKS = new Map<string, TaskSpec>();
for (const spec of [...MUJOCO_TASKS, POINT_MASS_TASK]) TASKS.set(spec.id, spec);

/**
 * Add a task to the registry (e.g. a user's own env).
 * @throws ConfigError when the id is already registered or the spec is malformed.
 */
export function registerEnv(spec: TaskSpec): void {
  if (typeof spec?.id !== "string" || spec.id.length === 0)
    throw new ConfigError("id", `got ${describeValue(spec?.id)}; allowed: a non-empty string`);
  if (TASKS.has(spec.id)) throw new ConfigError("id", `"${spec.id}" is already registered`);
  if (!Number.isInteger(spec.maxEpisodeSteps) || spec.maxEpisodeSteps < 1) {
    throw new ConfigError("maxEpisodeSteps", `got ${describeValue(spec.maxEpisodeSteps)}; allowed: an integer ≥ 1`);
  }
  TASKS.set(spec.id, spec);
}

/** Registered tasks, in registration order (the six MuJoCo tasks, then PointMass-v0, then user tasks). */
export function listEnvs(): EnvListing[] {
  return [...TASKS.values()].map((s) => ({
    id: s.id,
    description: s.description,
    maxEpisodeSteps: s.maxEpisodeSteps,
    optionNames: [...s.optionNames],
    defaultDelay: s.defaultDelay ?? 0,
  }));
}

/**
 * The task spec of `id`.
 * @throws EnvError for an unknown id, listing the registered ids.
 */
export function getTaskSpec(id: string): TaskSpec {
  const spec = typeof id === "string" ? TASKS.get(id) : undefined;
  if (spec !== undefined) return spec;
  const ids = [...TASKS.keys()];
  const lower = typeof id === "string" ? id.toLowerCase() : "";
  const near = ids.find((k) => k.toLowerCase() === lower || k.split("-")[0]!.toLowerCase() === lower.split("-")[0]);
  const hint = near !== undefined ? ` Did you mean "${near}"?` : "";
  throw new EnvError(`unknown env id ${describeValue(id)}; registered ids: ${ids.join(", ")}.${hint}`);
}

function checkSeed(seed: number | undefined, name: string): void {
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new ConfigError(name, `got ${describeValue(seed)}; allowed: a non-negative safe integer`);
  }
}

/**
 * Build a wrapped env.
 * @param id a registered id (`listEnvs()`), e.g. `"Hopper-v4"`.
 * @param options generic options (`delay`, `maxEpisodeSteps`, `clipActions`) and task options.
 * @param seed seeds the env's random stream (reset noise, stochastic dynamics); a later
 *   `reset({ seed })` replaces it.
 * @throws EnvError for an unknown id; ConfigError naming a bad option (value and allowed range)
 *   or an unknown task option (and the allowed ones).
 */
export async function makeEnv(id: string, options: MakeEnvOptions = {}, seed?: number): Promise<Env> {
  const spec = getTaskSpec(id);
  if (!isPlainObject(options)) {
    throw new ConfigError("options", `got ${describeValue(options)}; allowed: an object of options`);
  }
  checkSeed(seed, "seed");
  const delay = readNumberOption(options, "delay", { default: spec.defaultDelay ?? 0, min: 0, integer: true });
  const maxEpisodeSteps = readNumberOption(options, "maxEpisodeSteps", { default: spec.maxEpisodeSteps, min: 1, integer: true });
  const clipActions = readBooleanOption(options, "clipActions", false);
  const taskOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!GENERIC_ENV_OPTIONS.includes(key)) taskOptions[key] = value;
  }
  let env: Env = await spec.create(taskOptions, seed);
  env = new TimeLimit(env, maxEpisodeSteps);
  env = new EpisodeStatistics(env);
  env = new DelayedReward(env, delay);
  if (clipActions) env = new ClipAction(env);
  return new OrderEnforcing(env);
}

/**
 * Build `numEnvs` envs of one task as a {@link VectorEnv}; env i is made with
 * `makeEnv(id, options, deriveEnvSeed(seed, i))`, so `reset()` and `reset(seed)` give the same
 * first episode.
 * @throws ConfigError when `numEnvs` is not a positive integer or `seed` is invalid; as
 *   {@link makeEnv} otherwise.
 */
export async function makeVectorEnv(id: string, numEnvs: number, options: MakeEnvOptions = {}, seed = 0): Promise<VectorEnv> {
  getTaskSpec(id);
  if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new ConfigError("numEnvs", `got ${describeValue(numEnvs)}; allowed: an integer ≥ 1`);
  checkSeed(seed, "seed");
  const envs: Env[] = [];
  try {
    for (let i = 0; i < numEnvs; i++) envs.push(await makeEnv(id, options, deriveEnvSeed(seed, i)));
  } catch (error) {
    for (const env of envs) env.close();
    throw error;
  }
  return new VectorEnv(envs);
}
