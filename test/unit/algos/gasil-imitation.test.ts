// Tests that would catch a wrong GASIL (issue "GASIL that imitates"): the discriminator's gradient
// on the minibatch path, the sign of the bonus end to end, α = 0 ≡ PPO, the Adam step count of the
// pass schedule, the survival-bonus control, and where the bonus enters the reward.

import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import {
  createGasilState,
  discriminatorStepsPerIteration,
  gasilAfterRollout,
  relabelRewards,
  resolveGasilConfig,
} from "../../../src/algos/gasil";
import { collectRollout } from "../../../src/algos/ppo";
import type { FinishedEpisode } from "../../../src/algos/shared/rollout-buffer";
import { allocateRollout } from "../../../src/algos/shared/rollout-buffer";
import { addSurvivalBonus, resolveSurvivalConfig } from "../../../src/algos/survival";
import { createTrainer, resolveTrainConfig } from "../../../src/algos/trainer";
import { initBackend } from "../../../src/core/backend";
import { Rng } from "../../../src/core/rng";
import { Discriminator } from "../../../src/nn/discriminator";

function decode(text: string): Float32Array {
  const bytes = Buffer.from(text, "base64");
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

test("(GASIL.1) discriminator gradient on a 64 + 64 minibatch equals tfjs autodiff of the BCE loss", async () => {
  await initBackend("cpu");
  const S = 2;
  const obsDim = 5;
  const actDim = 3;
  const hidden = [16, 12];
  const n = 64;
  const d = Discriminator.create({ populationSize: S, obsDim, actDim, hiddenSizes: hidden }, [Rng.fromSeed(11), Rng.fromSeed(12)]);
  const r = Rng.fromSeed(13);
  const polObs = r.fillNormal(new Float32Array(S * n * obsDim), 0.5);
  const polAct = r.fillNormal(new Float32Array(S * n * actDim), 0.5);
  const bufObs = r.fillNormal(new Float32Array(S * n * obsDim), -0.5);
  const bufAct = r.fillNormal(new Float32Array(S * n * actDim), -0.5);
  const { gradient, diagnostics } = d.lossGradient(polObs, polAct, n, bufObs, bufAct, n);
  const params = decode(d.getState().params);
  const P = params.length / S;
  const sizes = [obsDim + actDim, ...hidden, 1];
  for (let k = 0; k < S; k++) {
    // Rebuild seed k's MLP as tfjs variables (blocks w0, b0, w1, b1, … of its row) and let tf.grad
    // differentiate −L_D = mean_π softplus(−ℓ) + mean_𝓑 softplus(ℓ).
    const blocks: tf.Tensor[] = [];
    let offset = k * P;
    for (let l = 0; l + 1 < sizes.length; l++) {
      blocks.push(tf.tensor2d(params.slice(offset, offset + sizes[l]! * sizes[l + 1]!), [sizes[l]!, sizes[l + 1]!]));
      offset += sizes[l]! * sizes[l + 1]!;
      blocks.push(tf.tensor1d(params.slice(offset, offset + sizes[l + 1]!)));
      offset += sizes[l + 1]!;
    }
    const input = (obs: Float32Array, act: Float32Array) =>
      tf.concat(
        [
          tf.tensor2d(obs.slice(k * n * obsDim, (k + 1) * n * obsDim), [n, obsDim]),
          tf.tensor2d(act.slice(k * n * actDim, (k + 1) * n * actDim), [n, actDim]),
        ],
        1,
      );
    const xp = input(polObs, polAct);
    const xb = input(bufObs, bufAct);
    const logits = (x: tf.Tensor, ws: tf.Tensor[]): tf.Tensor => {
      let h = x;
      for (let l = 0; l < ws.length / 2; l++) {
        h = tf.add(tf.matMul(h as tf.Tensor2D, ws[2 * l] as tf.Tensor2D), ws[2 * l + 1]!);
        if (l < ws.length / 2 - 1) h = tf.tanh(h);
      }
      return h;
    };
    const lossOf = (...ws: tf.Tensor[]) =>
      tf.add(tf.mean(tf.softplus(tf.neg(logits(xp, ws)))), tf.mean(tf.softplus(logits(xb, ws)))) as tf.Scalar;
    const loss = lossOf(...blocks).dataSync()[0]!;
    assert.ok(Math.abs(loss - diagnostics.discLoss[k]!) < 1e-5, `seed ${k}: loss ${diagnostics.discLoss[k]} vs autodiff ${loss}`);
    const grads = tf.grads(lossOf)(blocks);
    const auto = new Float32Array(P);
    let o = 0;
    for (const g of grads) {
      auto.set(g.dataSync(), o);
      o += g.size;
    }
    let maxAbs = 0;
    let maxDiff = 0;
    for (let i = 0; i < P; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(auto[i]!));
      maxDiff = Math.max(maxDiff, Math.abs(auto[i]! - gradient[k * P + i]!));
    }
    assert.ok(maxAbs > 1e-3, "the gradient is not trivially zero");
    assert.ok(maxDiff < 1e-5 * Math.max(1, maxAbs), `seed ${k}: max |Δ| ${maxDiff} (max |g| ${maxAbs})`);
    tf.dispose([...blocks, xp, xb, ...grads]);
  }
});

