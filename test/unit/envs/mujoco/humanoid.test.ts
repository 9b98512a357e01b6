import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, EnvError } from "../../../../src/core/errors";
import { Rng } from "../../../../src/core/rng";
import { HUMANOID_OPTIONS, HUMANOID_TASK, HumanoidEnv } from "../../../../src/envs/mujoco/humanoid";
import { loadMujoco } from "../../../../src/envs/mujoco/runtime";

async function makeHumanoid(options: Record<string, unknown> = {}, seed = 0): Promise<HumanoidEnv> {
  return new HumanoidEnv(await loadMujoco(), options, seed);
}

interface SimAccess {
  sim: { model: Record<string, number>; bodyMass: Float64Array; dataArray(n: string): Float64Array };
}
const simOf = (env: HumanoidEnv): SimAccess["sim"] => (env as unknown as SimAccess).sim;

// Observation blocks (376): qpos[2..] 22 · qvel 23 · cinert 140 · cvel 84 · qfrc_actuator 23 · cfrc_ext 84.
const QVEL = 22;
const CINERT = 45;
const CVEL = 185;
const QFRC = 269;
const CFRC = 292;

function randomAction(rng: Rng, amplitude: number): Float64Array {
  return Float64Array.from({ length: 17 }, () => amplitude * (2 * rng.random() - 1));
}

test("Humanoid model: sizes and masses match docs/tasks.md#humanoid-check-values", async () => {
  const env = await makeHumanoid();
  try {
    const { model, bodyMass } = simOf(env);
    assert.equal(model.nq, 24);
    assert.equal(model.nv, 23);
    assert.equal(model.nu, 17);
    assert.equal(model.nbody, 14);
    assert.equal(model.njnt, 18);
    assert.equal(model.ngeom, 18);
    assert.equal(model.ntendon, 2);
    const expected = [
      0, 8.907462, 2.261947, 6.616194, 4.751751, 2.755696, 1.767146, 4.751751, 2.755696, 1.767146, 1.66108, 1.22954, 1.66108, 1.22954,
    ];
    let total = 0;
    for (let b = 0; b < 14; b++) {
      assert.ok(Math.abs(bodyMass[b]! - expected[b]!) < 5e-7, `body ${b}: ${bodyMass[b]} vs ${expected[b]}`);
      total += bodyMass[b]!;
    }
    assert.ok(Math.abs(total - 42.11603) < 1e-5);
    assert.deepEqual(Array.from(env.actionSpace.low), new Array(17).fill(-0.4));
    assert.deepEqual(Array.from(env.actionSpace.high), new Array(17).fill(0.4));
  } finally {
    env.close();
  }
});

