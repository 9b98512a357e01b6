/**
 * End-to-end training throughput (env steps per second, one process) of the Trainer, with the
 * time breakdown of each phase. Not a test.
 *
 * Usage: node --import tsx bench/algos/throughput.ts [--backend cpu|wasm] [--method ppo|gasil]
 *          [--population 1] [--iterations 2] [--env Hopper-v4] [--delay 20] [--json out.json]
 *          [--gasil '{"discriminatorSchedule":"steps",…}'] [--label NAME]
 * The first iteration is a warm-up (kernel compilation, allocations) and is not counted.
 */

import * as fs from "node:fs";
import * as os from "node:os";
import type { MethodName } from "../../src/algos/config";
import { createTrainer, type IterationTimings, resolveTrainConfig } from "../../src/algos/trainer";
import { initBackend } from "../../src/core/backend";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const backend = arg("backend", "cpu") as "cpu" | "wasm";
  const method = arg("method", "ppo") as MethodName;
  const population = Number(arg("population", "1"));
  const iterations = Number(arg("iterations", "2"));
  const envId = arg("env", "Hopper-v4");
  const delay = Number(arg("delay", "20"));
  const info = await initBackend(backend);
  const gasilArg = arg("gasil", "");
  const gasil: unknown = gasilArg !== "" ? JSON.parse(gasilArg) : undefined;
  const label = arg("label", "");
  const config = resolveTrainConfig({
    method,
    envId,
    envOptions: { delay },
    totalEnvSteps: 2048 * (iterations + 1),
    ...(gasil !== undefined ? { gasil } : {}),
  });
  const seeds = Array.from({ length: population }, (_, k) => k);
  const trainer = await createTrainer(config, seeds);
  await trainer.runIteration(); // warm-up
  const total: IterationTimings = { env: 0, policy: 0, bookkeeping: 0, forward: 0, backward: 0, optimizer: 0, method: 0 };
  let wall = 0;
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const r = await trainer.runIteration();
    wall += r.wallSeconds;
    for (const key of Object.keys(total) as (keyof IterationTimings)[]) total[key] += r.timings[key];
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  trainer.dispose();
  const steps = iterations * 2048 * population;
  const result = {
    backend: info.name,
    method,
    ...(label !== "" ? { label } : {}),
    ...(gasil !== undefined ? { gasil } : {}),
    population,
    envId,
    delay,
    iterations,
    envSteps: steps,
    wallSeconds: wall,
    stepsPerSecond: steps / wall,
    cpuSeconds,
    stepsPerCpuSecond: steps / cpuSeconds,
    breakdownSeconds: Object.fromEntries(Object.entries(total).map(([k, v]) => [k, +v.toFixed(3)])),
    other: +(wall - Object.values(total).reduce((a, b) => a + b, 0)).toFixed(3),
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
  console.log(JSON.stringify(result));
  const out = arg("json", "");
  if (out !== "") fs.appendFileSync(out, `${JSON.stringify(result)}\n`);
}

void main();
