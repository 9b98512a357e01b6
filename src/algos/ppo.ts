/**
 * Proximal Policy Optimisation (Schulman et al., 2017) as the GASIL paper's baseline ran it —
 * the 2018 openai/baselines `ppo2` of the authors' code (docs/paper-protocol.md#ppo-hyperparameters,
 * docs/paper-protocol.md#ppo-details) — for a POPULATION of S seeds trained in lockstep.
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
 * Where the speed comes from: the weights are one seed-major array `[S, P]` in the memory of the
 * WebAssembly SIMD network kernels (`pop.nets`, `src/nn/actor-critic.ts` on `src/nn/seed-mlp.ts`);
 * rollouts evaluate one observation per seed per step there, the update's forward and backward
 * passes run every seed's nets in one kernel call each, the loss and its gradient w.r.t. the
 * network outputs are computed on the host (`ppoLossHost`, checked against autodiff in the
 * tests), and Adam runs in place on the same memory. Each seed's numbers come from its own rows
 * only, so a seed's numbers never depend on its population. Config (stage 2–3 of the template) is
 * `PpoConfig` in `config.ts`; the population's state and its checkpoints are in
 * `shared/ppo-state.ts`.
 *
 * Logged metrics (per seed, `ppoUpdate`'s result): `policyLoss` (clipped surrogate, negated),
 * `valueLoss` (PG.9, scaled-reward units), `entropy` (PG.10), `approxKl` (k3 estimator, mean over
 * minibatches), `clipFraction` (fraction of samples with |ρ − 1| > ε), `gradNorm` (before clipping,
 * mean), `explainedVariance` (1 − Var[R − V]/Var[R] of the rollout's values), `policyStd` (mean σ).
 *
 * Stages, in order (methods plug in between them, see `methods.ts`):
 * {@link createPpoPopulation} → {@link collectRollout} → (a method relabels rewards) →
 * {@link computeTargets} → {@link ppoUpdate} → (a method's auxiliary updates).
 */
import type { Env } from "../envs/env";
import { type ActorCriticLayout, initActorCriticParams } from "../nn/actor-critic";
import { gaussianLogProbArray } from "../nn/diag-gaussian";
import type { SeedMlpGradient, SeedOutputLoss } from "../nn/seed-mlp";
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
  seedStreams,
} from "./shared/ppo-state";
import { computeGae } from "./shared/returns";
import { allocateRollout, type PopulationRollout } from "./shared/rollout-buffer";

