/**
 * PPO+SIL — PPO with self-imitation learning (Oh, Guo, Singh, Lee 2018), the PPO variant of the
 * official code, as a baseline of GASIL's Figure 6 (docs/paper-protocol.md#sil-hyperparameters).
 *
 * Equations: the policy term is a clipped-advantage weighted log-likelihood
 *   L_pol = Σᵢ wᵢ · clip(Rᵢ − V(sᵢ), 0, 1) · (−log π(aᵢ|sᵢ)) / N        (log π from (PG.10))
 * and the value term has gradient wᵢ · clip(V(sᵢ) − Rᵢ, −1, 0) / N w.r.t. V(sᵢ) on samples with
 * Rᵢ > V(sᵢ) (a clipped ½(R − V)₊²); N = max(#{Rᵢ > V(sᵢ)}, 64). Returns Rᵢ are discounted
 * Monte-Carlo returns of finished episodes (the (PG.3) reward-to-go with no bootstrap).
 *
 * Implementation details (numbered, [C] = official code, [A] = our choice):
 * 1. After the PPO epochs of each iteration, 10 SIL updates on batches of 512 (or the buffer size
 *    when smaller), none until the buffer holds more than 100 transitions. [C]
 * 2. Prioritised replay of 50,000 transitions, α = 0.6, β = 0.1, priorities ← clip(R − V, 0, 1)
 *    (floor 1e-6) with V from before the step (`shared/replay-buffer.ts`). [C]
 * 3. What is stored: the raw observation normalised with the current statistics, the sampled
 *    action, R_t with γ = 0.99 over the **delayed** raw rewards divided by the reward scaler's
 *    current std and clipped to ±10. Only episodes with a delayed raw reward > 0 are admitted.
 *    [C], with the delayed-reward adaptation of docs/paper-protocol.md#sil-hyperparameters [A] (no undelayed reward ever reaches the
 *    learner). "Current" = at the end of the rollout in which the episode finished (the official
 *    code used the statistics of the very step it finished on) [A].
 * 4. The advantage factor is a constant (V from a forward pass before the step); −log π is capped
 *    at 100 in value only (straight-through), so the cap only changes the logged loss. [C]
 * 5. Loss = 0.1 · (L_pol + ½·0.01 · L_val); entropy weight = PPO's (0, omitted). The same Adam
 *    instance and global-norm clip 0.5 as PPO (the population's optimiser, shared moments). [C]
 * 6. Population: batches are padded to the population's largest batch with zero-weight rows that
 *    also do not count in N, so seed k's update equals its update alone; a seed whose buffer is
 *    still too small is not stepped at all (Adam `active` mask).
 * 7. Computed like PPO's loss: the nets' forward and backward passes on the network kernels, the
 *    loss and its gradient w.r.t. μ, V and log σ on the host (`silLossHost` in `shared/losses.ts`,
 *    checked against autodiff of the formula above in the tests), so SIL gives the same numbers on
 *    every tfjs backend.
 *
 * Logged (per seed): `silLoss` (policy + weighted value term), `silPolicyLoss`, `silValueLoss`,
 * `silValidFraction` (share of the batch with R > V), `silBufferSize`, `silUpdates`.
 */
import type { RngState } from "../core/rng";
import { Rng } from "../core/rng";
import type { ObservationNormalizer, RewardNormalizer } from "../envs/running-mean-std";
import { type ActorCriticNets, logStdRow } from "../nn/actor-critic";
import type { SeedOutputLoss } from "../nn/seed-mlp";
import { checkKeys, readNumber } from "./config";
import type { Method, MethodHooks, SeedDiagnostics } from "./methods";
import { type SilLossHostTerms, silLossHost } from "./shared/losses";
import type { PpoPopulation } from "./shared/ppo-state";
import type { PrioritizedReplayState } from "./shared/replay-buffer";
import { admitsEpisode, discountedEpisodeReturns, PrioritizedReplayBuffer } from "./shared/replay-buffer";
import type { PopulationRollout } from "./shared/rollout-buffer";

