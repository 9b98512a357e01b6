/**
 * Replays of a sweep's saved policies, without training: load a seed's policy
 * (`runs/<ID>/policies/…`), run one episode from an explicit episode seed and record it for the
 * 3-D viewer; pick the median and best seeds of a run by their final training score.
 *
 * Used by `gasil-kit replay` and by the notebooks (`gasil-kit/experiments`).
 */
import { loadPolicy, type SavedPolicy } from "../algos/saved-policy";
import { methodLabel } from "../analysis/labels";
import { ConfigError } from "../core/errors";
import { recordRollout } from "../envs/record";
import type { Replay } from "../envs/replay-types";
import { findRun, readManifest } from "./manifest";
import { readRunPolicy } from "./policies";
import { readRunRows } from "./results";

/** Options of {@link recordSweepReplay}. */
export interface SweepReplayOptions {
  /** Which save: `"final"` (default) or the env steps of a periodic save. */
  readonly which?: "final" | number;
  /** Seed of the replayed episode's reset (and of sampled actions). Default 0. */
  readonly episodeSeed?: number;
  /** Mean actions (default true) or sampled ones, as in training. */
  readonly deterministic?: boolean;
  /** Stop after this many steps at the latest (default: the task's time limit). */
  readonly maxSteps?: number;
  /** Caption; default "<method> · <task> · seed k (n steps of training)". */
  readonly title?: string;
}

/**
 * Record one episode of a saved policy of a sweep.
 * @param seed the training seed whose policy to load.
 * @throws ConfigError naming the runs, seeds or saves that exist when the request does not.
 */
export async function recordSweepReplay(sweepDir: string, runId: string, seed: number, options: SweepReplayOptions = {}): Promise<Replay> {
  const run = findRun(readManifest(sweepDir), runId);
  const saved = readRunPolicy(sweepDir, run.runId, seed, options.which ?? "final") as unknown as SavedPolicy;
  const policy = loadPolicy(saved);
  const label = methodLabel(saved.method);
  const varied = run.varied !== "" ? ` (${run.varied} ${String(run.hyperparameters[run.varied])})` : "";
  return recordRollout(saved.envId, policy, {
    seed: options.episodeSeed ?? 0,
    deterministic: options.deterministic ?? true,
    envOptions: saved.envOptions,
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    title: options.title ?? `${label}${varied} · ${saved.envId} · seed ${seed} (${saved.envSteps.toLocaleString("en-US")} training steps)`,
    info: { label, method: saved.method, runId: run.runId, seed, envSteps: saved.envSteps },
  });
}

/** A run's seeds with their final training score (mean return of the last 100 training episodes). */
export interface SeedScore {
  readonly seed: number;
  /** null when no episode finished or the seed went non-finite. */
  readonly finalReturn: number | null;
}

/**
 * Seeds of a run ordered by final training score, best first (seeds without a score last).
 * @throws ConfigError for an unknown run; Error when the run has no rows yet.
 */
export function seedsByFinalReturn(sweepDir: string, runId: string): SeedScore[] {
  const run = findRun(readManifest(sweepDir), runId);
  const rows = readRunRows(sweepDir, run.runId);
  const last = rows[rows.length - 1];
  if (last === undefined) throw new ConfigError("--run", `run ${run.runId} has no training rows yet; train it first`);
  const scores = run.seeds.map((seed): SeedScore => {
    const s = last.seeds.find((x) => x.seed === seed);
    return { seed, finalReturn: s !== undefined && s.finite && s.averageReturn !== null ? s.averageReturn : null };
  });
  return scores.sort((a, b) => (b.finalReturn ?? -Infinity) - (a.finalReturn ?? -Infinity) || a.seed - b.seed);
}

/**
 * The best seed and the median seed of a run by final training score (the lower median for an
 * even count), e.g. to show a typical and a lucky policy side by side.
 */
export function medianAndBestSeeds(sweepDir: string, runId: string): { best: SeedScore; median: SeedScore } {
  const ranked = seedsByFinalReturn(sweepDir, runId).filter((s) => s.finalReturn !== null);
  if (ranked.length === 0) throw new ConfigError("--run", `run ${runId}: no seed has a final score (no finished episodes, or every seed failed)`);
  return { best: ranked[0]!, median: ranked[Math.floor(ranked.length / 2)]! };
}
