import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, EnvError } from "../../../../src/core/errors";
import { Rng } from "../../../../src/core/rng";
import { ANT_OPTIONS, ANT_TASK, AntEnv } from "../../../../src/envs/mujoco/ant";
import { loadMujoco } from "../../../../src/envs/mujoco/runtime";

async function makeAnt(options: Record<string, unknown> = {}, seed = 0): Promise<AntEnv> {
  return new AntEnv(await loadMujoco(), options, seed);
}

/** Deterministic, varied actions in [−1, 1]^8 (the reference-rollout sinusoid, docs/tasks.md#reference-rollouts). */
function sinAction(t: number): Float64Array {
  const a = new Float64Array(8);
  for (let i = 0; i < 8; i++) a[i] = 0.5 * Math.sin(0.1 * t + i);
  return a;
}

test("Ant model: sizes, masses and actuator order match docs/tasks.md#ant", async () => {
  const env = await makeAnt();
  try {
    const m = (env as unknown as { sim: { model: Record<string, unknown>; bodyMass: Float64Array } }).sim;
    assert.equal(m.model.nq, 15);
    assert.equal(m.model.nv, 14);
    assert.equal(m.model.nu, 8);
    assert.equal(m.model.nbody, 14);
    assert.equal(m.model.njnt, 9);
    assert.equal(m.model.ngeom, 14);
    const mass = m.bodyMass;
    assert.ok(Math.abs(mass[1]! - 0.327249) < 5e-7, `torso ${mass[1]}`);
    for (const leg of [0, 1, 2, 3]) {
      assert.ok(Math.abs(mass[2 + 3 * leg]! - 0.039158) < 5e-7);
      assert.ok(Math.abs(mass[3 + 3 * leg]! - 0.039158) < 5e-7);
      assert.ok(Math.abs(mass[4 + 3 * leg]! - 0.067592) < 5e-7);
    }
    let total = 0;
    for (const x of mass) total += x;
    assert.ok(Math.abs(total - 0.91088) < 1e-6, `total ${total}`);
    // ctrl 0 drives hip_4 (qvel 12): a unit control gives gear 150 on that dof only.
    const a = new Float64Array(8);
    a[0] = 1;
    env.reset();
    env.step(a);
    const qfrc = (env as unknown as { sim: { dataArray(n: string): Float64Array } }).sim.dataArray("qfrc_actuator");
    assert.equal(qfrc[12], 150);
    for (let i = 0; i < 14; i++) if (i !== 12) assert.equal(qfrc[i], 0);
  } finally {
    env.close();
  }
});

test("Ant observation layout: 27 by default, 29 with positions, 111 with contact forces", async () => {
  const env = await makeAnt({ resetNoiseScale: 0 });
  const withPos = await makeAnt({ resetNoiseScale: 0, excludeCurrentPositionsFromObservation: false });
  const contact = await makeAnt({ resetNoiseScale: 0, useContactForces: true });
  try {
    assert.deepEqual(env.observationSpace.shape, [27]);
    assert.deepEqual(withPos.observationSpace.shape, [29]);
    assert.deepEqual(contact.observationSpace.shape, [111]);
    assert.deepEqual(env.actionSpace.shape, [8]);
    assert.deepEqual(Array.from(env.actionSpace.low), new Array(8).fill(-1));
    assert.deepEqual(Array.from(env.actionSpace.high), new Array(8).fill(1));
    const o = env.reset().obs;
    // qpos0[2..] = (0.75, 1, 0, 0, 0, 0 × 8), qvel = 0.
    const expected = [0.75, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...new Array(14).fill(0)];
    assert.deepEqual(Array.from(o), expected);
    assert.deepEqual(Array.from(withPos.reset().obs), [0, 0, ...expected]);
    const oc = contact.reset().obs;
    assert.deepEqual(Array.from(oc.subarray(0, 27)), expected);
    assert.deepEqual(Array.from(oc.subarray(27)), new Array(84).fill(0), "cfrc_ext is zero right after reset");
    // After steps: the qpos/qvel part equals the state; contact part clipped to [−1, 1] with a zero world block.
    let sawContact = false;
    for (let t = 0; t < 30; t++) {
      const s = contact.step(sinAction(t));
      const { qpos, qvel } = contact.getState();
      assert.deepEqual(Array.from(s.obs.subarray(0, 13)), Array.from(qpos.subarray(2)));
      assert.deepEqual(Array.from(s.obs.subarray(13, 27)), Array.from(qvel));
      const c = s.obs.subarray(27);
      for (let i = 0; i < 6; i++) assert.equal(c[i], 0);
      for (const v of c) assert.ok(v >= -1 && v <= 1);
      if (c.some((v) => v !== 0)) sawContact = true;
      const w = withPos.step(sinAction(t)).obs;
      const st = withPos.getState();
      assert.equal(w[0], st.qpos[0]);
      assert.equal(w[1], st.qpos[1]);
    }
    assert.ok(sawContact, "feet touch the floor within 30 steps: some cfrc_ext entries are non-zero");
  } finally {
    env.close();
    withPos.close();
    contact.close();
  }
});

