/**
 * A seconds-long live demonstration for notebook 02: a delayed-reward "combination lock" where
 * imitating the agent's own best past episodes (GASIL) speeds up a plain policy gradient.
 *
 * Task: T steps; the observation is the step index t; at each step the agent picks one of K
 * actions; the action equal to a hidden code c_t is worth 1. The reward is **delayed**: all of it
 * arrives at the last step (the episode return, the number of correct actions, is unchanged).
 *
 * Learner: tabular softmax policy π(a|t), REINFORCE with advantages from the library's GAE
 * (λ = 1, critic = the batch-mean return-to-go at each t), plain gradient ascent. GASIL adds
 * (implementation mirrors Algorithm 1):
 * 1. the library's top-K {@link TrajectoryStore} of whole episodes, ranked by return (GASIL.7);
 * 2. a tabular discriminator ℓ(t, a), D = σ(ℓ), trained for a few full-batch gradient steps on
 *    the binary cross-entropy with **policy pairs labelled 1, buffer pairs 0** (GASIL.1);
 * 3. the reward relabelled as r^α = r − α log D = r + α softplus(−ℓ) (GASIL.6) by the library's
 *    own `relabelRewards` (algos/gasil) before the advantages are computed. With α = 0 it is the
 *    plain learner.
 */

import { relabelRewards } from "../algos/gasil";
import { computeGae } from "../algos/shared/returns";
import { TrajectoryStore } from "../algos/shared/trajectory-store";
import { ConfigError, describeValue } from "../core/errors";
import type { Rng } from "../core/rng";
import { sigmoid } from "./gan";

/** Options of {@link runSelfImitationDemo}. */
export interface SelfImitationDemoOptions {
  /** Episode length T. */
  readonly horizon: number;
  /** Actions per step K. */
  readonly numActions: number;
  /** Policy updates. */
  readonly iterations: number;
  /** Episodes per update. */
  readonly episodesPerIteration: number;
  /** Policy step size. */
  readonly learningRate: number;
  /** Discount γ of the advantages. */
  readonly gamma: number;
  /** Weight α of −log D in r^α; 0 disables GASIL. */
  readonly alpha: number;
  /** Capacity of the good-trajectory buffer, in episodes. */
  readonly bufferEpisodes: number;
  /** Discriminator gradient steps per update (M). */
  readonly discriminatorSteps: number;
  /** Discriminator step size. */
  readonly discriminatorLearningRate: number;
}

/** Default settings used by notebook 02 (runs in well under a second per learner). */
export const SELF_IMITATION_DEMO_DEFAULTS: SelfImitationDemoOptions = {
  horizon: 16,
  numActions: 8,
  iterations: 40,
  episodesPerIteration: 16,
  learningRate: 0.3,
  gamma: 0.95,
  alpha: 1,
  bufferEpisodes: 8,
  discriminatorSteps: 10,
  discriminatorLearningRate: 1.0,
};

/** Learning curve of one run. */
export interface SelfImitationRun {
  /** Exact expected return Σ_t π(c_t|t) of the policy after each update (max = horizon). */
  readonly expectedReturn: number[];
  /** Mean return of the sampled episodes of each update. */
  readonly batchReturn: number[];
}

function checkPositiveInt(path: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ConfigError(path, `must be an integer ≥ 1, got ${describeValue(v)}`);
}

/**
 * Run the learner (α = 0: plain policy gradient; α > 0: GASIL+PG) on a combination lock whose
 * code comes from `taskRng`; `rng` drives the policy's sampling.
 * @throws ConfigError naming the bad option.
 */
