/**
 * Top-K good-trajectory buffer 𝓑 of GASIL (GASIL.7), also the demonstration set of PPO+BC.
 *
 * Holds the best episodes the agent has generated so far, ranked by their **undiscounted
 * episode return** (docs/paper-protocol.md#gasil-hyperparameters; the delay wrapper leaves the episode return
 * unchanged, docs/paper-protocol.md#useful-properties,
 * so ranking by the observed return equals ranking by the true return). Implementation details:
 *
 * 1. Capacity K counts **transitions** by default (`unit: "transitions"`): the store holds the K
 *    top-ranked transitions, each ranked by the return of its episode. Trajectories are kept in
 *    rank order until K transitions are used; the first one that does not fit whole is cut to its
 *    **last** steps so that exactly K remain, and everything ranked below it is dropped. A cut
 *    episode loses its earliest steps first, and once cut it never regains them. [S] DIRECT's
 *    `direct/buffer.py` keeps top-K transitions this way: each step carries its episode's return,
 *    a new step goes in front of every stored step with an equal or lower return, and the array is
 *    cut at K — so within an episode the later steps rank first
 *    (docs/paper-protocol.md#q5-buffer-size). With `unit: "trajectories"` K counts whole episodes.
 * 2. Hence the best episode is cut too when it is longer than K (K = 250 on 1000-step Hopper
 *    episodes holds their last 250 steps), and the swept K values of Figure 7 give different
 *    buffers even once every episode lasts 1000 steps.
 * 3. Ties in return prefer the **newer** trajectory (docs/paper-protocol.md#q12-ranking-and-ties).
 * 4. Stored per step: the **raw** (unnormalised) observation and the **sampled** (unclipped)
 *    action, as float32. Normalisation is applied at use time with the learner's current
 *    statistics (docs/paper-protocol.md#gasil-hyperparameters, "observation normalisation for D").
 * 5. One store per seed; sampling draws uniformly over stored transitions, with replacement,
 *    from the seed's own {@link Rng} — so a seed's buffer never depends on its population.
 * 6. {@link TrajectoryStore.getState}/{@link TrajectoryStore.fromState} round-trip the whole
 *    content (typed arrays as base64) for checkpoints.
 */
import { ConfigError, describeValue, ShapeError } from "../../core/errors";
import { decodeFloat32, encodeFloat32 } from "../../core/float-codec";
import type { Rng } from "../../core/rng";
import type { FinishedEpisode } from "./rollout-buffer";

/** Unit in which the capacity K is counted. */
export type TrajectoryStoreUnit = "transitions" | "trajectories";
export const TRAJECTORY_STORE_UNITS: readonly TrajectoryStoreUnit[] = ["transitions", "trajectories"];

/** Options of a {@link TrajectoryStore}. */
export interface TrajectoryStoreOptions {
  /** Observation size (per step). */
  readonly obsDim: number;
  /** Action size (per step). */
  readonly actDim: number;
  /** Capacity K (≥ 1), in `unit`s. Default 1000 transitions (docs/paper-protocol.md#q5-buffer-size). */
  readonly capacity: number;
  /** Unit of `capacity`. Default `"transitions"`. */
  readonly unit?: TrajectoryStoreUnit;
}

/** A finished episode offered to the store. */
export interface TrajectoryInput {
  /** Raw observations `[length, obsDim]`, row-major (the observation each action was taken in). */
  readonly obs: ArrayLike<number>;
  /** Sampled actions `[length, actDim]`, row-major. */
  readonly actions: ArrayLike<number>;
  /** Ranking score: the undiscounted episode return. Must be finite. */
  readonly score: number;
}

/** A stored trajectory (read-only view; do not mutate the arrays). */
export interface StoredTrajectory {
  /** The kept steps (the episode's last `length` steps when it was cut to fit K). */
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  /** Number of kept steps. */
  readonly length: number;
  /** Length of the whole episode (≥ `length`; larger when the store cut it). */
  readonly episodeLength: number;
  readonly score: number;
  /** Insertion number (larger = newer); breaks ties in `score`. */
  readonly order: number;
}

/** JSON-serialisable snapshot of a {@link TrajectoryStore}. */
export interface TrajectoryStoreState {
  readonly obsDim: number;
  readonly actDim: number;
  readonly capacity: number;
  readonly unit: TrajectoryStoreUnit;
  readonly nextOrder: number;
  readonly offered: number;
  readonly trajectories: readonly {
    readonly score: number;
    readonly order: number;
    readonly length: number;
    /** Length of the whole episode; absent in snapshots taken before episodes could be cut. */
    readonly episodeLength?: number;
    /** base64 of the float32 bytes (little-endian). */
    readonly obs: string;
    readonly actions: string;
  }[];
}

function checkPositiveInt(path: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(path, `must be an integer ≥ 1, got ${describeValue(value)}`);
  }
  return value;
}

