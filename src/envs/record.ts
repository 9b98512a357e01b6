/**
 * Recording an episode for the replay viewer: run a policy in a fresh env from an explicit seed
 * and keep, per frame, every moving geom's global pose (MuJoCo's `geom_xpos` / `geom_xmat`; for
 * `PointMass-v0`, the point and its targets read from the observation), and per step the reward,
 * the delayed reward and — with a GASIL discriminator — D and the bonus. See `./replay-format.ts`.
 *
 * This layer knows nothing of the learners: a policy is anything with `act(obs, …)` (a
 * `LoadedPolicy` of `gasil-kit/algos` fits), optionally with GASIL's `discriminatorLogit`.
 * A recording is a pure function of (env id, env options, policy, seed, deterministic, maxSteps).
 */
import { ConfigError, describeValue } from "../core/errors";
import { Rng } from "../core/rng";
import type { Env } from "./env";
import { MujocoEnv } from "./mujoco/mujoco-env";
import { mujocoScene } from "./mujoco/scene";
import { POINT_MASS_ID, POINT_MASS_RADIUS, POINT_MASS_TARGETS } from "./point-mass";
import { getTaskSpec, type MakeEnvOptions, makeEnv } from "./registry";
import { encodeF32, REPLAY_FORMAT, type Replay, type ReplayPolicyInfo, type ReplayScene, type SceneGeom } from "./replay-format";
import { Wrapper } from "./wrappers/wrapper";

/** What the recorder needs of a policy. */
export interface ReplayPolicy {
  /** An action for a raw observation; `rng` is the recording's own action stream. */
  act(obs: Float64Array, options: { deterministic: boolean; rng: Rng }): ArrayLike<number>;
  /** GASIL's discriminator logit ℓ(s, a) (D = σ(ℓ)), when the policy carries one. */
  discriminatorLogit?(obs: Float64Array, action: ArrayLike<number>): number;
  readonly hasDiscriminator?: boolean;
  /** α of GASIL's bonus α·(−log D) (`"inf"`: the bonus is −log D). */
  readonly gasilAlpha?: number | "inf" | null;
}

/** Options of {@link recordRollout}. */
export interface RecordOptions {
  /** Seeds the env reset and (sampled actions) the action stream. Default 0. */
  readonly seed?: number;
  /** Stop after this many steps at the latest. Default: the task's time limit (1,000 for MuJoCo). */
  readonly maxSteps?: number;
  /** Mean actions (default true) or sampled ones. */
  readonly deterministic?: boolean;
  /** makeEnv options (e.g. `{ delay: 20 }`, the options the policy was trained with). Default `{}`. */
  readonly envOptions?: MakeEnvOptions;
  /** Caption of the replay. Default: "<label> on <envId>, seed <seed>". */
  readonly title?: string;
  /** Where the policy came from (shown by the viewer). Default `{ label: "policy" }` or "random". */
  readonly info?: ReplayPolicyInfo;
  /** Record D and the bonus with this discriminator (default: the policy's own, when it has one). */
  readonly discriminator?: { logit(obs: Float64Array, action: ArrayLike<number>): number; alpha: number | "inf" } | null;
}

/** A uniformly random policy over the action box (what notebook 00 shows). */
export const RANDOM_POLICY = "random";

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function unwrap(env: Env): Env {
  return env instanceof Wrapper ? env.unwrapped : env;
}

