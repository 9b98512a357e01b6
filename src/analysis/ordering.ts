/**
 * Orderings of methods per task, in the form the paper's claims take ("GASIL+PPO is better than
 * each baseline on most tasks", docs/paper-protocol.md#reported-results): for each baseline, the tasks on which the target's
 * mean final score is at least the baseline's, and the per-task ranking.
 */

import { ConfigError } from "../core/errors";
import type { FinalSummary } from "./final";
import { methodLabel, sortMethods } from "./labels";

/** How the target fares against one baseline. */
export interface BaselineComparison {
  readonly target: string;
  readonly baseline: string;
  /** Tasks where the target's mean final score ≥ the baseline's. */
  readonly tasksAhead: readonly string[];
  /** Tasks where the target's interval lies entirely above the baseline's interval. */
  readonly clearlyAhead: readonly string[];
  /** Tasks where the target's interval lies entirely below the baseline's interval. */
  readonly clearlyBehind: readonly string[];
  /** Number of tasks both methods have. */
  readonly tasks: number;
}

/** Result of {@link taskOrderings}. */
export interface TaskOrderings {
  /** Methods ranked best first by mean final score, per task. */
  readonly ranking: Readonly<Record<string, readonly string[]>>;
  readonly comparisons: readonly BaselineComparison[];
}

/**
 * Rank methods per task by mean final score and compare the target with every other method.
 * Expects one setting per (task, method) (a Figure 6 study).
 * @throws ConfigError when a (task, method) has several settings or the target has no rows.
 */
export function taskOrderings(summary: readonly FinalSummary[], target = "gasil"): TaskOrderings {
  const byTask = new Map<string, Map<string, FinalSummary>>();
  for (const s of summary) {
    const m = byTask.get(s.task) ?? new Map<string, FinalSummary>();
    if (m.has(s.method))
      throw new ConfigError("summary", `task ${s.task} has several rows for method ${s.method} (several settings); select one study first`);
    m.set(s.method, s);
    byTask.set(s.task, m);
  }
  if (!summary.some((s) => s.method === target)) {
    throw new ConfigError(
      "target",
      `method ${JSON.stringify(target)} has no rows (methods: ${sortMethods(summary.map((s) => s.method)).join(", ")})`,
    );
  }
  const tasks = [...byTask.keys()].sort();
  const ranking: Record<string, string[]> = {};
  for (const task of tasks) {
    ranking[task] = [...byTask.get(task)!.values()].sort((a, b) => b.mean - a.mean).map((s) => s.method);
  }
  const baselines = sortMethods(summary.map((s) => s.method)).filter((m) => m !== target);
  const comparisons = baselines.map((baseline) => {
    const ahead: string[] = [];
    const clearlyAhead: string[] = [];
    const clearlyBehind: string[] = [];
    let count = 0;
    for (const task of tasks) {
      const t = byTask.get(task)!.get(target);
      const b = byTask.get(task)!.get(baseline);
      if (!t || !b) continue;
      count++;
      if (t.mean >= b.mean) ahead.push(task);
      if (t.lower > b.upper) clearlyAhead.push(task);
      if (t.upper < b.lower) clearlyBehind.push(task);
    }
    return { target, baseline, tasksAhead: ahead, clearlyAhead, clearlyBehind, tasks: count };
  });
  return { ranking, comparisons };
}

/**
 * One sentence per baseline, e.g. "GASIL+PPO ≥ PPO on 2 of 3 tasks (Hopper-v4, Swimmer-v4); intervals
 * separate on 1 in its favour (Hopper-v4) and 0 against."
 */
export function orderingSentences(orderings: TaskOrderings): string[] {
  return orderings.comparisons.map((c) => {
    const list = (xs: readonly string[]): string => (xs.length > 0 ? ` (${xs.join(", ")})` : "");
    return (
      `${methodLabel(c.target)} ≥ ${methodLabel(c.baseline)} on ${c.tasksAhead.length} of ${c.tasks} tasks${list(c.tasksAhead)}; ` +
      `the 95% intervals separate on ${c.clearlyAhead.length} in its favour${list(c.clearlyAhead)} and ${c.clearlyBehind.length} against${list(c.clearlyBehind)}.`
    );
  });
}