/**
 * One seed's rollout where the policy visits pairs near +c, except every 8th step, which is
 * "buffer-like" (near −c); the finished episode offered to the store is made of −c pairs.
 */
function separableRollout(T: number, obsDim: number, actDim: number, c: number, rng: Rng) {
  const r = allocateRollout(T, obsDim, actDim);
  const bufferLike = (t: number) => t % 8 === 0;
  for (let t = 0; t < T; t++) {
    const centre = bufferLike(t) ? -c : c;
    for (let j = 0; j < obsDim; j++) r.rawObs[t * obsDim + j] = centre + 0.3 * rng.normal();
    for (let j = 0; j < actDim; j++) r.actions[t * actDim + j] = centre + 0.3 * rng.normal();
  }
  const len = 200;
  const ep: FinishedEpisode = {
    obs: Float64Array.from({ length: len * obsDim }, () => -c + 0.3 * rng.normal()),
    actions: Float64Array.from({ length: len * actDim }, () => -c + 0.3 * rng.normal()),
    rewards: new Float64Array(len).fill(1),
    rawRewards: new Float64Array(len).fill(1),
    return: len,
    length: len,
    terminated: true,
  };
  r.finishedEpisodes.push(ep);
  return { rollout: r, bufferLike };
}

test("end to end through gasil.ts: buffer-like pairs get the larger bonus, D separates, the step count is M × ⌊(N + |𝓑|)/(2b)⌋", async () => {
  await initBackend("cpu");
  const T = 512;
  const cfg = resolveGasilConfig({ discriminatorUpdates: 3, discriminatorHiddenSizes: [16, 16], discriminatorLearningRate: 1e-2 });
  const state = createGasilState(cfg, Rng.fromSeed(21), 2, 1);
  const { rollout, bufferLike } = separableRollout(T, 2, 1, 1, Rng.fromSeed(22));
  const before = Float64Array.from(rollout.rewards);
  const diag = gasilAfterRollout(state, cfg, rollout, null);
  // |𝓑| = 200 transitions after the offer; b = 64 ⇒ ⌊(512 + 200)/128⌋ = 5 steps per pass, 3 passes.
  assert.equal(state.store.numTransitions, 200);
  assert.equal(discriminatorStepsPerIteration(cfg, T, 200), 15);
  assert.deepEqual(state.discriminator.stepCounts(), [15]);
  assert.equal(diag["discUpdates"], 15);
  // Policy pairs are mostly +c (7/8), buffer pairs all −c: D must tell them apart on average.
  assert.ok(diag["discMeanPolicy"]! > diag["discMeanBuffer"]! + 0.2, `mean D ${diag["discMeanPolicy"]} vs ${diag["discMeanBuffer"]}`);
  assert.ok(diag["discAccuracyBuffer"]! > 0.7, `buffer accuracy ${diag["discAccuracyBuffer"]}`);
  // The bonus α·(−log D): larger on buffer-like steps than on policy-like ones (−log D is high
  // where the buffer's occupancy dominates, (GASIL.2)).
  let bonusBufferLike = 0;
  let bonusPolicyLike = 0;
  for (let t = 0; t < T; t++) {
    const bonus = rollout.rewards[t]! - before[t]!;
    assert.ok(bonus > 0, "−log D > 0 always");
    if (bufferLike(t)) bonusBufferLike += bonus / (T / 8);
    else bonusPolicyLike += bonus / (T - T / 8);
  }
  assert.ok(bonusBufferLike > 2 * bonusPolicyLike, `bonus on buffer-like steps ${bonusBufferLike} vs policy-like ${bonusPolicyLike}`);
  assert.ok(diag["gasilNegLogDStd"]! > 0.1, "−log D varies over the rollout");
  state.discriminator.dispose();
});

