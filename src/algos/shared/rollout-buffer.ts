/**
 * Storage of one rollout of a population of S seeds (one env per seed), and the per-seed
 * recorder of the episode in flight.
 *
 * Layout: per-seed blocks, seed-major. A per-step array of seed k, step t, element i lives at
 * `(k * T + t) * width + i` (rollouts are `[S, T, …]`; the leading seed axis is explicit).
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

/** One rollout of a population. Stages read and (hooks) modify these arrays in place. */
export interface PopulationRollout {
  readonly numSeeds: number;
  /** Steps per seed (`stepsPerRollout`). */
  readonly numSteps: number;
  readonly obsDim: number;
  readonly actDim: number;
  /** Normalised observations fed to the networks, `[S, T, obsDim]` (statistics current at that step). */
  readonly obs: Float32Array;
  /** Raw observations, `[S, T, obsDim]`. */
  readonly rawObs: Float64Array;
  /** Sampled (unclipped) actions, `[S, T, actDim]`. */
  readonly actions: Float32Array;
  /**
   * Rewards the targets are computed from, `[S, T]`: the scaled env reward after collection; a
   * method may relabel them (GASIL adds α·softplus(−ℓ)) before {@link computeTargets}.
   */
  readonly rewards: Float64Array;
  /**
   * The factor the reward scaler multiplied step t's env reward by (1/√(Var[R] + ε), before
   * clipping; 1 without reward scaling), `[S, T]`. GASIL's "before-scaling" bonus uses it.
   */
  readonly rewardScales: Float64Array;
  /** Env rewards as observed (delayed, unscaled), `[S, T]`. */
  readonly envRewards: Float64Array;
  /** 1 when the episode ended at step t (terminated or truncated), `[S, T]`. */
  readonly dones: Uint8Array;
  /** 1 when the episode ended by termination at step t, `[S, T]`. */
  readonly terminated: Uint8Array;
  /** V(final observation) at steps that ended by truncation when bootstrapping, else 0, `[S, T]`. */
  readonly bootstrapValues: Float64Array;
  /** V(s_t) at rollout time, `[S, T]`. */
  readonly values: Float64Array;
  /** log π_old(a_t|s_t) at rollout time, `[S, T]`. */
  readonly logProbs: Float64Array;
  /** V(s_T) of the observation after the last step, `[S]`. */
  readonly lastValues: Float64Array;
  /** GAE advantages, `[S, T]` (filled by `computeTargets`). */
  readonly advantages: Float64Array;
  /** λ-return value targets, `[S, T]` (filled by `computeTargets`). */
  readonly returnTargets: Float64Array;
  /** Episodes that finished during this rollout, per seed (may have started in earlier rollouts). */
  readonly finishedEpisodes: FinishedEpisode[][];
  /** Seeds whose rollout is complete and usable (alive from its first to its last step). */
  readonly active: boolean[];
}

/** Allocate an empty rollout. */
export function allocateRollout(numSeeds: number, numSteps: number, obsDim: number, actDim: number): PopulationRollout {
  const n = numSeeds * numSteps;
  return {
    numSeeds,
    numSteps,
    obsDim,
    actDim,
    obs: new Float32Array(n * obsDim),
    rawObs: new Float64Array(n * obsDim),
    actions: new Float32Array(n * actDim),
    rewards: new Float64Array(n),
    rewardScales: new Float64Array(n).fill(1),
    envRewards: new Float64Array(n),
    dones: new Uint8Array(n),
    terminated: new Uint8Array(n),
    bootstrapValues: new Float64Array(n),
    values: new Float64Array(n),
    logProbs: new Float64Array(n),
    lastValues: new Float64Array(numSeeds),
    advantages: new Float64Array(n),
    returnTargets: new Float64Array(n),
    finishedEpisodes: Array.from({ length: numSeeds }, () => []),
    active: new Array<boolean>(numSeeds).fill(false),
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