// ---------------------------------------------------------------------------------------------
// (4) Setup

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
  const layout = populationLayout(config, envs, numSeeds);
  const streams = seeds.map(seedStreams); // (1)
  const params = new Float32Array(numSeeds * layout.numParams);
  streams.forEach((s, k) => {
    params.set(initActorCriticParams(layout, s.init), k * layout.numParams); // (2)
  });
  const pop = assemblePopulation(
    config,
    seeds,
    envs,
    layout,
    {
      params,
      norms: seeds.map(() => makeNormalizers(config, layout.spec.obsDim)),
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

/** (5) Reset seed k's env with a fresh seed from its `env` stream; update the obs statistics. */
function resetSeedEnv(pop: PpoPopulation, k: number): void {
  const resetSeed = pop.envRngs[k].seedInt();
  pop.clock.start();
  const { obs } = pop.envs[k].reset({ seed: resetSeed });
  pop.clock.lap("env");
  pop.recorders[k].begin(resetSeed);
  pop.currentObs[k] = Float64Array.from(obs);
  if (!isAllFinite(obs)) {
    pop.alive[k] = false;
    return;
  }
  if (pop.config.normalizeObservations) pop.obsNormalizers[k].update(obs);
  refreshNormalizedObs(pop, k);
}

function isAllFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// (5) Rollout

/**
 * Rollout stage: `stepsPerRollout` env steps for every live seed with the current policy.
 * Stores normalised and raw observations, sampled actions, scaled rewards (used for targets),
 * observed env rewards, episode ends, V(s_t), log π_old(a_t|s_t), and the finished episodes.
 */
export function collectRollout(pop: PpoPopulation): PopulationRollout {
  const { config, numSeeds: S, obsDim, actDim, layout, params, clock, nets } = pop;
  const T = config.stepsPerRollout;
  const rollout = allocateRollout(S, T, obsDim, actDim);
  const mean = new Float64Array(actDim);
  const action = new Float64Array(actDim);
  const logStd = new Float64Array(actDim);
  const rewardIn = new Float64Array(1);
  const rewardOut = new Float64Array(1);
  const doneIn = new Uint8Array(1);
  const finalNorm = new Float32Array(obsDim);
  // π's mean (into `mean`) and V of one observation of seed k (one observation per seed per step).
  const meanAndValue = (k: number, obs: ArrayLike<number>, obsOffset: number): number => nets.meanAndValue(k, obs, obsOffset, mean);
  for (let k = 0; k < S; k++) rollout.active[k] = pop.alive[k];
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < S; k++) {
      if (!pop.alive[k]) continue;
      const i = k * T + t;
      clock.start();
      // (3) policy and value of the current observation; sample an action.
      const value = meanAndValue(k, pop.currentNormObs, k * obsDim);
      const logStdOffset = k * layout.numParams + layout.logStdBlock.offset;
      const rng = pop.actionRngs[k];
      for (let j = 0; j < actDim; j++) {
        logStd[j] = params[logStdOffset + j];
        action[j] = Math.fround(mean[j] + Math.exp(logStd[j]) * rng.normal()); // stored as float32: log-prob of exactly that
      }
      const logProb = gaussianLogProbArray(mean, logStd, action, actDim); // (PG.10)
      clock.lap("policy");
      if (!isAllFinite(action) || !Number.isFinite(value)) {
        pop.alive[k] = false; // (11) non-finite parameters: never send NaN to the env
        rollout.active[k] = false;
        continue;
      }
      const step = pop.envs[k].step(action);
      clock.lap("env");

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
          rollout.bootstrapValues[i] = meanAndValue(k, finalNorm, 0);
        }
        const episode = pop.recorders[k].finish(step.info.episode, step.terminated);
        rollout.finishedEpisodes[k].push(episode);
        pushRecent(pop.recentReturns[k], episode.return);
        clock.lap("bookkeeping");
        resetSeedEnv(pop, k); // (5) same-step autoreset; final observation dropped
        if (!pop.alive[k]) rollout.active[k] = false; // non-finite first observation
      } else {
        pop.currentObs[k] = Float64Array.from(step.obs);
        if (config.normalizeObservations) pop.obsNormalizers[k].update(step.obs);
        refreshNormalizedObs(pop, k);
        clock.lap("bookkeeping");
      }
    }
  }
  clock.start();
  for (let k = 0; k < S; k++) if (pop.alive[k]) rollout.lastValues[k] = meanAndValue(k, pop.currentNormObs, k * obsDim);
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
 * Targets stage: GAE advantages and λ-return targets per seed (PG.5, PG.6) from
 * `rollout.rewards` (possibly relabelled by a method) — fills `rollout.advantages` and
 * `rollout.returnTargets`.
 */
