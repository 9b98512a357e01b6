import assert from "node:assert/strict";
import { test } from "node:test";
import { PopulationAdam } from "../../../src/nn/optim";

test("PopulationAdam matches a hand-written TF1 Adam per seed, with clipping and a masked seed", () => {
  const cfg = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 1 };
  const adam = new PopulationAdam(cfg, 2, 2);
  const theta = Float32Array.from([1, 2, -1, 0.5]);
  const grads = [
    [3, 4, 0.1, -0.2],
    [0.3, 0, 1, 1],
    [-6, 8, 0.5, 0.5],
  ];
  const actives = [
    [true, true],
    [true, false],
    [true, true],
  ];
  // Reference: per seed, plain numbers.
  const ref = [
    [1, 2],
    [-1, 0.5],
  ];
  const m = [
    [0, 0],
    [0, 0],
  ];
  const v = [
    [0, 0],
    [0, 0],
  ];
  const steps = [0, 0];
  for (let it = 0; it < grads.length; it++) {
    const res = adam.step(theta, grads[it], actives[it]);
    assert.deepEqual(res.finite, [true, true]);
    for (let k = 0; k < 2; k++) {
      if (!actives[it][k]) continue;
      const gk = grads[it].slice(2 * k, 2 * k + 2);
      const norm = Math.hypot(gk[0], gk[1]);
      const scale = 1 / Math.max(norm, 1);
      steps[k]++;
      const lrT = (0.1 * Math.sqrt(1 - 0.999 ** steps[k])) / (1 - 0.9 ** steps[k]);
      for (let j = 0; j < 2; j++) {
        const gj = gk[j] * scale;
        m[k][j] = 0.9 * m[k][j] + 0.1 * gj;
        v[k][j] = 0.999 * v[k][j] + 0.001 * gj * gj;
        ref[k][j] -= (lrT * m[k][j]) / (Math.sqrt(v[k][j]) + 1e-5);
      }
    }
  }
  for (let k = 0; k < 2; k++)
    for (let j = 0; j < 2; j++) {
      const got = theta[2 * k + j];
      assert.ok(Math.abs(got - ref[k][j]) < 1e-5, `seed ${k}[${j}]: ${got} vs ${ref[k][j]}`);
    }
  assert.equal(adam.stepCount(0), 3);
  assert.equal(adam.stepCount(1), 2);
  adam.dispose();
});

test("PopulationAdam leaves a seed with a non-finite gradient untouched and flags it", () => {
  const adam = new PopulationAdam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 }, 2, 2);
  const theta = Float32Array.from([1, 2, 3, 4]);
  const res = adam.step(theta, [NaN, 1, 1, 1], [true, true]);
  assert.deepEqual(res.finite, [false, true]);
  assert.deepEqual(Array.from(theta.subarray(0, 2)), [1, 2]);
  assert.ok(theta[2] < 3 && theta[3] < 4);
  const state = adam.getState();
  assert.equal(state.m[0], 0);
  assert.ok(Number.isFinite(state.v[1]) && state.v[2] > 0);
  adam.dispose();
});