test("full-batch steps (the first reading): M Adam steps per iteration, whatever the buffer holds", async () => {
  await initBackend("cpu");
  const cfg = resolveGasilConfig({
    discriminatorSchedule: "steps",
    discriminatorBatchSize: null,
    discriminatorUpdates: 4,
    discriminatorHiddenSizes: [8],
  });
  assert.equal(discriminatorStepsPerIteration(cfg, 2048, 1000), 4);
  assert.equal(discriminatorStepsPerIteration(cfg, 2048, 0), 0);
  const passes = resolveGasilConfig({});
  assert.equal(discriminatorStepsPerIteration(passes, 2048, 1000), 20 * 23); // ⌊3048/128⌋ = 23
  assert.equal(discriminatorStepsPerIteration(passes, 2048, 0), 0);
  assert.equal(discriminatorStepsPerIteration(resolveGasilConfig({ discriminatorBatchSize: 4096 }), 2048, 1000), 20); // at least one step per pass
  const state = createGasilState(cfg, Rng.fromSeed(1), 2, 1);
  const { rollout } = separableRollout(64, 2, 1, 1, Rng.fromSeed(2));
  gasilAfterRollout(state, cfg, rollout, null);
  assert.deepEqual(state.discriminator.stepCounts(), [4]);
  state.discriminator.dispose();
});

const tiny = {
  envId: "PointMass-v0",
  envOptions: { delay: 5 },
  totalEnvSteps: 256 * 3,
  ppo: { stepsPerRollout: 256, numMinibatches: 4, updateEpochs: 2, hiddenSizes: [16, 16] },
};

async function run(partial: Record<string, unknown>, seeds: number[]) {
  const trainer = await createTrainer(resolveTrainConfig({ ...tiny, ...partial }), seeds);
  const reports = [];
  while (!trainer.done) reports.push(await trainer.runIteration());
  const ckpt = trainer.checkpoint();
  trainer.dispose();
  return { reports, ppo: JSON.stringify(ckpt.ppo) };
}

test("GASIL with alpha 0 reproduces PPO bit for bit (returns, losses, weights, normalisers)", async () => {
  await initBackend("cpu");
  const ppo = await run({ method: "ppo" }, [3, 4]);
  const gasil = await run({ method: "gasil", gasil: { alpha: 0, discriminatorUpdates: 2, discriminatorHiddenSizes: [8] } }, [3, 4]);
  assert.equal(gasil.ppo, ppo.ppo, "policy, value, optimiser and normaliser state identical");
  for (let i = 0; i < ppo.reports.length; i++) {
    for (let k = 0; k < 2; k++) {
      const a = ppo.reports[i]!.seeds[k]!;
      const b = gasil.reports[i]!.seeds[k]!;
      assert.deepEqual(b.episodeReturns, a.episodeReturns);
      assert.equal(b.averageReturn, a.averageReturn);
      for (const key of Object.keys(a.diagnostics)) assert.equal(b.diagnostics[key], a.diagnostics[key], key);
    }
  }
  // …and the discriminator did train (the test is not vacuous).
  assert.ok(gasil.reports.at(-1)!.seeds.every((s) => (s.diagnostics["discUpdates"] ?? 0) > 0));
});

