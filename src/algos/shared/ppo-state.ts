/**
 * The training state of PPO: one {@link SeedAgent} per seed (the record `ppo.ts`'s stages read and
 * write), the {@link PpoPopulation} the Trainer owns (the agents and the nets whose kernel memory
 * holds every seed's weights), how they are assembled, and their checkpoint form — snapshot
 * ({@link getPpoState}) and exact restore ({@link restorePpoPopulation}). Kept apart from `ppo.ts`
 * so that the algorithm file reads as the algorithm; nothing here changes a number.
 */
import { ShapeError } from "../../core/errors";
import { decodeFloat32, decodeFloat64, encodeFloat32, encodeFloat64 } from "../../core/float-codec";
import { PhaseClock } from "../../core/phase-clock";
import { Rng, type RngState } from "../../core/rng";
import type { Env } from "../../envs/env";
import { RewardDelayer, type RewardDelayerState } from "../../envs/reward-delayer";
import {
  ObservationNormalizer,
  type ObservationNormalizerState,
  RewardNormalizer,
  type RewardNormalizerState,
} from "../../envs/running-mean-std";
import { type ActorCriticLayout, ActorCriticNets, actorCriticLayout, type SeedNets } from "../../nn/actor-critic";
import type { AdamConfig, PopulationAdamState } from "../../nn/optim";
import type { PpoConfig } from "../config";
import { EpisodeRecorder } from "./rollout-buffer";

/** Number of finished episodes averaged by the paper's metric. */
export const RECENT_EPISODES = 100;

/**
 * Phases the training loop's clock charges time to (`bench/algos/throughput.ts` prints them):
 * `env` (env step/reset with its wrappers), `policy` (host policy/value evaluation and action
 * sampling in rollouts), `bookkeeping` (normalisers and storage in rollouts, minibatch assembly in
 * updates), `forward` (forward passes and losses), `backward` (backward passes), `optimizer`
 * (gradient clipping and Adam), `method` (a method's hooks: buffers, discriminator, auxiliary
 * updates). Time charged to none of them is "other".
 */
export const TRAINING_PHASES = ["env", "policy", "bookkeeping", "forward", "backward", "optimizer", "method"] as const;
export type TrainingPhase = (typeof TRAINING_PHASES)[number];
/** Seconds per {@link TrainingPhase}. */
export type PhaseTimings = Record<TrainingPhase, number>;

/** One seed's training state: everything PPO's stages (and a method's hooks) read and write for it. */
export interface SeedAgent {
  readonly seed: number;
  /** The seed's row in the population's nets. */
  readonly index: number;
  readonly config: PpoConfig;
  readonly obsDim: number;
  readonly actDim: number;
  readonly env: Env;
  /** Its actor-critic: a view of its row of the population's weights and Adam state. */
  readonly nets: SeedNets;
  readonly obsNormalizer: ObservationNormalizer;
  readonly rewardNormalizer: RewardNormalizer;
  /** Root Rng (`Rng.fromSeed(seed)`): methods split their own named streams from it. */
  readonly rootRng: Rng;
  readonly actionRng: Rng;
  readonly shuffleRng: Rng;
  readonly envRng: Rng;
  /** The episode in flight. */
  readonly recorder: EpisodeRecorder;
  /** Current raw observation. */
  currentObs: Float64Array;
  /** Current normalised observation `[obsDim]` (float32, the nets' input). */
  readonly currentNormObs: Float32Array;
  /** False once the seed went non-finite (it is then frozen). */
  alive: boolean;
  /**
   * `rewardScalingOrder = "scale-then-delay"` only (else null): the learner-side delay of the
   * scaled rewards (training signal) and of the raw rewards (what methods observe).
   */
  readonly learnerDelay: { readonly scaled: RewardDelayer; readonly raw: RewardDelayer } | null;
  /** Undelayed returns of the last {@link RECENT_EPISODES} finished episodes. */
  readonly recentReturns: number[];
  /** Where the time goes (the population's clock, shared by its agents). */
  readonly clock: PhaseClock<TrainingPhase>;
}

