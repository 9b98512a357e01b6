/**
 * What GASIL's discriminator update costs on the per-seed MLP path of `src/nn/seed-mlp.ts`
 * (`SeedMlpGradient` on the network kernels: forward, host loss, hand-written backward, Adam in
 * the kernels' memory): CPU ms per update of S discriminators on 2·batch pairs (policy + buffer),
 * 100–100 tanh, Hopper sizes. The `Discriminator` class adds input assembly and diagnostics.
 * Not a test. Usage: node --import tsx bench/algos/disc-micro.ts [--population 10] [--batch 2048] [--backend wasm]
 */
import { initBackend } from "../../src/core/backend";
import { Rng } from "../../src/core/rng";
import { type ParamBlock, SeedMlpGradient } from "../../src/nn/seed-mlp";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  await initBackend(arg("backend", "wasm") as "wasm" | "cpu");
  const S = Number(arg("population", "10"));
  const B = 2 * Number(arg("batch", "2048"));
  const sizes = [11 + 3, 100, 100, 1];
  const blocks: ParamBlock[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    blocks.push({ name: `w${l}`, shape: [sizes[l], sizes[l + 1]], offset, size: sizes[l] * sizes[l + 1] });
    offset += sizes[l] * sizes[l + 1];
    blocks.push({ name: `b${l}`, shape: [sizes[l + 1]], offset, size: sizes[l + 1] });
    offset += sizes[l + 1];
  }
  const set = { nets: [blocks], numParams: offset, inputDim: sizes[0] };
  const rng = Rng.fromSeed(0);
  const params = new Float32Array(S * offset);
  rng.fillNormal(params, 0, 0.1);
  const x = new Float32Array(S * B * sizes[0]);
  rng.fillNormal(x);
  const adam = { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, maxGradNorm: null };
  const gradientPass = new SeedMlpGradient(set, S, { maxBatch: B, params, adam });
  const active = new Array<boolean>(S).fill(true);
  const update = (): void => {
    gradientPass.gradient(gradientPass.params, x, B, active, gradientPass.grad, (_k, [out], [d]) => {
      // BCE: policy pairs (first half) label 1, buffer pairs label 0
      for (let b = 0; b < B; b++) d![b] = (1 / (1 + Math.exp(-out![b]!)) - (b < B / 2 ? 1 : 0)) / B;
    });
    gradientPass.optimizer!.step(gradientPass.params, gradientPass.grad, active);
  };
  for (let i = 0; i < 3; i++) update();
  const n = Number(arg("n", "10"));
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) update();
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ S, pairs: B, cpuMsPerUpdate: +((c.user + c.system) / 1000 / n).toFixed(2) }));
}

void main();
