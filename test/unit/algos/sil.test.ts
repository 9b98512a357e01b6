import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { PrioritizedReplayBuffer } from "../../../src/algos/shared/replay-buffer";
import type { SilSeedState } from "../../../src/algos/sil";
import {
  admitSilEpisode,
  createSilSeedState,
  DEFAULT_SIL_CONFIG,
  resolveSilConfig,
  sampleSilBatch,
  silLoss,
  silUpdate,
} from "../../../src/algos/sil";
import { Rng } from "../../../src/core/rng";
import { ObservationNormalizer, RewardNormalizer } from "../../../src/envs/running-mean-std";
import { actorCriticLayout, initActorCriticParams, readLogStd } from "../../../src/nn/actor-critic";
import { gaussianLogProbArray } from "../../../src/nn/diag-gaussian";
import { PopulationAdam } from "../../../src/nn/optim";
import { netsFor } from "../../helpers/nets";

const spec = { obsDim: 2, actDim: 1, hiddenSizes: [4], initLogStd: -0.3 };
const layout = actorCriticLayout(spec);
const adamConfig = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 };

function params(seeds: number[]): Float32Array {
  const out = new Float32Array(seeds.length * layout.numParams);
  for (const [k, s] of seeds.entries()) out.set(initActorCriticParams(layout, Rng.fromSeed(s)), k * layout.numParams);
  return out;
}

/** V(s) and log π(a|s) of one row, as the trainer's rollouts compute them. */
function evalRow(theta: Float32Array, k: number, obs: ArrayLike<number>, off: number, action: number) {
  const mean = new Float64Array(1);
  const v = netsFor(layout, theta).meanAndValue(k, obs, off, mean);
  const logStd = readLogStd(layout, theta, k, new Float64Array(1));
  return { v, logp: gaussianLogProbArray(mean, logStd, [action], 1), mean: mean[0]!, logStd: logStd[0]! };
}

test("SIL loss: clipped advantage, N = max(#{R > V}, 64), value gradient clip(V − R, −1, 0)", async () => {
  await tf.setBackend("cpu");
  const theta = params([1]);
  const obs = [0.3, -0.2, 1.0, 0.5, -0.7, 0.1, 0.2, 0.2];
  const actions = [0.5, -1.2, 0.1, 2.0];
  const rows = [0, 1, 2, 3].map((i) => evalRow(theta, 0, obs, 2 * i, actions[i]!));
  // Returns: far above V (advantage clipped at 1), slightly above, below, far below.
  const returns = [rows[0]!.v + 3, rows[1]!.v + 0.25, rows[2]!.v - 0.5, rows[3]!.v - 4];
  const weights = [1, 0.5, 1, 0.8];
  const cfg = { ...DEFAULT_SIL_CONFIG, minValidSamples: 1 };
  const N = 2; // two samples with R > V
  const clipped = [1, 0.25, 0, 0];
  let pg = 0;
  let vf = 0;
  const dV: number[] = [];
  for (let i = 0; i < 4; i++) {
    pg += (weights[i]! * clipped[i]! * -rows[i]!.logp) / N;
    const delta = returns[i]! > rows[i]!.v ? Math.min(Math.max(rows[i]!.v - returns[i]!, -1), 0) : 0;
    vf += (weights[i]! * rows[i]!.v * delta) / N;
    dV.push((weights[i]! * delta) / N);
  }
  const thetaT = tf.tensor2d(theta, [1, layout.numParams]);
  const batch = {
    obs: tf.tensor3d(obs, [1, 4, 2]),
    actions: tf.tensor3d(actions, [1, 4, 1]),
    returns: tf.tensor2d(returns, [1, 4]),
    weights: tf.tensor2d(weights, [1, 4]),
    valid: tf.tensor2d([1, 1, 1, 1], [1, 4]),
  };
  const vBefore = tf.tensor2d(
    rows.map((r) => r.v),
    [1, 4],
  );
  const nlpBefore = tf.tensor2d(
    rows.map((r) => -r.logp),
    [1, 4],
  );
  const out = silLoss(layout, thetaT, batch, vBefore, nlpBefore, cfg);
  assert.ok(Math.abs(out.policyLoss.dataSync()[0]! - pg) < 1e-5, `policy ${out.policyLoss.dataSync()[0]} vs ${pg}`);
  assert.ok(Math.abs(out.valueLoss.dataSync()[0]! - vf) < 1e-5);
  assert.ok(Math.abs(out.loss.dataSync()[0]! - 0.1 * (pg + 0.005 * vf)) < 1e-6);
  // Gradient of the value term w.r.t. the value net's output bias = Σ ∂L/∂V(sᵢ).
  const g = tf.grad((th: tf.Tensor) =>
    tf.sum(silLoss(layout, th as tf.Tensor2D, batch, vBefore, nlpBefore, { ...cfg, lossWeight: 1, valueLossWeight: 1 }).valueLoss),
  )(thetaT);
  const bias = layout.valueBlocks[layout.valueBlocks.length - 1]!;
  const gBias = g.dataSync()[bias.offset]!;
  assert.ok(Math.abs(gBias - dV.reduce((a, b) => a + b, 0)) < 1e-5, `${gBias} vs ${dV}`);
  // Gradient of the policy term w.r.t. log-std: Σ w·clip(adv)·(1 − z²) / N.
  const gp = tf.grad((th: tf.Tensor) =>
    tf.sum(silLoss(layout, th as tf.Tensor2D, batch, vBefore, nlpBefore, { ...cfg, lossWeight: 1, valueLossWeight: 0 }).loss),
  )(thetaT);
  let expected = 0;
  for (let i = 0; i < 4; i++) {
    const z = (actions[i]! - rows[i]!.mean) / Math.exp(rows[i]!.logStd);
    expected += (weights[i]! * clipped[i]! * (1 - z * z)) / N;
  }
  assert.ok(Math.abs(gp.dataSync()[layout.logStdBlock.offset]! - expected) < 1e-5);
  // N has the floor minValidSamples (64 by default): the loss shrinks by 2/64.
  const floored = silLoss(layout, thetaT, batch, vBefore, nlpBefore, DEFAULT_SIL_CONFIG).policyLoss.dataSync()[0]!;
  assert.ok(Math.abs(floored - (pg * N) / 64) < 1e-6);
  // The −log π cap changes the value only.
  const capped = silLoss(layout, thetaT, batch, vBefore, nlpBefore, { ...cfg, maxNegLogProb: 0.01 }).policyLoss.dataSync()[0]!;
  assert.ok(Math.abs(capped - (0.01 * (1 + 0.125)) / N) < 1e-5, `capped ${capped}`);
});

