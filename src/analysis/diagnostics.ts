/**
 * What GASIL's discriminator did: curves and end-of-training summaries of the per-iteration
 * diagnostics of `results.csv` ({@link DIAGNOSTIC_COLUMNS}), and a computed sentence that says
 * whether D separates the current policy's pairs from the good-trajectory buffer's.
 *
 * Why it matters: GASIL's bonus is −α·log D ≥ 0. If D stays at chance (D ≈ ½ on both sides), the
 * bonus is the constant α·log 2 per step — a survival reward, not imitation. The separation
 * sentence and the survival-bonus control (method `survival`) tell the two apart.
 */

import { ConfigError } from "../core/errors";
import type { Rng } from "../core/rng";
import { bootstrapMeanDifferenceInterval, DEFAULT_BOOTSTRAP_REPS } from "./bootstrap";
import { type CurvePoint, learningCurves } from "./curves";
import { type FinalSummary, finalPerformanceTable, finalScores } from "./final";
import { methodLabel } from "./labels";
import { DIAGNOSTIC_COLUMNS, type TidyRow } from "./load";
import { mean } from "./metrics";

/** A diagnostic column of the results, or the derived `discSeparation` (mean D policy − mean D buffer). */
export type DiagnosticName = (typeof DIAGNOSTIC_COLUMNS)[number] | "discSeparation";

/** Allowed {@link DiagnosticName} values. */
export const DIAGNOSTIC_NAMES: readonly DiagnosticName[] = [...DIAGNOSTIC_COLUMNS, "discSeparation"];

/** Axis titles of the diagnostics. */
export const DIAGNOSTIC_LABELS: Readonly<Record<DiagnosticName, string>> = {
  episodeLength: "mean episode length",
  discAccuracyPolicy: "accuracy on policy pairs",
  discAccuracyBuffer: "accuracy on buffer pairs",
  discMeanPolicy: "mean D on policy pairs",
  discMeanBuffer: "mean D on buffer pairs",
  negLogDMean: "mean −log D over the rollout",
  negLogDStd: "std of −log D over the rollout",
  bonusMean: "bonus per step",
  discSeparation: "mean D: policy − buffer",
};

