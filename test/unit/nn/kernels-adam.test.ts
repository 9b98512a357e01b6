/**
 * The kernels' Adam (src/nn/kernels, `SeedMlpKernels.adam`) against `PopulationAdam.step`
 * (src/nn/optim.ts): the same rule and the same float32 arithmetic on float32 storage, so
 * parameters, moments, step counts and gradient norms must be bit-identical — with and without
 * clipping, with inactive and non-finite seeds, at an odd row length, and from a saved state.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng";
import { actorCriticLayout } from "../../../src/nn";
import { actorCriticKernelNets, type KernelAdamConfig, type KernelNetSet, mlpKernelNets, SeedMlpKernels } from "../../../src/nn/kernels";
import { PopulationAdam } from "../../../src/nn/optim";

function compare(set: KernelNetSet, S: number, config: KernelAdamConfig, steps: number, seed: number): void {
  const P = set.numParams;
  const rng = Rng.fromSeed(seed);
  const kern = SeedMlpKernels.create(set, S, 1, { adam: config });
  const adam = new PopulationAdam(config, S, P);
  const params = rng.fillNormal(new Float32Array(S * P), 0, 0.3);
  kern.params.set(params);
  const grad = new Float32Array(S * P);
  for (let t = 0; t < steps; t++) {
    // Per-seed gradient scales around the clipping limit, so some seeds clip and some do not.
    for (let k = 0; k < S; k++) rng.fillNormal(grad.subarray(k * P, (k + 1) * P), 0, (0.2 + 0.3 * ((k + t) % 4)) / Math.sqrt(P));
    if (t === 2) grad[P + 3] = Number.NaN; // seed 1 is skipped at step 2
    const active = Array.from({ length: S }, (_, k) => (k + t) % 5 !== 4);
    kern.grad.set(grad);
    const a = adam.step(params, grad, active);
    const b = kern.adam!.step(active);
    assert.deepEqual(b.finite, a.finite, `step ${t}: finite`);
    assert.deepEqual(b.gradNorm, a.gradNorm, `step ${t}: gradient norms`);
    assert.deepEqual(kern.params, params, `step ${t}: parameters`);
  }
  const state = adam.getState();
  assert.deepEqual(kern.adam!.m, state.m);
  assert.deepEqual(kern.adam!.v, state.v);
  assert.deepEqual(kern.adam!.getState().steps, state.steps);
  for (let k = 0; k < S; k++) assert.equal(kern.adam!.stepCount(k), adam.stepCount(k));
}

const ppoAdam: KernelAdamConfig = { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 };

test("kernel Adam = PopulationAdam.step bit for bit: PPO nets (P = 10,119, odd), clipping at 0.5", () => {
  const layout = actorCriticLayout({ obsDim: 11, actDim: 3, hiddenSizes: [64, 64], initLogStd: 0 });
  assert.equal(layout.numParams % 2, 1);
  compare(actorCriticKernelNets(layout), 4, ppoAdam, 8, 1);
});

test("kernel Adam = PopulationAdam.step bit for bit: discriminator settings (no clipping, ε 1e-8), small odd row", () => {
  const config: KernelAdamConfig = { learningRate: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, maxGradNorm: null };
  compare(mlpKernelNets(14, [100, 100], 1), 3, config, 6, 2);
  compare(mlpKernelNets(3, [4], 1), 5, ppoAdam, 6, 3); // P = 21
});

test("kernel Adam resumes from a PopulationAdam state exactly", () => {
  const set = mlpKernelNets(5, [6], 3);
  const S = 2;
  const P = set.numParams;
  const rng = Rng.fromSeed(4);
  const adam = new PopulationAdam(ppoAdam, S, P);
  const params = rng.fillNormal(new Float32Array(S * P));
  const grad = new Float32Array(S * P);
  for (let t = 0; t < 3; t++) adam.step(params, rng.fillNormal(grad, 0, 0.05), [true, t !== 1]);
  const kern = SeedMlpKernels.create(set, S, 1, { adam: ppoAdam, adamState: adam.getState() });
  kern.params.set(params);
  rng.fillNormal(grad, 0, 0.05);
  kern.grad.set(grad);
  adam.step(params, grad, [true, true]);
  kern.adam!.step([true, true]);
  assert.deepEqual(kern.params, params);
  assert.deepEqual(kern.adam!.getState(), adam.getState());
  assert.throws(() => SeedMlpKernels.create(set, 3, 1, { adam: ppoAdam, adamState: adam.getState() }), /state must hold/);
  assert.equal(SeedMlpKernels.create(set, S, 1).adam, null);
});

test("kernel Adam stepSeed(k) = seed k's part of a population step, bit for bit (clipping, skipped and non-finite seeds)", () => {
  const set = mlpKernelNets(7, [9], 2);
  const S = 3;
  const P = set.numParams;
  const rng = Rng.fromSeed(6);
  const population = SeedMlpKernels.create(set, S, 1, { adam: ppoAdam });
  const perSeed = SeedMlpKernels.create(set, S, 1, { adam: ppoAdam });
  const params = rng.fillNormal(new Float32Array(S * P), 0, 0.3);
  population.params.set(params);
  perSeed.params.set(params);
  for (let t = 0; t < 5; t++) {
    const grad = rng.fillNormal(new Float32Array(S * P), 0, (0.3 + 0.4 * (t % 3)) / Math.sqrt(P));
    if (t === 3) grad[2 * P + 1] = Number.NaN;
    const active = [true, t % 2 === 0, true];
    population.grad.set(grad);
    perSeed.grad.set(grad);
    const a = population.adam!.step(active);
    // Seeds in reverse order: a seed's step reads and writes its own row only.
    for (let k = S - 1; k >= 0; k--) {
      const b = perSeed.adam!.stepSeed(k, active[k]!);
      assert.equal(b.gradNorm, a.gradNorm[k], `step ${t}, seed ${k}: norm`);
      assert.equal(b.finite, a.finite[k], `step ${t}, seed ${k}: finite`);
    }
    assert.deepEqual(perSeed.params, population.params, `step ${t}: parameters`);
  }
  assert.deepEqual(perSeed.adam!.getState(), population.adam!.getState());
  assert.deepEqual(perSeed.adam!.getState().steps, [5, 3, 4], "skipped steps and the non-finite step are not counted");
});
