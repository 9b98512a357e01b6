/**
 * Across-task comparison of methods from their runs' final scores (rliable's protocol):
 * normalised scores as one {@link ScoreMatrix} per method, IQM / mean / median / optimality gap
 * with stratified bootstrap intervals, and the probability that the target method (GASIL+PPO)
 * improves on each baseline, with intervals.
 */

import { ConfigError, ShapeError } from "../core/errors";
import type { Rng } from "../core/rng";
import { type IntervalEstimate, intervalEstimates, probabilityOfImprovementInterval } from "./bootstrap";
import type { RunFinal } from "./final";
import { sortMethods } from "./labels";
import { type Aggregate, aggregateIqm, aggregateMean, aggregateMedian, optimalityGap } from "./metrics";
import { DEFAULT_NORMALIZATION, type Normalization, normalizationReference, normalizeScore, type TaskReference } from "./normalize";
import { createScoreMatrix, type ScoreMatrix } from "./score-matrix";

/** What to do when a method lacks a seed on some task (the matrix must be rectangular). */
export type MissingRunPolicy = "error" | "drop";

/** Options of {@link scoreMatrices}. */
export interface ScoreMatrixOptions {
  /** Methods to include; default every method present, in the usual order. */
  readonly methods?: readonly string[];
  /** Tasks (columns) to include; default every task present, sorted. */
  readonly tasks?: readonly string[];
  /** Per-task reference; default raw scores. */
  readonly reference?: Readonly<Record<string, TaskReference>>;
  /** `"error"` (default): throw when a seed is missing on a task; `"drop"`: drop that seed from the method. */
  readonly missing?: MissingRunPolicy;
}

/**
 * One runs × tasks matrix per method. Runs are labelled `seed <n>`; a seed is one row across tasks.
 * @throws ShapeError when a (method, task, seed) has two runs (several settings: filter rows to one
 *   setting first), when a method has no run on a task, or (policy `"error"`) a seed is missing on a task.
 */
export function scoreMatrices(finals: readonly RunFinal[], opts: ScoreMatrixOptions = {}): Record<string, ScoreMatrix> {
  const methods = opts.methods ?? sortMethods(finals.map((f) => f.method));
  const tasks = opts.tasks ?? [...new Set(finals.map((f) => f.task))].sort();
  const out: Record<string, ScoreMatrix> = {};
  for (const method of methods) {
    const cells = new Map<string, number>();
    const seedsByTask = new Map<string, Set<number>>(tasks.map((t) => [t, new Set<number>()]));
    for (const f of finals) {
      if (f.method !== method || !seedsByTask.has(f.task)) continue;
      const key = `${f.task}|${f.seed}`;
      if (cells.has(key)) {
        throw new ShapeError(
          `scoreMatrices: method ${method} has two runs for task ${f.task} seed ${f.seed} (several settings? filter the rows to one setting first)`,
        );
      }
      const ref = opts.reference?.[f.task];
      cells.set(key, ref ? normalizeScore(f.score, ref) : f.score);
      seedsByTask.get(f.task)!.add(f.seed);
    }
    const all = new Set<number>();
    for (const [task, seeds] of seedsByTask) {
      if (seeds.size === 0) throw new ShapeError(`scoreMatrices: method ${method} has no run on task ${task}`);
      for (const s of seeds) all.add(s);
    }
    let seeds = [...all].sort((a, b) => a - b);
    const incomplete = seeds.filter((s) => tasks.some((t) => !seedsByTask.get(t)!.has(s)));
    if (incomplete.length > 0) {
      if ((opts.missing ?? "error") === "error") {
        const detail = incomplete.map((s) => `seed ${s} lacks ${tasks.filter((t) => !seedsByTask.get(t)!.has(s)).join("/")}`).join("; ");
        throw new ShapeError(`scoreMatrices: method ${method} is missing runs (${detail}); pass missing: "drop" to drop those seeds`);
      }
      seeds = seeds.filter((s) => !incomplete.includes(s));
      if (seeds.length === 0) throw new ShapeError(`scoreMatrices: method ${method} has no seed with a run on every task`);
    }
    out[method] = createScoreMatrix(
      seeds.map((s) => `seed ${s}`),
      tasks,
      seeds.map((s) => tasks.map((t) => cells.get(`${t}|${s}`)!)),
    );
  }
  return out;
}

