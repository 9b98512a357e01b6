import assert from "node:assert/strict";
import { test } from "node:test";
import { TrajectoryStore } from "../../../src/algos/shared/trajectory-store";
import { ConfigError } from "../../../src/core/errors";
import { decodeFloat32, encodeFloat32 } from "../../../src/core/float-codec";
import { Rng } from "../../../src/core/rng";

/** A trajectory whose every obs entry equals `tag` (so samples can be traced back). */
function traj(length: number, score: number, tag: number, obsDim = 2, actDim = 1) {
  return {
    obs: new Float64Array(length * obsDim).fill(tag),
    actions: new Float64Array(length * actDim).fill(-tag),
    score,
  };
}

test("transition capacity keeps a prefix of the ranking whose total length fits K", () => {
  const store = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 10 });
  assert.equal(store.offer(traj(4, 1, 1)), true);
  assert.equal(store.offer(traj(4, 3, 2)), true);
  assert.equal(store.numTransitions, 8);
  // Better than both, length 4: total would be 12 > 10 → the worst one (score 1) drops.
  assert.equal(store.offer(traj(4, 2, 3)), true);
  assert.deepEqual(
    store.trajectories().map((t) => t.score),
    [3, 2],
  );
  assert.equal(store.numTransitions, 8);
  // Worse than everything stored and does not fit: rejected.
  assert.equal(store.offer(traj(3, 0, 4)), false);
  // Worse but fits (8 + 2 ≤ 10): kept at the end.
  assert.equal(store.offer(traj(2, 0.5, 5)), true);
  assert.deepEqual(
    store.trajectories().map((t) => t.score),
    [3, 2, 0.5],
  );
  assert.equal(store.numTransitions, 10);
  assert.ok(store.numTransitions <= store.capacity);
  assert.equal(store.numOffered, 5);
});

test("prefix rule: a lower-ranked short trajectory is dropped once a higher-ranked one does not fit", () => {
  const store = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 10 });
  store.offer(traj(6, 5, 1));
  store.offer(traj(1, 1, 2));
  assert.equal(store.size, 2);
  store.offer(traj(6, 3, 3)); // ranks second, 6 + 6 > 10 → it and everything after it drop
  assert.deepEqual(
    store.trajectories().map((t) => t.score),
    [5],
  );
});

test("the single best trajectory is always kept, even when longer than K", () => {
  const store = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 5 });
  store.offer(traj(3, 1, 1));
  assert.equal(store.offer(traj(20, 7, 2)), true);
  assert.equal(store.size, 1);
  assert.equal(store.bestScore, 7);
  assert.equal(store.numTransitions, 20);
  assert.equal(store.offer(traj(1, 2, 3)), false);
});

test("ties prefer the newer trajectory", () => {
  const store = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 4 });
  store.offer(traj(4, 2, 1));
  store.offer(traj(4, 2, 2)); // same score, newer → replaces the older
  assert.equal(store.size, 1);
  assert.equal(store.trajectories()[0]!.obs[0], 2);
  const s2 = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 8 });
  s2.offer(traj(4, 2, 1));
  s2.offer(traj(4, 2, 2));
  assert.deepEqual(
    s2.trajectories().map((t) => t.obs[0]),
    [2, 1],
  );
});

test("trajectory unit counts episodes and the ranking is always sorted", () => {
  const store = new TrajectoryStore({ obsDim: 1, actDim: 1, capacity: 3, unit: "trajectories" });
  const rng = Rng.fromSeed(3);
  const seen: number[] = [];
  for (let i = 0; i < 50; i++) {
    const score = Math.round(rng.uniform(0, 10));
    seen.push(score);
    store.offer(traj(1 + rng.int(50), score, i, 1, 1));
    const scores = store.trajectories().map((t) => t.score);
    for (let j = 1; j < scores.length; j++) assert.ok(scores[j - 1]! >= scores[j]!);
    assert.ok(store.size <= 3);
  }
  const top3 = [...seen].sort((a, b) => b - a).slice(0, 3);
  assert.deepEqual(
    store.trajectories().map((t) => t.score),
    top3,
  );
});

