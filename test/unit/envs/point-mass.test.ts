import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../../src/core/errors";
import type { Env, StepResult } from "../../../src/envs/env";
import { POINT_MASS_TARGETS, PointMassEnv } from "../../../src/envs/point-mass";
import { makeEnv } from "../../../src/envs/registry";

const clip1 = (x: number): number => Math.max(-1, Math.min(1, x));

/** a = clip(3·(G − p) − v, −1, 1) towards the first uncollected target among `order`. */
function controller(obs: Float64Array, order: readonly number[]): number[] {
  const k = order.find((i) => obs[4 + i] === 0);
  if (k === undefined) return [0, 0];
  const g = POINT_MASS_TARGETS[k]!;
  return [clip1(3 * (g.x - obs[0]!) - obs[2]!), clip1(3 * (g.y - obs[1]!) - obs[3]!)];
}

function runEpisode(env: Env, policy: (obs: Float64Array) => ArrayLike<number>): StepResult[] {
  let obs = env.reset().obs;
  const steps: StepResult[] = [];
  for (let t = 0; t < 1000; t++) {
    const s = env.step(policy(obs));
    steps.push(s);
    obs = s.obs;
    if (s.terminated || s.truncated) break;
  }
  return steps;
}

const close = (a: number, b: number, tol = 1e-7): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test("test vector: constant action (1, 0) — G1 on step 6, p = (0.7565938, 0) and v = (1, 0) after 10 steps", () => {
  const raw = new PointMassEnv();
  raw.reset();
  const steps = Array.from({ length: 10 }, () => raw.step([1, 0]));
  assert.deepEqual(
    steps.map((s) => s.reward),
    [0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
  );
  const speeds = steps.map((s) => Math.hypot(s.obs[2]!, s.obs[3]!));
  assert.ok(speeds[5]! < 1 && speeds[6] === 1, "speed cap binds from step 7");
  const last = steps[9]!.obs;
  close(last[0]!, 0.7565938);
  assert.equal(last[1], 0);
  assert.equal(last[2], 1);
  assert.equal(last[3], 0);
  assert.deepEqual(Array.from(last.subarray(4)), [1, 0, 0, 0.9]);
  assert.equal(steps[5]!.info.targetsCollected, 1);
});

test("test vector through makeEnv (default delay 100): the only non-zero reward is 1 on step 100", async () => {
  const env = await makeEnv("PointMass-v0");
  const steps = runEpisode(env, () => [1, 0]);
  assert.equal(steps.length, 100);
  assert.equal(steps[99]!.truncated, true);
  assert.equal(steps[99]!.terminated, false);
  assert.deepEqual(
    steps.flatMap((s, i) => (s.reward !== 0 ? [[i + 1, s.reward]] : [])),
    [[100, 1]],
  );
  assert.equal(steps[5]!.info.rawReward, 1);
  assert.deepEqual(steps[99]!.info.episode, { return: 1, length: 100 });
  assert.equal(steps[99]!.obs[7], 0, "remaining-time entry reaches 0 at t = 100");
  // Walls: x is clamped at 1 with vx = 0 once the point arrives.
  assert.equal(steps[99]!.obs[0], 1);
  assert.equal(steps[99]!.obs[2], 0);
});

test("test vector: zero action gives 100 steps and return 0", async () => {
  const env = await makeEnv("PointMass-v0");
  const steps = runEpisode(env, () => [0, 0]);
  assert.equal(steps.length, 100);
  assert.deepEqual(steps[99]!.info.episode, { return: 0, length: 100 });
  assert.ok(steps.every((s) => s.obs[0] === 0 && s.obs[1] === 0));
});

test("test vector: the greedy controller G1 → G2 → G3 terminates on step 39 with return 7 (G1 on step 8)", async () => {
  const env = await makeEnv("PointMass-v0");
  const steps = runEpisode(env, (obs) => controller(obs, [0, 1, 2]));
  assert.equal(steps.length, 39);
  assert.equal(steps[38]!.terminated, true);
  assert.equal(steps[38]!.truncated, false);
  assert.equal(steps[38]!.reward, 7, "the bank is paid on the terminating step");
  assert.ok(steps.slice(0, 38).every((s) => s.reward === 0));
  assert.deepEqual(steps[38]!.info.episode, { return: 7, length: 39 });
  assert.equal(steps.findIndex((s) => s.info.rawReward === 1) + 1, 8);
});

test("test vector: aimed at G3 only, G3 on step 13, 100 steps, return 4", async () => {
  const env = await makeEnv("PointMass-v0", { delay: 0 });
  const steps = runEpisode(env, (obs) => controller(obs, [2]));
  assert.equal(steps.length, 100);
  assert.equal(steps.findIndex((s) => s.reward === 4) + 1, 13);
  assert.deepEqual(steps[99]!.info.episode, { return: 4, length: 100 });
});

test("wall clamps position and zeroes that velocity component", () => {
  const raw = new PointMassEnv();
  raw.reset();
  let s = raw.step([-1, -1]);
  for (let t = 0; t < 30; t++) s = raw.step([-1, -1]);
  assert.deepEqual(Array.from(s.obs.subarray(0, 4)), [-1, -1, 0, 0]);
});

test("action noise: seeded, reproducible, and re-seeded by reset({ seed })", () => {
  const trajectory = (env: PointMassEnv, seed?: number): number[] => {
    const out: number[] = [];
    out.push(...env.reset(seed === undefined ? undefined : { seed }).obs);
    for (let t = 0; t < 20; t++) out.push(...env.step([0.2, -0.1]).obs);
    return out;
  };
  const a = trajectory(new PointMassEnv({ actionNoise: 0.3 }, 4));
  const b = trajectory(new PointMassEnv({ actionNoise: 0.3 }, 4));
  const c = trajectory(new PointMassEnv({ actionNoise: 0.3 }, 5));
  const d = trajectory(new PointMassEnv({ actionNoise: 0.3 }, 99), 4);
  const clean = trajectory(new PointMassEnv({}, 4));
  assert.deepEqual(a, b);
  assert.deepEqual(a, d);
  assert.notDeepEqual(a, c);
  assert.notDeepEqual(a, clean);
  // Noise is not re-clipped: with σ large, |v| changes by more than the clipped gain allows.
  const wild = new PointMassEnv({ actionNoise: 50 }, 1);
  wild.reset();
  assert.ok(Math.hypot(...Array.from(wild.step([0, 0]).obs.subarray(2, 4))) > 0.2 * Math.SQRT2);
});

test("drift: |w| = δ in a seeded random direction per episode, not observed", () => {
  const env = new PointMassEnv({ drift: 0.2 }, 8);
  const directions: number[] = [];
  for (let e = 0; e < 4; e++) {
    env.reset();
    const o = env.step([0, 0]).obs;
    close(Math.hypot(o[0]!, o[1]!), 0.02, 1e-12); // p = 0.1·w
    assert.equal(o[2], 0);
    directions.push(Math.atan2(o[1]!, o[0]!));
  }
  assert.equal(new Set(directions).size, 4, "a new direction every episode");
});

test("options are validated by name with the allowed range", () => {
  assert.throws(
    () => new PointMassEnv({ actionNoise: -0.1 }),
    (e: unknown) => e instanceof ConfigError && e.message === "actionNoise: got -0.1; allowed: a finite number ≥ 0",
  );
  assert.throws(
    () => new PointMassEnv({ drift: "big" }),
    (e: unknown) => e instanceof ConfigError && /^drift: got "big"/.test(e.message),
  );
  assert.throws(
    () => new PointMassEnv({ noise: 1 }),
    (e: unknown) => e instanceof ConfigError && e.message === "noise: unknown option for PointMass-v0; allowed options: actionNoise, drift",
  );
});
