import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng";

test("same seed gives the same stream; different seeds differ", () => {
  const a = Rng.fromSeed(42);
  const b = Rng.fromSeed(42);
  const c = Rng.fromSeed(43);
  const xa = Array.from({ length: 20 }, () => a.nextUint32());
  const xb = Array.from({ length: 20 }, () => b.nextUint32());
  const xc = Array.from({ length: 20 }, () => c.nextUint32());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

test("split streams depend on the name and the parent key, not on the parent's position", () => {
  const root = Rng.fromSeed(7);
  const env1 = root.split("env").random();
  for (let i = 0; i < 100; i++) root.random();
  const env2 = root.split("env").random();
  assert.equal(env1, env2);
  assert.notEqual(root.split("env").random(), root.split("policy").random());
  assert.notEqual(root.split(0).random(), root.split(1).random());
  assert.notEqual(Rng.fromSeed(7).split(3).random(), Rng.fromSeed(8).split(3).random());
  // Nested splits are deterministic too.
  assert.equal(Rng.fromSeed(1).split("a").split(2).random(), Rng.fromSeed(1).split("a").split(2).random());
});

test("random() lies in [0, 1) with mean ≈ 1/2 and variance ≈ 1/12", () => {
  const rng = Rng.fromSeed(1);
  const n = 200_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.random();
    assert.ok(x >= 0 && x < 1);
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  const variance = sumSq / n - mean * mean;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 0.002, `variance ${variance}`);
});

test("normal() has mean 0, variance 1 and the right tail mass", () => {
  const rng = Rng.fromSeed(2);
  const n = 200_000;
  let sum = 0;
  let sumSq = 0;
  let beyond2 = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.normal();
    sum += x;
    sumSq += x * x;
    if (Math.abs(x) > 2) beyond2++;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(sumSq / n - mean * mean - 1) < 0.02, `variance ${sumSq / n}`);
  assert.ok(Math.abs(beyond2 / n - 0.0455) < 0.003, `P(|x|>2) ${beyond2 / n}`);
});

test("int(n) is uniform over [0, n) and rejects bad n", () => {
  const rng = Rng.fromSeed(3);
  const counts = new Array<number>(7).fill(0);
  const n = 70_000;
  for (let i = 0; i < n; i++) counts[rng.int(7)]!++;
  for (const c of counts) assert.ok(Math.abs(c / n - 1 / 7) < 0.01, `counts ${counts.join(",")}`);
  assert.throws(() => rng.int(0), /n must be an integer/);
  assert.throws(() => rng.int(2.5), /n must be an integer/);
});

test("permutation() is a permutation and every position is uniform", () => {
  const rng = Rng.fromSeed(4);
  const n = 5;
  const firstCounts = new Array<number>(n).fill(0);
  for (let t = 0; t < 20_000; t++) {
    const p = rng.permutation(n);
    assert.deepEqual(
      [...p].sort((a, b) => a - b),
      [0, 1, 2, 3, 4],
    );
    firstCounts[p[0]!]!++;
  }
  for (const c of firstCounts) assert.ok(Math.abs(c / 20_000 - 0.2) < 0.015, `first-position counts ${firstCounts.join(",")}`);
});

test("state round trip resumes the exact stream, including the cached normal", () => {
  const rng = Rng.fromSeed(5);
  rng.normal(); // leaves a cached spare
  const state = JSON.parse(JSON.stringify(rng.getState()));
  const restored = Rng.fromState(state);
  for (let i = 0; i < 10; i++) assert.equal(restored.normal(), rng.normal());
  assert.equal(restored.split("x").random(), rng.split("x").random());
});

test("fromSeed rejects invalid seeds with a message naming the seed", () => {
  assert.throws(() => Rng.fromSeed(-1), /seed must be a non-negative safe integer, got -1/);
  assert.throws(() => Rng.fromSeed(1.5), /got 1.5/);
  assert.throws(() => Rng.fromSeed(Number.NaN), /got NaN/);
});
