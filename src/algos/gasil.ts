/**
 * GASIL+PPO — Generative Adversarial Self-Imitation Learning (Guo, Oh, Singh, Lee 2018) on top of
 * PPO, as Figures 6–7 of the paper run it (fact sheet §1, §3.3).
 *
 * GASIL = top-K good-trajectory store (GASIL.7) + discriminator update (GASIL.1) + reward
 * relabelling (GASIL.6) + PPO's own targets and update (notebook 02's reduction: GASIL+PPO is PPO
 * on the modified reward r^α, (GASIL.5)). Equations:
 *   (GASIL.1) max_φ E_π[log D] + E_𝓑[log(1 − D)], D = σ(ℓ): D high on the current policy's pairs
 *   (GASIL.2) D* = ρ_π / (ρ_π + ρ_E), so −log D* = log(1 + ρ_E/ρ_π): large where the buffer goes
 *   (GASIL.4) min_θ max_φ … − λ H(π);  (GASIL.5) −log D acts as a per-step reward
 *   (GASIL.6) r^α = r − α log D = r + α softplus(−ℓ);  α = ∞: pure GASIL, reward −log D only
 *
 * One iteration (Algorithm 1 order, [P]):
 *   1. rollout of the current policy (`collectRollout`, 2048 steps per seed);
 *   2. every trajectory that finished is offered to the seed's top-K store 𝓑;
 *   3–4. M = 20 discriminator updates: each is one Adam step on ALL the rollout's pairs (label 1)
 *        against as many pairs drawn uniformly with replacement from 𝓑 (label 0);
 *   5. with the UPDATED discriminator, every step's reward is relabelled by (GASIL.6), then
 *      GAE/λ-return targets are computed from r^α and PPO updates as usual (`computeTargets`,
 *      `ppoUpdate` — the Trainer runs those after this method's `afterRollout`).
 *
 * Implementation details ([P] paper, [S] secondary, [A] our choice — fact sheet §3.3):
 *  1. 𝓑 keeps the top K = 1000 **transitions** of whole episodes ranked by their undiscounted
 *     observed return (= true return), always at least the best one; ties prefer the newer [S/A].
 *  2. 𝓑 stores raw observations and the sampled (unclipped) actions; observations are normalised
 *     at use time with the policy's current running statistics, for both sides of D [A].
 *  3. D: MLP 100–100 tanh → one logit on concat(normalised obs, action); Adam lr 3e-4, ε 1e-8; no
 *     logit-entropy bonus by default [A] (`src/nn/discriminator.ts`).
 *  4. Full-batch updates (all T policy pairs vs T buffer pairs), or minibatches of
 *     `discriminatorBatchSize` pairs per side drawn with replacement when set [A].
 *  5. The bonus α·softplus(−ℓ) is added to the delayed, **scaled** env reward and is itself not
 *     rescaled; α = 0.1 [S]. With `alpha: "inf"` the reward is softplus(−ℓ) = −log D alone.
 *  6. λ (GASIL.4) becomes an entropy bonus of the policy: α·λ added to PPO's entropy coefficient
 *     (λ alone when α = ∞); λ = 0 by default [A], so PPO's coefficient (0) is unchanged.
 *  7. A seed whose store is still empty (no episode finished yet) skips the discriminator update
 *     (its D, Adam moments and step count stay untouched); relabelling always happens.
 *  8. Per-seed random streams split from the seed's root: `gasil/discriminatorInit`,
 *     `gasil/bufferSampling`, `gasil/policySampling` — seed k never depends on its population.
 *
 * Logged (per seed): `discLoss` (BCE of the last update, before its step), `discAccuracyPolicy`,
 * `discAccuracyBuffer` (fraction classified correctly on each side), `discMeanPolicy`,
 * `discMeanBuffer` (mean D on each side; D → ½ on both when the policy matches the buffer),
 * `discUpdates`, `gasilNegLogD` (mean −log D over the rollout after the updates), `gasilBonus`
 * (mean bonus added per step), `bufferTransitions`, `bufferTrajectories`, `bufferBestReturn`,
 * `bufferWorstReturn`, `bufferEpisodesKept`.
 */
