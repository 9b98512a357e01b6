import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bootstrapMeanDifferenceInterval,
  bootstrapMeanInterval,
  intervalEstimates,
  probabilityOfImprovementInterval,
  stratifiedBootstrap,
} from "../../../src/analysis/bootstrap";
import { type Aggregate, aggregateIqm, aggregateMean, probabilityOfImprovement } from "../../../src/analysis/metrics";
import { createScoreMatrix, type ScoreMatrix } from "../../../src/analysis/score-matrix";
import { Rng } from "../../../src/core/rng";

function normalMatrix(rng: Rng, runs: number, tasks: number, shift = 0): ScoreMatrix {
  const values = Array.from({ length: runs }, () => Array.from({ length: tasks }, () => shift + rng.normal()));
  return createScoreMatrix(
    values.map((_, r) => `run ${r}`),
    Array.from({ length: tasks }, (_, t) => `task ${t}`),
    values,
  );
}

test("stratified bootstrap: lower ≤ point ≤ upper, point is the aggregate of the data", () => {
  const m = normalMatrix(Rng.fromSeed(1), 10, 4);
  const est = stratifiedBootstrap(m, { iqm: aggregateIqm, mean: aggregateMean }, { rng: Rng.fromSeed(2), reps: 500 });
  for (const [name, fn] of [
    ["iqm", aggregateIqm],
    ["mean", aggregateMean],
  ] as const) {
    assert.equal(est[name].point, fn(m));
    assert.ok(est[name].lower <= est[name].point && est[name].point <= est[name].upper, `${name}: ${JSON.stringify(est[name])}`);
    assert.ok(est[name].upper - est[name].lower > 0);
  }
});

