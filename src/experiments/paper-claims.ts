/**
 * What the paper reports for Figures 6 and 7 (docs/paper-protocol.md#reported-results), and a check of a sweep's final
 * scores against it that produces one sentence backed by the numbers.
 *
 * - Figure 6: GASIL+PPO is better than PPO, PPO+BC and PPO+SIL "most of the time" on the delayed
 *   tasks, with the clearest gap over plain PPO **[S]**. Reproduction target: on most tasks,
 *   GASIL+PPO ≥ each baseline at the end of training.
 * - Figure 7: non-monotone (inverted-U) dependence on the buffer size and on the number of
 *   discriminator updates **[S]**: the best value lies strictly inside the swept range. The shape
 *   counts as *resolved* only when the best value's 95% interval lies above the intervals of both
 *   end values; an interior best whose interval overlaps an end is reported as unresolved, the
 *   same rule Figure 6 uses for "interval above the baseline's".
 *
 * Inputs are final-performance rows (one per task × method × setting: mean over runs and its
 * 95% interval), e.g. `finalPerformanceTable` of `gasil-kit/analysis`.
 */

/** One final-performance row (structural: `FinalSummary` of the analysis layer fits). */
export interface FinalRow {
  readonly task: string;
  readonly method: string;
  readonly setting: Readonly<Record<string, string | number | boolean | null>>;
  /** Runs (seeds). */
  readonly n: number;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
}

const LABEL: Readonly<Record<string, string>> = { ppo: "PPO", gasil: "GASIL+PPO", bc: "PPO+BC", sil: "PPO+SIL" };
const label = (m: string): string => LABEL[m] ?? m;

/** The paper's reported ordering, in words (docs/paper-protocol.md#reported-results). */
export const PAPER_FIGURE6_CLAIM =
  "the paper reports GASIL+PPO above PPO, PPO+BC and PPO+SIL on most delayed-reward tasks, with the clearest gap over plain PPO";
export const PAPER_FIGURE7_CLAIM =
  "the paper reports an inverted U: intermediate buffer sizes and numbers of discriminator updates work best";

/** Per-task outcome of the Figure 6 comparison. */
export interface Figure6TaskOutcome {
  readonly task: string;
  /** Methods by decreasing mean final score. */
  readonly ranking: readonly string[];
  readonly means: Readonly<Record<string, number>>;
  /** 1 = best. */
  readonly gasilRank: number;
  /** Baselines whose mean is below GASIL+PPO's. */
  readonly gasilAbove: readonly string[];
  /** Baselines whose 95% interval lies entirely below GASIL+PPO's interval. */
  readonly gasilClearlyAbove: readonly string[];
}

