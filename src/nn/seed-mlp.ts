/**
 * Per-seed MLPs for a population of seeds whose parameters are one seed-major array `[S, P]`:
 * forward pass, a per-seed loss computed on the host, hand-written backward pass and Adam, used by
 * PPO's update and rollouts (policy and value nets, `actor-critic.ts`) and by GASIL's
 * discriminator (`discriminator.ts`). {@link SeedMlpGradient} is the entry point.
 *
 * It runs on the WebAssembly SIMD kernels of `./kernels` (issue 15): one call covers every seed
 * and net, the parameters, gradients, inputs and outputs live in the kernels' fixed memory, and a
 * seed's numbers depend on its own rows only (fixed summation order per element, whatever the
 * batch, the row offset or the population). The kernels do not use TensorFlow.js, so these nets
 * give the same numbers on every tfjs backend (wasm, cpu, tfjs-node); "same config and seed →
 * same results on the same backend" holds a fortiori. (The tfjs path this replaced — tanh as
 * 2σ(2z) − 1 with host-folded weights, per-seed 2-D matMuls — is kept only as the baseline of
 * `bench/nn/kernels.ts`.)
 *
 * Keeping the weights in the kernels' memory: an owner that hands {@link SeedMlpGradient.params}
 * out as its ONE copy of the weights (the PPO population does) pays no copy per call; a caller
 * that passes another array gets it copied in first. {@link SeedMlpGradient.grad} likewise.
 */
import type { PhaseClock } from "../core/phase-clock";
import { SeedMlpKernels } from "./kernels";
import { type AdamConfig, KernelPopulationAdam, type PopulationAdamState } from "./optim";

/** One named block of the flat parameter vector of a seed. */
export interface ParamBlock {
  /** e.g. `policy/w0`, `policy/b0`, `logStd`, `value/w2`. */
  readonly name: string;
  /** Shape of the block for one seed (`[in, out]` for weights, `[out]` for biases). */
  readonly shape: readonly number[];
  /** Offset into the seed's flat row. */
  readonly offset: number;
  /** Number of elements. */
  readonly size: number;
}

/**
 * A set of tanh MLPs (linear output) that share one input and live in one flat parameter row per
 * seed (`[S, numParams]`): e.g. the actor-critic (policy and value nets) or a discriminator.
 * Each net is its list of blocks `[w0, b0, w1, b1, …]` (weights `[in, out]`, biases `[out]`).
 */
export interface SeedMlpSet {
  readonly nets: readonly (readonly ParamBlock[])[];
  /** Parameters per seed (row length of the flat parameter array). */
  readonly numParams: number;
  /** Input width shared by the nets. */
  readonly inputDim: number;
}

/**
 * A per-seed loss on the nets' outputs, computed on the host: reads `outputs[net]` (`[B, out]`)
 * and writes ∂L_k/∂output into `dOutputs[net]` (`[B, out]`, every element). Parameters that no net
 * owns (e.g. the policy's log-std) get their gradient from the loss itself, written into seed k's
 * row of the gradient. Returns the seed's loss terms (anything the caller wants back).
 */
export type SeedOutputLoss<Terms> = (k: number, outputs: readonly Float32Array[], dOutputs: readonly Float32Array[]) => Terms;

/** Options of {@link SeedMlpGradient}. */
export interface SeedMlpGradientOptions {
  /** Most rows per seed of a {@link SeedMlpGradient.gradient} call (the kernels' memory is sized for it). */
  readonly maxBatch: number;
  /** Initial parameters `[S, P]` (copied); default zeros. */
  readonly params?: Float32Array;
  /** Also run Adam on the kernels' memory ({@link SeedMlpGradient.optimizer}). */
  readonly adam?: AdamConfig;
  /** Initial Adam state (e.g. from a checkpoint); default zero moments and step counts. */
  readonly adamState?: PopulationAdamState;
}

/**
 * Gradients of per-seed host losses through a {@link SeedMlpSet}, for the active seeds of a
 * population: forward pass of every active seed's nets in one kernel call, the caller's loss and
 * its gradient w.r.t. the outputs per seed on the host, the backward pass in one kernel call, and
 * (optionally) Adam in place on the same memory. {@link seedGradient} does the same for one seed
 * (the algorithms, written for one seed, call it through `SeedNets`).
 */