function check(name: string): DiagnosticName {
  if (!(DIAGNOSTIC_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError("diagnostic", `got ${JSON.stringify(name)}; allowed: ${DIAGNOSTIC_NAMES.join(", ")}`);
  }
  return name as DiagnosticName;
}

/** The value of one diagnostic in a row (null where the method does not log it). */
export function diagnosticValue(row: TidyRow, name: DiagnosticName): number | null {
  if (name === "discSeparation") {
    const p = row.diagnostics["discMeanPolicy"];
    const b = row.diagnostics["discMeanBuffer"];
    return typeof p === "number" && typeof b === "number" ? p - b : null;
  }
  const v = row.diagnostics[name];
  return typeof v === "number" ? v : null;
}

/** The rows with `averageReturn` replaced by one diagnostic, so the curve/final tools aggregate it. */
function asScoreRows(rows: readonly TidyRow[], name: DiagnosticName): TidyRow[] {
  return rows.map((r) => ({ ...r, averageReturn: diagnosticValue(r, name) }));
}

/** Options of {@link diagnosticCurves} and {@link finalDiagnostics}. */
export interface DiagnosticOptions {
  readonly rng: Rng;
  /** Hyperparameter columns that split series (e.g. `["discriminatorSchedule"]`). */
  readonly by?: readonly string[];
}

/**
 * Per (task, method, setting, env step): mean over runs of one diagnostic, with its standard
 * error (no bootstrap: these curves are for looking). Methods without the diagnostic have no points.
 * @throws ConfigError naming the allowed diagnostics.
 */
export function diagnosticCurves(rows: readonly TidyRow[], diagnostic: string, opts: DiagnosticOptions): CurvePoint[] {
  const name = check(diagnostic);
  const scored = asScoreRows(rows, name).filter((r) => r.averageReturn !== null);
  if (scored.length === 0) return [];
  return learningCurves(scored, { rng: opts.rng, bootstrap: false, ...(opts.by !== undefined ? { by: opts.by } : {}) });
}

/** One diagnostic's end-of-training summary per (task, method, setting). */
export interface DiagnosticSummary extends FinalSummary {
  readonly diagnostic: DiagnosticName;
}

/**
 * Per run the mean of a diagnostic over its last `lastN` logged iterations (default 10), then per
 * (task, method, setting) the mean across runs with its standard error and a 95% bootstrap interval.
 */
export function finalDiagnostics(
  rows: readonly TidyRow[],
  diagnostic: string,
  opts: DiagnosticOptions & { lastN?: number; reps?: number },
): DiagnosticSummary[] {
  const name = check(diagnostic);
  const finals = finalScores(asScoreRows(rows, name), { lastN: opts.lastN ?? 10, ...(opts.by !== undefined ? { by: opts.by } : {}) });
  return finalPerformanceTable(finals, { rng: opts.rng.split(name), ...(opts.reps !== undefined ? { reps: opts.reps } : {}) }).map((s) => ({
    ...s,
    diagnostic: name,
  }));
}

/** How clearly D separates the two sides (see {@link separationVerdict}). */
export type SeparationVerdict = "separates" | "separates weakly" | "near chance";

/**
 * Verdict from the end-of-training separation (mean D on policy pairs − mean D on buffer pairs,
 * averaged over the last iterations, interval across seeds) and the mean accuracy of both sides:
 * - "separates": the interval's lower end ≥ 0.1 and the mean accuracy ≥ 0.6;
 * - "separates weakly": the lower end > 0 (a consistent but small gap);
 * - "near chance": otherwise.
 * The thresholds are ours: at D = ½ ± 0.05 on both sides the bonus varies by less than ±10 %
 * around α·log 2, which is what "a constant survival reward" means in practice.
 */
export function separationVerdict(separation: FinalSummary, accuracyPolicy: number, accuracyBuffer: number): SeparationVerdict {
  const accuracy = (accuracyPolicy + accuracyBuffer) / 2;
  if (separation.lower >= 0.1 && accuracy >= 0.6) return "separates";
  if (separation.lower > 0) return "separates weakly";
  return "near chance";
}

/** The end-of-training D picture of one (task, method, setting). */
export interface SeparationSummary {
  readonly task: string;
  readonly method: string;
  readonly settingLabel: string;
  readonly n: number;
  readonly meanPolicy: number;
  readonly meanBuffer: number;
  readonly separation: FinalSummary;
  readonly accuracyPolicy: number;
  readonly accuracyBuffer: number;
  readonly negLogD: number;
  readonly negLogDStd: number;
  readonly verdict: SeparationVerdict;
}

/** {@link SeparationSummary} for every (task, method, setting) that logs a discriminator. */
export function separationSummaries(rows: readonly TidyRow[], opts: DiagnosticOptions & { lastN?: number }): SeparationSummary[] {
  const get = (name: DiagnosticName) => finalDiagnostics(rows, name, opts);
  const key = (s: FinalSummary) => `${s.task}|${s.method}|${s.settingLabel}`;
  const index = (list: DiagnosticSummary[]) => new Map(list.map((s) => [key(s), s]));
  const sep = get("discSeparation");
  const [mp, mb, ap, ab, nl, ns] = (
    ["discMeanPolicy", "discMeanBuffer", "discAccuracyPolicy", "discAccuracyBuffer", "negLogDMean", "negLogDStd"] as const
  ).map((n) => index(get(n)));
  return sep.map((s) => {
    const k = key(s);
    const value = (m: Map<string, DiagnosticSummary>) => m.get(k)?.mean ?? Number.NaN;
    return {
      task: s.task,
      method: s.method,
      settingLabel: s.settingLabel,
      n: s.n,
      meanPolicy: value(mp!),
      meanBuffer: value(mb!),
      separation: s,
      accuracyPolicy: value(ap!),
      accuracyBuffer: value(ab!),
      negLogD: value(nl!),
      negLogDStd: value(ns!),
      verdict: separationVerdict(s, value(ap!), value(ab!)),
    };
  });
}

const f2 = (x: number) => x.toFixed(2);

/**
 * One sentence per summary, computed from the numbers, e.g. "On Hopper-v4, GASIL+PPO's
 * discriminator separates the two sides: over the last 10 iterations mean D is 0.68 on policy pairs
 * and 0.32 on buffer pairs (difference 0.36, 95% CI [0.30, 0.41], 5 seeds), accuracy 0.74 / 0.71,
 * −log D 0.71 ± 0.45 over the rollout."
 */
export function separationSentence(s: SeparationSummary, lastN = 10): string {
  const who = `${methodLabel(s.method)}${s.settingLabel !== "" ? ` (${s.settingLabel})` : ""}`;
  const verdict =
    s.verdict === "separates"
      ? "separates the two sides"
      : s.verdict === "separates weakly"
        ? "separates the two sides only weakly"
        : "stays near chance, so its bonus is close to the constant α·log 2 per step";
  return (
    `On ${s.task}, ${who}'s discriminator ${verdict}: over the last ${lastN} iterations mean D is ${f2(s.meanPolicy)} on policy pairs ` +
    `and ${f2(s.meanBuffer)} on buffer pairs (difference ${f2(s.separation.mean)}, 95% CI [${f2(s.separation.lower)}, ${f2(s.separation.upper)}], ` +
    `${s.n} seed${s.n === 1 ? "" : "s"}), accuracy ${f2(s.accuracyPolicy)} / ${f2(s.accuracyBuffer)}, −log D ${f2(s.negLogD)} ± ${f2(s.negLogDStd)} over the rollout.`
  );
}

/** GASIL+PPO against a baseline (by default the survival-bonus control) on one task. */
export interface ControlComparison {
  readonly task: string;
  readonly target: string;
  readonly control: string;
  readonly targetSetting: string;
  readonly nTarget: number;
  readonly nControl: number;
  readonly targetMean: number;
  readonly controlMean: number;
  /** targetMean − controlMean with a 95% bootstrap interval (seeds resampled within each side). */
  readonly difference: number;
  readonly lower: number;
  readonly upper: number;
  /** "higher" / "lower" when the interval excludes 0, else "no clear difference". */
  readonly verdict: "higher" | "lower" | "no clear difference";
}

/**
 * Final scores (mean of each run's last `lastN` average returns) of `target` against `control`,
 * per task and per setting of the target (`by`), with a percentile bootstrap interval of the
 * difference of means (each side's runs resampled independently, `reps` times).
 */
export function compareWithControl(
  rows: readonly TidyRow[],
  opts: { rng: Rng; target?: string; control?: string; by?: readonly string[]; lastN?: number; reps?: number },
): ControlComparison[] {
  const target = opts.target ?? "gasil";
  const control = opts.control ?? "survival";
  const reps = opts.reps ?? DEFAULT_BOOTSTRAP_REPS;
  const targetFinals = finalScores(
    rows.filter((r) => r.method === target),
    { lastN: opts.lastN ?? 10, ...(opts.by !== undefined ? { by: opts.by } : {}) },
  );
  const controlFinals = finalScores(
    rows.filter((r) => r.method === control),
    { lastN: opts.lastN ?? 10 },
  );
  const out: ControlComparison[] = [];
  const groups = new Map<string, { task: string; setting: string; scores: number[] }>();
  for (const f of targetFinals) {
    const key = `${f.task}|${f.settingLabel}`;
    const group = groups.get(key) ?? { task: f.task, setting: f.settingLabel, scores: [] };
    group.scores.push(f.score);
    groups.set(key, group);
  }
  for (const [key, { task, setting, scores: tScores }] of groups) {
    const cScores = controlFinals.filter((f) => f.task === task).map((f) => f.score);
    if (cScores.length === 0) continue;
    const ci = bootstrapMeanDifferenceInterval(tScores, cScores, { rng: opts.rng.split(`${key}|${control}`), reps });
    out.push({
      task,
      target,
      control,
      targetSetting: setting,
      nTarget: tScores.length,
      nControl: cScores.length,
      targetMean: mean(tScores),
      controlMean: mean(cScores),
      difference: ci.point,
      lower: ci.lower,
      upper: ci.upper,
      verdict: ci.lower > 0 ? "higher" : ci.upper < 0 ? "lower" : "no clear difference",
    });
  }
  return out.sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : a.targetSetting < b.targetSetting ? -1 : 1));
}

/** "On Hopper-v4, GASIL+PPO (1,234) is higher than PPO+survival bonus (987): difference 247, 95% CI [102, 390], 5 vs 5 seeds." */
export function controlSentence(c: ControlComparison): string {
  const fmt = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 0 });
  const who = `${methodLabel(c.target)}${c.targetSetting !== "" ? ` (${c.targetSetting})` : ""}`;
  const verb = c.verdict === "higher" ? "is higher than" : c.verdict === "lower" ? "is lower than" : "shows no clear difference from";
  return `On ${c.task}, ${who} (${fmt(c.targetMean)}) ${verb} ${methodLabel(c.control)} (${fmt(c.controlMean)}): difference ${fmt(c.difference)}, 95% CI [${fmt(c.lower)}, ${fmt(c.upper)}], ${c.nTarget} vs ${c.nControl} seeds.`;
}
