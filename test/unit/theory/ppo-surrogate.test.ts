import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ConfigError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/rng";
import { clippedSurrogateCurve, clippedValueLossCurve, surrogateAscent } from "../../../src/theory/ppo-surrogate";

test("(PG.8) surrogate value and gradient through the library loss", async () => {
  await tf.setBackend("cpu");
  const ratios = [0.5, 0.9, 1.1, 1.3, 1.6];
  const pos = clippedSurrogateCurve(ratios, 2, 0.2);
  assert.deepEqual(
    pos.value.map((v) => +v.toFixed(5)),
    ratios.map((r) => +(2 * Math.min(r, 1.2)).toFixed(5)),
  );
  assert.deepEqual(
    pos.gradient.map((g) => +g.toFixed(4)),
    [2, 2, 2, 0, 0],
  );
  const neg = clippedSurrogateCurve(ratios, -1, 0.2);
  assert.deepEqual(
    neg.gradient.map((g) => +g.toFixed(4)),
    [0, -1, -1, -1, -1],
  );
  assert.throws(() => clippedSurrogateCurve([1], 1, 1.5), ConfigError);
});

test("(PG.9) clipped value loss gradient vanishes once V moved ε towards the target", async () => {
  await tf.setBackend("cpu");
  const c = clippedValueLossCurve([0.5, 1.1, 1.5, 3], 1, 2, 0.2);
  assert.deepEqual(
    c.gradient.map((g) => +g.toFixed(4)),
    [-1.5, -0.9, 0, 1],
  );
});

test("clipping bounds the update: far smaller KL than the unclipped surrogate on the same batch", async () => {
  await tf.setBackend("cpu");
  const before = tf.memory().numTensors;
  const opts = { numActions: 4, batchSize: 32, steps: 40, learningRate: 0.5 };
  const un = surrogateAscent({ ...opts, clipRange: null }, Rng.fromSeed(2));
  const cl = surrogateAscent({ ...opts, clipRange: 0.2 }, Rng.fromSeed(2));
  assert.equal(tf.memory().numTensors, before);
  assert.ok(cl.kl[39]! < un.kl[39]! / 5, `${cl.kl[39]} vs ${un.kl[39]}`);
  assert.ok(un.kl[39]! > un.kl[10]!, "unclipped keeps moving");
});
