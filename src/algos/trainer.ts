/**
 * The Trainer: what the experiment runner drives (its structural slice is `src/experiments/trainer-api.ts`).
 *
 * A Trainer trains a POPULATION of seeds of one {@link TrainConfig} in one process. It owns the
 * population: one agent per seed (`shared/ppo-state.ts`; the agents' weights share one kernel
 * memory, `population.nets`) and the method's hooks of each seed. The algorithm's stages are
 * written for one seed, and each {@link Trainer.runIteration} runs them for every live seed in turn:
 *
 *   collectRollout → method.afterRollout → computeTargets → ppoUpdate → method.afterUpdate
 *
 * Seed k's numbers do not depend on which other seeds share its population (each reads and writes
 * its own state and its own rows of the kernels' memory only).
 * and reports the paper's metric per seed: the mean undelayed return of the last 100 finished
 * training episodes (docs/paper-protocol.md#what-the-curves-plot), plus diagnostics. A seed whose loss, gradient or
 * observation goes non-finite is reported `finite: false` and frozen; the others continue.
 *
 * Checkpoints ({@link Trainer.checkpoint}) hold the whole state as one JSON-serialisable object;
 * {@link restoreTrainer} continues exactly as if training had never stopped (same backend).
 *
 * @example
 * const config = resolveTrainConfig({ method: "ppo", envId: "Hopper-v4", envOptions: { delay: 20 } });
 * const trainer = await createTrainer(config, [0, 1, 2]);
 * while (!trainer.done) {
 *   const report = await trainer.runIteration();
 *   console.log(report.envSteps, report.seeds.map((s) => s.averageReturn));
 * }
 * trainer.dispose();
 */

import { backendInfo, initBackend } from "../core/backend";
import { ConfigError, describeValue } from "../core/errors";
import type { Env } from "../envs/env";
import { getTaskSpec, listEnvs, makeEnv } from "../envs/registry";
import {
  checkKeys,
  DEFAULT_TOTAL_ENV_STEPS,
  isPlainObject,
  type JsonObject,
  METHOD_NAMES,
  type MethodName,
  methodSection,
  type PpoConfig,
  readEnum,
  readNumber,
  resolvePpoConfig,
  type TrainConfig,
} from "./config";
import { METHODS, type Method, type MethodHooks } from "./methods";
import { collectRollout, computeTargets, createPpoPopulation, ppoUpdate } from "./ppo";
import { buildSavedPolicy, type SavedPolicy } from "./saved-policy";
import {
  disposePpoPopulation,
  getPpoState,
  type PhaseTimings,
  type PopulationOptions,
  type PpoPopulation,
  type PpoPopulationState,
  restorePpoPopulation,
  type SeedAgent,
} from "./shared/ppo-state";
import type { FinishedEpisode } from "./shared/rollout-buffer";

export type { MethodName, TrainConfig };

/** One seed's results of one iteration. */
export interface SeedIterationResult {
  readonly seed: number;
  /** Mean undelayed return of the last 100 finished training episodes (paper's metric); null before the first. */
  readonly averageReturn: number | null;
  /** Undelayed returns of the episodes that finished in this iteration. */
  readonly episodeReturns: number[];
  readonly episodeLengths: number[];
  /** policyLoss, valueLoss, entropy, approxKl, clipFraction, gradNorm, explainedVariance, policyStd, + method's. */
  readonly diagnostics: Record<string, number>;
  /** False once a loss/parameter/observation went non-finite (the seed is then frozen). */
  readonly finite: boolean;
}

/** Timings of one iteration, in seconds per training phase (all seeds together; see `TRAINING_PHASES`). */
export type IterationTimings = PhaseTimings;

/** One iteration's report. */
export interface IterationReport {
  /** 1-based number of the iteration just run. */
  readonly iteration: number;
  /** Env steps per seed so far. */
  readonly envSteps: number;
  readonly seeds: SeedIterationResult[];
  readonly wallSeconds: number;
  /** Where the time went (not part of results; for benchmarks). */
  readonly timings: IterationTimings;
}

