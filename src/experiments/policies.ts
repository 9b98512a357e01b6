/**
 * Saved policies of a sweep's runs, on disk:
 *
 * ```
 * runs/<runId>/policies/seed-<seed>/steps-<envSteps>.json   after the first iteration at or past each
 *                                                            multiple of 10⁵ env steps (the sweep's
 *                                                            `policySaveEvery`), per seed
 * runs/<runId>/policies/seed-<seed>/final.json              at the end of training
 * ```
 *
 * Each file is one compact JSON object in gasil-kit's saved-policy format (`gasil-kit/algos`
 * `SavedPolicy`: actor weights, observation statistics, GASIL's discriminator) plus `runId` and
 * `sweep`. The runner treats the objects as opaque JSON produced by the trainer's optional
 * `exportPolicies()`; a trainer without it (e.g. a user's plug-in) simply saves none.
 *
 * Files are written atomically (temp + fsync + rename) and hold nothing that depends on the clock,
 * so a run killed at any instant and resumed from its checkpoint rewrites exactly the same bytes.
 * Seeds that went non-finite are not saved from then on.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../core/errors";
import { readTextMaybeGzip, writeFileAtomic } from "./durable-files";
import { findRun, readManifest, runPaths } from "./manifest";

/** Default env steps between two periodic policy saves (per seed); a sweep's `policySaveEvery` overrides it. */
export const POLICY_SAVE_EVERY = 100_000;

/** The policies folder of a run. */
export function policiesDir(sweepDir: string, runId: string): string {
  return path.join(runPaths(sweepDir, runId).dir, "policies");
}

/** Path of one saved policy: `"final"` or the env steps of a periodic save. */
export function policyPath(sweepDir: string, runId: string, seed: number, which: "final" | number): string {
  return path.join(policiesDir(sweepDir, runId), `seed-${seed}`, which === "final" ? "final.json" : `steps-${which}.json`);
}

/** True when an iteration that moved a seed from `before` to `after` env steps crossed a save point. */
export function crossesPolicySave(before: number, after: number, every: number = POLICY_SAVE_EVERY): boolean {
  return Math.floor(after / every) > Math.floor(before / every);
}

/** The slice of a saved policy the runner reads (the rest is passed through). */
interface PolicyLike {
  readonly seed: number;
}

/**
 * Write the trainer's current policies (one file per live seed).
 * @param exported `trainer.exportPolicies()`: one object per seed in population order, null for dead seeds.
 */
export function writePolicies(
  sweepDir: string,
  sweep: string,
  runId: string,
  exported: readonly (unknown | null)[],
  which: "final" | number,
): void {
  for (const policy of exported) {
    if (policy === null || typeof policy !== "object") continue;
    const seed = (policy as PolicyLike).seed;
    // Compact JSON: the base64 weights dominate; indentation would add nothing readable.
    writeFileAtomic(policyPath(sweepDir, runId, seed, which), `${JSON.stringify({ runId, sweep, ...(policy as object) })}\n`);
  }
}

/** Saved policies of one seed of a run. */
export interface SeedPolicies {
  readonly seed: number;
  /** Env steps of the periodic saves, ascending. */
  readonly steps: readonly number[];
  readonly hasFinal: boolean;
}

/** What is saved for a run (seeds in the manifest's order; seeds without files have empty lists). */
export function listRunPolicies(sweepDir: string, runId: string): SeedPolicies[] {
  const run = findRun(readManifest(sweepDir), runId);
  return run.seeds.map((seed) => {
    const dir = path.join(policiesDir(sweepDir, runId), `seed-${seed}`);
    const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    const steps = names
      .map((n) => /^steps-(\d+)\.json(\.gz)?$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    return { seed, steps, hasFinal: names.includes("final.json") || names.includes("final.json.gz") };
  });
}

function describeSaved(list: readonly SeedPolicies[]): string {
  const parts = list
    .filter((s) => s.hasFinal || s.steps.length > 0)
    .map((s) => `seed ${s.seed}: ${[...s.steps.map(String), ...(s.hasFinal ? ["final"] : [])].join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : "none";
}

/**
 * Read one saved policy of a sweep (the JSON object; load it with `loadPolicy` of `gasil-kit/algos`).
 * @param which `"final"` (default), or the env steps of a periodic save.
 * @throws ConfigError naming the run ids, seeds or saves that exist when the request does not.
 */
export function readRunPolicy(sweepDir: string, runId: string, seed: number, which: "final" | number = "final"): Record<string, unknown> {
  const manifest = readManifest(sweepDir);
  const run = findRun(manifest, runId);
  if (!run.seeds.includes(seed)) {
    throw new ConfigError("--seed", `run ${run.runId} has no seed ${seed}; allowed: ${run.seeds.join(", ")}`);
  }
  const file = policyPath(sweepDir, run.runId, seed, which);
  const text = readTextMaybeGzip(file); // final.json, or final.json.gz in a compacted sweep
  const saved = text === null ? null : (JSON.parse(text) as Record<string, unknown>);
  if (saved === null) {
    const list = listRunPolicies(sweepDir, run.runId);
    const mine = list.find((s) => s.seed === seed);
    const hint =
      mine !== undefined && (mine.hasFinal || mine.steps.length > 0)
        ? `this seed has: ${[...mine.steps.map((s) => `${s} steps`), ...(mine.hasFinal ? ["final"] : [])].join(", ")}`
        : `saved policies of run ${run.runId}: ${describeSaved(list)}` +
          (describeSaved(list) === "none"
            ? " (the run was trained before policy saving existed, or has not finished; retrain it to get policies)"
            : "");
    throw new ConfigError(
      "--seed",
      `no ${which === "final" ? "final" : `${which}-step`} policy for seed ${seed} of run ${run.runId} (${file}); ${hint}`,
    );
  }
  return saved;
}
