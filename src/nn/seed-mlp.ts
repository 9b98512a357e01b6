/**
 * Fast per-seed MLPs for a population of seeds whose parameters are one seed-major host array
 * `[S, P]`: a hand-written forward and backward pass that runs each seed's nets as plain 2-D
 * matMuls, used by PPO's update (policy and value nets, `actor-critic.ts`) and by GASIL's
 * discriminator (`discriminator.ts`). {@link SeedMlpGradient} is the entry point: forward pass,
 * a per-seed loss computed on the host, backward pass, with reusable work buffers.
 *
 * Why this path: per-op dispatch dominates TensorFlow.js at these sizes, and the batched 3-D
 * matMul with per-seed weights misses the wasm backend's fast kernels. Measured on the wasm
 * backend (CPU time, 2026-11-25): 20 separate 2-D [64×64]·[64×64] products cost 1.6 ms, one
 * batched [20, 64, 64]·[20, 64, 64] product 5.7 ms (the batched kernel with per-batch weights
 * misses XNNPACK), and a transposed operand sends even a 2-D product down the slow path (6.4 ms) —
 * so every product below is a plain 2-D one. Tricks:
 *
 * 1. tanh through sigmoid: the wasm backend's sigmoid is vectorised and ~14× faster than its tanh.
 *    With tanh(z) = 2σ(2z) − 1 the nets run on s = σ(2z) activations with equivalent weights
 *    computed on the host (h = 2s − 1 folded into the next layer):
 *      hidden layer l:  W'_l = 2·c_l·W_l,  b'_l = 2·(b_l − [l ≥ 1]·colsum(W_l)),  s_{l+1} = σ(a_l W'_l + b'_l)
 *      output layer:    W'_L = c_L·W_L,    b'_L = b_L − [L ≥ 1]·colsum(W_L)
 *    with c_l = 2 for l ≥ 1 (input is s, not h) and 1 for the first layer (input is the observation).
 *    Gradients map back by the chain rule: ∂W = α ∂W' − β [l ≥ 1] ∂b' (per column), ∂b = β ∂b'.
 * 2. Biases as weights: every layer input carries a trailing 1 (appended to the observations on the
 *    host; for hidden layers produced by an extra "bias unit" with zero weights and bias 40, since
 *    σ(40) = 1 exactly in float32 and σ'(40) = 0). The bias is the last row of W', so there is no
 *    bias add, and ∂b' is the last row of ∂W'.
 * 3. No transposed operands: the forward pass runs twice, as A·W' and as W'ᵀ·Aᵀ (host-transposed
 *    weights and observations), so the backward pass has both layouts at hand:
 *    ∂W'ᵀ = ∂Zᵀ·A and ∂Aᵀ = W'·∂Zᵀ.
 * Per seed and net: 9 forward and 11 backward kernels; each seed's numbers depend on its rows only.
 */
import * as tf from "@tensorflow/tfjs";
import type { PhaseClock } from "../core/phase-clock";

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

/** Pre-activation of the bias unit: σ(40) is exactly 1 in float32. */
const BIAS_UNIT_INPUT = 40;

/** Host buffers of one seed's net in the equivalent sigmoid form (see above). */
export interface NetBuffers {
  /** Per layer, W' `[in + 1, outW]` (last row = bias; outW = out + 1 for hidden layers). */
  readonly weights: Float32Array[];
  /** Per layer, W'ᵀ `[outW, in + 1]`. */
  readonly weightsT: Float32Array[];
  /** Per layer, `[rows, cols]` of W'. */
  readonly shapes: readonly (readonly [number, number])[];
}

