/**
 * Storage of one seed's rollout (`[T, …]` arrays, step-major), and the recorder of the episode in
 * flight. A per-step array's element i of step t lives at `t * width + i`.
 */
import type { EpisodeStats } from "../../envs/env";

/** A finished training episode of one seed (raw data, for self-imitation buffers). */
export interface FinishedEpisode {
  /** Raw (unnormalised) observations the actions were taken in, `[length, obsDim]`. */
  readonly obs: Float64Array;
  /** Sampled (unclipped) actions, `[length, actDim]`. */
  readonly actions: Float64Array;
  /** Env rewards as the agent observed them (delayed, unscaled), `[length]`. */
  readonly rewards: Float64Array;
  /** Undelayed per-step rewards (`info.rawReward`; equal to `rewards` when the env gives none), `[length]`. */
  readonly rawRewards: Float64Array;
  /** Undelayed, unnormalised episode return (`info.episode.return`) — the paper's metric. */
  readonly return: number;
  readonly length: number;
  /** True when the episode ended by termination, false when it was truncated (time limit). */
  readonly terminated: boolean;
}

/** One seed's rollout. Stages read and (hooks) modify these arrays in place. */
export interface Rollout {
  /** Steps (`stepsPerRollout`). */
  readonly numSteps: number;
  readonly obsDim: number;
  readonly actDim: number;
  /** Normalised observations fed to the networks, `[T, obsDim]` (statistics current at that step). */
  readonly obs: Float32Array;
  /** Raw observations, `[T, obsDim]`. */
  readonly rawObs: Float64Array;
  /** Sampled (unclipped) actions, `[T, actDim]`. */
  readonly actions: Float32Array;
  /**
   * Rewards the targets are computed from, `[T]`: the scaled env reward after collection; a
   * method may relabel them (GASIL adds α·softplus(−ℓ)) before `computeTargets`.
   */
  readonly rewards: Float64Array;
  /**
   * The factor the reward scaler multiplied step t's env reward by (1/√(Var[R] + ε), before
   * clipping; 1 without reward scaling), `[T]`. GASIL's "before-scaling" bonus uses it.
   */
  readonly rewardScales: Float64Array;
  /** Env rewards as observed (delayed, unscaled), `[T]`. */
  readonly envRewards: Float64Array;
  /** 1 when the episode ended at step t (terminated or truncated), `[T]`. */
  readonly dones: Uint8Array;
  /** 1 when the episode ended by termination at step t, `[T]`. */
  readonly terminated: Uint8Array;
  /** V(final observation) at steps that ended by truncation when bootstrapping, else 0, `[T]`. */
  readonly bootstrapValues: Float64Array;
  /** V(s_t) at rollout time, `[T]`. */
  readonly values: Float64Array;
  /** log π_old(a_t|s_t) at rollout time, `[T]`. */
  readonly logProbs: Float64Array;
  /** V(s_T) of the observation after the last step. */
  lastValue: number;
  /** GAE advantages, `[T]` (filled by `computeTargets`). */
  readonly advantages: Float64Array;
  /** λ-return value targets, `[T]` (filled by `computeTargets`). */
  readonly returnTargets: Float64Array;
  /** Episodes that finished during this rollout (may have started in earlier rollouts). */
  readonly finishedEpisodes: FinishedEpisode[];
}

/** Allocate an empty rollout of one seed. */
export function allocateRollout(numSteps: number, obsDim: number, actDim: number): Rollout {
  const T = numSteps;
  return {
    numSteps,
    obsDim,
    actDim,
    obs: new Float32Array(T * obsDim),
    rawObs: new Float64Array(T * obsDim),
    actions: new Float32Array(T * actDim),
    rewards: new Float64Array(T),
    rewardScales: new Float64Array(T).fill(1),
    envRewards: new Float64Array(T),
    dones: new Uint8Array(T),
    terminated: new Uint8Array(T),
    bootstrapValues: new Float64Array(T),
    values: new Float64Array(T),
    logProbs: new Float64Array(T),
    lastValue: 0,
    advantages: new Float64Array(T),
    returnTargets: new Float64Array(T),
    finishedEpisodes: [],
  };
}

/**
 * Records the episode in flight of one seed: the seed its env was reset with and every action
 * since (enough to rebuild the env's state by replay after a checkpoint), plus the raw data handed
 * to self-imitation buffers when it finishes.
 */
export class EpisodeRecorder {
  readonly obsDim: number;
  readonly actDim: number;
  /** Seed passed to `env.reset` at the start of this episode. */
  resetSeed = 0;
  private obs: number[] = [];
  private actions: number[] = [];
  private rewards: number[] = [];
  private rawRewards: number[] = [];

  constructor(obsDim: number, actDim: number) {
    this.obsDim = obsDim;
    this.actDim = actDim;
  }

  /** Number of steps recorded. */
  get length(): number {
    return this.rewards.length;
  }

  /** Start a new episode. */
  begin(resetSeed: number): void {
    this.resetSeed = resetSeed;
    this.obs = [];
    this.actions = [];
    this.rewards = [];
    this.rawRewards = [];
  }

  /** Record one step: the raw observation the action was taken in, the action, the rewards. */
  record(rawObs: ArrayLike<number>, action: ArrayLike<number>, reward: number, rawReward: number): void {
    for (let i = 0; i < this.obsDim; i++) this.obs.push(rawObs[i]);
    for (let i = 0; i < this.actDim; i++) this.actions.push(action[i]);
    this.rewards.push(reward);
    this.rawRewards.push(rawReward);
  }

  /** The finished episode (call on the step that ended it, after `record`). */
  finish(stats: EpisodeStats | undefined, terminated: boolean): FinishedEpisode {
    const rawRewards = Float64Array.from(this.rawRewards);
    let fallback = 0;
    for (const r of rawRewards) fallback += r;
    return {
      obs: Float64Array.from(this.obs),
      actions: Float64Array.from(this.actions),
      rewards: Float64Array.from(this.rewards),
      rawRewards,
      return: stats?.return ?? fallback,
      length: stats?.length ?? this.rewards.length,
      terminated,
    };
  }

  /** Actions of the episode so far (for checkpoint replay), `[length, actDim]`. */
  actionsSoFar(): Float64Array {
    return Float64Array.from(this.actions);
  }
}
