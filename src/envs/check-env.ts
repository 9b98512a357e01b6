/**
 * `checkEnv`: a passive conformance check of an env against the contract in `./env.ts`
 * (in the spirit of Gymnasium's `env_checker`). Useful in tests of new tasks and wrappers.
 *
 * It checks, from one seed and a seeded random action sequence:
 * - spaces: `observationSpace`/`actionSpace` sizes match their shapes; bounds are ordered;
 * - reset: the observation has the right length, is finite and lies in the observation space;
 *   `reset({ seed })` twice gives the same observation;
 * - step: observation length, finiteness and membership; `reward` a finite number; `terminated`
 *   and `truncated` booleans; `info` an object, a fresh one every call;
 * - determinism: the same seed and actions reproduce observations, rewards and flags exactly;
 * - ownership: an observation returned earlier is not changed by later calls.
 * Episodes that end are reset (without a seed) and continued until `steps` steps.
 */
import { EnvError } from "../core/errors";
import { Rng } from "../core/rng";
import type { Env, StepInfo } from "./env";
import { boxContains, boxSize, sampleBox } from "./spaces";

/** Settings of {@link checkEnv}. */
export interface CheckEnvOptions {
  /** Seed for `reset` and for the random actions (default 0). */
  readonly seed?: number;
  /** Steps per pass (default 200). */
  readonly steps?: number;
}

interface Trace {
  readonly values: number[];
  readonly problems: string[];
}

function finiteAndInside(env: Env, obs: Float64Array, where: string, problems: string[]): void {
  const n = boxSize(env.observationSpace);
  if (!(obs instanceof Float64Array)) problems.push(`${where}: obs is not a Float64Array`);
  if (obs.length !== n) {
    problems.push(`${where}: obs has length ${obs.length}, observation space needs ${n}`);
    return;
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(obs[i]!)) {
      problems.push(`${where}: obs[${i}] is ${obs[i]}`);
      return;
    }
  }
  if (!boxContains(env.observationSpace, obs)) problems.push(`${where}: obs lies outside the observation space`);
}

function pass(env: Env, seed: number, steps: number): Trace {
  const problems: string[] = [];
  const values: number[] = [];
  const rng = Rng.fromSeed(seed).split("check-env-actions");
  const first = env.reset({ seed });
  finiteAndInside(env, first.obs, "reset", problems);
  const firstCopy = Float64Array.from(first.obs);
  values.push(...first.obs);
  const action = new Float64Array(boxSize(env.actionSpace));
  let lastInfo: StepInfo = first.info;
  for (let t = 0; t < steps && problems.length === 0; t++) {
    sampleBox(env.actionSpace, rng, action);
    const s = env.step(action);
    const where = `step ${t + 1}`;
    finiteAndInside(env, s.obs, where, problems);
    if (typeof s.reward !== "number" || !Number.isFinite(s.reward)) problems.push(`${where}: reward is ${String(s.reward)}`);
    if (typeof s.terminated !== "boolean" || typeof s.truncated !== "boolean")
      problems.push(`${where}: terminated/truncated must be booleans`);
    if (s.info === null || typeof s.info !== "object") problems.push(`${where}: info is not an object`);
    else if (s.info === lastInfo) problems.push(`${where}: info object reused from the previous call (must be fresh)`);
    lastInfo = s.info;
    values.push(...s.obs, s.reward, s.terminated ? 1 : 0, s.truncated ? 1 : 0);
    if (s.terminated || s.truncated) {
      const r = env.reset();
      finiteAndInside(env, r.obs, `reset after ${where}`, problems);
      values.push(...r.obs);
      lastInfo = r.info;
    }
  }
  for (let i = 0; i < firstCopy.length; i++) {
    if (!Object.is(firstCopy[i], first.obs[i])) {
      problems.push("the first observation array was changed by later calls (envs must not mutate returned arrays)");
      break;
    }
  }
  return { values, problems };
}

/**
 * Run the checks on `env` (it is reset and stepped; it is not closed).
 * @throws EnvError listing every problem found.
 */
export function checkEnv(env: Env, options: CheckEnvOptions = {}): void {
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 200;
  const problems: string[] = [];
  for (const [name, space] of [
    ["observationSpace", env.observationSpace],
    ["actionSpace", env.actionSpace],
  ] as const) {
    const n = boxSize(space);
    if (space.low.length !== n || space.high.length !== n)
      problems.push(`${name}: bounds have ${space.low.length}/${space.high.length} entries, shape needs ${n}`);
    for (let i = 0; i < space.low.length; i++)
      if (!(space.low[i]! <= space.high[i]!)) problems.push(`${name}: low[${i}] > high[${i}] or NaN`);
  }
  if (problems.length === 0) {
    const a = pass(env, seed, steps);
    problems.push(...a.problems);
    if (a.problems.length === 0) {
      const b = pass(env, seed, steps);
      problems.push(...b.problems);
      if (b.problems.length === 0) {
        const n = Math.min(a.values.length, b.values.length);
        let k = 0;
        while (k < n && Object.is(a.values[k], b.values[k])) k++;
        if (k < n || a.values.length !== b.values.length) {
          problems.push(`not deterministic: two passes with seed ${seed} differ at value ${k} (${a.values[k]} vs ${b.values[k]})`);
        }
      }
    }
  }
  if (problems.length > 0)
    throw new EnvError(`checkEnv(${env.toString()}) found ${problems.length} problem(s):\n- ${problems.join("\n- ")}`);
}
