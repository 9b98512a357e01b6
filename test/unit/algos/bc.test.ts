import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { bcUpdate, resolveBcConfig } from "../../../src/algos/bc";
import { TrajectoryStore } from "../../../src/algos/shared/trajectory-store";
import { Rng } from "../../../src/core/rng";
import { ObservationNormalizer } from "../../../src/envs/running-mean-std";
import { actorCriticLayout, initActorCriticParams } from "../../../src/nn/actor-critic";
import { PopulationAdam } from "../../../src/nn/optim";

const layout = actorCriticLayout({ obsDim: 2, actDim: 1, hiddenSizes: [16, 16], initLogStd: 0 });
const adamConfig = { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 };

function params(seeds: number[]): Float32Array {
  const out = new Float32Array(seeds.length * layout.numParams);
  for (const [k, s] of seeds.entries()) out.set(initActorCriticParams(layout, Rng.fromSeed(s)), k * layout.numParams);
  return out;
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

test("BC loss (mean −log π of buffer actions) decreases on a fixed buffer; the value net is untouched", async () => {
  await tf.setBackend("cpu");
  const cfg = resolveBcConfig({ updatesPerIteration: 20, batchSize: 128, lossWeight: 1 });
  const weights = params([1]);
  const adam = new PopulationAdam(adamConfig, 1, layout.numParams);
  const stores = [expertStore(2)];
  const norms = [new ObservationNormalizer(2)];
  const rngs = [Rng.fromSeed(3)];
  const losses: number[] = [];
  const atStart = tf.memory().numTensors;
  for (let it = 0; it < 10; it++) {
    const r = bcUpdate(layout, weights, adam, stores, rngs, norms, [true], cfg);
    assert.equal(r.diagnostics.bcUpdates[0], 20);
    losses.push(r.diagnostics.bcLoss[0]!);
  }
  assert.equal(tf.memory().numTensors, atStart, "no tensor outlives an update");
  assert.ok(losses[9]! < losses[0]! - 0.5, `BC loss ${losses[0]} → ${losses[9]}`);
  const before = params([1]);
  const after = weights;
  for (const b of layout.valueBlocks) {
    for (let i = b.offset; i < b.offset + b.size; i++) assert.equal(after[i], before[i], "value parameters must not move");
  }
  adam.dispose();
});

test("BC population: seed k alone equals seed k in a population; an empty store leaves its seed untouched", async () => {
  await tf.setBackend("cpu");
  const cfg = resolveBcConfig({ updatesPerIteration: 3, batchSize: 32 });
  const run = (seedIds: number[], stores: TrajectoryStore[]) => {
    const weights = params(seedIds);
    const adam = new PopulationAdam(adamConfig, seedIds.length, layout.numParams);
    const rngs = seedIds.map((s) => Rng.fromSeed(50 + s));
    const norms = seedIds.map(() => {
      const n = new ObservationNormalizer(2);
      n.update([0.5, 1, -0.5, 3]);
      return n;
    });
    for (let it = 0; it < 2; it++)
      bcUpdate(
        layout,
        weights,
        adam,
        stores,
        rngs,
        norms,
        seedIds.map(() => true),
        cfg,
      );
    return { weights, steps: seedIds.map((_, k) => adam.stepCount(k)) };
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