/** The checkpoint version this trainer writes and reads (2: the method's state is one entry per seed). */
export const TRAINER_CHECKPOINT_VERSION = 2;

/** Whole trainer state (JSON-serialisable). */
export interface TrainerCheckpoint {
  readonly format: "gasil-kit/trainer-checkpoint";
  readonly version: typeof TRAINER_CHECKPOINT_VERSION;
  readonly config: TrainConfig;
  readonly seeds: readonly number[];
  readonly iteration: number;
  readonly envSteps: number;
  /** Backend the state was produced on (exact resumption needs the same backend). */
  readonly backend: string | null;
  readonly ppo: PpoPopulationState;
  /** The method's own state of each seed (buffers, discriminator, …; null for plain PPO), in seed order. */
  readonly method: readonly unknown[];
}

/** A running population. */
export interface Trainer {
  readonly config: TrainConfig;
  readonly seeds: readonly number[];
  /** Iterations run so far. */
  readonly iteration: number;
  /** Env steps per seed so far. */
  readonly envSteps: number;
  /** True when ⌊totalEnvSteps / stepsPerRollout⌋ iterations have run. */
  readonly done: boolean;
  /** One rollout of stepsPerRollout per seed + update. @throws Error when already done. */
  runIteration(): Promise<IterationReport>;
  /** Whole state, JSON-serialisable. */
  checkpoint(): TrainerCheckpoint;
  /**
   * Seed k's policy as a {@link SavedPolicy} (actor, observation statistics, GASIL's
   * discriminator), or null for a seed that went non-finite. Reads only: calling it never changes
   * a training number.
   */
  exportPolicies(): (SavedPolicy | null)[];
  /** Free tensors and close the envs. */
  dispose(): void;
  /** The underlying PPO population (its agents, and the nets that hold their weights) — for notebooks and tests. */
  readonly population: PpoPopulation;
}

/** Non-JSON options of {@link createTrainer}/{@link restoreTrainer}. */
export interface TrainerOptions {
  /**
   * Env factory (default: `makeEnv` of `src/envs/registry.ts`, one call per seed). A custom one
   * must return envs with the full wrapper chain (undelayed episode statistics in `info.episode`)
   * that are deterministic given the reset seed and the actions (checkpoints replay them).
   */
  readonly makeEnv?: (envId: string, envOptions: JsonObject) => Promise<Env>;
}

/** Sections a config may hold: `ppo`, and the section of its own method (named after it). */
const SECTION_KEYS = METHOD_NAMES.filter((m) => m !== "ppo");
const TRAIN_KEYS = ["method", "envId", "envOptions", "totalEnvSteps", "ppo", ...SECTION_KEYS];

/**
 * Apply defaults and validate a (partial) train config. `method` and `envId` are required; the
 * method's own section (`gasil` for method "gasil", …) is resolved by its {@link Method}; a section
 * of another method is an error.
 * @throws ConfigError naming the field path and the allowed values/range.
 */
export function resolveTrainConfig(partial: unknown): TrainConfig {
  if (!isPlainObject(partial)) throw new ConfigError("", `a train config object is required, got ${describeValue(partial)}`);
  const o = checkKeys(partial, "", TRAIN_KEYS);
  if (o["method"] === undefined)
    throw new ConfigError("method", `required; allowed: ${METHOD_NAMES.map((m) => JSON.stringify(m)).join(", ")}`);
  const method = readEnum(o, "method", "", "ppo", METHOD_NAMES);
  const envId = o["envId"];
  const envIds = listEnvs().map((e) => e.id);
  if (typeof envId !== "string" || !envIds.includes(envId))
    throw new ConfigError("envId", `got ${describeValue(envId)}; allowed: ${envIds.join(", ")}`);
  const envOptions = o["envOptions"] === undefined ? {} : o["envOptions"];
  if (!isPlainObject(envOptions))
    throw new ConfigError("envOptions", `got ${describeValue(envOptions)}; allowed: an object of makeEnv options`);
  const ppo = resolvePpoConfig(o["ppo"], "ppo");
  const totalEnvSteps = readNumber(o, "totalEnvSteps", "", DEFAULT_TOTAL_ENV_STEPS, { min: ppo.stepsPerRollout, integer: true });
  for (const key of SECTION_KEYS) {
    if (o[key] !== undefined && key !== method) {
      throw new ConfigError(key, `section given for method ${JSON.stringify(method)}; allowed only with method ${JSON.stringify(key)}`);
    }
  }
  const base = { method, envId, envOptions: JSON.parse(JSON.stringify(envOptions)) as JsonObject, totalEnvSteps, ppo };
  const section = method === "ppo" ? {} : { [method]: (METHODS[method] as Method<unknown>).resolveConfig(o[method], method) };
  return Object.freeze({ ...base, ...section }) as TrainConfig;
}

