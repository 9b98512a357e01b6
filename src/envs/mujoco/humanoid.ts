/**
 * `Humanoid-v4`: a 3D bipedal robot (docs/tasks.md#humanoid), with Gymnasium v4 semantics.
 *
 * - **Model**: {@link HUMANOID_XML}, the complete model; it compiles to the
 *   same `mjModel` as Gymnasium's v4 asset (checked field by field, bit for bit, with MuJoCo
 *   3.3.7). Free-jointed torso, 17 hinges, 2 passive fixed tendons: nq 24, nv 23, nu 17;
 *   timestep 0.003, RK4, PGS solver with 50 iterations, frame skip 5 (dt 0.015 s).
 * - **Observation (376 by default)**: `qpos[2..23]` (22) · `qvel` (23) · `cinert` (14 × 10) ·
 *   `cvel` (14 × 6) · `qfrc_actuator` (23) · `cfrc_ext` (14 × 6), world body blocks included
 *   (always 0), no clipping. With `excludeCurrentPositionsFromObservation: false` `qpos[0..1]`
 *   come first (378). Body-derived quantities are read as the last substep left them (no extra
 *   `mj_forward`, docs/tasks.md#common-protocol); `cfrc_ext` is all zero right after a reset.
 * - **Action (17)**: motor controls in [−0.4, 0.4] (ctrl 0 drives abdomen_y, docs/tasks.md#humanoid-actuators). Not
 *   clipped by the env; MuJoCo clamps the control.
 * - **Reward (v4)** = forwardRewardWeight · (Δ mass-centre x)/dt + healthyReward (paid also on
 *   the terminating step when `terminateWhenUnhealthy`) − ctrlCostWeight · Σ ctrlᵢ² (raw
 *   action). No contact cost in v4. Mass centre = Σ_b m_b·`xipos[b]` / Σ_b m_b.
 * - **Healthy** iff z = `qpos[2]` lies strictly inside `healthyZRange`. Not healthy ⇒ terminated
 *   (when `terminateWhenUnhealthy`).
 * - **Reset**: U(±s) on all 24 `qpos` and all 23 `qvel` entries, s = `resetNoiseScale`.
 * - **Info**: `rewardLinvel`, `rewardQuadctrl`, `rewardAlive`, `xPosition`, `yPosition` (mass
 *   centre), `distanceFromOrigin`, `xVelocity`, `yVelocity`, `forwardReward`.
 */
import type { Env } from "../env";
import type { TaskSpec } from "../task-spec";
import { MujocoEnv, type OptionSchema, type ResolvedOptions, resolveTaskOptions, type StepOutcome } from "./mujoco-env";
import { loadMujoco, type MujocoRuntime } from "./runtime";

/** Registered id. */
export const HUMANOID_ID = "Humanoid-v4";

/** Actuated joints and gears in `ctrl` order (docs/tasks.md#humanoid-actuators). */
const HUMANOID_ACTUATORS: readonly (readonly [string, number])[] = [
  ["abdomen_y", 100],
  ["abdomen_z", 100],
  ["abdomen_x", 100],
  ["right_hip_x", 100],
  ["right_hip_z", 100],
  ["right_hip_y", 300],
  ["right_knee", 200],
  ["left_hip_x", 100],
  ["left_hip_z", 100],
  ["left_hip_y", 300],
  ["left_knee", 200],
  ["right_shoulder1", 25],
  ["right_shoulder2", 25],
  ["right_elbow", 25],
  ["left_shoulder1", 25],
  ["left_shoulder2", 25],
  ["left_elbow", 25],
];

/**
 * MJCF of the humanoid (docs/tasks.md#humanoid). Visual-only elements
 * are left out; `size memory` bounds the per-`MjData` arena (docs/tasks.md#mujoco-js-notes).
 */