test("Ant reward = forward velocity + healthy reward − control cost (− contact cost); info terms consistent", async () => {
  const env = await makeAnt({ resetNoiseScale: 0 });
  const contact = await makeAnt({ resetNoiseScale: 0, useContactForces: true, contactCostWeight: 0.1 });
  try {
    env.reset();
    contact.reset();
    let prevX = 0;
    let prevY = 0;
    for (let t = 0; t < 40; t++) {
      const a = sinAction(t);
      const s = env.step(a);
      const info = s.info as Record<string, number>;
      let sq = 0;
      for (const v of a) sq += v * v;
      assert.ok(Math.abs(info.rewardCtrl! + 0.5 * sq) < 1e-12);
      assert.equal(info.rewardSurvive, 1);
      assert.ok(Math.abs(info.xVelocity! - (info.xPosition! - prevX) / 0.05) < 1e-9);
      assert.ok(Math.abs(info.yVelocity! - (info.yPosition! - prevY) / 0.05) < 1e-9);
      assert.equal(info.rewardForward, info.xVelocity);
      assert.equal(info.forwardReward, info.xVelocity);
      assert.ok(Math.abs(info.distanceFromOrigin! - Math.hypot(info.xPosition!, info.yPosition!)) < 1e-12);
      assert.ok(Math.abs(s.reward - (info.rewardForward! + info.rewardSurvive! + info.rewardCtrl!)) < 1e-12);
      prevX = info.xPosition!;
      prevY = info.yPosition!;

      const sc = contact.step(a);
      const ic = sc.info as Record<string, number>;
      let contactSq = 0;
      for (const v of sc.obs.subarray(27)) contactSq += v * v;
      // v4 quirk: rewardCtrl holds −contact cost when contact forces are on.
      assert.ok(Math.abs(ic.rewardCtrl! + 0.1 * contactSq) < 1e-12);
      assert.ok(Math.abs(sc.reward - (ic.rewardForward! + ic.rewardSurvive! - 0.5 * sq - 0.1 * contactSq)) < 1e-12);
    }
    assert.ok(prevX !== 0, "the ant moved");
  } finally {
    env.close();
    contact.close();
  }
});

test("Ant termination: outside healthyZRange ends the episode, paying the healthy reward (v4); off when disabled", async () => {
  const env = await makeAnt({ resetNoiseScale: 0, healthyZRange: [0.2, 0.7], healthyReward: 2 });
  const keep = await makeAnt({ resetNoiseScale: 0, healthyZRange: [0.2, 0.7], healthyReward: 2, terminateWhenUnhealthy: false });
  try {
    env.reset(); // z = 0.75 > 0.7
    const s = env.step(new Float64Array(8));
    assert.equal(s.terminated, true);
    assert.equal(s.truncated, false);
    assert.equal((s.info as Record<string, number>).rewardSurvive, 2);
    assert.throws(() => env.step(new Float64Array(8)), EnvError, "stepping a terminated episode needs a reset");
    env.reset();
    keep.reset();
    const k = keep.step(new Float64Array(8));
    assert.equal(k.terminated, false);
    assert.equal((k.info as Record<string, number>).rewardSurvive, 0);
    // Healthy bounds are inclusive and the whole state must be finite.
    const st = keep.getState();
    st.qpos[2] = 0.7;
    keep.setState(st.qpos, st.qvel);
    assert.equal(keep.isHealthy(), true);
    st.qpos[2] = 0.7000001;
    keep.setState(st.qpos, st.qvel);
    assert.equal(keep.isHealthy(), false);
    st.qpos[2] = 0.5;
    st.qvel[7] = Number.POSITIVE_INFINITY;
    keep.setState(st.qpos, st.qvel);
    assert.equal(keep.isHealthy(), false);
  } finally {
    env.close();
    keep.close();
  }
});

