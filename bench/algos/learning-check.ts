/**
 * Sanity check of the whole training pipeline (not a test): PPO on Hopper-v4 (delay 0 or given)
 * for a few iterations, printing the paper metric per iteration.
 * Usage: node --import tsx bench/algos/learning-check.ts [--iterations 25] [--delay 0] [--seeds 0,1] [--method ppo]
 */

import type { MethodName } from "../../src/algos/config";
import { createTrainer, resolveTrainConfig } from "../../src/algos/trainer";
import { initBackend } from "../../src/core/backend";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  await initBackend(arg("backend", "wasm") as "wasm" | "cpu");
  const iterations = Number(arg("iterations", "25"));
  const config = resolveTrainConfig({
    method: arg("method", "ppo") as MethodName,
    envId: arg("env", "Hopper-v4"),
    envOptions: { delay: Number(arg("delay", "0")) },
    totalEnvSteps: 2048 * iterations,
  });
  const trainer = await createTrainer(config, arg("seeds", "0,1").split(",").map(Number));
  while (!trainer.done) {
    const r = await trainer.runIteration();
    console.log(
      r.envSteps,
      `${r.wallSeconds.toFixed(1)}s`,
      r.seeds
        .map(
          (s) =>
            `${s.averageReturn?.toFixed(1)} (kl ${s.diagnostics["approxKl"]?.toFixed(4)}, ev ${s.diagnostics["explainedVariance"]?.toFixed(2)})`,
        )
        .join(" | "),
    );
  }
  trainer.dispose();
}

void main();
