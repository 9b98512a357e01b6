import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ConfigError } from "../../../src/core/errors";
import { maxAbsDiff } from "../../../src/theory/checks";
import {
  combinedOptimumSweep,
  discreteDiscriminatorObjective,
  discreteOptimalDiscriminator,
  gasilObjectiveAtOptimum,
  gasilObjectiveAutodiffGradient,
  imitateBuffer,
  scoreGradient,
} from "../../../src/theory/discrete-gasil";
import { finiteDifferenceGradient, softmaxPolicy } from "../../../src/theory/tabular-mdp";

const buffer = [0.1, 0.2, 0.4, 0.3];
const theta = [0.5, -0.3, 0.2, 0.1];

test("(GASIL.4)/(GASIL.5) envelope theorem: score gradient with Q = log D* = gradient of 2JS − log 4", () => {
  const D = discreteOptimalDiscriminator(theta, buffer);
  assert.ok(Math.abs(discreteDiscriminatorObjective(theta, buffer, D) - gasilObjectiveAtOptimum(theta, buffer)) < 1e-12);
  const g = scoreGradient(theta, Array.from(D, Math.log));
  assert.ok(
    maxAbsDiff(
      g,
      finiteDifferenceGradient((x) => gasilObjectiveAtOptimum(x, buffer), theta),
    ) < 1e-8,
  );
  // score gradient with any reward = gradient of the expected reward
  const r = [1, 2, 0, -1];
  const er = (x: Float64Array) => softmaxPolicy(x, 4).reduce((s, p, k) => s + p * r[k]!, 0);
  assert.ok(maxAbsDiff(scoreGradient(theta, r), finiteDifferenceGradient(er, theta)) < 1e-8);
});

test("pure GASIL drives JS to 0; α interpolates between reward and buffer", () => {
  const js = imitateBuffer([0, 0, 0, 0], buffer, 200, 2);
  assert.ok(js[199]! < 1e-5 && js[199]! < js[0]!);
  const rows = combinedOptimumSweep([0, 0.3, 0.6, 1], buffer, [0, 1, 10], 1500, 1);
  assert.ok(rows[0]!.expectedReward > 0.98);
  assert.ok(rows[1]!.expectedReward < rows[0]!.expectedReward && rows[2]!.expectedReward < rows[1]!.expectedReward);
  assert.ok(rows[2]!.jsToBuffer < 1e-3);
  assert.throws(() => gasilObjectiveAtOptimum([0, 0], [0.5, 0.6]), ConfigError);
});

test("(GASIL.5) tfjs autodiff of 2JS − log 4 equals the score gradient with Q = log D*", async () => {
  await tf.setBackend("cpu");
  const before = tf.memory().numTensors;
  const ad = gasilObjectiveAutodiffGradient(theta, buffer);
  assert.equal(tf.memory().numTensors, before);
  const D = discreteOptimalDiscriminator(theta, buffer);
  assert.ok(maxAbsDiff(ad, scoreGradient(theta, Array.from(D, Math.log))) < 1e-5);
});
