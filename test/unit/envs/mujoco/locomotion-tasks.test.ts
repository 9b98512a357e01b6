/**
 * Hopper-v4, Walker2d-v4, HalfCheetah-v4, Swimmer-v4: observation layout and length, action
 * space, reward terms recombining to the reward, forward velocity, health/termination rules,
 * reset noise (scale 0 = exact initial state, bounds and laws), determinism by seed, misuse
 * errors, and option validation.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, EnvError } from "../../../../src/core/errors";
import { HALF_CHEETAH_TASK } from "../../../../src/envs/mujoco/half-cheetah";
import { HOPPER_TASK, type HopperEnv } from "../../../../src/envs/mujoco/hopper";
import type { MujocoEnv } from "../../../../src/envs/mujoco/mujoco-env";
import { sumOfSquares } from "../../../../src/envs/mujoco/mujoco-env";
import { SWIMMER_TASK } from "../../../../src/envs/mujoco/swimmer";
import { MUJOCO_TASKS } from "../../../../src/envs/mujoco/tasks";
import { WALKER2D_TASK, type Walker2dEnv } from "../../../../src/envs/mujoco/walker2d";
import type { TaskSpec } from "../../../../src/envs/task-spec";

interface Layout {
  spec: TaskSpec;
  nq: number;
  nv: number;
  nu: number;
  obs: number;
  /** qpos entries dropped by default. */
  excluded: number;
  clipVelocity: boolean;
  /** info terms that add up to the reward (with their sign already in the value). */
  rewardTerms: string[];
  qpos0: number[];
  dt: number;
}

const LAYOUTS: Layout[] = [
  {
    spec: HOPPER_TASK,
    nq: 6,
    nv: 6,
    nu: 3,
    obs: 11,
    excluded: 1,
    clipVelocity: true,
    rewardTerms: ["rewardForward", "rewardSurvive", "rewardCtrl"],
    qpos0: [0, 1.25, 0, 0, 0, 0],
    dt: 0.008,
  },
  {
    spec: WALKER2D_TASK,
    nq: 9,
    nv: 9,
    nu: 6,
    obs: 17,
    excluded: 1,
    clipVelocity: true,
    rewardTerms: ["rewardForward", "rewardSurvive", "rewardCtrl"],
    qpos0: [0, 1.25, 0, 0, 0, 0, 0, 0, 0],
    dt: 0.008,
  },
  {
    spec: HALF_CHEETAH_TASK,
    nq: 9,
    nv: 9,
    nu: 6,
    obs: 17,
    excluded: 1,
    clipVelocity: false,
    rewardTerms: ["rewardRun", "rewardCtrl"],
    qpos0: [0, 0, 0, 0, 0, 0, 0, 0, 0],
    dt: 0.05,
  },
  {
    spec: SWIMMER_TASK,
    nq: 5,
    nv: 5,
    nu: 2,
    obs: 8,
    excluded: 2,
    clipVelocity: false,
    rewardTerms: ["rewardFwd", "rewardCtrl"],
    qpos0: [0, 0, 0, 0, 0],
    dt: 0.04,
  },
];

function randomActions(nu: number, steps: number, seed: number): number[][] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
  return Array.from({ length: steps }, () => Array.from({ length: nu }, next));
}

async function make(spec: TaskSpec, options: Record<string, unknown> = {}, seed?: number): Promise<MujocoEnv> {
  return (await spec.create(options, seed)) as MujocoEnv;
}

