import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_PPO_CONFIG, METHOD_NAMES, methodSection, resolvePpoConfig, type TrainConfig } from "../../../src/algos/config";
import { METHODS } from "../../../src/algos/methods";
import { resolveTrainConfig } from "../../../src/algos/trainer";
import { ConfigError } from "../../../src/core/errors";

function throwsAt(fn: () => unknown, path: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.equal(e.path, path);
    assert.match(e.message, message);
    return true;
  });
}

test("PPO defaults are the 2018 baselines values (docs/paper-protocol.md#ppo-hyperparameters)", () => {
  const c = resolvePpoConfig(undefined);
  assert.deepEqual(c, DEFAULT_PPO_CONFIG);
  assert.equal(c.stepsPerRollout / c.numMinibatches, 64);
  assert.deepEqual(
    [c.updateEpochs, c.gamma, c.gaeLambda, c.clipRange, c.entropyCoef, c.valueCoef, c.maxGradNorm, c.learningRate, c.adamEpsilon],
    [10, 0.99, 0.95, 0.2, 0, 0.5, 0.5, 3e-4, 1e-5],
  );
  assert.deepEqual(c.hiddenSizes, [64, 64]);
  assert.equal(c.bootstrapTruncation, false);
  assert.equal(c.resetReturnOnEpisodeEnd, false);
  assert.equal(c.rewardScalingOrder, "delay-then-scale");
});

test("PPO config errors name the field path and the allowed range", () => {
  throwsAt(() => resolvePpoConfig({ clipRnage: 0.1 }), "ppo.clipRnage", /unknown field; allowed fields: .*clipRange/);
  throwsAt(() => resolvePpoConfig({ clipRange: -1 }), "ppo.clipRange", /got -1; allowed: a number > 0/);
  throwsAt(() => resolvePpoConfig({ gamma: 1.5 }), "ppo.gamma", /allowed: a number ≥ 0 and ≤ 1/);
  throwsAt(() => resolvePpoConfig({ updateEpochs: 2.5 }), "ppo.updateEpochs", /an integer/);
  throwsAt(() => resolvePpoConfig({ numMinibatches: 30 }), "ppo.numMinibatches", /divisor of stepsPerRollout \(2048\)/);
  throwsAt(() => resolvePpoConfig({ hiddenSizes: [64, 0] }), "ppo.hiddenSizes.1", /integer ≥ 1/);
  throwsAt(() => resolvePpoConfig({ maxGradNorm: "big" }), "ppo.maxGradNorm", /or null/);
  throwsAt(() => resolvePpoConfig({ normalizeRewards: 1 }), "ppo.normalizeRewards", /true or false/);
  throwsAt(
    () => resolvePpoConfig({ rewardScalingOrder: "lirpg" }),
    "ppo.rewardScalingOrder",
    /allowed: "delay-then-scale", "scale-then-delay"/,
  );
  assert.equal(resolvePpoConfig({ maxGradNorm: null, clipRangeValue: null }).maxGradNorm, null);
});

test("train config: required fields, env ids, method sections, budget", () => {
  const c = resolveTrainConfig({ method: "ppo", envId: "Hopper-v4", envOptions: { delay: 20 } });
  assert.equal(c.totalEnvSteps, 1_000_000);
  assert.deepEqual(c.envOptions, { delay: 20 });
  throwsAt(() => resolveTrainConfig({ envId: "Hopper-v4" }), "method", /required/);
  throwsAt(() => resolveTrainConfig({ method: "trpo", envId: "Hopper-v4" }), "method", /allowed: "ppo", "gasil", "bc", "sil"/);
  throwsAt(() => resolveTrainConfig({ method: "ppo", envId: "Hopper-v9" }), "envId", /allowed: .*Hopper-v4/);
  throwsAt(() => resolveTrainConfig({ method: "ppo", envId: "Hopper-v4", seed: 3 }), "seed", /unknown field/);
  throwsAt(() => resolveTrainConfig({ method: "ppo", envId: "Hopper-v4", gasil: {} }), "gasil", /only with method "gasil"/);
  throwsAt(() => resolveTrainConfig({ method: "ppo", envId: "Hopper-v4", totalEnvSteps: 100 }), "totalEnvSteps", /≥ 2048/);
  throwsAt(() => resolveTrainConfig({ method: "ppo", envId: "Hopper-v4", ppo: { lr: 1 } }), "ppo.lr", /unknown field/);
  throwsAt(() => resolveTrainConfig(null), "", /train config object is required/);
});

test("train config is a union keyed by method: each method's section is typed, and the method table lists every method", () => {
  const c: TrainConfig = resolveTrainConfig({ method: "sil", envId: "Hopper-v4", sil: { batchSize: 256 } });
  // @ts-expect-error a section exists only once the method is known
  void c.sil;
  assert.equal(c.method, "sil");
  if (c.method === "sil") assert.equal(c.sil.batchSize, 256); // narrowed: `sil` is a SilConfig
  assert.equal(methodSection(c), (c as { sil?: unknown }).sil);
  assert.equal(methodSection(resolveTrainConfig({ method: "ppo", envId: "Hopper-v4" })), undefined);
  assert.deepEqual(Object.keys(METHODS), [...METHOD_NAMES]);
  for (const method of METHOD_NAMES) {
    const resolved = resolveTrainConfig({ method, envId: "Hopper-v4" });
    assert.deepEqual(Object.keys(resolved), [
      "method",
      "envId",
      "envOptions",
      "totalEnvSteps",
      "ppo",
      ...(method === "ppo" ? [] : [method]),
    ]);
  }
});
