import assert from "node:assert/strict";
import { test } from "node:test";
import { ObservationNormalizer } from "../../../../src/envs/running-mean-std";
import { NormalizeObservation } from "../../../../src/envs/wrappers/normalize-observation";
import { ScriptedEnv } from "../scripted-env";

test("updates with reset and step observations (baselines' order) and matches the normaliser", () => {
  const env = new NormalizeObservation(new ScriptedEnv());
  const reference = new ObservationNormalizer(3);
  const raw = new ScriptedEnv();
  const check = (got: Float64Array, rawObs: Float64Array): void => {
    assert.deepEqual(got, reference.updateAndNormalize(rawObs));
  };
  check(env.reset().obs, raw.reset().obs);
  for (let t = 0; t < 10; t++) check(env.step([0.3 * t - 1]).obs, raw.step([0.3 * t - 1]).obs);
  assert.ok(Math.abs(env.normalizer.rms.count - (11 + 1e-4)) < 1e-9);
  assert.equal(env.toString(), "NormalizeObservation(clip=10)<Scripted-v0>");
});

test("frozen statistics stay fixed; setState restores them into a fresh wrapper", () => {
  const env = new NormalizeObservation(new ScriptedEnv());
  env.reset();
  for (let t = 0; t < 5; t++) env.step([0.5]);
  const state = JSON.parse(JSON.stringify(env.getState()));
  env.frozen = true;
  assert.equal(env.toString(), "NormalizeObservation(clip=10, frozen)<Scripted-v0>");
  const before = env.normalizer.getState();
  for (let t = 0; t < 5; t++) env.step([1]);
  assert.deepEqual(env.normalizer.getState(), before);
  const other = new NormalizeObservation(new ScriptedEnv());
  other.setState(state);
  const probe = [3, 1, 0.5];
  assert.deepEqual(other.normalizer.normalize(probe), env.normalizer.normalize(probe));
});