function checkSeeds(seeds: readonly number[]): void {
  if (!Array.isArray(seeds) || seeds.length === 0)
    throw new ConfigError("seeds", `got ${describeValue(seeds)}; allowed: a non-empty list of non-negative integers`);
  seeds.forEach((s, i) => {
    if (!Number.isSafeInteger(s) || s < 0)
      throw new ConfigError(`seeds.${i}`, `got ${describeValue(s)}; allowed: a non-negative safe integer`);
  });
  if (new Set(seeds).size !== seeds.length) throw new ConfigError("seeds", `got ${describeValue(seeds)}; seeds must be distinct`);
}

async function defaultMakeEnv(envId: string, envOptions: JsonObject): Promise<Env> {
  return makeEnv(envId, { ...envOptions });
}

/** The reward delay of the config's envs (`envOptions.delay`, else the task's default). */
function envDelay(config: TrainConfig): number {
  const delay = config.envOptions["delay"];
  return typeof delay === "number" ? delay : (getTaskSpec(config.envId).defaultDelay ?? 0);
}

/**
 * Population options: in LIRPG's order the learner applies the delay itself (envs run undelayed);
 * the method's auxiliary batch sizes the nets' kernel memory.
 */
function populationOptions(config: TrainConfig): PopulationOptions {
  const auxiliaryBatch = methodOf(config).auxiliaryBatch?.(methodSection(config));
  return {
    ...(config.ppo.rewardScalingOrder === "scale-then-delay" ? { learnerDelay: envDelay(config) } : {}),
    ...(auxiliaryBatch !== undefined ? { auxiliaryBatch } : {}),
  };
}

async function makeEnvs(config: TrainConfig, count: number, options: TrainerOptions): Promise<Env[]> {
  const make = options.makeEnv ?? defaultMakeEnv;
  const envOptions = config.ppo.rewardScalingOrder === "scale-then-delay" ? { ...config.envOptions, delay: 0 } : config.envOptions;
  const envs: Env[] = [];
  try {
    for (let k = 0; k < count; k++) envs.push(await make(config.envId, envOptions));
  } catch (e) {
    for (const env of envs) env.close();
    throw e;
  }
  return envs;
}

/** The config's method. */
function methodOf(config: TrainConfig): Method<unknown> {
  return METHODS[config.method] as Method<unknown>;
}

/** The PPO config the method trains with (GASIL folds its λ into the entropy coefficient). */
function trainingPpoConfig(config: TrainConfig): PpoConfig {
  return methodOf(config).ppoConfig?.(config.ppo, methodSection(config)) ?? config.ppo;
}

/** The hooks of the config's method for each agent (`saved`: each seed's checkpointed method state). */
function createHooks(config: TrainConfig, population: PpoPopulation, saved?: readonly unknown[]): MethodHooks[] {
  return population.agents.map((agent, k) => methodOf(config).create(agent, methodSection(config), saved?.[k] ?? undefined));
}

/** What one seed's iteration produced. */
interface SeedIteration {
  readonly episodes: readonly FinishedEpisode[];
  readonly diagnostics: Record<string, number>;
}