test("Humanoid observation: 376 (378 with positions) in the documented block order", async () => {
  const env = await makeHumanoid({ resetNoiseScale: 0 });
  const withPos = await makeHumanoid({ resetNoiseScale: 0, excludeCurrentPositionsFromObservation: false });
  try {
    assert.deepEqual(env.observationSpace.shape, [376]);
    assert.deepEqual(withPos.observationSpace.shape, [378]);
    const o = env.reset().obs;
    assert.deepEqual(Array.from(o.subarray(0, 5)), [1.4, 1, 0, 0, 0]);
    assert.deepEqual(Array.from(o.subarray(QVEL, CINERT)), new Array(23).fill(0));
    // cinert: world block zero, torso block ends with its mass.
    assert.deepEqual(Array.from(o.subarray(CINERT, CINERT + 10)), new Array(10).fill(0));
    assert.ok(Math.abs(o[CINERT + 19]! - simOf(env).bodyMass[1]!) < 1e-12);
    assert.deepEqual(Array.from(o.subarray(CFRC)), new Array(84).fill(0), "cfrc_ext is zero right after reset");
    const ow = withPos.reset().obs;
    assert.deepEqual(Array.from(ow.subarray(0, 3)), [0, 0, 1.4]);
    assert.deepEqual(Array.from(ow.subarray(2)), Array.from(o));

    // ctrl 0 drives abdomen_y (qvel 7) with gear 100; MuJoCo clamps ctrl to ±0.4; the obs carries qfrc_actuator.
    const a = new Float64Array(17);
    a[0] = 1; // beyond the bound: force 100 · 0.4
    a[6] = -0.25; // right_knee (qvel 12), gear 200
    const s = env.step(a);
    const qfrc = s.obs.subarray(QFRC, CFRC);
    for (let i = 0; i < 23; i++) {
      const want = i === 7 ? 40 : i === 12 ? -50 : 0;
      assert.ok(Math.abs(qfrc[i]! - want) < 1e-12, `qfrc_actuator[${i}] = ${qfrc[i]}, expected ${want}`);
    }
    const { qpos, qvel } = env.getState();
    assert.deepEqual(Array.from(s.obs.subarray(0, QVEL)), Array.from(qpos.subarray(2)));
    assert.deepEqual(Array.from(s.obs.subarray(QVEL, CINERT)), Array.from(qvel));
    // Body-derived blocks are those left by the last substep (no extra mj_forward), i.e. the data arrays.
    const sim = simOf(env);
    assert.deepEqual(Array.from(s.obs.subarray(CINERT, CVEL)), Array.from(sim.dataArray("cinert")));
    assert.deepEqual(Array.from(s.obs.subarray(CVEL, QFRC)), Array.from(sim.dataArray("cvel")));
    assert.deepEqual(Array.from(s.obs.subarray(CFRC)), Array.from(sim.dataArray("cfrc_ext")));
    // The returned observation is a copy: stepping again does not change it.
    const copy = Array.from(s.obs);
    env.step(a);
    assert.deepEqual(Array.from(s.obs), copy);
  } finally {
    env.close();
    withPos.close();
  }
});

test("Humanoid reward = 1.25·mass-centre velocity + 5 − 0.1·Σctrl² (raw action); mass centre from xipos", async () => {
  const env = await makeHumanoid({ resetNoiseScale: 0, terminateWhenUnhealthy: false });
  try {
    env.reset();
    const rng = Rng.fromSeed(2);
    let prevX: number | null = null;
    for (let t = 0; t < 30; t++) {
      const a = randomAction(rng, 0.6); // partly beyond ±0.4: the cost uses the raw numbers
      const s = env.step(a);
      const info = s.info as Record<string, number>;
      let sq = 0;
      for (const v of a) sq += v * v;
      assert.ok(Math.abs(info.rewardQuadctrl! + 0.1 * sq) < 1e-12);
      assert.ok(Math.abs(info.rewardLinvel! - 1.25 * info.xVelocity!) < 1e-12);
      assert.equal(info.forwardReward, info.rewardLinvel);
      assert.ok(Math.abs(s.reward - (info.rewardLinvel! + info.rewardAlive! + info.rewardQuadctrl!)) < 1e-12);
      if (prevX !== null) assert.ok(Math.abs(info.xVelocity! - (info.xPosition! - prevX) / 0.015) < 1e-9);
      prevX = info.xPosition!;
      // Mass centre = Σ m_b xipos_b / Σ m_b over the data as the step left it.
      const sim = simOf(env);
      const xipos = sim.dataArray("xipos");
      let num = 0;
      let den = 0;
      for (let b = 0; b < 14; b++) {
        num += sim.bodyMass[b]! * xipos[3 * b]!;
        den += sim.bodyMass[b]!;
      }
      assert.ok(Math.abs(info.xPosition! - num / den) < 1e-12);
      const healthy = env.getState().qpos[2]! > 1 && env.getState().qpos[2]! < 2;
      assert.equal(info.rewardAlive, healthy ? 5 : 0);
    }
  } finally {
    env.close();
  }
});

