/**
 * Prioritised replay buffer of self-imitation learning (PPO+SIL, docs/paper-protocol.md#sil-hyperparameters).
 *
 * Follows the official SIL code (`baselines/common/self_imitation.py` with the proportional
 * prioritised buffer of `baselines/deepq/replay_buffer.py`, 2018), re-implemented:
 *
 * 1. Capacity 50,000 transitions, first-in-first-out overwrite (a ring).
 * 2. Per transition: observation (normalised by the caller with the statistics current when its
 *    episode ends), sampled action, and the discounted return R_t = Σ_k γ^k r_{t+k} over the rest
 *    of the episode ({@link discountedEpisodeReturns}).
 * 3. Admission of whole episodes: only if at least one of its (delayed) raw rewards is > 0
 *    ({@link admitsEpisode}).
 * 4. Proportional prioritisation: P(i) ∝ p_i^α with α = 0.6, kept in a sum tree (and a min tree
 *    for the importance-weight normaliser). A new transition gets the largest priority seen so
 *    far (initially 1).
 * 5. Each sample is an independent draw (mass = u · Σp^α, prefix-sum search), with replacement.
 * 6. Importance weights w_i = (N·P(i))^(−β) / max_j w_j with max_j w_j = (N·min_j P(j))^(−β),
 *    β = 0.1 constant, N = current size.
 * 7. {@link PrioritizedReplayBuffer.updatePriorities} sets p_i = max(priority, 1e-6) — the SIL
 *    update passes clip(R − V(s), 0, 1) computed with V from before the SIL step — and raises the
 *    running maximum priority.
 * 8. All randomness comes from the caller's (per-seed) {@link Rng}; the whole state round-trips
 *    through {@link PrioritizedReplayBuffer.getState} for checkpoints.
 */
import { ConfigError, describeValue, ShapeError } from "../../core/errors";
import { decodeFloat32, encodeFloat32 } from "../../core/float-codec";
import type { Rng } from "../../core/rng";

/** Smallest priority stored (SIL clips its advantage priority from below). */
export const MIN_PRIORITY = 1e-6;

/** Options of a {@link PrioritizedReplayBuffer}. */
export interface PrioritizedReplayOptions {
  readonly obsDim: number;
  readonly actDim: number;
  /** Capacity in transitions (SIL: 50,000). */
  readonly capacity: number;
  /** Priority exponent α ≥ 0 (SIL: 0.6). */
  readonly alpha: number;
}

/** JSON-serialisable snapshot of a {@link PrioritizedReplayBuffer}. */
export interface PrioritizedReplayState {
  readonly obsDim: number;
  readonly actDim: number;
  readonly capacity: number;
  readonly alpha: number;
  readonly next: number;
  readonly size: number;
  readonly maxPriority: number;
  /** base64 float32 `[size, obsDim]`, `[size, actDim]`; returns and priorities as number[]. */
  readonly obs: string;
  readonly actions: string;
  readonly returns: readonly number[];
  /** Raw priorities p_i (not raised to α) of slots 0..size−1. */
  readonly priorities: readonly number[];
}

/** Result of {@link PrioritizedReplayBuffer.sample}: the sampled slots and their weights. */
export interface PrioritizedSample {
  /** Buffer slots of the samples (pass back to `updatePriorities`). */
  readonly indices: Int32Array;
  /** Importance weights w_i ∈ (0, 1]. */
  readonly weights: Float32Array;
}

/**
 * Discounted returns of one finished episode: R_t = r_t + γ R_{t+1}, R_T = r_T (no bootstrap:
 * the episode ended). Used for SIL's targets.
 * @param rewards the episode's rewards in order (already scaled by the caller).
 */
export function discountedEpisodeReturns(rewards: ArrayLike<number>, gamma: number): Float64Array {
  const out = new Float64Array(rewards.length);
  let acc = 0;
  for (let t = rewards.length - 1; t >= 0; t--) {
    acc = rewards[t]! + gamma * acc;
    out[t] = acc;
  }
  return out;
}

/** SIL's admission rule: an episode enters the buffer only if one of its raw rewards is > 0. */
export function admitsEpisode(rawRewards: ArrayLike<number>): boolean {
  for (let i = 0; i < rawRewards.length; i++) if (rawRewards[i]! > 0) return true;
  return false;
}

function checkPositiveInt(path: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(path, `must be an integer ≥ 1, got ${describeValue(value)}`);
  }
  return value;
}

