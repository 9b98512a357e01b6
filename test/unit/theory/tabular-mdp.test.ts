import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ConfigError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/rng";
import { maxAbsDiff } from "../../../src/theory/checks";
import {
  autodiffReturnGradient,
  demoLogits,
  demoMdp,
  enumerateTrajectories,
  exactGradient,
  exactMoments,
  exactReturn,
  finiteDifferenceGradient,
  sampleTrajectories,
  trajectoryReturn,
  validateMdp,
} from "../../../src/theory/tabular-mdp";

const mdp = demoMdp();
const theta = demoLogits();

test("(PG.1) enumeration and dynamic programming agree, for γ = 1 and γ = 0.8", () => {
  const trajs = enumerateTrajectories(mdp, theta);
  assert.equal(trajs.length, 3 ** 4 * 2 ** 4);
  for (const gamma of [1, 0.8]) {
    const byEnum = trajs.reduce((s, t) => s + t.prob * trajectoryReturn(t, gamma), 0);
    assert.ok(Math.abs(byEnum - exactReturn(mdp, theta, gamma)) < 1e-12);
  }
});

test("exact gradient (policy-gradient theorem) = finite differences = tfjs autodiff", async () => {
  await tf.setBackend("cpu");
  for (const gamma of [1, 0.7]) {
    const g = exactGradient(mdp, theta, gamma);
    const fd = finiteDifferenceGradient((x) => exactReturn(mdp, x, gamma), theta);
    assert.ok(maxAbsDiff(g, fd) < 1e-8, `γ=${gamma}: ${maxAbsDiff(g, fd)}`);
    const before = tf.memory().numTensors;
    const ad = autodiffReturnGradient(mdp, theta, gamma);
    assert.equal(tf.memory().numTensors, before, "no leaked tensors");
    assert.ok(maxAbsDiff(ad.gradient, fd) < 1e-4);
    assert.ok(Math.abs(ad.J - exactReturn(mdp, theta, gamma)) < 1e-4);
  }
});

test("sampled trajectories follow the enumerated distribution (mean return within 4 standard errors)", () => {
  const n = 5000;
  const rs = sampleTrajectories(mdp, theta, n, Rng.fromSeed(3)).map((t) => trajectoryReturn(t));
  const m = rs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(rs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
  assert.ok(Math.abs(m - exactReturn(mdp, theta)) < (4 * sd) / Math.sqrt(n));
  // determinism
  const again = sampleTrajectories(mdp, theta, 3, Rng.fromSeed(3));
  assert.deepEqual(Array.from(again[0]!.actions), Array.from(sampleTrajectories(mdp, theta, 1, Rng.fromSeed(3))[0]!.actions));
});

test("exactMoments of a constant estimator has zero variance", () => {
  const trajs = enumerateTrajectories(mdp, theta);
  const m = exactMoments(trajs, () => Float64Array.of(2, -1));
  assert.ok(maxAbsDiff(m.mean, [2, -1]) < 1e-12);
  assert.ok(Math.abs(m.variance) < 1e-12);
});

test("validateMdp names the bad field", () => {
  assert.throws(
    () => validateMdp({ ...mdp, initial: Float64Array.of(0.5, 0.5, 0.5) }),
    (e: unknown) => e instanceof ConfigError && e.path === "initial",
  );
  assert.throws(
    () => validateMdp({ ...mdp, reward: new Float64Array(2) }),
    (e: unknown) => e instanceof ConfigError && e.path === "reward",
  );
  assert.throws(
    () => exactReturn(mdp, [0, 0]),
    (e: unknown) => e instanceof ConfigError && e.path === "logits",
  );
});