test("Ant determinism and reset noise: same seed → same trajectory; qpos U(±s), qvel s·N(0,1)", async () => {
  const a = await makeAnt({}, 11);
  const b = await makeAnt({}, 11);
  const c = await makeAnt({}, 12);
  try {
    const ra = a.reset().obs;
    assert.deepEqual(ra, b.reset().obs);
    assert.notDeepEqual(ra, c.reset().obs);
    const rng = Rng.fromSeed(5);
    for (let t = 0; t < 25; t++) {
      const act = Float64Array.from({ length: 8 }, () => 2 * rng.random() - 1);
      const sa = a.step(act);
      const sb = b.step(act);
      assert.deepEqual(sa.obs, sb.obs);
      assert.equal(sa.reward, sb.reward);
    }
    // reset({ seed }) restarts the stream.
    assert.deepEqual(a.reset({ seed: 3 }).obs, b.reset({ seed: 3 }).obs);
    // Noise laws over 40 resets.
    const qpos0 = [0, 0, 0.75, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let maxQ = 0;
    let maxV = 0;
    let sumSq = 0;
    let n = 0;
    for (let r = 0; r < 40; r++) {
      c.reset();
      const { qpos, qvel } = c.getState();
      for (let i = 0; i < 15; i++) maxQ = Math.max(maxQ, Math.abs(qpos[i]! - qpos0[i]!));
      for (const v of qvel) {
        maxV = Math.max(maxV, Math.abs(v));
        sumSq += v * v;
        n++;
      }
    }
    assert.ok(maxQ <= 0.1 && maxQ > 0.09, `qpos noise within ±0.1, got max ${maxQ}`);
    assert.ok(maxV > 0.2, `qvel noise is Gaussian (unbounded), got max ${maxV}`);
    const sd = Math.sqrt(sumSq / n);
    assert.ok(sd > 0.08 && sd < 0.12, `qvel noise sd ≈ 0.1, got ${sd}`);
  } finally {
    a.close();
    b.close();
    c.close();
  }
});

test("Ant options: unknown keys and bad values are ConfigErrors naming the option", async () => {
  await assert.rejects(
    ANT_TASK.create({ ctrlCost: 1 }),
    (e: unknown) => e instanceof ConfigError && e.path === "ctrlCost" && /ctrlCostWeight/.test(e.message),
  );
  await assert.rejects(ANT_TASK.create({ ctrlCostWeight: -1 }), (e: unknown) => e instanceof ConfigError && e.path === "ctrlCostWeight");
  await assert.rejects(
    ANT_TASK.create({ useContactForces: "yes" }),
    (e: unknown) => e instanceof ConfigError && e.path === "useContactForces",
  );
  await assert.rejects(
    ANT_TASK.create({ healthyZRange: [1, 0.2] }),
    (e: unknown) => e instanceof ConfigError && e.path === "healthyZRange",
  );
  await assert.rejects(
    ANT_TASK.create({ contactForceRange: [0] }),
    (e: unknown) => e instanceof ConfigError && e.path === "contactForceRange",
  );
  await assert.rejects(
    ANT_TASK.create({ resetNoiseScale: Number.NaN }),
    (e: unknown) => e instanceof ConfigError && e.path === "resetNoiseScale",
  );
  assert.deepEqual([...ANT_TASK.optionNames].sort(), Object.keys(ANT_OPTIONS).sort());
  assert.equal(ANT_TASK.maxEpisodeSteps, 1000);
  const env = await ANT_TASK.create({ healthyZRange: [0.1, null] }, 0);
  try {
    assert.equal(env.id, "Ant-v4");
    assert.deepEqual((env as AntEnv).options.healthyZRange, [0.1, Infinity]);
  } finally {
    env.close();
  }
});
