import assert from "node:assert/strict";
import { test } from "node:test";
import { ClipAction } from "../../../../src/envs/wrappers/clip-action";
import { ScriptedEnv } from "../scripted-env";

test("the inner env receives actions clipped to the bounds; the caller's array is untouched", () => {
  const inner = new ScriptedEnv();
  const env = new ClipAction(inner);
  env.reset();
  const action = Float64Array.from([3.5]);
  env.step(action);
  env.step([-2]);
  env.step([0.25]);
  assert.deepEqual(inner.actions, [[1], [-1], [0.25]]);
  assert.equal(action[0], 3.5);
  assert.equal(env.toString(), "ClipAction<Scripted-v0>");
  assert.equal(env.unwrapped, inner);
});
