/**
 * `Ant-v4`: a four-legged robot on a plane (docs/tasks.md#ant), with Gymnasium v4 semantics.
 *
 * - **Model**: {@link ANT_XML}, the complete model; it compiles to the same
 *   `mjModel` as Gymnasium's v4 asset (checked field by field, bit for bit, with MuJoCo 3.3.7).
 *   Free-jointed torso plus four 2-hinge legs: nq 15, nv 14, nu 8; timestep 0.01, RK4,
 *   frame skip 5 (dt 0.05 s).
 * - **Observation (27 by default)**: `qpos[2..14]` then `qvel[0..13]`, no clipping. With
 *   `excludeCurrentPositionsFromObservation: false` `qpos[0..1]` come first (29). With
 *   `useContactForces: true` the 84 entries of `cfrc_ext` (14 bodies × (torque 3, force 3),
 *   world body first) clipped to `contactForceRange` follow (111 / 113).
 * - **Action (8)**: motor controls in [−1, 1] in the order hip_4, ankle_4, hip_1, ankle_1, hip_2,
 *   ankle_2, hip_3, ankle_3 (gear 150). Not clipped by the env; MuJoCo clamps the control.
 * - **Reward (v4)** = forward velocity of the torso frame origin (`xpos[torso].x`)
 *   + healthyReward (paid also on the terminating step when `terminateWhenUnhealthy`)
 *   − ctrlCostWeight·Σaᵢ² [− contactCostWeight·Σ clip(cfrc_ext)² when `useContactForces`].
 * - **Healthy** iff every `qpos`/`qvel` entry is finite and z = `qpos[2]` lies in
 *   `healthyZRange` (inclusive). Not healthy ⇒ terminated (when `terminateWhenUnhealthy`).
 * - **Reset**: `qpos` += U(±s) (all 15 entries, quaternion included), `qvel` += s·N(0, 1),
 *   s = `resetNoiseScale`.
 * - **Info**: `rewardForward`, `rewardCtrl` (−control cost; −contact cost when contact forces are
 *   on — Gymnasium v4's quirk, kept), `rewardSurvive`, `xPosition`, `yPosition`,
 *   `distanceFromOrigin`, `xVelocity`, `yVelocity`, `forwardReward`.
 */
import type { Env } from "../env";
import type { TaskSpec } from "../task-spec";
import { clip, MujocoEnv, type OptionSchema, type ResolvedOptions, resolveTaskOptions, type StepOutcome } from "./mujoco-env";
import { loadMujoco, type MujocoRuntime } from "./runtime";

/** Registered id. */
export const ANT_ID = "Ant-v4";

/** One leg of the ant: horizontal direction and names (docs/tasks.md#ant-legs). */
interface AntLeg {
  readonly dx: number;
  readonly dy: number;
  readonly upper: string;
  readonly upperGeom: string;
  readonly middle: string;
  readonly middleGeom: string;
  readonly lower: string;
  readonly lowerGeom: string;
  readonly hip: string;
  readonly ankle: string;
  readonly ankleAxis: string;
  readonly ankleRange: string;
}

const ANT_LEGS: readonly AntLeg[] = [
  {
    dx: 1,
    dy: 1,
    upper: "front_left_leg",
    upperGeom: "aux_1_geom",
    middle: "aux_1",
    middleGeom: "left_leg_geom",
    lower: "foot_1",
    lowerGeom: "left_ankle_geom",
    hip: "hip_1",
    ankle: "ankle_1",
    ankleAxis: "-1 1 0",
    ankleRange: "30 70",
  },
  {
    dx: -1,
    dy: 1,
    upper: "front_right_leg",
    upperGeom: "aux_2_geom",
    middle: "aux_2",
    middleGeom: "right_leg_geom",
    lower: "foot_2",
    lowerGeom: "right_ankle_geom",
    hip: "hip_2",
    ankle: "ankle_2",
    ankleAxis: "1 1 0",
    ankleRange: "-70 -30",
  },
  {
    dx: -1,
    dy: -1,
    upper: "back_leg",
    upperGeom: "aux_3_geom",
    middle: "aux_3",
    middleGeom: "back_leg_geom",
    lower: "foot_3",
    lowerGeom: "third_ankle_geom",
    hip: "hip_3",
    ankle: "ankle_3",
    ankleAxis: "-1 1 0",
    ankleRange: "-70 -30",
  },
  {
    dx: 1,
    dy: -1,
    upper: "right_back_leg",
    upperGeom: "aux_4_geom",
    middle: "aux_4",
    middleGeom: "rightback_leg_geom",
    lower: "foot_4",
    lowerGeom: "fourth_ankle_geom",
    hip: "hip_4",
    ankle: "ankle_4",
    ankleAxis: "1 1 0",
    ankleRange: "30 70",
  },
];

