import assert from "node:assert/strict";
import { test } from "node:test";
import {
  aggregateIqm,
  aggregateMean,
  aggregateMedian,
  interquartileMean,
  mean,
  median,
  optimalityGap,
  pairwiseImprovement,
  probabilityOfImprovement,
  quantile,
  sampleStd,
  standardError,
} from "../../../src/analysis/metrics";
import { createScoreMatrix, scoreAt, scoreMatrixToRows, taskColumn } from "../../../src/analysis/score-matrix";
import { Rng } from "../../../src/core/rng";

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

test("mean, sample std, standard error, quantile and median on hand-worked lists", () => {
  close(mean([1, 2, 3, 6]), 3);
  // deviations -2,-1,0,3 → squares 4+1+0+9 = 14; /3
  close(sampleStd([1, 2, 3, 6]), Math.sqrt(14 / 3));
  close(standardError([1, 2, 3, 6]), Math.sqrt(14 / 3) / 2);
  assert.equal(sampleStd([5]), 0);
  close(quantile([4, 1, 3, 2], 0.25), 1.75); // position 0.75 between 1 and 2
  close(quantile([4, 1, 3, 2], 1), 4);
  close(median([5, 1, 3]), 3);
  close(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => mean([]), /no values/);
  assert.throws(() => quantile([1], 1.5), /q must lie in \[0, 1\], got 1.5/);
});

test("IQM trims floor(n/4) scores from each end (rliable / SciPy trim_mean 0.25)", () => {
  close(interquartileMean([8, 7, 6, 5, 4, 3, 2, 1]), 4.5); // middle 3,4,5,6
  close(interquartileMean([10, 1, 100, 2, 3]), 5); // cut 1 each side: 2,3,10
  close(interquartileMean([7, 1, 3]), 11 / 3); // n = 3 → nothing trimmed
  close(interquartileMean([-1000, 1, 2, 3, 4, 5000, 6, 7]), 15 / 4); // outliers trimmed: 2,3,4,6
});

test("score matrix aggregates: mean, median of task means, IQM pooled, optimality gap", () => {
  const m = createScoreMatrix(
    ["a", "b"],
    ["t1", "t2", "t3"],
    [
      [1, 2, 3],
      [3, 4, 9],
    ],
  );
  close(aggregateMean(m), 22 / 6);
  close(aggregateMedian(m), 3); // task means 2, 3, 6
  close(aggregateIqm(m), (2 + 3 + 3 + 4) / 4); // sorted 1,2,3,3,4,9, cut 1 each side
  const g = createScoreMatrix(
    ["a", "b"],
    ["t1", "t2"],
    [
      [0.5, 1.2],
      [0, 1],
    ],
  );
  close(optimalityGap(g), (0.5 + 0 + 1 + 0) / 4);
  assert.equal(scoreAt(m, 1, 2), 9);
  assert.deepEqual(Array.from(taskColumn(m, 1)), [2, 4]);
  assert.deepEqual(scoreMatrixToRows(m), [
    [1, 2, 3],
    [3, 4, 9],
  ]);
});

test("createScoreMatrix validates labels, shape and values", () => {
  assert.throws(() => createScoreMatrix([], ["t"], []), /runs must not be empty/);
  assert.throws(() => createScoreMatrix(["a", "a"], ["t"], [[1], [2]]), /runs label "a" appears twice/);
  assert.throws(() => createScoreMatrix(["a"], ["t", "u"], [[1]]), /values\[0\] has 1 entries, expected 2/);
  assert.throws(() => createScoreMatrix(["a", "b"], ["t"], [[1]]), /values has 1 rows, expected 2/);
  assert.throws(() => createScoreMatrix(["a"], ["t", "u"], [1, 2, 3]), /length 3, expected 1 runs × 2 tasks = 2/);
  assert.throws(() => createScoreMatrix(["a"], ["t"], [[Number.NaN]]), /run "a" on task "t" is NaN/);
  const flat = createScoreMatrix(["a", "b"], ["t", "u"], [1, 2, 3, 4]);
  assert.equal(scoreAt(flat, 1, 0), 3);
});

test("probability of improvement: exact values with ties, averaged over tasks", () => {
  // task 1: x = 1,2,3 vs y = 2,2 → (0+0) + (½+½) + (1+1) = 3 of 6 pairs → 0.5
  // task 2: x = 5,6,7 vs y = 1,6 → (1+0) + (1+½) + (1+1) = 4.5 of 6 → 0.75
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
  close(probabilityOfImprovement(x, y), 0.625);
  close(probabilityOfImprovement(y, x), 1 - 0.625); // P(X>Y)+½P(=) is antisymmetric
  close(probabilityOfImprovement(x, x), 0.5);
  const other = createScoreMatrix(["s0"], ["t1", "t3"], [[1, 2]]);
  assert.throws(() => probabilityOfImprovement(x, other), /task labels differ/);
});

test("pairwiseImprovement (sort-merge) equals the brute-force pair count, ties included", () => {
  const rng = Rng.fromSeed(5);
  for (let trial = 0; trial < 50; trial++) {
    const x = Array.from({ length: 1 + rng.int(12) }, () => rng.int(6));
    const y = Array.from({ length: 1 + rng.int(12) }, () => rng.int(6));
    let u = 0;
    for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
    close(pairwiseImprovement(x, y), u / (x.length * y.length));
  }
});
