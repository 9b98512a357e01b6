/**
 * `Ant-v4`: a four-legged robot on a plane (fact sheet §7), with Gymnasium v4 semantics.
 */

/** One leg of the ant: horizontal direction and names (fact sheet §7.2). */
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
  { dx: 1, dy: 1, upper: "front_left_leg", upperGeom: "aux_1_geom", middle: "aux_1", middleGeom: "left_leg_geom", lower: "foot_1", lowerGeom: "left_ankle_geom", hip: "hip_1", ankle: "ankle_1", ankleAxis: "-1 1 0", ankleRange: "30 70" },
  { dx: -1, dy: 1, upper: "front_right_leg", upperGeom: "aux_2_geom", middle: "aux_2", middleGeom: "right_leg_geom", lower: "foot_2", lowerGeom: "right_ankle_geom", hip: "hip_2", ankle: "ankle_2", ankleAxis: "1 1 0", ankleRange: "-70 -30" },
  { dx: -1, dy: -1, upper: "back_leg", upperGeom: "aux_3_geom", middle: "aux_3", middleGeom: "back_leg_geom", lower: "foot_3", lowerGeom: "third_ankle_geom", hip: "hip_3", ankle: "ankle_3", ankleAxis: "-1 1 0", ankleRange: "-70 -30" },
  { dx: 1, dy: -1, upper: "right_back_leg", upperGeom: "aux_4_geom", middle: "aux_4", middleGeom: "rightback_leg_geom", lower: "foot_4", lowerGeom: "fourth_ankle_geom", hip: "hip_4", ankle: "ankle_4", ankleAxis: "1 1 0", ankleRange: "30 70" },
];

/** Actuated joints in `ctrl` order (fact sheet §7.3: differs from the joint order). */
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
 * MJCF of the ant, written from the fact sheet's tables (§7.1–§7.3). Visual-only elements are
 * left out; `size memory` bounds the per-`MjData` arena (fact sheet §12).
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
