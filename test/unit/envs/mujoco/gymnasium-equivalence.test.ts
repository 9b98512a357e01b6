/**
 * Equivalence with Gymnasium's v4 envs (Python peer: gymnasium[mujoco] 1.2.2, mujoco 3.3.7 — the
 * PyPI release nearest mujoco-js's MuJoCo 3.3.8).
 *
 * For Hopper, Walker2d, HalfCheetah, Swimmer:
 * - model statistics (sizes, body tree, masses, inertias, joints, geoms, actuators, timestep,
 *   frame skip) equal to the Gymnasium asset's within 1e-9;
 * - from the exact initial state (reset noise 0) and the same action sequences (zeros,
 *   0.5 sin(0.1 t + i), seeded uniform), observations, rewards, qpos/qvel and info within 1e-6 for
 *   the first 20 steps and within TOL_200 for 200 steps (or until termination), with identical
 *   termination steps.
 * The maximum deviation per task is printed (diagnostic lines).
 *
 * Under CI=true a missing Python or a failed venv creation fails the test; elsewhere it skips.
 */

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ANT_TASK } from "../../../../src/envs/mujoco/ant";
import { HALF_CHEETAH_TASK } from "../../../../src/envs/mujoco/half-cheetah";
import { HOPPER_TASK } from "../../../../src/envs/mujoco/hopper";
import { HUMANOID_TASK } from "../../../../src/envs/mujoco/humanoid";
import type { MujocoEnv } from "../../../../src/envs/mujoco/mujoco-env";
import { SWIMMER_TASK } from "../../../../src/envs/mujoco/swimmer";
import { WALKER2D_TASK } from "../../../../src/envs/mujoco/walker2d";
import type { TaskSpec } from "../../../../src/envs/task-spec";
import { compareModel, compareRollout, loadPeerReference, type PeerReference } from "./peer-reference";

/**
 * Tolerances on the deviation |ours − ref| / max(|ref|, 1):
 * - model fields: 1e-9 (achieved: 0, bit-identical);
 * - first 20 steps: 1e-6 (the issue's bound; achieved ≤ 1.1e-13);
 * - 200 steps (or until Gymnasium terminates): 1e-9 (achieved ≤ 1.3e-12) — except HalfCheetah with
 *   uniform random actions, whose contact-rich gait is chaotic: the last-bit differences between
 *   native MuJoCo 3.3.7 and the WebAssembly 3.3.8 (≈ 1e-16 from step 14) grow ~10× every 10
 *   steps, stay below 1e-6 for the first 100 steps and reach O(1) by step ~130. For it the long
 *   window is 100 steps at 1e-5; its 200-step deviation is reported, not asserted.
 */
const TOL_MODEL = 1e-9;
const TOL_20 = 1e-6;
const TOL_LONG = 1e-9;
const STEPS = 200;

interface Case {
  spec: TaskSpec;
  /** Label in the output (id plus variant). */
  label: string;
  /** Gymnasium keyword arguments. */
  kwargs: Record<string, unknown>;
  /** Our options (camelCase) for the same variant. */
  options: Record<string, unknown>;
  /** our info key → Gymnasium's */
  infoKeys: Record<string, string>;
  /** Per action sequence: compared window and tolerance when not (STEPS, TOL_LONG). */
  long?: Partial<Record<Sequence, { steps: number; tol: number }>>;
}

type Sequence = "zeros" | "sin" | "random";
const SEQUENCES: readonly Sequence[] = ["zeros", "sin", "random"];

const X_INFO = { xPosition: "x_position", xVelocity: "x_velocity" };
const XY_INFO = {
  xPosition: "x_position",
  yPosition: "y_position",
  distanceFromOrigin: "distance_from_origin",
  xVelocity: "x_velocity",
  yVelocity: "y_velocity",
  forwardReward: "forward_reward",
};
const ANT_INFO = { ...XY_INFO, rewardForward: "reward_forward", rewardCtrl: "reward_ctrl", rewardSurvive: "reward_survive" };
const HUMANOID_INFO = { ...XY_INFO, rewardLinvel: "reward_linvel", rewardQuadctrl: "reward_quadctrl", rewardAlive: "reward_alive" };
const CASES: Case[] = [
  { spec: HOPPER_TASK, label: "Hopper-v4", kwargs: {}, options: {}, infoKeys: X_INFO },
  // Without termination the fallen hopper keeps rolling on the floor: 200 contact-rich steps.
  {
    spec: HOPPER_TASK,
    label: "Hopper-v4 (no termination)",
    kwargs: { terminate_when_unhealthy: false },
    options: { terminateWhenUnhealthy: false },
    infoKeys: X_INFO,
  },
  { spec: WALKER2D_TASK, label: "Walker2d-v4", kwargs: {}, options: {}, infoKeys: X_INFO },
  {
    spec: WALKER2D_TASK,
    label: "Walker2d-v4 (no termination)",
    kwargs: { terminate_when_unhealthy: false },
    options: { terminateWhenUnhealthy: false },
    infoKeys: X_INFO,
  },
  {
    spec: HALF_CHEETAH_TASK,
    label: "HalfCheetah-v4",
    kwargs: {},
    options: {},
    infoKeys: { ...X_INFO, rewardRun: "reward_run", rewardCtrl: "reward_ctrl" },
    long: { random: { steps: 100, tol: 1e-5 } },
  },
  {
    spec: SWIMMER_TASK,
    label: "Swimmer-v4",
    kwargs: {},
    options: {},
    infoKeys: {
      rewardFwd: "reward_fwd",
      rewardCtrl: "reward_ctrl",
      xPosition: "x_position",
      yPosition: "y_position",
      distanceFromOrigin: "distance_from_origin",
      xVelocity: "x_velocity",
      yVelocity: "y_velocity",
      forwardReward: "forward_reward",
    },
  },
  // Ant-v4 and Humanoid-v4 (added by the Ant/Humanoid helper; more cases, with noisy initial
  // states and the contact-force variant, in ./ant-humanoid-equivalence.test.ts).
  // Contact-rich 3D rollouts amplify the last-bit WASM/native differences faster (measured
  // tolerances below; chaotic ones are compared over the window where they stay close).
  { spec: ANT_TASK, label: "Ant-v4", kwargs: {}, options: {}, infoKeys: ANT_INFO, long: { random: { steps: STEPS, tol: 1e-7 } } },
  {
    spec: ANT_TASK,
    label: "Ant-v4 (contact forces, no termination)",
    kwargs: { use_contact_forces: true, terminate_when_unhealthy: false },
    options: { useContactForces: true, terminateWhenUnhealthy: false },
    infoKeys: ANT_INFO,
    long: { sin: { steps: STEPS, tol: 1e-8 }, random: { steps: 80, tol: 1e-5 } },
  },
  { spec: HUMANOID_TASK, label: "Humanoid-v4", kwargs: {}, options: {}, infoKeys: HUMANOID_INFO },
  {
    spec: HUMANOID_TASK,
    label: "Humanoid-v4 (no termination)",
    kwargs: { terminate_when_unhealthy: false },
    options: { terminateWhenUnhealthy: false },
    infoKeys: HUMANOID_INFO,
    long: { zeros: { steps: 100, tol: 1e-5 }, sin: { steps: STEPS, tol: 1e-7 }, random: { steps: STEPS, tol: 1e-8 } },
  },
];

