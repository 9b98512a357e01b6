/**
 * Real short training runs on the network kernels (issue 15): PPO, GASIL+PPO, PPO+BC and PPO+SIL
 * on delayed Hopper, 2 iterations, 2 seeds. The same run twice gives identical reports, weights and
 * checkpoints; a seed alone gives the same numbers as in the population; the kernels hold the
 * population's weights (nothing runs the old tfjs path); and since the kernels do not use
 * TensorFlow.js, every method gives the same numbers on the cpu and wasm backends.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadPolicy } from "../../../src/algos/saved-policy";
import { createTrainer, type IterationReport, resolveTrainConfig, type Trainer } from "../../../src/algos/trainer";
import { type BackendName, initBackend } from "../../../src/core/backend";
import { Discriminator, type DiscriminatorState } from "../../../src/nn/discriminator";

const forced = process.env["GASIL_BACKEND"];
const skipCrossBackend = forced !== undefined && forced.trim() !== "" ? `GASIL_BACKEND=${forced} forces one backend` : false;

type KernelMethod = "ppo" | "gasil" | "bc" | "sil";

/** The method's diagnostic that counts its auxiliary updates (they must have run for the checks to mean anything). */
const AUXILIARY_UPDATES: Partial<Record<KernelMethod, string>> = { gasil: "discUpdates", bc: "bcUpdates", sil: "silUpdates" };

function config(method: KernelMethod) {
  return resolveTrainConfig({
    method,
    envId: "Hopper-v4",
    envOptions: { delay: 5 },
    totalEnvSteps: 2 * 128,
    ppo: { stepsPerRollout: 128, numMinibatches: 4, updateEpochs: 2 },
    ...(method === "gasil" ? { gasil: { discriminatorUpdates: 2, discriminatorBatchSize: 32, bufferCapacity: 200 } } : {}),
    // Batches larger than PPO's minibatch of 32: the nets' kernel memory is sized for them.
    ...(method === "bc" ? { bc: { updatesPerIteration: 3, batchSize: 64, bufferCapacity: 200 } } : {}),
    ...(method === "sil" ? { sil: { updatesPerIteration: 3, batchSize: 64, minBufferSize: 20 } } : {}),
  });
}

interface Outcome {
  readonly reports: IterationReport[];
  readonly params: Float32Array;
  readonly checkpoint: string;
  /** GASIL's discriminator of each seed (empty for the other methods). */
  readonly discriminators: DiscriminatorState[];
  readonly trainer: Trainer;
}

/** Seed-only fields of a report (wall times and phase timings differ between runs by nature). */
function numbers(report: IterationReport): unknown {
  return { iteration: report.iteration, envSteps: report.envSteps, seeds: report.seeds };
}

async function train(method: KernelMethod, seeds: number[], backend: BackendName): Promise<Outcome> {
  await initBackend(backend);
  const trainer = await createTrainer(config(method), seeds);
  const pop = trainer.population;
  // The population's one copy of the weights is the kernels' memory (the kernel path is in use).
  assert.equal(pop.params, pop.nets.gradientPass.kernels.params);
  const reports: IterationReport[] = [];
  while (!trainer.done) reports.push(await trainer.runIteration());
  const ckpt = trainer.checkpoint();
  const methodStates = ckpt.method as ({ discriminator?: DiscriminatorState } | null)[];
  return {
    reports,
    params: Float32Array.from(pop.params),
    checkpoint: JSON.stringify({ ...ckpt, backend: null }),
    discriminators: methodStates.flatMap((m) => (m?.discriminator !== undefined ? [m.discriminator] : [])),
    trainer,
  };
}

for (const method of ["ppo", "gasil", "bc", "sil"] as const) {
  test(`${method}: a short Hopper run on the kernels is reproducible, and seed alone = seed in the population`, async () => {
    const a = await train(method, [5, 2], "wasm");
    const b = await train(method, [5, 2], "wasm");
    const alone = await train(method, [2], "wasm");
    try {
      assert.equal(a.reports.length, 2);
      assert.deepEqual(b.reports.map(numbers), a.reports.map(numbers));
      assert.deepEqual(b.params, a.params);
      assert.equal(b.checkpoint, a.checkpoint);
      const P = a.trainer.population.layout.numParams;
      assert.ok(a.reports.every((r) => r.seeds.every((s) => s.finite)));
      for (let it = 0; it < 2; it++) assert.deepEqual(a.reports[it]!.seeds[1], alone.reports[it]!.seeds[0]);
      assert.deepEqual(a.params.subarray(P, 2 * P), alone.params);
      assert.notDeepEqual(a.params.subarray(0, P), a.params.subarray(P, 2 * P));
      const auxiliary = AUXILIARY_UPDATES[method];
      if (auxiliary !== undefined) {
        assert.ok(
          a.reports[1]!.seeds.every((s) => (s.diagnostics[auxiliary] ?? 0) > 0),
          `${auxiliary}: the method's auxiliary update ran`,
        );
      }
      if (method === "gasil") {
        assert.equal(a.discriminators.length, 2);
        assert.deepEqual(a.discriminators[1], alone.discriminators[0]);
        // A saved GASIL policy's discriminator gives the trainer's logits bit for bit.
        const pop = a.trainer.population;
        const saved = a.trainer.exportPolicies();
        for (let k = 0; k < 2; k++) {
          const disc = Discriminator.fromState(a.discriminators[k]!);
          const agent = pop.agents[k]!;
          const policy = loadPolicy(JSON.parse(JSON.stringify(saved[k])));
          const action = policy.act(agent.currentObs);
          const want = disc.logits(Float32Array.from(agent.currentNormObs), Float32Array.from(action), 1)[0]!;
          assert.equal(policy.discriminatorLogit(agent.currentObs, action), want);
        }
      }
    } finally {
      for (const o of [a, b, alone]) o.trainer.dispose();
    }
  });

  test(`${method}: the kernels give the same numbers on the cpu and wasm backends`, { skip: skipCrossBackend }, async () => {
    const wasm = await train(method, [5, 2], "wasm");
    const cpu = await train(method, [5, 2], "cpu");
    try {
      assert.deepEqual(cpu.reports.map(numbers), wasm.reports.map(numbers));
      assert.deepEqual(cpu.params, wasm.params);
    } finally {
      wasm.trainer.dispose();
      cpu.trainer.dispose();
    }
  });
}
