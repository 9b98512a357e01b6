import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../../../src/core/errors";
import { TimeLimit } from "../../../../src/envs/wrappers/time-limit";
import { rollout, ScriptedEnv } from "../scripted-env";

test("truncates on the step that reaches the limit; the counter restarts at reset", () => {
  const env = new TimeLimit(new ScriptedEnv(), 5);
  for (let e = 0; e < 2; e++) {
    env.reset();
    const steps = rollout(env, 100);
    assert.equal(steps.length, 5);
    assert.deepEqual(
      steps.map((s) => s.truncated),
      [false, false, false, false, true],
    );
    assert.ok(steps.every((s) => !s.terminated));
    assert.equal(env.elapsedSteps, 5);
  }
  env.reset();
  env.step([0]);
  env.step([0]);
  env.reset(); // mid-episode reset restarts the count
  assert.equal(rollout(env, 100).length, 5);
});

test("a termination before the limit is not a truncation; both flags when they coincide (Gymnasium)", () => {
  const early = new TimeLimit(new ScriptedEnv({ episodeLength: () => 3 }), 5);
  early.reset();
  const a = rollout(early, 100);
  assert.equal(a.length, 3);
  assert.equal(a[2]!.terminated, true);
  assert.equal(a[2]!.truncated, false);
  const both = new TimeLimit(new ScriptedEnv({ episodeLength: () => 5 }), 5);
  both.reset();
  const b = rollout(both, 100);
  assert.equal(b.length, 5);
  assert.equal(b[4]!.terminated, true);
  assert.equal(b[4]!.truncated, true);
});

test("rejects a non-positive or fractional limit and prints itself", () => {
  assert.throws(
    () => new TimeLimit(new ScriptedEnv(), 0),
    (e: unknown) => e instanceof ConfigError && e.message === "maxEpisodeSteps: got 0; allowed: an integer ≥ 1",
  );
  assert.throws(() => new TimeLimit(new ScriptedEnv(), 1.5), ConfigError);
  assert.equal(new TimeLimit(new ScriptedEnv(), 7).toString(), "TimeLimit(7)<Scripted-v0>");
});