describe("MuJoCo locomotion tasks", () => {
  it("are listed in MUJOCO_TASKS with a 1000-step limit and their option names", () => {
    for (const l of LAYOUTS) {
      const entry = MUJOCO_TASKS.find((t) => t.id === l.spec.id);
      assert.ok(entry, l.spec.id);
      assert.equal(entry.maxEpisodeSteps, 1000);
      assert.ok(entry.optionNames.includes("resetNoiseScale") && entry.optionNames.includes("excludeCurrentPositionsFromObservation"));
    }
  });

  for (const l of LAYOUTS) {
    describe(l.spec.id, () => {
      it("has the documented sizes, spaces, dt and observation layout", async () => {
        const noTermination = l.rewardTerms.includes("rewardSurvive") ? { terminateWhenUnhealthy: false } : {};
        const env = await make(l.spec, { resetNoiseScale: 0.05, ...noTermination }, 3);
        try {
          assert.equal(env.simulation.nq, l.nq);
          assert.equal(env.simulation.nv, l.nv);
          assert.deepEqual(env.actionSpace.shape, [l.nu]);
          assert.deepEqual(Array.from(env.actionSpace.low), new Array(l.nu).fill(-1));
          assert.deepEqual(Array.from(env.actionSpace.high), new Array(l.nu).fill(1));
          assert.deepEqual(env.observationSpace.shape, [l.obs]);
          assert.ok(Math.abs(env.dt - l.dt) < 1e-15, `dt ${env.dt}`);
          const { obs } = env.reset();
          assert.equal(obs.length, l.obs);
          // Drive it somewhere with large velocities, then check the layout entry by entry.
          for (const a of randomActions(l.nu, 40, 7)) {
            const last = env.step(a.map((x) => 3 * x)).obs;
            const { qpos, qvel } = env.getState();
            const expected = [
              ...Array.from(qpos).slice(l.excluded),
              ...Array.from(qvel).map((v) => (l.clipVelocity ? Math.max(-10, Math.min(10, v)) : v)),
            ];
            assert.deepEqual(Array.from(last), expected);
          }
          // Velocities beyond ±10 (set directly): clipped in the observation for Hopper/Walker2d only.
          const qpos = env.getState().qpos;
          const qvel = Array.from({ length: l.nv }, (_, i) => (i % 2 === 0 ? 25 : -12.5) * (i + 1));
          const obs2 = env.setState(qpos, qvel);
          const tail = Array.from(obs2).slice(l.obs - l.nv);
          assert.deepEqual(
            tail,
            qvel.map((v) => (l.clipVelocity ? Math.max(-10, Math.min(10, v)) : v)),
          );
        } finally {
          env.close();
        }
      });

      it("keeps x (and y) with excludeCurrentPositionsFromObservation: false", async () => {
        const env = await make(l.spec, { excludeCurrentPositionsFromObservation: false, resetNoiseScale: 0 });
        try {
          assert.deepEqual(env.observationSpace.shape, [l.obs + l.excluded]);
          const { obs } = env.reset();
          assert.deepEqual(Array.from(obs), [...l.qpos0, ...new Array(l.nv).fill(0)]);
        } finally {
          env.close();
        }
      });

      it("resets to exactly (qpos0, 0) with resetNoiseScale 0, whatever the seed", async () => {
        const env = await make(l.spec, { resetNoiseScale: 0 });
        try {
          for (const seed of [0, 1, 99]) {
            env.reset({ seed });
            const { qpos, qvel } = env.getState();
            assert.deepEqual(Array.from(qpos), l.qpos0);
            assert.deepEqual(Array.from(qvel), new Array(l.nv).fill(0));
          }
        } finally {
          env.close();
        }
      });

      it("reward terms recombine to the reward; forward velocity is Δx / dt", async () => {
        const env = await make(l.spec, {}, 5);
        try {
          env.reset();
          for (const a of randomActions(l.nu, 25, 11)) {
            const x0 = env.getState().qpos[0]!;
            const { reward, info, terminated } = env.step(a);
            const x1 = env.getState().qpos[0]!;
            const sum = l.rewardTerms.reduce((s, k) => s + (info[k] as number), 0);
            assert.ok(Math.abs(sum - reward) <= 1e-12 * Math.max(1, Math.abs(reward)), `${sum} vs ${reward}`);
            assert.equal(info.xPosition, x1);
            assert.ok(Math.abs((info.xVelocity as number) - (x1 - x0) / env.dt) <= 1e-9);
            const ctrl = -(info.rewardCtrl as number);
            const weight = { "Hopper-v4": 1e-3, "Walker2d-v4": 1e-3, "HalfCheetah-v4": 0.1, "Swimmer-v4": 1e-4 }[l.spec.id]!;
            assert.ok(Math.abs(ctrl - weight * a.reduce((s, x) => s + x * x, 0)) <= 1e-15);
            if (terminated) break;
          }
        } finally {
          env.close();
        }
      });

      it("is deterministic by seed (create seed and reset seed), different seeds differ", async () => {
        const run = async (createSeed: number | undefined, resetSeed: number | undefined) => {
          const env = await make(l.spec, {}, createSeed);
          try {
            const out: number[] = Array.from(env.reset(resetSeed === undefined ? {} : { seed: resetSeed }).obs);
            for (const a of randomActions(l.nu, 10, 3)) {
              const s = env.step(a);
              out.push(...s.obs, s.reward);
              if (s.terminated) break;
            }
            out.push(...env.reset().obs); // the stream continues without a seed
            return out;
          } finally {
            env.close();
          }
        };
        assert.deepEqual(await run(4, undefined), await run(4, undefined));
        assert.deepEqual(await run(undefined, 4), await run(17, 4));
        assert.notDeepEqual(await run(4, undefined), await run(5, undefined));
      });

      it("rejects misuse: step before reset, wrong action length, non-finite actions", async () => {
        const env = await make(l.spec);
        try {
          assert.throws(
            () => env.step(new Array(l.nu).fill(0)),
            (e: unknown) => e instanceof EnvError && /reset/.test(e.message),
          );
          env.reset();
          assert.throws(
            () => env.step(new Array(l.nu + 1).fill(0)),
            (e: unknown) => e instanceof EnvError && new RegExp(`expected ${l.nu}`).test(e.message),
          );
          const bad = new Array(l.nu).fill(0);
          bad[0] = NaN;
          assert.throws(() => env.step(bad), EnvError);
          // Out-of-range actions are allowed (MuJoCo clamps the control; the cost uses the raw value).
          const big = env.step(new Array(l.nu).fill(5));
          assert.ok(
            Math.abs(
              -(big.info.rewardCtrl as number) -
                { "Hopper-v4": 1e-3, "Walker2d-v4": 1e-3, "HalfCheetah-v4": 0.1, "Swimmer-v4": 1e-4 }[l.spec.id]! * 25 * l.nu,
            ) < 1e-12,
          );
        } finally {
          env.close();
        }
      });
    });
  }

  it("reset noise follows each task's law and scale", async () => {
    const s = 0.2;
    const cases: [TaskSpec, "uniform" | "normal"][] = [
      [HOPPER_TASK, "uniform"],
      [WALKER2D_TASK, "uniform"],
      [HALF_CHEETAH_TASK, "normal"],
      [SWIMMER_TASK, "uniform"],
    ];
    for (const [spec, qvelLaw] of cases) {
      const env = await make(spec, { resetNoiseScale: s }, 1);
      try {
        const qpos0 = env.simulation.qpos0;
        const dq: number[] = [];
        const dv: number[] = [];
        for (let k = 0; k < 200; k++) {
          env.reset();
          const { qpos, qvel } = env.getState();
          for (const [i, v] of qpos.entries()) dq.push(v - qpos0[i]!);
          dv.push(...qvel);
        }
        assert.ok(
          dq.every((d) => Math.abs(d) <= s),
          `${spec.id}: qpos noise beyond ±${s}`,
        );
        const std = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + x * x, 0) / xs.length);
        assert.ok(Math.abs(std(dq) - s / Math.sqrt(3)) < 0.1 * s, `${spec.id}: qpos noise std ${std(dq)}`);
        if (qvelLaw === "uniform") {
          assert.ok(
            dv.every((d) => Math.abs(d) <= s),
            `${spec.id}: qvel noise beyond ±${s}`,
          );
          assert.ok(Math.abs(std(dv) - s / Math.sqrt(3)) < 0.1 * s);
        } else {
          assert.ok(
            dv.some((d) => Math.abs(d) > s),
            `${spec.id}: normal qvel noise never exceeded s`,
          );
          assert.ok(Math.abs(std(dv) - s) < 0.1 * s, `${spec.id}: qvel noise std ${std(dv)}`);
        }
      } finally {
        env.close();
      }
    }
  });

  describe("health and termination", () => {
    it("Hopper: strict state, height and angle ranges; NaN is unhealthy", async () => {
      const env = (await make(HOPPER_TASK, { resetNoiseScale: 0 })) as HopperEnv;
      try {
        env.reset();
        const zero6 = [0, 0, 0, 0, 0, 0];
        const check = (qpos: number[], qvel: number[]) => {
          env.setState(qpos, qvel);
          return env.isHealthy();
        };
        assert.equal(check([0, 1.25, 0, 0, 0, 0], zero6), true);
        assert.equal(check([0, 0.7, 0, 0, 0, 0], zero6), false); // z must be > 0.7
        assert.equal(check([0, 0.7001, 0, 0, 0, 0], zero6), true);
        assert.equal(check([0, 50, 0, 0, 0, 0], zero6), true); // no upper height bound
        assert.equal(check([0, 1.25, 0.2, 0, 0, 0], zero6), false); // angle must be < 0.2
        assert.equal(check([0, 1.25, -0.1999, 0, 0, 0], zero6), true);
        assert.equal(check([0, 1.25, 0, 0, 0, 0], [100, 0, 0, 0, 0, 0]), false); // |state| < 100
        assert.equal(check([0, 1.25, 0, 0, 0, 0], [0, 0, 0, 0, 0, 99.9]), true);
        assert.equal(check([500, 1.25, 0, 0, 0, 0], zero6), true); // qpos[0] is not checked
        assert.equal(check([0, 1.25, 0, 0, NaN, 0], zero6), false);
      } finally {
        env.close();
      }
    });

    it("Hopper: a fall terminates (healthy reward still paid on that step); stepping on needs reset", async () => {
      const env = await make(HOPPER_TASK, { resetNoiseScale: 0 });
      try {
        env.reset();
        env.setState([0, 0.75, 0.19, 0, 0, 0], [0, -3, 2, 0, 0, 0]); // falling, tipping over
        let last = env.step([0, 0, 0]);
        let n = 1;
        while (!last.terminated && n < 50) {
          last = env.step([0, 0, 0]);
          n++;
        }
        assert.equal(last.terminated, true);
        assert.equal(last.truncated, false);
        assert.equal(last.info.rewardSurvive, 1);
        assert.throws(
          () => env.step([0, 0, 0]),
          (e: unknown) => e instanceof EnvError && /terminated/.test(e.message),
        );
        env.reset();
        assert.equal(env.step([0, 0, 0]).terminated, false);
      } finally {
        env.close();
      }
    });

    it("terminateWhenUnhealthy: false never terminates and pays no healthy reward while unhealthy", async () => {
      const env = await make(HOPPER_TASK, { resetNoiseScale: 0, terminateWhenUnhealthy: false, healthyReward: 2 });
      try {
        env.reset();
        assert.equal(env.step([0, 0, 0]).info.rewardSurvive, 2);
        env.setState([0, 0.5, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0]);
        const s = env.step([0, 0, 0]);
        assert.equal(s.terminated, false);
        assert.equal(s.info.rewardSurvive, 0);
      } finally {
        env.close();
      }
    });

    it("Walker2d: strict height (0.8, 2.0) and angle (−1, 1) ranges, no state-range test; custom ranges", async () => {
      const env = (await make(WALKER2D_TASK, { resetNoiseScale: 0 })) as Walker2dEnv;
      const custom = (await make(WALKER2D_TASK, { healthyZRange: [0.5, null], healthyAngleRange: [-2, 2] })) as Walker2dEnv;
      try {
        env.reset();
        custom.reset();
        const v0 = new Array(9).fill(0);
        const at = (e: Walker2dEnv, z: number, angle: number, v = v0) => {
          e.setState([0, z, angle, 0, 0, 0, 0, 0, 0], v);
          return e.isHealthy();
        };
        assert.equal(at(env, 1.25, 0), true);
        assert.equal(at(env, 0.8, 0), false);
        assert.equal(at(env, 2.0, 0), false);
        assert.equal(at(env, 1.99, 0.99), true);
        assert.equal(at(env, 1.25, -1), false);
        assert.equal(at(env, 1.25, 0, [0, 0, 500, 0, 0, 0, 0, 0, 0]), true);
        assert.equal(at(custom, 0.6, 1.5), true);
        assert.equal(at(custom, 30, 0), true);
        assert.equal(at(custom, 0.5, 0), false);
      } finally {
        env.close();
        custom.close();
      }
    });

    it("HalfCheetah and Swimmer never terminate", async () => {
      for (const spec of [HALF_CHEETAH_TASK, SWIMMER_TASK]) {
        const env = await make(spec, {}, 2);
        try {
          env.reset();
          for (const a of randomActions(env.actionSpace.shape[0]!, 100, 9)) assert.equal(env.step(a.map((x) => 4 * x)).terminated, false);
        } finally {
          env.close();
        }
      }
    });
  });

  describe("options", () => {
    it("unknown keys name the key and list the allowed ones", async () => {
      await assert.rejects(
        HOPPER_TASK.create({ forwardRewardWieght: 1 }),
        (e: unknown) =>
          e instanceof ConfigError &&
          e.path === "forwardRewardWieght" &&
          /allowed options: forwardRewardWeight, ctrlCostWeight/.test(e.message),
      );
      await assert.rejects(
        SWIMMER_TASK.create({ healthyReward: 1 }),
        (e: unknown) => e instanceof ConfigError && e.path === "healthyReward",
      );
    });

    it("bad values name the key, the value and what is allowed", async () => {
      const cases: [TaskSpec, Record<string, unknown>, string, RegExp][] = [
        [HOPPER_TASK, { ctrlCostWeight: -1 }, "ctrlCostWeight", /^ctrlCostWeight: got -1; allowed: a finite number ≥ 0$/],
        [HOPPER_TASK, { resetNoiseScale: "0.1" }, "resetNoiseScale", /finite number/],
        [HOPPER_TASK, { forwardRewardWeight: Infinity }, "forwardRewardWeight", /finite number/],
        [HOPPER_TASK, { terminateWhenUnhealthy: 1 }, "terminateWhenUnhealthy", /got 1; allowed: true or false/],
        [HOPPER_TASK, { healthyZRange: [1, 0.5] }, "healthyZRange", /low < high/],
        [WALKER2D_TASK, { healthyAngleRange: [0] }, "healthyAngleRange", /\[low, high\]/],
        [HALF_CHEETAH_TASK, { excludeCurrentPositionsFromObservation: "no" }, "excludeCurrentPositionsFromObservation", /true or false/],
      ];
      for (const [spec, options, key, pattern] of cases) {
        await assert.rejects(
          spec.create(options),
          (e: unknown) => e instanceof ConfigError && e.path === key && pattern.test(e.message),
          `${spec.id} ${key}`,
        );
      }
    });

    it("weights change the reward as documented", async () => {
      const base = await make(HALF_CHEETAH_TASK, { resetNoiseScale: 0 });
      const scaled = await make(HALF_CHEETAH_TASK, { resetNoiseScale: 0, forwardRewardWeight: 2, ctrlCostWeight: 0.5 });
      try {
        base.reset();
        scaled.reset();
        for (const a of randomActions(6, 5, 1)) {
          const b = base.step(a);
          const s = scaled.step(a);
          assert.ok(Math.abs((s.info.rewardRun as number) - 2 * (b.info.rewardRun as number)) < 1e-12);
          assert.ok(Math.abs((s.info.rewardCtrl as number) - 5 * (b.info.rewardCtrl as number)) < 1e-12);
        }
      } finally {
        base.close();
        scaled.close();
      }
    });
  });

  it("sumOfSquares adds in NumPy's pairwise order", () => {
    // For n ≥ 8 NumPy sums eight interleaved partial sums; the order changes the last bits.
    const x = [1e4, 1, 1e-3, 3, 7, 0.1, 1e4, 0.2, 5, 1e-4, 9];
    const r = x.map((v) => v * v);
    const sequential = r.reduce((a, b) => a + b, 0);
    // n = 11: one block of 8 partial sums, then the tail (3 entries) added one by one.
    const numpyOrder = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!)) + r[8]! + r[9]! + r[10]!;
    assert.equal(sumOfSquares(x), numpyOrder);
    assert.notEqual(sequential, numpyOrder, "test input does not distinguish the orders");
    assert.equal(sumOfSquares([3, 4]), 25);
  });
});
