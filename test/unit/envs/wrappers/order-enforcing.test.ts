import assert from "node:assert/strict";
import { test } from "node:test";
import { EnvError } from "../../../../src/core/errors";
import { OrderEnforcing } from "../../../../src/envs/wrappers/order-enforcing";
import { TimeLimit } from "../../../../src/envs/wrappers/time-limit";
import { rollout, ScriptedEnv } from "../scripted-env";

const envError = (pattern: RegExp) => (e: unknown) => e instanceof EnvError && pattern.test(e.message);

test("step before reset, after the episode ended, and after close throw EnvError", () => {
  const inner = new ScriptedEnv();
  const env = new OrderEnforcing(new TimeLimit(inner, 2));
  assert.throws(() => env.step([0]), envError(/^Scripted-v0: step\(\) called before reset\(\)/));
  env.reset();
  const steps = rollout(env, 10);
  assert.equal(steps.length, 2);
  assert.throws(() => env.step([0]), envError(/step\(\) called after the episode ended \(terminated or truncated\); call reset\(\)/));
  env.reset();
  env.step([0]);
  env.close();
  assert.equal(inner.closed, true);
  assert.throws(() => env.step([0]), envError(/after close/));
  assert.throws(() => env.reset(), envError(/reset\(\) after close/));
  env.close(); // idempotent
});

test("wrong action length and non-finite entries are rejected with the index and what is allowed", () => {
  const inner = new ScriptedEnv();
  const env = new OrderEnforcing(inner);
  env.reset();
  assert.throws(() => env.step([0, 1]), envError(/action has length 2, expected 1 \(action space shape \[1\]\)/));
  assert.throws(() => env.step([Number.NaN]), envError(/action\[0\] is NaN; every action entry must be a finite number/));
  assert.throws(() => env.step([Infinity]), envError(/action\[0\] is Infinity/));
  assert.equal(inner.actions.length, 0, "rejected actions never reach the env");
  env.step([5]); // out of bounds is allowed (paper semantics: unclipped)
  assert.deepEqual(inner.actions, [[5]]);
});
