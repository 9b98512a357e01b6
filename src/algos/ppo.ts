/**
 * Proximal Policy Optimisation (Schulman et al., 2017) as the GASIL paper's baseline ran it —
 * the 2018 openai/baselines `ppo2` of the authors' code (docs/paper-protocol.md#ppo-hyperparameters,
 * docs/paper-protocol.md#ppo-details) — written for ONE seed (a {@link SeedAgent}); the Trainer owns the
 * population and runs these stages for each of its seeds.
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
 * Where the speed comes from: the agent's nets (`agent.nets`, a `SeedNets` of `src/nn/actor-critic.ts`)
 * are its row of the population's weights in the memory of the WebAssembly SIMD network kernels;
 * rollouts evaluate one observation per step there, the update's forward and backward passes run in
 * one kernel call each per minibatch, the loss and its gradient w.r.t. the network outputs are
 * computed on the host (`ppoLossHost`, checked against autodiff in the tests), and Adam runs in
 * place on the same memory. Only the seed's own rows are read or written, so a seed's numbers never
 * depend on its population. Config (stage 2–3 of the template) is `PpoConfig` in `config.ts`; the
 * agent's state and the population's checkpoints are in `shared/ppo-state.ts`.
 *
 * Logged metrics (`ppoUpdate`'s result): `policyLoss` (clipped surrogate, negated),
 * `valueLoss` (PG.9, scaled-reward units), `entropy` (PG.10), `approxKl` (k3 estimator, mean over
 * minibatches), `clipFraction` (fraction of samples with |ρ − 1| > ε), `gradNorm` (before clipping,
 * mean), `explainedVariance` (1 − Var[R − V]/Var[R] of the rollout's values), `policyStd` (mean σ).
 *
 * Stages, in order (methods plug in between them, see `methods.ts`):
 * {@link createPpoPopulation} (once) → per seed: {@link collectRollout} → (a method relabels
 * rewards) → {@link computeTargets} → {@link ppoUpdate} → (a method's auxiliary updates).
 */
import type { Env } from "../envs/env";
import { initActorCriticParams, type SeedNets } from "../nn/actor-critic";
import { gaussianLogProbArray } from "../nn/diag-gaussian";
import type { PpoConfig } from "./config";
import { normalizeAdvantages, type PpoLossHostTerms, type PpoSamples, ppoLossHost } from "./shared/losses";
import {
  assemblePopulation,
  makeNormalizers,
  type PopulationOptions,
  type PpoPopulation,
  populationLayout,
  RECENT_EPISODES,
  refreshNormalizedObs,
  type SeedAgent,
  seedStreams,
} from "./shared/ppo-state";
import { computeGae } from "./shared/returns";
import { allocateRollout, type Rollout } from "./shared/rollout-buffer";

// ---------------------------------------------------------------------------------------------
// (4) Setup

/**
 * Setup stage: networks (from each seed's `init` stream), optimiser, normalisers, Rng streams,
 * and the first reset of every env — one agent per seed.
 * @param envs one env per seed (built with `makeEnv`, same obs/action sizes); owned by the caller.
 * @throws ShapeError when the envs do not match the seeds or each other.
 */
export function createPpoPopulation(
  config: PpoConfig,
  seeds: readonly number[],
  envs: readonly Env[],
  options: PopulationOptions = {},
): PpoPopulation {
  const layout = populationLayout(config, envs, seeds.length);
  const streams = seeds.map(seedStreams); // (1)
  const params = new Float32Array(seeds.length * layout.numParams);
  streams.forEach((s, k) => {
    params.set(initActorCriticParams(layout, s.init), k * layout.numParams); // (2)
  });
  const parts = streams.map((s) => ({
    norms: makeNormalizers(config, layout.spec.obsDim),
    rootRng: s.root,
    actionRng: s.action,
    shuffleRng: s.shuffle,
    envRng: s.env,
    alive: true,
    recentReturns: [],
  }));
  const pop = assemblePopulation(config, seeds, envs, layout, { params }, parts, options);
  for (const agent of pop.agents) resetEnv(agent);
  return pop;
}