/** Host buffers of all seeds' nets: index `net * S + k` (actor-critic: net 0 = policy, 1 = value). */
export interface SeedNets {
  readonly nets: NetBuffers[];
  readonly numSeeds: number;
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

/** Weight scale α_l and bias scale β_l of layer l of L (see the section comment). */
function layerScales(l: number, L: number): { alpha: number; beta: number } {
  const hidden = l < L - 1;
  const c = l >= 1 ? 2 : 1;
  return { alpha: (hidden ? 2 : 1) * c, beta: hidden ? 2 : 1 };
}

/** Allocate the host buffers for `numSeeds` seeds. */
export function allocateSeedNets(set: SeedMlpSet, numSeeds: number): SeedNets {
  const nets: NetBuffers[] = [];
  for (let net = 0; net < set.nets.length; net++) {
    const blocks = set.nets[net];
    const L = blocks.length / 2;
    for (let k = 0; k < numSeeds; k++) {
      const shapes: [number, number][] = [];
      for (let l = 0; l < L; l++) {
        const w = blocks[2 * l];
        shapes.push([w.shape[0] + 1, w.shape[1] + (l < L - 1 ? 1 : 0)]);
      }
      nets.push({
        weights: shapes.map(([r, c]) => new Float32Array(r * c)),
        weightsT: shapes.map(([r, c]) => new Float32Array(r * c)),
        shapes,
      });
    }
  }
  return { nets, numSeeds };
}

/** Fill the host buffers of the `active` seeds from seed-major parameters `[S, P]`. */
export function gatherSeedNets(set: SeedMlpSet, params: Float32Array, out: SeedNets, active: readonly boolean[]): void {
  const S = out.numSeeds;
  const P = set.numParams;
  for (let net = 0; net < set.nets.length; net++) {
    const blocks = set.nets[net];
    const L = blocks.length / 2;
    for (let k = 0; k < S; k++) {
      if (!active[k]) continue;
      const buf = out.nets[net * S + k];
      for (let l = 0; l < L; l++) {
        const wb = blocks[2 * l];
        const bb = blocks[2 * l + 1];
        const nIn = wb.shape[0];
        const nOut = wb.shape[1];
        const [rows, cols] = buf.shapes[l];
        const { alpha, beta } = layerScales(l, L);
        const w = buf.weights[l];
        const wT = buf.weightsT[l];
        const wSrc = k * P + wb.offset;
        const bSrc = k * P + bb.offset;
        w.fill(0);
        for (let j = 0; j < nOut; j++) {
          let colSum = 0;
          for (let i = 0; i < nIn; i++) {
            const value = params[wSrc + i * nOut + j];
            colSum += value;
            w[i * cols + j] = alpha * value;
          }
          w[nIn * cols + j] = beta * (params[bSrc + j] - (l >= 1 ? colSum : 0)); // bias row
        }
        if (cols > nOut) w[nIn * cols + cols - 1] = BIAS_UNIT_INPUT; // bias unit: σ(40) = 1
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) wT[j * rows + i] = w[i * cols + j];
      }
    }
  }
}

/** Tensors of one seed's net kept between {@link seedNetsForward} and {@link seedNetsBackward}. */
interface NetCache {
  /** Inputs of each layer (with their ones column), normal layout `[B, in + 1]`. */
  readonly inputs: tf.Tensor2D[];
  /** The same, transposed `[in + 1, B]`. */
  readonly inputsT: tf.Tensor2D[];
}

/** Result of {@link seedNetsForward}: per net index `net * S + k`, host outputs `[B, outW]` (null when inactive). */
export interface SeedNetsForward {
  readonly outputs: (Float32Array | null)[];
  readonly caches: (NetCache | null)[];
}

/**
 * Forward pass of the active seeds' nets (call inside `tf.tidy`).
 * @param obs inputs `[S, B, inputDim]` (seed-major host array), shared by the set's nets.
 * @returns host outputs `[B, out]` per net index `net * S + k` (actor-critic: action means `[B, A]`
 *   for net 0, values `[B, 1]` for net 1).
 */
export function seedNetsForward(
  set: SeedMlpSet,
  nets: SeedNets,
  obs: Float32Array,
  batchSize: number,
  active: readonly boolean[],
): SeedNetsForward {
  const S = nets.numSeeds;
  const B = batchSize;
  const obsDim = set.inputDim;
  const numNets = set.nets.length;
  const outputs: (Float32Array | null)[] = new Array<Float32Array | null>(numNets * S).fill(null);
  const caches: (NetCache | null)[] = new Array<NetCache | null>(numNets * S).fill(null);
  for (let k = 0; k < S; k++) {
    if (!active[k]) continue;
    // fresh arrays: a backend may keep a reference to the array a tensor was made from
    const xh = new Float32Array(B * (obsDim + 1));
    const xTh = new Float32Array(B * (obsDim + 1));
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < obsDim; i++) {
        const v = obs[(k * B + b) * obsDim + i];
        xh[b * (obsDim + 1) + i] = v;
        xTh[i * B + b] = v;
      }
      xh[b * (obsDim + 1) + obsDim] = 1;
      xTh[obsDim * B + b] = 1;
    }
    const x = tf.tensor2d(xh, [B, obsDim + 1]);
    const xT = tf.tensor2d(xTh, [obsDim + 1, B]);
    for (let net = 0; net < numNets; net++) {
      const buf = nets.nets[net * S + k];
      const L = buf.shapes.length;
      const inputs: tf.Tensor2D[] = [x];
      const inputsT: tf.Tensor2D[] = [xT];
      let a: tf.Tensor2D = x;
      let aT: tf.Tensor2D = xT;
      for (let l = 0; l < L; l++) {
        const [rows, cols] = buf.shapes[l];
        const z = tf.matMul(a, tf.tensor2d(buf.weights[l], [rows, cols]));
        if (l === L - 1) {
          outputs[net * S + k] = z.dataSync() as Float32Array;
          break;
        }
        a = tf.sigmoid(z) as tf.Tensor2D;
        aT = tf.sigmoid(tf.matMul(tf.tensor2d(buf.weightsT[l], [cols, rows]), aT)) as tf.Tensor2D;
        inputs.push(a);
        inputsT.push(aT);
      }
      caches[net * S + k] = { inputs, inputsT };
    }
  }
  return { outputs, caches };
}

