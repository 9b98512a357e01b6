import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { silLossHost } from "../../../src/algos/shared/losses";
import { PrioritizedReplayBuffer } from "../../../src/algos/shared/replay-buffer";
import type { SilConfig, SilSeedState } from "../../../src/algos/sil";
import {
  admitSilEpisode,
  createSilSeedState,
  DEFAULT_SIL_CONFIG,
  resolveSilConfig,
  sampleSilBatch,
  silUpdate,
} from "../../../src/algos/sil";
import { Rng } from "../../../src/core/rng";
import { ObservationNormalizer, RewardNormalizer } from "../../../src/envs/running-mean-std";
import {
  type ActorCriticLayout,
  actorCriticForward,
  actorCriticLayout,
  actorCriticNets,
  logStdRow,
  readLogStd,
} from "../../../src/nn/actor-critic";
import { gaussianLogProb, gaussianLogProbArray } from "../../../src/nn/diag-gaussian";
import { SeedMlpGradient } from "../../../src/nn/seed-mlp";
import { netsFor, perturbedParams, seedParams, trainingNets } from "../../helpers/nets";

const spec = { obsDim: 2, actDim: 1, hiddenSizes: [4], initLogStd: -0.3 };
const layout = actorCriticLayout(spec);
const adamConfig = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 };

const params = (seeds: number[]) => seedParams(layout, seeds);

/** The population's nets (weights and Adam on the kernels) for the given initial weights. */
const nets = (weights: Float32Array, maxBatch: number) => trainingNets(layout, weights, maxBatch, adamConfig);

/** V(s) and log π(a|s) of one row, as the trainer's rollouts compute them. */
function evalRow(theta: Float32Array, k: number, obs: ArrayLike<number>, off: number, action: number) {
  const mean = new Float64Array(1);
  const v = netsFor(layout, theta).meanAndValue(k, obs, off, mean);
  const logStd = readLogStd(layout, theta, k, new Float64Array(1));
  return { v, logp: gaussianLogProbArray(mean, logStd, [action], 1), mean: mean[0]!, logStd: logStd[0]! };
}

/**
 * The SIL loss as it was computed before the host loss (the formula of sil.ts's header): TensorFlow.js
 * autodiff with `valueBefore` and `negLogProbBefore` `[S, B]` from a forward pass before the step as
 * constants — the reference of the tests. Returns the total (weighted) loss per seed `[S]`.
 */
function autodiffSilLoss(
  l: ActorCriticLayout,
  theta: tf.Tensor2D,
  batch: { obs: tf.Tensor3D; actions: tf.Tensor3D; returns: tf.Tensor2D; weights: tf.Tensor2D },
  valueBefore: tf.Tensor2D,
  negLogProbBefore: tf.Tensor2D,
  config: SilConfig,
): { loss: tf.Tensor1D; policyLoss: tf.Tensor1D; valueLoss: tf.Tensor1D } {
  const out = actorCriticForward(l, theta, batch.obs);
  const negLogProb = tf.neg(gaussianLogProb(out.mean!, out.logStd!, batch.actions));
  const capOffset = tf.sub(negLogProbBefore, tf.minimum(negLogProbBefore, config.maxNegLogProb));
  const cappedNegLogProb = tf.sub(negLogProb, capOffset);
  const advantage = tf.sub(batch.returns, valueBefore);
  const positive = tf.cast(tf.greater(advantage, 0), "float32");
  const numValid = tf.maximum(tf.sum(positive, 1), config.minValidSamples);
  const clippedAdvantage = tf.clipByValue(advantage, 0, config.advantageClip);
  const policyLoss = tf.div(tf.sum(tf.mul(tf.mul(batch.weights, clippedAdvantage), cappedNegLogProb), 1), numValid) as tf.Tensor1D;
  const delta = tf.mul(tf.clipByValue(tf.sub(valueBefore, batch.returns), -config.advantageClip, 0), positive);
  const valueLoss = tf.div(tf.sum(tf.mul(tf.mul(batch.weights, out.value!), delta), 1), numValid) as tf.Tensor1D;
  const loss = tf.mul(tf.add(policyLoss, tf.mul(valueLoss, config.valueLossWeight)), config.lossWeight) as tf.Tensor1D;
  return { loss, policyLoss, valueLoss };
}

