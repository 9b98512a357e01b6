/**
 * WebAssembly SIMD kernels (src/nn/kernels): forward outputs and every parameter gradient against
 * a float64 reference written out here, on the real shapes and on odd ones; determinism; seed
 * alone = seed in a population; the discriminator's shape. (Against TensorFlow.js autodiff through
 * `SeedMlpGradient`: test/unit/nn/seed-mlp.test.ts and test/unit/algos/ppo-gradient.test.ts.)
 *
 * Tolerance. The kernels work in float32: a sum of n products carries a rounding error of at most
 * about n·u·Σ|terms| (u = 2⁻²⁴ ≈ 6e-8; n ≤ 128 here, so ≤ 8e-6 of the terms' magnitude, typically
 * √n·u), the tanh approximation adds ≤ 4e-7 per activation, and the backward pass compounds these
 * through at most three layers. We compare each block (a layer's weights, its bias, a net's output)
 * by its largest absolute error relative to the largest reference value in the block:
 * ≤ 2e-5 against float64 (above the worst-case float32 bound; measured: ≤ 8e-7). A wrong index
 * or a missing term gives errors of order 1.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng";
import { actorCriticLayout } from "../../../src/nn";
import { actorCriticKernelNets, type KernelNetSet, kernelTanh, mlpKernelNets, SeedMlpKernels } from "../../../src/nn/kernels";

const VS_FLOAT64 = 2e-5;

/** Float64 forward and backward of one seed's nets (the definition the kernels implement). */
function reference(
  set: KernelNetSet,
  params: Float32Array,
  k: number,
  x: Float32Array,
  B: number,
  dOut: readonly Float32Array[] | null,
): { outputs: Float64Array[]; grad: Float64Array } {
  const P = set.numParams;
  const row = k * P;
  const grad = new Float64Array(P);
  const outputs: Float64Array[] = [];
  set.nets.forEach((blocks, net) => {
    const L = blocks.length / 2;
    const acts: Float64Array[] = [Float64Array.from(x.subarray(k * B * set.inputDim, (k + 1) * B * set.inputDim))];
    for (let l = 0; l < L; l++) {
      const [nIn, nOut] = blocks[2 * l]!.shape as [number, number];
      const w = row + blocks[2 * l]!.offset;
      const b = row + blocks[2 * l + 1]!.offset;
      const a = acts[l]!;
      const z = new Float64Array(B * nOut);
      for (let r = 0; r < B; r++)
        for (let j = 0; j < nOut; j++) {
          let s = params[b + j]!;
          for (let i = 0; i < nIn; i++) s += a[r * nIn + i]! * params[w + i * nOut + j]!;
          z[r * nOut + j] = l < L - 1 ? Math.tanh(s) : s;
        }
      acts.push(z);
    }
    outputs.push(acts[L]!);
    if (dOut === null) return;
    const outDim = (blocks[2 * L - 2]!.shape as [number, number])[1];
    let dz = Float64Array.from(dOut[net]!.subarray(k * B * outDim, (k + 1) * B * outDim));
    for (let l = L - 1; l >= 0; l--) {
      const [nIn, nOut] = blocks[2 * l]!.shape as [number, number];
      const w = blocks[2 * l]!.offset;
      const b = blocks[2 * l + 1]!.offset;
      const a = acts[l]!;
      for (let i = 0; i < nIn; i++)
        for (let j = 0; j < nOut; j++) {
          let s = 0;
          for (let r = 0; r < B; r++) s += a[r * nIn + i]! * dz[r * nOut + j]!;
          grad[w + i * nOut + j] = s;
        }
      for (let j = 0; j < nOut; j++) {
        let s = 0;
        for (let r = 0; r < B; r++) s += dz[r * nOut + j]!;
        grad[b + j] = s;
      }
      if (l > 0) {
        const dh = new Float64Array(B * nIn);
        for (let r = 0; r < B; r++)
          for (let i = 0; i < nIn; i++) {
            let s = 0;
            for (let j = 0; j < nOut; j++) s += dz[r * nOut + j]! * params[row + w + i * nOut + j]!;
            const h = a[r * nIn + i]!;
            dh[r * nIn + i] = s * (1 - h * h);
          }
        dz = dh;
      }
    }
  });
  return { outputs, grad };
}

