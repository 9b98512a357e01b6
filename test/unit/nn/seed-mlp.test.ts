import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../src/core/backend";
import { Rng } from "../../../src/core/rng";
import { type ParamBlock, SeedMlpGradient, type SeedMlpSet } from "../../../src/nn/seed-mlp";

before(async () => {
  await initBackend("cpu");
});

/** A discriminator-shaped net: input 5 → 7 → 6 → 1 logit, in a flat row with 3 unrelated leading parameters. */
function logitNet(): SeedMlpSet {
  const sizes = [5, 7, 6, 1];
  const blocks: ParamBlock[] = [];
  let offset = 3;
  for (let l = 0; l + 1 < sizes.length; l++) {
    blocks.push({ name: `w${l}`, shape: [sizes[l], sizes[l + 1]], offset, size: sizes[l] * sizes[l + 1] });
    offset += sizes[l] * sizes[l + 1];
    blocks.push({ name: `b${l}`, shape: [sizes[l + 1]], offset, size: sizes[l + 1] });
    offset += sizes[l + 1];
  }
  return { nets: [blocks], numParams: offset, inputDim: 5 };
}

/** Autodiff reference: Σ_k mean BCE-with-logits of seed k's tanh MLP, differentiated w.r.t. the flat parameters. */
function referenceGradient(
  set: SeedMlpSet,
  params: Float32Array,
  x: Float32Array,
  labels: Float32Array,
  S: number,
  B: number,
): Float32Array {
  const blocks = set.nets[0];
  const P = set.numParams;
  return tf.tidy(() => {
    const f = (theta: tf.Tensor): tf.Scalar => {
      let total = tf.scalar(0);
      for (let k = 0; k < S; k++) {
        let h: tf.Tensor = tf.tensor2d(x.subarray(k * B * 5, (k + 1) * B * 5), [B, 5]);
        for (let l = 0; l < 3; l++) {
          const w = tf.reshape(tf.slice(theta, [k * P + blocks[2 * l].offset], [blocks[2 * l].size]), [...blocks[2 * l].shape]);
          const b = tf.slice(theta, [k * P + blocks[2 * l + 1].offset], [blocks[2 * l + 1].size]);
          h = tf.add(tf.matMul(h, w), b);
          if (l < 2) h = tf.tanh(h);
        }
        const y = tf.tensor2d(labels.subarray(k * B, (k + 1) * B), [B, 1]);
        total = tf.add(total, tf.mean(tf.sub(tf.softplus(h), tf.mul(y, h)))); // BCE with logits
      }
      return total as tf.Scalar;
    };
    return tf.grad(f)(tf.tensor1d(params)).dataSync() as Float32Array;
  });
}

test("SeedMlpGradient (network kernels): a one-net tanh MLP's hand-written gradient equals autodiff", () => {
  const set = logitNet();
  const P = set.numParams;
  const S = 3,
    B = 9;
  const rng = Rng.fromSeed(8);
  const params = new Float32Array(S * P);
  rng.fillNormal(params, 0, 0.5);
  const x = new Float32Array(S * B * 5);
  rng.fillNormal(x);
  const labels = Float32Array.from({ length: S * B }, (_, i) => i % 2);
  const active = [true, false, true];
  const grad = new Float32Array(S * P).fill(5);
  const pass = new SeedMlpGradient(set, S, { maxBatch: B });
  const atStart = tf.memory().numTensors;
  const seen = pass.gradient(params, x, B, active, grad, (k, [logits], [dLogits]) => {
    // BCE with logits: ∂/∂ℓ = σ(ℓ) − y (mean over the batch)
    for (let b = 0; b < B; b++) dLogits![b] = (1 / (1 + Math.exp(-logits![b]!)) - labels[k * B + b]!) / B;
    return k;
  });
  assert.equal(tf.memory().numTensors, atStart, "no tensor outlives the call");
  assert.deepEqual(seen, [0, null, 2], "the loss runs for the active seeds only");
  const reference = referenceGradient(set, params, x, labels, S, B);
  for (const k of [0, 2]) {
    for (let i = 0; i < P; i++) {
      const g = grad[k * P + i];
      if (i < 3) assert.equal(g, 5, "parameters outside the net are untouched");
      else assert.ok(Math.abs(g - reference[k * P + i]) < 2e-5, `seed ${k} param ${i}: ${g} vs ${reference[k * P + i]}`);
    }
  }
  assert.ok(
    grad.subarray(P, 2 * P).every((g) => g === 0),
    "inactive seed's row zeroed",
  );

  // The forward pass alone gives the outputs the loss saw.
  const outputs = new Float32Array(S * B).fill(Number.NaN);
  pass.forward(params, x, B, active, [outputs]);
  assert.ok(outputs.subarray(B, 2 * B).every(Number.isNaN));
  assert.ok(outputs.subarray(0, B).every(Number.isFinite));
});

