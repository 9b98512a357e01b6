/**
 * A tiny deterministic test env for the PPO unit tests: a point on a line must reach a target.
 *
 * obs = [x, target], action = [u] (any real; the env clips it to [-1, 1]),
 * x ← x + 0.2·clip(u), reward = −|x − target|, truncated after `maxSteps` (default 32),
 * terminated when |x| > 3. Reset draws x₀ ~ U(−1, 1) and target ~ U(−1, 1) from the reset seed.
 * Carries `info.rawReward` and, on the last step, `info.episode` (undelayed return/length), like
 * an env from makeEnv. Optionally counts live instances (to check that trainers close envs).
 */
import { Rng } from "../../src/core/rng";
import type { Env, BoxSpace, ResetResult, StepResult, StepInfo } from "../../src/envs/env";

export interface TargetEnvOptions {
  readonly maxSteps?: number;
}

export let liveTargetEnvs = 0;

export class TargetEnv implements Env {
  readonly id = "Target-v0";
  readonly observationSpace: BoxSpace = { shape: [2], low: new Float64Array([-Infinity, -1]), high: new Float64Array([Infinity, 1]) };
  readonly actionSpace: BoxSpace = { shape: [1], low: new Float64Array([-1]), high: new Float64Array([1]) };
  private readonly maxSteps: number;
  private rng = Rng.fromSeed(0);
  private x = 0;
  private target = 0;
  private t = 0;
  private ret = 0;

  constructor(options: TargetEnvOptions = {}) {
    this.maxSteps = options.maxSteps ?? 32;
    liveTargetEnvs++;
  }

  reset(options: { seed?: number } = {}): ResetResult {
    if (options.seed !== undefined) this.rng = Rng.fromSeed(options.seed);
    this.x = this.rng.uniform(-1, 1);
    this.target = this.rng.uniform(-1, 1);
    this.t = 0;
    this.ret = 0;
    return { obs: new Float64Array([this.x, this.target]), info: {} };
  }

  step(action: ArrayLike<number>): StepResult {
    const u = Math.max(-1, Math.min(1, action[0]));
    this.x += 0.2 * u;
    this.t++;
    const reward = -Math.abs(this.x - this.target);
    this.ret += reward;
    const terminated = Math.abs(this.x) > 3;
    const truncated = !terminated && this.t >= this.maxSteps;
    const info: StepInfo = { rawReward: reward };
    if (terminated || truncated) info.episode = { return: this.ret, length: this.t };
    return { obs: new Float64Array([this.x, this.target]), reward, terminated, truncated, info };
  }

  close(): void {
    liveTargetEnvs--;
  }

  toString(): string {
    return this.id;
  }
}

/** A `TrainerOptions.makeEnv` that builds {@link TargetEnv}s (envOptions: `{ maxSteps? }`). */
export async function makeTargetEnv(_envId: string, envOptions: Readonly<Record<string, unknown>>): Promise<Env> {
  const maxSteps = envOptions["maxSteps"];
  return new TargetEnv(typeof maxSteps === "number" ? { maxSteps } : {});
}
