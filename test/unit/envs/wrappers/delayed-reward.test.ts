import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../../../src/core/errors";
import { Rng } from "../../../../src/core/rng";
import { DelayedReward } from "../../../../src/envs/wrappers/delayed-reward";
import { EpisodeStatistics } from "../../../../src/envs/wrappers/episode-statistics";
import { TimeLimit } from "../../../../src/envs/wrappers/time-limit";
import { rollout, ScriptedEnv } from "../scripted-env";

test("releases every `delay` steps and on the truncation step (rewards 1..7, delay 3, limit 7)", () => {
  const env = new DelayedReward(new TimeLimit(new ScriptedEnv(), 7), 3);
  env.reset();
  const steps = rollout(env, 100);
  assert.equal(steps.length, 7);
  assert.deepEqual(
    steps.map((s) => s.reward),
    [0, 0, 6, 0, 0, 15, 7],
  );
  assert.deepEqual(
    steps.map((s) => s.info.rawReward),
    [1, 2, 3, 4, 5, 6, 7],
  );
  assert.equal(steps[6]!.truncated, true);
  assert.equal(steps[6]!.terminated, false);
});

test("releases the pending window on termination", () => {
  const env = new DelayedReward(new ScriptedEnv({ episodeLength: () => 5 }), 3);
  env.reset();
  const steps = rollout(env, 100);
  assert.deepEqual(
    steps.map((s) => s.reward),
    [0, 0, 6, 0, 9],
  );
  assert.equal(steps[4]!.terminated, true);
});

test("a window that ends exactly on the last step pays once (delay 4, limit 8)", () => {
  const env = new DelayedReward(new TimeLimit(new ScriptedEnv({ rewardFn: () => 1 }), 8), 4);
  env.reset();
  assert.deepEqual(
    rollout(env, 100).map((s) => s.reward),
    [0, 0, 0, 4, 0, 0, 0, 4],
  );
});

test("windows restart at every reset, also after a reset in mid-episode", () => {
  const env = new DelayedReward(new ScriptedEnv({ rewardFn: (e, t) => 10 * e + t }), 3);
  env.reset();
  const first = rollout(env, 2); // rewards 1, 2 stay pending
  assert.deepEqual(
    first.map((s) => s.reward),
    [0, 0],
  );
  assert.equal(env.pending, 3);
  env.reset();
  assert.equal(env.pending, 0);
  const second = rollout(env, 3); // episode 1: rewards 11, 12, 13
  assert.deepEqual(
    second.map((s) => s.reward),
    [0, 0, 36],
  );
});

test("delay 0 is the identity on rewards, obs and flags", () => {
  const make = (): ScriptedEnv => new ScriptedEnv({ rewardFn: (e, t) => Math.sin(e + t), episodeLength: (e) => 5 + e });
  const plain = make();
  const delayed = new DelayedReward(make(), 0);
  for (let e = 0; e < 3; e++) {
    plain.reset();
    delayed.reset();
    const a = rollout(plain, 50);
    const b = rollout(delayed, 50);
    assert.equal(a.length, b.length);
    a.forEach((s, i) => {
      assert.equal(b[i]!.reward, s.reward);
      assert.equal(b[i]!.info.rawReward, s.reward);
      assert.equal(b[i]!.terminated, s.terminated);
      assert.deepEqual(b[i]!.obs, s.obs);
    });
  }
});

test("sum invariance: delayed and undelayed episode sums agree for random rewards, delays and lengths", () => {
  const rng = Rng.fromSeed(11);
  for (let trial = 0; trial < 40; trial++) {
    const delay = 1 + rng.int(12);
    const limit = 1 + rng.int(40);
    const rewards = Array.from({ length: 200 }, () => rng.normal());
    const lengths = Array.from({ length: 10 }, () => 1 + rng.int(50));
    const inner = new ScriptedEnv({ rewardFn: (e, t) => rewards[(7 * e + t) % 200]!, episodeLength: (e) => lengths[e]! });
    const env = new DelayedReward(new TimeLimit(inner, limit), delay);
    for (let e = 0; e < 10; e++) {
      env.reset();
      const steps = rollout(env, 1000);
      assert.equal(steps.length, Math.min(limit, lengths[e]!));
      const delayedSum = steps.reduce((s, x) => s + x.reward, 0);
      const rawSum = steps.reduce((s, x) => s + (x.info.rawReward as number), 0);
      assert.ok(Math.abs(delayedSum - rawSum) < 1e-9, `trial ${trial} episode ${e}: ${delayedSum} vs ${rawSum}`);
      // Non-zero delayed rewards only at multiples of the delay or on the last step.
      steps.forEach((s, i) => {
        if ((i + 1) % delay !== 0 && i !== steps.length - 1) assert.equal(s.reward, 0);
      });
    }
  }
});

test("keeps an inner rawReward (EpisodeStatistics inside) and rejects bad delays", () => {
  const env = new DelayedReward(new EpisodeStatistics(new TimeLimit(new ScriptedEnv(), 4)), 10);
  env.reset();
  const steps = rollout(env, 10);
  assert.deepEqual(
    steps.map((s) => s.info.rawReward),
    [1, 2, 3, 4],
  );
  assert.deepEqual(steps[3]!.info.episode, { return: 10, length: 4 });
  assert.equal(steps[3]!.reward, 10);
  assert.equal(env.toString(), "DelayedReward(delay=10)<EpisodeStatistics<TimeLimit(4)<Scripted-v0>>>");
  assert.throws(
    () => new DelayedReward(new ScriptedEnv(), -1),
    (e: unknown) => e instanceof ConfigError && /delay: got -1; allowed: an integer ≥ 0/.test(e.message),
  );
  assert.throws(() => new DelayedReward(new ScriptedEnv(), 2.5), ConfigError);
});