test("Humanoid termination: falls below z = 1 under zero action; terminated exactly when unhealthy", async () => {
  const env = await makeHumanoid({ resetNoiseScale: 0 });
  try {
    env.reset();
    let terminatedAt = -1;
    for (let t = 0; t < 200; t++) {
      const s = env.step(new Float64Array(17));
      const z = env.getState().qpos[2]!;
      assert.equal(s.terminated, !(z > 1 && z < 2), `step ${t}: z = ${z}`);
      assert.equal((s.info as Record<string, number>).rewardAlive, 5, "v4 pays the healthy reward on the terminating step too");
      if (s.terminated) {
        terminatedAt = t;
        break;
      }
    }
    assert.ok(terminatedAt > 5, `the humanoid collapses after a few steps, got ${terminatedAt}`);
    assert.throws(() => env.step(new Float64Array(17)), EnvError);
    env.reset();
    const st = env.getState();
    st.qpos[2] = 1.0; // the bounds are strict
    env.setState(st.qpos, st.qvel);
    assert.equal(env.isHealthy(), false);
    st.qpos[2] = 1.0000001;
    env.setState(st.qpos, st.qvel);
    assert.equal(env.isHealthy(), true);
  } finally {
    env.close();
  }
});

test("Humanoid determinism and reset noise U(±0.01) on all qpos and qvel", async () => {
  const a = await makeHumanoid({}, 21);
  const b = await makeHumanoid({}, 21);
  try {
    assert.deepEqual(a.reset().obs, b.reset().obs);
    const rng = Rng.fromSeed(9);
    for (let t = 0; t < 12; t++) {
      const act = randomAction(rng, 0.4);
      const sa = a.step(act);
      const sb = b.step(act);
      assert.deepEqual(sa.obs, sb.obs);
      assert.equal(sa.reward, sb.reward);
      assert.equal(sa.terminated, sb.terminated);
      if (sa.terminated) break;
    }
    const qpos0 = [0, 0, 1.4, 1, ...new Array(20).fill(0)];
    let maxQ = 0;
    let maxV = 0;
    for (let r = 0; r < 20; r++) {
      a.reset();
      const { qpos, qvel } = a.getState();
      for (let i = 0; i < 24; i++) maxQ = Math.max(maxQ, Math.abs(qpos[i]! - qpos0[i]!));
      for (const v of qvel) maxV = Math.max(maxV, Math.abs(v));
    }
    assert.ok(maxQ <= 0.01 && maxQ > 0.009, `qpos noise ${maxQ}`);
    assert.ok(maxV <= 0.01 && maxV > 0.009, `qvel noise ${maxV}`);
    assert.notDeepEqual(a.reset({ seed: 1 }).obs, b.reset({ seed: 2 }).obs);
  } finally {
    a.close();
    b.close();
  }
});

test("Humanoid options: errors name the option; creating and closing many envs does not grow the heap", async () => {
  await assert.rejects(
    HUMANOID_TASK.create({ useContactForces: true }),
    (e: unknown) => e instanceof ConfigError && e.path === "useContactForces",
  );
  await assert.rejects(
    HUMANOID_TASK.create({ forwardRewardWeight: "1" }),
    (e: unknown) => e instanceof ConfigError && e.path === "forwardRewardWeight",
  );
  await assert.rejects(
    HUMANOID_TASK.create({ healthyZRange: [2, 2] }),
    (e: unknown) => e instanceof ConfigError && e.path === "healthyZRange",
  );
  await assert.rejects(
    HUMANOID_TASK.create({ terminateWhenUnhealthy: 1 }),
    (e: unknown) => e instanceof ConfigError && e.path === "terminateWhenUnhealthy",
  );
  assert.deepEqual([...HUMANOID_TASK.optionNames].sort(), Object.keys(HUMANOID_OPTIONS).sort());
  const runtime = await loadMujoco();
  for (let i = 0; i < 20; i++) new HumanoidEnv(runtime).close(); // warm the allocator
  const before = runtime.heapBytes();
  for (let i = 0; i < 300; i++) {
    const env = new HumanoidEnv(runtime, {}, i);
    env.reset();
    env.step(new Float64Array(17));
    env.close();
  }
  assert.equal(runtime.heapBytes(), before, "the WASM heap did not grow over 300 create/close cycles");
  const closed = new HumanoidEnv(runtime);
  closed.close();
  assert.throws(() => closed.reset(), EnvError);
});