/** Largest |a − b| relative to the largest |b| (the block's scale; 1e-30 keeps all-zero blocks finite). */
function blockError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 1e-30;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return err / scale;
}

/** Every block of every net of seed k: [name, start, end] within the seed's row. */
function netBlocks(set: KernelNetSet): [string, number, number][] {
  const out: [string, number, number][] = [];
  set.nets.forEach((blocks, net) => {
    blocks.forEach((block, i) => {
      const size = block.shape.reduce((p, q) => p * q, 1);
      out.push([`net ${net} ${i % 2 === 0 ? "w" : "b"}${Math.floor(i / 2)}`, block.offset, block.offset + size]);
    });
  });
  return out;
}

interface Case {
  readonly name: string;
  readonly set: KernelNetSet;
  readonly S: number;
  readonly B: number;
}

/** A population with random parameters, inputs and output gradients, run through the kernels. */
function runKernels(c: Case, seed: number) {
  const { set, S, B } = c;
  const rng = Rng.fromSeed(seed);
  const params = new Float32Array(S * set.numParams);
  rng.fillNormal(params, 0, 0.4);
  const x = new Float32Array(S * B * set.inputDim);
  rng.fillNormal(x);
  const kern = SeedMlpKernels.create(set, S, B);
  const dOut = kern.outDims.map((d) => rng.fillNormal(new Float32Array(S * B * d), 0, 1 / B));
  kern.params.set(params);
  kern.input.set(x);
  kern.forward(B);
  dOut.forEach((d, net) => {
    kern.dOutputs[net]!.set(d);
  });
  kern.grad.fill(Number.NaN); // entries the backward pass must not write stay NaN
  kern.backward(B);
  return { kern, params, x, dOut };
}

const cases: Case[] = [
  {
    name: "actor-critic 11→64→64→3 + value, minibatch 64 (the PPO shape)",
    set: actorCriticKernelNets(actorCriticLayout({ obsDim: 11, actDim: 3, hiddenSizes: [64, 64], initLogStd: 0 })),
    S: 3,
    B: 64,
  },
  { name: "discriminator 14→100→100→1, 128 pairs", set: mlpKernelNets(14, [100, 100], 1), S: 2, B: 128 },
  {
    name: "odd actor-critic 5→7→6→3 + value, batch 9",
    set: actorCriticKernelNets(actorCriticLayout({ obsDim: 5, actDim: 3, hiddenSizes: [7, 6], initLogStd: -0.5 })),
    S: 3,
    B: 9,
  },
  { name: "odd widths 13→17→1→6→7, batch 6", set: mlpKernelNets(13, [17, 1, 6], 7), S: 2, B: 6 },
  { name: "widths 3→9→5 (5 outputs: vector + scalar tail), batch 13", set: mlpKernelNets(3, [9], 5), S: 2, B: 13 },
  { name: "no hidden layer 4→6, batch 3", set: mlpKernelNets(4, [], 6), S: 2, B: 3 },
  { name: "one row per seed (rollout shape) 11→64→64→3 + value", set: cases0RolloutSet(), S: 4, B: 1 },
  { name: "1→2→3→1, batch 2", set: mlpKernelNets(1, [2, 3], 1), S: 1, B: 2 },
];

function cases0RolloutSet(): KernelNetSet {
  return actorCriticKernelNets(actorCriticLayout({ obsDim: 11, actDim: 3, hiddenSizes: [64, 64], initLogStd: 0 }));
}

test("forward outputs and every weight and bias gradient match float64 (real and odd shapes)", () => {
  for (const c of cases) {
    const { kern, params, x, dOut } = runKernels(c, 17);
    for (let k = 0; k < c.S; k++) {
      const ref = reference(c.set, params, k, x, c.B, dOut);
      ref.outputs.forEach((o, net) => {
        const d = kern.outDims[net]!;
        const got = kern.outputs[net]!.subarray(k * c.B * d, (k + 1) * c.B * d);
        const e = blockError(got, o);
        assert.ok(e <= VS_FLOAT64, `${c.name}: seed ${k} net ${net} output error ${e}`);
      });
      for (const [name, start, end] of netBlocks(c.set)) {
        const got = kern.grad.subarray(k * c.set.numParams + start, k * c.set.numParams + end);
        const e = blockError(got, ref.grad.subarray(start, end));
        assert.ok(e <= VS_FLOAT64, `${c.name}: seed ${k} ${name} gradient error ${e}`);
      }
    }
  }
});