export const HUMANOID_XML = `<mujoco model="humanoid">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option timestep="0.003" integrator="RK4" solver="PGS" iterations="50"/>
  <size memory="256K"/>
  <default>
    <joint limited="true" armature="1" damping="1" stiffness="0"/>
    <geom contype="1" conaffinity="1" condim="1" margin="0.001" density="1000"/>
    <motor ctrllimited="true" ctrlrange="-0.4 0.4"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 0" size="20 20 0.125" condim="3" friction="1 0.1 0.1"/>
    <body name="torso" pos="0 0 1.4">
      <joint name="root" type="free" pos="0 0 0" armature="0" damping="0" stiffness="0" limited="false"/>
      <geom name="torso1" type="capsule" fromto="0 -0.07 0 0 0.07 0" size="0.07"/>
      <geom name="head" type="sphere" pos="0 0 0.19" size="0.09"/>
      <geom name="uwaist" type="capsule" fromto="-0.01 -0.06 -0.12 -0.01 0.06 -0.12" size="0.06"/>
      <body name="lwaist" pos="-0.01 0 -0.26" quat="1 0 -0.002 0">
        <geom name="lwaist" type="capsule" fromto="0 -0.06 0 0 0.06 0" size="0.06"/>
        <joint name="abdomen_z" type="hinge" pos="0 0 0.065" axis="0 0 1" range="-45 45" stiffness="20" damping="5" armature="0.02"/>
        <joint name="abdomen_y" type="hinge" pos="0 0 0.065" axis="0 1 0" range="-75 30" stiffness="10" damping="5" armature="0.02"/>
        <body name="pelvis" pos="0 0 -0.165" quat="1 0 -0.002 0">
          <joint name="abdomen_x" type="hinge" pos="0 0 0.1" axis="1 0 0" range="-35 35" stiffness="10" damping="5" armature="0.02"/>
          <geom name="butt" type="capsule" fromto="-0.02 -0.07 0 -0.02 0.07 0" size="0.09"/>
          <body name="right_thigh" pos="0 -0.1 -0.04">
            <joint name="right_hip_x" type="hinge" pos="0 0 0" axis="1 0 0" range="-25 5" stiffness="10" damping="5" armature="0.01"/>
            <joint name="right_hip_z" type="hinge" pos="0 0 0" axis="0 0 1" range="-60 35" stiffness="10" damping="5" armature="0.01"/>
            <joint name="right_hip_y" type="hinge" pos="0 0 0" axis="0 1 0" range="-110 20" stiffness="20" damping="5" armature="0.008"/>
            <geom name="right_thigh1" type="capsule" fromto="0 0 0 0 0.01 -0.34" size="0.06"/>
            <body name="right_shin" pos="0 0.01 -0.403">
              <joint name="right_knee" type="hinge" pos="0 0 0.02" axis="0 -1 0" range="-160 -2" stiffness="0" damping="1" armature="0.006"/>
              <geom name="right_shin1" type="capsule" fromto="0 0 0 0 0 -0.3" size="0.049"/>
              <body name="right_foot" pos="0 0 -0.45">
                <geom name="right_foot" type="sphere" pos="0 0 0.1" size="0.075"/>
              </body>
            </body>
          </body>
          <body name="left_thigh" pos="0 0.1 -0.04">
            <joint name="left_hip_x" type="hinge" pos="0 0 0" axis="-1 0 0" range="-25 5" stiffness="10" damping="5" armature="0.01"/>
            <joint name="left_hip_z" type="hinge" pos="0 0 0" axis="0 0 -1" range="-60 35" stiffness="10" damping="5" armature="0.01"/>
            <joint name="left_hip_y" type="hinge" pos="0 0 0" axis="0 1 0" range="-110 20" stiffness="20" damping="5" armature="0.01"/>
            <geom name="left_thigh1" type="capsule" fromto="0 0 0 0 -0.01 -0.34" size="0.06"/>
            <body name="left_shin" pos="0 -0.01 -0.403">
              <joint name="left_knee" type="hinge" pos="0 0 0.02" axis="0 -1 0" range="-160 -2" stiffness="1" damping="1" armature="0.006"/>
              <geom name="left_shin1" type="capsule" fromto="0 0 0 0 0 -0.3" size="0.049"/>
              <body name="left_foot" pos="0 0 -0.45">
                <geom name="left_foot" type="sphere" pos="0 0 0.1" size="0.075"/>
              </body>
            </body>
          </body>
        </body>
      </body>
      <body name="right_upper_arm" pos="0 -0.17 0.06">
        <joint name="right_shoulder1" type="hinge" pos="0 0 0" axis="2 1 1" range="-85 60" stiffness="1" damping="1" armature="0.0068"/>
        <joint name="right_shoulder2" type="hinge" pos="0 0 0" axis="0 -1 1" range="-85 60" stiffness="1" damping="1" armature="0.0051"/>
        <geom name="right_uarm1" type="capsule" fromto="0 0 0 0.16 -0.16 -0.16" size="0.04"/>
        <body name="right_lower_arm" pos="0.18 -0.18 -0.18">
          <joint name="right_elbow" type="hinge" pos="0 0 0" axis="0 -1 1" range="-90 50" stiffness="0" damping="1" armature="0.0028"/>
          <geom name="right_larm" type="capsule" fromto="0.01 0.01 0.01 0.17 0.17 0.17" size="0.031"/>
          <geom name="right_hand" type="sphere" pos="0.18 0.18 0.18" size="0.04"/>
        </body>
      </body>
      <body name="left_upper_arm" pos="0 0.17 0.06">
        <joint name="left_shoulder1" type="hinge" pos="0 0 0" axis="2 -1 1" range="-60 85" stiffness="1" damping="1" armature="0.0068"/>
        <joint name="left_shoulder2" type="hinge" pos="0 0 0" axis="0 1 1" range="-60 85" stiffness="1" damping="1" armature="0.0051"/>
        <geom name="left_uarm1" type="capsule" fromto="0 0 0 0.16 0.16 -0.16" size="0.04"/>
        <body name="left_lower_arm" pos="0.18 0.18 -0.18">
          <joint name="left_elbow" type="hinge" pos="0 0 0" axis="0 -1 -1" range="-90 50" stiffness="0" damping="1" armature="0.0028"/>
          <geom name="left_larm" type="capsule" fromto="0.01 -0.01 0.01 0.17 -0.17 0.17" size="0.031"/>
          <geom name="left_hand" type="sphere" pos="0.18 -0.18 0.18" size="0.04"/>
        </body>
      </body>
    </body>
  </worldbody>
  <tendon>
    <fixed name="left_hipknee">
      <joint joint="left_hip_y" coef="-1"/>
      <joint joint="left_knee" coef="1"/>
    </fixed>
    <fixed name="right_hipknee">
      <joint joint="right_hip_y" coef="-1"/>
      <joint joint="right_knee" coef="1"/>
    </fixed>
  </tendon>
  <actuator>
${HUMANOID_ACTUATORS.map(([j, g]) => `    <motor name="${j}" joint="${j}" gear="${g}"/>`).join("\n")}
  </actuator>
</mujoco>
`;

