import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng";
import { logLogSlope, maxAbsDiff } from "../../../src/theory/checks";
import {
  advantageSweep,
  baselineEstimator,
  batchBaselineExperiment,
  exactCritic,
  gaeEstimator,
  monteCarloErrorCurve,
  rewardToGoEstimator,
  totalReturnEstimator,
  valueTable,
} from "../../../src/theory/estimators";
import { advantagesBySum, generalizedAdvantages, rewardsToGo, tdResiduals } from "../../../src/theory/gae-bridge";
import {
  demoLogits,
  demoMdp,
  enumerateTrajectories,
  exactGradient,
  exactMoments,
  exactReturn,
  exactValues,
  expectation,
  sampleMoments,
  sampleTrajectories,
  trajectoryReturn,
} from "../../../src/theory/tabular-mdp";

const mdp = demoMdp();
const theta = demoLogits();
const trajs = enumerateTrajectories(mdp, theta);
const grad = exactGradient(mdp, theta);

test("(PG.2)-(PG.4) estimators are exactly unbiased; reward-to-go and baseline lower the variance", () => {
  const total = exactMoments(trajs, totalReturnEstimator(mdp, theta));
  const toGo = exactMoments(trajs, rewardToGoEstimator(mdp, theta));
  const base = exactMoments(trajs, baselineEstimator(mdp, theta, valueTable(exactValues(mdp, theta))));
  for (const m of [total, toGo, base]) assert.ok(maxAbsDiff(m.mean, grad) < 1e-9);
  assert.ok(toGo.variance < total.variance);
  assert.ok(base.variance < toGo.variance / 5);
  // a bad baseline is still unbiased (PG.4)
  const bad = exactMoments(
    trajs,
    baselineEstimator(mdp, theta, (t, s) => 10 * s - t),
  );
  assert.ok(maxAbsDiff(bad.mean, grad) < 1e-9);
});

test("discounted reward-to-go is unbiased for the discounted objective's gradient", () => {
  const m = exactMoments(trajs, rewardToGoEstimator(mdp, theta, 0.6));
  assert.ok(maxAbsDiff(m.mean, exactGradient(mdp, theta, 0.6)) < 1e-9);
});

test("Monte-Carlo error falls like N^(-1/2); sampled mean lies within a CI of the exact gradient", () => {
  const curve = monteCarloErrorCurve(mdp, theta, rewardToGoEstimator(mdp, theta), grad, [32, 128, 512, 2048], 20, Rng.fromSeed(9));
  const slope = logLogSlope(curve.sampleCounts, curve.rmse);
  assert.ok(slope > -0.62 && slope < -0.38, `slope ${slope}`);
  const sampled = sampleTrajectories(mdp, theta, 4000, Rng.fromSeed(10));
  const m = sampleMoments(sampled, rewardToGoEstimator(mdp, theta));
  // each coordinate within 4 standard errors (variance bound: total variance / n per coordinate)
  const se = Math.sqrt(m.variance / 4000);
  assert.ok(maxAbsDiff(m.mean, grad) < 4 * se);
});

test("(PG.6) library GAE recursion = explicit sum; λ limits", () => {
  const r = [1, 0.5, 2, 0.2];
  const v = [0.3, 1.2, -0.4, 0.9];
  for (const [g, l] of [
    [0.9, 0.7],
    [1, 1],
    [0.5, 0],
  ] as const)
    assert.ok(maxAbsDiff(generalizedAdvantages(r, v, g, l), advantagesBySum(r, v, g, l)) < 1e-12);
});

test("GAE sweep: exact critic is unbiased for every λ; stale critic biased except at λ = 1; discount adds bias", () => {
  const exact = advantageSweep(mdp, theta, [1], [0, 0.5, 1], exactCritic(mdp, theta));
  for (const row of exact) assert.ok(row.bias < 1e-9, `λ=${row.lambda} bias ${row.bias}`);
  const stale = advantageSweep(
    mdp,
    theta,
    [1],
    [0, 0.5, 1],
    exactCritic(
      mdp,
      theta.map((x) => -2 * x),
    ),
  );
  assert.ok(stale[0]!.bias > stale[1]!.bias && stale[1]!.bias > stale[2]!.bias && stale[2]!.bias < 1e-9);
  assert.ok(stale[0]!.variance < stale[2]!.variance);
  const disc = advantageSweep(mdp, theta, [1, 0.8, 0.5], [1], exactCritic(mdp, theta));
  assert.ok(disc[0]!.bias < disc[1]!.bias && disc[1]!.bias < disc[2]!.bias);
  // a GAE estimator at γ = 1, λ = 1 equals the baseline estimator with the same critic
  const crit = exactCritic(mdp, theta)(1);
  const a = gaeEstimator(mdp, theta, crit, 1, 1)(trajs[5]!);
  const b = baselineEstimator(mdp, theta, crit)(trajs[5]!);
  assert.ok(maxAbsDiff(a, b) < 1e-12);
});

test("(PG.3)/(PG.5) reward-to-go through the library's discountedReturns, TD residuals", () => {
  assert.ok(maxAbsDiff(rewardsToGo([1, 2, 3], 0.5), [1 + 1 + 0.75, 2 + 1.5, 3]) < 1e-12);
  assert.ok(maxAbsDiff(tdResiduals([1, 2], [0.5, 4], 0.9), [1 + 3.6 - 0.5, 2 - 4]) < 1e-12);
  // λ = 0 GAE equals the TD residuals
  assert.ok(maxAbsDiff(generalizedAdvantages([1, 2], [0.5, 4], 0.9, 0), tdResiduals([1, 2], [0.5, 4], 0.9)) < 1e-12);
});

test("expectation over enumerated trajectories", () => {
  assert.ok(Math.abs(expectation(trajs, () => 1) - 1) < 1e-12);
  assert.ok(Math.abs(expectation(trajs, (t) => trajectoryReturn(t)) - exactReturn(mdp, theta)) < 1e-12);
});

test("seed's batch-mean baseline shrinks the gradient by (1 − 1/N); leave-one-out is unbiased", () => {
  const bm = batchBaselineExperiment(mdp, theta, 2, 6000, false, Rng.fromSeed(8));
  const loo = batchBaselineExperiment(mdp, theta, 2, 6000, true, Rng.fromSeed(8));
  const se = (r: { stderr: Float64Array }) => 4 * Math.max(...r.stderr);
  assert.ok(
    maxAbsDiff(
      bm.mean,
      grad.map((g) => g / 2),
    ) < se(bm),
  );
  assert.ok(maxAbsDiff(loo.mean, grad) < se(loo));
  assert.ok(maxAbsDiff(bm.mean, grad) > se(bm), "the batch-mean bias is detectable");
});
