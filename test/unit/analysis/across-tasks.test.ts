import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { compareAcrossTasks, scoreMatrices } from "../../../src/analysis/across-tasks";
import { analyzeResults, writeAnalysis } from "../../../src/analysis/analyze";
import { parseCsv } from "../../../src/analysis/csv";
import type { RunFinal } from "../../../src/analysis/final";
import { normalizationReference, normalizeScore } from "../../../src/analysis/normalize";
import { orderingSentences, taskOrderings } from "../../../src/analysis/ordering";
import { scoreMatrixToRows } from "../../../src/analysis/score-matrix";
import {
  aggregatesTable,
  finalSummaryTable,
  formatNumber,
  improvementTable,
  tableToCsv,
  tableToMarkdown,
} from "../../../src/analysis/tables";
import { Rng } from "../../../src/core/rng";
import { syntheticRows } from "./fixtures/synthetic";

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

function fin(task: string, method: string, seed: number, score: number, initialScore: number): RunFinal {
  return {
    runId: `${task}-${method}-${seed}`,
    sweep: "s",
    task,
    method,
    seed,
    setting: {},
    settingLabel: "",
    score,
    pointsUsed: 10,
    finalEnvSteps: 1000,
    initialScore,
  };
}

// Two tasks on different scales; gasil beats ppo on A, ties on B.
const finals: RunFinal[] = [
  fin("A", "ppo", 0, 20, 0),
  fin("A", "ppo", 1, 40, 10),
  fin("A", "gasil", 0, 60, 20),
  fin("A", "gasil", 1, 100, 10),
  fin("B", "ppo", 0, 1, 1),
  fin("B", "ppo", 1, 3, 1),
  fin("B", "gasil", 0, 1, 1),
  fin("B", "gasil", 1, 3, 1),
];

test("normalisation references: min-max (untrained → best run), baseline, none, explicit", () => {
  // A: low = mean initial scores (0+10+20+10)/4 = 10, high = best run 100. B: low 1, high 3.
  assert.deepEqual(normalizationReference(finals), { A: { low: 10, high: 100 }, B: { low: 1, high: 3 } });
  // Baseline ppo: high = mean ppo score: A 30, B 2.
  assert.deepEqual(normalizationReference(finals, { kind: "baseline", method: "ppo" }), {
    A: { low: 10, high: 30 },
    B: { low: 1, high: 2 },
  });
  assert.deepEqual(normalizationReference(finals, { kind: "none" }), { A: { low: 0, high: 1 }, B: { low: 0, high: 1 } });
  const given = { A: { low: 0, high: 200 }, B: { low: 0, high: 4 } };
  assert.deepEqual(normalizationReference(finals, { kind: "min-max", reference: given }), given);
  assert.throws(
    () => normalizationReference(finals, { kind: "min-max", reference: { A: { low: 0, high: 1 } } }),
    /normalization.reference: has no entry for task "B" \(entries: A\)/,
  );
  assert.throws(
    () => normalizationReference(finals, { kind: "baseline", method: "sil" }),
    /baseline "sil" has no run on task "A" \(methods there: ppo, gasil\)/,
  );
  assert.throws(() => normalizationReference([fin("C", "ppo", 0, 5, 5)]), /task "C" has reference low 5, high 5/);
  close(normalizeScore(55, { low: 10, high: 100 }), 0.5);
});

