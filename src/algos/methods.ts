/**
 * The training methods and how they plug into PPO's stages: every method is PPO plus hooks, and
 * the hooks are per seed, like the stages. One training iteration of the Trainer is, for each live
 * seed (agent),
 *
 *   collectRollout → hooks.afterRollout → computeTargets → ppoUpdate → hooks.afterUpdate
 *
 * - `afterRollout(rollout)`: sees the rollout's raw observations, actions, env rewards and the
 *   episodes that finished (`rollout.finishedEpisodes`, whole trajectories); may REWRITE
 *   `rollout.rewards` in place (GASIL: r + α·softplus(−ℓ), GASIL.6) before targets are computed.
 * - `afterUpdate(rollout)`: auxiliary updates after the PPO epochs (BC, SIL) of the same weights
 *   (`agent.nets`, in place) with the SAME Adam state and global-norm clipping
 *   (`agent.nets.gradient` then `agent.nets.adamStep`). An agent whose auxiliary loss is
 *   non-finite must be marked dead (`agent.alive = false`).
 * - Both return optional diagnostics (merged into the seed's iteration report).
 * - `getState()` returns the seed's JSON-serialisable method state (buffers, discriminator, Rng
 *   states); `create` receives it back on restore.
 *
 * Methods derive their random streams from `agent.rootRng.split("<name>")`, so a seed's numbers
 * never depend on its population.
 *
 * Adding a method takes three edits: a module `src/algos/<name>.ts` exporting its config type and
 * a {@link Method}; its name in `METHOD_NAMES` and its line in the `TrainConfig` union
 * (`config.ts`); its entry in {@link METHODS} below (the compiler checks that table and union agree).
 */
import { BC_METHOD } from "./bc";
import type { MethodName, MethodSection, PpoConfig } from "./config";
import { GASIL_METHOD } from "./gasil";
import type { SavedPolicyParts } from "./saved-policy";
import type { SeedAgent } from "./shared/ppo-state";
import type { Rollout } from "./shared/rollout-buffer";
import { SIL_METHOD } from "./sil";
import { SURVIVAL_METHOD } from "./survival";

/** One seed's diagnostics of one iteration (merged into its report). */
export type SeedDiagnostics = Record<string, number>;

/** A method's per-iteration hooks for one seed (all optional) and that seed's state. */
export interface MethodHooks {
  /** After the rollout, before targets: offer episodes to buffers, train models, relabel rewards. */
  afterRollout?(rollout: Rollout): SeedDiagnostics | undefined;
  /** After the PPO epochs: auxiliary updates of the same weights and optimiser. */
  afterUpdate?(rollout: Rollout): SeedDiagnostics | undefined;
  /** JSON-serialisable state for checkpoints. */
  getState?(): unknown;
  /**
   * What the method adds to the seed's saved policy (GASIL: its discriminator). Must only read
   * state: saving policies may not change any training number.
   */
  savedPolicyParts?(): Pick<SavedPolicyParts, "discriminator">;
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
  /** The PPO config the method trains with, when it changes PPO's (GASIL folds λ into the entropy coefficient). */
  ppoConfig?(ppo: PpoConfig, config: Config): PpoConfig;
  /** Build one seed's hooks; `saved` is that seed's saved `getState()` when restoring. */
  create(agent: SeedAgent, config: Config, saved?: unknown): MethodHooks;
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
