import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../src/core/backend";
import { Rng } from "../../../src/core/rng";
import { actorCriticForward, actorCriticLayout, initActorCriticParams } from "../../../src/nn/actor-critic";
import { netsFor } from "../../helpers/nets";

before(async () => {
  await initBackend("cpu");
});

const spec = { obsDim: 5, actDim: 3, hiddenSizes: [8, 6], initLogStd: -0.5 };

test("layout: policy, log-std, value blocks; parameter count", () => {
  const layout = actorCriticLayout(spec);
  const policy = 5 * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3;
  const value = 5 * 8 + 8 + 8 * 6 + 6 + 6 * 1 + 1;
  assert.equal(layout.numParams, policy + 3 + value);
  assert.deepEqual(layout.blocks.map((b) => b.name).slice(0, 7), [
    "policy/w0",
    "policy/b0",
    "policy/w1",
    "policy/b1",
    "policy/w2",
    "policy/b2",
    "logStd",
  ]);
});

test("init: biases 0, log-std = initLogStd, output gains 0.01 / 1, depends only on the Rng", () => {
  const layout = actorCriticLayout(spec);
  const a = initActorCriticParams(layout, Rng.fromSeed(1).split("init"));
  const b = initActorCriticParams(layout, Rng.fromSeed(1).split("init"));
  assert.deepEqual(a, b);
  for (const block of layout.blocks) {
    const vals = Array.from(a.subarray(block.offset, block.offset + block.size));
    if (block.name.includes("/b"))
      assert.ok(
        vals.every((x) => x === 0),
        block.name,
      );
    if (block.name === "logStd") assert.ok(vals.every((x) => x === Math.fround(-0.5)));
  }
  // Columns of the policy output layer have norm 0.01 (tall 6x3 → orthogonal columns).
  const w2 = layout.blocks.find((x) => x.name === "policy/w2")!;
  for (let j = 0; j < 3; j++) {
    let s = 0;
    for (let i = 0; i < 6; i++) s += a[w2.offset + i * 3 + j] ** 2;
    assert.ok(Math.abs(Math.sqrt(s) - 0.01) < 1e-6);
  }
});

test("tensor forward of a population equals the host forward of each seed", () => {
  const layout = actorCriticLayout(spec);
  const S = 3,
    B = 4;
  const params = new Float32Array(S * layout.numParams);
  for (let k = 0; k < S; k++) {
    const p = initActorCriticParams(layout, Rng.fromSeed(10 + k).split("init"));
    // make biases non-zero so that they are exercised
    for (let i = 0; i < p.length; i++) if (p[i] === 0) p[i] = 0.05 * ((i % 7) - 3);
    params.set(p, k * layout.numParams);
  }
  const obs = new Float32Array(S * B * spec.obsDim);
  Rng.fromSeed(99).fillNormal(obs);
  const out = tf.tidy(() => {
    const r = actorCriticForward(layout, tf.tensor2d(params, [S, layout.numParams]), tf.tensor3d(obs, [S, B, spec.obsDim]));
    return { mean: r.mean!.arraySync(), value: r.value!.arraySync(), logStd: r.logStd!.arraySync() };
  });
  const nets = netsFor(layout, params);
  const mean = new Float64Array(spec.actDim);
  for (let k = 0; k < S; k++) {
    for (let b = 0; b < B; b++) {
      const v = nets.meanAndValue(k, obs, (k * B + b) * spec.obsDim, mean);
      assert.ok(Math.abs(v - out.value[k][b]) < 1e-5, `value ${v} vs ${out.value[k][b]}`);
      for (let j = 0; j < spec.actDim; j++) assert.ok(Math.abs(mean[j] - out.mean[k][b][j]) < 1e-5);
    }
    assert.ok(Math.abs(out.logStd[k][0][0] - params[k * layout.numParams + layout.logStdBlock.offset]) === 0);
  }
});

test("policy-only and value-only forward passes give the same heads", () => {
  const layout = actorCriticLayout(spec);
  const params = initActorCriticParams(layout, Rng.fromSeed(4));
  tf.tidy(() => {
    const theta = tf.tensor2d(params, [1, layout.numParams]);
    const obs = tf.randomNormal([1, 2, spec.obsDim], 0, 1, "float32", 7) as tf.Tensor3D;
    const both = actorCriticForward(layout, theta, obs);
    const p = actorCriticForward(layout, theta, obs, { policy: true, value: false });
    const v = actorCriticForward(layout, theta, obs, { policy: false, value: true });
    assert.equal(p.value, null);
    assert.equal(v.mean, null);
    assert.deepEqual(p.mean!.arraySync(), both.mean!.arraySync());
    assert.deepEqual(v.value!.arraySync(), both.value!.arraySync());
  });
});
