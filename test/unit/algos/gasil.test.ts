import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { resolvePpoConfig } from "../../../src/algos/config";
import {
  createGasilState,
  effectiveEntropyCoef,
  FULL_BATCH_STEPS_READING,
  gasilAfterRollout,
  getGasilState,
  relabelRewards,
  resolveGasilConfig,
  restoreGasilState,
  softplus,
} from "../../../src/algos/gasil";
import type { FinishedEpisode } from "../../../src/algos/shared/rollout-buffer";
import { allocateRollout } from "../../../src/algos/shared/rollout-buffer";
import type { IterationReport } from "../../../src/algos/trainer";
import { createTrainer, resolveTrainConfig, restoreTrainer } from "../../../src/algos/trainer";
import { initBackend } from "../../../src/core/backend";
import { Rng } from "../../../src/core/rng";
import { ObservationNormalizer } from "../../../src/envs/running-mean-std";

test("(GASIL.6) relabelling: r + α·softplus(−ℓ); α = ∞ gives −log D alone; D = ½ pays log 2", () => {
  const rewards = new Float64Array([0, 1, -2, 0.5]);
  const logits = [0, 3, -40, 40];
  const r = relabelRewards(rewards, logits, 0.1);
  const negLogD = logits.map((l) => Math.log(1 + Math.exp(-l)));
  assert.ok(Math.abs(rewards[0]! - 0.1 * Math.LN2) < 1e-12);
  assert.ok(Math.abs(rewards[1]! - (1 + 0.1 * negLogD[1]!)) < 1e-12);
  assert.ok(Math.abs(rewards[2]! - (-2 + 0.1 * 40)) < 1e-9); // softplus(40) ≈ 40, no overflow
  assert.ok(rewards[3]! >= 0.5 && rewards[3]! - 0.5 < 1e-12); // D ≈ 1: almost no bonus
  assert.ok(Math.abs(r.negLogD - negLogD.reduce((a, b) => a + b, 0) / 4) < 1e-9);
  assert.ok(Math.abs(r.bonus - 0.1 * r.negLogD) < 1e-12);
  const pure = new Float64Array([5, 5]);
  relabelRewards(pure, [0, 2], "inf");
  assert.ok(Math.abs(pure[0]! - Math.LN2) < 1e-12 && Math.abs(pure[1]! - softplus(-2)) < 1e-12);
  // −log D > 0 always.
  for (const l of [-100, -1, 0, 1, 100]) assert.ok(softplus(-l) > 0);
});

test('GASIL config: documented defaults (docs/paper-protocol.md), α = ∞ as "inf", λ folded into the entropy coefficient', () => {
  const c = resolveGasilConfig(undefined);
  assert.equal(c.bufferCapacity, 1000);
  assert.equal(c.bufferUnit, "transitions");
  assert.equal(c.discriminatorUpdates, 20);
  assert.equal(c.discriminatorSchedule, "passes");
  assert.equal(c.discriminatorBatchSize, 64);
  assert.equal(c.alpha, 0.1);
  assert.equal(c.bonusPlacement, "after-scaling");
  assert.equal(c.entropyWeight, 0);
  assert.deepEqual([...c.discriminatorHiddenSizes], [100, 100]);
  assert.equal(c.discriminatorLearningRate, 2e-4);
  // The kit's first reading stays available as a named option.
  const old = resolveGasilConfig({ ...FULL_BATCH_STEPS_READING });
  assert.equal(old.discriminatorSchedule, "steps");
  assert.equal(old.discriminatorBatchSize, null);
  assert.equal(old.discriminatorLearningRate, 3e-4);
  assert.throws(
    () => resolveGasilConfig({ discriminatorBatchSize: null }),
    /gasil\.discriminatorBatchSize: got null with discriminatorSchedule "passes"/,
  );
  assert.throws(
    () => resolveGasilConfig({ discriminatorSchedule: "epochs" }),
    /gasil\.discriminatorSchedule: got "epochs"; allowed: "passes", "steps"/,
  );
  assert.throws(
    () => resolveGasilConfig({ bonusPlacement: "before" }),
    /gasil\.bonusPlacement: got "before"; allowed: "after-scaling", "before-scaling"/,
  );
  assert.equal(resolveGasilConfig({ alpha: "inf" }).alpha, "inf");
  assert.equal(resolveGasilConfig({ alpha: Number.POSITIVE_INFINITY }).alpha, "inf");
  assert.throws(() => resolveGasilConfig({ alpha: -1 }), /gasil\.alpha.*"inf"/);
  assert.throws(() => resolveGasilConfig({ bufferUnit: "steps" }), /gasil\.bufferUnit/);
  assert.throws(() => resolveGasilConfig({ discriminatorUpdate: 3 }), /gasil\.discriminatorUpdate.*unknown/);
  assert.throws(() => resolveGasilConfig({ discriminatorBatchSize: 0 }), /gasil\.discriminatorBatchSize/);
  const ppo = resolvePpoConfig({ entropyCoef: 0.01 });
  assert.equal(effectiveEntropyCoef(ppo, c), 0.01);
  assert.ok(Math.abs(effectiveEntropyCoef(ppo, resolveGasilConfig({ entropyWeight: 0.5, alpha: 0.2 })) - 0.11) < 1e-12);
  assert.equal(effectiveEntropyCoef(ppo, resolveGasilConfig({ entropyWeight: 0.5, alpha: "inf" })), 0.51);
  assert.throws(() => resolveTrainConfig({ method: "gasil", envId: "PointMass-v0", bc: {} }), /bc.*only with method "bc"/);
});

