/**
 * Helpers for comparing our MuJoCo tasks with Gymnasium's v4 envs (the Python peer).
 *
 * `loadPeerReference` makes sure `.venv-peer` exists (scripts/peer-venv.mjs), runs
 * test/peer/gymnasium_reference.py and returns its JSON. `compareModel` and `compareRollout`
 * replay the same initial state and the same actions on our env and return the deviations.
 *
 * Deviation of a number: |ours − ref| / max(|ref|, 1) — relative for |ref| ≥ 1, absolute below
 * (pure relative error is meaningless for values crossing zero, e.g. velocities).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { MujocoEnv } from "../../../../src/envs/mujoco/mujoco-env";
import type { TaskSpec } from "../../../../src/envs/task-spec";

export const ROOT = join(__dirname, "..", "..", "..", "..");

export interface PeerTaskRequest {
  /** Gymnasium id, e.g. "Hopper-v4". */
  readonly id: string;
  /** Gymnasium keyword arguments (snake_case); reset_noise_scale is forced to 0. */
  readonly kwargs?: Record<string, unknown>;
}

export interface PeerStep {
  action: number[];
  obs: (number | string)[];
  reward: number | string;
  terminated: boolean;
  info: Record<string, number | string>;
  qpos: number[];
  qvel: number[];
}

export interface PeerRollout {
  initialObs: number[];
  steps: PeerStep[];
}

export interface PeerTask {
  id: string;
  kwargs: Record<string, unknown>;
  model: Record<string, number | number[]>;
  rollouts: Record<string, PeerRollout>;
}

export interface PeerReference {
  versions: { gymnasium: string; mujoco: string; numpy: string };
  tasks: PeerTask[];
}

/** Outcome of trying to get the peer: the data, or why it is unavailable. */
export type PeerResult = { ok: true; data: PeerReference; seconds: number } | { ok: false; reason: string };

function num(x: number | string): number {
  if (typeof x === "number") return x;
  if (x === "NaN") return NaN;
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  throw new Error(`not a number: ${x}`);
}

/** Create/check the peer venv and produce reference data for `tasks`. */
export function loadPeerReference(tasks: readonly PeerTaskRequest[], steps: number, randomSeed = 0): PeerResult {
  const started = Date.now();
  const venv = spawnSync(process.execPath, [join(ROOT, "scripts", "peer-venv.mjs"), "--print-python"], {
    encoding: "utf8",
    timeout: 15 * 60 * 1000,
  });
  if (venv.status !== 0) return { ok: false, reason: `scripts/peer-venv.mjs failed: ${venv.stderr || venv.error?.message}` };
  const python = venv.stdout.trim();
  const run = spawnSync(python, [join(ROOT, "test", "peer", "gymnasium_reference.py")], {
    input: JSON.stringify({ tasks, steps, randomSeed }),
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, PYTHONWARNINGS: "ignore" },
    timeout: 10 * 60 * 1000,
  });
  if (run.status !== 0) return { ok: false, reason: `gymnasium_reference.py failed (exit ${run.status}): ${run.stderr?.slice(-3000)}` };
  return { ok: true, data: JSON.parse(run.stdout) as PeerReference, seconds: (Date.now() - started) / 1000 };
}

/** Largest deviation between two number lists (Infinity on a length mismatch or NaN mismatch). */
export function maxDeviation(ours: ArrayLike<number>, ref: ArrayLike<number | string>): number {
  if (ours.length !== ref.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i]!;
    const b = num(ref[i]!);
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (!(Number.isNaN(a) && Number.isNaN(b))) return Infinity;
      continue;
    }
    if (a === b) continue;
    const d = Math.abs(a - b) / Math.max(Math.abs(b), 1);
    if (!(d <= worst)) worst = d;
  }
  return worst;
}

