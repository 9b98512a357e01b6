/**
 * Proximal Policy Optimisation (Schulman et al., 2017) as the GASIL paper's baseline ran it —
 * the 2018 openai/baselines `ppo2` of the authors' code (docs/paper-protocol.md#ppo-hyperparameters,
 * docs/paper-protocol.md#ppo-details) — for a POPULATION of S seeds trained in lockstep with batched tensor ops.
 *
 * Equations implemented (labels of notebook 01): (PG.5) TD residual, (PG.6) GAE and λ-return
 * targets, (PG.7) importance ratio, (PG.8) clipped surrogate, (PG.9) clipped value loss,
 * (PG.10) diagonal-Gaussian log-density and entropy.
 *
 * Implementation details (numbered as CleanRL does; [C] authors' code, [A] our choice):
 *  1. One env per seed, 2048 steps per rollout per seed [C]. Each seed owns named Rng streams
 *     (`init`, `actionSampling`, `minibatchShuffle`, `env`) split from `Rng.fromSeed(seed)`, so seed
 *     k's numbers never depend on the population it trains in.
 *  2. Separate policy and value MLPs, tanh 64–64, orthogonal init (√2 hidden, 0.01 policy output,
 *     1.0 value output), state-independent log-std initialised to 0 [C] (`src/nn/actor-critic.ts`).
 *  3. Actions: mean + exp(logStd)·N(0, I), sent to the env unclipped; log π_old stored [C].
 *  4. Observation normalisation (running mean/var, clip ±10) and reward scaling by the std of a
 *     running discounted return (never reset in the paper preset, clip ±10), per seed [C]. The
 *     stored observation is the one normalised with the statistics current at that step [C].
 *  5. Same-step autoreset: at an episode end the env is reset at once and the final observation
 *     is dropped [C]; each reset seed comes from the seed's `env` stream [A] (the original left
 *     envs unseeded) — which also lets a checkpoint rebuild the env state by replaying the
 *     episode's actions.
 *  6. Time-limit truncation is a terminal (no bootstrap) [C]; `bootstrapTruncation` adds
 *     γV(final observation) instead [A, option].
 *  7. GAE γ 0.99, λ 0.95; value targets Â + V before any normalisation [C] (`shared/returns.ts`).
 *  8. 10 epochs × 32 minibatches of 64, indices reshuffled every epoch per seed [C].
 *  9. Advantages normalised per minibatch (mean, std + 1e-8) [C]; done on the host, per seed.
 * 10. Loss = clipped surrogate + 0.5·clipped value loss − 0·entropy; one Adam step (ε 1e-5, lr 3e-4
 *     constant) per minibatch after per-seed global-norm clipping at 0.5 [C] (`src/nn/optim.ts`).
 * 11. A seed whose loss, gradient or observation goes non-finite is marked dead: it stops
 *     stepping and updating; the others continue unaffected [A].
 *
 * Performance notes: per-op dispatch dominates TensorFlow.js at these sizes, so
 * (a) rollouts run the networks in plain JavaScript on a host copy of the parameters (one
 *     observation per seed per step);
 * (b) an update runs each seed's policy and value net as plain 2-D matMuls (the batched matMul
 *     with per-seed weights misses the wasm backend's fast kernels), tanh computed as 2σ(2z) − 1
 *     (the wasm sigmoid is vectorised, its tanh is not), biases folded into the weights; the loss
 *     and its gradient w.r.t. the network outputs are computed on the host and the backward pass
 *     is hand-written (checked against autodiff in the tests) — see `src/nn/actor-critic.ts`;
 * (c) Adam with per-seed clipping runs on the host over the flat `[S, P]` parameters.
 * Each seed's numbers stay independent of the population: every batched op works row by row.
 *
 * Logged metrics (per seed, `ppoUpdate`'s result): `policyLoss` (clipped surrogate, negated),
 * `valueLoss` (PG.9, scaled-reward units), `entropy` (PG.10), `approxKl` (k3 estimator, mean over
 * minibatches), `clipFraction` (fraction of samples with |ρ − 1| > ε), `gradNorm` (before clipping,
 * mean), `explainedVariance` (1 − Var[R − V]/Var[R] of the rollout's values), `policyStd` (mean σ).
 *
 * Stages (in order; methods plug in between them, see `method-registry.ts`):
 * {@link createPpoPopulation} → {@link collectRollout} → (relabel rewards) → {@link computeTargets}
 * → {@link ppoUpdate} → (auxiliary updates via {@link applyLoss}) → {@link syncParams}.
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "../core/errors";
import { decodeFloat32, decodeFloat64, encodeFloat32, encodeFloat64 } from "../core/float-codec";
import { Rng, type RngState } from "../core/rng";
import type { Env } from "../envs/env";
import { RewardDelayer, type RewardDelayerState } from "../envs/reward-delayer";
import {
  ObservationNormalizer,
  type ObservationNormalizerState,
  RewardNormalizer,
  type RewardNormalizerState,
} from "../envs/running-mean-std";
import {
  type ActorCriticLayout,
  type ActorCriticOutputs,
  actorCriticForward,
  actorCriticForwardArray,
  actorCriticLayout,
  actorCriticNets,
  allocateSeedNets,
  createForwardScratch,
  type ForwardParts,
  type ForwardScratch,
  gatherSeedNets,
  initActorCriticParams,
  type SeedNets,
  seedNetsBackward,
  seedNetsForward,
} from "../nn/actor-critic";
import { gaussianLogProbArray } from "../nn/diag-gaussian";
import { PopulationAdam } from "../nn/optim";
import type { PpoConfig } from "./config";
import { normalizeAdvantages, type PpoLossHostTerms, ppoLossHost } from "./shared/losses";
import { computeGae } from "./shared/returns";
import { allocateRollout, EpisodeRecorder, type FinishedEpisode, type PopulationRollout } from "./shared/rollout-buffer";

/** Number of finished episodes averaged by the paper's metric. */
export const RECENT_EPISODES = 100;

