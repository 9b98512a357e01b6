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
 * 6. Each seed has its own replay, Rng stream `sil` split from its root, and Adam row; a seed whose
 *    buffer is still too small is not stepped at all.
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
import type { SeedNets } from "../nn/actor-critic";
import { checkKeys, readNumber } from "./config";
import type { Method, MethodHooks, SeedDiagnostics } from "./methods";
import { silLossHost } from "./shared/losses";
import type { SeedAgent } from "./shared/ppo-state";
import type { PrioritizedReplayState } from "./shared/replay-buffer";
import { admitsEpisode, discountedEpisodeReturns, PrioritizedReplayBuffer } from "./shared/replay-buffer";
import type { Rollout } from "./shared/rollout-buffer";

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

/** One SIL batch of B prioritised samples. */
export interface SilBatch {
  readonly batch: number;
  /** Normalised observations `[B, obsDim]`. */
  readonly obs: Float32Array;
  /** Actions `[B, actDim]`. */
  readonly actions: Float32Array;
  /** Discounted returns R `[B]`. */
  readonly returns: Float32Array;
  /** Importance weights w `[B]`. */
  readonly weights: Float32Array;
}

/** Diagnostics of {@link silUpdate} (NaN where the seed did not update). */
export interface SilDiagnostics {
  readonly silLoss: number;
  readonly silPolicyLoss: number;
  readonly silValueLoss: number;
  readonly silValidFraction: number;
  readonly silBufferSize: number;
  readonly silUpdates: number;
}

/**
 * Draw a prioritised batch of min(`batchSize`, replay size) samples from the seed's replay (detail 1).
 * @returns the batch and the sampled slots.
 */
export function sampleSilBatch(
  seed: SilSeedState,
  config: SilConfig,
  obsDim: number,
  actDim: number,
): { batch: SilBatch; indices: Int32Array } {
  const B = Math.min(config.batchSize, seed.replay.size);
  const batch: SilBatch = {
    batch: B,
    obs: new Float32Array(B * obsDim),
    actions: new Float32Array(B * actDim),
    returns: new Float32Array(B),
    weights: new Float32Array(B),
  };
  const { indices } = seed.replay.sample(B, config.priorityBeta, seed.rng, batch);
  return { batch, indices };
}

/**
 * The SIL stage of one iteration for one seed: `updatesPerIteration` steps of its Adam (details
 * 1–6), none while its replay holds ≤ `minBufferSize` transitions. Each step runs the nets forward
 * on the kernels, takes the loss and its gradient w.r.t. μ, V and log σ on the host
 * ({@link silLossHost}, with V of that same forward pass, before the step, as the constant of the
 * advantage factor), and completes ∂L/∂θ in the backward pass.
 * @param nets the seed's nets (weights updated in place; kernel rows for `config.batchSize`).
 * @returns diagnostics and whether every gradient was finite.
 */
export function silUpdate(nets: SeedNets, seed: SilSeedState, config: SilConfig): { diagnostics: SilDiagnostics; finite: boolean } {
  const { obsDim, actDim: A } = nets.layout.spec;
  const diagnostics = {
    silLoss: Number.NaN,
    silPolicyLoss: Number.NaN,
    silValueLoss: Number.NaN,
    silValidFraction: Number.NaN,
    silBufferSize: seed.replay.size,
    silUpdates: 0,
  };
  let finite = true;
  if (seed.replay.size <= config.minBufferSize) return { diagnostics, finite };
  for (let u = 0; u < config.updatesPerIteration; u++) {
    const { batch, indices } = sampleSilBatch(seed, config, obsDim, A);
    const B = batch.batch;
    const valueBefore = new Float64Array(B);
    const terms = nets.gradient(batch.obs, B, ([mean, value], [dMean, dValue]) => {
      valueBefore.set(value!);
      return silLossHost(batch, { mean: mean!, value: value!, logStd: nets.logStd }, config, {
        dMean: dMean!,
        dValue: dValue!,
        dLogStd: nets.dLogStd,
      });
    });
    if (!nets.adamStep().finite) finite = false;
    // Priority update (detail 2): clip(R − V_before, 0, clip) over the sampled slots.
    const priorities = new Float64Array(B);
    for (let i = 0; i < B; i++) priorities[i] = Math.min(Math.max(batch.returns[i]! - valueBefore[i]!, 0), config.advantageClip);
    seed.replay.updatePriorities(indices, priorities);
    diagnostics.silLoss = terms.policyLoss + config.valueLossWeight * terms.valueLoss;
    diagnostics.silPolicyLoss = terms.policyLoss;
    diagnostics.silValueLoss = terms.valueLoss;
    diagnostics.silValidFraction = terms.numPositive / B;
    diagnostics.silUpdates++;
  }
  return { diagnostics, finite };
}

// ---------------------------------------------------------------------------------------------
// (8) The method: PPO + SIL stages wired into the Trainer
// ---------------------------------------------------------------------------------------------

/**
 * PPO+SIL as a Trainer method: after each rollout the seed's finished episodes are offered to its
 * replay; after the PPO epochs, the SIL updates run on its Adam. State: the seed's
 * {@link SilSeedCheckpoint}.
 */
export const SIL_METHOD: Method<SilConfig> = {
  resolveConfig: (raw, path) => resolveSilConfig(raw, path),
  auxiliaryBatch: (config) => config.batchSize,
  create(agent: SeedAgent, config: SilConfig, state?: unknown): MethodHooks {
    const saved = state as SilSeedCheckpoint | undefined;
    const seed: SilSeedState =
      saved !== undefined
        ? { replay: PrioritizedReplayBuffer.fromState(saved.replay), rng: Rng.fromState(saved.rng) }
        : createSilSeedState(config, agent.obsDim, agent.actDim, agent.rootRng.split("sil"));
    return {
      afterRollout(rollout: Rollout): SeedDiagnostics {
        let admitted = 0;
        for (const ep of rollout.finishedEpisodes) {
          const ok = admitSilEpisode(
            seed.replay,
            ep.obs,
            ep.actions,
            ep.rewards, // delayed, as observed (never the undelayed rawRewards)
            agent.config.normalizeObservations ? agent.obsNormalizer : null,
            agent.config.normalizeRewards ? agent.rewardNormalizer : null,
            config.gamma,
          );
          if (ok) admitted++;
        }
        return { silEpisodesAdmitted: admitted };
      },
      afterUpdate(): SeedDiagnostics {
        const result = silUpdate(agent.nets, seed, config);
        if (!result.finite) agent.alive = false;
        return { ...result.diagnostics };
      },
      getState: (): SilSeedCheckpoint => ({ replay: seed.replay.getState(), rng: seed.rng.getState() }),
    };
  },
};