export function runSelfImitationDemo(options: SelfImitationDemoOptions, taskRng: Rng, rng: Rng): SelfImitationRun {
  const { horizon: T, numActions: K, iterations, episodesPerIteration: E, learningRate, gamma, alpha } = options;
  checkPositiveInt("horizon", T);
  checkPositiveInt("numActions", K);
  checkPositiveInt("iterations", iterations);
  checkPositiveInt("episodesPerIteration", E);
  checkPositiveInt("bufferEpisodes", options.bufferEpisodes);
  if (!(alpha >= 0)) throw new ConfigError("alpha", `must be ≥ 0, got ${describeValue(alpha)}`);
  const code = Array.from({ length: T }, () => taskRng.int(K));
  const theta = new Float64Array(T * K);
  const disc = new Float64Array(T * K); // discriminator logits ℓ(t, a)
  const store = new TrajectoryStore({ obsDim: 1, actDim: 1, capacity: options.bufferEpisodes, unit: "trajectories" });
  const obsT = Float64Array.from({ length: T }, (_, t) => t);
  const pi = new Float64Array(T * K);
  const expectedReturn: number[] = [];
  const batchReturn: number[] = [];
  const actions = new Int32Array(E * T);
  const rewards = new Float64Array(E * T);
  for (let it = 0; it < iterations; it++) {
    // policy probabilities
    for (let t = 0; t < T; t++) {
      let m = -Infinity;
      for (let a = 0; a < K; a++) m = Math.max(m, theta[t * K + a]!);
      let z = 0;
      for (let a = 0; a < K; a++) z += pi[t * K + a] = Math.exp(theta[t * K + a]! - m);
      for (let a = 0; a < K; a++) pi[t * K + a]! /= z;
    }
    // 1. roll out E episodes; the reward is delayed to the last step
    let sumReturn = 0;
    for (let e = 0; e < E; e++) {
      let correct = 0;
      for (let t = 0; t < T; t++) {
        const u = rng.random();
        let c = 0;
        let a = K - 1;
        for (let k = 0; k < K; k++) {
          c += pi[t * K + k]!;
          if (u < c) {
            a = k;
            break;
          }
        }
        actions[e * T + t] = a;
        if (a === code[t]) correct += 1;
        rewards[e * T + t] = 0;
      }
      rewards[e * T + T - 1] = correct;
      sumReturn += correct;
      // 2. offer the finished episode to the top-K buffer (GASIL.7)
      if (alpha > 0) store.offer({ obs: obsT, actions: Float64Array.from(actions.subarray(e * T, e * T + T)), score: correct });
    }
    batchReturn.push(sumReturn / E);
    // 3–4. discriminator: full-batch gradient steps on the cross-entropy, policy = 1, buffer = 0 (GASIL.1)
    const relabelled = Float64Array.from(rewards);
    if (alpha > 0) {
      const nPolicy = new Float64Array(T * K);
      for (let i = 0; i < E * T; i++) nPolicy[(i % T) * K + actions[i]!]! += 1 / (E * T);
      const nBuffer = new Float64Array(T * K);
      const stored = store.trajectories();
      let totalSteps = 0;
      for (const tr of stored) totalSteps += tr.length;
      for (const tr of stored) for (let t = 0; t < tr.length; t++) nBuffer[tr.obs[t]! * K + tr.actions[t]!]! += 1 / totalSteps;
      for (let step = 0; step < options.discriminatorSteps; step++) {
        for (let j = 0; j < T * K; j++) {
          const d = sigmoid(disc[j]!);
          // ∂/∂ℓ of E_π[softplus(−ℓ)] + E_B[softplus(ℓ)]
          disc[j]! -= options.discriminatorLearningRate * (nPolicy[j]! * (d - 1) + nBuffer[j]! * d);
        }
      }
      // 5. relabel with the library's GASIL step: r^α = r − α log D = r + α softplus(−ℓ) (GASIL.6)
      const stepLogits = Float64Array.from({ length: E * T }, (_, i) => disc[(i % T) * K + actions[i]!]!);
      relabelRewards(relabelled, stepLogits, alpha);
    }
    // advantages: GAE with λ = 1 against a critic = batch mean of the discounted return-to-go at t
    const returnToGo = new Float64Array(E * T);
    const critic = new Float64Array(T);
    for (let e = 0; e < E; e++) {
      let g = 0;
      for (let t = T - 1; t >= 0; t--) {
        g = relabelled[e * T + t]! + gamma * g;
        returnToGo[e * T + t] = g;
        critic[t]! += g / E;
      }
    }
    const dones = new Float64Array(T);
    dones[T - 1] = 1;
    const grad = new Float64Array(T * K);
    for (let e = 0; e < E; e++) {
      const { advantages } = computeGae({
        rewards: relabelled.subarray(e * T, e * T + T),
        values: critic,
        dones,
        lastValue: 0,
        gamma,
        gaeLambda: 1,
      });
      for (let t = 0; t < T; t++) {
        const a = actions[e * T + t]!;
        for (let k = 0; k < K; k++) grad[t * K + k]! += (advantages[t]! * ((k === a ? 1 : 0) - pi[t * K + k]!)) / E;
      }
    }
    for (let j = 0; j < T * K; j++) theta[j]! += learningRate * grad[j]!;
    // exact expected return of the updated policy
    let er = 0;
    for (let t = 0; t < T; t++) {
      let m = -Infinity;
      for (let a = 0; a < K; a++) m = Math.max(m, theta[t * K + a]!);
      let z = 0;
      for (let a = 0; a < K; a++) z += Math.exp(theta[t * K + a]! - m);
      er += Math.exp(theta[t * K + code[t]!]! - m) / z;
    }
    expectedReturn.push(er);
  }
  return { expectedReturn, batchReturn };
}

