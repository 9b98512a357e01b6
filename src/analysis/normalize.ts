/**
 * Score normalisation across tasks, so that tasks with different return scales can be pooled
 * (IQM, probability of improvement is scale-free and unaffected).
 *
 * A normalised score is `(score − low_t) / (high_t − low_t)` for task t. The reference
 * (`low_t`, `high_t`) is chosen by the {@link Normalization} option:
 * - `"min-max"` (default): `low_t` = mean over all runs of the task (every method) of the run's
 *   first logged average return — the return of the untrained stochastic policy, our stand-in for
 *   a random-policy score; `high_t` = the best final score of any run on the task. Scores then
 *   lie in about [0, 1], 1 being the best run observed. An explicit `reference` overrides both.
 * - `"baseline"`: `low_t` as above, `high_t` = the mean final score of the named method (e.g.
 *   `"ppo"`): 1 means "as good as the baseline on average" (PPO-normalised scores).
 * - `"none"`: raw returns (low 0, high 1).
 */

import { ConfigError, describeValue } from "../core/errors";
import type { RunFinal } from "./final";
import { mean } from "./metrics";

/** Normalisation reference of one task. */
export interface TaskReference {
  /** Score mapped to 0. */
  readonly low: number;
  /** Score mapped to 1. */
  readonly high: number;
}

/** How scores are normalised per task (see the module comment). */
export type Normalization =
  | { readonly kind: "none" }
  | { readonly kind: "min-max"; readonly reference?: Readonly<Record<string, TaskReference>> }
  | { readonly kind: "baseline"; readonly method: string };

/** The default: min-max between the untrained policy's return and the best run. */
export const DEFAULT_NORMALIZATION: Normalization = { kind: "min-max" };

/**
 * Reference points per task for the given final scores.
 * @throws ConfigError when the baseline method has no run on a task, an explicit reference lacks a
 *   task, or a reference has `high === low` (nothing to scale by).
 */
export function normalizationReference(
  finals: readonly RunFinal[],
  normalization: Normalization = DEFAULT_NORMALIZATION,
): Record<string, TaskReference> {
  const tasks = [...new Set(finals.map((f) => f.task))].sort();
  const out: Record<string, TaskReference> = {};
  for (const task of tasks) {
    const runs = finals.filter((f) => f.task === task);
    let ref: TaskReference;
    if (normalization.kind === "none") {
      ref = { low: 0, high: 1 };
    } else if (normalization.kind === "min-max" && normalization.reference) {
      const given = normalization.reference[task];
      if (!given) {
        throw new ConfigError(
          `normalization.reference`,
          `has no entry for task ${JSON.stringify(task)} (entries: ${Object.keys(normalization.reference).join(", ") || "none"})`,
        );
      }
      ref = given;
    } else {
      const low = mean(runs.map((f) => f.initialScore));
      let high: number;
      if (normalization.kind === "min-max") {
        high = Math.max(...runs.map((f) => f.score));
      } else {
        const base = runs.filter((f) => f.method === normalization.method);
        if (base.length === 0) {
          const methods = [...new Set(runs.map((f) => f.method))].join(", ");
          throw new ConfigError(
            "normalization.method",
            `baseline ${describeValue(normalization.method)} has no run on task ${JSON.stringify(task)} (methods there: ${methods})`,
          );
        }
        high = mean(base.map((f) => f.score));
      }
      ref = { low, high };
    }
    if (!(Number.isFinite(ref.low) && Number.isFinite(ref.high)) || ref.high === ref.low) {
      throw new ConfigError(
        `normalization`,
        `task ${JSON.stringify(task)} has reference low ${ref.low}, high ${ref.high}: need two different finite numbers`,
      );
    }
    out[task] = ref;
  }
  return out;
}

/** `(score − low) / (high − low)`. */
export function normalizeScore(score: number, ref: TaskReference): number {
  return (score - ref.low) / (ref.high - ref.low);
}