/** Wall-clock seconds spent per phase (accumulated; reset by the caller). */
export interface PhaseTimings {
  /** `env.step` / `env.reset` (incl. the env's wrappers). */
  env: number;
  /** Host-side policy/value evaluation and action sampling during rollouts. */
  policy: number;
  /** Normalisers, storage and bookkeeping in rollouts; minibatch assembly in updates. */
  bookkeeping: number;
  /** Differentiable forward passes and losses. */
  forward: number;
  /** Backward passes (gradients). */
  backward: number;
  /** Gradient clipping and Adam. */
  optimizer: number;
}

/** Zeroed timings. */
export function emptyTimings(): PhaseTimings {
  return { env: 0, policy: 0, bookkeeping: 0, forward: 0, backward: 0, optimizer: 0 };
}

/** The training state of a population of seeds sharing one PPO config. */
export interface PpoPopulation {
  readonly config: PpoConfig;
  readonly seeds: readonly number[];
  readonly numSeeds: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly envs: readonly Env[];
  readonly layout: ActorCriticLayout;
  /** All parameters, `[S, P]` (replaced by every optimiser step). */
  theta: tf.Tensor2D;
  /** Host copy of `theta` used by rollouts (refresh with {@link syncParams}). */
  params: Float32Array;
  /** One Adam for policy + value of all seeds (shared by auxiliary losses: BC, SIL). */
  readonly optimizer: PopulationAdam;
  readonly obsNormalizers: readonly ObservationNormalizer[];
  readonly rewardNormalizers: readonly RewardNormalizer[];
  /** Root Rng of each seed (`Rng.fromSeed(seed)`): methods split their own named streams from it. */
  readonly seedRngs: readonly Rng[];
  readonly actionRngs: readonly Rng[];
  readonly shuffleRngs: readonly Rng[];
  readonly envRngs: readonly Rng[];
  /** Episode in flight, per seed. */
  readonly recorders: readonly EpisodeRecorder[];
  /** Current raw observation, per seed. */
  readonly currentObs: Float64Array[];
  /** Current normalised observation, `[S, obsDim]`. */
  readonly currentNormObs: Float32Array;
  /** False once a seed went non-finite (it is then frozen). */
  readonly alive: boolean[];
  /**
   * `rewardScalingOrder = "scale-then-delay"` only (else null): per seed, the learner-side delay of
   * the scaled rewards (training signal) and of the raw rewards (what methods observe).
   */
  readonly learnerDelay: { readonly scaled: RewardDelayer[]; readonly raw: RewardDelayer[] } | null;
  /** Undelayed returns of the last {@link RECENT_EPISODES} finished episodes, per seed. */
  readonly recentReturns: number[][];
  /** Accumulated phase timings. */
  timings: PhaseTimings;
  /** Scratch buffers for host-side forward passes. */
  readonly scratch: ForwardScratch;
}

function seedStreams(seed: number): { root: Rng; init: Rng; action: Rng; shuffle: Rng; env: Rng } {
  const root = Rng.fromSeed(seed);
  return {
    root,
    init: root.split("init"),
    action: root.split("actionSampling"),
    shuffle: root.split("minibatchShuffle"),
    env: root.split("env"),
  };
}

function checkEnvs(envs: readonly Env[], numSeeds: number): { obsDim: number; actDim: number } {
  if (envs.length !== numSeeds) throw new ShapeError(`PPO: need one env per seed, got ${envs.length} envs for ${numSeeds} seeds`);
  const obsDim = envs[0].observationSpace.shape.reduce((a, b) => a * b, 1);
  const actDim = envs[0].actionSpace.shape.reduce((a, b) => a * b, 1);
  for (const env of envs) {
    const o = env.observationSpace.shape.reduce((a, b) => a * b, 1);
    const a = env.actionSpace.shape.reduce((x, y) => x * y, 1);
    if (o !== obsDim || a !== actDim)
      throw new ShapeError(`PPO: all envs must share obs/action sizes (${obsDim}/${actDim}), got ${o}/${a}`);
  }
  return { obsDim, actDim };
}

function makeNormalizers(config: PpoConfig, obsDim: number): { obs: ObservationNormalizer; reward: RewardNormalizer } {
  const obs = new ObservationNormalizer(obsDim, { clip: config.observationClip });
  const reward = new RewardNormalizer(1, {
    gamma: config.gamma,
    clip: config.rewardClip,
    resetOnEpisodeEnd: config.resetReturnOnEpisodeEnd,
  });
  return { obs, reward };
}

function isAllFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

function normalizeInto(pop: PpoPopulation, k: number): void {
  const out = pop.currentNormObs.subarray(k * pop.obsDim, (k + 1) * pop.obsDim);
  if (pop.config.normalizeObservations) pop.obsNormalizers[k].normalize(pop.currentObs[k], out);
  else out.set(pop.currentObs[k]);
}