/** A population of seeds sharing one PPO config: its agents and the nets that hold their weights. */
export interface PpoPopulation {
  readonly config: PpoConfig;
  readonly seeds: readonly number[];
  readonly numSeeds: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly layout: ActorCriticLayout;
  /**
   * All parameters, `[S, P]` seed-major — the ONE copy of the weights (`nets.params`, in the
   * network kernels' memory); agent k's `nets` is a view of row k. Updated in place by every
   * optimiser step.
   */
  readonly params: Float32Array;
  /** The actor-critic of every seed on the network kernels: rollout inference, gradient passes, Adam. */
  readonly nets: ActorCriticNets;
  /** One agent per seed, in population order. */
  readonly agents: readonly SeedAgent[];
  /** Where the time goes, per {@link TrainingPhase} (the Trainer resets it every iteration). */
  readonly clock: PhaseClock<TrainingPhase>;
}

/** Options of `createPpoPopulation` / {@link restorePpoPopulation}. */
export interface PopulationOptions {
  /**
   * Reward delay the learner applies itself (`rewardScalingOrder = "scale-then-delay"`; the envs
   * must then run undelayed). Ignored in the default order.
   */
  readonly learnerDelay?: number;
  /**
   * Rows per seed of a method's auxiliary gradient pass on the nets (BC, SIL: their batch size);
   * the nets' kernel memory holds max(PPO's minibatch, this) rows per seed. Changes no number.
   */
  readonly auxiliaryBatch?: number;
}

/** Seed k's named Rng streams, split from `Rng.fromSeed(seed)` (never from the population). */
export function seedStreams(seed: number): { root: Rng; init: Rng; action: Rng; shuffle: Rng; env: Rng } {
  const root = Rng.fromSeed(seed);
  return {
    root,
    init: root.split("init"),
    action: root.split("actionSampling"),
    shuffle: root.split("minibatchShuffle"),
    env: root.split("env"),
  };
}

/**
 * The actor-critic layout of a config and its envs (one per seed).
 * @throws ShapeError when the envs do not match the seeds or each other.
 */
export function populationLayout(config: PpoConfig, envs: readonly Env[], numSeeds: number): ActorCriticLayout {
  if (envs.length !== numSeeds) throw new ShapeError(`PPO: need one env per seed, got ${envs.length} envs for ${numSeeds} seeds`);
  const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
  const obsDim = size(envs[0].observationSpace.shape);
  const actDim = size(envs[0].actionSpace.shape);
  for (const env of envs) {
    const o = size(env.observationSpace.shape);
    const a = size(env.actionSpace.shape);
    if (o !== obsDim || a !== actDim)
      throw new ShapeError(`PPO: all envs must share obs/action sizes (${obsDim}/${actDim}), got ${o}/${a}`);
  }
  return actorCriticLayout({ obsDim, actDim, hiddenSizes: config.hiddenSizes, initLogStd: config.initLogStd });
}

/** The Adam settings of a PPO config. */
export function adamConfig(config: PpoConfig): AdamConfig {
  return {
    learningRate: config.learningRate,
    beta1: config.adamBeta1,
    beta2: config.adamBeta2,
    epsilon: config.adamEpsilon,
    maxGradNorm: config.maxGradNorm,
  };
}

/** Fresh observation and reward normalisers of one seed (detail 4 of `ppo.ts`). */
export function makeNormalizers(config: PpoConfig, obsDim: number): { obs: ObservationNormalizer; reward: RewardNormalizer } {
  const obs = new ObservationNormalizer(obsDim, { clip: config.observationClip });
  const reward = new RewardNormalizer(1, {
    gamma: config.gamma,
    clip: config.rewardClip,
    resetOnEpisodeEnd: config.resetReturnOnEpisodeEnd,
  });
  return { obs, reward };
}

/** Refresh the agent's normalised current observation from its raw one (statistics unchanged). */
export function refreshNormalizedObs(agent: SeedAgent): void {
  if (agent.config.normalizeObservations) agent.obsNormalizer.normalize(agent.currentObs, agent.currentNormObs);
  else agent.currentNormObs.set(agent.currentObs);
}

/** What differs between a fresh seed and a restored one; {@link assemblePopulation} adds the rest. */
export interface SeedParts {
  readonly norms: { obs: ObservationNormalizer; reward: RewardNormalizer };
  readonly rootRng: Rng;
  readonly actionRng: Rng;
  readonly shuffleRng: Rng;
  readonly envRng: Rng;
  readonly alive: boolean;
  readonly recentReturns: number[];
}