class PopulationTrainer implements Trainer {
  readonly config: TrainConfig;
  readonly seeds: readonly number[];
  readonly population: PpoPopulation;
  private readonly hooks: readonly MethodHooks[];
  private readonly envs: readonly Env[];
  private readonly totalIterations: number;
  private iterationCount: number;
  private disposed = false;

  constructor(
    config: TrainConfig,
    seeds: readonly number[],
    population: PpoPopulation,
    hooks: readonly MethodHooks[],
    envs: readonly Env[],
    iteration: number,
  ) {
    this.config = config;
    this.seeds = [...seeds];
    this.population = population;
    this.hooks = hooks;
    this.envs = envs;
    this.totalIterations = Math.floor(config.totalEnvSteps / config.ppo.stepsPerRollout);
    this.iterationCount = iteration;
  }

  get iteration(): number {
    return this.iterationCount;
  }

  get envSteps(): number {
    return this.iterationCount * this.config.ppo.stepsPerRollout;
  }

  get done(): boolean {
    return this.iterationCount >= this.totalIterations;
  }

  async runIteration(): Promise<IterationReport> {
    if (this.disposed) throw new Error("runIteration: the trainer was disposed");
    if (this.done)
      throw new Error(`runIteration: training is done (${this.iterationCount} iterations = ${this.envSteps} env steps per seed)`);
    const { clock, agents } = this.population;
    clock.reset();
    const start = performance.now();
    const perSeed = agents.map((agent, k) => this.runSeedIteration(agent, this.hooks[k]!));
    this.iterationCount++;
    const seeds = agents.map((agent, k): SeedIterationResult => {
      const recent = agent.recentReturns;
      const { episodes, diagnostics } = perSeed[k]!;
      return {
        seed: agent.seed,
        averageReturn: recent.length === 0 ? null : recent.reduce((a, b) => a + b, 0) / recent.length,
        episodeReturns: episodes.map((e) => e.return),
        episodeLengths: episodes.map((e) => e.length),
        diagnostics,
        finite: agent.alive,
      };
    });
    return {
      iteration: this.iterationCount,
      envSteps: this.envSteps,
      seeds,
      wallSeconds: (performance.now() - start) / 1000,
      timings: clock.snapshot(),
    };
  }

  /**
   * One PPO iteration of one seed, with its method's hooks. A dead seed is skipped (frozen); a seed
   * that dies during its rollout skips the rest (its partial rollout is not used), and one that
   * dies in PPO's update skips the auxiliary update.
   */
  private runSeedIteration(agent: SeedAgent, hooks: MethodHooks): SeedIteration {
    if (!agent.alive) return { episodes: [], diagnostics: {} };
    const { clock } = agent;
    const rollout = collectRollout(agent);
    if (!agent.alive) return { episodes: rollout.finishedEpisodes, diagnostics: {} };
    clock.start();
    const afterRollout = hooks.afterRollout?.(rollout);
    clock.lap("method");
    computeTargets(agent, rollout);
    const ppoDiagnostics = ppoUpdate(agent, rollout);
    clock.start();
    const afterUpdate = agent.alive ? hooks.afterUpdate?.(rollout) : undefined;
    clock.lap("method");
    return { episodes: rollout.finishedEpisodes, diagnostics: { ...ppoDiagnostics, ...afterRollout, ...afterUpdate } };
  }

  checkpoint(): TrainerCheckpoint {
    if (this.disposed) throw new Error("checkpoint: the trainer was disposed");
    return {
      format: "gasil-kit/trainer-checkpoint",
      version: TRAINER_CHECKPOINT_VERSION,
      config: this.config,
      seeds: [...this.seeds],
      iteration: this.iterationCount,
      envSteps: this.envSteps,
      backend: backendInfo()?.name ?? null,
      ppo: getPpoState(this.population),
      method: this.hooks.map((h) => h.getState?.() ?? null),
    };
  }