/** Reset seed k's env with a fresh seed from its `env` stream; update the obs statistics. */
function resetSeedEnv(pop: PpoPopulation, k: number): void {
  const resetSeed = (pop.envRngs[k] as Rng).seedInt();
  const t0 = performance.now();
  const { obs } = pop.envs[k].reset({ seed: resetSeed });
  pop.timings.env += (performance.now() - t0) / 1000;
  pop.recorders[k].begin(resetSeed);
  pop.currentObs[k] = Float64Array.from(obs);
  if (!isAllFinite(obs)) {
    pop.alive[k] = false;
    return;
  }
  if (pop.config.normalizeObservations) pop.obsNormalizers[k].update(obs);
  normalizeInto(pop, k);
}

/** Options of {@link createPpoPopulation} / {@link restorePpoPopulation}. */
export interface PopulationOptions {
  /**
   * Reward delay the learner applies itself (`rewardScalingOrder = "scale-then-delay"`; the envs
   * must then run undelayed). Ignored in the default order.
   */
  readonly learnerDelay?: number;
}

function makeLearnerDelay(config: PpoConfig, numSeeds: number, options: PopulationOptions): PpoPopulation["learnerDelay"] {
  if (config.rewardScalingOrder !== "scale-then-delay") return null;
  const delay = options.learnerDelay ?? 0;
  return {
    scaled: Array.from({ length: numSeeds }, () => new RewardDelayer(1, delay)),
    raw: Array.from({ length: numSeeds }, () => new RewardDelayer(1, delay)),
  };
}

/** What differs between a fresh population and a restored one; {@link assemblePopulation} adds the rest. */
interface PopulationParts {
  readonly params: Float32Array;
  readonly optimizer: PopulationAdam;
  readonly norms: readonly { obs: ObservationNormalizer; reward: RewardNormalizer }[];
  readonly seedRngs: readonly Rng[];
  readonly actionRngs: readonly Rng[];
  readonly shuffleRngs: readonly Rng[];
  readonly envRngs: readonly Rng[];
  readonly alive: boolean[];
  readonly recentReturns: number[][];
}

/** The population record shared by {@link createPpoPopulation} and {@link restorePpoPopulation}. */
function assemblePopulation(
  config: PpoConfig,
  seeds: readonly number[],
  envs: readonly Env[],
  dims: { obsDim: number; actDim: number },
  layout: ActorCriticLayout,
  parts: PopulationParts,
  options: PopulationOptions,
): PpoPopulation {
  const numSeeds = seeds.length;
  const { obsDim, actDim } = dims;
  return {
    config,
    seeds: [...seeds],
    numSeeds,
    obsDim,
    actDim,
    envs,
    layout,
    theta: tf.tensor2d(parts.params, [numSeeds, layout.numParams]),
    params: parts.params,
    optimizer: parts.optimizer,
    obsNormalizers: parts.norms.map((n) => n.obs),
    rewardNormalizers: parts.norms.map((n) => n.reward),
    seedRngs: parts.seedRngs,
    actionRngs: parts.actionRngs,
    shuffleRngs: parts.shuffleRngs,
    envRngs: parts.envRngs,
    recorders: seeds.map(() => new EpisodeRecorder(obsDim, actDim)),
    currentObs: seeds.map(() => new Float64Array(obsDim)),
    currentNormObs: new Float32Array(numSeeds * obsDim),
    alive: parts.alive,
    learnerDelay: makeLearnerDelay(config, numSeeds, options),
    recentReturns: parts.recentReturns,
    timings: emptyTimings(),
    scratch: createForwardScratch(layout),
  };
}

/**
 * Setup stage: networks (from each seed's `init` stream), optimiser, normalisers, Rng streams,
 * and the first reset of every env.
 * @param envs one env per seed (built with `makeEnv`, same obs/action sizes); owned by the caller.
 * @throws ShapeError when the envs do not match the seeds or each other.
 */
export function createPpoPopulation(
  config: PpoConfig,
  seeds: readonly number[],
  envs: readonly Env[],
  options: PopulationOptions = {},
): PpoPopulation {
  const numSeeds = seeds.length;
  const { obsDim, actDim } = checkEnvs(envs, numSeeds);
  const layout = actorCriticLayout({ obsDim, actDim, hiddenSizes: config.hiddenSizes, initLogStd: config.initLogStd });
  const streams = seeds.map(seedStreams);
  const params = new Float32Array(numSeeds * layout.numParams);
  streams.forEach((s, k) => {
    params.set(initActorCriticParams(layout, s.init), k * layout.numParams);
  });
  const norms = seeds.map(() => makeNormalizers(config, obsDim));
  const pop = assemblePopulation(
    config,
    seeds,
    envs,
    { obsDim, actDim },
    layout,
    {
      params,
      optimizer: new PopulationAdam(adamConfig(config), numSeeds, layout.numParams),
      norms,
      seedRngs: streams.map((s) => s.root),
      actionRngs: streams.map((s) => s.action),
      shuffleRngs: streams.map((s) => s.shuffle),
      envRngs: streams.map((s) => s.env),
      alive: seeds.map(() => true),
      recentReturns: seeds.map(() => []),
    },
    options,
  );
  for (let k = 0; k < numSeeds; k++) resetSeedEnv(pop, k);
  return pop;
}

function adamConfig(config: PpoConfig): ConstructorParameters<typeof PopulationAdam>[0] {
  return {
    learningRate: config.learningRate,
    beta1: config.adamBeta1,
    beta2: config.adamBeta2,
    epsilon: config.adamEpsilon,
    maxGradNorm: config.maxGradNorm,
  };
}

/**
 * Rollout stage: `stepsPerRollout` env steps for every live seed with the current policy.
 * Stores normalised and raw observations, sampled actions, scaled rewards (used for targets),
 * observed env rewards, episode ends, V(s_t), log π_old(a_t|s_t), and the finished episodes.
 */