/**
 * Backward pass (call inside the same `tf.tidy` as the forward pass): given ∂L/∂output of each
 * active net, TRANSPOSED (`[out, B]`, index `net * S + k`), writes ∂L/∂θ of the nets' blocks into
 * `gradOut` (seed-major `[S, P]`; other blocks, e.g. the actor-critic's log-std, are left untouched).
 */
export function seedNetsBackward(
  set: SeedMlpSet,
  nets: SeedNets,
  forward: SeedNetsForward,
  dOutputT: readonly (Float32Array | null)[],
  batchSize: number,
  gradOut: Float32Array,
): void {
  const S = nets.numSeeds;
  const P = set.numParams;
  const B = batchSize;
  for (let idx = 0; idx < set.nets.length * S; idx++) {
    const cache = forward.caches[idx];
    const dT = dOutputT[idx];
    if (cache === null || dT == null) continue;
    const k = idx % S;
    const blocks = set.nets[Math.floor(idx / S)];
    const buf = nets.nets[idx];
    const L = buf.shapes.length;
    let dZT = tf.tensor2d(dT, [buf.shapes[L - 1][1], B]); // ∂L/∂Zᵀ of the output layer
    for (let l = L - 1; l >= 0; l--) {
      const [rows, cols] = buf.shapes[l];
      const dWT = tf.matMul(dZT, cache.inputs[l]); // ∂W'ᵀ [cols, rows]; last column = ∂b'
      if (l > 0) {
        const aT = cache.inputsT[l];
        const dAT = tf.matMul(tf.tensor2d(buf.weights[l], [rows, cols]), dZT); // [rows, B]
        dZT = tf.mul(dAT, tf.mul(aT, tf.sub(1, aT))) as tf.Tensor2D; // σ' = s(1 − s); 0 on the ones row
      }
      const g = dWT.dataSync() as Float32Array;
      const wb = blocks[2 * l];
      const bb = blocks[2 * l + 1];
      const nIn = wb.shape[0];
      const nOut = wb.shape[1];
      const { alpha, beta } = layerScales(l, L);
      const wDst = k * P + wb.offset;
      const bDst = k * P + bb.offset;
      for (let j = 0; j < nOut; j++) {
        const gb = g[j * rows + nIn];
        gradOut[bDst + j] = beta * gb;
        const correction = l >= 1 ? beta * gb : 0;
        for (let i = 0; i < nIn; i++) gradOut[wDst + i * nOut + j] = alpha * g[j * rows + i] - correction;
      }
    }
  }
}

/**
 * A per-seed loss on the nets' outputs, computed on the host: reads `outputs[net]` (`[B, out]`)
 * and writes ∂L_k/∂output into `dOutputs[net]` (`[B, out]`, every element). Parameters that no net
 * owns (e.g. the policy's log-std) get their gradient from the loss itself, written into seed k's
 * row of the gradient. Returns the seed's loss terms (anything the caller wants back).
 */
export type SeedOutputLoss<Terms> = (k: number, outputs: readonly Float32Array[], dOutputs: readonly Float32Array[]) => Terms;

/**
 * Gradients of per-seed host losses through a {@link SeedMlpSet}, for the active seeds of a
 * population: converts the parameters to the sigmoid form, runs the forward pass, lets the caller
 * compute each seed's loss and its gradient w.r.t. the outputs on the host, transposes those, and
 * runs the hand-written backward pass. Work buffers are kept between calls (one object per
 * population and set; a call with another batch size reallocates the output-gradient buffers).
 */