const isCi = process.env.CI === "true";
let reference: PeerReference | null = null;
let skipReason = "";
const summary: string[] = [];

function fmt(x: number): string {
  return x === 0 ? "0" : x.toExponential(2);
}

/** Without the peer: fail under CI (never skip there), skip elsewhere. */
function unavailable(t: { skip(message: string): void }): void {
  if (isCi) assert.fail(`Python peer unavailable under CI=true: ${skipReason}`);
  t.skip(`Python peer unavailable: ${skipReason}`);
}

describe("Gymnasium v4 equivalence (Python peer)", () => {
  before(() => {
    const result = loadPeerReference(
      CASES.map((c) => ({ id: c.spec.id, kwargs: c.kwargs })),
      STEPS,
    );
    if (result.ok) {
      reference = result.data;
      console.log(
        `# peer: gymnasium ${reference.versions.gymnasium}, mujoco ${reference.versions.mujoco}, numpy ${reference.versions.numpy} ` +
          `(venv check + reference data in ${result.seconds.toFixed(1)} s)`,
      );
    } else {
      skipReason = result.reason;
    }
  });

  after(() => {
    if (summary.length > 0) console.log(["# max deviation vs Gymnasium, |ours-ref|/max(|ref|,1):", ...summary].join("\n"));
  });

  CASES.forEach((c, index) => {
    describe(c.label, () => {
      it("compiles to the Gymnasium asset's model (1e-9)", async (t) => {
        if (reference === null) return unavailable(t);
        const peer = reference.tasks[index]!;
        assert.equal(peer.id, c.spec.id);
        const env = (await c.spec.create(c.options)) as MujocoEnv;
        try {
          const dev = compareModel(env, peer);
          const bad = Object.entries(dev).filter(([, d]) => !(d <= TOL_MODEL));
          const max = Math.max(...Object.values(dev));
          summary.push(`# ${c.label} model fields: ${fmt(max)}`);
          assert.deepEqual(bad, [], `fields beyond ${TOL_MODEL}: ${JSON.stringify(bad)}`);
        } finally {
          env.close();
        }
      });

      for (const sequence of SEQUENCES) {
        const long = c.long?.[sequence] ?? { steps: STEPS, tol: TOL_LONG };
        it(`actions "${sequence}": 20 steps ≤ ${TOL_20}, ${long.steps} steps ≤ ${long.tol}, same termination`, async (t) => {
          if (reference === null) return unavailable(t);
          const rollout = reference.tasks[index]!.rollouts[sequence]!;
          const all = await compareRollout(c.spec, c.options, rollout, STEPS, c.infoKeys);
          const upTo = (n: number) => Math.max(0, ...all.perStep.slice(0, n));
          const horizon = all.perStep.findIndex((d) => d > TOL_20);
          const line =
            `# ${c.label} ${sequence}: 20 steps ${fmt(upTo(20))}, ${all.steps} steps ${fmt(upTo(STEPS))}` +
            (long.steps < STEPS ? `, ${long.steps} steps ${fmt(upTo(long.steps))} (≤ ${TOL_20} up to step ${horizon})` : "") +
            ` [obs ${fmt(all.obs)}, reward ${fmt(all.reward)}, qpos/qvel ${fmt(all.state)}, info ${fmt(all.info)}]` +
            `${rollout.steps.at(-1)?.terminated ? ` terminated at step ${rollout.steps.length}` : ""}`;
          summary.push(line);
          t.diagnostic(line);
          const window = Math.min(long.steps, all.steps);
          const mismatch = all.terminationMismatchAt;
          assert.ok(mismatch < 0 || mismatch >= window, `termination differs at step ${mismatch}`);
          assert.ok(all.initialObs <= TOL_20, `initial observation deviates by ${all.initialObs}`);
          assert.ok(upTo(20) <= TOL_20, `20-step deviation ${upTo(20)} > ${TOL_20}`);
          assert.ok(upTo(window) <= long.tol, `${window}-step deviation ${upTo(window)} > ${long.tol}`);
          if (long.steps >= STEPS) assert.equal(all.ourSteps, rollout.steps.length, "episode length differs");
        });
      }
    });
  });
});