/** Actuated joints in `ctrl` order (docs/tasks.md#ant-coordinates-and-actuators: differs from the joint order). */
const ANT_ACTUATED_JOINTS = ["hip_4", "ankle_4", "hip_1", "ankle_1", "hip_2", "ankle_2", "hip_3", "ankle_3"] as const;

function antLegXml(leg: AntLeg): string {
  const p = (k: number): string => `${k * leg.dx} ${k * leg.dy} 0`;
  return `
      <body name="${leg.upper}" pos="0 0 0">
        <geom name="${leg.upperGeom}" type="capsule" fromto="0 0 0 ${p(0.2)}" size="0.08"/>
        <body name="${leg.middle}" pos="${p(0.2)}">
          <joint name="${leg.hip}" type="hinge" pos="0 0 0" axis="0 0 1" range="-30 30"/>
          <geom name="${leg.middleGeom}" type="capsule" fromto="0 0 0 ${p(0.2)}" size="0.08"/>
          <body name="${leg.lower}" pos="${p(0.2)}">
            <joint name="${leg.ankle}" type="hinge" pos="0 0 0" axis="${leg.ankleAxis}" range="${leg.ankleRange}"/>
            <geom name="${leg.lowerGeom}" type="capsule" fromto="0 0 0 ${p(0.4)}" size="0.08"/>
          </body>
        </body>
      </body>`;
}

/**
 * MJCF of the ant (docs/tasks.md#ant). Visual-only elements are
 * left out; `size memory` bounds the per-`MjData` arena (docs/tasks.md#mujoco-js-notes).
 */
export const ANT_XML = `<mujoco model="ant">
  <compiler angle="degree" inertiafromgeom="true"/>
  <option timestep="0.01" integrator="RK4"/>
  <size memory="256K"/>
  <default>
    <joint limited="true" armature="1" damping="1" stiffness="0"/>
    <geom contype="1" conaffinity="0" condim="3" density="5" friction="1 0.5 0.5" margin="0.01"/>
  </default>
  <worldbody>
    <geom name="floor" type="plane" pos="0 0 0" size="40 40 40" conaffinity="1"/>
    <body name="torso" pos="0 0 0.75">
      <geom name="torso_geom" type="sphere" pos="0 0 0" size="0.25"/>
      <joint name="root" type="free" pos="0 0 0" armature="0" damping="0" limited="false" margin="0.01"/>${ANT_LEGS.map(antLegXml).join("")}
    </body>
  </worldbody>
  <actuator>
${ANT_ACTUATED_JOINTS.map((j) => `    <motor name="${j}" joint="${j}" gear="150" ctrllimited="true" ctrlrange="-1 1"/>`).join("\n")}
  </actuator>
</mujoco>
`;

