/**
 * The slice of the algorithms' trainer contract (`src/algos/trainer.ts`) that the experiment runner
 * relies on, and how the runner finds it.
 *
 * The runner is written against these structural types only, so any module exporting
 * `resolveTrainConfig`, `createTrainer` and `restoreTrainer` with these shapes can drive a sweep.
 * By default that is gasil-kit's own trainer (`gasil-kit/algos`); the environment variable
 * `GASIL_TRAINER_MODULE` (an absolute path or a package specifier) plugs in another one — the
 * runner's tests use a tiny fake trainer this way, and a user can use it to sweep a new method.
 * The module in use is recorded in every run's metadata.
 */
import * as path from "node:path";
import { METHOD_NAMES, type MethodName } from "../algos/config";
import { ConfigError } from "../core/errors";

/** The method names come from the algorithms' config (Figure 6's four learners and the survival-bonus control). */
export { METHOD_NAMES, type MethodName };

/**
 * A resolved training configuration (JSON-serialisable). The runner reads only the fields named
 * here; everything else (the `ppo`, `gasil`, `bc`, `sil` blocks) is passed through untouched.
 */
export interface TrainConfigLike {
  readonly method: MethodName;
  readonly envId: string;
  readonly envOptions: Readonly<Record<string, unknown>>;
  /** Environment steps per seed. */
  readonly totalEnvSteps: number;
}

/** One seed's numbers for one training iteration (`SeedIterationResult` of `src/algos/trainer.ts`). */
export interface SeedIterationResultLike {
  readonly seed: number;
  /** Mean undelayed return of the last 100 finished training episodes (the paper's metric), null before any. */
  readonly averageReturn: number | null;
  /** Undelayed returns of the episodes that finished during this iteration. */
  readonly episodeReturns: readonly number[];
  readonly episodeLengths: readonly number[];
  readonly diagnostics: Readonly<Record<string, number>>;
  /** False once any loss or parameter of this seed went non-finite (the seed is then dead). */
  readonly finite: boolean;
}

/** What one call of {@link TrainerLike.runIteration} returns. */
export interface IterationReportLike {
  readonly iteration: number;
  /** Environment steps per seed so far (after this iteration). */
  readonly envSteps: number;
  readonly seeds: readonly SeedIterationResultLike[];
  readonly wallSeconds: number;
}

/** A population of seeds trained together (population batching). */
export interface TrainerLike {
  readonly config: TrainConfigLike;
  readonly seeds: readonly number[];
  readonly iteration: number;
  readonly envSteps: number;
  readonly done: boolean;
  runIteration(): Promise<IterationReportLike>;
  /** Whole state, JSON-serialisable. */
  checkpoint(): unknown;
  /**
   * Optional: each seed's policy as a JSON object with at least `seed` (null for a dead seed).
   * Must only read the trainer's state. When present, the runner saves them (see `policies.ts`).
   */
  exportPolicies?(): readonly (unknown | null)[];
  dispose(): void;
}

/** The three functions a trainer module must export. */
export interface TrainerApi {
  resolveTrainConfig(partial: unknown): TrainConfigLike;
  createTrainer(config: TrainConfigLike, seeds: number[]): Promise<TrainerLike>;
  restoreTrainer(checkpoint: unknown): Promise<TrainerLike>;
}

/** Where the trainer came from (recorded in metadata). */
export interface TrainerSource {
  /** `gasil-kit/algos` or the value of `GASIL_TRAINER_MODULE`. */
  readonly module: string;
  readonly api: TrainerApi;
}

let cached: TrainerSource | null = null;

/**
 * Load the trainer module once per process.
 * @throws ConfigError when `GASIL_TRAINER_MODULE` names a module that cannot be loaded or lacks
 *   one of the three functions; Error when gasil-kit's own trainer is not built.
 */
export function loadTrainer(): TrainerSource {
  const override = process.env["GASIL_TRAINER_MODULE"];
  const specifier = override !== undefined && override.trim() !== "" ? override.trim() : null;
  if (cached !== null && cached.module === (specifier ?? "gasil-kit/algos")) return cached;
  let mod: Record<string, unknown>;
  if (specifier !== null) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(path.isAbsolute(specifier) ? specifier : require.resolve(specifier, { paths: [process.cwd()] })) as Record<
        string,
        unknown
      >;
    } catch (error) {
      throw new ConfigError("GASIL_TRAINER_MODULE", `cannot load ${JSON.stringify(specifier)}: ${(error as Error).message}`);
    }
  } else {
    // Required by a computed path so that this area compiles and its tests run on their own.
    const own = path.join(__dirname, "..", "algos", "trainer");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(own) as Record<string, unknown>;
  }
  for (const name of ["resolveTrainConfig", "createTrainer", "restoreTrainer"]) {
    if (typeof mod[name] !== "function") {
      throw new ConfigError(
        specifier !== null ? "GASIL_TRAINER_MODULE" : "gasil-kit/algos",
        `trainer module ${specifier ?? "src/algos/trainer"} does not export a function ${name}; required: resolveTrainConfig, createTrainer, restoreTrainer`,
      );
    }
  }
  cached = { module: specifier ?? "gasil-kit/algos", api: mod as unknown as TrainerApi };
  return cached;
}

/**
 * Ids of the registered environments (from `gasil-kit/envs`), or undefined when the envs layer
 * cannot be loaded (then task ids are checked by the trainer's own config resolution).
 */
export function registeredTasks(): readonly string[] | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const registry = require(path.join(__dirname, "..", "envs", "registry")) as { listEnvs?: () => { id: string }[] };
    return registry.listEnvs?.().map((e) => e.id);
  } catch {
    return undefined;
  }
}
