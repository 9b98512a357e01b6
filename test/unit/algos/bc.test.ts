import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { bcUpdate, resolveBcConfig } from "../../../src/algos/bc";
import { bcLossHost } from "../../../src/algos/shared/losses";
import { TrajectoryStore } from "../../../src/algos/shared/trajectory-store";
import { Rng } from "../../../src/core/rng";
import { ObservationNormalizer } from "../../../src/envs/running-mean-std";
import { type ActorCriticLayout, actorCriticForward, actorCriticLayout, actorCriticNets, logStdRow } from "../../../src/nn/actor-critic";
import { gaussianLogProb } from "../../../src/nn/diag-gaussian";
import { SeedMlpGradient } from "../../../src/nn/seed-mlp";
import { perturbedParams, seedParams, trainingNets } from "../../helpers/nets";

const layout = actorCriticLayout({ obsDim: 2, actDim: 1, hiddenSizes: [16, 16], initLogStd: 0 });
const adamConfig = { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 };

/** The population's nets (weights and Adam on the kernels) for the given initial weights. */
const nets = (weights: Float32Array, maxBatch: number) => trainingNets(layout, weights, maxBatch, adamConfig);
const params = (seeds: number[]) => seedParams(layout, seeds);

/**
 * The BC loss as it was computed before the host loss (and as the header of bc.ts defines it):
 * TensorFlow.js autodiff of β · mean_b(−log π(a_b|s_b)) per seed — the reference of the tests.
 */
function autodiffBcLoss(l: ActorCriticLayout, theta: tf.Tensor2D, obs: tf.Tensor3D, actions: tf.Tensor3D): tf.Tensor1D {
  const out = actorCriticForward(l, theta, obs, { policy: true, value: false });
  return tf.neg(tf.mean(gaussianLogProb(out.mean!, out.logStd!, actions), 1)) as tf.Tensor1D;
}

/** A store holding one "expert" trajectory whose action is a = 0.8·x₀ − 0.5·x₁ + 0.3. */
function expertStore(seed: number, length = 200): TrajectoryStore {
  const rng = Rng.fromSeed(seed);
  const obs = new Float64Array(length * 2);
  const act = new Float64Array(length);
  for (let t = 0; t < length; t++) {
    obs[2 * t] = rng.normal();
    obs[2 * t + 1] = rng.normal();
    act[t] = 0.8 * obs[2 * t]! - 0.5 * obs[2 * t + 1]! + 0.3;
  }
  const store = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 1000 });
  store.offer({ obs, actions: act, score: 1 });
  return store;
}

test("BC host loss and its gradient through the kernels equal TensorFlow.js autodiff of the BC formula (per seed)", async (t) => {
  await tf.setBackend("cpu");
  for (const actDim of [1, 3]) {
    const S = 3;
    const B = 24;
    const obsDim = 4;
    const beta = 0.1;
    const l = actorCriticLayout({ obsDim, actDim, hiddenSizes: [8, 8], initLogStd: -0.4 });
    const P = l.numParams;
    const rng = Rng.fromSeed(17 + actDim);
    const theta = perturbedParams(l, S, rng);
    const obs = new Float32Array(S * B * obsDim);
    const actions = new Float32Array(S * B * actDim);
    rng.fillNormal(obs);
    rng.fillNormal(actions);
    const active = [true, false, true];
    const pass = new SeedMlpGradient(actorCriticNets(l), S, { maxBatch: B, params: theta });
    const grad = new Float32Array(S * P).fill(7);
    const losses = pass.gradient(theta, obs, B, active, grad, (k, [mean], [dMean, dValue]) => {
      dValue!.fill(0);
      return bcLossHost(actions.subarray(k * B * actDim, (k + 1) * B * actDim), { mean: mean!, logStd: logStdRow(l, theta, k) }, beta, {
        dMean: dMean!,
        dLogStd: logStdRow(l, grad, k),
      });
    });
    assert.equal(losses[1], null);
    assert.ok(
      grad.subarray(P, 2 * P).every((g) => g === 0),
      "inactive seed row zeroed",
    );
    const reference = tf.tidy(() => {
      const o = tf.tensor3d(obs, [S, B, obsDim]);
      const a = tf.tensor3d(actions, [S, B, actDim]);
      const f = (th: tf.Tensor): tf.Scalar => tf.mul(tf.sum(autodiffBcLoss(l, th as tf.Tensor2D, o, a)), beta) as tf.Scalar;
      const t = tf.tensor2d(theta, [S, P]);
      return { grad: tf.grad(f)(t).dataSync(), loss: autodiffBcLoss(l, t, o, a).dataSync() };
    });
    let worst = 0;
    for (const k of [0, 2]) {
      assert.ok(Math.abs(losses[k]! - reference.loss[k]!) < 1e-4, `A=${actDim} seed ${k}: loss ${losses[k]} vs ${reference.loss[k]}`);
      let maxAbs = 0;
      for (let i = 0; i < P; i++) maxAbs = Math.max(maxAbs, Math.abs(reference.grad[k * P + i]!));
      for (let i = 0; i < P; i++) {
        const diff = Math.abs(grad[k * P + i]! - reference.grad[k * P + i]!);
        worst = Math.max(worst, diff / maxAbs);
        assert.ok(diff <= 1e-4 * maxAbs + 1e-6, `A=${actDim} seed ${k} param ${i}: ${grad[k * P + i]} vs ${reference.grad[k * P + i]}`);
      }
      for (const b of l.valueBlocks) {
        for (let i = b.offset; i < b.offset + b.size; i++) assert.equal(grad[k * P + i], 0, "the value net gets no gradient");
      }
    }
    t.diagnostic(`A=${actDim}: max |host − autodiff| of ∂L/∂θ = ${worst.toExponential(2)} × max |∂L/∂θ|`);
  }
});

