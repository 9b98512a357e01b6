import assert from "node:assert/strict";
import { test } from "node:test";
import { RewardNormalizer } from "../../../../src/envs/running-mean-std";
import { NormalizeReward } from "../../../../src/envs/wrappers/normalize-reward";
import { TimeLimit } from "../../../../src/envs/wrappers/time-limit";
import { rollout, ScriptedEnv } from "../scripted-env";

test("scales each reward like a one-env RewardNormalizer and keeps the raw reward in info", () => {
  for (const resetOnEpisodeEnd of [false, true]) {
    const env = new NormalizeReward(new TimeLimit(new ScriptedEnv({ rewardFn: (e, t) => Math.cos(e + t) + 0.5 }), 4), {
      gamma: 0.95,
      resetOnEpisodeEnd,
    });
    const reference = new RewardNormalizer(1, { gamma: 0.95, resetOnEpisodeEnd });
    for (let e = 0; e < 3; e++) {
      env.reset();
      for (const s of rollout(env, 10)) {
        const raw = s.info.rawReward as number;
        assert.equal(raw, Math.cos(e + (s.info.step as number)) + 0.5);
        assert.equal(s.reward, reference.normalize([raw], [s.terminated || s.truncated ? 1 : 0])[0]);
      }
    }
    assert.equal(env.normalizer.returns[0], reference.returns[0]);
  }
  // Never-reset preset: the running return carries over episodes.
  const env = new NormalizeReward(new TimeLimit(new ScriptedEnv({ rewardFn: () => 1 }), 2), { gamma: 0.5 });
  env.reset();
  rollout(env, 5);
  assert.equal(env.normalizer.returns[0], 1.5);
  env.reset();
  rollout(env, 5);
  assert.equal(env.normalizer.returns[0], 0.5 * (0.5 * 1.5 + 1) + 1);
  assert.equal(env.toString(), "NormalizeReward(gamma=0.5, clip=10)<TimeLimit(2)<Scripted-v0>>");
});

test("frozen: rewards only scaled; state round trip", () => {
  const env = new NormalizeReward(new ScriptedEnv({ rewardFn: (_e, t) => t }));
  env.reset();
  rollout(env, 6);
  const state = JSON.parse(JSON.stringify(env.getState()));
  env.frozen = true;
  const a = env.step([0]).reward; // raw 7
  const other = new NormalizeReward(new ScriptedEnv());
  other.setState(state);
  assert.equal(other.normalizer.scale([7])[0], a);
  assert.deepEqual(env.getState().returns, state.returns);
});