/** Proportional prioritised FIFO replay (one instance per seed). */
export class PrioritizedReplayBuffer {
  readonly obsDim: number;
  readonly actDim: number;
  readonly capacity: number;
  readonly alpha: number;
  private readonly obs: Float32Array;
  private readonly actions: Float32Array;
  private readonly returns: Float64Array;
  private readonly priorities: Float64Array;
  /** Leaves at [treeSize, 2·treeSize); node i holds the sum / min of its children. */
  private readonly treeSize: number;
  private readonly sumTree: Float64Array;
  private readonly minTree: Float64Array;
  private next = 0;
  private count = 0;
  private maxPriority = 1;

  /** @throws ConfigError naming the option when a size or α is invalid. */
  constructor(options: PrioritizedReplayOptions) {
    this.obsDim = checkPositiveInt("obsDim", options.obsDim);
    this.actDim = checkPositiveInt("actDim", options.actDim);
    this.capacity = checkPositiveInt("capacity", options.capacity);
    if (typeof options.alpha !== "number" || !Number.isFinite(options.alpha) || options.alpha < 0) {
      throw new ConfigError("alpha", `must be a finite number ≥ 0, got ${describeValue(options.alpha)}`);
    }
    this.alpha = options.alpha;
    this.obs = new Float32Array(this.capacity * this.obsDim);
    this.actions = new Float32Array(this.capacity * this.actDim);
    this.returns = new Float64Array(this.capacity);
    this.priorities = new Float64Array(this.capacity);
    let size = 1;
    while (size < this.capacity) size *= 2;
    this.treeSize = size;
    this.sumTree = new Float64Array(2 * size);
    this.minTree = new Float64Array(2 * size).fill(Number.POSITIVE_INFINITY);
  }

  /** Number of stored transitions. */
  get size(): number {
    return this.count;
  }

  /** Largest priority seen so far (new transitions get it). */
  get maxPriorityValue(): number {
    return this.maxPriority;
  }

  /** Raw priority p_i of slot `index`. */
  priority(index: number): number {
    return this.priorities[index]!;
  }

  /** Stored return of slot `index`. */
  returnAt(index: number): number {
    return this.returns[index]!;
  }

  private setLeaf(index: number, priority: number): void {
    this.priorities[index] = priority;
    const scaled = priority ** this.alpha;
    let node = index + this.treeSize;
    this.sumTree[node] = scaled;
    this.minTree[node] = scaled;
    node >>= 1;
    while (node >= 1) {
      this.sumTree[node] = this.sumTree[2 * node]! + this.sumTree[2 * node + 1]!;
      this.minTree[node] = Math.min(this.minTree[2 * node]!, this.minTree[2 * node + 1]!);
      node >>= 1;
    }
  }