/** The aggregates reported across tasks. */
export const ACROSS_TASK_AGGREGATES = {
  iqm: aggregateIqm,
  mean: aggregateMean,
  median: aggregateMedian,
  optimalityGap: (m: ScoreMatrix) => optimalityGap(m, 1),
} satisfies Record<string, Aggregate>;

/** Names of {@link ACROSS_TASK_AGGREGATES}. */
export type AcrossTaskAggregate = keyof typeof ACROSS_TASK_AGGREGATES;

/** Probability that the target improves on one baseline. */
export interface ImprovementEstimate {
  readonly target: string;
  readonly baseline: string;
  readonly estimate: IntervalEstimate;
}

/** Options of {@link compareAcrossTasks}. */
export interface AcrossTaskOptions {
  /** Randomness: aggregates use `rng.split("aggregates").split(method)`, POI `rng.split("improvement").split(baseline)`. */
  readonly rng: Rng;
  /** Bootstrap replicates; default 2000. */
  readonly reps?: number;
  /** Interval coverage; default 0.95. */
  readonly confidence?: number;
  /** Default min-max (see `normalize.ts`). */
  readonly normalization?: Normalization;
  /** The method compared with every other; default `"gasil"`. */
  readonly target?: string;
  readonly methods?: readonly string[];
  readonly tasks?: readonly string[];
  readonly missing?: MissingRunPolicy;
}

/** Result of {@link compareAcrossTasks}. */
export interface AcrossTaskResult {
  readonly normalization: Normalization;
  /** The reference used per task. */
  readonly reference: Readonly<Record<string, TaskReference>>;
  readonly tasks: readonly string[];
  readonly methods: readonly string[];
  /** Normalised scores per method. */
  readonly scores: Readonly<Record<string, ScoreMatrix>>;
  /** `aggregates[method][aggregate]` with intervals. */
  readonly aggregates: Readonly<Record<string, Readonly<Record<AcrossTaskAggregate, IntervalEstimate>>>>;
  /** Probability of improvement of the target over each other method (empty when the target is absent). */
  readonly improvement: readonly ImprovementEstimate[];
}

/**
 * Normalise final scores, then report IQM, mean, median and optimality gap per method and the
 * probability of improvement of `target` over each baseline, all with stratified bootstrap intervals.
 * @throws ConfigError when a listed method or task has no runs; ShapeError as {@link scoreMatrices}.
 */
export function compareAcrossTasks(finals: readonly RunFinal[], opts: AcrossTaskOptions): AcrossTaskResult {
  const present = new Set(finals.map((f) => f.method));
  const methods = opts.methods ?? sortMethods(present);
  for (const m of methods) {
    if (!present.has(m))
      throw new ConfigError("methods", `method ${JSON.stringify(m)} has no runs (present: ${sortMethods(present).join(", ")})`);
  }
  const presentTasks = new Set(finals.map((f) => f.task));
  const tasks = opts.tasks ?? [...presentTasks].sort();
  for (const t of tasks) {
    if (!presentTasks.has(t))
      throw new ConfigError("tasks", `task ${JSON.stringify(t)} has no runs (present: ${[...presentTasks].sort().join(", ")})`);
  }
  const normalization = opts.normalization ?? DEFAULT_NORMALIZATION;
  const used = finals.filter((f) => tasks.includes(f.task));
  const reference = normalizationReference(used, normalization);
  const scores = scoreMatrices(used, { methods, tasks, reference, ...(opts.missing ? { missing: opts.missing } : {}) });
  const boot = { reps: opts.reps, confidence: opts.confidence };
  const common = {
    ...(boot.reps !== undefined ? { reps: boot.reps } : {}),
    ...(boot.confidence !== undefined ? { confidence: boot.confidence } : {}),
  };
  const aggregates = intervalEstimates(scores, ACROSS_TASK_AGGREGATES, { rng: opts.rng.split("aggregates"), ...common });
  const target = opts.target ?? "gasil";
  const improvement: ImprovementEstimate[] = [];
  if (scores[target]) {
    for (const baseline of methods) {
      if (baseline === target) continue;
      improvement.push({
        target,
        baseline,
        estimate: probabilityOfImprovementInterval(scores[target], scores[baseline]!, {
          rng: opts.rng.split("improvement").split(baseline),
          ...common,
        }),
      });
    }
  }
  return { normalization, reference, tasks, methods, scores, aggregates, improvement };
}