/** Ranking: higher score first; on equal score, newer (larger order) first. */
function ranksBefore(a: StoredTrajectory, b: StoredTrajectory): number {
  if (a.score !== b.score) return b.score - a.score;
  return b.order - a.order;
}

/**
 * Top-K buffer of the best episodes (GASIL.7), K in transitions or in episodes. One instance per seed.
 *
 * @example
 * const store = new TrajectoryStore({ obsDim: 8, actDim: 2, capacity: 1000 });
 * store.offer({ obs, actions, score: 4 });
 * store.sample(2048, rng, obsOut, actOut);
 */
export class TrajectoryStore {
  readonly obsDim: number;
  readonly actDim: number;
  readonly capacity: number;
  readonly unit: TrajectoryStoreUnit;
  private items: StoredTrajectory[] = [];
  private nextOrder = 0;
  private offeredCount = 0;
  /** Cumulative lengths (exclusive prefix sums) of `items`, for uniform transition sampling. */
  private starts: Int32Array = new Int32Array(0);
  private total = 0;

  /** @throws ConfigError naming the option when a size or the unit is invalid. */
  constructor(options: TrajectoryStoreOptions) {
    this.obsDim = checkPositiveInt("obsDim", options.obsDim);
    this.actDim = checkPositiveInt("actDim", options.actDim);
    this.capacity = checkPositiveInt("capacity", options.capacity);
    const unit = options.unit ?? "transitions";
    if (!TRAJECTORY_STORE_UNITS.includes(unit)) {
      throw new ConfigError("unit", `must be one of ${TRAJECTORY_STORE_UNITS.join(", ")}, got ${describeValue(unit)}`);
    }
    this.unit = unit;
  }

  /** Number of stored trajectories. */
  get size(): number {
    return this.items.length;
  }

  /** Number of stored transitions (sum of stored lengths). */
  get numTransitions(): number {
    return this.total;
  }

  /** Number of trajectories ever offered. */
  get numOffered(): number {
    return this.offeredCount;
  }

  /** Stored trajectories in rank order (best first). */
  trajectories(): readonly StoredTrajectory[] {
    return this.items;
  }

  /** Best stored score, or null when empty. */
  get bestScore(): number | null {
    return this.items.length > 0 ? this.items[0]!.score : null;
  }

  /** Lowest stored score, or null when empty. */
  get worstScore(): number | null {
    return this.items.length > 0 ? this.items[this.items.length - 1]!.score : null;
  }

  /** Mean stored score (per trajectory), or null when empty. */
  get meanScore(): number | null {
    if (this.items.length === 0) return null;
    let s = 0;
    for (const t of this.items) s += t.score;
    return s / this.items.length;
  }

  /**
   * Offer a finished trajectory (Algorithm 1, step 2). The arrays are copied (as float32).
   * @returns true when the trajectory is kept (whole or cut) after re-ranking.
   * @throws ShapeError when the arrays are empty or their lengths disagree with obsDim/actDim.
   * @throws RangeError when `score` is not finite.
   */
  offer(trajectory: TrajectoryInput): boolean {
    const { obs, actions, score } = trajectory;
    if (!Number.isFinite(score)) throw new RangeError(`TrajectoryStore.offer: score must be finite, got ${String(score)}`);
    if (obs.length === 0 || obs.length % this.obsDim !== 0) {
      throw new ShapeError(`TrajectoryStore.offer: obs length ${obs.length} is not a positive multiple of obsDim ${this.obsDim}`);
    }
    const length = obs.length / this.obsDim;
    if (actions.length !== length * this.actDim) {
      throw new ShapeError(`TrajectoryStore.offer: actions length ${actions.length} != length ${length} × actDim ${this.actDim}`);
    }
    this.offeredCount++;
    const item: StoredTrajectory = {
      obs: Float32Array.from(obs),
      actions: Float32Array.from(actions),
      length,
      episodeLength: length,
      score,
      order: this.nextOrder++,
    };
    // Insert in rank order (stable; the newest wins ties because its order is largest).
    let pos = 0;
    while (pos < this.items.length && ranksBefore(this.items[pos]!, item) < 0) pos++;
    this.items.splice(pos, 0, item);
    this.truncate();
    return this.items.some((t) => t.order === item.order); // kept whole or cut to its last steps
  }

  /**
   * Keep the top of the ranking within the capacity: K whole episodes (`"trajectories"`), or K
   * transitions (`"transitions"`), cutting the last episode that does not fit whole to its last steps.
   */
  private truncate(): void {
    let keep = 0;
    let used = 0;
    for (const t of this.items) {
      const room = this.capacity - used;
      if (room <= 0) break;
      const cost = this.unit === "transitions" ? t.length : 1;
      if (cost > room) this.items[keep] = keepLastSteps(t, room, this.obsDim, this.actDim);
      used += Math.min(cost, room);
      keep++;
    }
    if (keep < this.items.length) this.items.length = keep;
    this.reindex();
  }