import { ConfigError, describeValue } from "../core/errors";
import { Rng } from "../core/rng";
import type { RngState } from "../core/rng";
import type { ObservationNormalizer } from "../envs/running-mean-std";
import { Discriminator } from "../nn/discriminator";
import type { DiscriminatorDiagnostics, DiscriminatorState } from "../nn/discriminator";
import { checkKeys, readEnum, readIntList, readNumber } from "./config";
import type { PpoConfig } from "./config";
import { registerMethod } from "./method-registry";
import type { MethodContext, MethodHooks, MethodPlugin, SeedDiagnostics } from "./method-registry";
import type { PopulationRollout } from "./shared/rollout-buffer";
import { TRAJECTORY_STORE_UNITS, TrajectoryStore, offerFinishedEpisodes, storeDiagnostics } from "./shared/trajectory-store";
import type { TrajectoryStoreState, TrajectoryStoreUnit } from "./shared/trajectory-store";

// ---------------------------------------------------------------------------------------------
// (2) Config
// ---------------------------------------------------------------------------------------------

/** GASIL settings (fact sheet §3.3). */
export interface GasilConfig {
  /** Good-trajectory buffer capacity K (in `bufferUnit`). [S] 1000 (DIRECT) */
  readonly bufferCapacity: number;
  /** Unit of K. [A] "transitions" (§6 Q5; configurable) */
  readonly bufferUnit: TrajectoryStoreUnit;
  /** Discriminator updates per iteration, M. [S] 20 */
  readonly discriminatorUpdates: number;
  /** Pairs per side per update; `null` = the whole rollout against as many buffer pairs. [A] null */
  readonly discriminatorBatchSize: number | null;
  /** Reward weight α of (GASIL.6); `"inf"` = pure GASIL (reward −log D only). [S] 0.1 */
  readonly alpha: number | "inf";
  /** Policy entropy weight λ of (GASIL.4). [A] 0 */
  readonly entropyWeight: number;
  /** Discriminator hidden layers (tanh). [A] [100, 100] (GAIL default of the authors' code base) */
  readonly discriminatorHiddenSizes: readonly number[];
  /** Discriminator Adam learning rate. [A] 3e-4 */
  readonly discriminatorLearningRate: number;
  /** Discriminator Adam ε. [A] 1e-8 */
  readonly discriminatorAdamEpsilon: number;
  /** Weight of the discriminator's logit-entropy bonus. [A] 0 (not in the paper's objective) */
  readonly discriminatorEntropyBonus: number;
}

/** Fact-sheet defaults (§3.3). */
export const DEFAULT_GASIL_CONFIG: GasilConfig = Object.freeze({
  bufferCapacity: 1000,
  bufferUnit: "transitions",
  discriminatorUpdates: 20,
  discriminatorBatchSize: null,
  alpha: 0.1,
  entropyWeight: 0,
  discriminatorHiddenSizes: Object.freeze([100, 100]),
  discriminatorLearningRate: 3e-4,
  discriminatorAdamEpsilon: 1e-8,
  discriminatorEntropyBonus: 0,
});

/**
 * Validate a partial GASIL config and fill defaults. `alpha` accepts a number ≥ 0, `"inf"`, or
 * `Infinity` (stored as `"inf"` so the config stays JSON).
 * @throws ConfigError naming `path.field`, the value received and the allowed values/range.
 */
export function resolveGasilConfig(raw: unknown, path = "gasil"): GasilConfig {
  const o = checkKeys(raw, path, Object.keys(DEFAULT_GASIL_CONFIG));
  const d = DEFAULT_GASIL_CONFIG;
  let alpha: number | "inf" = d.alpha;
  const a = o["alpha"];
  if (a === "inf" || a === Number.POSITIVE_INFINITY) alpha = "inf";
  else if (a !== undefined) {
    if (typeof a !== "number" || !Number.isFinite(a) || a < 0) {
      throw new ConfigError(`${path}.alpha`, `got ${describeValue(a)}; allowed: a number ≥ 0, or "inf" (pure GASIL)`);
    }
    alpha = a;
  }
  let batch: number | null = d.discriminatorBatchSize;
  if (o["discriminatorBatchSize"] !== undefined && o["discriminatorBatchSize"] !== null) {
    batch = readNumber(o, "discriminatorBatchSize", path, 0, { min: 1, integer: true });
  }
  return Object.freeze({
    bufferCapacity: readNumber(o, "bufferCapacity", path, d.bufferCapacity, { min: 1, max: 1e8, integer: true }),
    bufferUnit: readEnum(o, "bufferUnit", path, d.bufferUnit, TRAJECTORY_STORE_UNITS),
    discriminatorUpdates: readNumber(o, "discriminatorUpdates", path, d.discriminatorUpdates, { min: 0, max: 1e6, integer: true }),
    discriminatorBatchSize: batch,
    alpha,
    entropyWeight: readNumber(o, "entropyWeight", path, d.entropyWeight, { min: 0 }),
    discriminatorHiddenSizes: readIntList(o, "discriminatorHiddenSizes", path, d.discriminatorHiddenSizes, { min: 1, max: 4096 }),
    discriminatorLearningRate: readNumber(o, "discriminatorLearningRate", path, d.discriminatorLearningRate, { min: 0, minExclusive: true, max: 1 }),
    discriminatorAdamEpsilon: readNumber(o, "discriminatorAdamEpsilon", path, d.discriminatorAdamEpsilon, { min: 0, minExclusive: true, max: 1 }),
    discriminatorEntropyBonus: readNumber(o, "discriminatorEntropyBonus", path, d.discriminatorEntropyBonus, { min: 0 }),
  });
}

