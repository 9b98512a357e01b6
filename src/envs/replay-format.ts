/**
 * The replay format: what a recorded episode looks like as data, shared by the recorder
 * (`./record.ts`) and the viewer (`gasil-kit/plots` `replayHtml`).
 *
 * A replay holds a static **scene** (every geom of the task with its shape, size and colour, from
 * the compiled MuJoCo model — or a synthetic scene for `PointMass-v0`), and per **frame** the
 * global pose of every moving geom: frame 0 is the state after `reset`, frame t the state after
 * step t. Per **step** (t = 1..T) it holds the undelayed reward, the delayed reward the agent
 * received, and — when a GASIL discriminator was given — D(s, a) and the bonus the learner would
 * have added. Numbers are float32 arrays stored as base64 of their little-endian bytes (a Hopper
 * episode of 1,000 steps: ~150 KB of JSON).
 *
 * Coordinates are MuJoCo's: metres, z up; quaternions (w, x, y, z).
 */

import { decodeFloat32, encodeFloat32 } from "../core/float-codec";
import { REPLAY_FORMAT, type Replay } from "./replay-types";

export type { GeomShape, Replay, ReplayCamera, ReplayPolicyInfo, ReplayScene, SceneGeom } from "./replay-types";
export { REPLAY_FORMAT } from "./replay-types";

/** Base64 of a Float32Array's bytes (little-endian): `encodeFloat32` of `core/float-codec`. */
export const encodeF32: (data: Float32Array) => string = encodeFloat32;

/** Inverse of {@link encodeF32}. @throws ShapeError when the text is not whole float32 values. */
export function decodeF32(text: string): Float32Array {
  return decodeFloat32(text);
}

/** Type guard: a {@link Replay} object (by its format tag). */
export function isReplay(value: unknown): value is Replay {
  return typeof value === "object" && value !== null && (value as { format?: unknown }).format === REPLAY_FORMAT;
}
