/**
 * PPO+BC — PPO plus a behaviour-cloning loss on GASIL's good-trajectory buffer (docs/paper-protocol.md#bc-hyperparameters;
 * nothing about it is published, so every detail below is **[A] our choice**).
 *
 * Defined so that PPO+BC differs from GASIL+PPO only in *how* the same buffer is imitated
 * (maximum likelihood instead of an adversarial reward), and from PPO+SIL only in *which* samples
 * are imitated and how they are weighted:
 *   L_BC = β_BC · mean_{(s,a) ∈ batch} [−log π_θ(a|s)]        (log-density (PG.10))
 *
 * Implementation details:
 * 1. Demonstrations: the top-K store of GASIL (GASIL.7), K = 1000 transitions, ranked by the
 *    undiscounted episode return, fed with every episode that finishes during the rollouts.
 * 2. Schedule: after the PPO epochs of each iteration, 10 updates on batches of 512 pairs drawn
 *    uniformly with replacement from the store (mirrors SIL).
 * 3. The loss acts on the policy only (mean network and log-std; the value network gets no
 *    gradient); observations are normalised with the policy's current running statistics.
 * 4. β_BC = 0.1; the PPO Adam instance (shared moments), same lr, global-norm clip 0.5.
 * 5. Rewards: PPO on the delayed reward only (no bonus).
 * 6. A seed is stepped only once its store holds a trajectory (each seed has its own store, Rng
 *    stream `bc` split from its root, and Adam row).
 * 7. Computed like PPO's loss: the nets' forward and backward passes on the network kernels, the
 *    loss and its gradient w.r.t. μ and log σ on the host (`bcLossHost` in `shared/losses.ts`,
 *    checked against autodiff in the tests), so BC gives the same numbers on every tfjs backend.
 *
 * Logged (per seed): `bcLoss` (mean −log π on the last batch, before its step), `bcUpdates`,
 * `bufferSize` (stored transitions), `bufferBestReturn`, `bufferWorstReturn`.
 */
import type { RngState } from "../core/rng";
import { Rng } from "../core/rng";
import type { ObservationNormalizer } from "../envs/running-mean-std";
import type { SeedNets } from "../nn/actor-critic";
import { checkKeys, readEnum, readNumber } from "./config";
import type { Method, MethodHooks, SeedDiagnostics } from "./methods";
import { bcLossHost } from "./shared/losses";
import type { SeedAgent } from "./shared/ppo-state";
import type { Rollout } from "./shared/rollout-buffer";
import type { TrajectoryStoreState, TrajectoryStoreUnit } from "./shared/trajectory-store";
import { offerFinishedEpisodes, storeDiagnostics, TRAJECTORY_STORE_UNITS, TrajectoryStore } from "./shared/trajectory-store";

// ---------------------------------------------------------------------------------------------
// (2) Config
// ---------------------------------------------------------------------------------------------

/** PPO+BC settings (docs/paper-protocol.md#bc-hyperparameters, all [A]). */
export interface BcConfig {
  /** Good-trajectory buffer capacity K (in `bufferUnit`). [A] 1000, same as GASIL */
  readonly bufferCapacity: number;
  /** Unit of K. [A] "transitions" */
  readonly bufferUnit: TrajectoryStoreUnit;
  /** BC updates after the PPO epochs of each iteration. [A] 10, mirrors SIL */
  readonly updatesPerIteration: number;
  /** Pairs per BC update (uniform, with replacement). [A] 512, mirrors SIL */
  readonly batchSize: number;
  /** β_BC, weight of the BC loss (before gradient clipping). [A] 0.1, mirrors SIL */
  readonly lossWeight: number;
}

/** Our defaults (docs/paper-protocol.md#bc-hyperparameters). */
export const DEFAULT_BC_CONFIG: BcConfig = {
  bufferCapacity: 1000,
  bufferUnit: "transitions",
  updatesPerIteration: 10,
  batchSize: 512,
  lossWeight: 0.1,
};

/**
 * Validate a partial BC config and fill defaults.
 * @throws ConfigError naming `path.field`, the value and the allowed values/range.
 */
export function resolveBcConfig(raw: unknown, path = "bc"): BcConfig {
  const o = checkKeys(raw, path, Object.keys(DEFAULT_BC_CONFIG));
  const d = DEFAULT_BC_CONFIG;
  return Object.freeze({
    bufferCapacity: readNumber(o, "bufferCapacity", path, d.bufferCapacity, { min: 1, max: 1e8, integer: true }),
    bufferUnit: readEnum(o, "bufferUnit", path, d.bufferUnit, TRAJECTORY_STORE_UNITS),
    updatesPerIteration: readNumber(o, "updatesPerIteration", path, d.updatesPerIteration, { min: 0, integer: true }),
    batchSize: readNumber(o, "batchSize", path, d.batchSize, { min: 1, integer: true }),
    lossWeight: readNumber(o, "lossWeight", path, d.lossWeight, { min: 0 }),
  });
}

