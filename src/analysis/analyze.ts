/**
 * One call from tidy rows to every table the kit reports, and one call to write them.
 */

import { join } from "node:path";
import type { Rng } from "../core/rng";
import { type AcrossTaskResult, compareAcrossTasks, type MissingRunPolicy } from "./across-tasks";
import { type CurvePoint, learningCurves } from "./curves";
import { type FinalSummary, finalPerformanceTable, finalScores, type RunFinal } from "./final";
import type { TidyRow } from "./load";
import type { Normalization } from "./normalize";
import { aggregatesTable, curvesTable, finalSummaryTable, improvementTable, referenceTable, runFinalsTable, writeTable } from "./tables";

/** Options of {@link analyzeResults}. */
export interface AnalysisOptions {
  /** Root randomness; curves, final table and across-task statistics use `split("curves")`, `split("final")`, `split("across")`. */
  readonly rng: Rng;
  /** Last logged points averaged per run for the final score; default 10. */
  readonly lastN?: number;
  /** Hyperparameter columns that split series (Figure 7); default none. */
  readonly by?: readonly string[];
  /** Bootstrap replicates for the final and across-task statistics; default 2000. */
  readonly reps?: number;
  /** Bootstrap replicates per curve point; default 1000. */
  readonly curveReps?: number;
  readonly confidence?: number;
  readonly normalization?: Normalization;
  /** Method compared with the others; default `"gasil"`. */
  readonly target?: string;
  readonly missing?: MissingRunPolicy;
  /** Compute the across-task comparison (needs one setting per method); default true when `by` is empty. */
  readonly acrossTasks?: boolean;
}

/** Everything {@link analyzeResults} computes. */
export interface SweepAnalysis {
  readonly curves: readonly CurvePoint[];
  readonly finals: readonly RunFinal[];
  readonly finalSummary: readonly FinalSummary[];
  /** Null when not requested (or with `by`). */
  readonly acrossTasks: AcrossTaskResult | null;
}

/** Learning curves, per-run final scores, the final-performance table and the across-task comparison. */
export function analyzeResults(rows: readonly TidyRow[], opts: AnalysisOptions): SweepAnalysis {
  const by = opts.by ?? [];
  const conf = opts.confidence !== undefined ? { confidence: opts.confidence } : {};
  const reps = opts.reps !== undefined ? { reps: opts.reps } : {};
  const curves = learningCurves(rows, {
    rng: opts.rng.split("curves"),
    by,
    ...conf,
    ...(opts.curveReps !== undefined ? { reps: opts.curveReps } : {}),
  });
  const finals = finalScores(rows, { by, ...(opts.lastN !== undefined ? { lastN: opts.lastN } : {}) });
  const finalSummary = finalPerformanceTable(finals, { rng: opts.rng.split("final"), ...reps, ...conf });
  const wantAcross = opts.acrossTasks ?? by.length === 0;
  const acrossTasks = wantAcross
    ? compareAcrossTasks(finals, {
        rng: opts.rng.split("across"),
        ...reps,
        ...conf,
        ...(opts.normalization ? { normalization: opts.normalization } : {}),
        ...(opts.target ? { target: opts.target } : {}),
        ...(opts.missing ? { missing: opts.missing } : {}),
      })
    : null;
  return { curves, finals, finalSummary, acrossTasks };
}

/**
 * Write the analysis into `dir`: `curves.csv`, `final-runs.csv`, `final-performance.{csv,md}` and,
 * with the across-task comparison, `aggregates.{csv,md}`, `improvement.{csv,md}`, `normalization.csv`.
 * @returns the written paths.
 */
export function writeAnalysis(dir: string, analysis: SweepAnalysis): string[] {
  const written: string[] = [];
  const put = (name: string, table: Parameters<typeof writeTable>[1]): void => {
    const path = join(dir, name);
    writeTable(path, table);
    written.push(path);
  };
  put("curves.csv", curvesTable(analysis.curves));
  put("final-runs.csv", runFinalsTable(analysis.finals));
  const finalTable = finalSummaryTable(analysis.finalSummary);
  put("final-performance.csv", finalTable);
  put("final-performance.md", finalTable);
  if (analysis.acrossTasks) {
    const agg = aggregatesTable(analysis.acrossTasks);
    put("aggregates.csv", agg);
    put("aggregates.md", agg);
    const poi = improvementTable(analysis.acrossTasks);
    put("improvement.csv", poi);
    put("improvement.md", poi);
    put("normalization.csv", referenceTable(analysis.acrossTasks));
  }
  return written;
}
