import assert from "node:assert/strict";
import { before, test } from "node:test";
import { createTrainer, type IterationReport, resolveTrainConfig } from "../../../src/algos/trainer";
import { backendInfo, initBackend } from "../../../src/core/backend";
import { registerTargetEnv } from "../../helpers/target-env";

before(async () => {
  await initBackend("cpu");
  registerTargetEnv();
});

async function run(seeds: number[], iterations: number): Promise<{ reports: IterationReport[]; params: Float32Array[] }> {
  const config = resolveTrainConfig({
    method: "ppo",
    envId: "Target-v0",
    totalEnvSteps: 100 * iterations,
    ppo: { stepsPerRollout: 100, numMinibatches: 4, updateEpochs: 3 },
  });
  const trainer = await createTrainer(config, seeds);
  const reports: IterationReport[] = [];
  while (!trainer.done) reports.push(await trainer.runIteration());
  const P = trainer.population.layout.numParams;
  const params = seeds.map((_, k) => trainer.population.params.slice(k * P, (k + 1) * P));
  trainer.dispose();
  return { reports, params };
}

test("seed k alone and seed k in a population of 4 give identical results (cpu: bit-equal)", async () => {
  const alone = await run([3], 3);
  const pop = await run([11, 3, 7, 0], 3);
  const exact = backendInfo()?.name === "cpu";
  for (let it = 0; it < 3; it++) {
    const a = alone.reports[it].seeds[0];
    const b = pop.reports[it].seeds[1];
    assert.equal(b.seed, 3);
    if (exact) assert.deepEqual(b, a);
    else
      for (const [key, v] of Object.entries(a.diagnostics))
        assert.ok(Math.abs(v - b.diagnostics[key]) < 1e-3 * Math.max(1, Math.abs(v)), key);
  }
  if (exact) assert.deepEqual(pop.params[1], alone.params[0]);
  // And the population's other seeds really differ from seed 3.
  assert.notDeepEqual(pop.params[0], pop.params[1]);
});
