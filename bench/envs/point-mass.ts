/**
 * PointMass-v0 throughput (not a test): steps per second of the raw task and of the `makeEnv`
 * chain (TimeLimit, EpisodeStatistics, DelayedReward, OrderEnforcing), constant action, reset on
 * episode end. Prints one JSON line per measurement; the machine may be shared, so compare the
 * two numbers with each other rather than across machines.
 *
 *   node --import tsx bench/envs/point-mass.ts [--steps 200000] [--repeats 3]
 */
import type { Env } from "../../src/envs/env";
import { PointMassEnv } from "../../src/envs/point-mass";
import { makeEnv } from "../../src/envs/registry";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Steps per second over `steps` steps (one episode after another). */
function stepsPerSecond(env: Env, steps: number): number {
  const action = Float64Array.from([0.7, -0.3]);
  env.reset({ seed: 0 });
  const t0 = process.hrtime.bigint();
  for (let t = 0; t < steps; t++) {
    const s = env.step(action);
    if (s.terminated || s.truncated) env.reset();
  }
  return steps / (Number(process.hrtime.bigint() - t0) / 1e9);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const steps = flag("steps", 200_000);
  const repeats = flag("repeats", 3);
  const envs: [string, Env][] = [
    ["raw", new PointMassEnv()],
    ["makeEnv", await makeEnv("PointMass-v0")],
  ];
  for (const [label, env] of envs) {
    stepsPerSecond(env, Math.min(steps, 20_000)); // warm-up: let the JIT settle
    const rates = Array.from({ length: repeats }, () => stepsPerSecond(env, steps));
    console.log(JSON.stringify({ bench: "PointMass-v0", env: label, steps, repeats, medianStepsPerSecond: Math.round(median(rates)) }));
    env.close();
  }
}

void main();
