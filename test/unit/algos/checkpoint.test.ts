import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import {
  createTrainer,
  type IterationReport,
  resolveTrainConfig,
  restoreTrainer,
  type TrainerCheckpoint,
} from "../../../src/algos/trainer";
import { initBackend } from "../../../src/core/backend";
import { ConfigError } from "../../../src/core/errors";
import { liveTargetEnvs, registerTargetEnv } from "../../helpers/target-env";

before(async () => {
  await initBackend("cpu");
  registerTargetEnv();
});

// 100 steps per rollout with 32-step episodes: every checkpoint falls inside an episode.
const config = (order: "delay-then-scale" | "scale-then-delay" = "delay-then-scale") =>
  resolveTrainConfig({
    method: "ppo",
    envId: "Target-v0",
    envOptions: { delay: 7 },
    totalEnvSteps: 100 * 4,
    ppo: { stepsPerRollout: 100, numMinibatches: 4, updateEpochs: 2, rewardScalingOrder: order },
  });

const strip = (r: IterationReport): unknown => ({ ...r, wallSeconds: 0, timings: null });

for (const order of ["delay-then-scale", "scale-then-delay"] as const)
  test(`resume from a JSON round-tripped checkpoint continues exactly as if never stopped (${order})`, async () => {
    const envsBefore = liveTargetEnvs;
    const seeds = [2, 5];
    const straight = await createTrainer(config(order), seeds);
    const straightReports: IterationReport[] = [];
    while (!straight.done) straightReports.push(await straight.runIteration());
    const straightFinal = straight.checkpoint();
    straight.dispose();

    const first = await createTrainer(config(order), seeds);
    await first.runIteration();
    await first.runIteration();
    const ckpt = JSON.parse(JSON.stringify(first.checkpoint())) as TrainerCheckpoint;
    first.dispose();
    assert.equal(ckpt.iteration, 2);

    const resumed = await restoreTrainer(ckpt);
    assert.equal(resumed.iteration, 2);
    assert.equal(resumed.envSteps, 200);
    const resumedReports: IterationReport[] = [];
    while (!resumed.done) resumedReports.push(await resumed.runIteration());
    assert.deepEqual(resumedReports.map(strip), straightReports.slice(2).map(strip));
    assert.deepEqual(JSON.parse(JSON.stringify(resumed.checkpoint())), JSON.parse(JSON.stringify(straightFinal)));
    resumed.dispose();
    assert.equal(liveTargetEnvs, envsBefore, "every env was closed");
  });

test("restoreTrainer rejects objects that are not trainer checkpoints, before building anything", async () => {
  const tensorsBefore = tf.memory().numTensors;
  const envsBefore = liveTargetEnvs;
  const notCheckpoints: unknown[] = [{ format: "x" }, null, []];
  for (const bad of notCheckpoints) {
    await assert.rejects(
      () => restoreTrainer(bad as TrainerCheckpoint),
      (e: unknown) =>
        e instanceof ConfigError && e.path === "checkpoint.format" && /allowed: "gasil-kit\/trainer-checkpoint"/.test(e.message),
      JSON.stringify(bad),
    );
  }
  // Version 1 (the method's state of the whole population in one object) and unknown versions.
  for (const version of [1, 3]) {
    await assert.rejects(
      () => restoreTrainer({ format: "gasil-kit/trainer-checkpoint", version } as unknown as TrainerCheckpoint),
      (e: unknown) =>
        e instanceof ConfigError && e.path === "checkpoint.version" && new RegExp(`got ${version}; allowed: 2`).test(e.message),
      `version ${version}`,
    );
  }
  assert.equal(tf.memory().numTensors, tensorsBefore, "no tensors allocated for a rejected checkpoint");
  assert.equal(liveTargetEnvs, envsBefore, "no env created for a rejected checkpoint");
});