/** Keyword options of `Ant-v4` (Gymnasium v4's, in camelCase) with their defaults. */
export const ANT_OPTIONS = {
  ctrlCostWeight: { type: "number", default: 0.5, min: 0, doc: "weight of the control cost Σaᵢ²" },
  useContactForces: { type: "boolean", default: false, doc: "append clipped cfrc_ext (84) to the observation and add the contact cost" },
  contactCostWeight: {
    type: "number",
    default: 5e-4,
    min: 0,
    doc: "weight of the contact cost Σ clip(cfrc_ext)² (only with useContactForces)",
  },
  healthyReward: { type: "number", default: 1, doc: "reward per step for staying healthy" },
  terminateWhenUnhealthy: { type: "boolean", default: true, doc: "terminate the episode when the ant is not healthy" },
  healthyZRange: { type: "range", default: [0.2, 1.0], doc: "inclusive range of the torso height qpos[2] that counts as healthy" },
  contactForceRange: { type: "range", default: [-1, 1], doc: "clip range of the cfrc_ext entries (observation and contact cost)" },
  resetNoiseScale: { type: "number", default: 0.1, min: 0, doc: "s: qpos += U(±s), qvel += s·N(0, 1) at reset" },
  excludeCurrentPositionsFromObservation: { type: "boolean", default: true, doc: "leave the torso x, y out of the observation" },
} as const satisfies OptionSchema;

/** Resolved `Ant-v4` options. */
export type AntOptions = ResolvedOptions<typeof ANT_OPTIONS>;

/** Number of `cfrc_ext` entries in the observation (14 bodies × 6). */
const ANT_CONTACT_SIZE = 84;

/** The raw (unwrapped) `Ant-v4` env. Use `makeEnv("Ant-v4", …)` for the wrapped one. */
export class AntEnv extends MujocoEnv {
  /** The resolved options. */
  readonly options: AntOptions;
  private readonly torsoId: number;
  private readonly qposStart: number;
  private readonly ctrlCostWeight: number;
  private readonly contactCostWeight: number;
  private readonly useContactForces: boolean;
  private readonly healthyReward: number;
  private readonly terminateWhenUnhealthy: boolean;
  private readonly zLow: number;
  private readonly zHigh: number;
  private readonly forceLow: number;
  private readonly forceHigh: number;
  private xposView: Float64Array = new Float64Array(0);
  private cfrcView: Float64Array = new Float64Array(0);
  /** Scratch: clipped `cfrc_ext` for the contact cost. */
  private readonly clippedForces = new Float64Array(ANT_CONTACT_SIZE);

  /**
   * @param runtime the loaded module (`loadMujoco()`).
   * @param options keyword options (see {@link ANT_OPTIONS}).
   * @param seed seeds the reset noise (default 0); `reset({ seed })` re-seeds.
   * @throws ConfigError for an unknown option or a bad value.
   */
  constructor(runtime: MujocoRuntime, options: Readonly<Record<string, unknown>> = {}, seed?: number) {
    const opts = resolveTaskOptions(ANT_ID, ANT_OPTIONS, options);
    const nq = 15;
    const nv = 14;
    const positions = opts.excludeCurrentPositionsFromObservation ? nq - 2 : nq;
    super(
      runtime,
      {
        id: ANT_ID,
        xml: ANT_XML,
        frameSkip: 5,
        observationSize: positions + nv + (opts.useContactForces ? ANT_CONTACT_SIZE : 0),
        resetNoise: { qpos: "uniform", qvel: "normal" },
        resetNoiseScale: opts.resetNoiseScale,
        needsContactForces: opts.useContactForces,
      },
      seed,
    );
    this.options = opts;
    this.torsoId = this.sim.nameToId("body", "torso");
    this.qposStart = opts.excludeCurrentPositionsFromObservation ? 2 : 0;
    this.ctrlCostWeight = opts.ctrlCostWeight;
    this.contactCostWeight = opts.contactCostWeight;
    this.useContactForces = opts.useContactForces;
    this.healthyReward = opts.healthyReward;
    this.terminateWhenUnhealthy = opts.terminateWhenUnhealthy;
    [this.zLow, this.zHigh] = opts.healthyZRange;
    [this.forceLow, this.forceHigh] = opts.contactForceRange;
  }

  /** Cached live view of `xpos` (re-acquired when heap growth detached it). */
  private get xpos(): Float64Array {
    if (this.xposView.length === 0) this.xposView = this.sim.dataArray("xpos");
    return this.xposView;
  }

