import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../src/core/backend";
import { gaussianEntropy, gaussianEntropyArray, gaussianLogProb, gaussianLogProbArray } from "../../../src/nn/diag-gaussian";

before(async () => {
  await initBackend("cpu");
});

// Closed forms (PG.10) for a product of independent 1-D normals.
function logPdf1(x: number, mu: number, sigma: number): number {
  return -((x - mu) ** 2) / (2 * sigma * sigma) - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
}

test("gaussianLogProb (tensor, [S,B,A]) equals the sum of 1-D normal log-densities", () => {
  const S = 2,
    B = 3,
    A = 2;
  const mean = [0.1, -0.3, 0.5, 0.0, -1.0, 2.0, 0.3, 0.3, -0.2, 0.7, 1.1, -0.4];
  const act = [0.0, 0.2, 0.9, -0.5, -1.5, 1.0, 0.1, 0.6, 0.0, 0.0, 2.0, -1.0];
  const logStd = [0.0, -0.5, 0.3, 0.1];
  const lp = tf.tidy(() =>
    gaussianLogProb(tf.tensor3d(mean, [S, B, A]), tf.tensor3d(logStd, [S, 1, A]), tf.tensor3d(act, [S, B, A])).arraySync(),
  );
  for (let s = 0; s < S; s++) {
    for (let b = 0; b < B; b++) {
      let expected = 0;
      for (let a = 0; a < A; a++) {
        const i = (s * B + b) * A + a;
        expected += logPdf1(act[i], mean[i], Math.exp(logStd[s * A + a]));
      }
      assert.ok(Math.abs(lp[s][b] - expected) < 1e-5, `s${s} b${b}: ${lp[s][b]} vs ${expected}`);
      const arr = gaussianLogProbArray(mean, logStd, act, A, (s * B + b) * A, s * A, (s * B + b) * A);
      assert.ok(Math.abs(arr - expected) < 1e-12, `array version ${arr} vs ${expected}`);
    }
  }
});

test("gaussianEntropy equals Σ (log σ + ½ log 2πe) and the Monte-Carlo-free closed form", () => {
  const logStd = [0.0, -0.5, 0.3, 0.1, 1.2, -2.0];
  const h = tf.tidy(() => gaussianEntropy(tf.tensor3d(logStd, [2, 1, 3])).arraySync());
  for (let s = 0; s < 2; s++) {
    let expected = 0;
    for (let a = 0; a < 3; a++) expected += 0.5 * Math.log(2 * Math.PI * Math.E * Math.exp(2 * logStd[s * 3 + a]));
    assert.ok(Math.abs(h[s] - expected) < 1e-5, `${h[s]} vs ${expected}`);
    assert.ok(Math.abs(gaussianEntropyArray(logStd, 3, s * 3) - expected) < 1e-12);
  }
});