test("entries outside the nets' blocks (the actor-critic's log-std) are never written", () => {
  const layout = actorCriticLayout({ obsDim: 5, actDim: 3, hiddenSizes: [7, 6], initLogStd: 0 });
  const { kern } = runKernels({ name: "", set: actorCriticKernelNets(layout), S: 2, B: 4 }, 3);
  for (let k = 0; k < 2; k++) {
    for (let j = 0; j < 3; j++) assert.ok(Number.isNaN(kern.grad[k * layout.numParams + layout.logStdBlock.offset + j]!));
  }
  const written = kern.grad.filter((v) => !Number.isNaN(v)).length;
  assert.equal(written, 2 * (layout.numParams - 3));
});

test("determinism: repeated calls give bit-identical outputs and gradients", () => {
  for (const c of cases.slice(0, 4)) {
    const { kern } = runKernels(c, 23);
    const out1 = kern.outputs.map((o) => o.slice());
    const grad1 = kern.grad.slice();
    for (let rep = 0; rep < 3; rep++) {
      kern.forward(c.B);
      kern.backward(c.B);
      kern.outputs.forEach((o, net) => {
        assert.deepEqual(o, out1[net], `${c.name}: outputs changed on call ${rep + 2}`);
      });
      assert.deepEqual(kern.grad, grad1, `${c.name}: gradient changed on call ${rep + 2}`);
    }
  }
});

test("a seed's outputs and gradients do not depend on the population it runs in (seed alone = seed in batch)", () => {
  for (const c of [cases[0]!, cases[1]!, cases[3]!]) {
    const S = 5;
    const big = runKernels({ ...c, S }, 31);
    const P = c.set.numParams;
    for (const k of [0, 3, 4]) {
      const alone = SeedMlpKernels.create(c.set, 1, c.B);
      alone.params.set(big.params.subarray(k * P, (k + 1) * P));
      alone.input.set(big.x.subarray(k * c.B * c.set.inputDim, (k + 1) * c.B * c.set.inputDim));
      alone.forward(c.B);
      big.dOut.forEach((d, net) => {
        const w = alone.outDims[net]!;
        alone.dOutputs[net]!.set(d.subarray(k * c.B * w, (k + 1) * c.B * w));
      });
      alone.backward(c.B);
      alone.outputs.forEach((o, net) => {
        const w = alone.outDims[net]!;
        assert.deepEqual(o, big.kern.outputs[net]!.slice(k * c.B * w, (k + 1) * c.B * w), `${c.name}: seed ${k} net ${net} output`);
      });
      for (const [name, start, end] of netBlocks(c.set)) {
        assert.deepEqual(alone.grad.slice(start, end), big.kern.grad.slice(k * P + start, k * P + end), `${c.name}: seed ${k} ${name}`);
      }
    }
    // Inactive seeds are skipped: their outputs and gradients are left as they were.
    const kern = big.kern;
    kern.setActive([true, false, true, false, true]);
    const before = kern.grad.slice();
    kern.outputs[0]!.fill(7);
    kern.forward(c.B);
    kern.backward(c.B);
    const w = kern.outDims[0]!;
    assert.ok(kern.outputs[0]!.subarray(1 * c.B * w, 2 * c.B * w).every((v) => v === 7));
    assert.deepEqual(kern.grad.subarray(3 * P, 4 * P), before.subarray(3 * P, 4 * P));
    assert.deepEqual(kern.grad.subarray(4 * P, 5 * P), before.subarray(4 * P, 5 * P));
  }
});

test("a row's forward output does not depend on the batch it is computed in (rollout = training forward)", () => {
  const set = actorCriticKernelNets(actorCriticLayout({ obsDim: 11, actDim: 3, hiddenSizes: [64, 64], initLogStd: 0 }));
  const S = 3;
  const B = 7; // one block of 4 rows and 3 single rows
  const batch = SeedMlpKernels.create(set, S, B);
  const single = SeedMlpKernels.create(set, S, 1);
  const rng = Rng.fromSeed(8);
  rng.fillNormal(batch.params, 0, 0.4);
  rng.fillNormal(batch.input);
  single.params.set(batch.params);
  batch.forward(B);
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < S; k++) single.input.set(batch.input.subarray((k * B + b) * 11, (k * B + b + 1) * 11), k * 11);
    single.forward(1);
    for (let k = 0; k < S; k++) {
      assert.deepEqual(single.outputs[0]!.slice(k * 3, k * 3 + 3), batch.outputs[0]!.slice((k * B + b) * 3, (k * B + b + 1) * 3));
      assert.equal(single.outputs[1]![k], batch.outputs[1]![k * B + b]);
    }
  }
});

