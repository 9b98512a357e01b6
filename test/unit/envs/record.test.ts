/**
 * Replay recording: the recorded frames are MuJoCo's own global geom poses of a re-simulation
 * from the same seed and policy (read here straight from mjData, not through the recorder's
 * reader), rewards and delayed rewards are the env's, D and the bonus follow (GASIL.6), and every
 * task — the six MuJoCo tasks and PointMass-v0 — records.
 */

import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, EnvError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/rng";
import type { MujocoEnv } from "../../../src/envs/mujoco/mujoco-env";
import { POINT_MASS_TARGETS } from "../../../src/envs/point-mass";
import { type ReplayPolicy, recordRollout } from "../../../src/envs/record";
import { makeEnv } from "../../../src/envs/registry";
import { decodeF32, isReplay } from "../../../src/envs/replay-format";
import type { Wrapper } from "../../../src/envs/wrappers/wrapper";

/** A fixed linear-tanh policy (deterministic part) with Gaussian sampling from the given stream. */
function linearPolicy(obsDim: number, actDim: number, seed: number): ReplayPolicy {
  const w = Rng.fromSeed(seed)
    .fillNormal(new Float64Array(obsDim * actDim))
    .map((x) => 0.3 * x);
  return {
    act(obs, { deterministic, rng }) {
      const a = new Float64Array(actDim);
      for (let j = 0; j < actDim; j++) {
        let s = 0;
        for (let i = 0; i < obsDim; i++) s += w[j * obsDim + i]! * obs[i]!;
        a[j] = Math.tanh(s) + (deterministic ? 0 : 0.3 * rng.normal());
      }
      return a;
    },
  };
}

/** Rotation matrix (row-major) of a unit quaternion (w, x, y, z). */
function quatToMat(w: number, x: number, y: number, z: number): number[] {
  return [
    1 - 2 * (y * y + z * z),
    2 * (x * y - w * z),
    2 * (x * z + w * y),
    2 * (x * y + w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z - w * x),
    2 * (x * z - w * y),
    2 * (y * z + w * x),
    1 - 2 * (x * x + y * y),
  ];
}

for (const deterministic of [true, false]) {
  test(`recorded Hopper frames equal a re-simulation's geom_xpos / geom_xmat (${deterministic ? "mean" : "sampled"} actions)`, async () => {
    const policy = linearPolicy(11, 3, 5);
    const replay = await recordRollout("Hopper-v4", policy, { seed: 3, maxSteps: 80, deterministic, envOptions: { delay: 20 } });
    assert.ok(isReplay(replay));
    const poses = decodeF32(replay.poses);
    const rewards = decodeF32(replay.rewards);
    const delayed = decodeF32(replay.delayedRewards);
    const scene = replay.scene;
    const dyn = scene.geoms.filter((g) => g.dynamicIndex >= 0);
    assert.equal(scene.numDynamic, 4);
    assert.deepEqual(
      scene.geoms.map((g) => g.shape),
      ["plane", "capsule", "capsule", "capsule", "capsule"],
    );
    assert.deepEqual(
      scene.geoms.map((g) => g.name),
      ["floor", "torso_geom", "thigh_geom", "leg_geom", "foot_geom"],
    );
    assert.deepEqual(
      scene.geoms[1]!.size.map((v) => +v.toFixed(3)),
      [0.05, 0.2, 0],
    );
    assert.equal(poses.length, replay.numFrames * 7 * 4);
    assert.equal(replay.numFrames, replay.length + 1);

    // Independent re-simulation: same seed, same policy, same action stream; poses read from mjData.
    const env = await makeEnv("Hopper-v4", { delay: 20 });
    const sim = ((env as Wrapper).unwrapped as MujocoEnv).simulation;
    const rng = Rng.fromSeed(3).split("replayActions");
    let obs = env.reset({ seed: 3 }).obs;
    let total = 0;
    const check = (frame: number): void => {
      const xpos = sim.dataArray("geom_xpos");
      const xmat = sim.dataArray("geom_xmat");
      dyn.forEach((g, i) => {
        const gid = scene.geoms.indexOf(g);
        const o = (frame * 4 + i) * 7;
        for (let k = 0; k < 3; k++) assert.equal(poses[o + k], Math.fround(xpos[3 * gid + k]!), `frame ${frame} geom ${g.name} pos[${k}]`);
        const m = quatToMat(poses[o + 3]!, poses[o + 4]!, poses[o + 5]!, poses[o + 6]!);
        for (let k = 0; k < 9; k++) assert.ok(Math.abs(m[k]! - xmat[9 * gid + k]!) < 2e-6, `frame ${frame} geom ${g.name} xmat[${k}]`);
      });
    };
    check(0);
    for (let t = 0; t < replay.length; t++) {
      const step = env.step(policy.act(obs, { deterministic, rng }));
      assert.equal(rewards[t], Math.fround(step.info.rawReward as number));
      assert.equal(delayed[t], Math.fround(step.reward));
      total += step.info.rawReward as number;
      obs = step.obs;
      check(t + 1);
      if (t === replay.length - 1) assert.equal(step.terminated || step.truncated || replay.length === 80, true);
      else assert.equal(step.terminated, false);
    }
    env.close();
    assert.ok(Math.abs(replay.return - total) < 1e-9);
    // Delayed rewards are paid in windows of 20 (or at the end): same sum, zeros in between.
    assert.ok(Math.abs(delayed.reduce((a, b) => a + b, 0) - rewards.reduce((a, b) => a + b, 0)) < 1e-3);
    if (replay.length > 20) assert.equal(delayed[0], 0);
  });
}