export function collectRollout(pop: PpoPopulation): PopulationRollout {
  const { config, numSeeds: S, obsDim, actDim, layout } = pop;
  const T = config.stepsPerRollout;
  const rollout = allocateRollout(S, T, obsDim, actDim);
  const mean = new Float64Array(actDim);
  const action = new Float64Array(actDim);
  const logStd = new Float64Array(actDim);
  const std = new Float64Array(actDim);
  const rewardIn = new Float64Array(1);
  const rewardOut = new Float64Array(1);
  const doneIn = new Uint8Array(1);
  const finalNorm = new Float32Array(obsDim);
  const timings = pop.timings;
  for (let k = 0; k < S; k++) rollout.active[k] = pop.alive[k];
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < S; k++) {
      if (!pop.alive[k]) continue;
      const i = k * T + t;
      const tPolicy = performance.now();
      // (3) policy and value of the current observation; sample an action.
      const value = actorCriticForwardArray(layout, pop.params, k, pop.currentNormObs, k * obsDim, mean, pop.scratch);
      const logStdOff = k * layout.numParams + layout.logStdBlock.offset;
      const rng = pop.actionRngs[k];
      for (let j = 0; j < actDim; j++) {
        logStd[j] = pop.params[logStdOff + j];
        std[j] = Math.exp(logStd[j]);
        action[j] = Math.fround(mean[j] + std[j] * rng.normal()); // stored as float32: log-prob of exactly that
      }
      const logProb = gaussianLogProbArray(mean, logStd, action, actDim); // (PG.10)
      const tEnv = performance.now();
      timings.policy += (tEnv - tPolicy) / 1000;
      if (!isAllFinite(action) || !Number.isFinite(value)) {
        pop.alive[k] = false; // (11) non-finite parameters: never send NaN to the env
        rollout.active[k] = false;
        continue;
      }
      const step = pop.envs[k].step(action);
      const tBook = performance.now();
      timings.env += (tBook - tEnv) / 1000;

      rollout.obs.set(pop.currentNormObs.subarray(k * obsDim, (k + 1) * obsDim), i * obsDim);
      rollout.rawObs.set(pop.currentObs[k], i * obsDim);
      rollout.actions.set(action, i * actDim);
      rollout.values[i] = value;
      rollout.logProbs[i] = logProb;
      const ended = step.terminated || step.truncated;
      rollout.dones[i] = ended ? 1 : 0;
      rollout.terminated[i] = step.terminated ? 1 : 0;
      // (4) reward scaling with a never-reset (paper preset) running return.
      rewardIn[0] = step.reward;
      doneIn[0] = ended ? 1 : 0;
      if (config.normalizeRewards) {
        pop.rewardNormalizers[k].normalize(rewardIn, doneIn, rewardOut);
        rollout.rewardScales[i] = pop.rewardNormalizers[k].scaleFactor;
      } else rewardOut[0] = step.reward;
      let observed = step.reward;
      if (pop.learnerDelay !== null) {
        // LIRPG's order: the env ran undelayed; delay the scaled reward (training) and the raw one (observed).
        pop.learnerDelay.scaled[k].apply(rewardOut, doneIn, rewardOut);
        observed = pop.learnerDelay.raw[k].apply(rewardIn, doneIn, rewardIn)[0];
      }
      rollout.rewards[i] = rewardOut[0];
      rollout.envRewards[i] = observed;
      const rawReward = typeof step.info.rawReward === "number" ? step.info.rawReward : step.reward;
      pop.recorders[k].record(pop.currentObs[k], action, observed, rawReward);
      if (!Number.isFinite(step.reward) || !isAllFinite(step.obs)) {
        pop.alive[k] = false; // (11) frozen from now on; its partial rollout is not used
        rollout.active[k] = false;
        continue;
      }
      if (ended) {
        // (6) bootstrap through truncation only when asked (paper: treat as terminal).
        if (config.bootstrapTruncation && step.truncated && !step.terminated) {
          if (config.normalizeObservations) pop.obsNormalizers[k].normalize(step.obs, finalNorm);
          else finalNorm.set(step.obs);
          rollout.bootstrapValues[i] = actorCriticForwardArray(layout, pop.params, k, finalNorm, 0, mean, pop.scratch);
        }
        const episode = pop.recorders[k].finish(step.info.episode, step.terminated);
        rollout.finishedEpisodes[k].push(episode);
        pushRecent(pop.recentReturns[k], episode.return);
        timings.bookkeeping += (performance.now() - tBook) / 1000;
        resetSeedEnv(pop, k); // (5) same-step autoreset; final observation dropped
        if (!pop.alive[k]) rollout.active[k] = false; // non-finite first observation
      } else {
        pop.currentObs[k] = Float64Array.from(step.obs);
        if (config.normalizeObservations) pop.obsNormalizers[k].update(step.obs);
        normalizeInto(pop, k);
        timings.bookkeeping += (performance.now() - tBook) / 1000;
      }
    }
  }
  const t0 = performance.now();
  for (let k = 0; k < S; k++) {
    if (!pop.alive[k]) continue;
    rollout.lastValues[k] = actorCriticForwardArray(layout, pop.params, k, pop.currentNormObs, k * obsDim, mean, pop.scratch);
  }
  timings.policy += (performance.now() - t0) / 1000;
  return rollout;
}

function pushRecent(list: number[], value: number): void {
  list.push(value);
  if (list.length > RECENT_EPISODES) list.splice(0, list.length - RECENT_EPISODES);
}