/** Figure 6 comparison with the paper. */
export interface Figure6Comparison {
  readonly tasks: readonly Figure6TaskOutcome[];
  /** Tasks where GASIL+PPO has the highest mean. */
  readonly gasilBest: number;
  /** For each baseline: tasks where GASIL+PPO's mean is higher. */
  readonly gasilAboveCount: Readonly<Record<string, number>>;
  /**
   * "reproduced": GASIL+PPO above every baseline on most tasks; "partly reproduced": above plain PPO
   * on most tasks; "mixed": above PPO on exactly half the tasks; else "not reproduced".
   */
  readonly verdict: "reproduced" | "partly reproduced" | "mixed" | "not reproduced";
  /** One sentence that states the numbers and the verdict. */
  readonly sentence: string;
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/**
 * Compare final scores with the paper's Figure 6 ordering.
 * @param rows final-performance rows of one Figure 6 sweep (no hyperparameter setting).
 * @param budget words describing the budget for the sentence, e.g. `"30,720 steps, 3 seeds"`.
 */
export function compareFigure6(rows: readonly FinalRow[], budget = ""): Figure6Comparison {
  const tasks = [...new Set(rows.map((r) => r.task))].sort();
  const outcomes: Figure6TaskOutcome[] = [];
  const baselines = [...new Set(rows.map((r) => r.method))]
    .filter((m) => m !== "gasil")
    .sort((a, b) => Object.keys(LABEL).indexOf(a) - Object.keys(LABEL).indexOf(b));
  const aboveCount: Record<string, number> = Object.fromEntries(baselines.map((b) => [b, 0]));
  let gasilBest = 0;
  for (const task of tasks) {
    const own = rows.filter((r) => r.task === task);
    const g = own.find((r) => r.method === "gasil");
    const ranking = [...own].sort((a, b) => b.mean - a.mean).map((r) => r.method);
    const means = Object.fromEntries(own.map((r) => [r.method, r.mean]));
    if (g === undefined) {
      outcomes.push({ task, ranking, means, gasilRank: NaN, gasilAbove: [], gasilClearlyAbove: [] });
      continue;
    }
    const above = own.filter((r) => r.method !== "gasil" && r.mean < g.mean).map((r) => r.method);
    const clearly = own.filter((r) => r.method !== "gasil" && r.upper < g.lower).map((r) => r.method);
    for (const b of above) aboveCount[b] = (aboveCount[b] ?? 0) + 1;
    const rank = ranking.indexOf("gasil") + 1;
    if (rank === 1) gasilBest++;
    outcomes.push({ task, ranking, means, gasilRank: rank, gasilAbove: above, gasilClearlyAbove: clearly });
  }
  const withGasil = outcomes.filter((o) => Number.isFinite(o.gasilRank)).length;
  const most = (k: number): boolean => withGasil > 0 && k > withGasil / 2;
  const abovePpo = aboveCount["ppo"] ?? 0;
  const verdict: Figure6Comparison["verdict"] =
    baselines.length > 0 && baselines.every((b) => most(aboveCount[b] ?? 0))
      ? "reproduced"
      : most(abovePpo)
        ? "partly reproduced"
        : withGasil > 0 && abovePpo * 2 === withGasil
          ? "mixed"
          : "not reproduced";
  const perTask = outcomes.map((o) => `${o.task}: ${o.ranking.map((m) => `${label(m)} ${fmt(o.means[m]!)}`).join(" > ")}`).join("; ");
  const clearPairs = outcomes.reduce((s, o) => s + o.gasilClearlyAbove.length, 0);
  const pairs = outcomes.reduce((s, o) => s + (Number.isFinite(o.gasilRank) ? o.ranking.length - 1 : 0), 0);
  const versus = baselines.map((b) => `${label(b)} on ${aboveCount[b]} of ${withGasil}`).join(", ");
  const sentence =
    `In this sweep${budget !== "" ? ` (${budget})` : ""}, GASIL+PPO has the highest final average return on ${gasilBest} of ${withGasil} task${withGasil === 1 ? "" : "s"} ` +
    `and a higher mean than ${versus} (final means: ${perTask}); its 95% interval lies above the baseline's in ${clearPairs} of ${pairs} task–baseline pairs. ` +
    `Against the paper's ordering (${PAPER_FIGURE6_CLAIM}), this is ${
      verdict === "reproduced"
        ? "reproduced"
        : verdict === "partly reproduced"
          ? "partly reproduced (GASIL+PPO beats plain PPO on most tasks, not every baseline)"
          : verdict === "mixed"
            ? "mixed (GASIL+PPO beats plain PPO on half of the tasks)"
            : "not reproduced"
    }` +
    `${clearPairs < pairs ? " — and with overlapping intervals the ordering is not statistically resolved at this budget" : ""}.`;
  return { tasks: outcomes, gasilBest, gasilAboveCount: aboveCount, verdict, sentence };
}

/** Per-task outcome of a Figure 7 sweep over one hyperparameter. */
export interface Figure7TaskOutcome {
  readonly task: string;
  /** Swept values in increasing order with the mean final score at each. */
  readonly values: readonly { value: string | number | boolean | null; mean: number; lower: number; upper: number }[];
  readonly best: string | number | boolean | null;
  /** True when the best value is neither the smallest nor the largest (inverted U). */
  readonly interior: boolean;
  /** True when the best value is interior and its 95% interval lies above both end values' intervals. */
  readonly resolved: boolean;
}

/** Figure 7 comparison with the paper for one hyperparameter. */
export interface Figure7Comparison {
  readonly parameter: string;
  readonly tasks: readonly Figure7TaskOutcome[];
  readonly sentence: string;
}

/**
 * Compare a hyperparameter sweep's final scores with the paper's inverted-U reading.
 * @param rows final-performance rows whose `setting` holds `parameter`.
 * @param method the method swept (default `"gasil"`).
 */
export function compareFigure7(rows: readonly FinalRow[], parameter: string, method = "gasil"): Figure7Comparison {
  const own = rows.filter((r) => r.method === method && parameter in r.setting);
  const tasks = [...new Set(own.map((r) => r.task))].sort();
  const outcomes: Figure7TaskOutcome[] = tasks.map((task) => {
    const points = own
      .filter((r) => r.task === task)
      .map((r) => ({ value: r.setting[parameter] ?? null, mean: r.mean, lower: r.lower, upper: r.upper }))
      .sort((a, b) =>
        typeof a.value === "number" && typeof b.value === "number" ? a.value - b.value : String(a.value) < String(b.value) ? -1 : 1,
      );
    let bestIndex = 0;
    points.forEach((p, i) => {
      if (p.mean > points[bestIndex]!.mean) bestIndex = i;
    });
    const interior = bestIndex > 0 && bestIndex < points.length - 1;
    const best = points[bestIndex];
    const first = points[0];
    const last = points[points.length - 1];
    const resolved = interior && best !== undefined && best.lower > first!.upper && best.lower > last!.upper;
    return { task, values: points, best: best?.value ?? null, interior, resolved };
  });
  const interior = outcomes.filter((o) => o.interior).length;
  const resolved = outcomes.filter((o) => o.resolved).length;
  const detail = outcomes
    .map(
      (o) =>
        `${o.task}: ${o.values.map((v) => `${String(v.value)} → ${fmt(v.mean)} [${fmt(v.lower)}, ${fmt(v.upper)}]`).join(", ")} (best ${String(o.best)})`,
    )
    .join("; ");
  const majority = outcomes.length / 2;
  const reading =
    resolved > majority
      ? "agrees with that shape at this budget"
      : interior > majority
        ? "has an interior best mean, but its 95% interval overlaps an end value's, so the inverted U is not resolved at this budget"
        : "does not show that shape at this budget";
  const plural = outcomes.length === 1 ? "" : "s";
  const sentence =
    `For ${parameter}, the best final return lies strictly inside the swept range on ${interior} of ${outcomes.length} task${plural}, ` +
    `with its 95% interval above both end values' on ${resolved} (${detail}); ${PAPER_FIGURE7_CLAIM}, so this ${reading}.`;
  return { parameter, tasks: outcomes, sentence };
}
