// Tests for src/nn/discriminator.ts (GASIL's discriminator; lives with the GASIL tests).

import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../../src/core/rng";
import { Discriminator } from "../../../src/nn/discriminator";

/** [S, n, 1] obs and [S, n, 1] actions from N(mean, I) in 2-D, seed streams per population slot. */
function gaussianPairs(rngs: Rng[], n: number, mean: [number, number]) {
  const S = rngs.length;
  const obs = new Float32Array(S * n);
  const act = new Float32Array(S * n);
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < n; i++) {
      obs[s * n + i] = mean[0] + rngs[s]!.normal();
      act[s * n + i] = mean[1] + rngs[s]!.normal();
    }
  }
  return { obs, act };
}

test("learns to separate two Gaussians; logits approach the optimum log p − log q (GASIL.2)", async () => {
  await tf.setBackend("cpu");
  const before = tf.memory().numTensors;
  const d = Discriminator.create({ populationSize: 1, obsDim: 1, actDim: 1, hiddenSizes: [32, 32], learningRate: 1e-2 }, [Rng.fromSeed(1)]);
  const data = [Rng.fromSeed(2)];
  const m: [number, number] = [0.5, 0.5];
  let first = null;
  let last = null;
  for (let step = 0; step < 300; step++) {
    const p = gaussianPairs(data, 256, m);
    const q = gaussianPairs(data, 256, [-m[0], -m[1]]);
    const diag = d.update(p.obs, p.act, 256, q.obs, q.act, 256);
    if (step === 0) first = diag;
    last = diag;
  }
  assert.ok(first && last);
  // Untrained: near chance; trained: Bayes accuracy of these two Gaussians is Φ(|m|·√2/… ) ≈ 0.76.
  assert.ok(last.discLoss[0]! < first.discLoss[0]! - 0.2, `loss ${first.discLoss[0]} → ${last.discLoss[0]}`);
  assert.ok(last.discAccuracyPolicy[0]! > 0.65 && last.discAccuracyBuffer[0]! > 0.65);
  assert.ok(last.discMeanPolicy[0]! > 0.55 && last.discMeanBuffer[0]! < 0.45);
  // D*(x) = p/(p+q) ⇒ ℓ*(x) = log p(x) − log q(x) = 2 m·x = x₁ + x₂ here.
  const pts: [number, number][] = [
    [0, 0],
    [1, 0],
    [-1, -1],
    [0.5, 1],
  ];
  const logits = d.logits(new Float32Array(pts.map((p) => p[0])), new Float32Array(pts.map((p) => p[1])), pts.length);
  pts.forEach((p, i) => {
    const target = p[0] + p[1];
    assert.ok(Math.abs(logits[i]! - target) < 0.35, `ℓ(${p}) = ${logits[i]} vs ${target}`);
  });
  d.dispose();
  assert.equal(tf.memory().numTensors, before, "no leaked tensors");
});

test("seed k alone and seed k inside a population give identical weights and diagnostics", async () => {
  await tf.setBackend("cpu");
  const opts = { obsDim: 3, actDim: 2, hiddenSizes: [16, 16] };
  const seeds = [7, 8, 9];
  const pop = Discriminator.create(
    { ...opts, populationSize: 3 },
    seeds.map((s) => Rng.fromSeed(s)),
  );
  const solo = Discriminator.create({ ...opts, populationSize: 1 }, [Rng.fromSeed(8)]);
  const dataPop = seeds.map((s) => Rng.fromSeed(100 + s));
  const dataSolo = [Rng.fromSeed(108)];
  const draw = (rngs: Rng[], n: number, dim: number) => {
    const out = new Float32Array(rngs.length * n * dim);
    rngs.forEach((r, s) => {
      for (let i = 0; i < n * dim; i++) out[s * n * dim + i] = r.normal();
    });
    return out;
  };
  let dp = null;
  let ds = null;
  for (let step = 0; step < 5; step++) {
    const args = (rngs: Rng[]) => [draw(rngs, 40, 3), draw(rngs, 40, 2), 40, draw(rngs, 24, 3), draw(rngs, 24, 2), 24] as const;
    dp = pop.update(...args(dataPop));
    ds = solo.update(...args(dataSolo));
  }
  const sp = pop.extractSeed(1).getState();
  const ss = solo.getState();
  assert.deepEqual(sp.params, ss.params);
  assert.deepEqual(sp.m, ss.m);
  assert.deepEqual(sp.v, ss.v);
  assert.equal(dp!.discLoss[1], ds!.discLoss[0]);
  assert.equal(dp!.discMeanBuffer[1], ds!.discMeanBuffer[0]);
  pop.dispose();
  solo.dispose();
});

test("a masked seed is left exactly untouched, the others train", async () => {
  await tf.setBackend("cpu");
  const d = Discriminator.create({ populationSize: 2, obsDim: 1, actDim: 1, hiddenSizes: [8] }, [Rng.fromSeed(1), Rng.fromSeed(2)]);
  const before = d.getState();
  const x = new Float32Array(2 * 4).fill(0.5);
  const y = new Float32Array(2 * 4).fill(-0.5);
  const diag = d.update(x, x, 4, y, y, 4, [false, true]);
  const after = d.getState();
  assert.deepEqual(d.stepCounts(), [0, 1]);
  assert.ok(Number.isNaN(diag.discLoss[0]!) && Number.isFinite(diag.discLoss[1]!));
  const s0b = d.extractSeed(0).getState();
  const fresh = Discriminator.fromState(before).extractSeed(0).getState();
  assert.deepEqual(s0b.params, fresh.params);
  assert.deepEqual(s0b.m, fresh.m);
  assert.notDeepEqual(after.params, before.params);
  d.dispose();
});

test("state round-trips: a restored discriminator continues identically", async () => {
  await tf.setBackend("cpu");
  const d = Discriminator.create({ populationSize: 2, obsDim: 2, actDim: 1, hiddenSizes: [8, 8], entropyBonus: 1e-3 }, [
    Rng.fromSeed(3),
    Rng.fromSeed(4),
  ]);
  const r = Rng.fromSeed(5);
  const batch = () => r.fillNormal(new Float32Array(2 * 6 * 2));
  const acts = () => r.fillNormal(new Float32Array(2 * 6));
  d.update(batch(), acts(), 6, batch(), acts(), 6);
  const copy = Discriminator.fromState(JSON.parse(JSON.stringify(d.getState())));
  const a = [batch(), acts(), 6, batch(), acts(), 6] as const;
  d.update(...a);
  copy.update(...a);
  assert.deepEqual(copy.getState(), d.getState());
  d.dispose();
  copy.dispose();
});

test("invalid options are rejected naming the field", () => {
  assert.throws(() => Discriminator.create({ populationSize: 0, obsDim: 1, actDim: 1 }, []), /populationSize/);
  assert.throws(
    () => Discriminator.create({ populationSize: 1, obsDim: 1, actDim: 1, hiddenSizes: [0] }, [Rng.fromSeed(1)]),
    /hiddenSizes\[0\]/,
  );
  assert.throws(
    () => Discriminator.create({ populationSize: 1, obsDim: 1, actDim: 1, learningRate: -1 }, [Rng.fromSeed(1)]),
    /learningRate/,
  );
  assert.throws(() => Discriminator.create({ populationSize: 2, obsDim: 1, actDim: 1 }, [Rng.fromSeed(1)]), /rngs/);
});