/** Final expected returns of several seeds for plain PG (α = 0) and GASIL+PG (the given α). */
export interface DemoComparison {
  readonly plain: SelfImitationRun[];
  readonly gasil: SelfImitationRun[];
}

/** Run both learners on `numSeeds` seeds (seed k: task `root.split(k).split("task")`, same for both). */
export function compareSelfImitation(options: SelfImitationDemoOptions, numSeeds: number, root: Rng): DemoComparison {
  checkPositiveInt("numSeeds", numSeeds);
  const plain: SelfImitationRun[] = [];
  const gasil: SelfImitationRun[] = [];
  for (let k = 0; k < numSeeds; k++) {
    const seed = root.split(k);
    plain.push(runSelfImitationDemo({ ...options, alpha: 0 }, seed.split("task"), seed.split("policy")));
    gasil.push(runSelfImitationDemo(options, seed.split("task"), seed.split("policy")));
  }
  return { plain, gasil };
}

/** Summary of a {@link DemoComparison}: final expected returns, wins and mean learning curves. */
export interface DemoSummary {
  readonly finalPlain: number[];
  readonly finalGasil: number[];
  /** Seeds on which GASIL+PG ends strictly higher. */
  readonly wins: number;
  readonly meanFinalPlain: number;
  readonly meanFinalGasil: number;
  /** Mean expected return over seeds after each update. */
  readonly curvePlain: number[];
  readonly curveGasil: number[];
}

/** Summarise a comparison (means over seeds). */
export function summarizeComparison(c: DemoComparison): DemoSummary {
  const last = (r: SelfImitationRun): number => r.expectedReturn[r.expectedReturn.length - 1]!;
  const avg = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const curve = (runs: SelfImitationRun[]): number[] => runs[0]!.expectedReturn.map((_, i) => avg(runs.map((r) => r.expectedReturn[i]!)));
  const finalPlain = c.plain.map(last);
  const finalGasil = c.gasil.map(last);
  return {
    finalPlain,
    finalGasil,
    wins: finalGasil.filter((g, i) => g > finalPlain[i]!).length,
    meanFinalPlain: avg(finalPlain),
    meanFinalGasil: avg(finalGasil),
    curvePlain: curve(c.plain),
    curveGasil: curve(c.gasil),
  };
}

/** One row of {@link alphaSweep}: the final expected return over seeds for one α. */
export interface AlphaSweepRow {
  readonly alpha: number;
  readonly meanFinal: number;
  readonly minFinal: number;
  readonly maxFinal: number;
}

/**
 * Final expected return of GASIL+PG for each α (α = 0 is plain PG) on `numSeeds` seeds — the same
 * tasks and sampling streams as {@link compareSelfImitation} for every α.
 */
export function alphaSweep(options: SelfImitationDemoOptions, alphas: readonly number[], numSeeds: number, root: Rng): AlphaSweepRow[] {
  checkPositiveInt("numSeeds", numSeeds);
  return alphas.map((alpha) => {
    const finals: number[] = [];
    for (let k = 0; k < numSeeds; k++) {
      const seed = root.split(k);
      const run = runSelfImitationDemo({ ...options, alpha }, seed.split("task"), seed.split("policy"));
      finals.push(run.expectedReturn[run.expectedReturn.length - 1]!);
    }
    return {
      alpha,
      meanFinal: finals.reduce((s, x) => s + x, 0) / numSeeds,
      minFinal: Math.min(...finals),
      maxFinal: Math.max(...finals),
    };
  });
}