/** Model fields compared with the peer (all of test/peer/gymnasium_reference.py's list). */
export const MODEL_FIELDS = [
  "nq",
  "nv",
  "nu",
  "nbody",
  "njnt",
  "ngeom",
  "ntendon",
  "body_parentid",
  "body_pos",
  "body_quat",
  "body_mass",
  "body_inertia",
  "body_ipos",
  "body_iquat",
  "jnt_type",
  "jnt_bodyid",
  "jnt_qposadr",
  "jnt_pos",
  "jnt_axis",
  "jnt_range",
  "jnt_limited",
  "jnt_stiffness",
  "dof_armature",
  "dof_damping",
  "qpos0",
  "geom_type",
  "geom_bodyid",
  "geom_size",
  "geom_pos",
  "geom_quat",
  "geom_friction",
  "geom_contype",
  "geom_conaffinity",
  "geom_condim",
  "geom_margin",
  "geom_solref",
  "geom_solimp",
  "actuator_trnid",
  "actuator_gear",
  "actuator_ctrlrange",
  "actuator_ctrllimited",
] as const;

/** Per-field deviation of our compiled model from the peer's (plus timestep, frame skip, dt). */
export function compareModel(env: MujocoEnv, peer: PeerTask): Record<string, number> {
  const sim = env.simulation;
  const out: Record<string, number> = {};
  for (const field of MODEL_FIELDS) {
    const ref = peer.model[field]!;
    out[field] = maxDeviation(sim.modelField(field), Array.isArray(ref) ? ref : [ref]);
  }
  out.timestep = maxDeviation([sim.model.opt.timestep], [peer.model.timestep as number]);
  out.frameSkip = maxDeviation([env.frameSkip], [peer.model.frameSkip as number]);
  out.dt = maxDeviation([env.dt], [peer.model.dt as number]);
  return out;
}

/** Deviations of one replayed rollout over its first `window` steps. */
export interface RolloutComparison {
  /** Steps compared (min of window and the reference length). */
  steps: number;
  /** Steps our env ran before terminating (within the window), for the step-count check. */
  ourSteps: number;
  initialObs: number;
  obs: number;
  reward: number;
  state: number;
  info: number;
  /** First step (0-based) where `terminated` differs, or −1. */
  terminationMismatchAt: number;
  /** Largest deviation (obs, reward, qpos/qvel, info) at each compared step. */
  perStep: number[];
}

/**
 * Replay a peer rollout on a fresh env of `spec` (reset noise 0, exact initial state) for the first
 * `window` steps and measure deviations.
 * @param infoKeys map from our camelCase info keys to the peer's snake_case keys.
 */
export async function compareRollout(
  spec: TaskSpec,
  options: Record<string, unknown>,
  rollout: PeerRollout,
  window: number,
  infoKeys: Readonly<Record<string, string>>,
): Promise<RolloutComparison> {
  const env = (await spec.create({ ...options, resetNoiseScale: 0 }, 0)) as MujocoEnv;
  try {
    env.reset({ seed: 0 });
    const sim = env.simulation;
    const initialObs = env.setState(sim.qpos0, new Float64Array(sim.nv));
    const result: RolloutComparison = {
      steps: Math.min(window, rollout.steps.length),
      ourSteps: 0,
      initialObs: maxDeviation(initialObs, rollout.initialObs),
      obs: 0,
      reward: 0,
      state: 0,
      info: 0,
      terminationMismatchAt: -1,
      perStep: [],
    };
    for (let t = 0; t < result.steps; t++) {
      const ref = rollout.steps[t]!;
      const step = env.step(ref.action);
      result.ourSteps++;
      const obs = maxDeviation(step.obs, ref.obs);
      const reward = maxDeviation([step.reward], [ref.reward]);
      const state = env.getState();
      const stateDev = Math.max(maxDeviation(state.qpos, ref.qpos), maxDeviation(state.qvel, ref.qvel));
      let info = 0;
      for (const [ours, theirs] of Object.entries(infoKeys)) {
        const v = step.info[ours];
        const r = ref.info[theirs];
        info = typeof v !== "number" || r === undefined ? Infinity : Math.max(info, maxDeviation([v], [r]));
      }
      result.obs = Math.max(result.obs, obs);
      result.reward = Math.max(result.reward, reward);
      result.state = Math.max(result.state, stateDev);
      result.info = Math.max(result.info, info);
      result.perStep.push(Math.max(obs, reward, stateDev, info));
      if (step.terminated !== ref.terminated && result.terminationMismatchAt < 0) result.terminationMismatchAt = t;
      if (step.terminated) break;
    }
    return result;
  } finally {
    env.close();
  }
}