// ---------------------------------------------------------------------------------------------
// (2) Config
// ---------------------------------------------------------------------------------------------

/** PPO+SIL settings (docs/paper-protocol.md#sil-hyperparameters). */
export interface SilConfig {
  /** SIL updates after the PPO epochs of each iteration. [C] 10 */
  readonly updatesPerIteration: number;
  /** Samples per SIL update (or the buffer size when smaller). [C] 512 */
  readonly batchSize: number;
  /** No SIL update until the buffer holds MORE than this many transitions. [C] 100 */
  readonly minBufferSize: number;
  /** Replay capacity in transitions (FIFO). [C] 50,000 */
  readonly bufferCapacity: number;
  /** Priority exponent α. [C] 0.6 */
  readonly priorityAlpha: number;
  /** Importance-weight exponent β (constant). [C] 0.1 */
  readonly priorityBeta: number;
  /** Discount of the stored returns. [C] 0.99 */
  readonly gamma: number;
  /** Weight of the value term inside the SIL loss. [C] ½ · 0.01 = 0.005 */
  readonly valueLossWeight: number;
  /** Weight of the whole SIL loss (applied before gradient clipping). [C] 0.1 */
  readonly lossWeight: number;
  /** Clip of the advantage R − V (upper bound of the factor and of the priority). [C] 1 */
  readonly advantageClip: number;
  /** Lower bound of N, the normaliser of the summed losses. [C] 64 */
  readonly minValidSamples: number;
  /** Value cap of −log π (straight-through). [C] 100 */
  readonly maxNegLogProb: number;
}

/** Defaults of the official SIL code (docs/paper-protocol.md#sil-hyperparameters). */
export const DEFAULT_SIL_CONFIG: SilConfig = {
  updatesPerIteration: 10,
  batchSize: 512,
  minBufferSize: 100,
  bufferCapacity: 50_000,
  priorityAlpha: 0.6,
  priorityBeta: 0.1,
  gamma: 0.99,
  valueLossWeight: 0.005,
  lossWeight: 0.1,
  advantageClip: 1,
  minValidSamples: 64,
  maxNegLogProb: 100,
};

const SIL_KEYS = Object.keys(DEFAULT_SIL_CONFIG);

/**
 * Validate a partial SIL config and fill defaults.
 * @param path prefix for error messages (e.g. `"sil"`).
 * @throws ConfigError naming `path.field`, the value and the allowed range, for unknown keys too.
 */
export function resolveSilConfig(raw: unknown, path = "sil"): SilConfig {
  const o = checkKeys(raw, path, SIL_KEYS);
  const d = DEFAULT_SIL_CONFIG;
  const int = (min: number) => ({ min, integer: true });
  return Object.freeze({
    updatesPerIteration: readNumber(o, "updatesPerIteration", path, d.updatesPerIteration, int(0)),
    batchSize: readNumber(o, "batchSize", path, d.batchSize, int(1)),
    minBufferSize: readNumber(o, "minBufferSize", path, d.minBufferSize, int(0)),
    bufferCapacity: readNumber(o, "bufferCapacity", path, d.bufferCapacity, { min: 1, max: 1e8, integer: true }),
    priorityAlpha: readNumber(o, "priorityAlpha", path, d.priorityAlpha, { min: 0, max: 10 }),
    priorityBeta: readNumber(o, "priorityBeta", path, d.priorityBeta, { min: 0, max: 1 }),
    gamma: readNumber(o, "gamma", path, d.gamma, { min: 0, max: 1 }),
    valueLossWeight: readNumber(o, "valueLossWeight", path, d.valueLossWeight, { min: 0 }),
    lossWeight: readNumber(o, "lossWeight", path, d.lossWeight, { min: 0 }),
    advantageClip: readNumber(o, "advantageClip", path, d.advantageClip, { min: 0, minExclusive: true }),
    minValidSamples: readNumber(o, "minValidSamples", path, d.minValidSamples, int(1)),
    maxNegLogProb: readNumber(o, "maxNegLogProb", path, d.maxNegLogProb, { min: 0, minExclusive: true }),
  });
}

