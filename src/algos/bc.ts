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
 * 6. Population: seed k is stepped only once its store holds a trajectory; all seeds use the same
 *    batch size, so no padding is needed.
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
import { type ActorCriticNets, logStdRow } from "../nn/actor-critic";
import type { SeedOutputLoss } from "../nn/seed-mlp";
import { checkKeys, readEnum, readNumber } from "./config";
import type { Method, MethodHooks, SeedDiagnostics } from "./methods";
import { bcLossHost } from "./shared/losses";
import type { PpoPopulation } from "./shared/ppo-state";
import type { PopulationRollout } from "./shared/rollout-buffer";
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
 * Draw a stacked batch `[S, n, ·]` from the seeds' stores (raw obs normalised with each seed's
 * normaliser; `null` = raw). Inactive seeds get zero rows.
 */
export function sampleStoreBatch(
  stores: readonly TrajectoryStore[],
  rngs: readonly Rng[],
  normalizers: readonly (ObservationNormalizer | null)[],
  active: readonly boolean[],
  n: number,
): { obs: Float32Array; actions: Float32Array } {
  const S = stores.length;
  const obsDim = stores[0]!.obsDim;
  const actDim = stores[0]!.actDim;
  const obs = new Float32Array(S * n * obsDim);
  const actions = new Float32Array(S * n * actDim);
  for (let k = 0; k < S; k++) {
    if (!active[k]) continue;
    stores[k]!.sample(n, rngs[k]!, obs, actions, k * n * obsDim, k * n * actDim);
    const slice = obs.subarray(k * n * obsDim, (k + 1) * n * obsDim);
    normalizers[k]?.normalize(slice, slice);
  }
  return { obs, actions };
}

/** Per-seed diagnostics of {@link bcUpdate} (length S; NaN where a seed did not update). */
export interface BcDiagnostics {
  readonly bcLoss: Float64Array;
  readonly bcUpdates: Float64Array;
}

/**
 * The BC stage of one iteration (details 2–4, 6): `updatesPerIteration` steps of the shared Adam.
 * Each step runs the policy forward on the kernels (`nets.gradientPass`), takes the loss and its
 * gradient w.r.t. μ and log σ on the host ({@link bcLossHost}; the value output gets a zero
 * gradient, so the value net's gradient is zero), and completes ∂L_k/∂θ_k in the backward pass.
 * @param nets the population's nets (weights updated in place; `maxBatch` ≥ `config.batchSize`).
 * @returns diagnostics and per-seed finiteness of the gradients.
 */
export function bcUpdate(
  nets: ActorCriticNets,
  stores: readonly TrajectoryStore[],
  rngs: readonly Rng[],
  normalizers: readonly (ObservationNormalizer | null)[],
  alive: readonly boolean[],
  config: BcConfig,
): { diagnostics: BcDiagnostics; finite: boolean[] } {
  const S = stores.length;
  const { layout, params, gradientPass, optimizer } = nets;
  const A = layout.spec.actDim;
  const diagnostics: BcDiagnostics = { bcLoss: new Float64Array(S).fill(Number.NaN), bcUpdates: new Float64Array(S) };
  const finite = new Array<boolean>(S).fill(true);
  const active = stores.map((s, k) => alive[k]! && s.numTransitions > 0);
  if (!active.some((a) => a) || config.updatesPerIteration === 0) return { diagnostics, finite };
  const n = config.batchSize;
  const grad = gradientPass.grad; // the kernels' own: the backward pass and Adam use it in place
  for (let u = 0; u < config.updatesPerIteration; u++) {
    const batch = sampleStoreBatch(stores, rngs, normalizers, active, n);
    const loss: SeedOutputLoss<number> = (k, [mean], [dMean, dValue]) => {
      dValue!.fill(0); // L_BC does not involve V
      return bcLossHost(
        batch.actions.subarray(k * n * A, (k + 1) * n * A),
        { mean: mean!, logStd: logStdRow(layout, params, k) },
        config.lossWeight,
        { dMean: dMean!, dLogStd: logStdRow(layout, grad, k) },
      );
    };
    const losses = gradientPass.gradient(params, batch.obs, n, active, grad, loss);
    const step = optimizer.step(params, grad, active);
    for (let k = 0; k < S; k++) {
      if (!active[k]) continue;
      diagnostics.bcLoss[k] = losses[k]!;
      diagnostics.bcUpdates[k]! += 1;
      if (!step.finite[k]) finite[k] = false;
    }
  }
  return { diagnostics, finite };
}

// ---------------------------------------------------------------------------------------------
// (8) The method: PPO + BC stages wired into the Trainer
// ---------------------------------------------------------------------------------------------

/** Method-plugin state of PPO+BC (per seed, JSON-serialisable). */
export interface BcMethodState {
  readonly stores: readonly TrajectoryStoreState[];
  readonly rngs: readonly RngState[];
}

/** PPO+BC as a Trainer method (details 1–6). */
export const BC_METHOD: Method<BcConfig> = {
  resolveConfig: (raw, path) => resolveBcConfig(raw, path),
  auxiliaryBatch: (config) => config.batchSize,
  create(pop: PpoPopulation, config: BcConfig, state?: unknown): MethodHooks {
    const saved = state as BcMethodState | undefined;
    const stores = pop.seeds.map((_, k) =>
      saved !== undefined
        ? TrajectoryStore.fromState(saved.stores[k]!)
        : new TrajectoryStore({ obsDim: pop.obsDim, actDim: pop.actDim, capacity: config.bufferCapacity, unit: config.bufferUnit }),
    );
    const rngs = pop.seeds.map((_, k) => (saved !== undefined ? Rng.fromState(saved.rngs[k]!) : pop.seedRngs[k]!.split("bc")));
    // null = observations used raw (ppo.normalizeObservations false).
    const normalizers = pop.seeds.map((_, k) => (pop.config.normalizeObservations ? pop.obsNormalizers[k]! : null));
    return {
      afterRollout(rollout: PopulationRollout): SeedDiagnostics {
        const kept = offerFinishedEpisodes(stores, rollout);
        return stores.map((_, k) => ({ bufferEpisodesKept: kept[k]! }));
      },
      afterUpdate(): SeedDiagnostics {
        const result = bcUpdate(pop.nets, stores, rngs, normalizers, pop.alive, config);
        return stores.map((store, k) => {
          if (!result.finite[k]) pop.alive[k] = false;
          return { bcLoss: result.diagnostics.bcLoss[k]!, bcUpdates: result.diagnostics.bcUpdates[k]!, ...storeDiagnostics(store) };
        });
      },
      getState(): BcMethodState {
        return { stores: stores.map((s) => s.getState()), rngs: rngs.map((r) => r.getState()) };
      },
    };
  },
};