test("BC loss (mean −log π of buffer actions) decreases on a fixed buffer; the value net is untouched", () => {
  const cfg = resolveBcConfig({ updatesPerIteration: 20, batchSize: 128, lossWeight: 1 });
  const population = nets(params([1]), 128);
  const store = expertStore(2);
  const norm = new ObservationNormalizer(2);
  const rng = Rng.fromSeed(3);
  const losses: number[] = [];
  for (let it = 0; it < 10; it++) {
    const r = bcUpdate(population.seed(0), store, rng, norm, cfg);
    assert.equal(r.diagnostics.bcUpdates, 20);
    assert.equal(r.finite, true);
    losses.push(r.diagnostics.bcLoss);
  }
  assert.ok(losses[9]! < losses[0]! - 0.5, `BC loss ${losses[0]} → ${losses[9]}`);
  const before = params([1]);
  const after = population.params;
  for (const b of layout.valueBlocks) {
    for (let i = b.offset; i < b.offset + b.size; i++) assert.equal(after[i], before[i], "value parameters must not move");
  }
});

test("BC updates are reproducible: the same start gives the same weights, Adam state and losses", () => {
  const cfg = resolveBcConfig({ updatesPerIteration: 5, batchSize: 64 });
  const run = () => {
    const population = nets(params([8, 9]), 64);
    const rngs = [Rng.fromSeed(1), Rng.fromSeed(2)];
    const stores = [expertStore(3), expertStore(4)];
    const norms = [new ObservationNormalizer(2), new ObservationNormalizer(2)];
    const losses = [0, 1].map(() =>
      [0, 1].map((k) => bcUpdate(population.seed(k), stores[k]!, rngs[k]!, norms[k]!, cfg).diagnostics.bcLoss),
    );
    return { weights: Float32Array.from(population.params), adam: population.optimizer.getState(), losses };
  };
  const a = run();
  const b = run();
  assert.deepEqual(b.weights, a.weights);
  assert.deepEqual(b.adam, a.adam);
  assert.deepEqual(b.losses, a.losses);
  assert.notDeepEqual(a.weights, params([8, 9]));
});

test("BC population: seed k alone equals seed k in a population; an empty store leaves its seed untouched", () => {
  const cfg = resolveBcConfig({ updatesPerIteration: 3, batchSize: 32 });
  const run = (seedIds: number[], stores: TrajectoryStore[]) => {
    const population = nets(params(seedIds), 32);
    const rngs = seedIds.map((s) => Rng.fromSeed(50 + s));
    const norms = seedIds.map(() => {
      const n = new ObservationNormalizer(2);
      n.update([0.5, 1, -0.5, 3]);
      return n;
    });
    for (let it = 0; it < 2; it++) {
      for (let k = 0; k < seedIds.length; k++) bcUpdate(population.seed(k), stores[k]!, rngs[k]!, norms[k]!, cfg);
    }
    return { weights: population.params, steps: seedIds.map((_, k) => population.optimizer.stepCount(k)) };
  };
  const empty = new TrajectoryStore({ obsDim: 2, actDim: 1, capacity: 1000 });
  const pop = run([4, 5, 6], [expertStore(10), expertStore(11), empty]);
  const solo = run([5], [expertStore(11)]);
  const P = layout.numParams;
  assert.deepEqual(Array.from(pop.weights.slice(P, 2 * P)), Array.from(solo.weights));
  assert.deepEqual(Array.from(pop.weights.slice(2 * P)), Array.from(params([6])));
  assert.deepEqual(pop.steps, [6, 6, 0]);
});

test("BC config: our documented defaults; bad fields named", () => {
  const c = resolveBcConfig(undefined);
  assert.deepEqual({ ...c }, { bufferCapacity: 1000, bufferUnit: "transitions", updatesPerIteration: 10, batchSize: 512, lossWeight: 0.1 });
  assert.throws(() => resolveBcConfig({ bufferUnit: "steps" }), /bc\.bufferUnit.*"transitions", "trajectories"/);
  assert.throws(() => resolveBcConfig({ batchSize: 0 }), /bc\.batchSize/);
  assert.throws(() => resolveBcConfig({ weight: 1 }), /bc\.weight.*unknown/);
});