/** A rollout of T steps of one seed, with one finished episode of `episodeLength` steps (none when null). */
function fakeRollout(T: number, obsDim: number, actDim: number, rng: Rng, episodeLength: number | null) {
  const r = allocateRollout(T, obsDim, actDim);
  rng.fillNormal(r.rawObs);
  for (let i = 0; i < r.actions.length; i++) r.actions[i] = rng.normal();
  for (let i = 0; i < r.rewards.length; i++) r.rewards[i] = rng.normal();
  if (episodeLength !== null) {
    const len = episodeLength;
    const ep: FinishedEpisode = {
      obs: rng.fillNormal(new Float64Array(len * obsDim), 1),
      actions: rng.fillNormal(new Float64Array(len * actDim), 1),
      rewards: new Float64Array(len).fill(0.5),
      rawRewards: new Float64Array(len).fill(0.5),
      return: 0.5 * len,
      length: len,
      terminated: false,
    };
    r.finishedEpisodes.push(ep);
  }
  return r;
}

test("Algorithm 1 order: episodes enter 𝓑, M discriminator steps, then rewards relabelled with the UPDATED D", async () => {
  await tf.setBackend("cpu");
  const cfg = resolveGasilConfig({ discriminatorUpdates: 3, discriminatorHiddenSizes: [8], alpha: 0.3 });
  const norm = new ObservationNormalizer(3);
  norm.update([1, 2, 3, -1, 0, 1]);
  for (const [k, normalizer] of [norm, null].entries()) {
    const state = createGasilState(cfg, Rng.fromSeed(1 + k), 3, 2);
    const rollout = fakeRollout(16, 3, 2, Rng.fromSeed(3 + k), 10 + 5 * k);
    const before = Float64Array.from(rollout.rewards);
    const diag = gasilAfterRollout(state, cfg, rollout, normalizer);
    assert.deepEqual(state.discriminator.stepCounts(), [3]);
    assert.equal(state.store.numTransitions, 10 + 5 * k);
    assert.equal(state.store.bestScore, 0.5 * (10 + 5 * k));
    assert.equal(diag["discUpdates"], 3);
    assert.ok(Number.isFinite(diag["discAccuracyBuffer"]!));
    // Expected bonus from the discriminator as it is NOW (after the updates), obs normalised now (or raw).
    const obs = new Float32Array(16 * 3);
    if (normalizer === null) obs.set(rollout.rawObs);
    else normalizer.normalize(rollout.rawObs, obs);
    const logits = state.discriminator.logits(obs, rollout.actions, 16);
    for (let i = 0; i < 16; i++) {
      const expected = before[i]! + 0.3 * softplus(-logits[i]!);
      assert.ok(Math.abs(rollout.rewards[i]! - expected) < 1e-6, `step ${i}: ${rollout.rewards[i]} vs ${expected}`);
    }
    // State round trip.
    const copy = restoreGasilState(JSON.parse(JSON.stringify(getGasilState(state))));
    assert.deepEqual(getGasilState(copy), getGasilState(state));
    state.discriminator.dispose();
    copy.discriminator.dispose();
  }
});

