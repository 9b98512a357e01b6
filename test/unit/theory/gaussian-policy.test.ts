import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng";
import { gaussianPolicyGradient, gaussianQuadrature, gaussianScore } from "../../../src/theory/gaussian-policy";

test("(PG.10) library log-density integrates to 1 and matches the entropy formula", () => {
  for (const [m, ls] of [
    [0, 0],
    [1.5, -1],
    [-2, 0.7],
  ] as const) {
    const q = gaussianQuadrature(m, ls);
    assert.ok(Math.abs(q.mass - 1) < 1e-8);
    assert.ok(Math.abs(q.entropyNumeric - q.entropyFormula) < 1e-7);
  }
});

test("Gaussian score and score-function gradient", () => {
  const [dm, dl] = gaussianScore(0.2, Math.log(0.5), 1);
  assert.ok(Math.abs(dm - 0.8 / 0.25) < 1e-6 && Math.abs(dl - (0.64 / 0.25 - 1)) < 1e-6);
  const g = gaussianPolicyGradient(0, 0, 1, 50000, Rng.fromSeed(3));
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(g.estimate[i]! - g.exact[i]!) < 4 * g.stderr[i]!, `coord ${i}`);
});
