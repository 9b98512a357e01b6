/**
 * What a MuJoCo task looks like, read from its compiled model: every geom's shape, size, colour
 * and body, and a reader of the geoms' global poses from `mjData` (`geom_xpos`, `geom_xmat`) after
 * each step. Used by the replay recorder (`../record.ts`); nothing here changes the simulation.
 *
 * Views of `mjData` detach whenever the WASM heap grows, so every pose read takes fresh views.
 */
import { EnvError } from "../../core/errors";
import type { GeomShape, ReplayCamera, ReplayScene, SceneGeom } from "../replay-format";
import type { MujocoSim } from "./runtime";

/** mjtGeom numbers → shape names; heightfields (1), meshes (7) and SDFs are not drawn. */
const SHAPES: Readonly<Record<number, GeomShape>> = { 0: "plane", 2: "sphere", 3: "capsule", 4: "ellipsoid", 5: "cylinder", 6: "box" };

/** mjtObj of geoms (for `mj_id2name`). */
const OBJ_GEOM = 5;

/**
 * Camera framing per task: side views for the planar walkers (they move along x in the xz plane),
 * a steep view for Swimmer (it swims in the xy plane), an oblique chase view for the 3-D bodies.
 */
const CAMERAS: Readonly<Record<string, ReplayCamera>> = {
  "Hopper-v4": { track: "torso", distance: 4, elevation: 8, azimuth: 0, followHeight: false, height: 0.9 },
  "Walker2d-v4": { track: "torso", distance: 4.5, elevation: 8, azimuth: 0, followHeight: false, height: 0.9 },
  "HalfCheetah-v4": { track: "torso", distance: 4, elevation: 8, azimuth: 0, followHeight: false, height: 0.45 },
  "Swimmer-v4": { track: "torso", distance: 3.2, elevation: 65, azimuth: 0, followHeight: false, height: 0 },
  "Ant-v4": { track: "torso", distance: 5, elevation: 30, azimuth: 30, followHeight: false, height: 0.4 },
  "Humanoid-v4": { track: "torso", distance: 4.5, elevation: 12, azimuth: 25, followHeight: false, height: 0.9 },
};
const DEFAULT_CAMERA: ReplayCamera = { track: "torso", distance: 5, elevation: 25, azimuth: 25, followHeight: true, height: 0 };

/** A task's scene plus a pose reader bound to its simulation. */
export interface MujocoSceneReader {
  readonly scene: ReplayScene;
  /** Write the moving geoms' poses (7 floats each) at `out[offset…]` and the torso position at `focus[focusOffset…]`. */
  readPoses(out: Float32Array, offset: number, focus: Float32Array, focusOffset: number): void;
}

/**
 * Rotation matrix (row-major 3×3, as `geom_xmat`) → unit quaternion (w, x, y, z), by the largest
 * of the four candidate components (numerically stable for every rotation).
 */
export function matToQuat(m: ArrayLike<number>, o: number, out: Float64Array | number[]): void {
  const m00 = m[o]!,
    m01 = m[o + 1]!,
    m02 = m[o + 2]!;
  const m10 = m[o + 3]!,
    m11 = m[o + 4]!,
    m12 = m[o + 5]!;
  const m20 = m[o + 6]!,
    m21 = m[o + 7]!,
    m22 = m[o + 8]!;
  const trace = m00 + m11 + m22;
  let w: number, x: number, y: number, z: number;
  if (trace > 0) {
    const s = 2 * Math.sqrt(trace + 1);
    w = 0.25 * s;
    x = (m21 - m12) / s;
    y = (m02 - m20) / s;
    z = (m10 - m01) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    w = (m21 - m12) / s;
    x = 0.25 * s;
    y = (m01 + m10) / s;
    z = (m02 + m20) / s;
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    w = (m02 - m20) / s;
    x = (m01 + m10) / s;
    y = 0.25 * s;
    z = (m12 + m21) / s;
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    w = (m10 - m01) / s;
    x = (m02 + m20) / s;
    y = (m12 + m21) / s;
    z = 0.25 * s;
  }
  // One sign convention (w ≥ 0) so that consecutive frames interpolate the short way.
  const sign = w < 0 ? -1 : 1;
  out[0] = sign * w;
  out[1] = sign * x;
  out[2] = sign * y;
  out[3] = sign * z;
}

