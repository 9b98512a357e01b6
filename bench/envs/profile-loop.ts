/**
 * The loop profiled by bench/envs/profile.mjs: one env of `task` stepped `steps` times with
 * seeded uniform random actions (reset on episode end). With a fourth argument, the V8 CPU
 * profile of the stepping loop alone (not start-up) is written to that path.
 *   node --import tsx bench/envs/profile-loop.ts Humanoid-v4 20000 [raw|wrapped] [out.cpuprofile]
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { Rng } from "../../src/core/rng";
import type { Env } from "../../src/envs/env";
import { getTaskSpec, makeEnv } from "../../src/envs/registry";

async function main(): Promise<void> {
  const [id = "Humanoid-v4", stepsText = "20000", mode = "wrapped", out] = process.argv.slice(2);
  const session = new Session();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((res, rej) => session.post(method, params ?? {}, (err, result) => (err ? rej(err) : res(result))));
  const steps = Number(stepsText);
  const env: Env = mode === "raw" ? await getTaskSpec(id).create({}, 0) : await makeEnv(id, {}, 0);
  const { low, high } = env.actionSpace;
  const n = low.length;
  const rng = Rng.fromSeed(3);
  const actions = new Float64Array(1024 * n);
  for (let i = 0; i < actions.length; i++) actions[i] = low[i % n]! + (high[i % n]! - low[i % n]!) * rng.random();
  env.reset({ seed: 0 });
  for (let t = 0; t < 500; t++) if (env.step(actions.subarray((t % 1024) * n, ((t % 1024) + 1) * n)).terminated) env.reset(); // warm-up
  if (out !== undefined) {
    session.connect();
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 100 });
    await post("Profiler.start");
  }
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    const k = t % 1024;
    const r = env.step(actions.subarray(k * n, (k + 1) * n));
    if (r.terminated || r.truncated) env.reset();
  }
  const us = ((performance.now() - t0) * 1000) / steps;
  if (out !== undefined) {
    const { profile } = (await post("Profiler.stop")) as { profile: unknown };
    writeFileSync(out, JSON.stringify(profile));
    session.disconnect();
  }
  console.log(JSON.stringify({ id, mode, steps, usPerStep: us }));
  env.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