/** (5) Reset the agent's env with a fresh seed from its `env` stream; update the obs statistics. */
function resetEnv(agent: SeedAgent): void {
  const resetSeed = agent.envRng.seedInt();
  agent.clock.start();
  const { obs } = agent.env.reset({ seed: resetSeed });
  agent.clock.lap("env");
  agent.recorder.begin(resetSeed);
  agent.currentObs = Float64Array.from(obs);
  if (!isAllFinite(obs)) {
    agent.alive = false;
    return;
  }
  if (agent.config.normalizeObservations) agent.obsNormalizer.update(obs);
  refreshNormalizedObs(agent);
}

function isAllFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// (5) Rollout

/**
 * Rollout stage: `stepsPerRollout` env steps of a live agent with its current policy.
 * Stores normalised and raw observations, sampled actions, scaled rewards (used for targets),
 * observed env rewards, episode ends, V(s_t), log π_old(a_t|s_t), and the finished episodes.
 * If the agent goes non-finite (11) it is marked dead and the rest of the rollout is left empty.
 */
export function collectRollout(agent: SeedAgent): Rollout {
  const { config, obsDim, actDim, nets, clock } = agent;
  const T = config.stepsPerRollout;
  const rollout = allocateRollout(T, obsDim, actDim);
  const mean = new Float64Array(actDim);
  const action = new Float64Array(actDim);
  const rewardIn = new Float64Array(1);
  const rewardOut = new Float64Array(1);
  const doneIn = new Uint8Array(1);
  const finalNorm = new Float32Array(obsDim);
  for (let t = 0; t < T && agent.alive; t++) {
    clock.start();
    // (3) policy and value of the current observation; sample an action.
    const value = nets.meanAndValue(agent.currentNormObs, 0, mean);
    for (let j = 0; j < actDim; j++) {
      action[j] = Math.fround(mean[j] + Math.exp(nets.logStd[j]) * agent.actionRng.normal()); // stored as float32: log-prob of exactly that
    }
    const logProb = gaussianLogProbArray(mean, nets.logStd, action, actDim); // (PG.10)
    clock.lap("policy");
    if (!isAllFinite(action) || !Number.isFinite(value)) {
      agent.alive = false; // (11) non-finite parameters: never send NaN to the env
      break;
    }
    const step = agent.env.step(action);
    clock.lap("env");

    rollout.obs.set(agent.currentNormObs, t * obsDim);
    rollout.rawObs.set(agent.currentObs, t * obsDim);
    rollout.actions.set(action, t * actDim);
    rollout.values[t] = value;
    rollout.logProbs[t] = logProb;
    const ended = step.terminated || step.truncated;
    rollout.dones[t] = ended ? 1 : 0;
    rollout.terminated[t] = step.terminated ? 1 : 0;
    // (4) reward scaling with a never-reset (paper preset) running return.
    rewardIn[0] = step.reward;
    doneIn[0] = ended ? 1 : 0;
    if (config.normalizeRewards) {
      agent.rewardNormalizer.normalize(rewardIn, doneIn, rewardOut);
      rollout.rewardScales[t] = agent.rewardNormalizer.scaleFactor;
    } else rewardOut[0] = step.reward;
    let observed = step.reward;
    if (agent.learnerDelay !== null) {
      // LIRPG's order: the env ran undelayed; delay the scaled reward (training) and the raw one (observed).
      agent.learnerDelay.scaled.apply(rewardOut, doneIn, rewardOut);
      observed = agent.learnerDelay.raw.apply(rewardIn, doneIn, rewardIn)[0];
    }
    rollout.rewards[t] = rewardOut[0];
    rollout.envRewards[t] = observed;
    const rawReward = typeof step.info.rawReward === "number" ? step.info.rawReward : step.reward;
    agent.recorder.record(agent.currentObs, action, observed, rawReward);
    if (!Number.isFinite(step.reward) || !isAllFinite(step.obs)) {
      agent.alive = false; // (11) frozen from now on; its partial rollout is not used
      break;
    }
    if (ended) {
      // (6) bootstrap through truncation only when asked (paper: treat as terminal).
      if (config.bootstrapTruncation && step.truncated && !step.terminated) {
        if (config.normalizeObservations) agent.obsNormalizer.normalize(step.obs, finalNorm);
        else finalNorm.set(step.obs);
        rollout.bootstrapValues[t] = nets.meanAndValue(finalNorm, 0, mean);
      }
      const episode = agent.recorder.finish(step.info.episode, step.terminated);
      rollout.finishedEpisodes.push(episode);
      pushRecent(agent.recentReturns, episode.return);
      clock.lap("bookkeeping");
      resetEnv(agent); // (5) same-step autoreset; final observation dropped (a non-finite one kills the agent)
    } else {
      agent.currentObs = Float64Array.from(step.obs);
      if (config.normalizeObservations) agent.obsNormalizer.update(step.obs);
      refreshNormalizedObs(agent);
      clock.lap("bookkeeping");
    }
  }
  clock.start();
  if (agent.alive) rollout.lastValue = nets.meanAndValue(agent.currentNormObs, 0, mean);
  clock.lap("policy");
  return rollout;
}