/** PPO's entropy coefficient once GASIL's λ is folded in (detail 6): c_H + α·λ, or c_H + λ when α = ∞. */
export function effectiveEntropyCoef(ppo: PpoConfig, gasil: GasilConfig): number {
  return ppo.entropyCoef + (gasil.alpha === "inf" ? gasil.entropyWeight : gasil.alpha * gasil.entropyWeight);
}

// ---------------------------------------------------------------------------------------------
// (4) Setup
// ---------------------------------------------------------------------------------------------

/** GASIL's per-population state: one store and Rng streams per seed, one batched discriminator. */
export interface GasilState {
  readonly stores: TrajectoryStore[];
  readonly bufferRngs: Rng[];
  readonly policyRngs: Rng[];
  readonly discriminator: Discriminator;
}

/** Serialisable {@link GasilState} (checkpoints). */
export interface GasilMethodState {
  readonly stores: readonly TrajectoryStoreState[];
  readonly bufferRngs: readonly RngState[];
  readonly policyRngs: readonly RngState[];
  readonly discriminator: DiscriminatorState;
}

/**
 * Fresh GASIL state for a population (detail 8: streams from each seed's root Rng).
 * @param seedRngs each seed's root generator (`Rng.fromSeed(seed)`).
 */
export function createGasilState(config: GasilConfig, seedRngs: readonly Rng[], obsDim: number, actDim: number): GasilState {
  const streams = seedRngs.map((r) => r.split("gasil"));
  return {
    stores: streams.map(() => new TrajectoryStore({ obsDim, actDim, capacity: config.bufferCapacity, unit: config.bufferUnit })),
    bufferRngs: streams.map((r) => r.split("bufferSampling")),
    policyRngs: streams.map((r) => r.split("policySampling")),
    discriminator: Discriminator.create(
      {
        populationSize: seedRngs.length,
        obsDim,
        actDim,
        hiddenSizes: config.discriminatorHiddenSizes,
        learningRate: config.discriminatorLearningRate,
        adamEpsilon: config.discriminatorAdamEpsilon,
        entropyBonus: config.discriminatorEntropyBonus,
      },
      streams.map((r) => r.split("discriminatorInit")),
    ),
  };
}

/** Snapshot of a {@link GasilState}. */
export function getGasilState(state: GasilState): GasilMethodState {
  return {
    stores: state.stores.map((s) => s.getState()),
    bufferRngs: state.bufferRngs.map((r) => r.getState()),
    policyRngs: state.policyRngs.map((r) => r.getState()),
    discriminator: state.discriminator.getState(),
  };
}

/** Rebuild a {@link GasilState} from {@link getGasilState}. */
export function restoreGasilState(saved: GasilMethodState): GasilState {
  return {
    stores: saved.stores.map((s) => TrajectoryStore.fromState(s)),
    bufferRngs: saved.bufferRngs.map((r) => Rng.fromState(r)),
    policyRngs: saved.policyRngs.map((r) => Rng.fromState(r)),
    discriminator: Discriminator.fromState(saved.discriminator),
  };
}

// ---------------------------------------------------------------------------------------------
// (7) Discriminator update and reward relabelling
// ---------------------------------------------------------------------------------------------

/**
 * Raw rollout observations `[S, T, obsDim]` normalised with each seed's CURRENT statistics
 * (detail 2), as float32. `null` normalisers leave observations raw.
 */
