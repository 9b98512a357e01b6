import assert from "node:assert/strict";
import { test } from "node:test";
import { DelayedReward } from "../../../../src/envs/wrappers/delayed-reward";
import { EpisodeStatistics } from "../../../../src/envs/wrappers/episode-statistics";
import { TimeLimit } from "../../../../src/envs/wrappers/time-limit";
import { rollout, ScriptedEnv } from "../scripted-env";

test("info.episode only on the last step, with the undelayed return and the length", () => {
  const env = new DelayedReward(new EpisodeStatistics(new TimeLimit(new ScriptedEnv({ rewardFn: (e, t) => t * (e + 1) }), 6)), 4);
  for (let e = 0; e < 3; e++) {
    env.reset();
    const steps = rollout(env, 100);
    assert.equal(steps.length, 6);
    for (const s of steps.slice(0, -1)) assert.equal(s.info.episode, undefined);
    assert.deepEqual(steps[5]!.info.episode, { return: 21 * (e + 1), length: 6 });
  }
});

test("placed outside DelayedReward it still reports the undelayed return (via info.rawReward)", () => {
  const env = new EpisodeStatistics(new DelayedReward(new ScriptedEnv({ rewardFn: (_e, t) => t * t, episodeLength: () => 4 }), 3));
  env.reset();
  const steps = rollout(env, 100);
  assert.deepEqual(
    steps.map((s) => s.reward),
    [0, 0, 14, 16],
  );
  assert.deepEqual(steps[3]!.info.episode, { return: 30, length: 4 });
});

test("a reset in mid-episode starts the counts again; terminations end episodes too", () => {
  const env = new EpisodeStatistics(new ScriptedEnv({ rewardFn: () => 2, episodeLength: (e) => (e === 0 ? 100 : 3) }));
  env.reset();
  rollout(env, 5);
  env.reset();
  const steps = rollout(env, 100);
  assert.equal(steps.length, 3);
  assert.deepEqual(steps[2]!.info.episode, { return: 6, length: 3 });
  assert.deepEqual(
    steps.map((s) => s.info.rawReward),
    [2, 2, 2],
  );
  assert.equal(env.toString(), "EpisodeStatistics<Scripted-v0>");
});
