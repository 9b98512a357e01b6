/**
 * GASIL+PPO — Generative Adversarial Self-Imitation Learning (Guo, Oh, Singh, Lee 2018) on top of
 * PPO, as Figures 6–7 of the paper run it (docs/paper-protocol.md#the-algorithm).
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
 *   3–4. M = 20 discriminator updates (GASIL.1), rollout pairs labelled 1 against pairs drawn from
 *        𝓑 labelled 0. What "one update" means is not in what we could read of the paper; see
 *        detail 4 and docs/paper-protocol.md#q6-discriminator-update;
 *   5. with the UPDATED discriminator, every step's reward is relabelled by (GASIL.6), then
 *      GAE/λ-return targets are computed from r^α and PPO updates as usual (`computeTargets`,
 *      `ppoUpdate` — the Trainer runs those after this method's `afterRollout`).
 *
 * Implementation details ([P] paper, [S] secondary, [A] our choice):
 *  1. 𝓑 keeps the top K = 1000 **transitions** of whole episodes ranked by their undiscounted
 *     observed return (= true return), always at least the best one; ties prefer the newer [S/A].
 *  2. 𝓑 stores raw observations and the sampled (unclipped) actions; observations are normalised
 *     at use time with the policy's current running statistics, for both sides of D [A].
 *  3. D: MLP 100–100 tanh → one logit on concat(normalised obs, action); Adam ε 1e-8; no
 *     logit-entropy bonus by default [A] (`src/nn/discriminator.ts`).
 *  4. Schedule of the M updates (`discriminatorSchedule`):
 *     - `"passes"` (default) [S: DIRECT's GASIL baseline]: one update = one pass over the rollout
 *       plus the buffer in minibatches of b = 64 pairs per side, i.e. ⌊(N + |𝓑|)/(2b)⌋ Adam steps,
 *       each on b policy pairs and b buffer pairs drawn uniformly with replacement; Adam lr 2e-4.
 *       M = 20 passes ≈ 460 Adam steps per iteration on delayed Hopper.
 *     - `"steps"` [A, the kit's first reading]: one update = ONE Adam step on b pairs per side
 *       (with replacement), or on the whole rollout against as many buffer pairs when
 *       `discriminatorBatchSize` is null ("full-batch steps", used with lr 3e-4; see
 *       {@link FULL_BATCH_STEPS_READING}).
 *     Why passes is the default: with full-batch steps D stayed near chance on the delayed tasks
 *     (mean D 0.51–0.56 on policy pairs vs 0.45–0.50 on buffer pairs after 41k steps), so the bonus
 *     was close to a constant; the pass reading separates the two sides (evidence in
 *     `bench/RESULTS.md` and notebook 03). Chosen by separation, not by return.
 *  5. The bonus α·softplus(−ℓ) (`bonusPlacement`): `"after-scaling"` (default [A]) adds it to the
 *     delayed, **scaled** env reward, not itself rescaled — at D = ½ it is α·log 2 ≈ 0.069 per step
 *     on rewards of unit scale; `"before-scaling"` treats it like env reward, multiplying it by the
 *     reward scaler's factor 1/√(Var[R] + ε) of that step (it does not enter the scaler's
 *     statistics: D is trained after the rollout). α = 0.1 [S]. With `alpha: "inf"` the reward is
 *     softplus(−ℓ) = −log D alone (scaled the same way under "before-scaling").
 *  6. λ (GASIL.4) becomes an entropy bonus of the policy: α·λ added to PPO's entropy coefficient
 *     (λ alone when α = ∞); λ = 0 by default [A], so PPO's coefficient (0) is unchanged.
 *  7. A seed whose store is still empty (no episode finished yet) skips the discriminator update
 *     (its D, Adam moments and step count stay untouched); relabelling always happens.
 *  8. Per-seed random streams split from the seed's root: `gasil/discriminatorInit`,
 *     `gasil/bufferSampling`, `gasil/policySampling` — seed k never depends on its population.
 *
 * Logged (per seed): `discLoss`, `discAccuracyPolicy`, `discAccuracyBuffer` (fraction classified
 * correctly on each side), `discMeanPolicy`, `discMeanBuffer` (mean D on each side; D → ½ on both
 * when the policy matches the buffer) — each the average over ALL of the iteration's Adam steps,
 * from the forward pass before each step; `discUpdates` (Adam steps this iteration),
 * `gasilNegLogD` and `gasilNegLogDStd` (mean and standard deviation of −log D over the rollout after
 * the updates), `gasilBonus` (mean reward added per step), `bufferTransitions`,
 * `bufferTrajectories`, `bufferBestReturn`, `bufferWorstReturn`, `bufferEpisodesKept`.
 */
