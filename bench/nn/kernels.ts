/**
 * Micro-benchmark of the networks' WebAssembly SIMD kernels (src/nn/kernels, issue 15) against the
 * per-seed tfjs path they replaced (`gatherSeedNets` + `seedNetsForward` + `seedNetsBackward`,
 * kept in `./tfjs-baseline.ts`, on the wasm backend) and, for rollouts, the plain-JavaScript
 * `actorCriticForwardArray` (same file), in ONE process on the same inputs:
 *
 *   ppo       PPO minibatch forward + backward: policy 11→64→64→3 and value 11→64→64→1, B = 64, S seeds
 *   disc      discriminator step forward + backward: 14→100→100→1, B = 128 (64 + 64 pairs), S seeds
 *   rollout   inference of one observation per seed (policy mean + value), S seeds
 *   adam-*    one Adam step with per-seed clipping on the PPO and the discriminator parameters, S seeds
 *             (PopulationAdam.step vs the kernels' bit-identical f64x2 Adam)
 *
 * Both sides include what a caller pays per call: the old path its host-side weight gathering and
 * tensor dispatch, the new one copying the parameters into the kernels' memory. Times are process
 * CPU time per call (user + system, `process.cpuUsage`), the median over rounds that alternate old
 * and new, so that the load of a shared machine hits both alike.
 *
 * Usage: node --import tsx bench/nn/kernels.ts [--population 10] [--rounds 15] [--backend wasm] [--json]
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/core/backend";
import { Rng } from "../../src/core/rng";
import { type ActorCriticLayout, actorCriticLayout, actorCriticNets, initActorCriticParams, type SeedMlpSet } from "../../src/nn";
import { actorCriticKernelNets, type KernelNetSet, mlpKernelNets, SeedMlpKernels } from "../../src/nn/kernels";
import { kernelWasmName } from "../../src/nn/kernels/build";
import { type AdamConfig, PopulationAdam } from "../../src/nn/optim";
import {
  actorCriticForwardArray,
  allocateSeedNets,
  createForwardScratch,
  gatherSeedNets,
  seedNetsBackward,
  seedNetsForward,
} from "./tfjs-baseline";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}

/** CPU microseconds per call of `fn` over `reps` calls. */
function cpuPerCall(fn: () => void, reps: number): number {
  const c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / reps;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Multiply-adds of one forward + backward pass (dW, and dX for all but the first layer) per seed. */
function macs(set: KernelNetSet, B: number, backward: boolean): number {
  let n = 0;
  for (const blocks of set.nets) {
    for (let l = 0; l < blocks.length / 2; l++) {
      const [i, o] = blocks[2 * l]!.shape as [number, number];
      n += B * i * o * (backward ? (l > 0 ? 3 : 2) : 1);
    }
  }
  return n;
}

interface Pair {
  readonly name: string;
  readonly old: () => void;
  readonly next: () => void;
  /** Calls per timing sample (enough for ≥ ~50 ms on each side). */
  readonly reps: number;
  readonly macsPerCall: number;
  readonly oldLabel: string;
}

/** Old vs new forward + backward of a SeedMlpSet (PPO nets or the discriminator). */
function trainingPair(name: string, set: KernelNetSet, S: number, B: number, params: Float32Array, reps: number): Pair {
  const rng = Rng.fromSeed(7);
  const x = rng.fillNormal(new Float32Array(S * B * set.inputDim));
  const kern = SeedMlpKernels.create(set, S, B);
  const dOut = kern.outDims.map((d) => rng.fillNormal(new Float32Array(S * B * d), 0, 1 / B));
  // The old path takes ∂L/∂output transposed, per net and seed ([out, B], index net·S + k).
  const dT: Float32Array[] = [];
  kern.outDims.forEach((d, net) => {
    for (let k = 0; k < S; k++) {
      const t = new Float32Array(d * B);
      for (let b = 0; b < B; b++) for (let j = 0; j < d; j++) t[j * B + b] = dOut[net]![(k * B + b) * d + j]!;
      dT.push(t);
    }
  });
  const seedSet = set as unknown as SeedMlpSet;
  const nets = allocateSeedNets(seedSet, S);
  const active = new Array<boolean>(S).fill(true);
  const gradOld = new Float32Array(S * set.numParams);
  const old = (): void => {
    gatherSeedNets(seedSet, params, nets, active);
    tf.tidy(() => {
      const fwd = seedNetsForward(seedSet, nets, x, B, active);
      seedNetsBackward(seedSet, nets, fwd, dT, B, gradOld);
    });
  };
  kern.input.set(x);
  const next = (): void => {
    kern.params.set(params);
    kern.forward(B);
    for (let net = 0; net < dOut.length; net++) kern.dOutputs[net]!.set(dOut[net]!);
    kern.backward(B);
  };
  return { name, old, next, reps, macsPerCall: S * macs(set, B, true), oldLabel: "tfjs per seed" };
}

/** Old (JavaScript, float64, one seed at a time) vs new rollout inference of one observation per seed. */
function rolloutPair(layout: ActorCriticLayout, S: number, params: Float32Array, reps: number): Pair {
  const obsDim = layout.spec.obsDim;
  const obs = Rng.fromSeed(9).fillNormal(new Float32Array(S * obsDim));
  const mean = new Float64Array(layout.spec.actDim);
  const scratch = createForwardScratch(layout);
  const values = new Float64Array(S);
  const old = (): void => {
    for (let k = 0; k < S; k++) values[k] = actorCriticForwardArray(layout, params, k, obs, k * obsDim, mean, scratch);
  };
  const set = actorCriticKernelNets(layout);
  const kern = SeedMlpKernels.create(set, S, 1);
  kern.params.set(params); // once per PPO update in a trainer, not per step
  const next = (): void => {
    kern.input.set(obs);
    kern.forward(1);
  };
  return { name: "rollout", old, next, reps, macsPerCall: S * macs(set, 1, false), oldLabel: "JS float64 per seed" };
}

/** Old (PopulationAdam.step, JavaScript) vs new (the kernels' f64x2 Adam, bit-identical) optimiser step. */
function adamPair(name: string, set: KernelNetSet, S: number, config: AdamConfig, reps: number): Pair {
  const P = set.numParams;
  const rng = Rng.fromSeed(11);
  const params = rng.fillNormal(new Float32Array(S * P), 0, 0.3);
  const grad = rng.fillNormal(new Float32Array(S * P), 0, 0.5 / Math.sqrt(P));
  const active = new Array<boolean>(S).fill(true);
  const adam = new PopulationAdam(config, S, P);
  const kern = SeedMlpKernels.create(set, S, 1, { adam: config });
  kern.params.set(params);
  kern.grad.set(grad);
  return {
    name,
    old: () => adam.step(params, grad, active),
    next: () => kern.adam!.step(active),
    reps,
    macsPerCall: 0,
    oldLabel: "PopulationAdam.step (JS)",
  };
}

async function main(): Promise<void> {
  const backend = arg("backend", "wasm");
  await initBackend(backend as "wasm");
  const S = Number(arg("population", "10"));
  const rounds = Number(arg("rounds", "15"));
  const rng = Rng.fromSeed(1);

  const layout = actorCriticLayout({ obsDim: 11, actDim: 3, hiddenSizes: [64, 64], initLogStd: 0 });
  const acParams = new Float32Array(S * layout.numParams);
  for (let k = 0; k < S; k++) {
    const p = initActorCriticParams(layout, rng.split(k));
    acParams.set(p, k * layout.numParams);
  }
  const disc = mlpKernelNets(14, [100, 100], 1);
  const discParams = rng.fillNormal(new Float32Array(S * disc.numParams), 0, 0.1);

  const pairs: Pair[] = [
    trainingPair("ppo", actorCriticNets(layout) as KernelNetSet, S, 64, acParams, 10),
    trainingPair("disc", disc, S, 128, discParams, 6),
    rolloutPair(layout, S, acParams, 2000),
    adamPair(
      "adam-ppo",
      actorCriticNets(layout) as KernelNetSet,
      S,
      { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 },
      20,
    ),
    adamPair("adam-disc", disc, S, { learningRate: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, maxGradNorm: null }, 20),
  ];
  const rows: Record<string, number | string>[] = [];
  for (const p of pairs) {
    for (let i = 0; i < 3; i++) {
      p.old();
      p.next();
    } // warm-up: JIT, tfjs kernel setup
    const oldT: number[] = [];
    const newT: number[] = [];
    const newReps = p.reps * 10;
    for (let r = 0; r < rounds; r++) {
      oldT.push(cpuPerCall(p.old, p.reps));
      newT.push(cpuPerCall(p.next, newReps));
    }
    const o = median(oldT);
    const n = median(newT);
    rows.push({
      case: p.name,
      old: p.oldLabel,
      oldUsPerCall: +o.toFixed(1),
      newUsPerCall: +n.toFixed(1),
      speedup: +(o / n).toFixed(1),
      newGmacPerS: p.macsPerCall > 0 ? +(p.macsPerCall / n / 1000).toFixed(2) : "",
      oldGmacPerS: p.macsPerCall > 0 ? +(p.macsPerCall / o / 1000).toFixed(2) : "",
    });
  }
  const meta = {
    population: S,
    rounds,
    backend,
    node: process.version,
    module: kernelWasmName(),
    loadavg: (await import("node:os")).loadavg().map((x) => +x.toFixed(2)),
  };
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ ...meta, rows }));
    return;
  }
  console.log(`population ${S}, ${rounds} rounds, median CPU time per call; old = ${backend} backend / JS; ${JSON.stringify(meta)}`);
  console.log("| case | old path | old µs/call | new µs/call | speed-up | old GMAC/s | new GMAC/s |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(
      `| ${r["case"]} | ${r["old"]} | ${r["oldUsPerCall"]} | ${r["newUsPerCall"]} | ${r["speedup"]}× | ${r["oldGmacPerS"]} | ${r["newGmacPerS"]} |`,
    );
  }
}

void main();