export function computeTargets(pop: PpoPopulation, rollout: PopulationRollout): void {
  const T = rollout.numSteps;
  for (let k = 0; k < rollout.numSeeds; k++) {
    if (!rollout.active[k]) continue;
    const span = <A extends Float64Array | Uint8Array>(a: A): A => a.subarray(k * T, (k + 1) * T) as A;
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
      { advantages: span(rollout.advantages), returnTargets: span(rollout.returnTargets) },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// (7) Update

/** The loss terms {@link ppoUpdate} averages over the iteration's minibatches (with `gradNorm`). */
const LOSS_TERMS = ["policyLoss", "valueLoss", "entropy", "approxKl", "clipFraction"] as const;
/** Names of the per-seed diagnostics returned by {@link ppoUpdate}. */
export const PPO_DIAGNOSTICS = [...LOSS_TERMS, "gradNorm", "explainedVariance", "policyStd"] as const;

/**
 * Update stage: `updateEpochs` epochs over the rollout in `numMinibatches` shuffled minibatches per
 * seed (each seed its own permutation), one Adam step per minibatch on the PPO loss (PG.8, PG.9,
 * PG.10) with per-seed global-norm clipping, in place on `pop.params` (the Adam state is shared
 * with auxiliary losses). Seeds that go non-finite are marked dead in `pop.alive`.
 * @returns per-seed diagnostics ({@link PPO_DIAGNOSTICS}; means over all minibatches of the iteration).
 */
export function ppoUpdate(pop: PpoPopulation, rollout: PopulationRollout): Record<string, number>[] {
  const { config, numSeeds: S, obsDim, actDim: A, layout, params, clock } = pop;
  const P = layout.numParams;
  const T = rollout.numSteps;
  const B = T / config.numMinibatches;
  const active = rollout.active.map((a, k) => a && pop.alive[k]);
  const stillFinite = new Array<boolean>(S).fill(true);
  const minibatch = allocateMinibatch(S, B, obsDim, A);
  const { gradientPass } = pop.nets;
  const grad = gradientPass.grad; // the kernels' own: the gradient pass and Adam use it in place
  const sums = {
    policyLoss: new Float64Array(S),
    valueLoss: new Float64Array(S),
    entropy: new Float64Array(S),
    approxKl: new Float64Array(S),
    clipFraction: new Float64Array(S),
    gradNorm: new Float64Array(S),
  };
  let count = 0;
  for (let epoch = 0; epoch < config.updateEpochs; epoch++) {
    const perms = active.map((a, k) => (a ? pop.shuffleRngs[k].permutation(T) : null)); // (8)
    for (let mb = 0; mb < config.numMinibatches; mb++) {
      clock.start();
      for (let k = 0; k < S; k++) {
        const perm = perms[k];
        if (perm === null) continue;
        fillSeedMinibatch(minibatch, k, rollout, perm.subarray(mb * B, (mb + 1) * B));
        // (9) per-minibatch advantage normalisation: (Â − mean)/(std + 1e-8)
        if (config.normalizeAdvantages) normalizeAdvantages(minibatch.seed[k].advantage, 0, B);
      }
      clock.lap("bookkeeping");
      const stepActive = active.map((a, k) => a && stillFinite[k]);
      const terms = ppoMinibatchGradient(gradientPass, layout, config, params, minibatch, stepActive, grad, clock);
      clock.start();
      terms.forEach((t, k) => {
        if (t === null) return;
        for (const key of LOSS_TERMS) sums[key][k] += t[key];
        if (!Number.isFinite(t.loss)) {
          stillFinite[k] = false;
          stepActive[k] = false;
        }
      });
      // (10) per-seed global-norm clipping + Adam, in place on the weights
      const step = pop.optimizer.step(params, grad, stepActive);
      for (let k = 0; k < S; k++) {
        sums.gradNorm[k] += step.gradNorm[k];
        if (stepActive[k] && !step.finite[k]) stillFinite[k] = false;
      }
      count++;
      clock.lap("optimizer");
    }
  }
  return pop.seeds.map((_, k) => {
    if (active[k] && !stillFinite[k]) pop.alive[k] = false; // (11)
    const diagnostics: Record<string, number> = {};
    for (const key of [...LOSS_TERMS, "gradNorm"] as const) diagnostics[key] = count > 0 ? sums[key][k] / count : NaN;
    const seedSpan = (a: Float64Array): Float64Array => a.subarray(k * T, (k + 1) * T);
    diagnostics["explainedVariance"] = explainedVariance(seedSpan(rollout.values), seedSpan(rollout.returnTargets));
    let stdSum = 0;
    for (let j = 0; j < A; j++) stdSum += Math.exp(params[k * P + layout.logStdBlock.offset + j]);
    diagnostics["policyStd"] = stdSum / A;
    return diagnostics;
  });
}

/** One minibatch of every seed: the nets' input for all seeds, and each seed's samples. */
export interface PpoMinibatch {
  readonly batchSize: number;
  /** Normalised observations `[S, B, obsDim]`, seed-major. */
  readonly obs: Float32Array;
  /** Seed k's samples: actions `[B, A]`, log π_old, advantages, λ-return targets, V_old `[B]`. */
  readonly seed: readonly { readonly [F in keyof PpoSamples]: Float64Array }[];
}

/** Allocate a {@link PpoMinibatch} for S seeds. */
export function allocateMinibatch(numSeeds: number, batchSize: number, obsDim: number, actDim: number): PpoMinibatch {
  const B = batchSize;
  return {
    batchSize,
    obs: new Float32Array(numSeeds * B * obsDim),
    seed: Array.from({ length: numSeeds }, () => ({
      actions: new Float64Array(B * actDim),
      oldLogProb: new Float64Array(B),
      advantage: new Float64Array(B),
      returnTarget: new Float64Array(B),
      oldValue: new Float64Array(B),
    })),
  };
}

/** Copy the rollout steps `indices` (a slice of seed k's permutation) into seed k's minibatch rows. */
function fillSeedMinibatch(minibatch: PpoMinibatch, k: number, rollout: PopulationRollout, indices: Int32Array): void {
  const { obsDim, actDim: A, numSteps: T } = rollout;
  const samples = minibatch.seed[k];
  const { obs } = minibatch;
  for (let b = 0; b < indices.length; b++) {
    const i = k * T + indices[b];
    const row = (k * minibatch.batchSize + b) * obsDim;
    for (let j = 0; j < obsDim; j++) obs[row + j] = rollout.obs[i * obsDim + j];
    for (let j = 0; j < A; j++) samples.actions[b * A + j] = rollout.actions[i * A + j];
    samples.oldLogProb[b] = rollout.logProbs[i];
    samples.returnTarget[b] = rollout.returnTargets[i];
    samples.oldValue[b] = rollout.values[i];
    samples.advantage[b] = rollout.advantages[i];
  }
}

/**
 * Loss and gradient of the PPO objective (PG.7–PG.10) for one minibatch of every active seed:
 * each seed's policy and value nets run forward (`gradientPass`: `pop.nets.gradientPass`),
 * `ppoLossHost` gives the loss and its gradient w.r.t. μ, V and log σ, and the nets' backward pass
 * completes ∂L_k/∂θ_k.
 * @param params `[S, P]` seed-major parameters (read only).
 * @param gradOut receives ∂L_k/∂θ_k in row k (`[S, P]`); rows of inactive seeds are zeroed.
 * @param clock charged with forward (incl. the host loss) and backward seconds when given.
 * @returns the loss terms per seed (null for inactive seeds).
 */
export function ppoMinibatchGradient(
  gradientPass: SeedMlpGradient,
  layout: ActorCriticLayout,
  config: PpoConfig,
  params: Float32Array,
  minibatch: PpoMinibatch,
  active: readonly boolean[],
  gradOut: Float32Array,
  clock?: PpoPopulation["clock"],
): (PpoLossHostTerms | null)[] {
  const { numParams: P, logStdBlock } = layout;
  const logStdOf = <T extends Float32Array>(rows: T, k: number): T =>
    rows.subarray(k * P + logStdBlock.offset, k * P + logStdBlock.offset + logStdBlock.size) as T;
  // (10) L = L^CLIP + c_v·L^V − c_H·H and its gradient w.r.t. μ, V and log σ (log σ is no net's output)
  const loss: SeedOutputLoss<PpoLossHostTerms> = (k, [mean, value], [dMean, dValue]) =>
    ppoLossHost(minibatch.seed[k], { mean: mean!, value: value!, logStd: logStdOf(params, k) }, config, {
      dMean: dMean!,
      dValue: dValue!,
      dLogStd: logStdOf(gradOut, k),
    });
  return gradientPass.gradient(params, minibatch.obs, minibatch.batchSize, active, gradOut, loss, clock);
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