import { ConfigError, describeValue } from "../core/errors";
import { softplus } from "../core/math";
import type { RngState } from "../core/rng";
import { Rng } from "../core/rng";
import type { ObservationNormalizer } from "../envs/running-mean-std";
import type { DiscriminatorState } from "../nn/discriminator";
import { Discriminator } from "../nn/discriminator";
import type { PpoConfig } from "./config";
import { checkKeys, readEnum, readIntList, readNumber } from "./config";
import type { Method, MethodHooks, SeedDiagnostics } from "./methods";
import type { SeedAgent } from "./shared/ppo-state";
import type { Rollout } from "./shared/rollout-buffer";
import type { TrajectoryStoreState, TrajectoryStoreUnit } from "./shared/trajectory-store";
import { offerFinishedEpisodes, storeDiagnostics, TRAJECTORY_STORE_UNITS, TrajectoryStore } from "./shared/trajectory-store";

// ---------------------------------------------------------------------------------------------
// (2) Config
// ---------------------------------------------------------------------------------------------

/** How the M discriminator updates of one iteration are run (detail 4). */
export type DiscriminatorSchedule = "passes" | "steps";
export const DISCRIMINATOR_SCHEDULES: readonly DiscriminatorSchedule[] = ["passes", "steps"];

/** Where GASIL's bonus enters the reward (detail 5). */
export type BonusPlacement = "after-scaling" | "before-scaling";
export const BONUS_PLACEMENTS: readonly BonusPlacement[] = ["after-scaling", "before-scaling"];

/** GASIL settings (docs/paper-protocol.md#gasil-hyperparameters). */
export interface GasilConfig {
  /** Good-trajectory buffer capacity K (in `bufferUnit`). [S] 1000 (DIRECT) */
  readonly bufferCapacity: number;
  /** Unit of K. [A] "transitions" (docs/paper-protocol.md#q5-buffer-size; configurable) */
  readonly bufferUnit: TrajectoryStoreUnit;
  /** Discriminator updates per iteration, M (passes or single steps, see `discriminatorSchedule`). [S] 20 */
  readonly discriminatorUpdates: number;
  /** What one of the M updates is (detail 4). [S] "passes" (DIRECT) */
  readonly discriminatorSchedule: DiscriminatorSchedule;
  /**
   * Pairs per side per Adam step, b. `null` (only with schedule "steps") = the whole rollout
   * against as many buffer pairs. [S] 64 (DIRECT: PPO's minibatch size)
   */
  readonly discriminatorBatchSize: number | null;
  /** Reward weight α of (GASIL.6); `"inf"` = pure GASIL (reward −log D only). [S] 0.1 */
  readonly alpha: number | "inf";
  /** Where the bonus enters the reward (detail 5). [A] "after-scaling" */
  readonly bonusPlacement: BonusPlacement;
  /** Policy entropy weight λ of (GASIL.4). [A] 0 */
  readonly entropyWeight: number;
  /** Discriminator hidden layers (tanh). [A] [100, 100] (GAIL default of the authors' code base) */
  readonly discriminatorHiddenSizes: readonly number[];
  /** Discriminator Adam learning rate. [S] 2e-4 (DIRECT, with the pass schedule) */
  readonly discriminatorLearningRate: number;
  /** Discriminator Adam ε. [A] 1e-8 */
  readonly discriminatorAdamEpsilon: number;
  /** Weight of the discriminator's logit-entropy bonus. [A] 0 (not in the paper's objective) */
  readonly discriminatorEntropyBonus: number;
}