/**
 * Targets stage: GAE advantages and λ-return targets per seed (PG.5, PG.6) from
 * `rollout.rewards` (possibly relabelled by a method) — fills `rollout.advantages` and
 * `rollout.returnTargets`.
 */
export function computeTargets(pop: PpoPopulation, rollout: PopulationRollout): void {
  const T = rollout.numSteps;
  for (let k = 0; k < rollout.numSeeds; k++) {
    if (!rollout.active[k]) continue;
    const span = (a: Float64Array | Uint8Array): Float64Array | Uint8Array => a.subarray(k * T, (k + 1) * T);
    computeGae(
      {
        rewards: span(rollout.rewards),
        values: span(rollout.values),
        dones: span(rollout.dones),
        bootstrapValues: pop.config.bootstrapTruncation ? span(rollout.bootstrapValues) : null,
        lastValue: rollout.lastValues[k],
        gamma: pop.config.gamma,
        gaeLambda: pop.config.gaeLambda,
      },
      { advantages: rollout.advantages.subarray(k * T, (k + 1) * T), returnTargets: rollout.returnTargets.subarray(k * T, (k + 1) * T) },
    );
  }
}

/** A loss on network outputs: per-seed values `[S]` (summed for the gradient) plus diagnostics `[S]`. */
export interface LossTerms {
  readonly loss: tf.Tensor1D;
  readonly diagnostics?: Readonly<Record<string, tf.Tensor1D>>;
}

/** Result of {@link applyLoss}: per-seed tensors `[S]`, owned by the caller. */
export interface ApplyLossResult {
  readonly loss: tf.Tensor1D;
  readonly diagnostics: Record<string, tf.Tensor1D>;
  /** Per-seed gradient norm before clipping. */
  readonly gradNorm: tf.Tensor1D;
  /** bool `[S]`: loss and gradient were finite (a false seed was not updated). */
  readonly finite: tf.Tensor1D;
}

/**
 * One optimiser step of the population's networks on a loss of their outputs, with the SAME Adam
 * state and per-seed global-norm clipping as PPO (auxiliary losses: BC, SIL plug in here).
 *
 * The gradient is taken of Σ_k loss_k; since seed k's outputs depend only on seed k's parameters
 * and inputs, row k of the gradient is ∇ loss_k.
 * @param obs `[S, B, obsDim]` normalised observations (not disposed).
 * @param parts which heads `lossFn` needs (skips the other net's forward pass).
 * @param lossFn builds the loss from the outputs; runs inside a gradient tape (tensors it creates
 *   are freed, except the returned ones, which are kept and handed back).
 * @param active seeds to update (e.g. alive, and with enough data); others keep their parameters
 *   and Adam state and step count.
 */
export function applyLoss(
  pop: PpoPopulation,
  obs: tf.Tensor3D,
  parts: ForwardParts,
  lossFn: (outputs: ActorCriticOutputs) => LossTerms,
  active: readonly boolean[],
): ApplyLossResult {
  let kept: { loss: tf.Tensor1D; diagnostics: Record<string, tf.Tensor1D> } | null = null;
  let forwardSeconds = 0;
  const f = (theta: tf.Tensor): tf.Scalar => {
    const t0 = performance.now();
    const outputs = actorCriticForward(pop.layout, theta as tf.Tensor2D, obs, parts);
    const terms = lossFn(outputs);
    const diagnostics: Record<string, tf.Tensor1D> = {};
    for (const [name, t] of Object.entries(terms.diagnostics ?? {})) diagnostics[name] = tf.keep(t);
    kept = { loss: tf.keep(terms.loss), diagnostics };
    const total = tf.sum(terms.loss) as tf.Scalar;
    forwardSeconds = (performance.now() - t0) / 1000;
    return total;
  };
  const t0 = performance.now();
  const { value, grad } = tf.valueAndGrad(f)(pop.theta);
  const t1 = performance.now();
  value.dispose();
  const step = pop.optimizer.step(pop.theta, grad as tf.Tensor2D, active);
  grad.dispose();
  pop.theta.dispose();
  pop.theta = step.theta;
  const result = kept as unknown as { loss: tf.Tensor1D; diagnostics: Record<string, tf.Tensor1D> };
  const finite = tf.tidy(() => tf.logicalAnd(step.finite, tf.isFinite(result.loss))) as tf.Tensor1D;
  step.finite.dispose();
  const t2 = performance.now();
  pop.timings.forward += forwardSeconds;
  pop.timings.backward += (t1 - t0) / 1000 - forwardSeconds;
  pop.timings.optimizer += (t2 - t1) / 1000;
  return { loss: result.loss, diagnostics: result.diagnostics, gradNorm: step.gradNorm, finite };
}

/** Names of the per-seed diagnostics returned by {@link ppoUpdate}. */
export const PPO_DIAGNOSTICS = [
  "policyLoss",
  "valueLoss",
  "entropy",
  "approxKl",
  "clipFraction",
  "gradNorm",
  "explainedVariance",
  "policyStd",
] as const;

/** One minibatch of every seed (`[S, B, …]`, seed-major), as {@link ppoMinibatchGradient} takes it. */
export interface PpoMinibatch {
  readonly batchSize: number;
  /** Normalised observations `[S, B, obsDim]`. */
  readonly obs: Float32Array;
  /** Actions `[S, B, A]`. */
  readonly actions: Float64Array;
  /** log π_old `[S, B]`, advantages (normalised if wanted) `[S, B]`, λ-return targets `[S, B]`, V_old `[S, B]`. */
  readonly oldLogProb: Float64Array;
  readonly advantage: Float64Array;
  readonly returnTarget: Float64Array;
  readonly oldValue: Float64Array;
}

