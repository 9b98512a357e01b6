/**
 * Replays of a sweep's saved policies, without training: load a seed's policy
 * (`runs/<ID>/policies/…`), run one episode from an explicit episode seed and record it for the
 * 3-D viewer; pick the median and best seeds of a run by their final training score.
 *
 * Used by `gasil-kit replay` and by the notebooks (`gasil-kit/experiments`).
 */
import { loadPolicy, type SavedPolicy } from "../algos/saved-policy";
import { methodLabel } from "../analysis/labels";
import type { Table } from "../analysis/tables";
import { ConfigError } from "../core/errors";
import { recordRollout } from "../envs/record";
import type { Replay } from "../envs/replay-types";
import { findRun, readManifest } from "./manifest";
import { listRunPolicies, readRunPolicy } from "./policies";
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
  /** Caption; default "<method> · <task> · seed k (n training steps)". */
  readonly title?: string;
  /** Replaces "seed k" in the default caption, e.g. "median seed (2)". */
  readonly seedNote?: string;
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
    title:
      options.title ??
      `${label}${varied} · ${saved.envId} · ${options.seedNote ?? `seed ${seed}`} (${saved.envSteps.toLocaleString("en-US")} training steps)`,
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
    return { seed, finalReturn: s?.finite && s.averageReturn !== null ? s.averageReturn : null };
  });
  return scores.sort((a, b) => (b.finalReturn ?? -Infinity) - (a.finalReturn ?? -Infinity) || a.seed - b.seed);
}

/**
 * The best seed and the median seed of a run by final training score (the lower median for an
 * even count), e.g. to show a typical and a lucky policy side by side.
 */
export function medianAndBestSeeds(sweepDir: string, runId: string): { best: SeedScore; median: SeedScore } {
  const ranked = seedsByFinalReturn(sweepDir, runId).filter((s) => s.finalReturn !== null);
  if (ranked.length === 0)
    throw new ConfigError("--run", `run ${runId}: no seed has a final score (no finished episodes, or every seed failed)`);
  return { best: ranked[0]!, median: ranked[Math.floor(ranked.length / 2)]! };
}

/** Options of {@link replayComparison}. */
export interface ReplayComparisonOptions {
  /** Environment id, e.g. "Hopper-v4". */
  readonly task: string;
  /** Methods to compare, in display order (default ["ppo", "gasil"]). */
  readonly methods?: readonly string[];
  /** Study whose runs to use (default "figure6"). */
  readonly study?: string;
  /** Seed of every replayed episode's reset (default 0): all panels start from the same state. */
  readonly episodeSeed?: number;
  readonly maxSteps?: number;
}

/** What {@link replayComparison} found and recorded. */
export interface ReplayComparison {
  /** False when a run is missing or has no final policy for a seed it needs (see `message`). */
  readonly available: boolean;
  /** Why nothing was recorded, or a one-line summary of what was. */
  readonly message: string;
  /** Which seed each method shows: method, run, pick, seed, final training score, replayed return. */
  readonly table: Table;
  /** One synchronised group per pick ("median seed", "best seed"), one replay per method. */
  readonly groups: readonly { readonly pick: "median" | "best"; readonly replays: readonly Replay[] }[];
}

/**
 * Replays of the median and the best seed (by final training score) of each method on one task,
 * grouped so that each pick shows the methods side by side — the notebooks' "watch PPO next to
 * GASIL+PPO" view. Never trains; when the sweep has no saved policies (trained before policy saving
 * existed) it returns `available: false` with a message saying what to do instead of throwing.
 * @throws ConfigError when the sweep has no run of a method on the task.
 */
export async function replayComparison(sweepDir: string, options: ReplayComparisonOptions): Promise<ReplayComparison> {
  const manifest = readManifest(sweepDir);
  const methods = options.methods ?? ["ppo", "gasil"];
  const study = options.study ?? "figure6";
  const empty: Table = { columns: [], rows: [] };
  const picked = methods.map((method) => {
    const run = manifest.runs.find((r) => r.study === study && r.task === options.task && r.method === method);
    if (run === undefined) {
      const have = manifest.runs.filter((r) => r.study === study).map((r) => `${r.task}/${r.method}`);
      throw new ConfigError(
        "methods",
        `sweep ${manifest.sweep} has no ${study} run of ${method} on ${options.task}; it has ${[...new Set(have)].join(", ")}`,
      );
    }
    return { method, run, ...medianAndBestSeeds(sweepDir, run.runId) };
  });
  const missing: string[] = [];
  for (const p of picked) {
    const saved = listRunPolicies(sweepDir, p.run.runId);
    for (const s of [p.median.seed, p.best.seed])
      if (!saved.some((x) => x.seed === s && x.hasFinal)) missing.push(`${p.run.runId} seed ${s}`);
  }
  if (missing.length > 0) {
    return {
      available: false,
      message:
        `no saved policies for ${missing.join(", ")} in ${sweepDir}: the sweep was trained before runs saved their policies. ` +
        "Retrain it (npm run reproduce, or RUN = true above) to watch the agents; the figures above do not need them.",
      table: empty,
      groups: [],
    };
  }
  const rows: (string | number | null)[][] = [];
  const groups: { pick: "median" | "best"; replays: Replay[] }[] = [];
  for (const pick of ["median", "best"] as const) {
    const replays: Replay[] = [];
    for (const p of picked) {
      const score = p[pick];
      const r = await recordSweepReplay(sweepDir, p.run.runId, score.seed, {
        seedNote: `${pick} seed (${score.seed})`,
        ...(options.episodeSeed !== undefined ? { episodeSeed: options.episodeSeed } : {}),
        ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
      });
      replays.push(r);
      rows.push([methodLabel(p.method), p.run.runId, pick, score.seed, score.finalReturn, r.return, r.length]);
    }
    groups.push({ pick, replays });
  }
  return {
    available: true,
    message: `${groups.length} groups × ${methods.length} methods recorded from saved policies (no training)`,
    table: { columns: ["method", "run", "pick", "seed", "final training score", "replayed return", "replayed length"], rows },
    groups,
  };
}