/** Defaults (docs/paper-protocol.md#gasil-hyperparameters; detail 4 for the schedule). */
export const DEFAULT_GASIL_CONFIG: GasilConfig = Object.freeze({
  bufferCapacity: 1000,
  bufferUnit: "transitions",
  discriminatorUpdates: 20,
  discriminatorSchedule: "passes",
  discriminatorBatchSize: 64,
  alpha: 0.1,
  bonusPlacement: "after-scaling",
  entropyWeight: 0,
  discriminatorHiddenSizes: Object.freeze([100, 100]),
  discriminatorLearningRate: 2e-4,
  discriminatorAdamEpsilon: 1e-8,
  discriminatorEntropyBonus: 0,
});

/**
 * The kit's first reading of "M discriminator updates" (detail 4), kept as a named option:
 * M single Adam steps on the whole rollout against as many buffer pairs, at lr 3e-4 (the GAIL
 * baselines' value). Spread it into a `gasil` section: `{ ...FULL_BATCH_STEPS_READING }`.
 */
export const FULL_BATCH_STEPS_READING = Object.freeze({
  discriminatorSchedule: "steps",
  discriminatorBatchSize: null,
  discriminatorLearningRate: 3e-4,
} as const);

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
  const schedule = readEnum(o, "discriminatorSchedule", path, d.discriminatorSchedule, DISCRIMINATOR_SCHEDULES);
  let batch: number | null = d.discriminatorBatchSize;
  if (o["discriminatorBatchSize"] === null) {
    if (schedule === "passes") {
      throw new ConfigError(
        `${path}.discriminatorBatchSize`,
        `got null with discriminatorSchedule "passes"; allowed: an integer ≥ 1 (null, the full batch, only with schedule "steps")`,
      );
    }
    batch = null;
  } else if (o["discriminatorBatchSize"] !== undefined) {
    batch = readNumber(o, "discriminatorBatchSize", path, 0, { min: 1, integer: true });
  }
  return Object.freeze({
    bufferCapacity: readNumber(o, "bufferCapacity", path, d.bufferCapacity, { min: 1, max: 1e8, integer: true }),
    bufferUnit: readEnum(o, "bufferUnit", path, d.bufferUnit, TRAJECTORY_STORE_UNITS),
    discriminatorUpdates: readNumber(o, "discriminatorUpdates", path, d.discriminatorUpdates, { min: 0, max: 1e6, integer: true }),
    discriminatorSchedule: schedule,
    discriminatorBatchSize: batch,
    alpha,
    bonusPlacement: readEnum(o, "bonusPlacement", path, d.bonusPlacement, BONUS_PLACEMENTS),
    entropyWeight: readNumber(o, "entropyWeight", path, d.entropyWeight, { min: 0 }),
    discriminatorHiddenSizes: readIntList(o, "discriminatorHiddenSizes", path, d.discriminatorHiddenSizes, { min: 1, max: 4096 }),
    discriminatorLearningRate: readNumber(o, "discriminatorLearningRate", path, d.discriminatorLearningRate, {
      min: 0,
      minExclusive: true,
      max: 1,
    }),
    discriminatorAdamEpsilon: readNumber(o, "discriminatorAdamEpsilon", path, d.discriminatorAdamEpsilon, {
      min: 0,
      minExclusive: true,
      max: 1,
    }),
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

/** GASIL's state of one seed: its top-K store, Rng streams and discriminator. */
export interface GasilState {
  readonly store: TrajectoryStore;
  readonly bufferRng: Rng;
  readonly policyRng: Rng;
  /** The seed's discriminator (a population of one on the network kernels). */
  readonly discriminator: Discriminator;
}

/** Serialisable {@link GasilState} (checkpoints). */
export interface GasilMethodState {
  readonly store: TrajectoryStoreState;
  readonly bufferRng: RngState;
  readonly policyRng: RngState;
  readonly discriminator: DiscriminatorState;
}

/**
 * Fresh GASIL state of one seed (detail 8: streams from the seed's root Rng).
 * @param rootRng the seed's root generator (`Rng.fromSeed(seed)`).
 */
export function createGasilState(config: GasilConfig, rootRng: Rng, obsDim: number, actDim: number): GasilState {
  const stream = rootRng.split("gasil");
  return {
    store: new TrajectoryStore({ obsDim, actDim, capacity: config.bufferCapacity, unit: config.bufferUnit }),
    bufferRng: stream.split("bufferSampling"),
    policyRng: stream.split("policySampling"),
    discriminator: Discriminator.create(
      {
        populationSize: 1,
        obsDim,
        actDim,
        hiddenSizes: config.discriminatorHiddenSizes,
        learningRate: config.discriminatorLearningRate,
        adamEpsilon: config.discriminatorAdamEpsilon,
        entropyBonus: config.discriminatorEntropyBonus,
      },
      [stream.split("discriminatorInit")],
    ),
  };
}

/** Snapshot of a {@link GasilState}. */
export function getGasilState(state: GasilState): GasilMethodState {
  return {
    store: state.store.getState(),
    bufferRng: state.bufferRng.getState(),
    policyRng: state.policyRng.getState(),
    discriminator: state.discriminator.getState(),
  };
}

/** Rebuild a {@link GasilState} from {@link getGasilState}. */
export function restoreGasilState(saved: GasilMethodState): GasilState {
  return {
    store: TrajectoryStore.fromState(saved.store),
    bufferRng: Rng.fromState(saved.bufferRng),
    policyRng: Rng.fromState(saved.policyRng),
    discriminator: Discriminator.fromState(saved.discriminator),
  };
}

// ---------------------------------------------------------------------------------------------
// (7) Discriminator update and reward relabelling
// ---------------------------------------------------------------------------------------------

/**
 * Raw rollout observations `[T, obsDim]` normalised with the seed's CURRENT statistics (detail 2),
 * as float32. A `null` normaliser leaves observations raw.
 */
export function normalizeRolloutObs(rollout: Rollout, normalizer: ObservationNormalizer | null): Float32Array {
  const out = new Float32Array(rollout.rawObs.length);
  if (normalizer === null) out.set(rollout.rawObs);
  else normalizer.normalize(rollout.rawObs, out);
  return out;
}

/** Averages over all of an iteration's discriminator steps (NaN when the seed took none). */
export interface DiscriminatorIterationDiagnostics {
  discLoss: number;
  discAccuracyPolicy: number;
  discAccuracyBuffer: number;
  discMeanPolicy: number;
  discMeanBuffer: number;
}

const ITERATION_DIAGNOSTICS: readonly (keyof DiscriminatorIterationDiagnostics)[] = [
  "discLoss",
  "discAccuracyPolicy",
  "discAccuracyBuffer",
  "discMeanPolicy",
  "discMeanBuffer",
];

/**
 * Adam steps seed k takes this iteration (detail 4): M × ⌊(N + |𝓑|)/(2b)⌋ with schedule
 * "passes" (at least one step per pass), M with schedule "steps"; 0 when the store is empty.
 * @param rolloutPairs N, the rollout's pairs of this seed; @param bufferPairs |𝓑| in transitions.
 */
export function discriminatorStepsPerIteration(config: GasilConfig, rolloutPairs: number, bufferPairs: number): number {
  if (bufferPairs === 0) return 0;
  if (config.discriminatorSchedule === "steps") return config.discriminatorUpdates;
  const b = config.discriminatorBatchSize!;
  return config.discriminatorUpdates * Math.max(1, Math.floor((rolloutPairs + bufferPairs) / (2 * b)));
}

/**
 * Algorithm 1, steps 3–4: the iteration's discriminator steps on (GASIL.1) for one seed, rollout
 * pairs (label 1) against pairs drawn uniformly with replacement from its store (label 0). None
 * while the store is empty (detail 7).
 * @param policyObs `[T, obsDim]` normalised rollout observations; @param policyActions `[T, actDim]`.
 * @returns averages over all steps (NaN when none) and the number of steps taken.
 */
export function updateDiscriminator(
  state: GasilState,
  config: GasilConfig,
  policyObs: Float32Array,
  policyActions: Float32Array,
  numSteps: number,
  normalizer: ObservationNormalizer | null,
): { diagnostics: DiscriminatorIterationDiagnostics; updates: number } {
  const { discriminator: disc, store } = state;
  const { obsDim, actDim } = disc;
  const updates = discriminatorStepsPerIteration(config, numSteps, store.numTransitions);
  const sums: DiscriminatorIterationDiagnostics = {
    discLoss: 0,
    discAccuracyPolicy: 0,
    discAccuracyBuffer: 0,
    discMeanPolicy: 0,
    discMeanBuffer: 0,
  };
  const fullBatch = config.discriminatorBatchSize === null;
  const n = config.discriminatorBatchSize ?? numSteps; // pairs per side per step
  const bufObs = new Float32Array(n * obsDim);
  const bufAct = new Float32Array(n * actDim);
  const polObs = fullBatch ? policyObs : new Float32Array(n * obsDim);
  const polAct = fullBatch ? policyActions : new Float32Array(n * actDim);
  for (let u = 0; u < updates; u++) {
    // Buffer side: raw pairs, normalised now with the seed's current statistics (detail 2).
    store.sample(n, state.bufferRng, bufObs, bufAct, 0, 0);
    normalizer?.normalize(bufObs, bufObs);
    if (!fullBatch) {
      // Policy side: a minibatch of the rollout's pairs, drawn with replacement.
      for (let i = 0; i < n; i++) {
        const t = state.policyRng.int(numSteps);
        for (let j = 0; j < obsDim; j++) polObs[i * obsDim + j] = policyObs[t * obsDim + j]!;
        for (let j = 0; j < actDim; j++) polAct[i * actDim + j] = policyActions[t * actDim + j]!;
      }
    }
    // (GASIL.1) one Adam step on E_π[softplus(−ℓ)] + E_𝓑[softplus(ℓ)].
    const step = disc.update(polObs, polAct, n, bufObs, bufAct, n);
    for (const key of ITERATION_DIAGNOSTICS) sums[key] += step[key][0]!;
  }
  for (const key of ITERATION_DIAGNOSTICS) sums[key] = updates > 0 ? sums[key] / updates : Number.NaN;
  return { diagnostics: sums, updates };
}

/** softplus(x) = log(1 + eˣ) (from `core/math`; −log D = softplus(−ℓ)). */
export { softplus };

/**
 * Algorithm 1, step 5 / (GASIL.6): relabel one seed's rewards in place,
 * r^α_t = r_t + α·softplus(−ℓ_t)·c_t (−log D = softplus(−ℓ) ≥ 0), or r_t = softplus(−ℓ_t)·c_t when
 * α = ∞; c_t = 1 with the bonus placed after reward scaling, or the scaler's factor of step t when
 * it is placed before (detail 5).
 * @param rewards `[T]` scaled env rewards (overwritten); @param logits `[T]` ℓ of the same steps.
 * @param scales `[T]` the factors c_t (omit for "after-scaling").
 * @returns mean and standard deviation of −log D, and the mean bonus actually added, over the T steps.
 */
export function relabelRewards(
  rewards: Float64Array,
  logits: ArrayLike<number>,
  alpha: number | "inf",
  scales?: ArrayLike<number>,
): { negLogD: number; negLogDStd: number; bonus: number } {
  let sumNegLogD = 0;
  let sumSquares = 0;
  let sumBonus = 0;
  for (let t = 0; t < rewards.length; t++) {
    const negLogD = softplus(-logits[t]!); // −log D = softplus(−ℓ)  (GASIL.1)
    sumNegLogD += negLogD;
    sumSquares += negLogD * negLogD;
    const scale = scales === undefined ? 1 : scales[t]!;
    if (alpha === "inf") {
      sumBonus += negLogD * scale;
      rewards[t] = negLogD * scale; // pure GASIL: −log D is the whole reward (GASIL.5)
    } else {
      const bonus = alpha * negLogD * scale;
      sumBonus += bonus;
      rewards[t] = rewards[t]! + bonus; // (GASIL.6)
    }
  }
  const T = Math.max(1, rewards.length);
  const mean = sumNegLogD / T;
  return { negLogD: mean, negLogDStd: Math.sqrt(Math.max(0, sumSquares / T - mean * mean)), bonus: sumBonus / T };
}

/**
 * The whole GASIL stage between rollout and targets (Algorithm 1, steps 2–5) for one seed, in
 * place on `rollout.rewards`.
 * @returns the seed's diagnostics.
 */
export function gasilAfterRollout(
  state: GasilState,
  config: GasilConfig,
  rollout: Rollout,
  normalizer: ObservationNormalizer | null,
): SeedDiagnostics {
  const T = rollout.numSteps;
  // Step 2: finished trajectories → top-K store (GASIL.7).
  const kept = offerFinishedEpisodes(state.store, rollout.finishedEpisodes);
  // Steps 3–4: M discriminator updates (GASIL.1).
  const policyObs = normalizeRolloutObs(rollout, normalizer);
  const { diagnostics: dd, updates } = updateDiscriminator(state, config, policyObs, rollout.actions, T, normalizer);
  // Step 5: relabel with the UPDATED discriminator (GASIL.6).
  const logits = state.discriminator.logits(policyObs, rollout.actions, T);
  const scales = config.bonusPlacement === "before-scaling" ? rollout.rewardScales : undefined;
  const r = relabelRewards(rollout.rewards, logits, config.alpha, scales);
  return {
    bufferEpisodesKept: kept,
    ...storeDiagnostics(state.store),
    discUpdates: updates,
    ...dd,
    gasilNegLogD: r.negLogD,
    gasilNegLogDStd: r.negLogDStd,
    gasilBonus: r.bonus,
  };
}

// ---------------------------------------------------------------------------------------------
// (8) The method: GASIL stages wired into the Trainer (PPO's targets and update follow)
// ---------------------------------------------------------------------------------------------

/** GASIL+PPO as a Trainer method (per seed; state: its {@link GasilMethodState}). */
export const GASIL_METHOD: Method<GasilConfig> = {
  resolveConfig: (raw, path) => resolveGasilConfig(raw, path),
  // Detail 6: λ folds into PPO's entropy coefficient (only when λ ≠ 0; restore re-applies it).
  ppoConfig: (ppo, config) =>
    config.entropyWeight !== 0 ? Object.freeze({ ...ppo, entropyCoef: effectiveEntropyCoef(ppo, config) }) : ppo,
  create(agent: SeedAgent, config: GasilConfig, saved?: unknown): MethodHooks {
    const state =
      saved !== undefined
        ? restoreGasilState(saved as GasilMethodState)
        : createGasilState(config, agent.rootRng, agent.obsDim, agent.actDim);
    const normalizer = agent.config.normalizeObservations ? agent.obsNormalizer : null;
    return {
      afterRollout: (rollout: Rollout): SeedDiagnostics => gasilAfterRollout(state, config, rollout, normalizer),
      getState: (): GasilMethodState => getGasilState(state),
      savedPolicyParts: () => ({
        discriminator: { hiddenSizes: state.discriminator.hiddenSizes, weights: state.discriminator.seedWeights(0), alpha: config.alpha },
      }),
      dispose: (): void => state.discriminator.dispose(),
    };
  },
};
