import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/rng";
import { meanAndStderr } from "../../../src/theory/checks";
import {
  exactScalarMoments,
  gaussianWeightVariance,
  importanceSamplingSweep,
  sampleGaussianWeights,
  trajectoryRatio,
} from "../../../src/theory/importance";
import {
  demoLogits,
  demoMdp,
  enumerateTrajectories,
  exactReturn,
  sampleTrajectories,
  trajectoryReturn,
} from "../../../src/theory/tabular-mdp";

const mdp = demoMdp();
const theta = demoLogits();

test("(PG.7) importance-sampled return is exactly unbiased; variance grows with separation", () => {
  const rows = importanceSamplingSweep(mdp, theta, [1, -1, 0, 1, -1, 0], [0, 0.5, 1, 2]);
  for (const r of rows) assert.ok(Math.abs(r.isMean - r.targetReturn) < 1e-9);
  assert.ok(Math.abs(rows[0]!.isVariance - rows[0]!.onPolicyVariance) < 1e-9);
  for (let i = 1; i < rows.length; i++) {
    assert.ok(rows[i]!.isVariance > rows[i - 1]!.isVariance);
    assert.ok(rows[i]!.klTrajectories > rows[i - 1]!.klTrajectories);
  }
  assert.throws(() => importanceSamplingSweep(mdp, theta, [1], [0]), ConfigError);
});

test("ratios average to 1 under the behaviour policy; sampled IS estimate within 4 SE", () => {
  const thetaNew = theta.map((x, i) => x + (i % 2 === 0 ? 0.4 : -0.4));
  const ratio = trajectoryRatio(mdp, thetaNew, theta);
  assert.ok(Math.abs(exactScalarMoments(enumerateTrajectories(mdp, theta), ratio).mean - 1) < 1e-12);
  const est = meanAndStderr(sampleTrajectories(mdp, theta, 10000, Rng.fromSeed(4)).map((t) => ratio(t) * trajectoryReturn(t)));
  assert.ok(Math.abs(est.mean - exactReturn(mdp, thetaNew)) < 4 * est.stderr);
});

test("Gaussian weight variance: closed form vs samples", () => {
  assert.equal(gaussianWeightVariance(0, 1), 0);
  assert.ok(Math.abs(gaussianWeightVariance(1, 2) - Math.expm1(0.25)) < 1e-15);
  const s = sampleGaussianWeights(0.5, 1, 100000, Rng.fromSeed(1));
  assert.ok(Math.abs(s.mean - 1) < 0.01);
  assert.ok(Math.abs(s.variance / gaussianWeightVariance(0.5, 1) - 1) < 0.1);
  assert.throws(() => gaussianWeightVariance(1, 0), ConfigError);
});
