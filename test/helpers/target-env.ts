/**
 * A tiny deterministic test env for the PPO unit tests: a point on a line must reach a target.
 *
 * obs = [x, target], action = [u] (any real; the env clips it to [-1, 1]),
 * x ← x + 0.2·clip(u), reward = −|x − target|, terminated when |x| > 3. Reset draws
 * x₀ ~ U(−1, 1) and target ~ U(−1, 1) from the reset seed. Registered as `Target-v0`
 * (time limit 32 steps) with the real registry, so `makeEnv` adds the usual wrappers
 * (TimeLimit, EpisodeStatistics, DelayedReward). Counts live instances (trainers must close envs).
 */
import { Rng } from "../../src/core/rng";
import type { BoxSpace, Env, ResetResult, StepResult } from "../../src/envs/env";
import { listEnvs, registerEnv } from "../../src/envs/registry";

export let liveTargetEnvs = 0;

export class TargetEnv implements Env {
  readonly id = "Target-v0";
  readonly observationSpace: BoxSpace = { shape: [2], low: new Float64Array([-Infinity, -1]), high: new Float64Array([Infinity, 1]) };
  readonly actionSpace: BoxSpace = { shape: [1], low: new Float64Array([-1]), high: new Float64Array([1]) };
  private rng = Rng.fromSeed(0);
  private x = 0;
  private target = 0;

  constructor() {
    liveTargetEnvs++;
  }

  reset(options: { seed?: number } = {}): ResetResult {
    if (options.seed !== undefined) this.rng = Rng.fromSeed(options.seed);
    this.x = this.rng.uniform(-1, 1);
    this.target = this.rng.uniform(-1, 1);
    return { obs: new Float64Array([this.x, this.target]), info: {} };
  }

  step(action: ArrayLike<number>): StepResult {
    const u = Math.max(-1, Math.min(1, action[0]));
    this.x += 0.2 * u;
    const reward = -Math.abs(this.x - this.target);
    const terminated = Math.abs(this.x) > 3;
    return { obs: new Float64Array([this.x, this.target]), reward, terminated, truncated: false, info: {} };
  }

  close(): void {
    liveTargetEnvs--;
  }

  toString(): string {
    return this.id;
  }
}

/** Register `Target-v0` (time limit 32) with the env registry once per process. */
export function registerTargetEnv(): void {
  if (listEnvs().some((e) => e.id === "Target-v0")) return;
  registerEnv({
    id: "Target-v0",
    maxEpisodeSteps: 32,
    optionNames: [],
    description: "test: reach a target on a line",
    create: async () => new TargetEnv(),
  });
}