test("SIL host loss: clipped advantage, N = max(#{R > V}, 64), value gradient clip(V − R, −1, 0), straight-through cap", () => {
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
  let dLogStdWanted = 0;
  for (let i = 0; i < 4; i++) {
    pg += (weights[i]! * clipped[i]! * -rows[i]!.logp) / N;
    const delta = returns[i]! > rows[i]!.v ? Math.min(Math.max(rows[i]!.v - returns[i]!, -1), 0) : 0;
    vf += (weights[i]! * rows[i]!.v * delta) / N;
    dV.push((weights[i]! * delta) / N);
    const z = (actions[i]! - rows[i]!.mean) / Math.exp(rows[i]!.logStd);
    dLogStdWanted += (weights[i]! * clipped[i]! * (1 - z * z)) / N;
  }
  const outputs = { mean: rows.map((r) => r.mean), value: rows.map((r) => r.v), logStd: [rows[0]!.logStd] };
  const host = (c: typeof cfg) => {
    const g = { dMean: new Float64Array(4), dValue: new Float64Array(4), dLogStd: new Float64Array(1) };
    return { terms: silLossHost({ actions, returns, weights }, outputs, c, g), g };
  };
  const { terms, g } = host(cfg);
  assert.equal(terms.numPositive, 2);
  assert.ok(Math.abs(terms.policyLoss - pg) < 1e-9, `policy ${terms.policyLoss} vs ${pg}`);
  assert.ok(Math.abs(terms.valueLoss - vf) < 1e-9);
  assert.ok(Math.abs(terms.loss - 0.1 * (pg + 0.005 * vf)) < 1e-9);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(g.dValue[i]! - 0.1 * 0.005 * dV[i]!) < 1e-12, `dV ${i}`);
  assert.ok(Math.abs(g.dLogStd[0]! - 0.1 * dLogStdWanted) < 1e-9);
  // N has the floor minValidSamples (64 by default): the loss shrinks by 2/64.
  assert.ok(Math.abs(host(DEFAULT_SIL_CONFIG).terms.policyLoss - (pg * N) / 64) < 1e-9);
  // The −log π cap changes the value only.
  const capped = host({ ...cfg, maxNegLogProb: 0.01 });
  assert.ok(Math.abs(capped.terms.policyLoss - (0.01 * (1 + 0.125)) / N) < 1e-9, `capped ${capped.terms.policyLoss}`);
  assert.deepEqual(capped.g, g);
});