function fillReplay(state: SilSeedState, n: number, rng: Rng): void {
  for (let i = 0; i < n; i++) state.replay.add([rng.normal(), rng.normal()], [rng.normal()], rng.normal() * 0.5 + 0.2);
}

test("SIL update: priorities become clip(R − V_before, 0, 1) with the 1e-6 floor; nothing before 100 transitions", async () => {
  await tf.setBackend("cpu");
  const cfg = resolveSilConfig({ updatesPerIteration: 1, batchSize: 32 });
  const theta = params([2]);
  const weights = Float32Array.from(theta); // updated in place; `theta` keeps the values before the step
  const adam = new PopulationAdam(adamConfig, 1, layout.numParams);
  const seed = createSilSeedState(cfg, 2, 1, Rng.fromSeed(3));
  fillReplay(seed, 100, Rng.fromSeed(4));
  const none = silUpdate(layout, weights, adam, [seed], [true], cfg);
  assert.equal(none.diagnostics.silUpdates[0], 0, "no update with ≤ 100 transitions");
  assert.deepEqual(weights, theta);
  assert.equal(adam.stepCount(0), 0);
  fillReplay(seed, 1, Rng.fromSeed(5));
  const st = seed.replay.getState();
  const atStart = tf.memory().numTensors;
  const res = silUpdate(layout, weights, adam, [seed], [true], cfg);
  assert.equal(tf.memory().numTensors, atStart, "no tensor outlives an update");
  assert.notDeepEqual(weights, theta);
  assert.equal(adam.stepCount(0), 1);
  assert.equal(res.diagnostics.silUpdates[0], 1);
  // Replay the sampling with a fresh copy of the rng to find the slots.
  const copy = PrioritizedReplayBuffer.fromState(st);
  const out = { obs: new Float32Array(64), actions: new Float32Array(32), returns: new Float64Array(32), weights: new Float32Array(32) };
  const { indices } = copy.sample(32, cfg.priorityBeta, Rng.fromSeed(3), out);
  let changed = 0;
  for (let i = 0; i < 32; i++) {
    const row = evalRow(theta, 0, out.obs, 2 * i, out.actions[i]!);
    const expected = Math.max(Math.min(Math.max(out.returns[i]! - row.v, 0), 1), 1e-6);
    // The last write wins for repeated slots; check slots that occur once.
    if (Array.from(indices).filter((x) => x === indices[i]).length === 1) {
      assert.ok(
        Math.abs(seed.replay.priority(indices[i]!) - expected) < 1e-5,
        `slot ${indices[i]}: ${seed.replay.priority(indices[i]!)} vs ${expected}`,
      );
      changed++;
    }
  }
  assert.ok(changed > 10);
  adam.dispose();
});

