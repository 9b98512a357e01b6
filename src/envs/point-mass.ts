/**
 * `PointMass-v0`: the kit's 2D point-mass task with late, sparse rewards
 * (docs/tasks.md#pointmass-v0; our design, the paper's own point-mass task is not public).
 *
 * A point in the arena [−1, 1]² starts at the origin at rest. Three targets, each collectable
 * once per episode within distance 0.1: G1 (0.4, 0) worth 1, G2 (−0.5, −0.6) worth 2, G3
 * (−0.8, 0.8) worth 4 (maximum return 7; G1 is the cheap trap).
 *
 * Dynamics per env step (dt = 0.1):
 * 1. u = clip(a, −1, 1); with `actionNoise` σ > 0, u ← u + σ·ξ, ξ ~ N(0, I₂) (not re-clipped);
 * 2. v ← 0.9·v + 0.2·u;  3. |v| > 1 → v ← v/|v|;  4. p ← p + 0.1·(v + w), w = the episode's drift;
 * 5. a coordinate of p outside [−1, 1] is clamped and that velocity component set to 0;
 * 6. every uncollected target within 0.1 is collected; the step's reward is the sum of their values.
 *
 * The raw env pays rewards at once; the delay (default 100 = the horizon, so the whole return
 * arrives on the last step) is applied by `makeEnv`'s DelayedReward wrapper, the same rule as for
 * the MuJoCo tasks. Episode end: `terminated` as soon as all three targets are collected; the
 * 100-step limit is the TimeLimit wrapper's truncation.
 *
 * Observation (8): (x, y, vx, vy, c1, c2, c3, 1 − t/100), cᵢ ∈ {0, 1} = target i collected, t =
 * steps taken. Action (2): box [−1, 1]².
 *
 * Options: `actionNoise` σ ≥ 0 (default 0; suggested 0.3) and `drift` δ ≥ 0 (default 0;
 * suggested 0.2): at each reset θ ~ U[0, 2π), w = δ·(cos θ, sin θ), not observed. All randomness
 * comes from the env's generator, seeded by `create(options, seed)` or `reset({ seed })`
 * (seed 0 when never given). With both options 0 the env draws no random numbers at all.
 *
 * Step info: `targetsCollected` (number collected so far this episode).
 */
import { EnvError } from "../core/errors";
import { Rng } from "../core/rng";
import type { BoxSpace, Env, ResetOptions, ResetResult, StepInfo, StepResult } from "./env";
import { checkOptionKeys, readNumberOption } from "./options";
import { makeBox } from "./spaces";
import type { TaskSpec } from "./task-spec";

/** Registered id. */
export const POINT_MASS_ID = "PointMass-v0";
/** Episode horizon in steps (the time-limit truncation and the denominator of the time entry). */
export const POINT_MASS_HORIZON = 100;
/** Default reward delay (steps): the whole return is paid on the last step. */
export const POINT_MASS_DEFAULT_DELAY = 100;
/** Target positions (x, y) and values, in order G1, G2, G3. */
export const POINT_MASS_TARGETS: readonly { readonly x: number; readonly y: number; readonly value: number }[] = [
  { x: 0.4, y: 0, value: 1 },
  { x: -0.5, y: -0.6, value: 2 },
  { x: -0.8, y: 0.8, value: 4 },
];
/** Collection radius (distance ≤ this collects). */
export const POINT_MASS_RADIUS = 0.1;

/** Task options of `PointMass-v0`. */
export interface PointMassOptions {
  /** σ of the Gaussian noise added to the clipped action (≥ 0; default 0). */
  readonly actionNoise?: number;
  /** Speed δ of the per-episode drift in a random direction (≥ 0; default 0). */
  readonly drift?: number;
}

const OPTION_NAMES = ["actionNoise", "drift"] as const;
const OBS_DIM = 8;
const G1X = 0.4,
  G1Y = 0,
  G2X = -0.5,
  G2Y = -0.6,
  G3X = -0.8,
  G3Y = 0.8;

/** The raw (unwrapped) point-mass env. Use `makeEnv("PointMass-v0", …)` for the wrapped one. */
export class PointMassEnv implements Env {
  readonly id = POINT_MASS_ID;
  readonly observationSpace: BoxSpace = makeBox(-Infinity, Infinity, [OBS_DIM]);
  readonly actionSpace: BoxSpace = makeBox(-1, 1, [2]);
  readonly actionNoise: number;
  readonly drift: number;
  private rng: Rng;
  private px = 0;
  private py = 0;
  private vx = 0;
  private vy = 0;
  private wx = 0;
  private wy = 0;
  private c1 = 0;
  private c2 = 0;
  private c3 = 0;
  private t = 0;
  private closed = false;