/** The population record shared by `createPpoPopulation` and {@link restorePpoPopulation}. */
export function assemblePopulation(
  config: PpoConfig,
  seeds: readonly number[],
  envs: readonly Env[],
  layout: ActorCriticLayout,
  weights: { readonly params: Float32Array; readonly adamState?: PopulationAdamState },
  parts: readonly SeedParts[],
  options: PopulationOptions,
): PpoPopulation {
  const numSeeds = seeds.length;
  const { obsDim, actDim } = layout.spec;
  const nets = new ActorCriticNets(layout, numSeeds, {
    maxBatch: Math.max(config.stepsPerRollout / config.numMinibatches, options.auxiliaryBatch ?? 0),
    adam: adamConfig(config),
    params: weights.params,
    ...(weights.adamState !== undefined ? { adamState: weights.adamState } : {}),
  });
  const clock = new PhaseClock(TRAINING_PHASES);
  const delay = options.learnerDelay ?? 0;
  const agents = seeds.map(
    (seed, k): SeedAgent => ({
      seed,
      index: k,
      config,
      obsDim,
      actDim,
      env: envs[k],
      nets: nets.seed(k),
      obsNormalizer: parts[k].norms.obs,
      rewardNormalizer: parts[k].norms.reward,
      rootRng: parts[k].rootRng,
      actionRng: parts[k].actionRng,
      shuffleRng: parts[k].shuffleRng,
      envRng: parts[k].envRng,
      recorder: new EpisodeRecorder(obsDim, actDim),
      currentObs: new Float64Array(obsDim),
      currentNormObs: new Float32Array(obsDim),
      alive: parts[k].alive,
      learnerDelay:
        config.rewardScalingOrder === "scale-then-delay" ? { scaled: new RewardDelayer(1, delay), raw: new RewardDelayer(1, delay) } : null,
      recentReturns: parts[k].recentReturns,
      clock,
    }),
  );
  return { config, seeds: [...seeds], numSeeds, obsDim, actDim, layout, params: nets.params, nets, agents, clock };
}

