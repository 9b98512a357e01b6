import assert from "node:assert/strict";
import { before, test } from "node:test";
import { createTrainer, type IterationReport, resolveTrainConfig } from "../../../src/algos/trainer";
import { backendInfo, initBackend } from "../../../src/core/backend";
import { registerTargetEnv } from "../../helpers/target-env";

// The same check as population.test.ts on the wasm backend: every batched op of the update works
// row by row (one seed per row), so seed k's numbers are bit-equal alone and in a population here too.
const forced = process.env["GASIL_BACKEND"];
const skip =
  forced !== undefined && forced.trim() !== "" && forced.trim().toLowerCase() !== "wasm"
    ? `GASIL_BACKEND=${forced} forces another backend`
    : false;

before(async () => {
  if (skip !== false) return;
  await initBackend("wasm");
  registerTargetEnv();
});

async function run(seeds: number[]): Promise<{ reports: IterationReport[]; params: Float32Array }> {
  const config = resolveTrainConfig({
    method: "ppo",
    envId: "Target-v0",
    totalEnvSteps: 200,
    ppo: { stepsPerRollout: 100, numMinibatches: 4, updateEpochs: 3 },
  });
  const trainer = await createTrainer(config, seeds);
  const reports: IterationReport[] = [];
  while (!trainer.done) reports.push(await trainer.runIteration());
  const P = trainer.population.layout.numParams;
  const k = seeds.indexOf(3);
  const params = trainer.population.params.slice(k * P, (k + 1) * P);
  trainer.dispose();
  return { reports, params };
}

test("wasm: seed k alone and seed k in a population of 4 give bit-equal results", { skip }, async () => {
  assert.equal(backendInfo()?.name, "wasm");
  const alone = await run([3]);
  const pop = await run([11, 3, 7, 0]);
  for (let it = 0; it < alone.reports.length; it++) assert.deepEqual(pop.reports[it].seeds[1], alone.reports[it].seeds[0]);
  assert.deepEqual(pop.params, alone.params);
});
