/**
 * Saved policies: what the trainer exports acts exactly like the trainer's own actor, carries
 * GASIL's discriminator, survives a JSON round trip, and reading it never changes training.
 */

import assert from "node:assert/strict";
import { test } from "node:test";
import { buildSavedPolicy, loadPolicy, mlpParamCount, SAVED_POLICY_FORMAT, type SavedPolicy } from "../../../src/algos/saved-policy";
import { createTrainer, resolveTrainConfig } from "../../../src/algos/trainer";
import { initBackend } from "../../../src/core/backend";
import { ConfigError, ShapeError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/rng";
import { Discriminator } from "../../../src/nn/discriminator";

const tiny = {
  envId: "PointMass-v0",
  envOptions: { delay: 3 },
  totalEnvSteps: 128 * 4,
  ppo: { stepsPerRollout: 128, numMinibatches: 4, updateEpochs: 2, hiddenSizes: [16, 16] },
  gasil: { discriminatorUpdates: 2, discriminatorHiddenSizes: [8, 8], bufferCapacity: 300 },
};

test("saved policy: the loaded actor's mean equals the trainer's, bit for bit, after a JSON round trip", async () => {
  await initBackend("cpu");
  const trainer = await createTrainer(resolveTrainConfig({ method: "gasil", ...tiny }), [3, 4]);
  try {
    await trainer.runIteration();
    await trainer.runIteration();
    const exported = trainer.exportPolicies();
    assert.equal(exported.length, 2);
    const pop = trainer.population;
    for (let k = 0; k < 2; k++) {
      const saved = JSON.parse(JSON.stringify(exported[k])) as SavedPolicy;
      assert.equal(saved.format, SAVED_POLICY_FORMAT);
      assert.equal(saved.seed, [3, 4][k]);
      assert.equal(saved.iteration, 2);
      assert.equal(saved.envSteps, 256);
      assert.equal(saved.method, "gasil");
      assert.deepEqual(saved.envOptions, { delay: 3 });
      const policy = loadPolicy(saved);
      // The trainer's mean for its current observation (normalised with its statistics, float32).
      const want = new Float64Array(pop.actDim);
      pop.agents[k]!.nets.meanAndValue(pop.agents[k]!.currentNormObs, 0, want);
      const got = policy.act(pop.agents[k]!.currentObs, { deterministic: true });
      assert.deepEqual(Array.from(got), Array.from(want));
      const logStdOff = k * pop.layout.numParams + pop.layout.logStdBlock.offset;
      for (let j = 0; j < pop.actDim; j++) assert.equal(policy.std[j], Math.exp(pop.params[logStdOff + j]!));
      // Sampled actions: mean + σ·N(0, I) from the given stream, reproducible.
      const a1 = policy.act(pop.agents[k]!.currentObs, { deterministic: false, rng: Rng.fromSeed(9) });
      const a2 = policy.act(pop.agents[k]!.currentObs, { deterministic: false, rng: Rng.fromSeed(9) });
      assert.deepEqual(Array.from(a1), Array.from(a2));
      assert.notDeepEqual(Array.from(a1), Array.from(want));
      assert.ok(policy.hasDiscriminator);
      assert.equal(policy.gasilAlpha, 0.1);
      assert.ok(Number.isFinite(policy.discriminatorLogit(pop.agents[k]!.currentObs, got)));
    }
  } finally {
    trainer.dispose();
  }
});

test("saved policy: PPO policies carry no discriminator and say so", async () => {
  await initBackend("cpu");
  const trainer = await createTrainer(resolveTrainConfig({ method: "ppo", ...tiny, gasil: undefined }), [0]);
  try {
    await trainer.runIteration();
    const policy = loadPolicy(trainer.exportPolicies()[0]!);
    assert.equal(policy.hasDiscriminator, false);
    assert.equal(policy.gasilAlpha, null);
    assert.throws(
      () => policy.discriminatorLogit(new Array(8).fill(0), [0, 0]),
      /carries no discriminator \(only GASIL\+PPO policies do\)/,
    );
    // A saved policy of PointMass: 8 → 16 → 16 → 2 mean MLP + 2 log-std, float32 in base64.
    const n = mlpParamCount(8, [16, 16], 2) + 2;
    assert.equal(Buffer.from(policy.saved.actor.weights, "base64").byteLength, 4 * n);
  } finally {
    trainer.dispose();
  }
});

test("saved policy: exporting after every iteration leaves training bit-identical", async () => {
  await initBackend("cpu");
  const config = resolveTrainConfig({ method: "gasil", ...tiny });
  const a = await createTrainer(config, [1]);
  const b = await createTrainer(config, [1]);
  try {
    for (let it = 0; it < 3; it++) {
      await a.runIteration();
      await b.runIteration();
      b.exportPolicies();
      b.exportPolicies();
    }
    assert.equal(JSON.stringify(b.checkpoint()), JSON.stringify(a.checkpoint()));
  } finally {
    a.dispose();
    b.dispose();
  }
});

test("saved policy: the host discriminator matches the trainer's discriminator logits", async () => {
  await initBackend("cpu");
  const obsDim = 5;
  const actDim = 2;
  const disc = Discriminator.create({ populationSize: 2, obsDim, actDim, hiddenSizes: [12, 7] }, [Rng.fromSeed(1), Rng.fromSeed(2)]);
  const rng = Rng.fromSeed(3);
  const B = 6;
  const obs = new Float32Array(2 * B * obsDim);
  const act = new Float32Array(2 * B * actDim);
  rng.fillNormal(obs);
  rng.fillNormal(act);
  const logits = disc.logits(obs, act, B);
  for (let k = 0; k < 2; k++) {
    const saved = buildSavedPolicy({
      envId: "X",
      envOptions: {},
      method: "gasil",
      seed: k,
      iteration: 0,
      envSteps: 0,
      obsDim,
      actDim,
      hiddenSizes: [3],
      actorWeights: new Float32Array(mlpParamCount(obsDim, [3], actDim) + actDim),
      obsNormalizer: null, // raw observations go straight into D, as the trainer's normalised ones do
      discriminator: { hiddenSizes: [12, 7], weights: disc.seedWeights(k), alpha: "inf" },
    });
    const policy = loadPolicy(JSON.stringify(saved));
    for (let b = 0; b < B; b++) {
      const i = k * B + b;
      const l = policy.discriminatorLogit(obs.subarray(i * obsDim, (i + 1) * obsDim), act.subarray(i * actDim, (i + 1) * actDim));
      assert.ok(Math.abs(l - logits[i]!) < 1e-4 * (1 + Math.abs(l)), `seed ${k} row ${b}: ${l} vs ${logits[i]}`);
    }
  }
});

test("saved policy: malformed files and wrong inputs give errors naming the field", async () => {
  await initBackend("cpu");
  const trainer = await createTrainer(resolveTrainConfig({ method: "ppo", ...tiny, gasil: undefined }), [0]);
  const saved = trainer.exportPolicies()[0]!;
  trainer.dispose();
  assert.throws(
    () => loadPolicy({ ...saved, format: "nope" } as unknown as SavedPolicy),
    (e: unknown) => e instanceof ConfigError && /^format: got "nope"; allowed: "gasil-kit-policy\/1"/.test(e.message),
  );
  assert.throws(
    () => loadPolicy({ ...saved, actor: { ...saved.actor, hiddenSizes: [16, 17] } }),
    (e: unknown) => e instanceof ShapeError && /actor\.weights: holds \d+ bytes, the sizes need \d+ float32 values/.test(e.message),
  );
  assert.throws(() => loadPolicy({ ...saved, actor: { ...saved.actor, obsDim: 0 } }), /actor\.obsDim: got 0; allowed: an integer ≥ 1/);
  assert.throws(
    () => loadPolicy({ ...saved, obsNormalizer: { ...saved.obsNormalizer!, mean: "AAAA" } }),
    /obsNormalizer\.mean: holds 3 bytes, obsDim needs 8 float64 values \(64 bytes\)/,
  );
  const policy = loadPolicy(saved);
  assert.throws(() => policy.act([1, 2, 3]), /observation has 3 values, the policy expects obsDim = 8 \(PointMass-v0\)/);
  assert.throws(() => policy.act(new Array(8).fill(0), { deterministic: false }), /ConfigError: rng: required when deterministic is false/);
});