  private reindex(): void {
    this.starts = new Int32Array(this.items.length);
    let acc = 0;
    for (let i = 0; i < this.items.length; i++) {
      this.starts[i] = acc;
      acc += this.items[i]!.length;
    }
    this.total = acc;
  }

  /**
   * Draw `n` transitions uniformly with replacement (each stored step equally likely).
   * Writes raw observations into `obsOut[0 .. n·obsDim)` and actions into `actOut[0 .. n·actDim)`,
   * starting at the given offsets (in elements) — so several seeds can fill one stacked array.
   * @throws RangeError when the store is empty.
   * @throws ShapeError when an output array is too short.
   */
  sample(n: number, rng: Rng, obsOut: Float32Array, actOut: Float32Array, obsOffset = 0, actOffset = 0): void {
    if (this.total === 0) throw new RangeError("TrajectoryStore.sample: the store is empty");
    if (obsOut.length < obsOffset + n * this.obsDim || actOut.length < actOffset + n * this.actDim) {
      throw new ShapeError(`TrajectoryStore.sample: output arrays too short for n = ${n}`);
    }
    const { obsDim, actDim } = this;
    for (let i = 0; i < n; i++) {
      const flat = rng.int(this.total);
      // Binary search for the trajectory holding transition `flat`.
      let lo = 0;
      let hi = this.items.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.starts[mid]! <= flat) lo = mid;
        else hi = mid - 1;
      }
      const t = this.items[lo]!;
      const step = flat - this.starts[lo]!;
      // Element loops: for rows this short, subarray + set costs several times more (an object each).
      const obs = t.obs;
      const actions = t.actions;
      for (let j = 0; j < obsDim; j++) obsOut[obsOffset + i * obsDim + j] = obs[step * obsDim + j]!;
      for (let j = 0; j < actDim; j++) actOut[actOffset + i * actDim + j] = actions[step * actDim + j]!;
    }
  }

  /** JSON-serialisable snapshot of the whole store. */
  getState(): TrajectoryStoreState {
    return {
      obsDim: this.obsDim,
      actDim: this.actDim,
      capacity: this.capacity,
      unit: this.unit,
      nextOrder: this.nextOrder,
      offered: this.offeredCount,
      trajectories: this.items.map((t) => ({
        score: t.score,
        order: t.order,
        length: t.length,
        episodeLength: t.episodeLength,
        obs: encodeFloat32(t.obs),
        actions: encodeFloat32(t.actions),
      })),
    };
  }

  /**
   * Rebuild a store from {@link TrajectoryStore.getState}.
   * @throws ShapeError when a stored trajectory's arrays do not match its length.
   */
  static fromState(state: TrajectoryStoreState): TrajectoryStore {
    const store = new TrajectoryStore({ obsDim: state.obsDim, actDim: state.actDim, capacity: state.capacity, unit: state.unit });
    store.nextOrder = state.nextOrder;
    store.offeredCount = state.offered;
    store.items = state.trajectories.map((t) => {
      const obs = decodeFloat32(t.obs);
      const actions = decodeFloat32(t.actions);
      if (obs.length !== t.length * state.obsDim || actions.length !== t.length * state.actDim) {
        throw new ShapeError(`TrajectoryStore.fromState: trajectory ${t.order} has inconsistent array lengths`);
      }
      return { obs, actions, length: t.length, episodeLength: t.episodeLength ?? t.length, score: t.score, order: t.order };
    });
    store.reindex();
    return store;
  }
}

/** The last `steps` steps of a stored trajectory (a copy; the rest is dropped for good). */
function keepLastSteps(t: StoredTrajectory, steps: number, obsDim: number, actDim: number): StoredTrajectory {
  const from = t.length - steps;
  return {
    obs: t.obs.slice(from * obsDim),
    actions: t.actions.slice(from * actDim),
    length: steps,
    episodeLength: t.episodeLength,
    score: t.score,
    order: t.order,
  };
}

/**
 * Offer a seed's finished episodes to its store (GASIL.7), ranked by the undiscounted return of the
 * rewards the agent observed (delayed; equal to the undelayed return for a whole episode,
 * docs/paper-protocol.md#useful-properties).
 * @returns how many the store kept.
 */
export function offerFinishedEpisodes(store: TrajectoryStore, episodes: readonly FinishedEpisode[]): number {
  let kept = 0;
  for (const ep of episodes) {
    let score = 0;
    for (let t = 0; t < ep.rewards.length; t++) score += ep.rewards[t]!;
    if (store.offer({ obs: ep.obs, actions: ep.actions, score })) kept++;
  }
  return kept;
}

/** Per-seed buffer diagnostics shared by GASIL and BC (NaN returns while empty). */
export function storeDiagnostics(store: TrajectoryStore): Record<string, number> {
  return {
    bufferTransitions: store.numTransitions,
    bufferTrajectories: store.size,
    bufferBestReturn: store.bestScore ?? Number.NaN,
    bufferWorstReturn: store.worstScore ?? Number.NaN,
  };
}
