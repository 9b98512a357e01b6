/**
 * The sweep folder on disk.
 *
 * ```
 * <sweepDir>/                       e.g. data/quick
 *   manifest.json                   the validated config and every planned run (id, seeds, resolved config)
 *   results.csv                     tidy table, one row per run × seed × iteration (written by `collectResults`)
 *   runs/<runId>/
 *     rows.jsonl                    one line per training iteration, appended and fsync'd as it happens
 *     checkpoint.json               latest checkpoint (atomic; removed once the run is finished)
 *     status.json                   state: running | done | failed (+ failed seeds with diagnostics)
 *     metadata.json                 config, seeds, git commit, versions, backend, wall time, machine
 *     policies/seed-<k>/            saved policies: steps-<n>.json every 10⁵ env steps, final.json (see policies.ts)
 *     train.log                     stdout/stderr of the worker (pool only; not committed)
 *     lock.json                     pid + host of the process training it (removed on exit)
 * ```
 * The manifest is written once and never changes; every run is a self-contained unit that any
 * launcher (the local pool, a Slurm array task, a person with a shell) can execute with
 * `gasil-kit train --sweep <sweepDir> --run <runId | index>`.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../core/errors";
import { isPlainObject } from "../core/validate";
import { type PlannedRun, parseSweepConfig, planSweep, type SweepConfig } from "./config";
import { readJsonIfExists, writeJsonAtomic } from "./durable-files";
import type { TrainerApi } from "./trainer-api";

/** Format tag of `manifest.json`. */
export const MANIFEST_FORMAT = "gasil-kit-sweep/1";

/** Contents of `manifest.json`. */
export interface SweepManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly sweep: string;
  /** The validated sweep configuration (defaults applied). */
  readonly config: SweepConfig;
  /** Trainer module the configs were resolved with (`gasil-kit/algos` or `GASIL_TRAINER_MODULE`). */
  readonly trainerModule: string;
  readonly runs: readonly PlannedRun[];
}

/** State of one run as read from its folder. */
export type RunState = "pending" | "partial" | "running" | "done" | "failed";

/** A seed whose losses or parameters went non-finite. */
export interface FailedSeed {
  readonly seed: number;
  /** Iteration at which it was first reported non-finite. */
  readonly iteration: number;
  /** Human-readable diagnostic (which quantities were non-finite). */
  readonly diagnostic: string;
}

/** Contents of `runs/<runId>/status.json`. */
export interface RunStatus {
  readonly runId: string;
  readonly state: "running" | "done" | "failed";
  readonly iteration: number;
  /** Environment steps per seed. */
  readonly envSteps: number;
  readonly failedSeeds: readonly FailedSeed[];
  readonly updatedAt: string;
}

/** Paths of the files of one run. */
export function runPaths(
  sweepDir: string,
  runId: string,
): { dir: string; rows: string; checkpoint: string; status: string; metadata: string; log: string; lock: string } {
  const dir = path.join(sweepDir, "runs", runId);
  return {
    dir,
    rows: path.join(dir, "rows.jsonl"),
    checkpoint: path.join(dir, "checkpoint.json"),
    status: path.join(dir, "status.json"),
    metadata: path.join(dir, "metadata.json"),
    log: path.join(dir, "train.log"),
    lock: path.join(dir, "lock.json"),
  };
}

/** Path of the manifest of a sweep folder. */
export function manifestPath(sweepDir: string): string {
  return path.join(sweepDir, "manifest.json");
}

/**
 * Read and check a sweep manifest.
 * @param option the command-line option (or argument) that named `sweepDir`, used in errors:
 *   `--sweep` for most commands, `--data` for `gasil-kit figures`.
 * @throws ConfigError when the folder holds no manifest or one of another format.
 */
