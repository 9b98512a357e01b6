/**
 * `Swimmer-v4`: a three-segment swimmer in a viscous medium that must move forward along x
 * (docs/tasks.md#swimmer). The MJCF below is the complete model (degrees; RK4, timestep 0.01;
 * medium density 4000, viscosity 0.1; no collisions at all).
 *
 * Observation (8): `qpos[2..4]` (three angles) then `qvel[0..4]`, no clipping; 10 with
 * `excludeCurrentPositionsFromObservation: false` (x, y first). Action (2) in [−1, 1] (gear 150).
 * Reward: forwardRewardWeight · ẋ − ctrlCostWeight · Σ aᵢ². Never terminates.
 */
import type { StepInfo } from "../env";
import type { TaskSpec } from "../task-spec";
import { MujocoEnv, type ResolvedOptions, resolveTaskOptions, type StepOutcome } from "./mujoco-env";
import { loadMujoco, type MujocoRuntime } from "./runtime";

/** Swimmer's MJCF. */
export const SWIMMER_XML = `<mujoco model="swimmer">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option timestep="0.01" integrator="RK4" density="4000" viscosity="0.1"/>
  <size memory="256K"/>
  <default>
    <geom contype="0" conaffinity="0" condim="1" density="1000"/>
    <joint armature="0.1" damping="0" stiffness="0"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 -0.1" size="40 40 0.1" condim="3" contype="0" conaffinity="0"/>
    <body name="torso" pos="0 0 0">
      <geom name="torso_geom" type="capsule" fromto="1.5 0 0 0.5 0 0" size="0.1"/>
      <joint name="slider1" type="slide" axis="1 0 0" pos="0 0 0"/>
      <joint name="slider2" type="slide" axis="0 1 0" pos="0 0 0"/>
      <joint name="free_body_rot" type="hinge" axis="0 0 1" pos="0 0 0"/>
      <body name="mid" pos="0.5 0 0">
        <geom name="mid_geom" type="capsule" fromto="0 0 0 -1 0 0" size="0.1"/>
        <joint name="motor1_rot" type="hinge" axis="0 0 1" pos="0 0 0" limited="true" range="-100 100"/>
        <body name="back" pos="-1 0 0">
          <geom name="back_geom" type="capsule" fromto="0 0 0 -1 0 0" size="0.1"/>
          <joint name="motor2_rot" type="hinge" axis="0 0 1" pos="0 0 0" limited="true" range="-100 100"/>
        </body>
      </body>
    </body>
  </worldbody>
  <actuator>
    <motor name="motor1" joint="motor1_rot" gear="150" ctrllimited="true" ctrlrange="-1 1"/>
    <motor name="motor2" joint="motor2_rot" gear="150" ctrllimited="true" ctrlrange="-1 1"/>
  </actuator>
</mujoco>
`;

/** Swimmer's keyword options (Gymnasium v4 names in camelCase, v4 defaults). */
export const SWIMMER_OPTIONS = {
  forwardRewardWeight: { type: "number", default: 1, doc: "weight of the forward velocity ẋ in the reward" },
  ctrlCostWeight: { type: "number", default: 1e-4, min: 0, doc: "weight of Σ aᵢ² subtracted from the reward" },
  resetNoiseScale: { type: "number", default: 0.1, min: 0, doc: "s of the U(±s) reset noise on qpos and qvel (0 = exact qpos0, 0)" },
  excludeCurrentPositionsFromObservation: { type: "boolean", default: true, doc: "drop qpos[0..1] (x, y) from the observation" },
} as const;

/** Resolved Swimmer options. */
export type SwimmerOptions = ResolvedOptions<typeof SWIMMER_OPTIONS>;

/** The `Swimmer-v4` env. */
export class SwimmerEnv extends MujocoEnv {
  readonly options: SwimmerOptions;

  constructor(runtime: MujocoRuntime, options: SwimmerOptions, seed?: number) {
    super(
      runtime,
      {
        id: "Swimmer-v4",
        xml: SWIMMER_XML,
        frameSkip: 4,
        observationSize: options.excludeCurrentPositionsFromObservation ? 8 : 10,
        resetNoise: { qpos: "uniform", qvel: "uniform" },
        resetNoiseScale: options.resetNoiseScale,
      },
      seed,
    );
    this.options = options;
  }

  protected readPosition(out: Float64Array): void {
    const qpos = this.sim.qpos;
    out[0] = qpos[0]!;
    out[1] = qpos[1]!;
  }

  protected writeObservation(out: Float64Array, offset: number): void {
    const qpos = this.sim.qpos;
    const qvel = this.sim.qvel;
    let k = offset;
    for (let i = this.options.excludeCurrentPositionsFromObservation ? 2 : 0; i < qpos.length; i++) out[k++] = qpos[i]!;
    for (let i = 0; i < qvel.length; i++) out[k++] = qvel[i]!;
  }

  protected evaluateStep(action: ArrayLike<number>, velocity: Float64Array, position: Float64Array): StepOutcome {
    const o = this.options;
    const xVelocity = velocity[0]!;
    const yVelocity = velocity[1]!;
    const forwardReward = o.forwardRewardWeight * xVelocity;
    const ctrlCost = o.ctrlCostWeight * MujocoEnv.sumOfSquares(action);
    const reward = forwardReward - ctrlCost;
    const x = position[0]!;
    const y = position[1]!;
    const info: StepInfo = {
      rewardFwd: forwardReward,
      rewardCtrl: -ctrlCost,
      xPosition: x,
      yPosition: y,
      distanceFromOrigin: Math.sqrt(x * x + y * y),
      xVelocity,
      yVelocity,
      forwardReward,
    };
    return { reward, terminated: false, info };
  }
}

/** Task-table entry for `Swimmer-v4`. */
export const SWIMMER_TASK: TaskSpec = {
  id: "Swimmer-v4",
  maxEpisodeSteps: 1000,
  optionNames: Object.keys(SWIMMER_OPTIONS),
  description:
    "MuJoCo three-segment swimmer in a viscous medium, 8-dim observation, 2 torques in [-1, 1], never terminates (Gymnasium v4 semantics)",
  async create(options, seed) {
    const resolved = resolveTaskOptions("Swimmer-v4", SWIMMER_OPTIONS, options);
    return new SwimmerEnv(await loadMujoco(), resolved, seed);
  },
};
