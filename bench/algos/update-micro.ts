/**
 * Micro-benchmark of one PPO minibatch update (gradient + Adam) at population S, CPU time per
 * update. `--src` points at another copy of the sources (e.g. an older commit's worktree) to
 * compare: with the network kernels (issue 15) the weights, gradient and Adam live in the
 * `SeedMlpGradient`'s memory; older sources keep them in host arrays (detected by `.params`).
 * Sources whose PPO is written for one seed (`allocateMinibatch(B, obsDim, actDim)`) run the S
 * seeds' gradient and Adam one seed after another, as the Trainer does; older ones in one
 * population call.
 * Usage: node --import tsx bench/algos/update-micro.ts [--backend wasm] [--population 10] [--src ../../src]
 */
import * as path from "node:path";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const src = path.resolve(__dirname, arg("src", "../../src"));
  const { initBackend } = await import(path.join(src, "core/backend"));
  const { Rng } = await import(path.join(src, "core/rng"));
  const { actorCriticLayout, actorCriticNets, initActorCriticParams } = await import(path.join(src, "nn/actor-critic"));
  const { SeedMlpGradient } = await import(path.join(src, "nn/seed-mlp"));
  const { resolvePpoConfig } = await import(path.join(src, "algos/config"));
  const ppo = await import(path.join(src, "algos/ppo"));
  const { PopulationAdam } = await import(path.join(src, "nn/optim"));
  await initBackend(arg("backend", "wasm"));
  const S = Number(arg("population", "10"));
  const obsDim = 11,
    actDim = 3,
    B = 64;
  const config = resolvePpoConfig({});
  const layout = actorCriticLayout({ obsDim, actDim, hiddenSizes: [64, 64], initLogStd: 0 });
  const P = layout.numParams;
  const rng = Rng.fromSeed(1);
  const params = new Float32Array(S * P);
  for (let k = 0; k < S; k++) params.set(initActorCriticParams(layout, rng.split(k)), k * P);
  const adamConfig = { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 };
  const fill = (samples: Record<string, Float64Array>): void => {
    rng.fillNormal(samples["actions"]!);
    rng.fillNormal(samples["advantage"]!);
    rng.fillNormal(samples["returnTarget"]!);
    rng.fillNormal(samples["oldValue"]!);
    rng.fillNormal(samples["oldLogProb"]!, -4, 1);
  };
  let step: () => void;
  if (ppo.allocateMinibatch.length === 3) {
    // One seed at a time (the stages are written for one seed).
    const { ActorCriticNets } = await import(path.join(src, "nn/actor-critic"));
    const nets = new ActorCriticNets(layout, S, { maxBatch: B, adam: adamConfig, params });
    const seeds = Array.from({ length: S }, (_, k) => nets.seed(k));
    const minibatches = seeds.map(() => {
      const mb = ppo.allocateMinibatch(B, obsDim, actDim);
      rng.fillNormal(mb.obs);
      fill(mb.samples);
      return mb;
    });
    step = (): void => {
      for (let k = 0; k < S; k++) {
        ppo.ppoMinibatchGradient(seeds[k], config, minibatches[k]);
        seeds[k].adamStep();
      }
    };
  } else {
    const mb = ppo.allocateMinibatch(S, B, obsDim, actDim);
    rng.fillNormal(mb.obs);
    for (const seed of mb.seed) fill(seed);
    const active = new Array(S).fill(true);
    // Older sources ignore the third argument.
    const gradientPass = new SeedMlpGradient(actorCriticNets(layout), S, { maxBatch: B, params, adam: adamConfig });
    const weights: Float32Array = gradientPass.params ?? params;
    const grad: Float32Array = gradientPass.grad ?? new Float32Array(S * P);
    const adam = gradientPass.optimizer ?? new PopulationAdam(adamConfig, S, P);
    step = (): void => {
      ppo.ppoMinibatchGradient(gradientPass, layout, config, weights, mb, active, grad);
      adam.step(weights, grad, active);
    };
  }
  for (let i = 0; i < 30; i++) step();
  const n = Number(arg("n", "100"));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  const c = process.cpuUsage(c0);
  console.log(
    JSON.stringify({
      src: arg("src", "../../src"),
      S,
      cpuMsPerUpdate: +((c.user + c.system) / 1000 / n).toFixed(3),
      wallMsPerUpdate: +((performance.now() - t0) / n).toFixed(3),
    }),
  );
}

void main();
