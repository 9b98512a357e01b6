/**
 * `ScoreMatrix`: the scores of one method as runs × tasks, with labels, validated when built
 * (rliable's data contract, made explicit).
 */

import { describeValue, ShapeError } from "../core/errors";

/** Scores of one method: `values[run * tasks.length + task]`, row-major `[runs, tasks]`. */
export interface ScoreMatrix {
  /** Row labels (e.g. `"seed 3"`), one per run, unique. */
  readonly runs: readonly string[];
  /** Column labels (task ids), unique. */
  readonly tasks: readonly string[];
  /** Row-major values, length `runs.length * tasks.length`, all finite. */
  readonly values: Float64Array;
}

/**
 * Build and validate a score matrix.
 * @param runs row labels (≥ 1, unique).
 * @param tasks column labels (≥ 1, unique).
 * @param values `[runs][tasks]` nested arrays, or a flat row-major array of length runs × tasks.
 * @throws ShapeError when labels are empty or repeated, the shape does not match, or a value is not finite.
 */
export function createScoreMatrix(
  runs: readonly string[],
  tasks: readonly string[],
  values: readonly (readonly number[])[] | ArrayLike<number>,
): ScoreMatrix {
  const checkLabels = (labels: readonly string[], what: string): void => {
    if (labels.length === 0) throw new ShapeError(`createScoreMatrix: ${what} must not be empty`);
    const seen = new Set<string>();
    for (const label of labels) {
      if (seen.has(label)) throw new ShapeError(`createScoreMatrix: ${what} label ${describeValue(label)} appears twice`);
      seen.add(label);
    }
  };
  checkLabels(runs, "runs");
  checkLabels(tasks, "tasks");
  const out = new Float64Array(runs.length * tasks.length);
  const nested = Array.isArray(values) && values.length > 0 && Array.isArray(values[0]);
  if (nested) {
    const rows = values as readonly (readonly number[])[];
    if (rows.length !== runs.length) {
      throw new ShapeError(`createScoreMatrix: values has ${rows.length} rows, expected ${runs.length} (one per run)`);
    }
    rows.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== tasks.length) {
        throw new ShapeError(
          `createScoreMatrix: values[${r}] has ${describeValue(row?.length)} entries, expected ${tasks.length} (one per task)`,
        );
      }
      for (let t = 0; t < tasks.length; t++) out[r * tasks.length + t] = row[t]!;
    });
  } else {
    const flat = values as ArrayLike<number>;
    if (flat.length !== out.length) {
      throw new ShapeError(
        `createScoreMatrix: values has length ${flat.length}, expected ${runs.length} runs × ${tasks.length} tasks = ${out.length}`,
      );
    }
    for (let i = 0; i < out.length; i++) out[i] = flat[i]!;
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) {
      const r = Math.floor(i / tasks.length);
      throw new ShapeError(
        `createScoreMatrix: score of run ${describeValue(runs[r])} on task ${describeValue(tasks[i % tasks.length])} is ${out[i]}, expected a finite number`,
      );
    }
  }
  return { runs: [...runs], tasks: [...tasks], values: out };
}

/** Score of run `r` on task `t`. */
export function scoreAt(m: ScoreMatrix, r: number, t: number): number {
  return m.values[r * m.tasks.length + t]!;
}

/** The scores of task `t` (one per run), as a new array. */
export function taskColumn(m: ScoreMatrix, t: number): Float64Array {
  const col = new Float64Array(m.runs.length);
  for (let r = 0; r < m.runs.length; r++) col[r] = m.values[r * m.tasks.length + t]!;
  return col;
}

/** Nested `[runs][tasks]` copy, for printing and JSON. */
export function scoreMatrixToRows(m: ScoreMatrix): number[][] {
  return m.runs.map((_, r) => Array.from(m.values.subarray(r * m.tasks.length, (r + 1) * m.tasks.length)));
}
