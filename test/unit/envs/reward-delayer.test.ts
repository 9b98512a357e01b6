import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, ShapeError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/rng";
import { RewardDelayer } from "../../../src/envs/reward-delayer";
import { DelayedReward } from "../../../src/envs/wrappers/delayed-reward";
import { TimeLimit } from "../../../src/envs/wrappers/time-limit";
import { ScriptedEnv } from "./scripted-env";

test("batched rule equals one DelayedReward wrapper per env (random rewards and episode ends)", () => {
  const n = 4;
  const delay = 5;
  const rng = Rng.fromSeed(21);
  const lengths = Array.from({ length: n }, () => Array.from({ length: 50 }, () => 1 + rng.int(13)));
  const rewards = Array.from({ length: 400 }, () => rng.normal());
  const envs = lengths.map(
    (ls, i) =>
      new DelayedReward(
        new TimeLimit(new ScriptedEnv({ rewardFn: (e, t) => rewards[(31 * i + 7 * e + t) % 400]!, episodeLength: (e) => ls[e]! }), 9),
        delay,
      ),
  );
  for (const e of envs) e.reset();
  const delayer = new RewardDelayer(n, delay);
  const raw = new Float64Array(n);
  const dones = new Uint8Array(n);
  for (let t = 0; t < 200; t++) {
    const expected: number[] = [];
    envs.forEach((env, i) => {
      const s = env.step([0]);
      raw[i] = s.info.rawReward as number;
      dones[i] = s.terminated || s.truncated ? 1 : 0;
      expected.push(s.reward);
      if (dones[i]) env.reset();
    });
    assert.deepEqual(Array.from(delayer.apply(raw, dones)), expected, `step ${t}`);
  }
});

test("delay 0 passes rewards through; in-place output; state round trip; errors", () => {
  const zero = new RewardDelayer(2, 0);
  assert.deepEqual(Array.from(zero.apply([1.5, -2], [0, 0])), [1.5, -2]);
  const d = new RewardDelayer(2, 3);
  const r = Float64Array.from([1, 2]);
  assert.equal(d.apply(r, [0, 1], r), r);
  assert.deepEqual(Array.from(r), [0, 2]);
  const saved = JSON.parse(JSON.stringify(d.getState()));
  const copy = new RewardDelayer(2, 3);
  copy.setState(saved);
  assert.deepEqual(Array.from(copy.apply([1, 1], [0, 0])), Array.from(d.apply([1, 1], [0, 0])));
  assert.deepEqual(Array.from(copy.apply([1, 1], [0, 0])), [3, 0]);
  d.reset(0);
  assert.equal(d.accumulated[0], 0);
  assert.throws(() => d.apply([1], [0]), ShapeError);
  assert.throws(
    () => new RewardDelayer(1, -2),
    (e: unknown) => e instanceof ConfigError && e.message === "delay: got -2; allowed: an integer ≥ 0 (0 = no delay)",
  );
  assert.throws(() => new RewardDelayer(2, 4).setState(saved), ConfigError);
});