function nameOf(sim: MujocoSim, type: number, id: number, fallback: string): string {
  try {
    const name = sim.runtime.mj.mj_id2name(sim.model, type, id);
    return typeof name === "string" && name !== "" ? name : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Read the scene of a compiled task model (call after `reset`, so that the frame-0 poses are set).
 * @param envId used for the camera preset and in messages.
 * @throws EnvError when the model has a geom the viewer cannot draw (heightfield, mesh).
 */
export function mujocoScene(sim: MujocoSim, envId: string, dt: number): MujocoSceneReader {
  const m = sim.model;
  const ngeom = m.ngeom;
  const types = m.geom_type.slice();
  const sizes = m.geom_size.slice();
  const rgba = m.geom_rgba.slice();
  const bodies = m.geom_bodyid.slice();
  const parents = m.body_parentid.slice();
  const xpos = sim.dataArray("geom_xpos").slice();
  const xmat = sim.dataArray("geom_xmat").slice();
  // A geom moves when its body is not welded to the world (body 0, or a chain of fixed bodies is
  // rare in these tasks: treat any body other than 0 as moving).
  const geoms: SceneGeom[] = [];
  const dynamicIds: number[] = [];
  let defaultColours = true;
  const q = new Float64Array(4);
  for (let g = 0; g < ngeom; g++) {
    const shape = SHAPES[types[g]!];
    if (shape === undefined)
      throw new EnvError(`${envId}: geom ${g} has type ${types[g]} (heightfield, mesh or SDF), which the replay viewer does not draw`);
    const colour = [rgba[4 * g]!, rgba[4 * g + 1]!, rgba[4 * g + 2]!, rgba[4 * g + 3]!] as const;
    if (!(colour[0] === 0.5 && colour[1] === 0.5 && colour[2] === 0.5 && colour[3] === 1)) defaultColours = false;
    const body = bodies[g]!;
    const moving = body !== 0;
    matToQuat(xmat, 9 * g, q);
    geoms.push({
      name: nameOf(sim, OBJ_GEOM, g, `${shape} ${g}`),
      shape,
      size: [sizes[3 * g]!, sizes[3 * g + 1]!, sizes[3 * g + 2]!],
      rgba: [Math.fround(colour[0]), Math.fround(colour[1]), Math.fround(colour[2]), Math.fround(colour[3])],
      body,
      dynamicIndex: moving ? dynamicIds.length : -1,
      pos: [xpos[3 * g]!, xpos[3 * g + 1]!, xpos[3 * g + 2]!],
      quat: [q[0]!, q[1]!, q[2]!, q[3]!],
    });
    if (moving) dynamicIds.push(g);
  }
  // The tracked body: "torso" when the model has one, else the first child of the world.
  let torso = sim.nameToId("body", "torso");
  if (torso < 0) torso = parents.findIndex((p, i) => i > 0 && p === 0);
  if (torso < 0) torso = 0;
  const scene: ReplayScene = {
    envId,
    dt,
    geoms,
    numDynamic: dynamicIds.length,
    camera: CAMERAS[envId] ?? DEFAULT_CAMERA,
    defaultColours,
  };
  return {
    scene,
    readPoses(out: Float32Array, offset: number, focus: Float32Array, focusOffset: number): void {
      const gx = sim.dataArray("geom_xpos");
      const gm = sim.dataArray("geom_xmat");
      for (let i = 0; i < dynamicIds.length; i++) {
        const g = dynamicIds[i]!;
        const o = offset + 7 * i;
        out[o] = gx[3 * g]!;
        out[o + 1] = gx[3 * g + 1]!;
        out[o + 2] = gx[3 * g + 2]!;
        matToQuat(gm, 9 * g, q);
        out[o + 3] = q[0]!;
        out[o + 4] = q[1]!;
        out[o + 5] = q[2]!;
        out[o + 6] = q[3]!;
      }
      const bx = sim.dataArray("xpos");
      focus[focusOffset] = bx[3 * torso]!;
      focus[focusOffset + 1] = bx[3 * torso + 1]!;
      focus[focusOffset + 2] = bx[3 * torso + 2]!;
    },
  };
}