/** Keyword options of `Humanoid-v4` (Gymnasium v4's, in camelCase) with their defaults. */
export const HUMANOID_OPTIONS = {
  forwardRewardWeight: { type: "number", default: 1.25, min: 0, doc: "weight of the mass-centre forward velocity" },
  ctrlCostWeight: { type: "number", default: 0.1, min: 0, doc: "weight of the control cost Σctrlᵢ²" },
  healthyReward: { type: "number", default: 5, doc: "reward per step for staying healthy" },
  terminateWhenUnhealthy: { type: "boolean", default: true, doc: "terminate the episode when the humanoid is not healthy" },
  healthyZRange: { type: "range", default: [1.0, 2.0], doc: "open range of the torso height qpos[2] that counts as healthy" },
  resetNoiseScale: { type: "number", default: 1e-2, min: 0, doc: "s: qpos += U(±s), qvel += U(±s) at reset" },
  excludeCurrentPositionsFromObservation: { type: "boolean", default: true, doc: "leave the torso x, y out of the observation" },
} as const satisfies OptionSchema;

/** Resolved `Humanoid-v4` options. */
export type HumanoidOptions = ResolvedOptions<typeof HUMANOID_OPTIONS>;

const NQ = 24;
const NV = 23;
const NBODY = 14;

/** The raw (unwrapped) `Humanoid-v4` env. Use `makeEnv("Humanoid-v4", …)` for the wrapped one. */
export class HumanoidEnv extends MujocoEnv {
  /** The resolved options. */
  readonly options: HumanoidOptions;
  private readonly qposStart: number;
  private readonly forwardRewardWeight: number;
  private readonly ctrlCostWeight: number;
  private readonly healthyReward: number;
  private readonly terminateWhenUnhealthy: boolean;
  private readonly zLow: number;
  private readonly zHigh: number;
  /** Body masses (nbody) and their sum, for the mass centre. */
  private readonly mass: Float64Array;
  private readonly totalMass: number;
  private xiposView: Float64Array = new Float64Array(0);
  private cinertView: Float64Array = new Float64Array(0);
  private cvelView: Float64Array = new Float64Array(0);
  private qfrcActuatorView: Float64Array = new Float64Array(0);
  private cfrcExtView: Float64Array = new Float64Array(0);

  /**
   * @param runtime the loaded module (`loadMujoco()`).
   * @param options keyword options (see {@link HUMANOID_OPTIONS}).
   * @param seed seeds the reset noise (default 0); `reset({ seed })` re-seeds.
   * @throws ConfigError for an unknown option or a bad value.
   */
  constructor(runtime: MujocoRuntime, options: Readonly<Record<string, unknown>> = {}, seed?: number) {
    const opts = resolveTaskOptions(HUMANOID_ID, HUMANOID_OPTIONS, options);
    const positions = opts.excludeCurrentPositionsFromObservation ? NQ - 2 : NQ;
    super(
      runtime,
      {
        id: HUMANOID_ID,
        xml: HUMANOID_XML,
        frameSkip: 5,
        observationSize: positions + NV + NBODY * 10 + NBODY * 6 + NV + NBODY * 6,
        resetNoise: { qpos: "uniform", qvel: "uniform" },
        resetNoiseScale: opts.resetNoiseScale,
        needsContactForces: true,
      },
      seed,
    );
    this.options = opts;
    this.qposStart = opts.excludeCurrentPositionsFromObservation ? 2 : 0;
    this.forwardRewardWeight = opts.forwardRewardWeight;
    this.ctrlCostWeight = opts.ctrlCostWeight;
    this.healthyReward = opts.healthyReward;
    this.terminateWhenUnhealthy = opts.terminateWhenUnhealthy;
    [this.zLow, this.zHigh] = opts.healthyZRange;
    this.mass = this.sim.bodyMass;
    let total = 0;
    for (let b = 0; b < this.mass.length; b++) total += this.mass[b]!;
    this.totalMass = total;
  }

