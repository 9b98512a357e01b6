/**
 * Shared set-up of the learning tests: short, seeded population runs on the delayed-reward
 * `PointMass-v0` (default delay 100 = the horizon: the whole return arrives on the last step).
 *
 * Budgets are cut for test time (not the paper's settings): 1024 steps per iteration, 4 epochs,
 * GASIL's discriminator 64–64 with 10 updates of 256 pairs per side. Everything else is the
 * documented default (docs/paper-protocol.md#hyperparameters). All seeds of one method train as one population (batched ops).
 */

import type { MethodName } from "../../src/algos/config";
import { createTrainer, resolveTrainConfig } from "../../src/algos/trainer";
import { initBackend } from "../../src/core/backend";

export interface CurveResult {
  /** Per iteration, per seed: mean undelayed return of the episodes that finished in it. */
  readonly curve: number[][];
  readonly wallSeconds: number;
}

/** Method sections used by the learning tests. */
export const LEARNING_SECTIONS: Record<MethodName, Record<string, unknown> | undefined> = {
  ppo: undefined,
  // Measured with the "steps" schedule (10 single Adam steps of 256 + 256 pairs at lr 3e-4 per
  // iteration), before "passes" became the default; kept so the recorded margins stay valid.
  gasil: {
    discriminatorUpdates: 10,
    discriminatorSchedule: "steps",
    discriminatorBatchSize: 256,
    discriminatorLearningRate: 3e-4,
    discriminatorHiddenSizes: [64, 64],
  },
  bc: { batchSize: 256 },
  sil: { batchSize: 256 },
  survival: {},
};

/**
 * Train `method` on PointMass-v0 for `iterations` × 1024 steps per seed with a population of `seeds`.
 * Uses the wasm backend unless GASIL_BACKEND says otherwise.
 */
export async function trainPointMass(method: MethodName, seeds: number[], iterations: number, hiddenSizes: number[]): Promise<CurveResult> {
  await initBackend("wasm");
  const partial: Record<string, unknown> = {
    method,
    envId: "PointMass-v0",
    envOptions: {},
    totalEnvSteps: 1024 * iterations,
    ppo: { stepsPerRollout: 1024, numMinibatches: 16, updateEpochs: 4, hiddenSizes },
  };
  if (LEARNING_SECTIONS[method] !== undefined) partial[method] = LEARNING_SECTIONS[method];
  const start = performance.now();
  const trainer = await createTrainer(resolveTrainConfig(partial), seeds);
  const curve: number[][] = [];
  try {
    while (!trainer.done) {
      const report = await trainer.runIteration();
      curve.push(
        report.seeds.map((s) =>
          s.episodeReturns.length === 0 ? Number.NaN : s.episodeReturns.reduce((a, b) => a + b, 0) / s.episodeReturns.length,
        ),
      );
      for (const s of report.seeds)
        if (!s.finite) throw new Error(`${method}: seed ${s.seed} went non-finite at iteration ${report.iteration}`);
    }
  } finally {
    trainer.dispose();
  }
  return { curve, wallSeconds: (performance.now() - start) / 1000 };
}

/** Per seed: the untrained policy's mean return (iteration 1) and the mean of the last `k` iterations. */
export function summarize(result: CurveResult, k = 3): { untrained: number[]; final: number[] } {
  const S = result.curve[0]!.length;
  const untrained = result.curve[0]!.slice();
  const final = Array.from({ length: S }, (_, s) => {
    const tail = result.curve.slice(-k).map((row) => row[s]!);
    return tail.reduce((a, b) => a + b, 0) / tail.length;
  });
  return { untrained, final };
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
