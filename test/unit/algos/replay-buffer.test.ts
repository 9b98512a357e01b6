import assert from "node:assert/strict";
import { test } from "node:test";
import { admitsEpisode, discountedEpisodeReturns, PrioritizedReplayBuffer } from "../../../src/algos/shared/replay-buffer";
import { Rng } from "../../../src/core/rng";

function outputs(n: number, obsDim: number, actDim: number) {
  return {
    obs: new Float32Array(n * obsDim),
    actions: new Float32Array(n * actDim),
    returns: new Float64Array(n),
    weights: new Float32Array(n),
  };
}

test("discounted returns of a finished episode and the admission rule", () => {
  const R = discountedEpisodeReturns([0, 0, 1, 0, 2], 0.5);
  // R4 = 2, R3 = 1, R2 = 1 + 0.5, R1 = 0.75, R0 = 0.375
  assert.deepEqual(Array.from(R), [0.375, 0.75, 1.5, 1, 2]);
  assert.equal(admitsEpisode([0, 0, 0]), false);
  assert.equal(admitsEpisode([0, -3, 0]), false);
  assert.equal(admitsEpisode([0, 0, 0.1]), true);
});

test("FIFO overwrite at capacity; new transitions get the max priority seen", () => {
  const buf = new PrioritizedReplayBuffer({ obsDim: 1, actDim: 1, capacity: 3, alpha: 0.6 });
  buf.addEpisode([10, 11], [0, 0], [1, 2]);
  assert.equal(buf.size, 2);
  assert.equal(buf.priority(0), 1);
  buf.updatePriorities([0], [5]);
  assert.equal(buf.maxPriorityValue, 5);
  buf.add([12], [0], 3);
  assert.equal(buf.priority(2), 5);
  buf.add([13], [0], 4); // overwrites slot 0 (the oldest)
  assert.equal(buf.size, 3);
  assert.equal(buf.returnAt(0), 4);
  assert.equal(buf.returnAt(1), 2);
});

test("sampling frequencies follow p^α / Σ p^α and weights follow (N P)^-β / max", () => {
  const alpha = 0.6;
  const beta = 0.1;
  const buf = new PrioritizedReplayBuffer({ obsDim: 1, actDim: 1, capacity: 8, alpha });
  const pr = [1, 0.5, 0.25, 1e-6, 0.8];
  for (let i = 0; i < pr.length; i++) buf.add([i], [i], i);
  buf.updatePriorities([0, 1, 2, 3, 4], pr);
  const scaled = pr.map((p) => Math.max(p, 1e-6) ** alpha);
  const sum = scaled.reduce((a, b) => a + b, 0);
  const n = 40000;
  const out = outputs(n, 1, 1);
  const { indices, weights } = buf.sample(n, beta, Rng.fromSeed(11), out);
  const counts = new Array(5).fill(0);
  for (const i of indices) counts[i]++;
  const maxW = ((Math.min(...scaled) / sum) * 5) ** -beta;
  for (let i = 0; i < 5; i++) {
    assert.ok(Math.abs(counts[i] / n - scaled[i]! / sum) < 0.01, `slot ${i}: ${counts[i] / n} vs ${scaled[i]! / sum}`);
  }
  for (let k = 0; k < 100; k++) {
    const i = indices[k]!;
    const expected = ((scaled[i]! / sum) * 5) ** -beta / maxW;
    assert.ok(Math.abs(weights[k]! - expected) < 1e-6);
    assert.ok(weights[k]! <= 1 + 1e-6);
    // Outputs carry the sampled slot's data.
    assert.equal(out.obs[k], i);
    assert.equal(out.returns[k], i);
    assert.equal(out.weights[k], weights[k]);
  }
});

test("priority updates clip to the 1e-6 floor and raise the running max", () => {
  const buf = new PrioritizedReplayBuffer({ obsDim: 1, actDim: 1, capacity: 4, alpha: 0.6 });
  buf.add([0], [0], 0);
  buf.add([1], [0], 0);
  buf.updatePriorities([0, 1], [0, -3]);
  assert.equal(buf.priority(0), 1e-6);
  assert.equal(buf.priority(1), 1e-6);
  assert.equal(buf.maxPriorityValue, 1);
  // SIL passes clip(R − V, 0, 1), so priorities stay ≤ 1 and the max stays 1.
  buf.updatePriorities([1], [0.7]);
  assert.equal(buf.priority(1), 0.7);
  assert.throws(() => buf.updatePriorities([2], [0.5]), RangeError);
  assert.throws(() => buf.updatePriorities([0], [Number.NaN]), RangeError);
});

test("state round-trips: a restored buffer samples identically", () => {
  const rng = Rng.fromSeed(5);
  const buf = new PrioritizedReplayBuffer({ obsDim: 3, actDim: 2, capacity: 50, alpha: 0.6 });
  for (let i = 0; i < 70; i++) buf.add(rng.fillNormal(new Float64Array(3)), rng.fillNormal(new Float64Array(2)), rng.normal());
  const idx = Array.from({ length: 20 }, () => rng.int(50));
  buf.updatePriorities(
    idx,
    idx.map(() => rng.random()),
  );
  const copy = PrioritizedReplayBuffer.fromState(JSON.parse(JSON.stringify(buf.getState())));
  const a = outputs(64, 3, 2);
  const b = outputs(64, 3, 2);
  const sa = buf.sample(64, 0.1, Rng.fromSeed(1), a);
  const sb = copy.sample(64, 0.1, Rng.fromSeed(1), b);
  assert.deepEqual(sa, sb);
  assert.deepEqual(a, b);
  copy.add([1, 2, 3], [4, 5], 6);
  buf.add([1, 2, 3], [4, 5], 6);
  assert.deepEqual(copy.getState(), buf.getState());
});

test("invalid options are rejected naming the field", () => {
  assert.throws(() => new PrioritizedReplayBuffer({ obsDim: 1, actDim: 1, capacity: 0, alpha: 0.6 }), /capacity/);
  assert.throws(() => new PrioritizedReplayBuffer({ obsDim: 1, actDim: 1, capacity: 3, alpha: -1 }), /alpha/);
  const buf = new PrioritizedReplayBuffer({ obsDim: 2, actDim: 1, capacity: 3, alpha: 0.6 });
  assert.throws(() => buf.add([1], [1], 0), /obs length/);
  assert.throws(() => buf.sample(1, 0.1, Rng.fromSeed(1), outputs(1, 2, 1)), RangeError);
});