/** Free the population's resources (envs are the caller's; the weights live on the host). */
export function disposePpoPopulation(pop: PpoPopulation): void {
  pop.nets.optimizer.dispose();
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

/** Per-seed part of a {@link PpoPopulationState}. */
export interface PpoSeedState {
  readonly seed: number;
  readonly alive: boolean;
  readonly rngs: { readonly actionSampling: RngState; readonly minibatchShuffle: RngState; readonly env: RngState };
  readonly obsNormalizer: ObservationNormalizerState;
  readonly rewardNormalizer: RewardNormalizerState;
  readonly recentReturns: readonly number[];
  /** Episode in flight: the seed its env was reset with and its actions so far (base64 Float64). */
  readonly episodeResetSeed: number;
  readonly episodeActions: string;
  /** Current raw observation (base64 Float64) — checked after replay. */
  readonly currentObs: string;
  /** Learner-side delay of the scaled rewards (`rewardScalingOrder = "scale-then-delay"` only). */
  readonly scaledDelay?: RewardDelayerState;
}

/** The whole PPO state of a population (JSON-serialisable). */
export interface PpoPopulationState {
  readonly numParams: number;
  /** `[S, P]` parameters (`PpoPopulation.params`), base64 Float32; named θ as in earlier checkpoints. */
  readonly theta: string;
  readonly adam: { readonly m: string; readonly v: string; readonly steps: readonly number[] };
  readonly perSeed: readonly PpoSeedState[];
}

/** Snapshot of a population (weights, Adam, normalisers, Rng states, episode in flight, recent returns). */
export function getPpoState(pop: PpoPopulation): PpoPopulationState {
  const adam = pop.nets.optimizer.getState();
  return {
    numParams: pop.layout.numParams,
    theta: encodeFloat32(pop.params),
    adam: { m: encodeFloat32(adam.m), v: encodeFloat32(adam.v), steps: adam.steps },
    perSeed: pop.agents.map((agent) => ({
      seed: agent.seed,
      alive: agent.alive,
      rngs: {
        actionSampling: agent.actionRng.getState(),
        minibatchShuffle: agent.shuffleRng.getState(),
        env: agent.envRng.getState(),
      },
      obsNormalizer: agent.obsNormalizer.getState(),
      rewardNormalizer: agent.rewardNormalizer.getState(),
      recentReturns: [...agent.recentReturns],
      episodeResetSeed: agent.recorder.resetSeed,
      episodeActions: encodeFloat64(agent.recorder.actionsSoFar()),
      currentObs: encodeFloat64(agent.currentObs),
      ...(agent.learnerDelay !== null ? { scaledDelay: agent.learnerDelay.scaled.getState() } : {}),
    })),
  };
}

/**
 * Rebuild a population from a snapshot. Envs are brought back to their exact state by resetting
 * them with the episode's reset seed and replaying its actions (envs are deterministic given
 * seed and actions); normaliser statistics are not touched by the replay.
 * @param envs fresh envs, one per seed, built like the originals.
 * @throws ShapeError when the snapshot does not match the config/envs, or the replay does not
 *   reproduce the saved observation (a non-deterministic env).
 */
export function restorePpoPopulation(
  config: PpoConfig,
  seeds: readonly number[],
  envs: readonly Env[],
  state: PpoPopulationState,
  options: PopulationOptions = {},
): PpoPopulation {
  const numSeeds = seeds.length;
  const layout = populationLayout(config, envs, numSeeds);
  const { obsDim } = layout.spec;
  if (state.numParams !== layout.numParams || state.perSeed.length !== numSeeds) {
    throw new ShapeError(
      `restorePpoPopulation: checkpoint has ${state.perSeed.length} seeds × ${state.numParams} parameters, config/envs give ${numSeeds} × ${layout.numParams}`,
    );
  }
  const norms = seeds.map(() => makeNormalizers(config, obsDim));
  state.perSeed.forEach((s, k) => {
    if (s.seed !== seeds[k]) throw new ShapeError(`restorePpoPopulation: checkpoint seed ${k} is ${s.seed}, expected ${seeds[k]}`);
    norms[k].obs.setState(s.obsNormalizer);
    norms[k].reward.setState(s.rewardNormalizer);
  });
  const pop = assemblePopulation(
    config,
    seeds,
    envs,
    layout,
    {
      params: decodeFloat32(state.theta),
      adamState: { m: decodeFloat32(state.adam.m), v: decodeFloat32(state.adam.v), steps: state.adam.steps },
    },
    state.perSeed.map((s, k) => ({
      norms: norms[k],
      rootRng: Rng.fromSeed(seeds[k]),
      actionRng: Rng.fromState(s.rngs.actionSampling),
      shuffleRng: Rng.fromState(s.rngs.minibatchShuffle),
      envRng: Rng.fromState(s.rngs.env),
      alive: s.alive,
      recentReturns: [...s.recentReturns],
    })),
    options,
  );
  for (const agent of pop.agents) replayEpisode(agent, state.perSeed[agent.index]);
  return pop;
}

/**
 * Bring a restored agent's env back to its saved state: reset it with the episode's reset seed and
 * replay the episode's actions (normaliser statistics untouched; the raw-reward delay rebuilt).
 * @throws ShapeError when the replay ends early or does not reproduce the saved observation.
 */
function replayEpisode(agent: SeedAgent, s: PpoSeedState): void {
  const { env, actDim, obsDim, seed } = agent;
  const actions = decodeFloat64(s.episodeActions);
  let obs = env.reset({ seed: s.episodeResetSeed }).obs;
  agent.recorder.begin(s.episodeResetSeed);
  const rawDelay = agent.learnerDelay?.raw ?? null; // replaying from the episode start rebuilds its state
  if (agent.learnerDelay !== null) {
    if (s.scaledDelay === undefined)
      throw new ShapeError(
        `restorePpoPopulation: checkpoint of seed ${seed} lacks the learner-side delay state (rewardScalingOrder "scale-then-delay")`,
      );
    agent.learnerDelay.scaled.setState(s.scaledDelay);
  }
  for (let t = 0; t * actDim < actions.length; t++) {
    const a = actions.subarray(t * actDim, (t + 1) * actDim);
    const step = env.step(a);
    const rawReward = typeof step.info.rawReward === "number" ? step.info.rawReward : step.reward;
    const observed = rawDelay === null ? step.reward : rawDelay.apply([step.reward], [0])[0];
    agent.recorder.record(obs, a, observed, rawReward);
    if (step.terminated || step.truncated)
      throw new ShapeError(`restorePpoPopulation: replay of seed ${seed} ended its episode early (env not deterministic?)`);
    obs = step.obs;
  }
  const saved = decodeFloat64(s.currentObs);
  for (let i = 0; i < obsDim; i++) {
    if (!(Object.is(saved[i], obs[i]) || saved[i] === obs[i])) {
      throw new ShapeError(
        `restorePpoPopulation: replay of seed ${seed} gave a different observation (element ${i}: ${obs[i]} vs saved ${saved[i]}); the env is not deterministic`,
      );
    }
  }
  agent.currentObs = saved;
  refreshNormalizedObs(agent);
}