export function normalizeRolloutObs(rollout: PopulationRollout, normalizers: readonly (ObservationNormalizer | null)[]): Float32Array {
  const { numSeeds: S, numSteps: T, obsDim } = rollout;
  const out = new Float32Array(S * T * obsDim);
  for (let k = 0; k < S; k++) {
    const src = rollout.rawObs.subarray(k * T * obsDim, (k + 1) * T * obsDim);
    const dst = out.subarray(k * T * obsDim, (k + 1) * T * obsDim);
    const norm = normalizers[k] ?? null;
    if (norm === null) dst.set(src);
    else norm.normalize(src, dst);
  }
  return out;
}

/**
 * Algorithm 1, steps 3–4: `discriminatorUpdates` Adam steps of (GASIL.1), rollout pairs (label 1)
 * against pairs drawn uniformly from each seed's store (label 0). Seeds that are inactive or whose
 * store is empty are masked (detail 7).
 * @param policyObs `[S, T, obsDim]` normalised rollout observations; @param policyActions `[S, T, actDim]`.
 * @returns diagnostics of the last update (NaN for masked seeds) and how many updates ran per seed.
 */
export function updateDiscriminator(
  state: GasilState,
  config: GasilConfig,
  policyObs: Float32Array,
  policyActions: Float32Array,
  numSteps: number,
  active: readonly boolean[],
  normalizers: readonly (ObservationNormalizer | null)[],
): { diagnostics: DiscriminatorDiagnostics | null; updates: number[] } {
  const { discriminator: disc, stores } = state;
  const S = stores.length;
  const { obsDim, actDim } = disc;
  const mask = stores.map((s, k) => active[k]! && s.numTransitions > 0);
  const updates = mask.map((m) => (m ? config.discriminatorUpdates : 0));
  if (!mask.some((m) => m) || config.discriminatorUpdates === 0) return { diagnostics: null, updates: new Array<number>(S).fill(0) };
  const n = config.discriminatorBatchSize ?? numSteps;
  const bufObs = new Float32Array(S * n * obsDim);
  const bufAct = new Float32Array(S * n * actDim);
  let polObs = policyObs;
  let polAct = policyActions;
  if (config.discriminatorBatchSize !== null) {
    polObs = new Float32Array(S * n * obsDim);
    polAct = new Float32Array(S * n * actDim);
  }
  let diagnostics: DiscriminatorDiagnostics | null = null;
  for (let u = 0; u < config.discriminatorUpdates; u++) {
    for (let k = 0; k < S; k++) {
      if (!mask[k]) continue;
      // Buffer side: raw pairs, normalised now with the seed's current statistics.
      stores[k]!.sample(n, state.bufferRngs[k]!, bufObs, bufAct, k * n * obsDim, k * n * actDim);
      const slice = bufObs.subarray(k * n * obsDim, (k + 1) * n * obsDim);
      normalizers[k]?.normalize(slice, slice);
      if (config.discriminatorBatchSize !== null) {
        // Policy side: a minibatch of the rollout's pairs, with replacement.
        const rng = state.policyRngs[k]!;
        for (let i = 0; i < n; i++) {
          const t = rng.int(numSteps);
          polObs.set(policyObs.subarray((k * numSteps + t) * obsDim, (k * numSteps + t + 1) * obsDim), (k * n + i) * obsDim);
          polAct.set(policyActions.subarray((k * numSteps + t) * actDim, (k * numSteps + t + 1) * actDim), (k * n + i) * actDim);
        }
      }
    }
    // (GASIL.1) one Adam step per seed on E_π[softplus(−ℓ)] + E_𝓑[softplus(ℓ)].
    diagnostics = disc.update(polObs, polAct, config.discriminatorBatchSize ?? numSteps, bufObs, bufAct, n, mask);
  }
  return { diagnostics, updates };
}

/** softplus(x) = log(1 + eˣ), computed without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Algorithm 1, step 5 / (GASIL.6): relabel one seed's rewards in place,
 * r^α_t = r_t + α·softplus(−ℓ_t) (−log D = softplus(−ℓ) ≥ 0), or r_t = softplus(−ℓ_t) when α = ∞.
 * @param rewards `[T]` scaled env rewards (overwritten); @param logits `[T]` ℓ of the same steps.
 * @returns mean −log D and the mean bonus (α·(−log D), or −log D itself when α = ∞) over the T steps.
 */