test("an empty store skips the seed's discriminator update; rewards are still relabelled", async () => {
  await tf.setBackend("cpu");
  const cfg = resolveGasilConfig({ discriminatorUpdates: 2, discriminatorHiddenSizes: [4] });
  const state = createGasilState(cfg, Rng.fromSeed(2), 3, 2);
  const rollout = fakeRollout(8, 3, 2, Rng.fromSeed(4), null);
  const before = Float64Array.from(rollout.rewards);
  const diag = gasilAfterRollout(state, cfg, rollout, null);
  assert.deepEqual(state.discriminator.stepCounts(), [0]);
  assert.equal(diag["discUpdates"], 0);
  assert.ok(Number.isNaN(diag["discLoss"]!));
  for (let i = 0; i < 8; i++) assert.ok(rollout.rewards[i]! > before[i]!);
  state.discriminator.dispose();
});

// --- Trainer-level: population independence and checkpoints, for the three methods -------------

const tiny = {
  envId: "PointMass-v0",
  envOptions: {},
  totalEnvSteps: 128 * 4,
  ppo: { stepsPerRollout: 128, numMinibatches: 4, updateEpochs: 2, hiddenSizes: [16, 16] },
};
const sections = {
  gasil: { gasil: { discriminatorUpdates: 2, discriminatorHiddenSizes: [16, 16], bufferCapacity: 300 } },
  bc: { bc: { updatesPerIteration: 2, batchSize: 32, bufferCapacity: 300 } },
  sil: { sil: { updatesPerIteration: 2, batchSize: 32, minBufferSize: 10 } },
} as const;

function strip(report: IterationReport) {
  return report.seeds.map((s) => ({ ...s }));
}

for (const method of ["gasil", "bc", "sil"] as const) {
  test(`${method}: seed k alone equals seed k inside a population of 3 (cpu backend, exact)`, async () => {
    await initBackend("cpu");
    const config = resolveTrainConfig({ method, ...tiny, ...sections[method] });
    const pop = await createTrainer(config, [5, 6, 7]);
    const solo = await createTrainer(config, [6]);
    for (let it = 0; it < 3; it++) {
      const a = strip(await pop.runIteration())[1];
      const b = strip(await solo.runIteration())[0];
      assert.deepEqual(a, b, `iteration ${it + 1}`);
    }
    pop.dispose();
    solo.dispose();
  });

  test(`${method}: a checkpoint (JSON round trip) resumes exactly`, async () => {
    await initBackend("cpu");
    const config = resolveTrainConfig({ method, ...tiny, ...sections[method] });
    const a = await createTrainer(config, [3, 4]);
    await a.runIteration();
    await a.runIteration();
    const ckpt = JSON.parse(JSON.stringify(a.checkpoint()));
    const b = await restoreTrainer(ckpt);
    for (let it = 0; it < 2; it++) {
      const ra = await a.runIteration();
      const rb = await b.runIteration();
      assert.deepEqual(strip(rb), strip(ra));
    }
    assert.deepEqual(JSON.parse(JSON.stringify(b.checkpoint())), JSON.parse(JSON.stringify(a.checkpoint())));
    a.dispose();
    b.dispose();
  });
}

test("a train config without a gasil section gets the documented GASIL defaults (JSON round trip)", () => {
  const c = resolveTrainConfig({ method: "gasil", envId: "PointMass-v0" });
  assert.equal(c.method, "gasil");
  if (c.method !== "gasil") return; // narrows the union: a "gasil" config has a typed `gasil` section
  const g = JSON.parse(JSON.stringify(c.gasil)) as Record<string, unknown>;
  assert.equal(g["discriminatorSchedule"], "passes");
  assert.equal(g["discriminatorBatchSize"], 64);
  assert.equal(g["discriminatorLearningRate"], 2e-4);
  assert.equal(g["discriminatorUpdates"], 20);
  assert.equal(g["alpha"], 0.1);
  assert.equal(g["bufferCapacity"], 1000);
  // Re-resolving the stored section gives the same section (checkpoints and manifests store it).
  assert.deepEqual(JSON.parse(JSON.stringify(resolveGasilConfig(g))), g);
});
