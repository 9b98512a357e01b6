import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { resolvePpoConfig } from "../../../src/algos/config";
import { allocateMinibatch, ppoMinibatchGradient } from "../../../src/algos/ppo";
import { clippedSurrogateLoss, clippedValueLoss } from "../../../src/algos/shared/losses";
import { initBackend } from "../../../src/core/backend";
import { Rng } from "../../../src/core/rng";
import { ActorCriticNets, actorCriticForward, actorCriticLayout } from "../../../src/nn/actor-critic";
import { gaussianEntropy, gaussianLogProb } from "../../../src/nn/diag-gaussian";
import { perturbedParams } from "../../helpers/nets";

before(async () => {
  await initBackend("cpu");
});

test("hand-written gradient of the PPO loss (network kernels, one seed at a time) equals TensorFlow.js autodiff (per seed)", () => {
  for (const actDim of [1, 3]) {
    const S = 3,
      B = 16,
      obsDim = 4;
    const config = resolvePpoConfig({ hiddenSizes: [8, 8], entropyCoef: 0.01, clipRange: 0.1, clipRangeValue: 0.1 });
    const layout = actorCriticLayout({ obsDim, actDim, hiddenSizes: [8, 8], initLogStd: -0.3 });
    const P = layout.numParams;
    const rng = Rng.fromSeed(42);
    const params = perturbedParams(layout, S, rng); // ratios move and clipping happens
    const minibatches = Array.from({ length: S }, () => allocateMinibatch(B, obsDim, actDim));
    for (const mb of minibatches) {
      rng.fillNormal(mb.obs);
      rng.fillNormal(mb.samples.actions);
      rng.fillNormal(mb.samples.oldLogProb, -actDim * 1.2, 0.5);
      rng.fillNormal(mb.samples.advantage);
      rng.fillNormal(mb.samples.returnTarget);
      rng.fillNormal(mb.samples.oldValue, 0, 0.5);
    }
    // Seed-major flat copies `[S, B, …]` for the autodiff reference.
    const flat = (field: "actions" | "oldLogProb" | "advantage" | "returnTarget" | "oldValue"): Float32Array =>
      Float32Array.from(minibatches.flatMap((mb) => Array.from(mb.samples[field])));
    const obsAll = Float32Array.from(minibatches.flatMap((mb) => Array.from(mb.obs)));
    const nets = new ActorCriticNets(layout, S, {
      maxBatch: B,
      adam: { learningRate: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: null },
      params,
    });
    const grad = nets.gradientPass.grad;
    grad.fill(7);
    const terms = [0, 2].map((k) => ppoMinibatchGradient(nets.seed(k), config, minibatches[k]!));
    assert.ok(
      grad.subarray(P, 2 * P).every((g) => g === 7),
      "seed 1's gradient row is not touched by the other seeds' passes",
    );
    const reference = tf.tidy(() => {
      const obs = tf.tensor3d(obsAll, [S, B, obsDim]);
      const act = tf.tensor3d(flat("actions"), [S, B, actDim]);
      const old = tf.tensor2d(flat("oldLogProb"), [S, B]);
      const adv = tf.tensor2d(flat("advantage"), [S, B]);
      const ret = tf.tensor2d(flat("returnTarget"), [S, B]);
      const oldV = tf.tensor2d(flat("oldValue"), [S, B]);
      const f = (theta: tf.Tensor): tf.Scalar => {
        const out = actorCriticForward(layout, theta as tf.Tensor2D, obs);
        const pg = clippedSurrogateLoss(gaussianLogProb(out.mean!, out.logStd!, act), old, adv, config.clipRange);
        const vl = clippedValueLoss(out.value!, oldV, ret, config.clipRangeValue);
        const loss = tf.sub(tf.add(pg.loss, tf.mul(vl, config.valueCoef)), tf.mul(gaussianEntropy(out.logStd!), config.entropyCoef));
        return tf.sum(loss) as tf.Scalar;
      };
      const { value, grad: g } = tf.valueAndGrad(f)(tf.tensor2d(params, [S, P]));
      void value;
      const out = actorCriticForward(layout, tf.tensor2d(params, [S, P]), obs);
      const pg = clippedSurrogateLoss(gaussianLogProb(out.mean!, out.logStd!, act), old, adv, config.clipRange);
      return { grad: g.dataSync() as Float32Array, policyLoss: pg.loss.dataSync(), clipFraction: pg.clipFraction.dataSync() };
    });
    let clippedSomewhere = false;
    for (const [i, k] of [0, 2].entries()) {
      const t = terms[i]!;
      assert.ok(
        Math.abs(t.policyLoss - reference.policyLoss[k]) < 1e-4,
        `A=${actDim} seed ${k}: policy loss ${t.policyLoss} vs ${reference.policyLoss[k]}`,
      );
      assert.ok(Math.abs(t.clipFraction - reference.clipFraction[k]) < 1e-6);
      if (t.clipFraction > 0) clippedSomewhere = true;
      let maxAbs = 0;
      for (let i = 0; i < P; i++) maxAbs = Math.max(maxAbs, Math.abs(reference.grad[k * P + i]));
      for (let i = 0; i < P; i++) {
        const a = grad[k * P + i];
        const b = reference.grad[k * P + i];
        assert.ok(
          Math.abs(a - b) <= 1e-4 * maxAbs + 1e-6,
          `A=${actDim} seed ${k} param ${i} (${layout.blocks.find((x) => i >= x.offset && i < x.offset + x.size)!.name}): ${a} vs ${b}`,
        );
      }
    }
    assert.ok(clippedSomewhere, "the test data exercises the clipped branch");
  }
});