test("sampling is uniform over stored transitions and returns raw obs with their actions", () => {
  const store = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 100 });
  store.offer(traj(30, 2, 1));
  store.offer(traj(10, 1, 2));
  const n = 20000;
  const obs = new Float32Array(n * 2);
  const act = new Float32Array(n);
  store.sample(n, Rng.fromSeed(9), obs, act);
  let fromFirst = 0;
  for (let i = 0; i < n; i++) {
    assert.equal(obs[2 * i], obs[2 * i + 1]);
    assert.equal(act[i], -obs[2 * i]!);
    if (obs[2 * i] === 1) fromFirst++;
  }
  // 30 of 40 transitions belong to the first trajectory.
  assert.ok(Math.abs(fromFirst / n - 0.75) < 0.02, `fraction ${fromFirst / n}`);
  // Same seed → same sample.
  const obs2 = new Float32Array(n * 2);
  store.sample(n, Rng.fromSeed(9), obs2, new Float32Array(n));
  assert.deepEqual(obs2, obs);
  assert.throws(() => new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 1 }).sample(1, Rng.fromSeed(1), obs, act), RangeError);
});

test("sampling writes at offsets so seeds can fill one stacked array", () => {
  const a = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 10 });
  const b = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 10 });
  a.offer(traj(3, 1, 5));
  b.offer(traj(3, 1, 6));
  const obs = new Float32Array(2 * 4 * 2);
  const act = new Float32Array(2 * 4);
  a.sample(4, Rng.fromSeed(1), obs, act, 0, 0);
  b.sample(4, Rng.fromSeed(2), obs, act, 8, 4);
  assert.deepEqual(Array.from(obs), [...Array(8).fill(5), ...Array(8).fill(6)]);
});

test("state round-trips exactly through JSON", () => {
  const store = new TrajectoryStore({ obsDim: 3, actDim: 2, capacity: 12 });
  const rng = Rng.fromSeed(4);
  for (let i = 0; i < 10; i++) {
    const len = 1 + rng.int(6);
    store.offer({
      obs: rng.fillNormal(new Float64Array(len * 3)),
      actions: rng.fillNormal(new Float64Array(len * 2)),
      score: rng.normal(),
    });
  }
  const copy = TrajectoryStore.fromState(JSON.parse(JSON.stringify(store.getState())));
  assert.deepEqual(copy.getState(), store.getState());
  // Both continue identically.
  const t = { obs: new Float64Array(3).fill(1), actions: new Float64Array(2), score: 0.1 };
  assert.equal(copy.offer(t), store.offer(t));
  const o1 = new Float32Array(30),
    o2 = new Float32Array(30);
  store.sample(10, Rng.fromSeed(5), o1, new Float32Array(20));
  copy.sample(10, Rng.fromSeed(5), o2, new Float32Array(20));
  assert.deepEqual(o1, o2);
  const x = new Float32Array([1.5, -0, Number.MIN_VALUE, 3.4e38]);
  assert.deepEqual(decodeFloat32(encodeFloat32(x)), x);
});

test("invalid options and inputs are rejected with named errors", () => {
  assert.throws(
    () => new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 0 }),
    (e: unknown) => e instanceof ConfigError && /capacity/.test(e.message),
  );
  // @ts-expect-error unit outside the allowed values
  assert.throws(() => new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 3, unit: "steps" }), /unit.*transitions, trajectories/);
  const store = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 3 });
  assert.throws(() => store.offer({ obs: [1, 2, 3], actions: [1], score: 1 }), /obsDim/);
  assert.throws(() => store.offer({ obs: [1, 2], actions: [1, 2], score: 1 }), /actDim/);
  assert.throws(() => store.offer({ obs: [1, 2], actions: [1], score: Number.NaN }), RangeError);
});
