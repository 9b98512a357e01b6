/**
 * `Walker2d-v4`: a planar biped (torso and two three-segment legs) that must walk forward
 * without falling (docs/tasks.md#walker2d). The MJCF below is the complete model; the two feet have
 * unequal friction (right 0.9, left 1.9), as in v2–v4.
 *
 * Observation (17): `qpos[1..8]` then `qvel[0..8]` clipped to [−10, 10]; 18 with
 * `excludeCurrentPositionsFromObservation: false`. Action (6): torques / 100 in [−1, 1].
 * Reward: forwardRewardWeight · ẋ + healthyReward − ctrlCostWeight · Σ aᵢ².
 * Healthy: `qpos[1]` strictly inside healthyZRange and `qpos[2]` strictly inside
 * healthyAngleRange (no state-range test).
 */
import type { TaskSpec } from "../task-spec";
import { type ResolvedOptions, resolveTaskOptions } from "./mujoco-env";
import { PlanarWalkerEnv } from "./planar-walker";
import { loadMujoco, type MujocoRuntime } from "./runtime";

/**
 * Lengths as the Gymnasium v4 asset holds them (docs/tasks.md#reference-rollouts): its local coordinates are float
 * results of a global-to-local conversion, one ulp away from the clean decimals (0.2, 0.225,
 * 0.7). Using the same doubles makes the compiled model bit-identical, so contact events — and
 * whole rollouts — coincide with Gymnasium's (with the clean decimals the zero-action Hopper
 * rollout departs by 2e-3 at step 11).
 */
const L = {
  torsoHalf: "0.19999999999999996", // 0.2
  thighBodyZ: "-0.19999999999999996", // −0.2
  thighHalf: "0.22500000000000003", // 0.225
  thighGeomZ: "-0.22500000000000009", // −0.225
  legBodyZ: "-0.70000000000000007", // −0.7
} as const;

const FOOT_QUAT = "0.70710678118654757 0 -0.70710678118654746 0"; // −90° about y

function leg(suffix: string, footFriction: string): string {
  return `
      <body name="thigh${suffix}" pos="0 0 ${L.thighBodyZ}">
        <joint name="thigh${suffix}_joint" type="hinge" axis="0 -1 0" pos="0 0 0" limited="true" range="-150 0" armature="0.01" damping="0.1" stiffness="0"/>
        <geom name="thigh${suffix}_geom" type="capsule" pos="0 0 ${L.thighGeomZ}" size="0.05 ${L.thighHalf}" friction="0.9 0.1 0.1"/>
        <body name="leg${suffix}" pos="0 0 ${L.legBodyZ}">
          <joint name="leg${suffix}_joint" type="hinge" axis="0 -1 0" pos="0 0 0.25" limited="true" range="-150 0" armature="0.01" damping="0.1" stiffness="0"/>
          <geom name="leg${suffix}_geom" type="capsule" pos="0 0 0" size="0.04 0.25" friction="0.9 0.1 0.1"/>
          <body name="foot${suffix}" pos="0.2 0 -0.35">
            <joint name="foot${suffix}_joint" type="hinge" axis="0 -1 0" pos="-0.2 0 0.1" limited="true" range="-45 45" armature="0.01" damping="0.1" stiffness="0"/>
            <geom name="foot${suffix}_geom" type="capsule" pos="-0.1 0 0.1" quat="${FOOT_QUAT}" size="0.06 0.1" friction="${footFriction}"/>
          </body>
        </body>
      </body>`;
}