test("survival control: PPO plus exactly α·log 2 per step, nothing else; α = 0 is PPO", async () => {
  // Unit: the bonus added per step, after and before reward scaling.
  const r = allocateRollout(4, 1, 1);
  r.rewards.set([1, 0, -1, 2]);
  r.rewardScales.set([0.5, 0.5, 2, 2]);
  const diag = addSurvivalBonus(r, resolveSurvivalConfig({ alpha: 0.2 }));
  assert.deepEqual(
    Array.from(r.rewards),
    [1, 0, -1, 2].map((x) => x + 0.2 * Math.LN2),
  );
  assert.ok(Math.abs(diag["survivalBonus"]! - 0.2 * Math.LN2) < 1e-15);
  const r2 = allocateRollout(2, 1, 1);
  r2.rewardScales.set([0.5, 2]);
  addSurvivalBonus(r2, resolveSurvivalConfig({ bonusPlacement: "before-scaling" }));
  assert.deepEqual(Array.from(r2.rewards), [0.1 * Math.LN2 * 0.5, 0.1 * Math.LN2 * 2]);
  assert.throws(() => resolveSurvivalConfig({ alpha: "inf" }), /survival\.alpha: got "inf"; allowed: a finite number ≥ 0/);
  assert.throws(() => resolveSurvivalConfig({ bonus: 1 }), /survival\.bonus: unknown field; allowed fields: alpha, bonusPlacement/);
  // Trainer: α = 0 is PPO bit for bit; the default changes training.
  await initBackend("cpu");
  const ppo = await run({ method: "ppo" }, [5]);
  const zero = await run({ method: "survival", survival: { alpha: 0 } }, [5]);
  const control = await run({ method: "survival" }, [5]);
  assert.equal(zero.ppo, ppo.ppo);
  assert.notEqual(control.ppo, ppo.ppo);
  assert.ok(control.reports.every((rep) => Math.abs(rep.seeds[0]!.diagnostics["survivalBonus"]! - 0.1 * Math.LN2) < 1e-12));
});

test("bonus placement: before scaling multiplies −α log D by the step's reward-scale factor", () => {
  const logits = [0.3, -1.2, 2];
  const scales = [0.25, 1, 4];
  const after = new Float64Array([1, 1, 1]);
  const before = new Float64Array([1, 1, 1]);
  const a = relabelRewards(after, logits, 0.1);
  const b = relabelRewards(before, logits, 0.1, scales);
  for (let t = 0; t < 3; t++) {
    const negLogD = Math.log1p(Math.exp(-logits[t]!));
    assert.ok(Math.abs(after[t]! - (1 + 0.1 * negLogD)) < 1e-12);
    assert.ok(Math.abs(before[t]! - (1 + 0.1 * negLogD * scales[t]!)) < 1e-12);
  }
  assert.equal(a.negLogD, b.negLogD, "−log D itself does not depend on the placement");
  const mean = a.negLogD;
  const std = Math.sqrt(logits.map((l) => (Math.log1p(Math.exp(-l)) - mean) ** 2).reduce((x, y) => x + y, 0) / 3);
  assert.ok(Math.abs(a.negLogDStd - std) < 1e-12);
});

test("the reward scaler's factor of each step is recorded in the rollout (used by before-scaling)", async () => {
  await initBackend("cpu");
  // Hopper without delay: a reward at every step (PointMass pays only near its goal).
  const config = { ...tiny, envId: "Hopper-v4", envOptions: { delay: 0 }, totalEnvSteps: 256 };
  const trainer = await createTrainer(
    resolveTrainConfig({
      method: "gasil",
      ...config,
      gasil: { bonusPlacement: "before-scaling", alpha: 0, discriminatorHiddenSizes: [8] },
    }),
    [1],
  );
  const agent = trainer.population.agents[0]!;

  const rollout = collectRollout(agent);
  // Last step's factor = the normaliser's factor now; every factor positive and finite; rewards
  // equal clip(envReward·factor) wherever the env paid something.
  assert.equal(rollout.rewardScales[255], agent.rewardNormalizer.scaleFactor);
  let nonzero = 0;
  for (let t = 0; t < 256; t++) {
    assert.ok(rollout.rewardScales[t]! > 0 && Number.isFinite(rollout.rewardScales[t]!));
    if (rollout.envRewards[t] !== 0) {
      nonzero++;
      const expected = Math.max(-10, Math.min(10, rollout.envRewards[t]! * rollout.rewardScales[t]!));
      assert.ok(Math.abs(rollout.rewards[t]! - expected) < 1e-12, `step ${t}`);
    }
  }
  assert.ok(nonzero > 200, `${nonzero} steps with a reward`);
  trainer.dispose();
});
