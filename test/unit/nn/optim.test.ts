import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../src/core/backend";
import { clipByGlobalNormPerSeed, PopulationAdam } from "../../../src/nn/optim";

before(async () => {
  await initBackend("cpu");
});

test("clipByGlobalNormPerSeed scales each seed's row to at most maxNorm, independently", () => {
  const g = tf.tensor2d([3, 4, 0, 0.3, 0.4, 0, 6, 8, 0], [3, 3]); // norms 5, 0.5, 10
  const { clipped, norm } = clipByGlobalNormPerSeed(g, 1);
  assert.deepEqual(
    Array.from(norm.dataSync()).map((x) => +x.toFixed(5)),
    [5, 0.5, 10],
  );
  const c = clipped.arraySync();
  const expect = [
    [0.6, 0.8, 0],
    [0.3, 0.4, 0],
    [0.6, 0.8, 0],
  ];
  for (const [i, row] of c.entries()) for (const [j, x] of row.entries()) assert.ok(Math.abs(x - expect[i][j]) < 1e-6, `${i},${j}: ${x}`);
  tf.dispose([g, clipped, norm]);
});

test("PopulationAdam matches a hand-written TF1 Adam per seed, with clipping and a masked seed", () => {
  const cfg = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 1 };
  const adam = new PopulationAdam(cfg, 2, 2);
  let theta = tf.tensor2d([1, 2, -1, 0.5], [2, 2]);
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
    const g = tf.tensor2d(grads[it], [2, 2]);
    const res = adam.step(theta, g, actives[it]);
    theta.dispose();
    g.dispose();
    theta = res.theta;
    assert.deepEqual(Array.from(res.finite.dataSync()), [1, 1]);
    tf.dispose([res.gradNorm, res.finite]);
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
  const got = theta.arraySync();
  for (let k = 0; k < 2; k++)
    for (let j = 0; j < 2; j++) assert.ok(Math.abs(got[k][j] - ref[k][j]) < 1e-5, `seed ${k}[${j}]: ${got[k][j]} vs ${ref[k][j]}`);
  assert.equal(adam.stepCount(0), 3);
  assert.equal(adam.stepCount(1), 2);
  theta.dispose();
  adam.dispose();
});

test("PopulationAdam leaves a seed with a non-finite gradient untouched and flags it", () => {
  const adam = new PopulationAdam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 }, 2, 2);
  const theta = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const g = tf.tensor2d([NaN, 1, 1, 1], [2, 2]);
  const res = adam.step(theta, g, [true, true]);
  assert.deepEqual(Array.from(res.finite.dataSync()), [0, 1]);
  const out = res.theta.arraySync();
  assert.deepEqual(out[0], [1, 2]);
  assert.ok(out[1][0] < 3 && out[1][1] < 4);
  const state = adam.getState();
  assert.equal(state.m[0], 0);
  assert.ok(Number.isFinite(state.v[1]) && state.v[2] > 0);
  tf.dispose([theta, g, res.theta, res.gradNorm, res.finite]);
  adam.dispose();
});