  /** Re-acquire all cached views when heap growth has detached them (they detach together). */
  private views(): void {
    const sim = this.sim;
    this.xiposView = sim.dataArray("xipos");
    this.cinertView = sim.dataArray("cinert");
    this.cvelView = sim.dataArray("cvel");
    this.qfrcActuatorView = sim.dataArray("qfrc_actuator");
    this.cfrcExtView = sim.dataArray("cfrc_ext");
  }

  /** Mass centre (x, y) = Σ_b m_b·`xipos[b]` / Σ_b m_b. */
  protected readPosition(out: Float64Array): void {
    if (this.xiposView.length === 0) this.views();
    const xipos = this.xiposView;
    const mass = this.mass;
    let x = 0;
    let y = 0;
    for (let b = 0; b < mass.length; b++) {
      x += mass[b]! * xipos[3 * b]!;
      y += mass[b]! * xipos[3 * b + 1]!;
    }
    out[0] = x / this.totalMass;
    out[1] = y / this.totalMass;
  }

  protected writeObservation(out: Float64Array, offset: number): void {
    if (this.xiposView.length === 0) this.views();
    const sim = this.sim;
    const qpos = sim.qpos;
    const qvel = sim.qvel;
    let k = offset;
    for (let i = this.qposStart; i < NQ; i++) out[k++] = qpos[i]!;
    out.set(qvel, k);
    k += NV;
    out.set(this.cinertView, k);
    k += NBODY * 10;
    out.set(this.cvelView, k);
    k += NBODY * 6;
    out.set(this.qfrcActuatorView, k);
    k += NV;
    out.set(this.cfrcExtView, k);
  }

  /** Healthy iff `healthyZRange[0] < qpos[2] < healthyZRange[1]`. */
  isHealthy(): boolean {
    const z = this.sim.qpos[2]!;
    return this.zLow < z && z < this.zHigh;
  }

  protected evaluateStep(action: ArrayLike<number>, velocity: Float64Array, position: Float64Array): StepOutcome {
    const healthy = this.isHealthy();
    const xVelocity = velocity[0]!;
    const yVelocity = velocity[1]!;
    const ctrlCost = this.ctrlCostWeight * MujocoEnv.sumOfSquares(action); // ctrl holds the raw action
    const forwardReward = this.forwardRewardWeight * xVelocity;
    const healthyReward = healthy || this.terminateWhenUnhealthy ? this.healthyReward : 0;
    const rewards = forwardReward + healthyReward;
    const x = position[0]!;
    const y = position[1]!;
    return {
      reward: rewards - ctrlCost,
      terminated: this.terminateWhenUnhealthy && !healthy,
      info: {
        rewardLinvel: forwardReward,
        rewardQuadctrl: -ctrlCost,
        rewardAlive: healthyReward,
        xPosition: x,
        yPosition: y,
        distanceFromOrigin: Math.sqrt(x * x + y * y),
        xVelocity,
        yVelocity,
        forwardReward,
      },
    };
  }

  override close(): void {
    this.xiposView = this.cinertView = this.cvelView = this.qfrcActuatorView = this.cfrcExtView = new Float64Array(0);
    super.close();
  }
}

/** Registry entry of `Humanoid-v4` (1000-step limit; options {@link HUMANOID_OPTIONS}). */
export const HUMANOID_TASK: TaskSpec = {
  id: HUMANOID_ID,
  maxEpisodeSteps: 1000,
  optionNames: Object.keys(HUMANOID_OPTIONS),
  description: "Humanoid: 3D biped, 17 motors, 1.25·forward velocity + 5 alive − 0.1·Σctrl² (Gymnasium v4)",
  async create(options: Readonly<Record<string, unknown>>, seed?: number): Promise<Env> {
    resolveTaskOptions(HUMANOID_ID, HUMANOID_OPTIONS, options); // option errors before the module loads
    return new HumanoidEnv(await loadMujoco(), options, seed);
  },
};
