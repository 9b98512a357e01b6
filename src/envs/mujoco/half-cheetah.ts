/**
 * `HalfCheetah-v4`: a planar two-legged "cheetah" that must run forward (docs/tasks.md#halfcheetah).
 * The MJCF below is the complete model (radians; Euler, timestep 0.01; total mass rescaled to 14).
 *
 * Observation (17): `qpos[1..8]` then `qvel[0..8]`, no clipping; 18 with
 * `excludeCurrentPositionsFromObservation: false`. Action (6) in [−1, 1] (gears 120, 90, 60, 120,
 * 60, 30). Reward: forwardRewardWeight · ẋ − ctrlCostWeight · Σ aᵢ². Never terminates.
 * Reset noise: `qpos` += U(±s), `qvel` += s·N(0, 1).
 */
import type { StepInfo } from "../env";
import type { TaskSpec } from "../task-spec";
import { MujocoEnv, type ResolvedOptions, resolveTaskOptions, type StepOutcome } from "./mujoco-env";
import { loadMujoco, type MujocoRuntime } from "./runtime";

/** HalfCheetah's MJCF. */
export const HALF_CHEETAH_XML = `<mujoco model="cheetah">
  <compiler angle="radian" inertiafromgeom="true" settotalmass="14"/>
  <option timestep="0.01" gravity="0 0 -9.81"/>
  <size memory="256K"/>
  <default>
    <joint limited="true" armature="0.1" damping="0.01" stiffness="8" solreflimit="0.02 1" solimplimit="0 0.8 0.03"/>
    <geom contype="1" conaffinity="0" condim="3" friction="0.4 0.1 0.1" solref="0.02 1" solimp="0 0.8 0.01" margin="0" density="1000"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 0" size="40 40 40" conaffinity="1"/>
    <body name="torso" pos="0 0 0.7">
      <joint name="rootx" type="slide" axis="1 0 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rootz" type="slide" axis="0 0 1" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <joint name="rooty" type="hinge" axis="0 1 0" pos="0 0 0" limited="false" armature="0" damping="0" stiffness="0"/>
      <geom name="torso" type="capsule" fromto="-0.5 0 0 0.5 0 0" size="0.046"/>
      <geom name="head" type="capsule" pos="0.6 0 0.1" axisangle="0 1 0 0.87" size="0.046 0.15"/>
      <body name="bthigh" pos="-0.5 0 0">
        <joint name="bthigh" type="hinge" axis="0 1 0" pos="0 0 0" range="-0.52 1.05" stiffness="240" damping="6"/>
        <geom name="bthigh" type="capsule" pos="0.1 0 -0.13" axisangle="0 1 0 -3.8" size="0.046 0.145"/>
        <body name="bshin" pos="0.16 0 -0.25">
          <joint name="bshin" type="hinge" axis="0 1 0" pos="0 0 0" range="-0.785 0.785" stiffness="180" damping="4.5"/>
          <geom name="bshin" type="capsule" pos="-0.14 0 -0.07" axisangle="0 1 0 -2.03" size="0.046 0.15"/>
          <body name="bfoot" pos="-0.28 0 -0.14">
            <joint name="bfoot" type="hinge" axis="0 1 0" pos="0 0 0" range="-0.4 0.785" stiffness="120" damping="3"/>
            <geom name="bfoot" type="capsule" pos="0.03 0 -0.097" axisangle="0 1 0 -0.27" size="0.046 0.094"/>
          </body>
        </body>
      </body>
      <body name="fthigh" pos="0.5 0 0">
        <joint name="fthigh" type="hinge" axis="0 1 0" pos="0 0 0" range="-1 0.7" stiffness="180" damping="4.5"/>
        <geom name="fthigh" type="capsule" pos="-0.07 0 -0.12" axisangle="0 1 0 0.52" size="0.046 0.133"/>
        <body name="fshin" pos="-0.14 0 -0.24">
          <joint name="fshin" type="hinge" axis="0 1 0" pos="0 0 0" range="-1.2 0.87" stiffness="120" damping="3"/>
          <geom name="fshin" type="capsule" pos="0.065 0 -0.09" axisangle="0 1 0 -0.6" size="0.046 0.106"/>
          <body name="ffoot" pos="0.13 0 -0.18">
            <joint name="ffoot" type="hinge" axis="0 1 0" pos="0 0 0" range="-0.5 0.5" stiffness="60" damping="1.5"/>
            <geom name="ffoot" type="capsule" pos="0.045 0 -0.07" axisangle="0 1 0 -0.6" size="0.046 0.07"/>
          </body>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="bthigh" joint="bthigh" gear="120" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="bshin" joint="bshin" gear="90" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="bfoot" joint="bfoot" gear="60" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="fthigh" joint="fthigh" gear="120" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="fshin" joint="fshin" gear="60" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="ffoot" joint="ffoot" gear="30" ctrllimited="true" ctrlrange="-1 1"/>
  </actuator>
</mujoco>
`;