/** Scene of `PointMass-v0`: the arena, its border, the point and the three targets (sunk when collected). */
function pointMassScene(dt: number): ReplayScene {
  const colours: readonly (readonly [number, number, number, number])[] = [
    [0.95, 0.75, 0.2, 1],
    [0.3, 0.7, 0.95, 1],
    [0.85, 0.3, 0.8, 1],
  ];
  const wall = (name: string, x: number, y: number, hx: number, hy: number): SceneGeom => ({
    name,
    shape: "box",
    size: [hx, hy, 0.03],
    rgba: [0.45, 0.45, 0.5, 1],
    body: 0,
    dynamicIndex: -1,
    pos: [x, y, 0.03],
    quat: [1, 0, 0, 0],
  });
  const geoms: SceneGeom[] = [
    {
      name: "floor",
      shape: "plane",
      size: [1.2, 1.2, 0.1],
      rgba: [0.5, 0.5, 0.5, 1],
      body: 0,
      dynamicIndex: -1,
      pos: [0, 0, 0],
      quat: [1, 0, 0, 0],
    },
    wall("wall+x", 1.06, 0, 0.03, 1.09),
    wall("wall-x", -1.06, 0, 0.03, 1.09),
    wall("wall+y", 0, 1.06, 1.09, 0.03),
    wall("wall-y", 0, -1.06, 1.09, 0.03),
    {
      name: "point",
      shape: "sphere",
      size: [0.05, 0, 0],
      rgba: [0.9, 0.35, 0.2, 1],
      body: 1,
      dynamicIndex: 0,
      pos: [0, 0, 0.05],
      quat: [1, 0, 0, 0],
    },
    ...POINT_MASS_TARGETS.map(
      (t, i): SceneGeom => ({
        name: `target ${i + 1} (worth ${t.value})`,
        shape: "cylinder",
        size: [POINT_MASS_RADIUS, 0.01, 0],
        rgba: colours[i]!,
        body: 2 + i,
        dynamicIndex: 1 + i,
        pos: [t.x, t.y, 0.01],
        quat: [1, 0, 0, 0],
      }),
    ),
  ];
  return {
    envId: POINT_MASS_ID,
    dt,
    geoms,
    numDynamic: 4,
    camera: { track: "fixed", target: [0, 0.05, 0], distance: 3.6, elevation: 72, azimuth: 0, followHeight: true, height: 0 },
    defaultColours: false,
  };
}

/** Point-mass poses from an observation (x, y, vx, vy, c1, c2, c3, time). */
function pointMassPoses(obs: ArrayLike<number>, out: Float32Array, offset: number, focus: Float32Array, focusOffset: number): void {
  out.set([obs[0]!, obs[1]!, 0.05, 1, 0, 0, 0], offset);
  POINT_MASS_TARGETS.forEach((t, i) => {
    const collected = obs[4 + i]! > 0.5;
    // A collected target sinks below the floor: it is gone for the rest of the episode.
    out.set([t.x, t.y, collected ? -0.05 : 0.01, 1, 0, 0, 0], offset + 7 * (1 + i));
  });
  focus.set([0, 0, 0], focusOffset);
}

function checkInt(name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min)
    throw new ConfigError(name, `got ${describeValue(value)}; allowed: an integer ≥ ${min}`);
  return value;
}

/**
 * Run one episode of `policy` on `envId` and record it for the viewer.
 * @param policy a {@link ReplayPolicy} (e.g. `loadPolicy(...)` of `gasil-kit/algos`) or `"random"`.
 * @throws ConfigError for a bad seed / maxSteps / policy; EnvError for an unknown env id (with the
 *   registered ids) or a model the viewer cannot draw; ShapeError when the policy's observation
 *   size does not fit the env.
 */
