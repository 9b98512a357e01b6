import assert from "node:assert/strict";
import { test } from "node:test";
import * as envs from "../../../src/envs/index";

test("gasil-kit/envs exports the registry, wrappers, vector env, normalisers and every registered task's spec", () => {
  for (const name of [
    "makeEnv",
    "makeVectorEnv",
    "listEnvs",
    "registerEnv",
    "VectorEnv",
    "deriveEnvSeed",
    "RunningMeanStd",
    "ObservationNormalizer",
    "RewardNormalizer",
    "TimeLimit",
    "DelayedReward",
    "EpisodeStatistics",
    "ClipAction",
    "OrderEnforcing",
    "NormalizeObservation",
    "NormalizeReward",
    "PointMassEnv",
    "POINT_MASS_TASK",
    "MUJOCO_TASKS",
    "makeBox",
    "sampleBox",
    "boxContains",
  ]) {
    assert.notEqual((envs as Record<string, unknown>)[name], undefined, name);
  }
  for (const value of Object.values(envs)) assert.notEqual(value, undefined);
  assert.deepEqual(
    envs
      .listEnvs()
      .map((e) => e.id)
      .slice(0, envs.MUJOCO_TASKS.length),
    envs.MUJOCO_TASKS.map((t) => t.id),
  );
});