test("SeedMlpGradient: a seed's gradient does not depend on the other seeds of the population", () => {
  const set = logitNet();
  const P = set.numParams;
  const B = 6;
  const rng = Rng.fromSeed(3);
  const params = new Float32Array(2 * P);
  rng.fillNormal(params, 0, 0.5);
  const x = new Float32Array(2 * B * 5);
  rng.fillNormal(x);
  const loss = (_k: number, [logits]: readonly Float32Array[], [d]: readonly Float32Array[]): void => {
    for (let b = 0; b < B; b++) d![b] = logits![b]! / B;
  };
  const pair = new Float32Array(2 * P);
  new SeedMlpGradient(set, 2, { maxBatch: B }).gradient(params, x, B, [true, true], pair, loss);
  const alone = new Float32Array(P);
  new SeedMlpGradient(set, 1, { maxBatch: B }).gradient(params.slice(P), x.slice(B * 5), B, [true], alone, loss);
  assert.deepEqual(pair.subarray(P), alone);
});

test("SeedMlpGradient.seedGradient: seed k's call gives its row of a population call bit for bit and writes no other row", () => {
  const set = logitNet();
  const P = set.numParams;
  const S = 3;
  const B = 6;
  const rng = Rng.fromSeed(8);
  const params = rng.fillNormal(new Float32Array(S * P), 0, 0.5);
  const x = rng.fillNormal(new Float32Array(S * B * 5));
  const labels = Float32Array.from({ length: S * B }, (_, i) => i % 2);
  // BCE with logits on the host: ∂/∂ℓ = (σ(ℓ) − y)/B.
  const loss = (k: number, [logits]: readonly Float32Array[], [d]: readonly Float32Array[]): number => {
    let sum = 0;
    for (let b = 0; b < B; b++) {
      const l = logits![b]!;
      d![b] = (1 / (1 + Math.exp(-l)) - labels[k * B + b]!) / B;
      sum += l;
    }
    return sum;
  };
  const population = new SeedMlpGradient(set, S, { maxBatch: B, params });
  const all = new Float32Array(S * P);
  const popTerms = population.gradient(params, x, B, [true, true, true], all, loss);
  const perSeed = new SeedMlpGradient(set, S, { maxBatch: B, params });
  perSeed.grad.fill(7);
  for (const k of [2, 0]) {
    const terms = perSeed.seedGradient(k, x.subarray(k * B * 5, (k + 1) * B * 5), B, loss);
    assert.equal(terms, popTerms[k], `seed ${k}: the loss saw the same outputs`);
    for (const net of set.nets) {
      for (const block of net) {
        const at = k * P + block.offset;
        assert.deepEqual(perSeed.grad.subarray(at, at + block.size), all.subarray(at, at + block.size), `seed ${k}, block ${block.name}`);
      }
    }
  }
  assert.ok(
    perSeed.grad.subarray(P, 2 * P).every((g) => g === 7),
    "seed 1's row untouched",
  );
  assert.ok(
    perSeed.grad.subarray(0, 3).every((g) => g === 7),
    "entries outside the nets' blocks untouched",
  );
  assert.throws(() => perSeed.seedGradient(0, x, B + 1, loss), /batch 7 exceeds maxBatch 6/);
});
