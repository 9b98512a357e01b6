// makeEnv / makeVectorEnv with a MuJoCo task: the wrapper chain, the delay rule and seeding
// on a real simulator (the task physics itself is tested in test/unit/envs/mujoco/).

import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng";
import { checkEnv } from "../../../src/envs/check-env";
import { MUJOCO_TASKS } from "../../../src/envs/mujoco/tasks";
import { makeEnv, makeVectorEnv } from "../../../src/envs/registry";

const ID = "Hopper-v4";

test(`${ID} through makeEnv: chain, delay 20 sum invariance, undelayed info.episode, reset-seed determinism`, async () => {
  const env = await makeEnv(ID, { delay: 20 }, 3);
  assert.equal(env.toString(), `OrderEnforcing<DelayedReward(delay=20)<EpisodeStatistics<TimeLimit(1000)<${ID}>>>>`);
  const actDim = env.actionSpace.low.length;
  const trajectory = (seed: number): { obs: number[]; rewards: number[]; raw: number[]; episode: unknown } => {
    const rng = Rng.fromSeed(99);
    const obs = Array.from(env.reset({ seed }).obs);
    const rewards: number[] = [];
    const raw: number[] = [];
    for (let t = 0; t < 1000; t++) {
      const a = Array.from({ length: actDim }, () => rng.uniform(-1, 1));
      const s = env.step(a);
      rewards.push(s.reward);
      raw.push(s.info.rawReward as number);
      if (s.terminated || s.truncated) {
        obs.push(...s.obs);
        return { obs, rewards, raw, episode: s.info.episode };
      }
    }
    throw new Error("episode did not end within the time limit");
  };
  const a = trajectory(5);
  const b = trajectory(5);
  const c = trajectory(6);
  assert.deepEqual(b, a);
  assert.notDeepEqual(c.obs, a.obs);
  const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(sum(a.rewards) - sum(a.raw)) < 1e-9);
  assert.deepEqual(a.episode, { return: sum(a.raw), length: a.raw.length });
  a.rewards.forEach((r, i) => {
    if ((i + 1) % 20 !== 0 && i !== a.rewards.length - 1) assert.equal(r, 0);
  });
  env.close();
});

test(`${ID} vector of 3: autoreset on termination, finalObs, deterministic per seed`, async () => {
  const run = async (seed: number): Promise<{ obs: number[]; ends: number }> => {
    const vec = await makeVectorEnv(ID, 3, {}, seed);
    const rng = Rng.fromSeed(1);
    const obs = Array.from(vec.reset().obs);
    let ends = 0;
    const actions = new Float32Array(3 * vec.actDim);
    for (let t = 0; t < 150; t++) {
      rng.fillUniform(actions, -1, 1);
      const s = vec.step(actions);
      obs.push(...s.obs);
      for (let i = 0; i < 3; i++) {
        const ended = s.terminated[i] === 1 || s.truncated[i] === 1;
        assert.equal(s.finalObs[i] !== null, ended);
        if (ended) {
          ends += 1;
          assert.equal(s.finalObs[i]!.length, vec.obsDim);
          assert.ok(s.infos[i]!.episode !== undefined);
        }
      }
    }
    vec.close();
    return { obs, ends };
  };
  const a = await run(4);
  assert.ok(a.ends > 0, "random actions end some Hopper episodes within 150 steps");
  assert.deepEqual(await run(4), a);
  assert.notDeepEqual((await run(5)).obs, a.obs);
});

test("every MuJoCo task built by makeEnv passes checkEnv (spaces, finiteness, fresh info, determinism)", async () => {
  for (const spec of MUJOCO_TASKS) {
    const env = await makeEnv(spec.id, { delay: 20 }, 0);
    checkEnv(env, { seed: 11, steps: 120 });
    env.close();
  }
});