/** Allocate a {@link PpoMinibatch} for S seeds. */
export function allocateMinibatch(numSeeds: number, batchSize: number, obsDim: number, actDim: number): PpoMinibatch {
  const n = numSeeds * batchSize;
  return {
    batchSize,
    obs: new Float32Array(n * obsDim),
    actions: new Float64Array(n * actDim),
    oldLogProb: new Float64Array(n),
    advantage: new Float64Array(n),
    returnTarget: new Float64Array(n),
    oldValue: new Float64Array(n),
  };
}

/** Reusable buffers of {@link ppoMinibatchGradient}. */
interface GradientScratch {
  nets: SeedNets;
  /** Per net index, ∂L/∂output transposed `[outW, B]`. */
  dOutT: Float32Array[];
  /** ∂L/∂μ `[B, A]` and ∂L/∂V `[B]` of one seed (host loss output). */
  dMean: Float32Array;
  dValue: Float32Array;
}

const scratchCache = new WeakMap<PpoMinibatch, GradientScratch>();

/**
 * Loss and gradient of the PPO objective (PG.7–PG.10) for one minibatch of every active seed:
 * forward pass of each seed's policy and value nets (`seedNetsForward`: plain 2-D matMuls), the loss
 * and its gradient w.r.t. the outputs on the host (`ppoLossHost`), and a hand-written backward
 * pass (`seedNetsBackward`) — 20 kernels per seed and net instead of ~200 with autodiff.
 * @param params `[S, P]` seed-major parameters (read only).
 * @param gradOut receives ∂L_k/∂θ_k in row k (`[S, P]`); rows of inactive seeds are zeroed.
 * @param timings accumulates forward (incl. the host loss) and backward seconds when given.
 * @returns the loss terms per seed (null for inactive seeds).
 */
export function ppoMinibatchGradient(
  layout: ActorCriticLayout,
  config: PpoConfig,
  params: Float32Array,
  mb: PpoMinibatch,
  active: readonly boolean[],
  gradOut: Float32Array,
  timings?: PhaseTimings,
): (PpoLossHostTerms | null)[] {
  const S = active.length;
  const A = layout.spec.actDim;
  const P = layout.numParams;
  const B = mb.batchSize;
  let scratch = scratchCache.get(mb);
  if (scratch === undefined) {
    scratch = {
      nets: allocateSeedNets(actorCriticNets(layout), S),
      dOutT: Array.from({ length: 2 * S }, (_, i) => new Float32Array(i < S ? A * B : B)),
      dMean: new Float32Array(B * A),
      dValue: new Float32Array(B),
    };
    scratchCache.set(mb, scratch);
  }
  const { nets, dOutT, dMean, dValue } = scratch;
  const set = actorCriticNets(layout);
  gatherSeedNets(set, params, nets, active);
  const logStdOff = layout.logStdBlock.offset;
  const terms: (PpoLossHostTerms | null)[] = new Array<PpoLossHostTerms | null>(S).fill(null);
  const t0 = performance.now();
  let t1 = t0;
  tf.tidy(() => {
    const forward = seedNetsForward(set, nets, mb.obs, B, active);
    for (let k = 0; k < S; k++) {
      if (!active[k]) continue;
      // (10) L = L^CLIP + c_v·L^V − c_H·H and its gradient w.r.t. μ, V, log σ
      terms[k] = ppoLossHost(
        {
          batchSize: B,
          actDim: A,
          mean: forward.outputs[k]!,
          meanOffset: 0,
          meanStride: A,
          value: forward.outputs[S + k]!,
          valueOffset: 0,
          valueStride: 1,
          logStd: params,
          logStdOffset: k * P + logStdOff,
          actions: mb.actions,
          oldLogProb: mb.oldLogProb,
          advantage: mb.advantage,
          returnTarget: mb.returnTarget,
          oldValue: mb.oldValue,
          sampleOffset: k * B,
          clipRange: config.clipRange,
          clipRangeValue: config.clipRangeValue,
          valueCoef: config.valueCoef,
          entropyCoef: config.entropyCoef,
        },
        dMean,
        0,
        dValue,
        0,
        gradOut,
        k * P + logStdOff,
      );
      const dPolicyT = dOutT[k];
      for (let b = 0; b < B; b++) for (let j = 0; j < A; j++) dPolicyT[j * B + b] = dMean[b * A + j];
      dOutT[S + k].set(dValue);
    }
    t1 = performance.now();
    seedNetsBackward(set, nets, forward, dOutT, B, gradOut);
  });
  if (timings !== undefined) {
    timings.forward += (t1 - t0) / 1000;
    timings.backward += (performance.now() - t1) / 1000;
  }
  for (let k = 0; k < S; k++) if (!active[k]) gradOut.fill(0, k * P, (k + 1) * P);
  return terms;
}

/**
 * Update stage: `updateEpochs` epochs over the rollout in `numMinibatches` shuffled minibatches per
 * seed (each seed its own permutation), one Adam step per minibatch on the PPO loss (PG.8, PG.9,
 * PG.10) via {@link ppoMinibatchGradient}, with per-seed global-norm clipping (host Adam shared
 * with auxiliary losses). Seeds that go non-finite are marked dead in `pop.alive`.
 * @returns per-seed diagnostics (means over all minibatches of the iteration).
 */
