/**
 * Types of the replay format (see `./replay-format.ts` for what they mean as a whole). Kept free of
 * Node APIs: the browser viewer (`src/plots/viewer/`) compiles against this file too.
 */

/** Format tag of a {@link Replay}. */
export const REPLAY_FORMAT = "gasil-kit-replay/1";

/** Geom shapes the viewer draws (MuJoCo's mjtGeom names). */
export type GeomShape = "plane" | "sphere" | "capsule" | "ellipsoid" | "cylinder" | "box";

/** One geom of a scene. */
export interface SceneGeom {
  readonly name: string;
  readonly shape: GeomShape;
  /**
   * MuJoCo's size triple: plane (half x, half y, grid spacing; 0 = infinite), sphere (radius),
   * capsule and cylinder (radius, half length along local z), ellipsoid (three radii), box (half sides).
   */
  readonly size: readonly [number, number, number];
  /** Colour and opacity in [0, 1]. */
  readonly rgba: readonly [number, number, number, number];
  /** Body id (0 = world); bodies share a tint when the model leaves colours at MuJoCo's default. */
  readonly body: number;
  /** Position of this geom's pose in each frame's pose block, or −1 for a static geom. */
  readonly dynamicIndex: number;
  /** Pose at frame 0 (the only pose of a static geom): position and quaternion (w, x, y, z). */
  readonly pos: readonly [number, number, number];
  readonly quat: readonly [number, number, number, number];
}

/**
 * How the viewer's camera frames the scene. It looks at the tracked point (the torso, or a fixed
 * `target`) from `distance` metres away, `elevation` degrees above the horizontal, `azimuth`
 * degrees around z (0 = from −y looking along +y: the side view of the planar walkers).
 */
export interface ReplayCamera {
  readonly track: "torso" | "fixed";
  readonly distance: number;
  readonly elevation: number;
  readonly azimuth: number;
  /** Fixed target (track = "fixed"). */
  readonly target?: readonly [number, number, number];
  /** Follow the torso's height too (false: keep looking at `height`, steadier for hoppers). */
  readonly followHeight: boolean;
  /** Height looked at when `followHeight` is false. */
  readonly height: number;
}

/** The static part of a replay. */
export interface ReplayScene {
  readonly envId: string;
  /** Seconds of simulated time per env step (real-time playback speed). */
  readonly dt: number;
  readonly geoms: readonly SceneGeom[];
  /** Number of moving geoms (pose block size per frame = 7 × this). */
  readonly numDynamic: number;
  readonly camera: ReplayCamera;
  /**
   * True when the model gives no colours of its own (every geom at MuJoCo's default grey): the
   * viewer then tints bodies from a palette so the limbs can be told apart.
   */
  readonly defaultColours: boolean;
}

/** Where the policy of a replay came from (free-form labels for the viewer). */
export interface ReplayPolicyInfo {
  /** e.g. "PPO", "GASIL+PPO", "random". */
  readonly label: string;
  readonly method?: string;
  readonly runId?: string;
  readonly seed?: number;
  readonly envSteps?: number;
}

/** One recorded episode. */
export interface Replay {
  readonly format: typeof REPLAY_FORMAT;
  /** Caption shown above the scene. */
  readonly title: string;
  readonly envId: string;
  readonly envOptions: Readonly<Record<string, unknown>>;
  /** Seed of the env reset (and of the action sampling when not deterministic). */
  readonly seed: number;
  readonly deterministic: boolean;
  readonly policy: ReplayPolicyInfo;
  readonly scene: ReplayScene;
  /** Frames = steps + 1. */
  readonly numFrames: number;
  /** float32 `[numFrames, numDynamic, 7]`: x, y, z, qw, qx, qy, qz; base64. */
  readonly poses: string;
  /** float32 `[numFrames, 3]`: the tracked point (torso body position); base64. */
  readonly focus: string;
  /** float32 `[steps]` undelayed rewards; base64. */
  readonly rewards: string;
  /** float32 `[steps]` rewards as the agent received them (delayed); base64. */
  readonly delayedRewards: string;
  /** float32 `[steps]` D(s_t, a_t) of the GASIL discriminator, when one was given; base64. */
  readonly discriminator?: string;
  /** float32 `[steps]` GASIL's bonus α·(−log D) (or −log D when α = ∞); base64. */
  readonly bonus?: string;
  /** α of the bonus. */
  readonly alpha?: number | "inf";
  /** Undelayed return and length of the episode (as far as it was recorded). */
  readonly return: number;
  readonly length: number;
  /** How the recording stopped. */
  readonly terminated: boolean;
  readonly truncated: boolean;
}
