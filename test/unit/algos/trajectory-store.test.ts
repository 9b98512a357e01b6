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

/** A trajectory whose obs at step t equals `tag * 1000 + t` (so kept steps can be traced back). */
function stepTagged(length: number, score: number, tag: number) {
  return {
    obs: Float64Array.from({ length }, (_, t) => tag * 1000 + t),
    actions: new Float64Array(length).fill(-tag),
    score,
  };
}

test("transition capacity holds the K top-ranked transitions, cutting the last episode to its last steps", () => {
  const store = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 10 });
  assert.equal(store.offer(traj(4, 1, 1)), true);
  assert.equal(store.offer(traj(4, 3, 2)), true);
  assert.equal(store.numTransitions, 8);
  // Ranks between the two, length 4: 12 > 10 → the worst episode (score 1) keeps its last 2 steps.
  assert.equal(store.offer(traj(4, 2, 3)), true);
  assert.deepEqual(
    store.trajectories().map((t) => [t.score, t.length, t.episodeLength]),
    [
      [3, 4, 4],
      [2, 4, 4],
      [1, 2, 4],
    ],
  );
  assert.equal(store.numTransitions, 10);
  // Worse than everything stored while the store is full: rejected.
  assert.equal(store.offer(traj(3, 0, 4)), false);
  assert.equal(store.offer(traj(1, 0.5, 5)), false);
  // Better than the cut one: it goes in whole and the cut one shrinks to 0 steps, i.e. drops out.
  assert.equal(store.offer(traj(2, 1.5, 6)), true);
  assert.deepEqual(
    store.trajectories().map((t) => [t.score, t.length]),
    [
      [3, 4],
      [2, 4],
      [1.5, 2],
    ],
  );
  assert.equal(store.numOffered, 6);
});

test("a cut episode keeps its latest steps and never regains the dropped ones", () => {
  const store = new TrajectoryStore({ obsDim: 1, actDim: 1, capacity: 6 });
  store.offer(stepTagged(5, 1, 1));
  store.offer(stepTagged(3, 2, 2)); // 3 + 5 > 6 → episode 1 keeps steps 2..4
  const cut = store.trajectories()[1]!;
  assert.deepEqual(Array.from(cut.obs), [1002, 1003, 1004]);
  assert.deepEqual(Array.from(cut.actions), [-1, -1, -1]);
  store.offer(stepTagged(1, 3, 3)); // 1 + 3 + 3 > 6 → episode 1 keeps steps 3..4
  assert.deepEqual(Array.from(store.trajectories()[2]!.obs), [1003, 1004]);
  assert.equal(store.numTransitions, 6);
  // Sampling reaches exactly the kept steps.
  const obs = new Float32Array(4000);
  store.sample(4000, Rng.fromSeed(2), obs, new Float32Array(4000));
  const sampled = new Set(obs);
  assert.deepEqual(
    [...sampled].sort((a, b) => a - b),
    [1003, 1004, 2000, 2001, 2002, 3000],
  );
});

test("the best episode is cut to K when it is longer than K", () => {
  const store = new TrajectoryStore({ obsDim: 1, actDim: 1, capacity: 5 });
  store.offer(stepTagged(3, 1, 1));
  assert.equal(store.offer(stepTagged(20, 7, 2)), true);
  assert.equal(store.size, 1);
  assert.equal(store.bestScore, 7);
  assert.equal(store.numTransitions, 5);
  assert.deepEqual(Array.from(store.trajectories()[0]!.obs), [2015, 2016, 2017, 2018, 2019]);
  assert.equal(store.offer(stepTagged(1, 2, 3)), false);
});

test("Figure 7's buffer sizes hold different buffers once every episode lasts 1000 steps", () => {
  // Late in training on delayed Hopper every episode runs to the 1000-step limit. Before episodes
  // could be cut, K = 250 and K = 1000 both held the single best episode.
  const sizes = [250, 1000, 4000, 16000];
  const stores = sizes.map((capacity) => new TrajectoryStore({ obsDim: 1, actDim: 1, capacity }));
  const rng = Rng.fromSeed(11);
  const returns: number[] = [];
  for (let e = 0; e < 40; e++) {
    const score = 1000 + 3000 * rng.uniform(0, 1);
    returns.push(score);
    for (const store of stores) store.offer(stepTagged(1000, score, e));
  }
  const ranked = [...returns].sort((a, b) => b - a);
  const contents = stores.map((store) => {
    const kept = new Set<number>();
    for (const t of store.trajectories()) for (const x of t.obs) kept.add(x);
    return kept;
  });
  sizes.forEach((k, i) => {
    assert.equal(stores[i]!.numTransitions, k, `K = ${k}`);
    assert.equal(contents[i]!.size, k, `K = ${k}: distinct stored steps`);
    // The kept steps are the top-ranked episodes' (K / 1000 of them, or the best one's last 250).
    assert.deepEqual(
      stores[i]!.trajectories().map((t) => t.score),
      ranked.slice(0, Math.max(1, k / 1000)),
    );
  });
  // Each larger buffer strictly contains the smaller one, and their mean stored return falls.
  for (let i = 1; i < sizes.length; i++) {
    for (const x of contents[i - 1]!) assert.ok(contents[i]!.has(x));
    assert.ok(stores[i]!.meanScore! < stores[i - 1]!.meanScore! || i === 1);
  }
  assert.ok(stores[3]!.meanScore! < stores[2]!.meanScore! && stores[2]!.meanScore! < stores[1]!.meanScore!);
  assert.equal(stores[0]!.trajectories()[0]!.length, 250);
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
