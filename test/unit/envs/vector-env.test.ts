import assert from "node:assert/strict";
import { test } from "node:test";
import { EnvError, ShapeError } from "../../../src/core/errors";
import { makeVectorEnv } from "../../../src/envs/registry";
import { deriveEnvSeed, VectorEnv } from "../../../src/envs/vector-env";
import { EpisodeStatistics } from "../../../src/envs/wrappers/episode-statistics";
import { ScriptedEnv } from "./scripted-env";

test("flat layout: row i is env i's observation; actions row i reach env i", () => {
  const inner = [0, 1, 2].map(() => new ScriptedEnv());
  const vec = new VectorEnv(inner);
  assert.equal(vec.numEnvs, 3);
  assert.equal(vec.obsDim, 3);
  assert.equal(vec.actDim, 1);
  const r = vec.reset();
  assert.ok(r.obs instanceof Float32Array);
  assert.deepEqual(Array.from(r.obs), [0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const s = vec.step(Float32Array.from([0.5, -0.25, 1]));
  assert.deepEqual(Array.from(s.obs), [1, 0, 0.5, 1, 0, -0.25, 1, 0, 1]);
  assert.deepEqual(
    inner.map((e) => e.actions),
    [[[0.5]], [[-0.25]], [[1]]],
  );
  assert.ok(s.rewards instanceof Float64Array && s.terminated instanceof Uint8Array && s.truncated instanceof Uint8Array);
  assert.deepEqual(Array.from(s.rewards), [1, 1, 1]);
});

test("same-step autoreset: obs row is the new episode's first obs, finalObs the old last obs, infos carry episode", () => {
  const lengths = [2, 3];
  const vec = new VectorEnv(lengths.map((L) => new EpisodeStatistics(new ScriptedEnv({ episodeLength: () => L, rewardFn: () => 1 }))));
  vec.reset();
  const log: { obs: number[]; term: number[]; final: (number[] | null)[]; episode: unknown[] }[] = [];
  for (let t = 0; t < 6; t++) {
    const s = vec.step([0.1, 0.2]);
    log.push({
      obs: Array.from(s.obs, (x) => Math.round(x * 100) / 100),
      term: Array.from(s.terminated),
      final: s.finalObs.map((f) => (f === null ? null : Array.from(f, (x) => Math.round(x * 100) / 100))),
      episode: s.infos.map((i) => i.episode),
    });
  }
  // env 0 ends on steps 2, 4, 6; env 1 on steps 3, 6.
  assert.deepEqual(
    log.map((l) => l.term),
    [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 0],
      [1, 1],
    ],
  );
  assert.deepEqual(log[1]!.obs, [0, 1, 0, 2, 0, 0.2]); // env 0 already at t = 0 of episode 1
  assert.deepEqual(log[1]!.final, [[2, 0, 0.1], null]);
  assert.deepEqual(log[2]!.final, [null, [3, 0, 0.2]]);
  assert.deepEqual(log[2]!.obs, [1, 1, 0.1, 0, 1, 0]);
  assert.deepEqual(log[5]!.episode, [
    { return: 2, length: 2 },
    { return: 3, length: 3 },
  ]);
  assert.deepEqual(log[0]!.episode, [undefined, undefined]);
  assert.deepEqual(log[5]!.obs, [0, 3, 0, 0, 2, 0]);
});

test("PointMass vector: truncation at 100 with finalObs time entry 0 and delayed reward on that step", async () => {
  const vec = await makeVectorEnv("PointMass-v0", 4, {}, 1);
  vec.reset();
  const actions = new Float32Array(8).fill(1);
  let s = vec.step(actions);
  for (let t = 1; t < 100; t++) {
    assert.deepEqual(Array.from(s.truncated), [0, 0, 0, 0]);
    s = vec.step(actions);
  }
  assert.deepEqual(Array.from(s.truncated), [1, 1, 1, 1]);
  for (let i = 0; i < 4; i++) {
    assert.equal(s.finalObs[i]![7], 0);
    assert.equal(s.obs[i * 8 + 7], 1); // new episode
    assert.equal(s.obs[i * 8], 0);
  }
  vec.close();
});

test("determinism: same seed → same trajectories; reset(seed) equals a fresh vector env; envs differ from each other", async () => {
  const run = async (seed: number, resetSeed?: number): Promise<number[]> => {
    const vec = await makeVectorEnv("PointMass-v0", 3, { actionNoise: 0.3, drift: 0.2 }, seed);
    const out = Array.from(vec.reset(resetSeed).obs);
    const actions = Float64Array.from([0.5, 0.5, -0.5, 0.2, 0, -1]);
    for (let t = 0; t < 150; t++) {
      const s = vec.step(actions);
      out.push(...s.obs, ...s.rewards);
    }
    vec.close();
    return out;
  };
  const a = await run(7);
  assert.deepEqual(await run(7), a);
  assert.deepEqual(await run(123, 7), a);
  assert.notDeepEqual(await run(8), a);
  assert.notEqual(deriveEnvSeed(7, 0), deriveEnvSeed(7, 1));
  assert.notEqual(deriveEnvSeed(7, 1), deriveEnvSeed(8, 0));
  // Same action for all envs: rows differ only through the derived seeds.
  const vec = await makeVectorEnv("PointMass-v0", 2, { actionNoise: 0.3 }, 7);
  vec.reset();
  const s = vec.step([0.5, 0.5, 0.5, 0.5]);
  assert.notDeepEqual(Array.from(s.obs.subarray(0, 8)), Array.from(s.obs.subarray(8, 16)));
});

test("reuses its result arrays (documented) and errors clearly", () => {
  const vec = new VectorEnv([new ScriptedEnv(), new ScriptedEnv()]);
  assert.throws(
    () => vec.step([0, 0]),
    (e: unknown) => e instanceof EnvError && /step\(\) called before reset\(\)/.test(e.message),
  );
  const r = vec.reset(3);
  const s1 = vec.step([0, 0]);
  const s2 = vec.step([0, 0]);
  assert.equal(s1.obs, s2.obs);
  assert.equal(s1.obs, r.obs);
  assert.throws(
    () => vec.step([0]),
    (e: unknown) => e instanceof EnvError && /actions has length 1, expected numEnvs × actDim = 2 × 1 = 2/.test(e.message),
  );
  assert.throws(
    () => vec.step([0, Number.NaN]),
    (e: unknown) => e instanceof EnvError && /actions\[1\] \(env 1, entry 0\) is NaN/.test(e.message),
  );
  assert.throws(() => new VectorEnv([]), ShapeError);
  vec.close();
  assert.throws(() => vec.reset(), EnvError);
  assert.match(new VectorEnv([new ScriptedEnv()]).toString(), /^VectorEnv\(1 × Scripted-v0\)$/);
});

test("reset(seed) seeds env i with deriveEnvSeed(seed, i); reset() passes no seed", () => {
  const inner = [new ScriptedEnv(), new ScriptedEnv()];
  const vec = new VectorEnv(inner);
  vec.reset(42);
  vec.reset();
  assert.deepEqual(inner[0]!.seeds, [deriveEnvSeed(42, 0), undefined]);
  assert.deepEqual(inner[1]!.seeds, [deriveEnvSeed(42, 1), undefined]);
});