  /**
   * @param options task options (validated).
   * @param seed seed of the env's generator (default 0); `reset({ seed })` replaces it.
   * @throws ConfigError for an unknown option or a value out of range.
   */
  constructor(options: PointMassOptions | Readonly<Record<string, unknown>> = {}, seed = 0) {
    const opts = options as Readonly<Record<string, unknown>>;
    checkOptionKeys(opts, OPTION_NAMES, POINT_MASS_ID);
    this.actionNoise = readNumberOption(opts, "actionNoise", { default: 0, min: 0 });
    this.drift = readNumberOption(opts, "drift", { default: 0, min: 0 });
    this.rng = Rng.fromSeed(seed);
  }

  /** Start an episode at the origin at rest; draws the drift direction when `drift` > 0. */
  reset(options?: ResetOptions): ResetResult {
    this.checkOpen();
    if (options?.seed !== undefined) this.rng = Rng.fromSeed(options.seed);
    this.px = 0;
    this.py = 0;
    this.vx = 0;
    this.vy = 0;
    this.c1 = 0;
    this.c2 = 0;
    this.c3 = 0;
    this.t = 0;
    if (this.drift > 0) {
      const theta = 2 * Math.PI * this.rng.random();
      this.wx = this.drift * Math.cos(theta);
      this.wy = this.drift * Math.sin(theta);
    } else {
      this.wx = 0;
      this.wy = 0;
    }
    return { obs: this.observe(), info: {} };
  }

  /**
   * One 0.1 s update. The action is not checked here (the order-enforcing wrapper of `makeEnv`
   * checks length and finiteness); entries beyond ±1 are clipped (step 1).
   */
  step(action: ArrayLike<number>): StepResult {
    this.checkOpen();
    let ux = action[0]!;
    let uy = action[1]!;
    ux = ux < -1 ? -1 : ux > 1 ? 1 : ux;
    uy = uy < -1 ? -1 : uy > 1 ? 1 : uy;
    if (this.actionNoise > 0) {
      ux += this.actionNoise * this.rng.normal();
      uy += this.actionNoise * this.rng.normal();
    }
    let vx = 0.9 * this.vx + 0.2 * ux;
    let vy = 0.9 * this.vy + 0.2 * uy;
    const speed = Math.sqrt(vx * vx + vy * vy);
    if (speed > 1) {
      vx /= speed;
      vy /= speed;
    }
    let px = this.px + 0.1 * (vx + this.wx);
    let py = this.py + 0.1 * (vy + this.wy);
    if (px < -1) {
      px = -1;
      vx = 0;
    } else if (px > 1) {
      px = 1;
      vx = 0;
    }
    if (py < -1) {
      py = -1;
      vy = 0;
    } else if (py > 1) {
      py = 1;
      vy = 0;
    }
    this.px = px;
    this.py = py;
    this.vx = vx;
    this.vy = vy;
    this.t += 1;
    let reward = 0;
    if (this.c1 === 0 && Math.sqrt((px - G1X) ** 2 + (py - G1Y) ** 2) <= POINT_MASS_RADIUS) {
      this.c1 = 1;
      reward += 1;
    }
    if (this.c2 === 0 && Math.sqrt((px - G2X) ** 2 + (py - G2Y) ** 2) <= POINT_MASS_RADIUS) {
      this.c2 = 1;
      reward += 2;
    }
    if (this.c3 === 0 && Math.sqrt((px - G3X) ** 2 + (py - G3Y) ** 2) <= POINT_MASS_RADIUS) {
      this.c3 = 1;
      reward += 4;
    }
    const collected = this.c1 + this.c2 + this.c3;
    const info: StepInfo = { targetsCollected: collected };
    return { obs: this.observe(), reward, terminated: collected === 3, truncated: false, info };
  }

  /** Marks the env closed (it holds no native resources); later calls throw. */
  close(): void {
    this.closed = true;
  }

  toString(): string {
    return POINT_MASS_ID;
  }

  private observe(): Float64Array {
    const o = new Float64Array(OBS_DIM);
    o[0] = this.px;
    o[1] = this.py;
    o[2] = this.vx;
    o[3] = this.vy;
    o[4] = this.c1;
    o[5] = this.c2;
    o[6] = this.c3;
    o[7] = 1 - this.t / POINT_MASS_HORIZON;
    return o;
  }

  private checkOpen(): void {
    if (this.closed) throw new EnvError(`${POINT_MASS_ID}: the env was closed; create a new one with makeEnv`);
  }
}

/** Registry entry of `PointMass-v0` (horizon 100, default delay 100). */
export const POINT_MASS_TASK: TaskSpec = {
  id: POINT_MASS_ID,
  maxEpisodeSteps: POINT_MASS_HORIZON,
  optionNames: OPTION_NAMES,
  description: "2D point mass, three one-shot targets worth 1/2/4 (max 7), reward delayed to the last of 100 steps",
  defaultDelay: POINT_MASS_DEFAULT_DELAY,
  create(options: Readonly<Record<string, unknown>>, seed?: number): Promise<Env> {
    try {
      return Promise.resolve(new PointMassEnv(options, seed ?? 0));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};