export function readManifest(sweepDir: string, option = "--sweep"): SweepManifest {
  const manifest = readJsonIfExists<SweepManifest>(manifestPath(sweepDir));
  if (manifest === null)
    throw new ConfigError(option, `${sweepDir} holds no manifest.json; create the sweep with \`gasil-kit sweep\` first`);
  if (manifest.format !== MANIFEST_FORMAT) {
    throw new ConfigError(
      option,
      `${manifestPath(sweepDir)} has format ${JSON.stringify(manifest.format)}; this version reads ${MANIFEST_FORMAT}`,
    );
  }
  return manifest;
}

/** What {@link prepareSweep} did. */
export interface PreparedSweep {
  readonly manifest: SweepManifest;
  /** True when the manifest was written now, false when an identical one was found. */
  readonly created: boolean;
}

function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (isPlainObject(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * Validate `rawConfig`, plan its runs and write the manifest — or, when `sweepDir` already holds
 * a manifest of the same configuration, return that one (this is what makes `gasil-kit sweep`
 * resumable with the same command). Nothing is written when validation fails.
 * @throws ConfigError for an invalid configuration, or when `sweepDir` holds a different sweep.
 */
export function prepareSweep(
  sweepDir: string,
  rawConfig: unknown,
  api: Pick<TrainerApi, "resolveTrainConfig">,
  trainerModule: string,
  tasksKnown?: readonly string[],
): PreparedSweep {
  const config = parseSweepConfig(rawConfig);
  const runs = planSweep(config, api, tasksKnown);
  const existing = readJsonIfExists<SweepManifest>(manifestPath(sweepDir));
  if (existing !== null) {
    // The description is documentation: rewording it must not orphan a sweep's results.
    const comparable = (c: SweepConfig): string => stableStringify({ ...c, description: "" });
    if (existing.format !== MANIFEST_FORMAT || comparable(existing.config) !== comparable(config)) {
      throw new ConfigError(
        "--out",
        `${sweepDir} already holds a different sweep (${JSON.stringify(existing.sweep)}); resume it with the configuration it was created with, or choose another folder with --out`,
      );
    }
    return { manifest: existing, created: false };
  }
  const manifest: SweepManifest = { format: MANIFEST_FORMAT, sweep: config.name, config, trainerModule, runs };
  fs.mkdirSync(sweepDir, { recursive: true });
  writeJsonAtomic(manifestPath(sweepDir), manifest);
  return { manifest, created: true };
}

/**
 * Find a run by id or by manifest index (a decimal string, e.g. a Slurm array index).
 * @throws ConfigError naming the valid range / a few valid ids.
 */
export function findRun(manifest: SweepManifest, ref: string | number): PlannedRun {
  if (typeof ref === "number" || /^\d+$/.test(ref)) {
    const index = Number(ref);
    const run = manifest.runs[index];
    if (run === undefined) throw new ConfigError("--run-index", `index ${index} is out of range; allowed: 0..${manifest.runs.length - 1}`);
    return run;
  }
  const run = manifest.runs.find((r) => r.runId === ref);
  if (run === undefined) {
    const some = manifest.runs.slice(0, 5).map((r) => r.runId);
    throw new ConfigError(
      "--run",
      `no run ${JSON.stringify(ref)} in sweep ${manifest.sweep}; ${manifest.runs.length} runs, e.g. ${some.join(", ")} (list them with \`gasil-kit sweep --sweep DIR --list\`)`,
    );
  }
  return run;
}

/** State of a run from its folder (no folder: pending; a checkpoint but no final status: partial). */
export function runState(sweepDir: string, runId: string): { state: RunState; status: RunStatus | null } {
  const p = runPaths(sweepDir, runId);
  const status = readJsonIfExists<RunStatus>(p.status);
  if (status !== null && (status.state === "done" || status.state === "failed")) return { state: status.state, status };
  if (fs.existsSync(p.checkpoint)) return { state: "partial", status };
  if (status !== null) return { state: "running", status };
  return { state: "pending", status: null };
}