test("SIL population: seed k alone equals seed k in a population (padding rows and masked seeds)", async () => {
  await tf.setBackend("cpu");
  // Batches of up to 512: seed 10 (500 transitions) draws 500 rows, seed 11 (140) draws 140 that the
  // population pads to 500 with zero-weight rows, seed 12 (50 ≤ minBufferSize 100) is masked.
  const cfg = resolveSilConfig({ updatesPerIteration: 3, batchSize: 512 });
  const mk = (seedIds: number[], sizes: number[]) => {
    const states = seedIds.map((s, k) => {
      const st = createSilSeedState(cfg, 2, 1, Rng.fromSeed(100 + s));
      fillReplay(st, sizes[k]!, Rng.fromSeed(200 + s));
      return st;
    });
    return {
      states,
      weights: params(seedIds),
      adam: new PopulationAdam(adamConfig, seedIds.length, layout.numParams),
    };
  };
  const pop = mk([10, 11, 12], [500, 140, 50]);
  const solo = mk([11], [140]);
  const probe = sampleSilBatch(mk([10, 11], [500, 140]).states, [true, true], cfg, 2, 1);
  assert.deepEqual(probe.sizes, [500, 140]);
  assert.equal(probe.batch.batch, 500, "the population batch is the largest seed's");
  const validRows = (k: number) => probe.batch.valid.subarray(k * 500, (k + 1) * 500).reduce((a, b) => a + b, 0);
  assert.equal(validRows(1), 140, "seed 11: 140 real rows, 360 padding rows");
  assert.ok(
    probe.batch.weights.subarray(500 + 140, 1000).every((w) => w === 0),
    "padding rows carry no weight",
  );
  for (let it = 0; it < 2; it++) {
    const rp = silUpdate(layout, pop.weights, pop.adam, pop.states, [true, true, true], cfg);
    const rs = silUpdate(layout, solo.weights, solo.adam, solo.states, [true], cfg);
    assert.equal(rp.diagnostics.silUpdates[2], 0);
    assert.equal(rp.diagnostics.silLoss[1], rs.diagnostics.silLoss[0]);
  }
  const P = layout.numParams;
  assert.deepEqual(Array.from(pop.weights.slice(P, 2 * P)), Array.from(solo.weights));
  assert.deepEqual(Array.from(pop.weights.slice(2 * P)), Array.from(params([12])), "masked seed untouched");
  assert.deepEqual(pop.states[1]!.replay.getState(), solo.states[0]!.replay.getState());
});

test("episode admission: delayed reward > 0 required, scaled discounted returns, normalised obs", () => {
  const obsNorm = new ObservationNormalizer(2);
  obsNorm.update([1, 1, 3, 3]); // mean ≈ (2, 2), var ≈ 1
  const rewardNorm = new RewardNormalizer(1);
  rewardNorm.normalize([2]);
  rewardNorm.normalize([0]); // var of R ≠ 1
  const scale = 1 / Math.sqrt(rewardNorm.rms.var[0]! + 1e-8);
  const replay = new PrioritizedReplayBuffer({ obsDim: 2, actDim: 1, capacity: 10, alpha: 0.6 });
  assert.equal(admitSilEpisode(replay, [1, 1, 1, 1], [0.1, 0.1], [0, 0], obsNorm, rewardNorm, 0.9), false);
  assert.equal(admitSilEpisode(replay, [1, 1, 1, 1], [0.1, 0.1], [0, -2], obsNorm, rewardNorm, 0.9), false);
  assert.equal(replay.size, 0);
  assert.equal(admitSilEpisode(replay, [2, 2, 3, 3], [0.2, 0.3], [0, 3], obsNorm, rewardNorm, 0.9), true);
  assert.equal(replay.size, 2);
  const r1 = Math.min(3 * scale, 10);
  assert.ok(Math.abs(replay.returnAt(0) - 0.9 * r1) < 1e-9);
  assert.ok(Math.abs(replay.returnAt(1) - r1) < 1e-9);
  const out = {
    obs: new Float32Array(2 * 50),
    actions: new Float32Array(50),
    returns: new Float64Array(50),
    weights: new Float32Array(50),
  };
  replay.sample(50, 0.1, Rng.fromSeed(1), out);
  const norm = obsNorm.normalize([2, 2, 3, 3]);
  for (let i = 0; i < 50; i++) {
    const slot = out.actions[i]! < 0.25 ? 0 : 1;
    assert.ok(Math.abs(out.obs[2 * i]! - norm[2 * slot]!) < 1e-5);
  }
  // Without normalisers the raw values are stored.
  const raw = new PrioritizedReplayBuffer({ obsDim: 2, actDim: 1, capacity: 10, alpha: 0.6 });
  admitSilEpisode(raw, [5, 6], [0.5], [2], null, null, 0.9);
  assert.equal(raw.returnAt(0), 2);
});

test("SIL config: defaults of the official SIL code; bad fields named", () => {
  const c = resolveSilConfig(undefined);
  assert.equal(c.bufferCapacity, 50000);
  assert.equal(c.priorityAlpha, 0.6);
  assert.equal(c.priorityBeta, 0.1);
  assert.equal(c.updatesPerIteration, 10);
  assert.equal(c.batchSize, 512);
  assert.throws(() => resolveSilConfig({ batchsize: 3 }), /sil\.batchsize.*unknown/);
  assert.throws(() => resolveSilConfig({ priorityBeta: 2 }), /sil\.priorityBeta.*got 2/);
});
