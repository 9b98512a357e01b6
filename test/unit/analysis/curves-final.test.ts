import assert from "node:assert/strict";
import { test } from "node:test";
import { learningCurves } from "../../../src/analysis/curves";
import { finalPerformanceTable, finalScores } from "../../../src/analysis/final";
import type { TidyRow } from "../../../src/analysis/load";
import { Rng } from "../../../src/core/rng";
import { syntheticRows } from "./fixtures/synthetic";

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

function row(runId: string, seed: number, iteration: number, averageReturn: number | null, extra: Partial<TidyRow> = {}): TidyRow {
  return {
    runId,
    sweep: "s",
    task: "T",
    method: "ppo",
    seed,
    iteration,
    envSteps: iteration * 100,
    averageReturn,
    episodeReturns: [],
    hyperparameters: {},
    diagnostics: {},
    ...extra,
  };
}

// Three seeds, three points: values chosen for easy hand arithmetic.
const tiny: TidyRow[] = [
  row("a", 0, 1, null),
  row("a", 0, 2, 10),
  row("a", 0, 3, 20),
  row("b", 1, 1, 4),
  row("b", 1, 2, 20),
  row("b", 1, 3, 40),
  row("c", 2, 1, 2),
  row("c", 2, 2, 30),
  row("c", 2, 3, 60),
];

test("learning curves: per-step mean, standard error, n (nulls left out), interval around the mean", () => {
  const pts = learningCurves(tiny, { rng: Rng.fromSeed(1), reps: 500 });
  assert.deepEqual(
    pts.map((p) => [p.envSteps, p.n]),
    [
      [100, 2],
      [200, 3],
      [300, 3],
    ],
  );
  close(pts[0]!.mean, 3);
  close(pts[0]!.stdErr, 1); // values 4, 2: std √2, s.e. √2/√2 = 1
  close(pts[1]!.mean, 20);
  close(pts[1]!.stdErr, 10 / Math.sqrt(3)); // values 10, 20, 30: std 10
  close(pts[2]!.mean, 40);
  for (const p of pts) assert.ok(p.lower <= p.mean && p.mean <= p.upper);
  assert.ok(pts[2]!.lower >= 20 && pts[2]!.upper <= 60);
  // Deterministic, and independent of the other series present.
  const again = learningCurves([...tiny, ...syntheticRows()], { rng: Rng.fromSeed(1), reps: 500 }).filter((p) => p.task === "T");
  assert.deepEqual(again, pts);
  const noBoot = learningCurves(tiny, { rng: Rng.fromSeed(1), bootstrap: false });
  assert.ok(Number.isNaN(noBoot[0]!.lower) && Number.isNaN(noBoot[0]!.upper));
});

test("learning curves split by a hyperparameter column and reject duplicates", () => {
  const rows = syntheticRows({ methods: ["gasil"], settings: [{ "gasil.bufferSize": 250 }, { "gasil.bufferSize": 1000 }], iterations: 3 });
  const pts = learningCurves(rows, { rng: Rng.fromSeed(2), by: ["gasil.bufferSize"], bootstrap: false });
  assert.deepEqual([...new Set(pts.map((p) => p.settingLabel))].sort(), ["gasil.bufferSize=1000", "gasil.bufferSize=250"]);
  // 2 tasks × 2 settings × 2 non-null points
  assert.equal(pts.length, 8);
  assert.ok(pts.every((p) => p.n === 3));
  assert.throws(
    () => learningCurves(rows, { rng: Rng.fromSeed(2), by: ["lr"] }),
    /has no hyperparameter column "lr" \(columns: gasil.bufferSize\)/,
  );
  assert.throws(
    () => learningCurves([...tiny, tiny[4]!], { rng: Rng.fromSeed(1) }),
    /run b has two rows at envSteps 200 \(duplicated row\)/,
  );
});

test("final scores: mean of the last N non-null points, first logged score, runs without scores left out", () => {
  const rows = [...tiny, row("d", 3, 1, null), row("d", 3, 2, null)];
  const f2 = finalScores(rows, { lastN: 2 });
  assert.deepEqual(
    f2.map((f) => f.runId),
    ["a", "b", "c"],
  );
  assert.deepEqual(
    f2.map((f) => f.score),
    [15, 30, 45],
  );
  assert.deepEqual(
    f2.map((f) => f.initialScore),
    [10, 4, 2],
  );
  assert.deepEqual(
    f2.map((f) => f.pointsUsed),
    [2, 2, 2],
  );
  assert.deepEqual(
    f2.map((f) => f.finalEnvSteps),
    [300, 300, 300],
  );
  const f10 = finalScores(rows); // default 10 > available: all non-null points
  assert.deepEqual(
    f10.map((f) => f.score),
    [15, 64 / 3, 92 / 3],
  );
  assert.deepEqual(
    f10.map((f) => f.pointsUsed),
    [2, 3, 3],
  );
  // Order of rows does not matter.
  assert.deepEqual(finalScores([...rows].reverse(), { lastN: 2 }), f2);
  assert.throws(() => finalScores(rows, { lastN: 0 }), /lastN: expected a positive integer, got 0/);
  assert.throws(() => finalScores([...tiny, row("a", 0, 4, 1, { method: "gasil" })]), /run a has rows with method "ppo" and "gasil"/);
});

test("final-performance table: n, mean, s.e., median and an interval across runs", () => {
  const table = finalPerformanceTable(finalScores(tiny, { lastN: 2 }), { rng: Rng.fromSeed(3), reps: 1000 });
  assert.equal(table.length, 1);
  const t = table[0]!;
  assert.equal(t.n, 3);
  close(t.mean, 30);
  close(t.median, 30);
  close(t.stdErr, 15 / Math.sqrt(3)); // 15, 30, 45: std 15
  assert.ok(t.lower >= 15 && t.lower < 30 && t.upper > 30 && t.upper <= 45);
  assert.deepEqual(finalPerformanceTable(finalScores(tiny, { lastN: 2 }), { rng: Rng.fromSeed(3), reps: 1000 }), table);
});