export function ppoUpdate(pop: PpoPopulation, rollout: PopulationRollout): Record<string, number>[] {
  const { config, numSeeds: S, obsDim, actDim, layout } = pop;
  const P = layout.numParams;
  const T = rollout.numSteps;
  const B = T / config.numMinibatches;
  const A = actDim;
  const active = rollout.active.map((a, k) => a && pop.alive[k]);
  const params = Float32Array.from(pop.theta.dataSync() as Float32Array);
  const grad = new Float32Array(S * P);
  const mbData = allocateMinibatch(S, B, obsDim, A);
  const perms: (Int32Array | null)[] = new Array<Int32Array | null>(S).fill(null);
  const names = ["policyLoss", "valueLoss", "entropy", "approxKl", "clipFraction", "gradNorm"] as const;
  const sums = names.map(() => new Float64Array(S));
  const finiteAll = new Array<boolean>(S).fill(true);
  const logStdOff = layout.logStdBlock.offset;
  let count = 0;
  const timings = pop.timings;
  for (let epoch = 0; epoch < config.updateEpochs; epoch++) {
    for (let k = 0; k < S; k++) perms[k] = active[k] ? pop.shuffleRngs[k].permutation(T) : null; // (8)
    for (let mb = 0; mb < config.numMinibatches; mb++) {
      const t0 = performance.now();
      for (let k = 0; k < S; k++) {
        const perm = perms[k];
        if (perm === null) continue;
        for (let b = 0; b < B; b++) {
          const i = k * T + perm[mb * B + b];
          const row = k * B + b;
          mbData.obs.set(rollout.obs.subarray(i * obsDim, (i + 1) * obsDim), row * obsDim);
          for (let j = 0; j < A; j++) mbData.actions[row * A + j] = rollout.actions[i * A + j];
          mbData.oldLogProb[row] = rollout.logProbs[i];
          mbData.returnTarget[row] = rollout.returnTargets[i];
          mbData.oldValue[row] = rollout.values[i];
          mbData.advantage[row] = rollout.advantages[i];
        }
        // (9) per-minibatch advantage normalisation: (Â − mean)/(std + 1e-8)
        if (config.normalizeAdvantages) normalizeAdvantages(mbData.advantage, k * B, B);
      }
      const t1 = performance.now();
      const stepActive = active.map((a, k) => a && finiteAll[k]);
      const terms = ppoMinibatchGradient(layout, config, params, mbData, stepActive, grad, timings);
      const t2 = performance.now();
      for (let k = 0; k < S; k++) {
        const t = terms[k];
        if (t === null) continue;
        sums[0][k] += t.policyLoss;
        sums[1][k] += t.valueLoss;
        sums[2][k] += t.entropy;
        sums[3][k] += t.approxKl;
        sums[4][k] += t.clipFraction;
        if (!Number.isFinite(t.loss)) {
          finiteAll[k] = false;
          stepActive[k] = false;
        }
      }
      // (10) per-seed global-norm clipping + Adam (host; shared with auxiliary losses)
      const step = pop.optimizer.stepHost(params, grad, stepActive);
      for (let k = 0; k < S; k++) {
        sums[5][k] += step.gradNorm[k];
        if (stepActive[k] && !step.finite[k]) finiteAll[k] = false;
      }
      count++;
      const t3 = performance.now();
      timings.bookkeeping += (t1 - t0) / 1000;
      timings.optimizer += (t3 - t2) / 1000;
    }
  }
  pop.theta.dispose();
  pop.theta = tf.tensor2d(params, [S, P]);
  pop.params = params;
  const out: Record<string, number>[] = [];
  for (let k = 0; k < S; k++) {
    const diag: Record<string, number> = {};
    names.forEach((name, j) => {
      diag[name] = count > 0 ? sums[j][k] / count : NaN;
    });
    diag["explainedVariance"] = explainedVariance(
      rollout.values.subarray(k * T, (k + 1) * T),
      rollout.returnTargets.subarray(k * T, (k + 1) * T),
    );
    let stdSum = 0;
    for (let j = 0; j < actDim; j++) stdSum += Math.exp(params[k * P + logStdOff + j]);
    diag["policyStd"] = stdSum / actDim;
    if (active[k] && !finiteAll[k]) pop.alive[k] = false; // (11)
    out.push(diag);
  }
  return out;
}

/** 1 − Var[y − ŷ]/Var[y] (NaN when Var[y] = 0). */
export function explainedVariance(predicted: ArrayLike<number>, target: ArrayLike<number>): number {
  const n = target.length;
  let my = 0;
  let md = 0;
  for (let i = 0; i < n; i++) {
    my += target[i];
    md += target[i] - predicted[i];
  }
  my /= n;
  md /= n;
  let vy = 0;
  let vd = 0;
  for (let i = 0; i < n; i++) {
    vy += (target[i] - my) ** 2;
    vd += (target[i] - predicted[i] - md) ** 2;
  }
  return vy === 0 ? NaN : 1 - vd / vy;
}

/** Copy the parameters to the host (call after any update, before the next rollout). */
export function syncParams(pop: PpoPopulation): void {
  pop.params = Float32Array.from(pop.theta.dataSync() as Float32Array);
}

