/**
 * The training methods and how they plug into PPO's stages: every method is PPO plus hooks.
 * One training iteration of the Trainer is
 *
 *   collectRollout → hooks.afterRollout → computeTargets → ppoUpdate → hooks.afterUpdate
 *
 * - `afterRollout(rollout)`: sees the rollout's raw observations, actions, env rewards and the
 *   episodes that finished (`rollout.finishedEpisodes[k]`, whole trajectories); may REWRITE
 *   `rollout.rewards` in place (GASIL: r + α·softplus(−ℓ), GASIL.6) before targets are computed.
 * - `afterUpdate(rollout)`: auxiliary updates after the PPO epochs (BC, SIL) of the same weights
 *   (`population.params`, in place) with the SAME Adam state and per-seed global-norm clipping
 *   (`population.optimizer.step`). A seed whose auxiliary loss is non-finite must be marked dead
 *   (`population.alive[k] = false`).
 * - Both return optional per-seed diagnostics (merged into the iteration report).
 * - `getState()` returns the method's JSON-serialisable state (buffers, discriminator, Rng states);
 *   `create` receives it back on restore.
 *
 * Methods derive their random streams from `population.seedRngs[k].split("<name>")`, so seed k's
 * numbers never depend on its population.
 *
 * Adding a method takes three edits: a module `src/algos/<name>.ts` exporting its config type and
 * a {@link Method}; its name in `METHOD_NAMES` and its line in the `TrainConfig` union
 * (`config.ts`); its entry in {@link METHODS} below (the compiler checks that table and union agree).
 */
import { BC_METHOD } from "./bc";
import type { MethodName, MethodSection } from "./config";
import { GASIL_METHOD } from "./gasil";
import type { SavedPolicyParts } from "./saved-policy";
import type { PpoPopulation } from "./shared/ppo-state";
import type { PopulationRollout } from "./shared/rollout-buffer";
import { SIL_METHOD } from "./sil";
import { SURVIVAL_METHOD } from "./survival";

/** Per-seed diagnostics (one record per seed, in population order). */
export type SeedDiagnostics = Record<string, number>[];

/** A method's per-iteration hooks (all optional) and state. */
export interface MethodHooks {
  /** After the rollout, before targets: offer episodes to buffers, train models, relabel rewards. */
  afterRollout?(rollout: PopulationRollout): SeedDiagnostics | undefined;
  /** After the PPO epochs: auxiliary updates of the same weights and optimiser. */
  afterUpdate?(rollout: PopulationRollout): SeedDiagnostics | undefined;
  /** JSON-serialisable state for checkpoints. */
  getState?(): unknown;
  /**
   * What the method adds to seed k's saved policy (GASIL: its discriminator). Must only read state:
   * saving policies may not change any training number.
   */
  savedPolicyParts?(k: number): Pick<SavedPolicyParts, "discriminator">;
  /** Free what the hooks own. */
  dispose?(): void;
}

/** A training method. `Config` is its resolved config section (`undefined` for plain PPO). */
export interface Method<Config> {
  /**
   * Defaults + validation of the method's section (`raw` undefined = all defaults).
   * @throws ConfigError naming `path.field` and the allowed range.
   */
  resolveConfig(raw: unknown, path: string): Config;
  /**
   * Rows per seed of the method's own gradient passes on the population's nets (BC, SIL: their
   * batch size), when larger than PPO's minibatch: the nets' kernel memory is sized for it.
   */
  auxiliaryBatch?(config: Config): number;
  /** Build the hooks for a population; `saved` is the saved `getState()` when restoring. */
  create(population: PpoPopulation, config: Config, saved?: unknown): MethodHooks;
}

/** Plain PPO: no section, no hooks. */
export const PPO_METHOD: Method<undefined> = {
  resolveConfig: () => undefined,
  create: () => ({}),
};

/** Every method by name: Figure 6's four curves and the survival-bonus control. */
export const METHODS: { readonly [M in MethodName]: Method<MethodSection<M>> } = {
  ppo: PPO_METHOD,
  gasil: GASIL_METHOD,
  bc: BC_METHOD,
  sil: SIL_METHOD,
  survival: SURVIVAL_METHOD,
};