/** HalfCheetah's keyword options (Gymnasium v4 names in camelCase, v4 defaults). */
export const HALF_CHEETAH_OPTIONS = {
  forwardRewardWeight: { type: "number", default: 1, doc: "weight of the forward velocity ẋ in the reward" },
  ctrlCostWeight: { type: "number", default: 0.1, min: 0, doc: "weight of Σ aᵢ² subtracted from the reward" },
  resetNoiseScale: {
    type: "number",
    default: 0.1,
    min: 0,
    doc: "s of the reset noise: U(±s) on qpos, s·N(0,1) on qvel (0 = exact qpos0, 0)",
  },
  excludeCurrentPositionsFromObservation: { type: "boolean", default: true, doc: "drop qpos[0] (x) from the observation" },
} as const;

/** Resolved HalfCheetah options. */
export type HalfCheetahOptions = ResolvedOptions<typeof HALF_CHEETAH_OPTIONS>;

/** The `HalfCheetah-v4` env. */
export class HalfCheetahEnv extends MujocoEnv {
  readonly options: HalfCheetahOptions;

  constructor(runtime: MujocoRuntime, options: HalfCheetahOptions, seed?: number) {
    super(
      runtime,
      {
        id: "HalfCheetah-v4",
        xml: HALF_CHEETAH_XML,
        frameSkip: 5,
        observationSize: options.excludeCurrentPositionsFromObservation ? 17 : 18,
        resetNoise: { qpos: "uniform", qvel: "normal" },
        resetNoiseScale: options.resetNoiseScale,
      },
      seed,
    );
    this.options = options;
  }

  protected readPosition(out: Float64Array): void {
    out[0] = this.sim.qpos[0]!;
  }

  protected writeObservation(out: Float64Array, offset: number): void {
    const qpos = this.sim.qpos;
    const qvel = this.sim.qvel;
    let k = offset;
    for (let i = this.options.excludeCurrentPositionsFromObservation ? 1 : 0; i < qpos.length; i++) out[k++] = qpos[i]!;
    for (let i = 0; i < qvel.length; i++) out[k++] = qvel[i]!;
  }

  protected evaluateStep(action: ArrayLike<number>, velocity: Float64Array, position: Float64Array): StepOutcome {
    const o = this.options;
    const xVelocity = velocity[0]!;
    const ctrlCost = o.ctrlCostWeight * MujocoEnv.sumOfSquares(action);
    const forwardReward = o.forwardRewardWeight * xVelocity;
    const reward = forwardReward - ctrlCost;
    const info: StepInfo = { xPosition: position[0]!, xVelocity, rewardRun: forwardReward, rewardCtrl: -ctrlCost };
    return { reward, terminated: false, info };
  }
}

/** Task-table entry for `HalfCheetah-v4`. */
export const HALF_CHEETAH_TASK: TaskSpec = {
  id: "HalfCheetah-v4",
  maxEpisodeSteps: 1000,
  optionNames: Object.keys(HALF_CHEETAH_OPTIONS),
  description: "MuJoCo planar half-cheetah runner, 17-dim observation, 6 torques in [-1, 1], never terminates (Gymnasium v4 semantics)",
  async create(options, seed) {
    const resolved = resolveTaskOptions("HalfCheetah-v4", HALF_CHEETAH_OPTIONS, options);
    return new HalfCheetahEnv(await loadMujoco(), resolved, seed);
  },
};