function pushRecent(list: number[], value: number): void {
  list.push(value);
  if (list.length > RECENT_EPISODES) list.splice(0, list.length - RECENT_EPISODES);
}

// ---------------------------------------------------------------------------------------------
// (6) Targets

/**
 * Targets stage: GAE advantages and λ-return targets (PG.5, PG.6) from `rollout.rewards` (possibly
 * relabelled by a method) — fills `rollout.advantages` and `rollout.returnTargets`.
 */
export function computeTargets(agent: SeedAgent, rollout: Rollout): void {
  const { config } = agent;
  computeGae(
    {
      rewards: rollout.rewards,
      values: rollout.values,
      dones: rollout.dones,
      bootstrapValues: config.bootstrapTruncation ? rollout.bootstrapValues : null,
      lastValue: rollout.lastValue,
      gamma: config.gamma,
      gaeLambda: config.gaeLambda,
    },
    { advantages: rollout.advantages, returnTargets: rollout.returnTargets },
  );
}

// ---------------------------------------------------------------------------------------------
// (7) Update

/** The loss terms {@link ppoUpdate} averages over the iteration's minibatches (with `gradNorm`). */
const LOSS_TERMS = ["policyLoss", "valueLoss", "entropy", "approxKl", "clipFraction"] as const;
/** Names of the diagnostics returned by {@link ppoUpdate}. */
export const PPO_DIAGNOSTICS = [...LOSS_TERMS, "gradNorm", "explainedVariance", "policyStd"] as const;

/**
 * Update stage: `updateEpochs` epochs over the rollout in `numMinibatches` shuffled minibatches,
 * one Adam step per minibatch on the PPO loss (PG.8, PG.9, PG.10) with global-norm clipping, in
 * place on the agent's weights (the Adam state is shared with auxiliary losses). An agent that goes
 * non-finite takes no further step and is marked dead at the end.
 * @returns the diagnostics ({@link PPO_DIAGNOSTICS}; means over all minibatches of the iteration).
 */