// ---------------------------------------------------------------------------------------------
// (7) Update
// ---------------------------------------------------------------------------------------------

/**
 * Draw n pairs uniformly with replacement from the store; the raw observations are normalised with
 * `normalizer` (`null` = raw).
 * @returns observations `[n, obsDim]` and actions `[n, actDim]`.
 */
export function sampleStoreBatch(
  store: TrajectoryStore,
  rng: Rng,
  normalizer: ObservationNormalizer | null,
  n: number,
): { obs: Float32Array; actions: Float32Array } {
  const obs = new Float32Array(n * store.obsDim);
  const actions = new Float32Array(n * store.actDim);
  store.sample(n, rng, obs, actions, 0, 0);
  normalizer?.normalize(obs, obs);
  return { obs, actions };
}

/** Diagnostics of {@link bcUpdate} (`bcLoss` NaN when the seed did not update). */
export interface BcDiagnostics {
  readonly bcLoss: number;
  readonly bcUpdates: number;
}

/**
 * The BC stage of one iteration for one seed (details 2–4, 6): `updatesPerIteration` steps of its
 * Adam, none while its store is empty. Each step runs the policy forward on the kernels, takes the
 * loss and its gradient w.r.t. μ and log σ on the host ({@link bcLossHost}; the value output gets a
 * zero gradient, so the value net's gradient is zero), and completes ∂L/∂θ in the backward pass.
 * @param nets the seed's nets (weights updated in place; kernel rows for `config.batchSize`).
 * @returns diagnostics and whether every gradient was finite.
 */
export function bcUpdate(
  nets: SeedNets,
  store: TrajectoryStore,
  rng: Rng,
  normalizer: ObservationNormalizer | null,
  config: BcConfig,
): { diagnostics: BcDiagnostics; finite: boolean } {
  let bcLoss = Number.NaN;
  let bcUpdates = 0;
  let finite = true;
  if (store.numTransitions === 0) return { diagnostics: { bcLoss, bcUpdates }, finite };
  const n = config.batchSize;
  for (let u = 0; u < config.updatesPerIteration; u++) {
    const batch = sampleStoreBatch(store, rng, normalizer, n);
    bcLoss = nets.gradient(batch.obs, n, ([mean], [dMean, dValue]) => {
      dValue!.fill(0); // L_BC does not involve V
      return bcLossHost(batch.actions, { mean: mean!, logStd: nets.logStd }, config.lossWeight, { dMean: dMean!, dLogStd: nets.dLogStd });
    });
    if (!nets.adamStep().finite) finite = false;
    bcUpdates++;
  }
  return { diagnostics: { bcLoss, bcUpdates }, finite };
}

// ---------------------------------------------------------------------------------------------
// (8) The method: PPO + BC stages wired into the Trainer
// ---------------------------------------------------------------------------------------------

/** Method-plugin state of PPO+BC for one seed (JSON-serialisable). */
export interface BcMethodState {
  readonly store: TrajectoryStoreState;
  readonly rng: RngState;
}

/** PPO+BC as a Trainer method (details 1–6). */
export const BC_METHOD: Method<BcConfig> = {
  resolveConfig: (raw, path) => resolveBcConfig(raw, path),
  auxiliaryBatch: (config) => config.batchSize,
  create(agent: SeedAgent, config: BcConfig, state?: unknown): MethodHooks {
    const saved = state as BcMethodState | undefined;
    const store =
      saved !== undefined
        ? TrajectoryStore.fromState(saved.store)
        : new TrajectoryStore({ obsDim: agent.obsDim, actDim: agent.actDim, capacity: config.bufferCapacity, unit: config.bufferUnit });
    const rng = saved !== undefined ? Rng.fromState(saved.rng) : agent.rootRng.split("bc");
    // null = observations used raw (ppo.normalizeObservations false).
    const normalizer = agent.config.normalizeObservations ? agent.obsNormalizer : null;
    return {
      afterRollout: (rollout: Rollout): SeedDiagnostics => ({ bufferEpisodesKept: offerFinishedEpisodes(store, rollout.finishedEpisodes) }),
      afterUpdate(): SeedDiagnostics {
        const result = bcUpdate(agent.nets, store, rng, normalizer, config);
        if (!result.finite) agent.alive = false;
        return { ...result.diagnostics, ...storeDiagnostics(store) };
      },
      getState: (): BcMethodState => ({ store: store.getState(), rng: rng.getState() }),
    };
  },
};
