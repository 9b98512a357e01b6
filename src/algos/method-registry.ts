/**
 * Registry of training methods: how GASIL, PPO+BC and PPO+SIL plug into the PPO stages.
 *
 * Every method is PPO plus something. One training iteration of the Trainer is:
 *
 *   collectRollout → hooks.afterRollout → computeTargets → ppoUpdate → hooks.afterUpdate → syncParams
 *
 * - `afterRollout(rollout)`: sees the rollout's raw observations, actions, env rewards and the
 *   episodes that finished (`rollout.finishedEpisodes[k]`, whole trajectories); may REWRITE
 *   `rollout.rewards` in place (GASIL: r + α·softplus(−ℓ), GASIL.6) before targets are computed.
 * - `afterUpdate(rollout)`: auxiliary updates after the PPO epochs (BC, SIL) through
 *   `applyLoss(population, …)` in `ppo.ts`, which uses the SAME Adam state and per-seed
 *   global-norm clipping. A seed whose auxiliary loss is non-finite must be marked dead
 *   (`population.alive[k] = false`).
 * - Both return optional per-seed diagnostics (merged into the iteration report).
 * - `getState()` returns the method's JSON-serialisable state (buffers, discriminator, Rng states);
 *   the plugin's `create` receives it back on restore.
 *
 * Methods derive their random streams from `population.seedRngs[k].split("<name>")`, so seed k's
 * numbers never depend on its population.
 *
 * Register a method with {@link registerMethod} (algos-aux does so in `methods.ts`).
 */
import { ConfigError } from "../core/errors";
import type { MethodName, TrainConfig } from "./config";
import type { PpoPopulation } from "./ppo";
import type { SavedPolicyParts } from "./saved-policy";
import type { PopulationRollout } from "./shared/rollout-buffer";

/** Per-seed diagnostics (one record per seed, in population order). */
export type SeedDiagnostics = Record<string, number>[];

/** What a method's hooks can reach. */
export interface MethodContext {
  readonly config: TrainConfig;
  readonly population: PpoPopulation;
}

/** A method's per-iteration hooks (all optional) and state. */
export interface MethodHooks {
  /** After the rollout, before targets: offer episodes to buffers, train models, relabel rewards. */
  afterRollout?(rollout: PopulationRollout): SeedDiagnostics | undefined | Promise<SeedDiagnostics | undefined>;
  /** After the PPO epochs: auxiliary updates of the same networks and optimiser. */
  afterUpdate?(rollout: PopulationRollout): SeedDiagnostics | undefined | Promise<SeedDiagnostics | undefined>;
  /** JSON-serialisable state for checkpoints. */
  getState?(): unknown;
  /**
   * What the method adds to seed k's saved policy (GASIL: its discriminator). Must only read state:
   * saving policies may not change any training number.
   */
  savedPolicyParts?(k: number): Pick<SavedPolicyParts, "discriminator">;
  /** Free tensors. */
  dispose?(): void;
}

/** A training method. `C` is its resolved config section. */
export interface MethodPlugin<C = unknown> {
  readonly name: MethodName;
  /** Key of its section in {@link TrainConfig} (`gasil`, `bc`, `sil`); absent for plain PPO. */
  readonly configKey?: "gasil" | "bc" | "sil" | "survival";
  /**
   * Defaults + validation of the section (`raw` may be undefined = all defaults).
   * @throws ConfigError naming `path.field` and the allowed range.
   */
  resolveConfig?(raw: unknown, path: string): C;
  /** Build the hooks for a population; `state` is the saved `getState()` when restoring. */
  create(context: MethodContext, config: C, state?: unknown): MethodHooks | Promise<MethodHooks>;
}

const registry = new Map<MethodName, MethodPlugin<unknown>>();

/** The plain-PPO method (no hooks). */
export const PPO_METHOD: MethodPlugin<undefined> = {
  name: "ppo",
  create: () => ({}),
};
registry.set("ppo", PPO_METHOD as MethodPlugin<unknown>);

/** Register (or replace) a method. */
export function registerMethod<C>(plugin: MethodPlugin<C>): void {
  registry.set(plugin.name, plugin as MethodPlugin<unknown>);
}

/**
 * The registered plugin of `name`.
 * @throws ConfigError (path `method`) when it is not registered.
 */
export function getMethod(name: MethodName): MethodPlugin<unknown> {
  const plugin = registry.get(name);
  if (plugin === undefined)
    throw new ConfigError("method", `method ${JSON.stringify(name)} is not available; registered: ${[...registry.keys()].join(", ")}`);
  return plugin;
}

/** Names of the registered methods. */
export function registeredMethods(): MethodName[] {
  return [...registry.keys()];
}
