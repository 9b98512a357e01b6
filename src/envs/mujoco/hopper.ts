/**
 * `Hopper-v4`: a one-legged planar hopper (torso, thigh, leg, foot) that must hop forward
 * without falling (docs/tasks.md#hopper). The MJCF below is the complete model.
 *
 * Observation (11): `qpos[1..5]` (height, torso pitch, thigh, leg, foot angles) then `qvel[0..5]`
 * clipped to [−10, 10]; 12 with `excludeCurrentPositionsFromObservation: false` (`qpos[0]` first).
 * Action (3): joint torques / 200 in [−1, 1].
 * Reward: forwardRewardWeight · ẋ + healthyReward − ctrlCostWeight · Σ aᵢ² (healthy reward paid on
 * every step in v4, including the terminating one).
 * Healthy: every entry of (`qpos[2..5]`, `qvel`) strictly inside healthyStateRange, `qpos[1]`
 * strictly inside healthyZRange, `qpos[2]` strictly inside healthyAngleRange (NaN fails).
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

/** Hopper's MJCF (degrees; RK4, timestep 0.002; local coordinates). */
export const HOPPER_XML = `<mujoco model="hopper">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option timestep="0.002" integrator="RK4"/>
  <size memory="256K"/>
  <default>
    <geom contype="1" conaffinity="1" condim="1" margin="0.001" solref="0.02 1" solimp="0.8 0.8 0.01" density="1000"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 0" size="20 20 0.125" condim="3"/>
    <body name="torso" pos="0 0 1.25">
      <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 -1.25" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 -1.25" ref="1.25" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <geom name="torso_geom" type="capsule" pos="0 0 0" size="0.05 ${L.torsoHalf}" friction="0.9"/>
      <body name="thigh" pos="0 0 ${L.thighBodyZ}">
        <joint name="thigh_joint" type="hinge" axis="0 -1 0" pos="0 0 0" limited="true" range="-150 0" armature="1" damping="1" stiffness="0"/>
        <geom name="thigh_geom" type="capsule" pos="0 0 ${L.thighGeomZ}" size="0.05 ${L.thighHalf}" friction="0.9"/>
        <body name="leg" pos="0 0 ${L.legBodyZ}">
          <joint name="leg_joint" type="hinge" axis="0 -1 0" pos="0 0 0.25" limited="true" range="-150 0" armature="1" damping="1" stiffness="0"/>
          <geom name="leg_geom" type="capsule" pos="0 0 0" size="0.04 0.25" friction="0.9"/>
          <body name="foot" pos="0.13 0 -0.35">
            <joint name="foot_joint" type="hinge" axis="0 -1 0" pos="-0.13 0 0.1" limited="true" range="-45 45" armature="1" damping="1" stiffness="0"/>
            <geom name="foot_geom" type="capsule" pos="-0.065 0 0.1" quat="0.70710678118654757 0 -0.70710678118654746 0" size="0.06 0.195" friction="2.0"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="thigh_motor" joint="thigh_joint" gear="200" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="leg_motor" joint="leg_joint" gear="200" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="foot_motor" joint="foot_joint" gear="200" ctrllimited="true" ctrlrange="-1 1"/>
  </actuator>
</mujoco>
`;

/** Hopper's keyword options (Gymnasium v4 names in camelCase, v4 defaults). */
export const HOPPER_OPTIONS = {
  forwardRewardWeight: { type: "number", default: 1, doc: "weight of the forward velocity ẋ in the reward" },
  ctrlCostWeight: { type: "number", default: 1e-3, min: 0, doc: "weight of Σ aᵢ² subtracted from the reward" },
  healthyReward: { type: "number", default: 1, doc: "reward paid on every step (v4: also on the terminating step)" },
  terminateWhenUnhealthy: { type: "boolean", default: true, doc: "end the episode (terminated) when not healthy" },
  healthyStateRange: { type: "range", default: [-100, 100], doc: "open interval for qpos[2..5] and every qvel entry" },
  healthyZRange: { type: "range", default: [0.7, Infinity], doc: "open interval for the torso height qpos[1]" },
  healthyAngleRange: { type: "range", default: [-0.2, 0.2], doc: "open interval for the torso pitch qpos[2] (rad)" },
  resetNoiseScale: { type: "number", default: 5e-3, min: 0, doc: "s of the U(±s) reset noise on qpos and qvel (0 = exact qpos0, 0)" },
  excludeCurrentPositionsFromObservation: { type: "boolean", default: true, doc: "drop qpos[0] (x) from the observation" },
} as const;

/** Resolved Hopper options. */
export type HopperOptions = ResolvedOptions<typeof HOPPER_OPTIONS>;

/** The `Hopper-v4` env. Create it with {@link HOPPER_TASK}.create or `makeEnv("Hopper-v4")`. */
export class HopperEnv extends PlanarWalkerEnv {
  readonly options: HopperOptions;

  constructor(runtime: MujocoRuntime, options: HopperOptions, seed?: number) {
    super(
      runtime,
      {
        id: "Hopper-v4",
        xml: HOPPER_XML,
        frameSkip: 4,
        observationSize: options.excludeCurrentPositionsFromObservation ? 11 : 12,
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
    const qvel = this.sim.qvel;
    const [sLo, sHi] = this.options.healthyStateRange;
    for (let i = 2; i < qpos.length; i++) if (!(qpos[i]! > sLo && qpos[i]! < sHi)) return false;
    for (let i = 0; i < qvel.length; i++) if (!(qvel[i]! > sLo && qvel[i]! < sHi)) return false;
    const [zLo, zHi] = this.options.healthyZRange;
    const [aLo, aHi] = this.options.healthyAngleRange;
    const z = qpos[1]!;
    const angle = qpos[2]!;
    return z > zLo && z < zHi && angle > aLo && angle < aHi;
  }
}

/** Task-table entry for `Hopper-v4`. */
export const HOPPER_TASK: TaskSpec = {
  id: "Hopper-v4",
  maxEpisodeSteps: 1000,
  optionNames: Object.keys(HOPPER_OPTIONS),
  description: "MuJoCo one-legged hopper, 11-dim observation, 3 torques in [-1, 1] (Gymnasium v4 semantics)",
  async create(options, seed) {
    const resolved = resolveTaskOptions("Hopper-v4", HOPPER_OPTIONS, options);
    return new HopperEnv(await loadMujoco(), resolved, seed);
  },
};