test("stratified bootstrap is deterministic for a seed and changes with the seed", () => {
  const m = normalMatrix(Rng.fromSeed(1), 6, 3);
  const a = stratifiedBootstrap(m, { iqm: aggregateIqm }, { rng: Rng.fromSeed(9), reps: 300 });
  const b = stratifiedBootstrap(m, { iqm: aggregateIqm }, { rng: Rng.fromSeed(9), reps: 300 });
  const c = stratifiedBootstrap(m, { iqm: aggregateIqm }, { rng: Rng.fromSeed(10), reps: 300 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.iqm, c.iqm);
});

test("resampling is stratified by task: a constant task stays constant in every replicate", () => {
  // Task 0 is all 0, task 1 all 10. Pooled (unstratified) resampling would mix them.
  const m = createScoreMatrix(
    ["a", "b", "c"],
    ["t0", "t1"],
    [
      [0, 10],
      [0, 10],
      [0, 10],
    ],
  );
  const firstTaskMean: Aggregate = (x) => (x.values[0]! + x.values[2]! + x.values[4]!) / 3;
  const est = stratifiedBootstrap(m, { first: firstTaskMean, all: aggregateMean }, { rng: Rng.fromSeed(3), reps: 200 });
  assert.deepEqual(est.first, { point: 0, lower: 0, upper: 0 });
  assert.deepEqual(est.all, { point: 5, lower: 5, upper: 5 });
});

test("interval shrinks with more runs (≈ 1/√n)", () => {
  const rng = Rng.fromSeed(4);
  const small = normalMatrix(rng.split("small"), 5, 3);
  const large = normalMatrix(rng.split("large"), 80, 3);
  const opts = { rng: Rng.fromSeed(5), reps: 1000 };
  const ws = stratifiedBootstrap(small, { mean: aggregateMean }, opts).mean;
  const wl = stratifiedBootstrap(large, { mean: aggregateMean }, opts).mean;
  const ratio = (ws.upper - ws.lower) / (wl.upper - wl.lower);
  assert.ok(ratio > 2 && ratio < 8, `width ratio ${ratio} (expected ≈ √16 = 4)`);
});

test("percentile interval of a two-point sample has the exact bootstrap support", () => {
  // Resampled means of {0, 1} (n = 2) are 0, ½, 1 with probabilities ¼, ½, ¼ → 95% interval [0, 1].
  const est = bootstrapMeanInterval([0, 1], { rng: Rng.fromSeed(6), reps: 4000 });
  assert.deepEqual(est, { point: 0.5, lower: 0, upper: 1 });
  // A 20% interval (40% and 60% quantiles) falls inside the mass at ½.
  const mid = bootstrapMeanInterval([0, 1], { rng: Rng.fromSeed(6), reps: 4000, confidence: 0.2 });
  assert.deepEqual(mid, { point: 0.5, lower: 0.5, upper: 0.5 });
  assert.deepEqual(bootstrapMeanInterval([3], { rng: Rng.fromSeed(1) }), { point: 3, lower: 3, upper: 3 });
  assert.deepEqual(bootstrapMeanInterval([2, 2, 2], { rng: Rng.fromSeed(1) }), { point: 2, lower: 2, upper: 2 });
  assert.throws(() => bootstrapMeanInterval([], { rng: Rng.fromSeed(1) }), /no values/);
  assert.throws(() => bootstrapMeanInterval([1, 2], { rng: Rng.fromSeed(1), reps: 0 }), /reps must be a positive integer, got 0/);
  assert.throws(() => bootstrapMeanInterval([1, 2], { rng: Rng.fromSeed(1), confidence: 1 }), /confidence must lie in \(0, 1\), got 1/);
});

test("bootstrap mean interval lies within the sample's range and covers the mean", () => {
  const rng = Rng.fromSeed(7);
  const values = Array.from({ length: 12 }, () => rng.normal() * 3 + 1);
  const est = bootstrapMeanInterval(values, { rng: Rng.fromSeed(8), reps: 1000 });
  assert.ok(est.lower >= Math.min(...values) && est.upper <= Math.max(...values));
  assert.ok(est.lower < est.point && est.point < est.upper);
});

test("intervalEstimates: per-method streams, so adding a method leaves the others unchanged", () => {
  const rng = Rng.fromSeed(11);
  const a = normalMatrix(rng.split("a"), 8, 3);
  const b = normalMatrix(rng.split("b"), 8, 3, 1);
  const one = intervalEstimates({ a }, { iqm: aggregateIqm }, { rng: Rng.fromSeed(12), reps: 300 });
  const two = intervalEstimates({ a, b }, { iqm: aggregateIqm }, { rng: Rng.fromSeed(12), reps: 300 });
  assert.deepEqual(one["a"], two["a"]);
  assert.ok(two["b"]!.iqm.point > two["a"]!.iqm.point);
});

test("probability of improvement interval: bounds, dominance and determinism", () => {
  const x = createScoreMatrix(
    ["s0", "s1", "s2"],
    ["t1", "t2"],
    [
      [1, 5],
      [2, 6],
      [3, 7],
    ],
  );
  const y = createScoreMatrix(
    ["s0", "s1"],
    ["t1", "t2"],
    [
      [2, 1],
      [2, 6],
    ],
  );
  const est = probabilityOfImprovementInterval(x, y, { rng: Rng.fromSeed(1), reps: 1000 });
  assert.equal(est.point, probabilityOfImprovement(x, y));
  assert.ok(est.lower <= est.point && est.point <= est.upper);
  assert.ok(est.lower >= 0 && est.upper <= 1 && est.upper > est.lower);
  assert.deepEqual(probabilityOfImprovementInterval(x, y, { rng: Rng.fromSeed(1), reps: 1000 }), est);
  // Every run of `hi` beats every run of `lo` on every task → every replicate is exactly 1.
  const hi = createScoreMatrix(
    ["a", "b"],
    ["t1", "t2"],
    [
      [10, 11],
      [12, 13],
    ],
  );
  const lo = createScoreMatrix(
    ["a", "b", "c"],
    ["t1", "t2"],
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
  );
  assert.deepEqual(probabilityOfImprovementInterval(hi, lo, { rng: Rng.fromSeed(2), reps: 200 }), { point: 1, lower: 1, upper: 1 });
});

test("bootstrapMeanDifferenceInterval: point = mean(x) − mean(y), the interval brackets it, constants give zero width, seeded", () => {
  const x = [3, 5, 7, 9, 11];
  const y = [1, 2, 3];
  const a = bootstrapMeanDifferenceInterval(x, y, { rng: Rng.fromSeed(4), reps: 500 });
  assert.equal(a.point, 7 - 2);
  assert.ok(a.lower < a.point && a.point < a.upper, JSON.stringify(a));
  assert.ok(a.lower > 0, "x clearly above y");
  assert.deepEqual(bootstrapMeanDifferenceInterval(x, y, { rng: Rng.fromSeed(4), reps: 500 }), a);
  const c = bootstrapMeanDifferenceInterval([2, 2], [5, 5, 5], { rng: Rng.fromSeed(1), reps: 50 });
  assert.deepEqual(c, { point: -3, lower: -3, upper: -3 });
  assert.throws(() => bootstrapMeanDifferenceInterval([], [1], { rng: Rng.fromSeed(1) }), /empty sample/);
});
