/**
 * A tiny scripted env for wrapper and vector-env tests (not a test file itself).
 * Observation (3): (t, episode index, last action[0]); action (1) in [−1, 1].
 * Reward of step t (1-based) of episode e: `rewardFn(e, t)`; terminates after `episodeLength(e)`
 * steps (Infinity = never). Records every action and reset seed it receives.
 */
import type { BoxSpace, Env, ResetOptions, ResetResult, StepResult } from "../../../src/envs/env";
import { makeBox } from "../../../src/envs/spaces";

export interface ScriptedEnvOptions {
  readonly rewardFn?: (episode: number, t: number) => number;
  readonly episodeLength?: (episode: number) => number;
  readonly id?: string;
}

export class ScriptedEnv implements Env {
  readonly id: string;
  readonly observationSpace: BoxSpace = makeBox(-Infinity, Infinity, [3]);
  readonly actionSpace: BoxSpace = makeBox(-1, 1, [1]);
  readonly actions: number[][] = [];
  readonly seeds: (number | undefined)[] = [];
  episode = -1;
  t = 0;
  closed = false;
  private lastAction = 0;
  private readonly rewardFn: (episode: number, t: number) => number;
  private readonly episodeLength: (episode: number) => number;

  constructor(options: ScriptedEnvOptions = {}) {
    this.id = options.id ?? "Scripted-v0";
    this.rewardFn = options.rewardFn ?? ((_e, t) => t);
    this.episodeLength = options.episodeLength ?? (() => Infinity);
  }

  reset(options?: ResetOptions): ResetResult {
    this.seeds.push(options?.seed);
    this.episode += 1;
    this.t = 0;
    this.lastAction = 0;
    return { obs: this.obs(), info: {} };
  }

  step(action: ArrayLike<number>): StepResult {
    this.actions.push(Array.from(action));
    this.lastAction = action[0]!;
    this.t += 1;
    const reward = this.rewardFn(this.episode, this.t);
    const terminated = this.t >= this.episodeLength(this.episode);
    return { obs: this.obs(), reward, terminated, truncated: false, info: { step: this.t } };
  }

  close(): void {
    this.closed = true;
  }

  toString(): string {
    return this.id;
  }

  private obs(): Float64Array {
    return Float64Array.from([this.t, this.episode, this.lastAction]);
  }
}

/** Step `env` with a constant action until the episode ends or `maxSteps`; returns the results. */
export function rollout(env: Env, maxSteps: number, action: ArrayLike<number> = [0]): StepResult[] {
  const out: StepResult[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const r = env.step(action);
    out.push(r);
    if (r.terminated || r.truncated) break;
  }
  return out;
}