/** Assemble `[S, B, obsDim]` normalised observations (helper for auxiliary losses). */
export function normalizedObsBatch(
  pop: PpoPopulation,
  rawObsPerSeed: readonly (ArrayLike<number> | null)[],
  batchSize: number,
): Float32Array {
  const { obsDim, numSeeds: S } = pop;
  const out = new Float32Array(S * batchSize * obsDim);
  for (let k = 0; k < S; k++) {
    const raw = rawObsPerSeed[k];
    if (raw == null) continue;
    if (raw.length !== batchSize * obsDim)
      throw new ShapeError(`normalizedObsBatch: seed ${k} has ${raw.length} values, expected ${batchSize}×${obsDim}`);
    const dst = out.subarray(k * batchSize * obsDim, (k + 1) * batchSize * obsDim);
    if (pop.config.normalizeObservations) pop.obsNormalizers[k].normalize(raw, dst);
    else dst.set(Array.from(raw));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// State (checkpoints)

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
  /** `[S, P]` parameters, base64 Float32. */
  readonly theta: string;
  readonly adam: { readonly m: string; readonly v: string; readonly steps: readonly number[] };
  readonly perSeed: readonly PpoSeedState[];
}

/** Snapshot of a population (weights, Adam, normalisers, Rng states, episode in flight, recent returns). */
export function getPpoState(pop: PpoPopulation): PpoPopulationState {
  const adam = pop.optimizer.getState();
  return {
    numParams: pop.layout.numParams,
    theta: encodeFloat32(Float32Array.from(pop.theta.dataSync() as Float32Array)),
    adam: { m: encodeFloat32(adam.m), v: encodeFloat32(adam.v), steps: adam.steps },
    perSeed: pop.seeds.map((seed, k) => ({
      seed,
      alive: pop.alive[k],
      rngs: {
        actionSampling: pop.actionRngs[k].getState(),
        minibatchShuffle: pop.shuffleRngs[k].getState(),
        env: pop.envRngs[k].getState(),
      },
      obsNormalizer: pop.obsNormalizers[k].getState(),
      rewardNormalizer: pop.rewardNormalizers[k].getState(),
      recentReturns: [...pop.recentReturns[k]],
      episodeResetSeed: pop.recorders[k].resetSeed,
      episodeActions: encodeFloat64(pop.recorders[k].actionsSoFar()),
      currentObs: encodeFloat64(pop.currentObs[k]),
      ...(pop.learnerDelay !== null ? { scaledDelay: pop.learnerDelay.scaled[k].getState() } : {}),
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
  const { obsDim, actDim } = checkEnvs(envs, numSeeds);
  const layout = actorCriticLayout({ obsDim, actDim, hiddenSizes: config.hiddenSizes, initLogStd: config.initLogStd });
  if (state.numParams !== layout.numParams || state.perSeed.length !== numSeeds) {
    throw new ShapeError(
      `restorePpoPopulation: checkpoint has ${state.perSeed.length} seeds × ${state.numParams} parameters, config/envs give ${numSeeds} × ${layout.numParams}`,
    );
  }
  const params = decodeFloat32(state.theta);
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
    { obsDim, actDim },
    layout,
    {
      params,
      optimizer: new PopulationAdam(adamConfig(config), numSeeds, layout.numParams, {
        m: decodeFloat32(state.adam.m),
        v: decodeFloat32(state.adam.v),
        steps: state.adam.steps,
      }),
      norms,
      seedRngs: seeds.map((seed) => Rng.fromSeed(seed)),
      actionRngs: state.perSeed.map((s) => Rng.fromState(s.rngs.actionSampling)),
      shuffleRngs: state.perSeed.map((s) => Rng.fromState(s.rngs.minibatchShuffle)),
      envRngs: state.perSeed.map((s) => Rng.fromState(s.rngs.env)),
      alive: state.perSeed.map((s) => s.alive),
      recentReturns: state.perSeed.map((s) => [...s.recentReturns]),
    },
    options,
  );
  for (let k = 0; k < numSeeds; k++) {
    const s = state.perSeed[k];
    const actions = decodeFloat64(s.episodeActions);
    const env = envs[k];
    let obs = env.reset({ seed: s.episodeResetSeed }).obs;
    pop.recorders[k].begin(s.episodeResetSeed);
    const rawDelay = pop.learnerDelay?.raw[k] ?? null; // replaying from the episode start rebuilds its state
    if (pop.learnerDelay !== null) {
      if (s.scaledDelay === undefined)
        throw new ShapeError(
          `restorePpoPopulation: checkpoint of seed ${seeds[k]} lacks the learner-side delay state (rewardScalingOrder "scale-then-delay")`,
        );
      pop.learnerDelay.scaled[k].setState(s.scaledDelay);
    }
    for (let t = 0; t * actDim < actions.length; t++) {
      const a = actions.subarray(t * actDim, (t + 1) * actDim);
      const step = env.step(a);
      const rawReward = typeof step.info.rawReward === "number" ? step.info.rawReward : step.reward;
      const observed = rawDelay === null ? step.reward : rawDelay.apply([step.reward], [0])[0];
      pop.recorders[k].record(obs, a, observed, rawReward);
      if (step.terminated || step.truncated)
        throw new ShapeError(`restorePpoPopulation: replay of seed ${seeds[k]} ended its episode early (env not deterministic?)`);
      obs = step.obs;
    }
    const saved = decodeFloat64(s.currentObs);
    for (let i = 0; i < obsDim; i++) {
      if (!(Object.is(saved[i], obs[i]) || saved[i] === obs[i])) {
        throw new ShapeError(
          `restorePpoPopulation: replay of seed ${seeds[k]} gave a different observation (element ${i}: ${obs[i]} vs saved ${saved[i]}); the env is not deterministic`,
        );
      }
    }
    pop.currentObs[k] = saved;
    normalizeInto(pop, k);
  }
  return pop;
}

/** Free the population's tensors (envs are the caller's). */
export function disposePpoPopulation(pop: PpoPopulation): void {
  pop.theta.dispose();
  pop.optimizer.dispose();
}

export type { FinishedEpisode, PopulationRollout };
