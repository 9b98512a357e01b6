import assert from "node:assert/strict";
import { before, test } from "node:test";
import { initBackend } from "../../../src/core/backend";
import { Rng } from "../../../src/core/rng";
import { compareTrainingLoss } from "../../../src/theory/ppo-bridge";

before(async () => {
  await initBackend("cpu");
});

test("compareTrainingLoss: training's host loss (ppoLossHost) equals the tensor losses on a minibatch that exercises the clip", () => {
  for (const [seed, actDim] of [
    [1, 1],
    [2, 3],
  ] as const) {
    const c = compareTrainingLoss(Rng.fromSeed(seed), 64, actDim, 0.2);
    assert.ok(c.clipFraction > 0.1 && c.clipFraction < 0.9, `clip fraction ${c.clipFraction}`);
    assert.ok(c.host.policyLoss !== 0 && c.host.valueLoss > 0);
    // float32 tensors against float64 host arithmetic on the same float32 inputs
    assert.ok(
      Math.abs(c.host.policyLoss - c.tensor.policyLoss) < 1e-5 * (1 + Math.abs(c.host.policyLoss)),
      `${c.host.policyLoss} vs ${c.tensor.policyLoss}`,
    );
    assert.ok(
      Math.abs(c.host.valueLoss - c.tensor.valueLoss) < 1e-5 * (1 + c.host.valueLoss),
      `${c.host.valueLoss} vs ${c.tensor.valueLoss}`,
    );
  }
});

test("compareTrainingLoss: a different clip range changes both losses alike (the comparison is sensitive to ε)", () => {
  const a = compareTrainingLoss(Rng.fromSeed(3), 64, 2, 0.1);
  const b = compareTrainingLoss(Rng.fromSeed(3), 64, 2, 0.3);
  assert.notEqual(a.host.policyLoss, b.host.policyLoss);
  assert.ok(Math.abs(a.tensor.policyLoss - a.host.policyLoss) < 1e-5 && Math.abs(b.tensor.policyLoss - b.host.policyLoss) < 1e-5);
});