test("score matrices: seeds as rows, tasks as columns, normalised; missing runs error or drop", () => {
  const ref = normalizationReference(finals);
  const m = scoreMatrices(finals, { reference: ref });
  assert.deepEqual(Object.keys(m), ["ppo", "gasil"]);
  assert.deepEqual(m["gasil"]!.runs, ["seed 0", "seed 1"]);
  assert.deepEqual(m["gasil"]!.tasks, ["A", "B"]);
  assert.deepEqual(scoreMatrixToRows(m["gasil"]!), [
    [50 / 90, 0],
    [1, 1],
  ]);
  const partial = finals.filter((f) => !(f.method === "ppo" && f.task === "B" && f.seed === 1));
  assert.throws(() => scoreMatrices(partial), /method ppo is missing runs \(seed 1 lacks B\); pass missing: "drop"/);
  assert.deepEqual(scoreMatrices(partial, { missing: "drop" })["ppo"]!.runs, ["seed 0"]);
  assert.throws(() => scoreMatrices([...finals, fin("A", "ppo", 0, 1, 1)]), /two runs for task A seed 0 \(several settings\?/);
  assert.throws(() => scoreMatrices(finals, { tasks: ["A", "Z"] }), /method ppo has no run on task Z/);
});

test("across tasks: exact POI and IQM points, intervals, determinism", () => {
  const r = compareAcrossTasks(finals, { rng: Rng.fromSeed(1), reps: 500 });
  // POI gasil > ppo: task A all 4 pairs won → 1; task B: (1 vs 1,3) = ½+0, (3 vs 1,3) = 1+½ → 2/4. Mean 0.75.
  assert.equal(r.improvement.length, 1);
  assert.equal(r.improvement[0]!.baseline, "ppo");
  close(r.improvement[0]!.estimate.point, 0.75);
  // IQM with 4 pooled scores: nothing trimmed (⌊4/4⌋ = 1 each side → middle two). gasil normalised: 5/9, 0, 1, 1 → middle 5/9, 1.
  close(r.aggregates["gasil"]!.iqm.point, (5 / 9 + 1) / 2);
  // ppo normalised: A (20−10)/90, (40−10)/90 = 1/9, 1/3; B 0, 1 → sorted 0, 1/9, 1/3, 1 → middle mean 2/9.
  close(r.aggregates["ppo"]!.iqm.point, 2 / 9);
  close(r.aggregates["ppo"]!.mean.point, (0 + 1 / 9 + 1 / 3 + 1) / 4);
  for (const method of r.methods) {
    for (const est of Object.values(r.aggregates[method]!)) assert.ok(est.lower <= est.point + 1e-12 && est.point <= est.upper + 1e-12);
  }
  assert.deepEqual(compareAcrossTasks(finals, { rng: Rng.fromSeed(1), reps: 500 }), r);
  assert.throws(
    () => compareAcrossTasks(finals, { rng: Rng.fromSeed(1), methods: ["ppo", "sil"] }),
    /methods: method "sil" has no runs \(present: ppo, gasil\)/,
  );
  const noTarget = compareAcrossTasks(finals, { rng: Rng.fromSeed(1), reps: 50, target: "bc" });
  assert.equal(noTarget.improvement.length, 0);
});

test("tables: markdown merges the interval, CSV keeps full precision", () => {
  const r = compareAcrossTasks(finals, { rng: Rng.fromSeed(1), reps: 200 });
  const poi = improvementTable(r);
  const md = tableToMarkdown(poi);
  assert.match(
    md,
    /^\| target \| baseline \| probability \| 95% CI \|\n\| --- \| --- \| ---: \| --- \|\n\| GASIL\+PPO \| PPO \| 0\.750 \| \[0\.\d{3}, (1|0\.\d{3})\] \|\n$/,
  );
  const csv = parseCsv(tableToCsv(poi));
  assert.deepEqual(csv[0], ["target", "baseline", "probability", "lower", "upper"]);
  assert.equal(Number(csv[1]![2]), 0.75);
  assert.equal(aggregatesTable(r).rows.length, 2 * 4);
  assert.equal(formatNumber(1234.567), "1234.6");
  assert.equal(formatNumber(3.14259), "3.14");
  assert.equal(formatNumber(0.12345), "0.123");
  assert.equal(formatNumber(42), "42");
});

test("analyzeResults + writeAnalysis on synthetic data: files, shapes, GASIL ahead", () => {
  const rows = syntheticRows({ methods: ["ppo", "bc", "sil", "gasil"], seeds: [0, 1, 2, 3], iterations: 6 });
  const a = analyzeResults(rows, { rng: Rng.fromSeed(4), reps: 300, curveReps: 100, lastN: 3 });
  assert.equal(a.curves.length, 2 * 4 * 5); // tasks × methods × non-null points
  assert.equal(a.finals.length, 2 * 4 * 4);
  assert.equal(a.finalSummary.length, 2 * 4);
  assert.ok(a.acrossTasks);
  for (const imp of a.acrossTasks.improvement) assert.ok(imp.estimate.point > 0.9, `${imp.baseline}: ${imp.estimate.point}`);
  assert.deepEqual(
    finalSummaryTable(a.finalSummary)
      .rows.slice(0, 4)
      .map((r) => r[1]),
    ["PPO", "PPO+BC", "PPO+SIL", "GASIL+PPO"],
  );
  const dir = mkdtempSync(join(tmpdir(), "gasil-analysis-"));
  try {
    const written = writeAnalysis(dir, a);
    assert.deepEqual(readdirSync(dir).sort(), [
      "aggregates.csv",
      "aggregates.md",
      "curves.csv",
      "final-performance.csv",
      "final-performance.md",
      "final-runs.csv",
      "improvement.csv",
      "improvement.md",
      "normalization.csv",
    ]);
    assert.equal(written.length, 9);
    const curves = parseCsv(readFileSync(join(dir, "curves.csv"), "utf8"));
    assert.equal(curves.length, 1 + a.curves.length);
    assert.match(readFileSync(join(dir, "final-performance.md"), "utf8"), /\| Hopper-v4 \| GASIL\+PPO \| {2}\| 4 \|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const byBuffer = analyzeResults(
    syntheticRows({ methods: ["gasil"], settings: [{ "gasil.bufferSize": 250 }, { "gasil.bufferSize": 4000 }] }),
    { rng: Rng.fromSeed(4), reps: 100, curveReps: 50, by: ["gasil.bufferSize"] },
  );
  assert.equal(byBuffer.acrossTasks, null);
  assert.equal(byBuffer.finalSummary.length, 2 * 2);
});

test("task orderings: rankings, tasks ahead, separated intervals, sentences", () => {
  const s = (task: string, method: string, mean: number, lower: number, upper: number) => ({
    task,
    method,
    setting: {},
    settingLabel: "",
    n: 3,
    mean,
    stdErr: 1,
    median: mean,
    lower,
    upper,
  });
  const summary = [
    s("A", "ppo", 10, 8, 12),
    s("A", "gasil", 20, 15, 25),
    s("A", "bc", 21, 19, 23),
    s("B", "ppo", 5, 0, 10),
    s("B", "gasil", 4, 1, 9),
    s("B", "bc", 30, 25, 35),
  ];
  const o = taskOrderings(summary);
  assert.deepEqual(o.ranking, { A: ["bc", "gasil", "ppo"], B: ["bc", "ppo", "gasil"] });
  const [vsPpo, vsBc] = o.comparisons;
  assert.deepEqual(
    [vsPpo!.baseline, vsPpo!.tasksAhead, vsPpo!.clearlyAhead, vsPpo!.clearlyBehind, vsPpo!.tasks],
    ["ppo", ["A"], ["A"], [], 2],
  );
  assert.deepEqual([vsBc!.baseline, vsBc!.tasksAhead, vsBc!.clearlyAhead, vsBc!.clearlyBehind], ["bc", [], [], ["B"]]);
  assert.deepEqual(orderingSentences(o), [
    "GASIL+PPO ≥ PPO on 1 of 2 tasks (A); the 95% intervals separate on 1 in its favour (A) and 0 against.",
    "GASIL+PPO ≥ PPO+BC on 0 of 2 tasks; the 95% intervals separate on 0 in its favour and 1 against (B).",
  ]);
  assert.throws(() => taskOrderings(summary, "sil"), /target: method "sil" has no rows \(methods: ppo, bc, gasil\)/);
  assert.throws(() => taskOrderings([...summary, s("A", "ppo", 1, 0, 2)]), /task A has several rows for method ppo/);
});