  /**
   * Append one transition with the current maximum priority (overwrites the oldest when full).
   * @throws ShapeError when `obs`/`action` have the wrong length.
   */
  add(obs: ArrayLike<number>, action: ArrayLike<number>, ret: number): void {
    if (obs.length !== this.obsDim || action.length !== this.actDim) {
      throw new ShapeError(
        `PrioritizedReplayBuffer.add: obs length ${obs.length} (want ${this.obsDim}), action length ${action.length} (want ${this.actDim})`,
      );
    }
    const i = this.next;
    this.obs.set(obs, i * this.obsDim);
    this.actions.set(action, i * this.actDim);
    this.returns[i] = ret;
    this.setLeaf(i, this.maxPriority);
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /**
   * Append a whole episode: `obs` `[T, obsDim]`, `actions` `[T, actDim]`, `returns` `[T]`.
   * @throws ShapeError when the lengths disagree.
   */
  addEpisode(obs: ArrayLike<number>, actions: ArrayLike<number>, returns: ArrayLike<number>): void {
    const T = returns.length;
    if (obs.length !== T * this.obsDim || actions.length !== T * this.actDim) {
      throw new ShapeError(
        `PrioritizedReplayBuffer.addEpisode: ${T} returns but obs length ${obs.length}, actions length ${actions.length}`,
      );
    }
    const o = Float32Array.from(obs);
    const a = Float32Array.from(actions);
    for (let t = 0; t < T; t++) {
      this.add(o.subarray(t * this.obsDim, (t + 1) * this.obsDim), a.subarray(t * this.actDim, (t + 1) * this.actDim), returns[t]!);
    }
  }

  /** Slot whose prefix-sum interval contains `mass` (0 ≤ mass < total). */
  private findPrefixSum(mass: number): number {
    let node = 1;
    while (node < this.treeSize) {
      const left = this.sumTree[2 * node]!;
      if (mass < left) node = 2 * node;
      else {
        mass -= left;
        node = 2 * node + 1;
      }
    }
    // Guard against round-off pushing the search into an empty leaf.
    return Math.min(node - this.treeSize, this.count - 1);
  }

  /**
   * Draw `n` transitions with P(i) ∝ p_i^α (independent draws, with replacement) and their
   * importance weights with exponent `beta`. Observations, actions and returns are written into
   * the output arrays from the given offsets (row units: samples), so several seeds can fill one
   * stacked `[S, n, ·]` array.
   * @throws RangeError when the buffer is empty.
   */
  sample(
    n: number,
    beta: number,
    rng: Rng,
    out: { obs: Float32Array; actions: Float32Array; returns: Float32Array | Float64Array; weights: Float32Array },
    rowOffset = 0,
  ): PrioritizedSample {
    if (this.count === 0) throw new RangeError("PrioritizedReplayBuffer.sample: the buffer is empty");
    const indices = new Int32Array(n);
    const weights = new Float32Array(n);
    const total = this.sumTree[1]!;
    const minScaled = this.minTree[1]!;
    const maxWeight = ((minScaled / total) * this.count) ** -beta;
    for (let k = 0; k < n; k++) {
      const idx = this.findPrefixSum(rng.random() * total);
      indices[k] = idx;
      const p = this.sumTree[idx + this.treeSize]! / total;
      weights[k] = (p * this.count) ** -beta / maxWeight;
      const row = rowOffset + k;
      out.obs.set(this.obs.subarray(idx * this.obsDim, (idx + 1) * this.obsDim), row * this.obsDim);
      out.actions.set(this.actions.subarray(idx * this.actDim, (idx + 1) * this.actDim), row * this.actDim);
      out.returns[row] = this.returns[idx]!;
      out.weights[row] = weights[k]!;
    }
    return { indices, weights };
  }

  /**
   * Set the priorities of `indices` to max(priorities[k], 1e-6) (SIL passes clip(R − V, 0, 1)).
   * When a slot appears several times the last value wins, as in the reference.
   * @throws RangeError on an index outside the stored range or a non-finite priority.
   */
  updatePriorities(indices: ArrayLike<number>, priorities: ArrayLike<number>): void {
    for (let k = 0; k < indices.length; k++) {
      const idx = indices[k]!;
      const p = priorities[k]!;
      if (!Number.isInteger(idx) || idx < 0 || idx >= this.count)
        throw new RangeError(`updatePriorities: index ${idx} outside [0, ${this.count})`);
      if (!Number.isFinite(p)) throw new RangeError(`updatePriorities: priority ${p} at position ${k} is not finite`);
      const q = Math.max(p, MIN_PRIORITY);
      this.setLeaf(idx, q);
      if (q > this.maxPriority) this.maxPriority = q;
    }
  }

  /** JSON-serialisable snapshot. */
  getState(): PrioritizedReplayState {
    return {
      obsDim: this.obsDim,
      actDim: this.actDim,
      capacity: this.capacity,
      alpha: this.alpha,
      next: this.next,
      size: this.count,
      maxPriority: this.maxPriority,
      obs: encodeFloat32(this.obs.subarray(0, this.count * this.obsDim)),
      actions: encodeFloat32(this.actions.subarray(0, this.count * this.actDim)),
      returns: Array.from(this.returns.subarray(0, this.count)),
      priorities: Array.from(this.priorities.subarray(0, this.count)),
    };
  }

  /** Rebuild from {@link PrioritizedReplayBuffer.getState}. @throws ShapeError on inconsistent arrays. */
  static fromState(state: PrioritizedReplayState): PrioritizedReplayBuffer {
    const buf = new PrioritizedReplayBuffer({ obsDim: state.obsDim, actDim: state.actDim, capacity: state.capacity, alpha: state.alpha });
    const obs = decodeFloat32(state.obs);
    const actions = decodeFloat32(state.actions);
    if (
      obs.length !== state.size * state.obsDim ||
      actions.length !== state.size * state.actDim ||
      state.returns.length !== state.size ||
      state.priorities.length !== state.size
    ) {
      throw new ShapeError("PrioritizedReplayBuffer.fromState: array lengths disagree with size");
    }
    buf.obs.set(obs);
    buf.actions.set(actions);
    for (let i = 0; i < state.size; i++) {
      buf.returns[i] = state.returns[i]!;
      buf.setLeaf(i, state.priorities[i]!);
    }
    buf.count = state.size;
    buf.next = state.next;
    buf.maxPriority = state.maxPriority;
    return buf;
  }
}