test("forwardSeed runs one seed and keeps the others' outputs (a bootstrap value inside a rollout step)", () => {
  const set = actorCriticKernelNets(actorCriticLayout({ obsDim: 11, actDim: 3, hiddenSizes: [64, 64], initLogStd: 0 }));
  const S = 4;
  const kern = SeedMlpKernels.create(set, S, 1);
  const rng = Rng.fromSeed(12);
  rng.fillNormal(kern.params, 0, 0.4);
  rng.fillNormal(kern.input);
  kern.setActive([true, true, false, true]);
  kern.forward(1);
  const before = kern.outputs.map((o) => o.slice());
  const obs = kern.input.slice(2 * 11, 3 * 11);
  rng.fillNormal(kern.input.subarray(11, 22)); // a new observation for seed 1
  kern.forwardSeed(1, 1);
  const alone = SeedMlpKernels.create(set, S, 1);
  alone.params.set(kern.params);
  alone.input.set(kern.input);
  alone.forward(1);
  for (let net = 0; net < 2; net++) {
    const d = kern.outDims[net]!;
    for (let k = 0; k < S; k++) {
      const want = k === 1 ? alone.outputs[net]! : before[net]!;
      assert.deepEqual(kern.outputs[net]!.slice(k * d, (k + 1) * d), want.slice(k * d, (k + 1) * d), `net ${net} seed ${k}`);
    }
  }
  assert.deepEqual(Array.from(kern.active), [1, 1, 0, 1]);
  assert.deepEqual(kern.input.slice(2 * 11, 3 * 11), obs);
  assert.throws(() => kern.forwardSeed(4, 1), RangeError);
});

test("kernel tanh: within 4e-7 of Math.tanh, ≤ 5 ulp relative for |x| ≤ 3, exact sign and saturation", () => {
  const n = 200001;
  const x = Float32Array.from({ length: n }, (_, i) => ((i - 100000) / 100000) * 12);
  const y = kernelTanh(x);
  let absErr = 0;
  let relErr = 0;
  for (let i = 0; i < n; i++) {
    const exact = Math.tanh(x[i]!);
    absErr = Math.max(absErr, Math.abs(y[i]! - exact));
    if (Math.abs(x[i]!) <= 3 && exact !== 0) relErr = Math.max(relErr, Math.abs(y[i]! - exact) / Math.abs(exact));
    assert.equal(Math.sign(y[i]!), Math.sign(x[i]!));
  }
  assert.ok(absErr <= 4e-7, `abs error ${absErr}`);
  assert.ok(relErr <= 5 * 2 ** -24, `rel error ${relErr / 2 ** -24} ulp`);
  assert.deepEqual(Array.from(kernelTanh(Float32Array.from([0, 1e-5, -1e-5, 20, -20]))), [0, Math.fround(1e-5), Math.fround(-1e-5), 1, -1]);
});

test("shape checks: batch range, forward before backward, blocks that do not chain", () => {
  const set = mlpKernelNets(3, [4], 2);
  const kern = SeedMlpKernels.create(set, 2, 5);
  assert.throws(() => kern.forward(6), RangeError);
  assert.throws(() => kern.forward(0), RangeError);
  assert.throws(() => kern.backward(5), /last forward pass/);
  kern.forward(5);
  assert.throws(() => kern.backward(4), /last forward pass/);
  assert.throws(() => kern.setActive([true]), RangeError);
  const broken: KernelNetSet = {
    ...set,
    nets: [[set.nets[0]![0]!, set.nets[0]![1]!, { shape: [5, 2], offset: 16 }, { shape: [2], offset: 26 }]],
  };
  assert.throws(() => SeedMlpKernels.create(broken, 1, 1), /do not chain/);
  assert.throws(() => SeedMlpKernels.create({ ...set, numParams: 10 }, 1, 1), /outside the row/);
});
