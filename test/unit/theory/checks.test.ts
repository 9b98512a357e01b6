import assert from "node:assert/strict";
import { test } from "node:test";
import { checkClose, checkThat, isMonotone, linearFit, logLogSlope, mean, meanAndStderr } from "../../../src/theory/checks";

test("checkClose passes within tolerance and throws with the label otherwise", () => {
  assert.match(checkClose([1, 2], [1, 2 + 1e-10], { atol: 1e-9 }, "(PG.1)"), /^\(PG\.1\) ok/);
  assert.throws(() => checkClose([1, 2], [1, 2.1], { atol: 1e-3 }, "(PG.2)"), /^Error: \(PG\.2\) failed at index 1/);
  assert.throws(() => checkClose([1], [1, 2], {}, "x"), /length/);
  assert.throws(() => checkClose(Number.NaN, 1, { atol: 1 }, "y"), /non-finite/);
  assert.doesNotThrow(() => checkClose(110, 100, { rtol: 0.11 }, "rel"));
  assert.throws(() => checkThat(false, "(GASIL.2)", "why"), /\(GASIL\.2\) failed: why/);
});

test("fits", () => {
  const { slope, intercept } = linearFit([0, 1, 2], [1, 3, 5]);
  assert.ok(Math.abs(slope - 2) < 1e-12 && Math.abs(intercept - 1) < 1e-12);
  assert.ok(Math.abs(logLogSlope([1, 4, 16], [1, 0.5, 0.25]) + 0.5) < 1e-12);
  const m = meanAndStderr([1, 2, 3, 4]);
  assert.equal(m.mean, 2.5);
  assert.ok(Math.abs(m.stderr - Math.sqrt(5 / 3 / 4)) < 1e-12);
});

test("isMonotone and mean", () => {
  assert.ok(isMonotone([1, 2, 3], "increasing") && !isMonotone([1, 1, 3], "increasing"));
  assert.ok(isMonotone([3, 2, -1], "decreasing") && !isMonotone([3, 4], "decreasing"));
  assert.equal(mean([1, 2, 6]), 3);
});