// ---------------------------------------------------------------------------------------------
// (4) Setup: per-seed replay; admission of finished episodes
// ---------------------------------------------------------------------------------------------

/**
 * Offer one finished episode to a seed's replay (detail 3): admitted only if one of its delayed
 * raw rewards is > 0; its raw observations are normalised with `obsNorm`'s current statistics,
 * its delayed rewards divided by `rewardNorm`'s current std and clipped (no mean subtraction),
 * and (obs, action, R_t) appended. `null` normalisers leave the values as they are.
 * @param rawObs `[T, obsDim]`; @param actions `[T, actDim]`; @param delayedRewards `[T]`.
 * @returns true when admitted.
 */
export function admitSilEpisode(
  replay: PrioritizedReplayBuffer,
  rawObs: ArrayLike<number>,
  actions: ArrayLike<number>,
  delayedRewards: ArrayLike<number>,
  obsNorm: ObservationNormalizer | null,
  rewardNorm: RewardNormalizer | null,
  gamma: number,
): boolean {
  if (!admitsEpisode(delayedRewards)) return false;
  const obs = obsNorm === null ? Float32Array.from(rawObs) : obsNorm.normalize(rawObs, new Float32Array(rawObs.length));
  const rewards = rewardNorm === null ? Float64Array.from(delayedRewards) : rewardNorm.scale(delayedRewards);
  replay.addEpisode(obs, actions, discountedEpisodeReturns(rewards, gamma));
  return true;
}

/** One seed's SIL state. */
export interface SilSeedState {
  readonly replay: PrioritizedReplayBuffer;
  /** The seed's `sil` random stream (prioritised sampling). */
  readonly rng: Rng;
}

/** Fresh SIL state of one seed. */
export function createSilSeedState(config: SilConfig, obsDim: number, actDim: number, rng: Rng): SilSeedState {
  return {
    replay: new PrioritizedReplayBuffer({ obsDim, actDim, capacity: config.bufferCapacity, alpha: config.priorityAlpha }),
    rng,
  };
}

/** Serialisable SIL state of one seed (checkpoints). */
export interface SilSeedCheckpoint {
  readonly replay: PrioritizedReplayState;
  readonly rng: RngState;
}

// ---------------------------------------------------------------------------------------------
// (7) Update
// ---------------------------------------------------------------------------------------------

/** A stacked SIL batch `[S, B, ·]`; rows with `valid = 0` are padding. */
export interface SilBatch {
  readonly batch: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly returns: Float32Array;
  readonly weights: Float32Array;
  readonly valid: Float32Array;
}

/** Per-seed diagnostics of {@link silUpdate}; arrays of length S (NaN where a seed did not update). */
export interface SilDiagnostics {
  readonly silLoss: Float64Array;
  readonly silPolicyLoss: Float64Array;
  readonly silValueLoss: Float64Array;
  readonly silValidFraction: Float64Array;
  readonly silBufferSize: Float64Array;
  readonly silUpdates: Float64Array;
}

/**
 * Draw the stacked prioritised batch of the seeds in `active` (details 1, 6).
 * @returns the batch and, per seed, the sampled slots (null for inactive seeds).
 */
