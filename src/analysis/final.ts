/**
 * Final performance: one score per run (the mean of its last N logged average returns), and the
 * per (task, method, setting) table of those scores with bootstrap intervals across runs.
 */

import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import { bootstrapMeanInterval } from "./bootstrap";
import { rowSetting, seriesKey } from "./curves";
import { settingLabel } from "./labels";
import type { HyperValue, TidyRow } from "./load";
import { mean, median, standardError } from "./metrics";

/** The final score of one run. */
export interface RunFinal {
  readonly runId: string;
  readonly sweep: string;
  readonly task: string;
  readonly method: string;
  readonly seed: number;
  readonly setting: Readonly<Record<string, HyperValue>>;
  readonly settingLabel: string;
  /** Mean of the last `pointsUsed` non-null average returns (by env steps). */
  readonly score: number;
  /** min(lastN, number of non-null points of the run). */
  readonly pointsUsed: number;
  /** Env steps of the run's last logged point. */
  readonly finalEnvSteps: number;
  /** The run's first non-null average return (the untrained policy's return; used by min-max normalisation). */
  readonly initialScore: number;
}

/** Options of {@link finalScores}. */
export interface FinalScoreOptions {
  /** Number of last logged points averaged per run; default 10 (the kit's Figure 7 summary). */
  readonly lastN?: number;
  /** Hyperparameter columns that identify a setting (e.g. `["gasil.bufferSize"]`). */
  readonly by?: readonly string[];
}

/** Default number of final points averaged per run. */
export const DEFAULT_LAST_N = 10;

/**
 * One final score per run, sorted by task, method, setting, seed. Runs whose average return is
 * null at every point (no episode ever finished) have no score and are left out.
 * @throws ConfigError when `lastN` is not a positive integer, a run's rows disagree on task,
 *   method or seed, or a run has two rows at the same env step.
 */
export function finalScores(rows: readonly TidyRow[], opts: FinalScoreOptions = {}): RunFinal[] {
  const lastN = opts.lastN ?? DEFAULT_LAST_N;
  if (!Number.isInteger(lastN) || lastN < 1) throw new ConfigError("lastN", `expected a positive integer, got ${String(lastN)}`);
  const by = opts.by ?? [];
  const byRun = new Map<string, TidyRow[]>();
  for (const row of rows) {
    const list = byRun.get(row.runId);
    if (list) list.push(row);
    else byRun.set(row.runId, [row]);
  }
  const out: RunFinal[] = [];
  for (const [runId, list] of byRun) {
    const first = list[0]!;
    for (const r of list) {
      for (const field of ["task", "method", "seed", "sweep"] as const) {
        if (r[field] !== first[field]) {
          throw new ConfigError(
            "rows",
            `run ${runId} has rows with ${field} ${JSON.stringify(first[field])} and ${JSON.stringify(r[field])}`,
          );
        }
      }
    }
    const sorted = [...list].sort((a, b) => a.envSteps - b.envSteps);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.envSteps === sorted[i - 1]!.envSteps) {
        throw new ConfigError("rows", `run ${runId} has two rows at envSteps ${sorted[i]!.envSteps} (duplicated row)`);
      }
    }
    const logged = sorted.filter((r) => r.averageReturn !== null);
    if (logged.length === 0) continue;
    const tail = logged.slice(-lastN).map((r) => r.averageReturn as number);
    const setting = rowSetting(first, by);
    out.push({
      runId,
      sweep: first.sweep,
      task: first.task,
      method: first.method,
      seed: first.seed,
      setting,
      settingLabel: settingLabel(setting),
      score: mean(tail),
      pointsUsed: tail.length,
      finalEnvSteps: sorted[sorted.length - 1]!.envSteps,
      initialScore: logged[0]!.averageReturn as number,
    });
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  out.sort(
    (a, b) =>
      cmp(a.task, b.task) || cmp(a.method, b.method) || cmp(a.settingLabel, b.settingLabel) || a.seed - b.seed || cmp(a.runId, b.runId),
  );
  return out;
}

/** One row of the final-performance table. */
export interface FinalSummary {
  readonly task: string;
  readonly method: string;
  readonly setting: Readonly<Record<string, HyperValue>>;
  readonly settingLabel: string;
  /** Number of runs. */
  readonly n: number;
  /** Mean of the runs' final scores. */
  readonly mean: number;
  /** Its standard error. */
  readonly stdErr: number;
  /** Median of the runs' final scores. */
  readonly median: number;
  /** Bootstrap interval of the mean across runs. */
  readonly lower: number;
  readonly upper: number;
}

/** Options of {@link finalPerformanceTable}. */
export interface FinalTableOptions {
  /** Randomness; group (task, method, setting) uses `rng.split("task|method|setting")`. */
  readonly rng: Rng;
  /** Bootstrap replicates per group; default 2000. */
  readonly reps?: number;
  /** Interval coverage; default 0.95. */
  readonly confidence?: number;
}

/** Per (task, method, setting): n, mean, s.e., median and bootstrap interval of the runs' final scores. */
export function finalPerformanceTable(finals: readonly RunFinal[], opts: FinalTableOptions): FinalSummary[] {
  const groups = new Map<string, RunFinal[]>();
  for (const f of finals) {
    const key = seriesKey(f.task, f.method, f.settingLabel);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const out: FinalSummary[] = [];
  for (const [key, list] of groups) {
    const scores = list.map((f) => f.score);
    const ci = bootstrapMeanInterval(scores, {
      rng: opts.rng.split(key),
      ...(opts.reps !== undefined ? { reps: opts.reps } : {}),
      ...(opts.confidence !== undefined ? { confidence: opts.confidence } : {}),
    });
    const f = list[0]!;
    out.push({
      task: f.task,
      method: f.method,
      setting: f.setting,
      settingLabel: f.settingLabel,
      n: scores.length,
      mean: ci.point,
      stdErr: standardError(scores),
      median: median(scores),
      lower: ci.lower,
      upper: ci.upper,
    });
  }
  return out;
}