test("SIL host loss and its gradient through the kernels equal TensorFlow.js autodiff of the SIL formula (per seed)", async (t) => {
  await tf.setBackend("cpu");
  for (const actDim of [1, 3]) {
    const S = 3;
    const B = 40;
    const obsDim = 4;
    // A small cap so that some samples are capped, a small floor so that N counts the positives.
    const cfg: SilConfig = { ...DEFAULT_SIL_CONFIG, minValidSamples: 4, maxNegLogProb: 4, valueLossWeight: 0.5 };
    const l = actorCriticLayout({ obsDim, actDim, hiddenSizes: [8, 8], initLogStd: -0.4 });
    const P = l.numParams;
    const rng = Rng.fromSeed(31 + actDim);
    const theta = perturbedParams(l, S, rng);
    const obs = new Float32Array(S * B * obsDim);
    const actions = new Float32Array(S * B * actDim);
    const returns = new Float32Array(S * B);
    const weights = new Float32Array(S * B);
    rng.fillNormal(obs);
    rng.fillNormal(actions, 0, 2);
    rng.fillNormal(returns, 0, 1.5);
    for (let i = 0; i < S * B; i++) weights[i] = rng.uniform(0.2, 1.2);
    const active = [true, false, true];
    const pass = new SeedMlpGradient(actorCriticNets(l), S, { maxBatch: B, params: theta });
    const grad = new Float32Array(S * P).fill(7);
    const row = (a: Float32Array, k: number, width: number) => a.subarray(k * B * width, (k + 1) * B * width);
    const terms = pass.gradient(theta, obs, B, active, grad, (k, [mean, value], [dMean, dValue]) =>
      silLossHost(
        { actions: row(actions, k, actDim), returns: row(returns, k, 1), weights: row(weights, k, 1) },
        { mean: mean!, value: value!, logStd: logStdRow(l, theta, k) },
        cfg,
        { dMean: dMean!, dValue: dValue!, dLogStd: logStdRow(l, grad, k) },
      ),
    );
    assert.equal(terms[1], null);
    assert.ok(
      grad.subarray(P, 2 * P).every((g) => g === 0),
      "inactive seed row zeroed",
    );
    const reference = tf.tidy(() => {
      const batch = {
        obs: tf.tensor3d(obs, [S, B, obsDim]),
        actions: tf.tensor3d(actions, [S, B, actDim]),
        returns: tf.tensor2d(returns, [S, B]),
        weights: tf.tensor2d(weights, [S, B]),
      };
      const th = tf.tensor2d(theta, [S, P]);
      const before = actorCriticForward(l, th, batch.obs);
      const nlpBefore = tf.neg(gaussianLogProb(before.mean!, before.logStd!, batch.actions));
      const f = (x: tf.Tensor): tf.Scalar =>
        tf.sum(autodiffSilLoss(l, x as tf.Tensor2D, batch, before.value!, nlpBefore, cfg).loss) as tf.Scalar;
      const r = autodiffSilLoss(l, th, batch, before.value!, nlpBefore, cfg);
      const capped = tf.sum(tf.cast(tf.greater(nlpBefore, cfg.maxNegLogProb), "float32")).dataSync()[0]!;
      return {
        grad: tf.grad(f)(th).dataSync(),
        loss: r.loss.dataSync(),
        policyLoss: r.policyLoss.dataSync(),
        valueLoss: r.valueLoss.dataSync(),
        capped,
      };
    });
    assert.ok(reference.capped > 0, "the data exercise the −log π cap");
    let worst = 0;
    for (const k of [0, 2]) {
      const h = terms[k]!;
      assert.ok(h.numPositive > cfg.minValidSamples && h.numPositive < B, `seed ${k}: ${h.numPositive} positives`);
      for (const [name, a, b] of [
        ["loss", h.loss, reference.loss[k]!],
        ["policyLoss", h.policyLoss, reference.policyLoss[k]!],
        ["valueLoss", h.valueLoss, reference.valueLoss[k]!],
      ] as const) {
        assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)), `A=${actDim} seed ${k}: ${name} ${a} vs ${b}`);
      }
      let maxAbs = 0;
      for (let i = 0; i < P; i++) maxAbs = Math.max(maxAbs, Math.abs(reference.grad[k * P + i]!));
      for (let i = 0; i < P; i++) {
        const diff = Math.abs(grad[k * P + i]! - reference.grad[k * P + i]!);
        worst = Math.max(worst, diff / maxAbs);
        assert.ok(diff <= 1e-4 * maxAbs + 1e-6, `A=${actDim} seed ${k} param ${i}: ${grad[k * P + i]} vs ${reference.grad[k * P + i]}`);
      }
    }
    t.diagnostic(`A=${actDim}: max |host − autodiff| of ∂L/∂θ = ${worst.toExponential(2)} × max |∂L/∂θ|`);
  }
});

function fillReplay(state: SilSeedState, n: number, rng: Rng): void {
  for (let i = 0; i < n; i++) state.replay.add([rng.normal(), rng.normal()], [rng.normal()], rng.normal() * 0.5 + 0.2);
}