export function relabelRewards(rewards: Float64Array, logits: ArrayLike<number>, alpha: number | "inf"): { negLogD: number; bonus: number } {
  let sumNegLogD = 0;
  let sumBonus = 0;
  for (let t = 0; t < rewards.length; t++) {
    const negLogD = softplus(-logits[t]!); // −log D = softplus(−ℓ)  (GASIL.1)
    sumNegLogD += negLogD;
    if (alpha === "inf") {
      sumBonus += negLogD;
      rewards[t] = negLogD; // pure GASIL: −log D is the whole reward (GASIL.5)
    } else {
      const bonus = alpha * negLogD;
      sumBonus += bonus;
      rewards[t] = rewards[t]! + bonus; // (GASIL.6)
    }
  }
  const T = Math.max(1, rewards.length);
  return { negLogD: sumNegLogD / T, bonus: sumBonus / T };
}

/**
 * The whole GASIL stage between rollout and targets (Algorithm 1, steps 2–5), in place on
 * `rollout.rewards`.
 * @returns per-seed diagnostics.
 */
export function gasilAfterRollout(
  state: GasilState,
  config: GasilConfig,
  rollout: PopulationRollout,
  normalizers: readonly (ObservationNormalizer | null)[],
): SeedDiagnostics {
  const S = rollout.numSeeds;
  const T = rollout.numSteps;
  // Step 2: finished trajectories → top-K store (GASIL.7).
  const kept = offerFinishedEpisodes(state.stores, rollout);
  // Steps 3–4: M discriminator updates (GASIL.1).
  const policyObs = normalizeRolloutObs(rollout, normalizers);
  const { diagnostics: dd, updates } = updateDiscriminator(state, config, policyObs, rollout.actions, T, rollout.active, normalizers);
  // Step 5: relabel with the UPDATED discriminator (GASIL.6).
  const logits = state.discriminator.logits(policyObs, rollout.actions, T);
  const out: SeedDiagnostics = [];
  for (let k = 0; k < S; k++) {
    const diag: Record<string, number> = {
      bufferEpisodesKept: kept[k]!,
      ...storeDiagnostics(state.stores[k]!),
      discUpdates: updates[k]!,
      discLoss: dd?.discLoss[k] ?? Number.NaN,
      discAccuracyPolicy: dd?.discAccuracyPolicy[k] ?? Number.NaN,
      discAccuracyBuffer: dd?.discAccuracyBuffer[k] ?? Number.NaN,
      discMeanPolicy: dd?.discMeanPolicy[k] ?? Number.NaN,
      discMeanBuffer: dd?.discMeanBuffer[k] ?? Number.NaN,
    };
    if (rollout.active[k]) {
      const r = relabelRewards(rollout.rewards.subarray(k * T, (k + 1) * T), logits.subarray(k * T, (k + 1) * T), config.alpha);
      diag["gasilNegLogD"] = r.negLogD;
      diag["gasilBonus"] = r.bonus;
    } else {
      diag["gasilNegLogD"] = Number.NaN;
      diag["gasilBonus"] = Number.NaN;
    }
    out.push(diag);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// (8) The method: GASIL stages wired into the Trainer (PPO's targets and update follow)
// ---------------------------------------------------------------------------------------------

/** GASIL+PPO as a Trainer method. */
export const GASIL_METHOD: MethodPlugin<GasilConfig> = {
  name: "gasil",
  configKey: "gasil",
  resolveConfig: (raw, path) => resolveGasilConfig(raw, path),
  create(context: MethodContext, config: GasilConfig, saved?: unknown): MethodHooks {
    const pop = context.population;
    // Detail 6: λ folds into PPO's entropy coefficient. The population's PPO config is replaced
    // by a copy with the effective coefficient (only when λ ≠ 0; restore re-applies it).
    if (config.entropyWeight !== 0) {
      (pop as { config: PpoConfig }).config = Object.freeze({ ...pop.config, entropyCoef: effectiveEntropyCoef(pop.config, config) });
    }
    const state = saved !== undefined ? restoreGasilState(saved as GasilMethodState) : createGasilState(config, pop.seedRngs, pop.obsDim, pop.actDim);
    const normalizers = pop.seeds.map((_, k) => (pop.config.normalizeObservations ? pop.obsNormalizers[k]! : null));
    return {
      afterRollout: (rollout: PopulationRollout): SeedDiagnostics => gasilAfterRollout(state, config, rollout, normalizers),
      getState: (): GasilMethodState => getGasilState(state),
      savedPolicyParts: (k: number) => ({
        discriminator: { hiddenSizes: state.discriminator.hiddenSizes, weights: state.discriminator.seedWeights(k), alpha: config.alpha },
      }),
      dispose: (): void => state.discriminator.dispose(),
    };
  },
};
registerMethod(GASIL_METHOD);