test("a given discriminator records D = σ(ℓ) and the bonus α·(−log D); the same seed records the same replay", async () => {
  const base = linearPolicy(8, 2, 1);
  const policy: ReplayPolicy = { ...base, hasDiscriminator: true, gasilAlpha: 0.5, discriminatorLogit: (o, a) => o[0]! - a[1]! };
  const a = await recordRollout("PointMass-v0", policy, { seed: 2, deterministic: false });
  const b = await recordRollout("PointMass-v0", policy, { seed: 2, deterministic: false });
  assert.deepEqual(a, b);
  const c = await recordRollout("PointMass-v0", policy, { seed: 4, deterministic: false });
  assert.notEqual(c.poses, a.poses);
  assert.equal(a.alpha, 0.5);
  const d = decodeF32(a.discriminator!);
  const bonus = decodeF32(a.bonus!);
  assert.equal(d.length, a.length);
  // Re-derive from the recorded positions: frame t's point is the observation before step t+1.
  const poses = decodeF32(a.poses);
  const rng = Rng.fromSeed(2).split("replayActions");
  const env = await makeEnv("PointMass-v0", {});
  let obs = env.reset({ seed: 2 }).obs;
  for (let t = 0; t < a.length; t++) {
    assert.equal(poses[t * 28], Math.fround(obs[0]!));
    assert.equal(poses[t * 28 + 1], Math.fround(obs[1]!));
    const action = policy.act(obs, { deterministic: false, rng });
    const logit = obs[0]! - action[1]!;
    const D = 1 / (1 + Math.exp(-logit));
    assert.ok(Math.abs(d[t]! - D) < 1e-6, `D at step ${t}`);
    assert.ok(Math.abs(bonus[t]! - 0.5 * -Math.log(D)) < 1e-5, `bonus at step ${t}`);
    obs = env.step(action).obs;
  }
  env.close();
  // Without a discriminator nothing is recorded for it.
  const plain = await recordRollout("PointMass-v0", base, { seed: 2, discriminator: null });
  assert.equal(plain.discriminator, undefined);
  assert.equal(plain.bonus, undefined);
});

test("PointMass-v0: a collected target sinks below the floor; the episode's delayed reward arrives at the end", async () => {
  // Drive straight to G1 (0.4, 0) and stay: collected within a few steps.
  const policy: ReplayPolicy = { act: (o) => [Math.max(-1, Math.min(1, 5 * (0.4 - o[0]!))), -o[1]!] };
  const r = await recordRollout("PointMass-v0", policy, { seed: 0 });
  assert.equal(r.length, 100);
  assert.equal(r.truncated, true);
  assert.equal(r.return, 1);
  const poses = decodeF32(r.poses);
  const last = (r.numFrames - 1) * 28;
  assert.ok(poses[last + 7 + 2]! < 0, "G1 sank (collected)");
  assert.ok(poses[last + 14 + 2]! > 0 && poses[last + 21 + 2]! > 0, "G2 and G3 still up");
  assert.equal(poses[7], Math.fround(POINT_MASS_TARGETS[0]!.x));
  const delayed = decodeF32(r.delayedRewards);
  assert.deepEqual(
    [...delayed].map((v, i) => (v !== 0 ? i : -1)).filter((i) => i >= 0),
    [99],
  );
});

test("every MuJoCo task records with a random policy; its scene lists the model's geoms", async () => {
  const expect: Record<string, { geoms: number; shapes: string[] }> = {
    "Hopper-v4": { geoms: 5, shapes: ["capsule", "plane"] },
    "Walker2d-v4": { geoms: 8, shapes: ["capsule", "plane"] },
    "HalfCheetah-v4": { geoms: 9, shapes: ["capsule", "plane"] },
    "Swimmer-v4": { geoms: 4, shapes: ["capsule", "plane"] },
    "Ant-v4": { geoms: 14, shapes: ["capsule", "plane", "sphere"] },
    "Humanoid-v4": { geoms: 18, shapes: ["capsule", "plane", "sphere"] },
  };
  for (const [id, want] of Object.entries(expect)) {
    const r = await recordRollout(id, "random", { seed: 1, maxSteps: 5 });
    assert.equal(r.scene.geoms.length, want.geoms, id);
    assert.deepEqual([...new Set(r.scene.geoms.map((g) => g.shape))].sort(), want.shapes, id);
    assert.equal(r.scene.numDynamic, want.geoms - 1, `${id}: every geom but the floor moves`);
    assert.ok(r.scene.defaultColours, `${id}: the task MJCF gives no colours`);
    assert.ok(r.length >= 1 && r.length <= 5);
    assert.equal(decodeF32(r.focus).length, 3 * r.numFrames);
    assert.ok(r.scene.dt > 0);
  }
});

test("recording errors name the argument and the allowed values", async () => {
  await assert.rejects(
    recordRollout("Hoper-v4", "random"),
    (e: unknown) => e instanceof EnvError && /unknown env id "Hoper-v4"; registered ids: .*Hopper-v4/.test(e.message),
  );
  await assert.rejects(
    recordRollout("Hopper-v4", "random", { seed: -1 }),
    (e: unknown) => e instanceof ConfigError && /^seed: got -1; allowed: an integer ≥ 0/.test(e.message),
  );
  await assert.rejects(recordRollout("Hopper-v4", "random", { maxSteps: 0 }), /maxSteps: got 0; allowed: an integer ≥ 1/);
  await assert.rejects(recordRollout("Hopper-v4", 42 as unknown as ReplayPolicy), /policy: got 42; allowed: an object with act/);
});