export function sampleSilBatch(
  seeds: readonly SilSeedState[],
  active: readonly boolean[],
  config: SilConfig,
  obsDim: number,
  actDim: number,
): { batch: SilBatch; indices: (Int32Array | null)[]; sizes: number[] } {
  const S = seeds.length;
  const sizes = seeds.map((s, k) => (active[k] ? Math.min(config.batchSize, s.replay.size) : 0));
  const B = Math.max(1, ...sizes);
  const batch: SilBatch = {
    batch: B,
    obs: new Float32Array(S * B * obsDim),
    actions: new Float32Array(S * B * actDim),
    returns: new Float32Array(S * B),
    weights: new Float32Array(S * B),
    valid: new Float32Array(S * B),
  };
  const indices: (Int32Array | null)[] = [];
  for (let k = 0; k < S; k++) {
    if (sizes[k] === 0) {
      indices.push(null);
      continue;
    }
    const res = seeds[k]!.replay.sample(sizes[k]!, config.priorityBeta, seeds[k]!.rng, batch, k * B);
    batch.valid.fill(1, k * B, k * B + sizes[k]!);
    indices.push(res.indices);
  }
  return { batch, indices, sizes };
}

/**
 * The SIL stage of one iteration: `updatesPerIteration` Adam steps on the shared optimiser
 * (details 1–7). Seeds whose replay holds ≤ `minBufferSize` transitions, or with `alive[k]`
 * false, are not stepped. Each step runs the nets forward on the kernels (`nets.gradientPass`),
 * takes the loss and its gradient w.r.t. μ, V and log σ on the host ({@link silLossHost}, with V of
 * that same forward pass, before the step, as the constant of the advantage factor), and completes
 * ∂L_k/∂θ_k in the backward pass.
 * @param nets the population's nets (weights updated in place; `maxBatch` ≥ `config.batchSize`).
 * @returns per-seed diagnostics and finiteness of the gradients.
 */
export function silUpdate(
  nets: ActorCriticNets,
  seeds: readonly SilSeedState[],
  alive: readonly boolean[],
  config: SilConfig,
): { diagnostics: SilDiagnostics; finite: boolean[] } {
  const S = seeds.length;
  const { layout, params, gradientPass, optimizer } = nets;
  const { obsDim, actDim: A } = layout.spec;
  const nan = () => new Float64Array(S).fill(Number.NaN);
  const diagnostics: SilDiagnostics = {
    silLoss: nan(),
    silPolicyLoss: nan(),
    silValueLoss: nan(),
    silValidFraction: nan(),
    silBufferSize: Float64Array.from(seeds.map((s) => s.replay.size)),
    silUpdates: new Float64Array(S),
  };
  const finite = new Array<boolean>(S).fill(true);
  const active = seeds.map((s, k) => alive[k]! && s.replay.size > config.minBufferSize);
  if (!active.some((a) => a)) return { diagnostics, finite };
  const grad = gradientPass.grad; // the kernels' own: the backward pass and Adam use it in place
  for (let u = 0; u < config.updatesPerIteration; u++) {
    const { batch, indices, sizes } = sampleSilBatch(seeds, active, config, obsDim, A);
    const B = batch.batch;
    const valueBefore = seeds.map((_, k) => new Float64Array(sizes[k]!));
    // Seed k's first sizes[k] rows are its samples; padding rows get a zero output gradient (detail 6).
    const loss: SeedOutputLoss<SilLossHostTerms> = (k, [mean, value], [dMean, dValue]) => {
      const n = sizes[k]!;
      dMean!.fill(0, n * A);
      dValue!.fill(0, n);
      valueBefore[k]!.set(value!.subarray(0, n));
      const rows = (a: Float32Array, width: number): Float32Array => a.subarray(k * B * width, (k * B + n) * width);
      return silLossHost(
        { actions: rows(batch.actions, A), returns: rows(batch.returns, 1), weights: rows(batch.weights, 1) },
        { mean: mean!.subarray(0, n * A), value: value!.subarray(0, n), logStd: logStdRow(layout, params, k) },
        config,
        { dMean: dMean!.subarray(0, n * A), dValue: dValue!.subarray(0, n), dLogStd: logStdRow(layout, grad, k) },
      );
    };
    const terms = gradientPass.gradient(params, batch.obs, B, active, grad, loss);
    const step = optimizer.step(params, grad, active);
    for (let k = 0; k < S; k++) {
      const t = terms[k];
      if (!active[k] || t === null) continue;
      if (!step.finite[k]) finite[k] = false;
      // Priority update (detail 2): clip(R − V_before, 0, clip) over the sampled slots.
      const pr = new Float64Array(sizes[k]!);
      for (let i = 0; i < sizes[k]!; i++)
        pr[i] = Math.min(Math.max(batch.returns[k * B + i]! - valueBefore[k]![i]!, 0), config.advantageClip);
      seeds[k]!.replay.updatePriorities(indices[k]!, pr);
      diagnostics.silLoss[k] = t.policyLoss + config.valueLossWeight * t.valueLoss;
      diagnostics.silPolicyLoss[k] = t.policyLoss;
      diagnostics.silValueLoss[k] = t.valueLoss;
      diagnostics.silValidFraction[k] = t.numPositive / sizes[k]!;
      diagnostics.silUpdates[k]! += 1;
    }
  }
  return { diagnostics, finite };
}

