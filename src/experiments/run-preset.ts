/**
 * Run (or resume) a preset sweep from code — what `gasil-kit sweep --preset NAME` does, for
 * notebooks and scripts: validate and write the manifest, train every unfinished run on a local
 * worker pool (progress as plain lines on stderr), then write the tidy table.
 */
import * as path from "node:path";
import { prepareSweep } from "./manifest";
import { type PoolSummary, runSweepPool } from "./pool";
import { presetConfig } from "./presets";
import { PACKAGE_ROOT } from "./provenance";
import { type CollectSummary, collectResults } from "./results";
import { loadTrainer, registeredTasks } from "./trainer-api";

/** Options of {@link runPreset}. */
export interface RunPresetOptions {
  /** Worker processes (default one per core). */
  readonly workers?: number;
  /** Sweep folder (default `<package root>/data/<preset>`). */
  readonly out?: string;
}

/**
 * Run or resume a preset sweep to completion and write its `results.csv`.
 * @throws ConfigError for an unknown preset or a folder holding another sweep.
 */
export async function runPreset(
  name: string,
  options: RunPresetOptions = {},
): Promise<{ dir: string; pool: PoolSummary; results: CollectSummary }> {
  const dir = options.out ?? path.join(PACKAGE_ROOT, "data", name);
  const source = loadTrainer();
  prepareSweep(dir, presetConfig(name), source.api, source.module, registeredTasks());
  const pool = await runSweepPool(dir, {
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    progress: { tty: false, plainIntervalSeconds: 30 },
  });
  const results = collectResults(dir);
  return { dir, pool, results };
}