  exportPolicies(): (SavedPolicy | null)[] {
    if (this.disposed) throw new Error("exportPolicies: the trainer was disposed");
    return this.population.agents.map((agent, k) => {
      if (!agent.alive) return null;
      const stats = agent.obsNormalizer;
      return buildSavedPolicy({
        envId: this.config.envId,
        envOptions: this.config.envOptions,
        method: this.config.method,
        seed: agent.seed,
        iteration: this.iterationCount,
        envSteps: this.envSteps,
        obsDim: agent.obsDim,
        actDim: agent.actDim,
        hiddenSizes: agent.config.hiddenSizes,
        actorWeights: agent.nets.actorWeights(),
        obsNormalizer: agent.config.normalizeObservations
          ? {
              mean: Float64Array.from(stats.rms.mean),
              var: Float64Array.from(stats.rms.var),
              count: stats.rms.count,
              clip: stats.clip,
              epsilon: stats.epsilon,
            }
          : null,
        ...(this.hooks[k]!.savedPolicyParts?.() ?? {}),
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const h of this.hooks) h.dispose?.();
    disposePpoPopulation(this.population);
    for (const env of this.envs) env.close();
  }
}

/**
 * Build a trainer for a population of seeds (one env per seed, built with `makeEnv`).
 * Initialises the TensorFlow.js backend first if nobody has (`initBackend()`: GASIL_BACKEND or auto).
 * @param config a resolved config ({@link resolveTrainConfig}).
 * @param seeds distinct non-negative integers; seed k's results do not depend on the others.
 * @throws ConfigError for bad seeds or an unknown method/env option.
 */
export async function createTrainer(config: TrainConfig, seeds: number[], options: TrainerOptions = {}): Promise<Trainer> {
  checkSeeds(seeds);
  if (backendInfo() === null) await initBackend();
  const envs = await makeEnvs(config, seeds.length, options);
  const population = createPpoPopulation(trainingPpoConfig(config), seeds, envs, populationOptions(config));
  const hooks = createHooks(config, population);
  return new PopulationTrainer(config, seeds, population, hooks, envs, 0);
}

/**
 * Rebuild a trainer from {@link Trainer.checkpoint}'s object (after a JSON round trip, too).
 * Resumes exactly as if never stopped on the same backend.
 * @throws ConfigError when the object is not a trainer checkpoint.
 */
export async function restoreTrainer(ckpt: TrainerCheckpoint, options: TrainerOptions = {}): Promise<Trainer> {
  if (!isPlainObject(ckpt) || ckpt.format !== "gasil-kit/trainer-checkpoint") {
    throw new ConfigError(
      "checkpoint.format",
      `not a gasil-kit trainer checkpoint (format ${describeValue((ckpt as { format?: unknown })?.format)}); allowed: "gasil-kit/trainer-checkpoint"`,
    );
  }
  if (ckpt.version !== TRAINER_CHECKPOINT_VERSION) {
    throw new ConfigError(
      "checkpoint.version",
      `got ${describeValue(ckpt.version)}; allowed: ${TRAINER_CHECKPOINT_VERSION} (version 1 held the method's state of the whole population; restart from the start or resume with the commit that wrote it)`,
    );
  }
  const config = resolveTrainConfig(ckpt.config);
  const seeds = [...ckpt.seeds];
  checkSeeds(seeds);
  if (!Array.isArray(ckpt.method) || ckpt.method.length !== seeds.length) {
    throw new ConfigError("checkpoint.method", `got ${describeValue(ckpt.method)}; allowed: one method state per seed (${seeds.length})`);
  }
  if (backendInfo() === null) await initBackend();
  const envs = await makeEnvs(config, seeds.length, options);
  const population = restorePpoPopulation(trainingPpoConfig(config), seeds, envs, ckpt.ppo, populationOptions(config));
  const hooks = createHooks(config, population, ckpt.method);
  return new PopulationTrainer(config, seeds, population, hooks, envs, ckpt.iteration);
}