/** Walker2d's MJCF (degrees; RK4, timestep 0.002; local coordinates). */
export const WALKER2D_XML = `<mujoco model="walker2d">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option timestep="0.002" integrator="RK4"/>
  <size memory="256K"/>
  <default>
    <geom contype="1" conaffinity="0" condim="3" density="1000" friction="0.7 0.1 0.1"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 0" size="40 40 40" contype="1" conaffinity="1" condim="3" friction="0.7 0.1 0.1"/>
    <body name="torso" pos="0 0 1.25">
      <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 -1.25" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 -1.25" ref="1.25" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <geom name="torso_geom" type="capsule" pos="0 0 0" size="0.05 ${L.torsoHalf}" friction="0.9 0.1 0.1"/>${leg("", "0.9 0.1 0.1")}${leg("_left", "1.9 0.1 0.1")}
    </body>
  </worldbody>
  <actuator>
    <motor name="thigh_motor" joint="thigh_joint" gear="100" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="leg_motor" joint="leg_joint" gear="100" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="foot_motor" joint="foot_joint" gear="100" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="thigh_left_motor" joint="thigh_left_joint" gear="100" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="leg_left_motor" joint="leg_left_joint" gear="100" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="foot_left_motor" joint="foot_left_joint" gear="100" ctrllimited="true" ctrlrange="-1 1"/>
  </actuator>
</mujoco>
`;

/** Walker2d's keyword options (Gymnasium v4 names in camelCase, v4 defaults). */
export const WALKER2D_OPTIONS = {
  forwardRewardWeight: { type: "number", default: 1, doc: "weight of the forward velocity ẋ in the reward" },
  ctrlCostWeight: { type: "number", default: 1e-3, min: 0, doc: "weight of Σ aᵢ² subtracted from the reward" },
  healthyReward: { type: "number", default: 1, doc: "reward paid on every step (v4: also on the terminating step)" },
  terminateWhenUnhealthy: { type: "boolean", default: true, doc: "end the episode (terminated) when not healthy" },
  healthyZRange: { type: "range", default: [0.8, 2.0], doc: "open interval for the torso height qpos[1]" },
  healthyAngleRange: { type: "range", default: [-1, 1], doc: "open interval for the torso pitch qpos[2] (rad)" },
  resetNoiseScale: { type: "number", default: 5e-3, min: 0, doc: "s of the U(±s) reset noise on qpos and qvel (0 = exact qpos0, 0)" },
  excludeCurrentPositionsFromObservation: { type: "boolean", default: true, doc: "drop qpos[0] (x) from the observation" },
} as const;

/** Resolved Walker2d options. */
export type Walker2dOptions = ResolvedOptions<typeof WALKER2D_OPTIONS>;

/** The `Walker2d-v4` env. */
export class Walker2dEnv extends PlanarWalkerEnv {
  readonly options: Walker2dOptions;

  constructor(runtime: MujocoRuntime, options: Walker2dOptions, seed?: number) {
    super(
      runtime,
      {
        id: "Walker2d-v4",
        xml: WALKER2D_XML,
        frameSkip: 4,
        observationSize: options.excludeCurrentPositionsFromObservation ? 17 : 18,
        resetNoise: { qpos: "uniform", qvel: "uniform" },
        resetNoiseScale: options.resetNoiseScale,
      },
      seed,
    );
    this.options = options;
  }

  /** The v4 health test (strict inequalities; NaN is unhealthy). */
  isHealthy(): boolean {
    const qpos = this.sim.qpos;
    const [zLo, zHi] = this.options.healthyZRange;
    const [aLo, aHi] = this.options.healthyAngleRange;
    const z = qpos[1]!;
    const angle = qpos[2]!;
    return z > zLo && z < zHi && angle > aLo && angle < aHi;
  }
}

/** Task-table entry for `Walker2d-v4`. */
export const WALKER2D_TASK: TaskSpec = {
  id: "Walker2d-v4",
  maxEpisodeSteps: 1000,
  optionNames: Object.keys(WALKER2D_OPTIONS),
  description: "MuJoCo planar biped walker, 17-dim observation, 6 torques in [-1, 1] (Gymnasium v4 semantics)",
  async create(options, seed) {
    const resolved = resolveTaskOptions("Walker2d-v4", WALKER2D_OPTIONS, options);
    return new Walker2dEnv(await loadMujoco(), resolved, seed);
  },
};