test("SIL update: priorities become clip(R − V_before, 0, 1) with the 1e-6 floor; nothing before 100 transitions", () => {
  const cfg = resolveSilConfig({ updatesPerIteration: 1, batchSize: 32 });
  const theta = params([2]); // `theta` keeps the values before the step
  const population = nets(theta, 32);
  const weights = population.params;
  const seed = createSilSeedState(cfg, 2, 1, Rng.fromSeed(3));
  fillReplay(seed, 100, Rng.fromSeed(4));
  const none = silUpdate(population.seed(0), seed, cfg);
  assert.equal(none.diagnostics.silUpdates, 0, "no update with ≤ 100 transitions");
  assert.deepEqual(weights, theta);
  assert.equal(population.optimizer.stepCount(0), 0);
  fillReplay(seed, 1, Rng.fromSeed(5));
  const st = seed.replay.getState();
  const res = silUpdate(population.seed(0), seed, cfg);
  assert.notDeepEqual(weights, theta);
  assert.equal(population.optimizer.stepCount(0), 1);
  assert.equal(res.diagnostics.silUpdates, 1);
  assert.equal(res.finite, true);
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
});

test("SIL updates are reproducible: the same start gives the same weights, Adam state, priorities and losses", () => {
  const cfg = resolveSilConfig({ updatesPerIteration: 4, batchSize: 64 });
  const run = () => {
    const population = nets(params([6, 7]), 64);
    const states = [6, 7].map((s) => {
      const st = createSilSeedState(cfg, 2, 1, Rng.fromSeed(300 + s));
      fillReplay(st, 150, Rng.fromSeed(400 + s));
      return st;
    });
    const losses = [0, 1].map(() => [0, 1].map((k) => silUpdate(population.seed(k), states[k]!, cfg).diagnostics.silLoss));
    return {
      weights: Float32Array.from(population.params),
      adam: population.optimizer.getState(),
      replays: states.map((s) => s.replay.getState()),
      losses,
    };
  };
  const a = run();
  const b = run();
  assert.deepEqual(b, a);
  assert.notDeepEqual(a.weights, params([6, 7]));
});

test("SIL population: seed k alone equals seed k in a population (batches of different sizes, a seed not stepped)", () => {
  // Batches of up to 512: seed 10 (500 transitions) draws 500 rows, seed 11 (140) draws 140, seed 12
  // (50 ≤ minBufferSize 100) is not stepped.
  const cfg = resolveSilConfig({ updatesPerIteration: 3, batchSize: 512 });
  const mk = (seedIds: number[], sizes: number[]) => {
    const states = seedIds.map((s, k) => {
      const st = createSilSeedState(cfg, 2, 1, Rng.fromSeed(100 + s));
      fillReplay(st, sizes[k]!, Rng.fromSeed(200 + s));
      return st;
    });
    return { states, nets: nets(params(seedIds), 512) };
  };
  const pop = mk([10, 11, 12], [500, 140, 50]);
  const solo = mk([11], [140]);
  assert.deepEqual(
    mk([10, 11], [500, 140]).states.map((st) => sampleSilBatch(st, cfg, 2, 1).batch.batch),
    [500, 140],
    "each seed's batch is min(batchSize, its replay size)",
  );
  for (let it = 0; it < 2; it++) {
    const rp = pop.states.map((st, k) => silUpdate(pop.nets.seed(k), st, cfg));
    const rs = silUpdate(solo.nets.seed(0), solo.states[0]!, cfg);
    assert.equal(rp[2]!.diagnostics.silUpdates, 0);
    assert.equal(rp[1]!.diagnostics.silUpdates, 3);
    assert.deepEqual(rp[1], rs);
  }
  const P = layout.numParams;
  assert.deepEqual(Array.from(pop.nets.params.slice(P, 2 * P)), Array.from(solo.nets.params));
  assert.deepEqual(Array.from(pop.nets.params.slice(2 * P)), Array.from(params([12])), "masked seed untouched");
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