  /** Cached live view of `cfrc_ext`. */
  private get cfrcExt(): Float64Array {
    if (this.cfrcView.length === 0) this.cfrcView = this.sim.dataArray("cfrc_ext");
    return this.cfrcView;
  }

  /** Torso frame origin (x, y) = `xpos[torso]`. */
  protected readPosition(out: Float64Array): void {
    const xpos = this.xpos;
    out[0] = xpos[3 * this.torsoId]!;
    out[1] = xpos[3 * this.torsoId + 1]!;
  }

  protected writeObservation(out: Float64Array, offset: number): void {
    const sim = this.sim;
    const qpos = sim.qpos;
    const qvel = sim.qvel;
    let k = offset;
    for (let i = this.qposStart; i < sim.nq; i++) out[k++] = qpos[i]!;
    for (let i = 0; i < sim.nv; i++) out[k++] = qvel[i]!;
    if (this.useContactForces) {
      const cfrc = this.cfrcExt;
      const lo = this.forceLow;
      const hi = this.forceHigh;
      for (let i = 0; i < ANT_CONTACT_SIZE; i++) out[k++] = clip(cfrc[i]!, lo, hi);
    }
  }

  /** Healthy iff all of `qpos`, `qvel` finite and z in `healthyZRange` (inclusive). */
  isHealthy(): boolean {
    const sim = this.sim;
    const qpos = sim.qpos;
    const qvel = sim.qvel;
    for (let i = 0; i < sim.nq; i++) if (!Number.isFinite(qpos[i]!)) return false;
    for (let i = 0; i < sim.nv; i++) if (!Number.isFinite(qvel[i]!)) return false;
    const z = qpos[2]!;
    return this.zLow <= z && z <= this.zHigh;
  }

  protected evaluateStep(action: ArrayLike<number>, velocity: Float64Array, position: Float64Array): StepOutcome {
    const healthy = this.isHealthy();
    const xVelocity = velocity[0]!;
    const yVelocity = velocity[1]!;
    const forwardReward = xVelocity;
    const healthyReward = healthy || this.terminateWhenUnhealthy ? this.healthyReward : 0;
    const rewards = forwardReward + healthyReward;
    const ctrlCost = this.ctrlCostWeight * MujocoEnv.sumOfSquares(action);
    let costs = ctrlCost;
    let rewardCtrl = -ctrlCost;
    if (this.useContactForces) {
      const cfrc = this.cfrcExt;
      const clipped = this.clippedForces;
      const lo = this.forceLow;
      const hi = this.forceHigh;
      for (let i = 0; i < ANT_CONTACT_SIZE; i++) clipped[i] = clip(cfrc[i]!, lo, hi);
      const contactCost = this.contactCostWeight * MujocoEnv.sumOfSquares(clipped);
      costs += contactCost;
      rewardCtrl = -contactCost; // Gymnasium v4 overwrites reward_ctrl with the contact cost
    }
    const x = position[0]!;
    const y = position[1]!;
    return {
      reward: rewards - costs,
      terminated: this.terminateWhenUnhealthy && !healthy,
      info: {
        rewardForward: forwardReward,
        rewardCtrl,
        rewardSurvive: healthyReward,
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
    this.xposView = this.cfrcView = new Float64Array(0);
    super.close();
  }
}

/** Registry entry of `Ant-v4` (1000-step limit; options {@link ANT_OPTIONS}). */
export const ANT_TASK: TaskSpec = {
  id: ANT_ID,
  maxEpisodeSteps: 1000,
  optionNames: Object.keys(ANT_OPTIONS),
  description: "Ant: 3D quadruped, 8 hinge motors, forward velocity + 1 alive − 0.5·Σa² (Gymnasium v4)",
  async create(options: Readonly<Record<string, unknown>>, seed?: number): Promise<Env> {
    resolveTaskOptions(ANT_ID, ANT_OPTIONS, options); // option errors before the module loads
    return new AntEnv(await loadMujoco(), options, seed);
  },
};