export function ppoUpdate(agent: SeedAgent, rollout: Rollout): Record<string, number> {
  const { config, obsDim, actDim: A, nets, clock } = agent;
  const T = rollout.numSteps;
  const B = T / config.numMinibatches;
  const minibatch = allocateMinibatch(B, obsDim, A);
  const sums = { policyLoss: 0, valueLoss: 0, entropy: 0, approxKl: 0, clipFraction: 0, gradNorm: 0 };
  let finite = true;
  let count = 0;
  for (let epoch = 0; epoch < config.updateEpochs; epoch++) {
    const perm = agent.shuffleRng.permutation(T); // (8)
    for (let mb = 0; mb < config.numMinibatches; mb++) {
      count++;
      if (!finite) continue; // (11) stepped no more (its shuffle stream still advances, as in a run that goes on)
      clock.start();
      fillMinibatch(minibatch, rollout, perm.subarray(mb * B, (mb + 1) * B));
      // (9) per-minibatch advantage normalisation: (Â − mean)/(std + 1e-8)
      if (config.normalizeAdvantages) normalizeAdvantages(minibatch.samples.advantage, 0, B);
      clock.lap("bookkeeping");
      const terms = ppoMinibatchGradient(nets, config, minibatch, clock);
      clock.start();
      for (const key of LOSS_TERMS) sums[key] += terms[key];
      const lossFinite = Number.isFinite(terms.loss);
      // (10) global-norm clipping + Adam, in place on the weights (no step on a non-finite loss)
      const step = nets.adamStep(lossFinite);
      sums.gradNorm += step.gradNorm;
      if (!lossFinite || !step.finite) finite = false;
      clock.lap("optimizer");
    }
  }
  if (!finite) agent.alive = false; // (11)
  const diagnostics: Record<string, number> = {};
  for (const key of [...LOSS_TERMS, "gradNorm"] as const) diagnostics[key] = count > 0 ? sums[key] / count : NaN;
  diagnostics["explainedVariance"] = explainedVariance(rollout.values, rollout.returnTargets);
  let stdSum = 0;
  for (let j = 0; j < A; j++) stdSum += Math.exp(nets.logStd[j]);
  diagnostics["policyStd"] = stdSum / A;
  return diagnostics;
}

/** One minibatch of B rollout steps: the nets' input and the samples the loss reads. */
export interface PpoMinibatch {
  readonly batchSize: number;
  /** Normalised observations `[B, obsDim]`. */
  readonly obs: Float32Array;
  /** Actions `[B, A]`, log π_old, advantages, λ-return targets, V_old `[B]`. */
  readonly samples: { readonly [F in keyof PpoSamples]: Float64Array };
}

/** Allocate a {@link PpoMinibatch}. */
export function allocateMinibatch(batchSize: number, obsDim: number, actDim: number): PpoMinibatch {
  const B = batchSize;
  return {
    batchSize,
    obs: new Float32Array(B * obsDim),
    samples: {
      actions: new Float64Array(B * actDim),
      oldLogProb: new Float64Array(B),
      advantage: new Float64Array(B),
      returnTarget: new Float64Array(B),
      oldValue: new Float64Array(B),
    },
  };
}

/** Copy the rollout steps `indices` (a slice of the epoch's permutation) into the minibatch. */
function fillMinibatch(minibatch: PpoMinibatch, rollout: Rollout, indices: Int32Array): void {
  const { obsDim, actDim: A } = rollout;
  const { obs, samples } = minibatch;
  for (let b = 0; b < indices.length; b++) {
    const t = indices[b];
    for (let j = 0; j < obsDim; j++) obs[b * obsDim + j] = rollout.obs[t * obsDim + j];
    for (let j = 0; j < A; j++) samples.actions[b * A + j] = rollout.actions[t * A + j];
    samples.oldLogProb[b] = rollout.logProbs[t];
    samples.returnTarget[b] = rollout.returnTargets[t];
    samples.oldValue[b] = rollout.values[t];
    samples.advantage[b] = rollout.advantages[t];
  }
}

/**
 * Loss and gradient of the PPO objective (PG.7–PG.10) for one minibatch: the policy and value nets
 * run forward, `ppoLossHost` gives the loss and its gradient w.r.t. μ, V and log σ, and the nets'
 * backward pass completes ∂L/∂θ, left in the seed's gradient row for `nets.adamStep`.
 * @param clock charged with forward (incl. the host loss) and backward seconds when given.
 * @returns the loss terms.
 */
export function ppoMinibatchGradient(
  nets: SeedNets,
  config: PpoConfig,
  minibatch: PpoMinibatch,
  clock?: SeedAgent["clock"],
): PpoLossHostTerms {
  // (10) L = L^CLIP + c_v·L^V − c_H·H and its gradient w.r.t. μ, V and log σ (log σ is no net's output)
  return nets.gradient(
    minibatch.obs,
    minibatch.batchSize,
    ([mean, value], [dMean, dValue]) =>
      ppoLossHost(minibatch.samples, { mean: mean!, value: value!, logStd: nets.logStd }, config, {
        dMean: dMean!,
        dValue: dValue!,
        dLogStd: nets.dLogStd,
      }),
    clock,
  );
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
