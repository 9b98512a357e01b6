import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { clippedSurrogateLoss, clippedValueLoss } from "../../../src/algos/shared/losses";
import { initBackend } from "../../../src/core/backend";

before(async () => {
  await initBackend("cpu");
});

test("clipped surrogate (PG.7, PG.8): value and gradient per case, per seed", () => {
  const eps = 0.2;
  // Seed 0: four cases; seed 1: ratios all 1.
  const ratio = [1.5, 1.1, 0.5, 0.9, 1, 1, 1, 1];
  const adv = [2, 2, -1, -1, 1, -1, 3, 0];
  const oldLp = [-1, -2, -0.5, 0.3, 0, 0, 0, 0];
  const newLp = ratio.map((r, i) => oldLp[i] + Math.log(r));
  const old = tf.tensor2d(oldLp, [2, 4]);
  const a = tf.tensor2d(adv, [2, 4]);
  const f = (lp: tf.Tensor): tf.Tensor => tf.sum(clippedSurrogateLoss(lp as tf.Tensor2D, old, a, eps).loss);
  const lp = tf.tensor2d(newLp, [2, 4]);
  const res = clippedSurrogateLoss(lp, old, a, eps);
  // Hand values: seed 0: max(−Aρ, −A clip(ρ)) = [−2·1.2, −2·1.1, 1·0.8 (clip wins: max(0.5, 0.8)), 1·0.9]
  const seed0 = (-2.4 - 2.2 + 0.8 + 0.9) / 4;
  const seed1 = (-1 + 1 - 3 - 0) / 4;
  const loss = res.loss.dataSync();
  assert.ok(Math.abs(loss[0] - seed0) < 1e-6, `${loss[0]} vs ${seed0}`);
  assert.ok(Math.abs(loss[1] - seed1) < 1e-6);
  const clipFraction = res.clipFraction.dataSync();
  assert.ok(Math.abs(clipFraction[0] - 0.5) < 1e-7 && clipFraction[1] === 0);
  const kl = res.approxKl.dataSync();
  const k3 = ratio.slice(0, 4).reduce((s, r) => s + (r - 1 - Math.log(r)), 0) / 4;
  assert.ok(Math.abs(kl[0] - k3) < 1e-6 && Math.abs(kl[1]) < 1e-7);
  // Gradient w.r.t. log π: −Âρ/B where the unclipped term is active, 0 where the clip is active.
  const g = tf.grad(f)(lp).dataSync();
  const expected = [0, (-2 * 1.1) / 4, 0, (1 * 0.9) / 4, -1 / 4, 1 / 4, -3 / 4, 0];
  for (const [i, e] of expected.entries()) assert.ok(Math.abs(g[i] - e) < 1e-6, `grad[${i}] ${g[i]} vs ${e}`);
  tf.dispose([old, a, lp, res.loss, res.clipFraction, res.approxKl]);
});

test("clipped value loss (PG.9): max of unclipped and clipped squared errors; null = plain", () => {
  const v = tf.tensor2d([1.0, 0.0, 2.0], [1, 3]);
  const vOld = tf.tensor2d([0.0, 0.0, 1.0], [1, 3]);
  const ret = tf.tensor2d([1.0, 1.0, 0.0], [1, 3]);
  // sample 0: V−R = 0, clipped V = 0.2 → (0.8)² = 0.64 → max 0.64
  // sample 1: V−R = −1 → 1; clipped V = 0 → 1 → 1
  // sample 2: V−R = 2 → 4; clipped V = 1.2 → 1.44 → 4
  const l = clippedValueLoss(v, vOld, ret, 0.2).dataSync()[0];
  assert.ok(Math.abs(l - (0.5 * (0.64 + 1 + 4)) / 3) < 1e-6, `${l}`);
  const plain = clippedValueLoss(v, vOld, ret, null).dataSync()[0];
  assert.ok(Math.abs(plain - (0.5 * (0 + 1 + 4)) / 3) < 1e-6);
  tf.dispose([v, vOld, ret]);
});