export class SeedMlpGradient {
  readonly set: SeedMlpSet;
  readonly numSeeds: number;
  readonly maxBatch: number;
  /** The kernels (one WebAssembly instance with fixed memory; its views never detach). */
  readonly kernels: SeedMlpKernels;
  /** Parameters `[S, P]` in the kernels' memory (what every call computes with). */
  readonly params: Float32Array;
  /** Gradients `[S, P]` in the kernels' memory (what {@link gradient} writes when given it as `gradOut`). */
  readonly grad: Float32Array;
  /** Adam with per-seed clipping on {@link params} (present when created with `options.adam`). */
  readonly optimizer: KernelPopulationAdam | null;
  /** Output width of each net. */
  private readonly widths: readonly number[];
  /** Per net, [start, end) of its blocks in a seed's row (sorted, merged), for copying gradients out. */
  private readonly netRanges: readonly (readonly [number, number])[];
  /** Per batch size, per seed, per net: views of the outputs / output gradients `[B, out]` of seed k. */
  private viewBatch = -1;
  private outputViews: Float32Array[][] = [];
  private dOutputViews: Float32Array[][] = [];
  private readonly seedMasks: (readonly boolean[])[] = [];

  constructor(set: SeedMlpSet, numSeeds: number, options: SeedMlpGradientOptions) {
    this.set = set;
    this.numSeeds = numSeeds;
    this.maxBatch = options.maxBatch;
    this.kernels = SeedMlpKernels.create(set, numSeeds, options.maxBatch, {
      ...(options.adam !== undefined ? { adam: options.adam } : {}),
      ...(options.adamState !== undefined ? { adamState: options.adamState } : {}),
    });
    this.params = this.kernels.params;
    this.grad = this.kernels.grad;
    if (options.params !== undefined) this.params.set(options.params);
    this.optimizer = options.adam !== undefined ? new KernelPopulationAdam(this.kernels) : null;
    this.widths = this.kernels.outDims;
    const ranges = set.nets
      .flat()
      .map((b) => [b.offset, b.offset + b.size] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last !== undefined && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    this.netRanges = merged;
  }

  /**
   * Forward pass only: the active seeds' outputs into `outputs[net]` (`[S, batch, out]`, rows of
   * inactive seeds untouched). Any batch: more rows than `maxBatch` run in chunks, which gives
   * the same numbers as one call (a row's outputs do not depend on the other rows).
   * @param params `[S, P]` (copied into the kernels unless it is {@link params});
   * @param inputs `[S, batch, inputDim]`.
   */
  forward(params: Float32Array, inputs: Float32Array, batch: number, active: readonly boolean[], outputs: readonly Float32Array[]): void {
    const kern = this.kernels;
    const S = this.numSeeds;
    const inDim = this.set.inputDim;
    if (params !== this.params) this.params.set(params);
    kern.setActive(active);
    for (let start = 0; start < batch; start += this.maxBatch) {
      const rows = Math.min(this.maxBatch, batch - start);
      for (let k = 0; k < S; k++) {
        if (!active[k]) continue;
        const src = (k * batch + start) * inDim;
        kern.input.set(inputs.subarray(src, src + rows * inDim), k * rows * inDim);
      }
      kern.forward(rows);
      this.widths.forEach((width, net) => {
        const out = kern.outputs[net]!;
        for (let k = 0; k < S; k++) {
          if (!active[k]) continue;
          outputs[net]!.set(out.subarray(k * rows * width, (k + 1) * rows * width), (k * batch + start) * width);
        }
      });
    }
  }

  /**
   * ∂L_k/∂θ_k of every active seed into row k of `gradOut` (`[S, P]`, seed-major); rows of inactive
   * seeds are zeroed. The nets' blocks are overwritten; other blocks keep what `loss` wrote.
   * Pass {@link params} and {@link grad} to avoid copies.
   * @param params `[S, P]` seed-major parameters (read only); @param inputs `[S, B, inputDim]`.
   * @param batch rows per seed, at most `maxBatch`.
   * @param clock when given, the forward pass with the losses is charged to "forward", the
   *   backward pass to "backward".
   * @returns what `loss` returned for each seed (null for inactive seeds).
   * @throws RangeError when `batch` exceeds `maxBatch`.
   */
  gradient<Terms>(
    params: Float32Array,
    inputs: Float32Array,
    batch: number,
    active: readonly boolean[],
    gradOut: Float32Array,
    loss: SeedOutputLoss<Terms>,
    clock?: PhaseClock<"forward" | "backward">,
  ): (Terms | null)[] {
    const kern = this.kernels;
    const S = this.numSeeds;
    const P = this.set.numParams;
    const B = batch;
    if (B > this.maxBatch) throw new RangeError(`SeedMlpGradient.gradient: batch ${B} exceeds maxBatch ${this.maxBatch}`);
    if (params !== this.params) this.params.set(params);
    if (inputs !== kern.input) kern.input.set(inputs.subarray(0, S * B * this.set.inputDim));
    kern.setActive(active);
    const views = this.views(B);
    const terms = new Array<Terms | null>(S).fill(null);
    clock?.start();
    kern.forward(B);
    for (let k = 0; k < S; k++) if (active[k]) terms[k] = loss(k, views.outputs[k]!, views.dOutputs[k]!);
    clock?.lap("forward");
    kern.backward(B);
    clock?.lap("backward");
    for (let k = 0; k < S; k++) {
      if (!active[k]) gradOut.fill(0, k * P, (k + 1) * P);
      else if (gradOut !== this.grad) {
        // Only the nets' blocks: the rest of gradOut holds what the loss wrote (e.g. log-std).
        for (const [a, b] of this.netRanges) gradOut.set(this.grad.subarray(k * P + a, k * P + b), k * P + a);
      }
    }
    return terms;
  }

  /**
   * {@link gradient} for seed k alone: ∂L_k/∂θ_k into row k of {@link grad} (the nets' blocks; other
   * blocks keep what `loss` wrote there). Only seed k's rows of the kernels' memory are read or
   * written, so its numbers are those of the same seed in a population call.
   * @param inputs `[B, inputDim]` (seed k's rows only); @param batch rows, at most `maxBatch`.
   * @param clock as in {@link gradient}.
   * @returns what `loss` returned.
   * @throws RangeError when `batch` exceeds `maxBatch`.
   */
  seedGradient<Terms>(
    k: number,
    inputs: Float32Array,
    batch: number,
    loss: SeedOutputLoss<Terms>,
    clock?: PhaseClock<"forward" | "backward">,
  ): Terms {
    const kern = this.kernels;
    const B = batch;
    if (B > this.maxBatch) throw new RangeError(`SeedMlpGradient.seedGradient: batch ${B} exceeds maxBatch ${this.maxBatch}`);
    const inDim = this.set.inputDim;
    kern.input.set(inputs.subarray(0, B * inDim), k * B * inDim);
    kern.setActive(this.onlySeed(k));
    const views = this.views(B);
    clock?.start();
    kern.forward(B);
    const terms = loss(k, views.outputs[k]!, views.dOutputs[k]!);
    clock?.lap("forward");
    kern.backward(B);
    clock?.lap("backward");
    return terms;
  }

  /** The active-seed mask with seed k alone (cached: one per seed). */
  private onlySeed(k: number): readonly boolean[] {
    let mask = this.seedMasks[k];
    if (mask === undefined) {
      mask = Array.from({ length: this.numSeeds }, (_, j) => j === k);
      this.seedMasks[k] = mask;
    }
    return mask;
  }

  /** Views of seed k's outputs and output gradients `[B, out]` per net, for the batch of a call. */
  private views(batch: number): { outputs: Float32Array[][]; dOutputs: Float32Array[][] } {
    if (batch !== this.viewBatch) {
      const kern = this.kernels;
      const perSeed = (arrays: readonly Float32Array[]): Float32Array[][] =>
        Array.from({ length: this.numSeeds }, (_, k) =>
          this.widths.map((w, net) => arrays[net]!.subarray(k * batch * w, (k + 1) * batch * w)),
        );
      this.outputViews = perSeed(kern.outputs);
      this.dOutputViews = perSeed(kern.dOutputs);
      this.viewBatch = batch;
    }
    return { outputs: this.outputViews, dOutputs: this.dOutputViews };
  }
}