// ---------------------------------------------------------------------------------------------
// (8) The method: PPO + SIL stages wired into the Trainer
// ---------------------------------------------------------------------------------------------

/** Method-plugin state of PPO+SIL (per seed, JSON-serialisable). */
export interface SilMethodState {
  readonly seeds: readonly SilSeedCheckpoint[];
}

/**
 * PPO+SIL as a Trainer method: after each rollout the finished episodes are offered to each
 * seed's replay; after the PPO epochs, the SIL updates run on the shared optimiser.
 */
export const SIL_METHOD: Method<SilConfig> = {
  resolveConfig: (raw, path) => resolveSilConfig(raw, path),
  auxiliaryBatch: (config) => config.batchSize,
  create(pop: PpoPopulation, config: SilConfig, state?: unknown): MethodHooks {
    const { obsDim, actDim } = pop;
    const saved = state as SilMethodState | undefined;
    const seeds: SilSeedState[] = pop.seeds.map((_, k) =>
      saved !== undefined
        ? { replay: PrioritizedReplayBuffer.fromState(saved.seeds[k]!.replay), rng: Rng.fromState(saved.seeds[k]!.rng) }
        : createSilSeedState(config, obsDim, actDim, pop.seedRngs[k]!.split("sil")),
    );
    return {
      afterRollout(rollout: PopulationRollout): SeedDiagnostics {
        return seeds.map((seed, k) => {
          let admitted = 0;
          if (rollout.active[k]) {
            for (const ep of rollout.finishedEpisodes[k]!) {
              const ok = admitSilEpisode(
                seed.replay,
                ep.obs,
                ep.actions,
                ep.rewards, // delayed, as observed (never the undelayed rawRewards)
                pop.config.normalizeObservations ? pop.obsNormalizers[k]! : null,
                pop.config.normalizeRewards ? pop.rewardNormalizers[k]! : null,
                config.gamma,
              );
              if (ok) admitted++;
            }
          }
          return { silEpisodesAdmitted: admitted };
        });
      },
      afterUpdate(): SeedDiagnostics {
        const result = silUpdate(pop.nets, seeds, pop.alive, config);
        const d = result.diagnostics;
        return seeds.map((_, k) => {
          if (!result.finite[k]) pop.alive[k] = false;
          return {
            silLoss: d.silLoss[k]!,
            silPolicyLoss: d.silPolicyLoss[k]!,
            silValueLoss: d.silValueLoss[k]!,
            silValidFraction: d.silValidFraction[k]!,
            silBufferSize: d.silBufferSize[k]!,
            silUpdates: d.silUpdates[k]!,
          };
        });
      },
      getState(): SilMethodState {
        return { seeds: seeds.map((s) => ({ replay: s.replay.getState(), rng: s.rng.getState() })) };
      },
    };
  },
};