export class SeedMlpGradient {
  readonly set: SeedMlpSet;
  readonly numSeeds: number;
  private readonly nets: SeedNets;
  /** Output width of each net. */
  private readonly widths: readonly number[];
  private batchSize = -1;
  /** ∂L/∂output of the seed being processed, per net, `[B, out]` (what the loss writes). */
  private dOutputs: Float32Array[] = [];
  /**
   * The same transposed, `[out, B]`, per net index `net * S + k` (what the backward pass reads).
   * Reused between calls: the tensors made from them live only inside one call's `tf.tidy`.
   */
  private dOutputsT: Float32Array[] = [];

  constructor(set: SeedMlpSet, numSeeds: number) {
    this.set = set;
    this.numSeeds = numSeeds;
    this.nets = allocateSeedNets(set, numSeeds);
    this.widths = set.nets.map((blocks) => blocks[blocks.length - 2]!.shape[1]!);
  }

  /**
   * Forward pass only: calls `visit(k, outputs)` for every active seed with its nets' outputs
   * (`outputs[net]`, `[B, out]`; valid during the call only).
   * @param params `[S, P]` seed-major parameters; @param inputs `[S, B, inputDim]`.
   */
  forward(
    params: Float32Array,
    inputs: Float32Array,
    batchSize: number,
    active: readonly boolean[],
    visit: (k: number, outputs: readonly Float32Array[]) => void,
  ): void {
    gatherSeedNets(this.set, params, this.nets, active);
    tf.tidy(() => {
      const forward = seedNetsForward(this.set, this.nets, inputs, batchSize, active);
      for (let k = 0; k < this.numSeeds; k++) if (active[k]) visit(k, this.outputsOf(forward, k));
    });
  }

  /**
   * ∂L_k/∂θ_k of every active seed into row k of `gradOut` (`[S, P]`, seed-major); rows of inactive
   * seeds are zeroed. The nets' blocks are overwritten; other blocks keep what `loss` wrote.
   * @param params `[S, P]` seed-major parameters (read only); @param inputs `[S, B, inputDim]`.
   * @param clock when given, the forward pass with the losses is charged to "forward", the
   *   backward pass to "backward".
   * @returns what `loss` returned for each seed (null for inactive seeds).
   */
  gradient<Terms>(
    params: Float32Array,
    inputs: Float32Array,
    batchSize: number,
    active: readonly boolean[],
    gradOut: Float32Array,
    loss: SeedOutputLoss<Terms>,
    clock?: PhaseClock<"forward" | "backward">,
  ): (Terms | null)[] {
    const S = this.numSeeds;
    const B = batchSize;
    this.allocateOutputGradients(B);
    gatherSeedNets(this.set, params, this.nets, active);
    const terms = new Array<Terms | null>(S).fill(null);
    clock?.start();
    tf.tidy(() => {
      const forward = seedNetsForward(this.set, this.nets, inputs, B, active);
      for (let k = 0; k < S; k++) {
        if (!active[k]) continue;
        terms[k] = loss(k, this.outputsOf(forward, k), this.dOutputs);
        // The backward pass reads ∂L/∂output transposed (trick 3: no transposed operand in any product).
        this.widths.forEach((width, net) => {
          const d = this.dOutputs[net]!;
          const dT = this.dOutputsT[net * S + k]!;
          for (let b = 0; b < B; b++) for (let j = 0; j < width; j++) dT[j * B + b] = d[b * width + j]!;
        });
      }
      clock?.lap("forward");
      seedNetsBackward(this.set, this.nets, forward, this.dOutputsT, B, gradOut);
    });
    clock?.lap("backward");
    const P = this.set.numParams;
    for (let k = 0; k < S; k++) if (!active[k]) gradOut.fill(0, k * P, (k + 1) * P);
    return terms;
  }

  private outputsOf(forward: SeedNetsForward, k: number): Float32Array[] {
    return this.widths.map((_, net) => forward.outputs[net * this.numSeeds + k]!);
  }

  private allocateOutputGradients(batchSize: number): void {
    if (batchSize === this.batchSize) return;
    this.batchSize = batchSize;
    this.dOutputs = this.widths.map((width) => new Float32Array(batchSize * width));
    this.dOutputsT = this.widths.flatMap((width) => Array.from({ length: this.numSeeds }, () => new Float32Array(width * batchSize)));
  }
}
