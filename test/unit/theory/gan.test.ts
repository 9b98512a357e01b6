import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../src/core/rng";
import {
  discriminatorCrossEntropy,
  discriminatorLogLikelihood,
  discriminatorLogTerms,
  discriminatorObjective,
  gridMass,
  jensenShannon,
  optimalDiscriminator,
  type PairGaussian,
  pairGrid,
  softplus,
  trainPairDiscriminator,
  weightedDiscriminatorError,
} from "../../../src/theory/gan";

const pol: PairGaussian = { mean: [-0.5, 0.5], std: [1, 0.8] };
const buf: PairGaussian = { mean: [0.8, -0.3], std: [0.7, 1] };

test("(GASIL.1) stable log terms and cross-entropy", () => {
  for (const l of [-30, -2, 0, 1.5, 30]) {
    const { logD, log1mD } = discriminatorLogTerms(l);
    assert.ok(Math.abs(Math.exp(logD) + Math.exp(log1mD) - 1) < 1e-12);
    assert.ok(Number.isFinite(log1mD) && Number.isFinite(logD));
  }
  assert.equal(softplus(800), 800);
  assert.ok(Math.abs(discriminatorCrossEntropy([0], [0]) - 2 * Math.log(2)) < 1e-12);
});

test("(GASIL.2)/(GASIL.3) D* maximises the objective, whose value is 2 JS − log 4", () => {
  const grid = pairGrid(pol, buf, -6, 6, 121);
  const mass = gridMass(grid);
  assert.ok(Math.abs(mass.policy - 1) < 1e-6 && Math.abs(mass.buffer - 1) < 1e-6);
  const d = optimalDiscriminator(grid.policy, grid.buffer);
  const v = discriminatorObjective(grid, d);
  assert.ok(Math.abs(v - (2 * jensenShannon(grid) - Math.log(4))) < 1e-5);
  assert.ok(
    discriminatorObjective(
      grid,
      d.map((x) => 0.9 * x + 0.05),
    ) < v,
  );
  assert.ok(
    discriminatorObjective(
      grid,
      d.map(() => 0.5),
    ) < v,
  );
  const far = pairGrid(pol, { mean: [40, 40], std: [1, 1] }, -6, 50, 300);
  assert.ok(
    Math.abs(jensenShannon(far) / (0.5 * (gridMass(far).policy + gridMass(far).buffer)) - Math.log(2)) < 1e-3,
    "disjoint: JS = log 2",
  );
});

test("the library discriminator trained on samples approaches D* (short run)", async () => {
  await tf.setBackend("cpu");
  const grid = pairGrid(pol, buf, -5, 5, 41);
  const before = tf.memory().numTensors;
  const tr = trainPairDiscriminator(
    { policy: pol, buffer: buf, steps: 150, batchSize: 256, learningRate: 0.01 },
    grid.s,
    grid.a,
    Rng.fromSeed(7),
  );
  assert.equal(tf.memory().numTensors, before, "no leaked tensors");
  const err = weightedDiscriminatorError(grid, tr.D);
  const errHalf = weightedDiscriminatorError(grid, new Float64Array(grid.s.length).fill(0.5));
  assert.ok(err < 0.05 && err < errHalf / 4, `error ${err} (constant ½: ${errHalf})`);
  assert.ok(tr.loss[tr.loss.length - 1]! < tr.loss[0]!);
});

test("(GASIL.1) log-likelihood is minus the cross-entropy", () => {
  const p = [1, -2, 0.3];
  const b = [0.5, -1];
  assert.ok(Math.abs(discriminatorLogLikelihood(p, b) + discriminatorCrossEntropy(p, b)) < 1e-12);
});