export async function recordRollout(
  envId: string,
  policy: ReplayPolicy | typeof RANDOM_POLICY,
  options: RecordOptions = {},
): Promise<Replay> {
  const spec = getTaskSpec(envId);
  const seed = checkInt("seed", options.seed ?? 0, 0);
  const maxSteps = checkInt("maxSteps", options.maxSteps ?? spec.maxEpisodeSteps, 1);
  const deterministic = options.deterministic ?? true;
  if (policy !== RANDOM_POLICY && (typeof policy !== "object" || policy === null || typeof policy.act !== "function")) {
    throw new ConfigError(
      "policy",
      `got ${describeValue(policy)}; allowed: an object with act(obs, { deterministic, rng }) (e.g. loadPolicy(saved)) or "random"`,
    );
  }
  const envOptions = options.envOptions ?? {};
  const env = await makeEnv(envId, envOptions);
  try {
    const raw = unwrap(env);
    const rng = Rng.fromSeed(seed).split("replayActions");
    const first = env.reset({ seed });
    let obs = first.obs;
    const dt = raw instanceof MujocoEnv ? raw.dt : 0.1;
    const reader = raw instanceof MujocoEnv ? mujocoScene(raw.simulation, envId, dt) : null;
    const scene = reader !== null ? reader.scene : envId === POINT_MASS_ID ? pointMassScene(dt) : null;
    if (scene === null) throw new ConfigError("envId", `${envId} has no replay scene; allowed: the MuJoCo tasks and ${POINT_MASS_ID}`);
    const block = 7 * scene.numDynamic;
    const poses = new Float32Array((maxSteps + 1) * block);
    const focus = new Float32Array((maxSteps + 1) * 3);
    const rewards = new Float32Array(maxSteps);
    const delayed = new Float32Array(maxSteps);
    const readFrame = (frame: number, o: Float64Array): void => {
      if (reader !== null) reader.readPoses(poses, frame * block, focus, frame * 3);
      else pointMassPoses(o, poses, frame * block, focus, frame * 3);
    };
    readFrame(0, obs);

    const discriminator =
      options.discriminator === null
        ? null
        : (options.discriminator ??
          (policy !== RANDOM_POLICY && policy.hasDiscriminator === true && typeof policy.discriminatorLogit === "function"
            ? { logit: (o: Float64Array, a: ArrayLike<number>) => policy.discriminatorLogit!(o, a), alpha: policy.gasilAlpha ?? 0.1 }
            : null));
    const dValues = discriminator !== null ? new Float32Array(maxSteps) : null;
    const bonus = discriminator !== null ? new Float32Array(maxSteps) : null;
    const { low, high } = env.actionSpace;
    const random = new Float64Array(low.length);

    let steps = 0;
    let total = 0;
    let terminated = false;
    let truncated = false;
    while (steps < maxSteps) {
      let action: ArrayLike<number>;
      if (policy === RANDOM_POLICY) {
        for (let j = 0; j < random.length; j++) random[j] = rng.uniform(low[j]!, high[j]!);
        action = random;
      } else {
        action = policy.act(obs, { deterministic, rng });
      }
      if (discriminator !== null) {
        const logit = discriminator.logit(obs, action);
        const negLogD = softplus(-logit); // −log σ(ℓ)
        dValues![steps] = Math.exp(-negLogD);
        bonus![steps] = discriminator.alpha === "inf" ? negLogD : discriminator.alpha * negLogD;
      }
      const step = env.step(action);
      const rawReward = typeof step.info.rawReward === "number" ? step.info.rawReward : step.reward;
      rewards[steps] = rawReward;
      delayed[steps] = step.reward;
      total += rawReward;
      steps++;
      obs = step.obs;
      readFrame(steps, obs);
      if (step.terminated || step.truncated) {
        terminated = step.terminated;
        truncated = step.truncated;
        if (step.info.episode !== undefined) total = step.info.episode.return;
        break;
      }
    }
    const info: ReplayPolicyInfo = options.info ?? { label: policy === RANDOM_POLICY ? "random policy" : "policy" };
    return {
      format: REPLAY_FORMAT,
      title: options.title ?? `${info.label} on ${envId}, seed ${seed}`,
      envId,
      envOptions: JSON.parse(JSON.stringify(envOptions)) as Record<string, unknown>,
      seed,
      deterministic,
      policy: info,
      scene,
      numFrames: steps + 1,
      poses: encodeF32(poses.subarray(0, (steps + 1) * block)),
      focus: encodeF32(focus.subarray(0, (steps + 1) * 3)),
      rewards: encodeF32(rewards.subarray(0, steps)),
      delayedRewards: encodeF32(delayed.subarray(0, steps)),
      ...(dValues !== null && bonus !== null && discriminator !== null
        ? { discriminator: encodeF32(dValues.subarray(0, steps)), bonus: encodeF32(bonus.subarray(0, steps)), alpha: discriminator.alpha }
        : {}),
      return: total,
      length: steps,
      terminated,
      truncated,
    };
  } finally {
    env.close();
  }
}
