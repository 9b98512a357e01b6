/**
 * `Humanoid-v4`: a 3D bipedal robot (fact sheet §8), with Gymnasium v4 semantics.
 */

/** Actuated joints and gears in `ctrl` order (fact sheet §8.5). */
const HUMANOID_ACTUATORS: readonly (readonly [string, number])[] = [
  ["abdomen_y", 100], ["abdomen_z", 100], ["abdomen_x", 100],
  ["right_hip_x", 100], ["right_hip_z", 100], ["right_hip_y", 300], ["right_knee", 200],
  ["left_hip_x", 100], ["left_hip_z", 100], ["left_hip_y", 300], ["left_knee", 200],
  ["right_shoulder1", 25], ["right_shoulder2", 25], ["right_elbow", 25],
  ["left_shoulder1", 25], ["left_shoulder2", 25], ["left_elbow", 25],
];

/**
 * MJCF of the humanoid, written from the fact sheet's tables (§8.1–§8.5). Visual-only elements
 * are left out; `size memory` bounds the per-`MjData` arena (fact sheet §12).
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
