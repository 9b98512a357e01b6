/**
 * The PPO agent's networks for a population of `S` seeds, stored as ONE flat parameter tensor
 * `theta` of shape `[S, P]` (P = parameters of one seed).
 *
 * Networks (fact sheet §3.1): a policy MLP (tanh hidden layers, default 64–64) that outputs the
 * action mean, a state-independent log-std vector per seed, and a separate value MLP (same hidden
 * sizes, scalar output); no shared layers. Orthogonal init: hidden gain √2, policy output 0.01,
 * value output 1.0, biases 0, log-std `initLogStd` (0).
 *
 * Why one flat tensor: TensorFlow.js spends most of its time dispatching kernels, not computing.
 * With one `[S, P]` tensor the optimiser (Adam, per-seed gradient clipping) is a handful of
 * kernels for all parameters and all seeds, and the forward pass is one batched `matMul` per layer
 * for all seeds (`[S, B, in] × [S, in, out]`). Seed `k`'s row never mixes with another row, so a
 * seed's numbers do not depend on the population it trains in.
 *
 * Seed k's initial values come from its own `Rng` stream, so they do not depend on the population.
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../core/rng";
import { ShapeError } from "../core/errors";
import { orthogonalMatrix } from "./init";

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

/** Architecture of the actor-critic (JSON-serialisable). */
export interface ActorCriticSpec {
  readonly obsDim: number;
  readonly actDim: number;
  /** Hidden layer widths, shared by policy and value nets (paper: [64, 64]). */
  readonly hiddenSizes: readonly number[];
  /** Initial log standard deviation of the policy (paper: 0). */
  readonly initLogStd: number;
}

/** Parameter layout of an {@link ActorCriticSpec}. */
export interface ActorCriticLayout {
  readonly spec: ActorCriticSpec;
  readonly blocks: readonly ParamBlock[];
  /** Parameters per seed. */
  readonly numParams: number;
  /** Offset/size of the policy part (mean MLP + log-std), used by policy-only losses. */
  readonly policyBlocks: readonly ParamBlock[];
  readonly logStdBlock: ParamBlock;
  readonly valueBlocks: readonly ParamBlock[];
}

/** Build the parameter layout: policy layers, then log-std, then value layers. */
export function actorCriticLayout(spec: ActorCriticSpec): ActorCriticLayout {
  for (const [name, v] of [["obsDim", spec.obsDim], ["actDim", spec.actDim]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new ShapeError(`actorCriticLayout: ${name} must be a positive integer, got ${v}`);
  }
  const blocks: ParamBlock[] = [];
  let offset = 0;
  const add = (name: string, shape: number[]): ParamBlock => {
    const size = shape.reduce((a, b) => a * b, 1);
    const block = { name, shape, offset, size };
    offset += size;
    blocks.push(block);
    return block;
  };
  const mlp = (prefix: string, outDim: number): ParamBlock[] => {
    const sizes = [spec.obsDim, ...spec.hiddenSizes, outDim];
    const out: ParamBlock[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      out.push(add(`${prefix}/w${l}`, [sizes[l], sizes[l + 1]]));
      out.push(add(`${prefix}/b${l}`, [sizes[l + 1]]));
    }
    return out;
  };
  const policyBlocks = mlp("policy", spec.actDim);
  const logStdBlock = add("logStd", [spec.actDim]);
  const valueBlocks = mlp("value", 1);
  return { spec, blocks, numParams: offset, policyBlocks, logStdBlock, valueBlocks };
}

/**
 * Initial parameters of ONE seed (Float32, length `numParams`), drawn from `rng` (the seed's
 * `init` stream): policy weights first, then value weights, in layer order.
 */
export function initActorCriticParams(layout: ActorCriticLayout, rng: Rng): Float32Array {
  const theta = new Float32Array(layout.numParams);
  const fillMlp = (blocks: readonly ParamBlock[], outGain: number): void => {
    const numLayers = blocks.length / 2;
    for (let l = 0; l < numLayers; l++) {
      const w = blocks[2 * l];
      const gain = l === numLayers - 1 ? outGain : Math.SQRT2;
      theta.set(orthogonalMatrix(rng, w.shape[0], w.shape[1], gain), w.offset);
      // biases stay 0
    }
  };
  fillMlp(layout.policyBlocks, 0.01);
  theta.fill(layout.spec.initLogStd, layout.logStdBlock.offset, layout.logStdBlock.offset + layout.logStdBlock.size);
  fillMlp(layout.valueBlocks, 1.0);
  return theta;
}

/** Network outputs for a batch of observations, per seed. */
export interface ActorCriticOutputs {
  /** Action mean, `[S, B, A]` (present unless `value` only was asked). */
  readonly mean: tf.Tensor3D | null;
  /** Log-std, `[S, 1, A]` (present with `mean`). */
  readonly logStd: tf.Tensor3D | null;
  /** State value, `[S, B]` (present unless `policy` only was asked). */
  readonly value: tf.Tensor2D | null;
}

/** Which heads to evaluate. */
export interface ForwardParts {
  readonly policy: boolean;
  readonly value: boolean;
}

/**
 * Differentiable forward pass of all seeds at once: one batched matMul (+ bias) per layer.
 * Call inside `tf.tidy` / a gradient function; does not dispose its inputs.
 * @param theta `[S, P]` flat parameters.
 * @param obs `[S, B, obsDim]` normalised observations.
 */
export function actorCriticForward(
  layout: ActorCriticLayout,
  theta: tf.Tensor2D,
  obs: tf.Tensor3D,
  parts: ForwardParts = { policy: true, value: true },
): ActorCriticOutputs {
  const S = theta.shape[0];
  if (obs.shape[0] !== S || obs.shape[2] !== layout.spec.obsDim) {
    throw new ShapeError(`actorCriticForward: obs must be [${S}, B, ${layout.spec.obsDim}], got [${obs.shape.join(", ")}]`);
  }
  // Split only the range of theta that is needed (one slice, then one split).
  const { policyBlocks, logStdBlock, valueBlocks } = layout;
  const first = parts.policy ? 0 : valueBlocks[0].offset;
  const last = parts.value ? layout.numParams : logStdBlock.offset + logStdBlock.size;
  const used = layout.blocks.filter((b) => b.offset >= first && b.offset + b.size <= last);
  const region = first === 0 && last === layout.numParams ? theta : tf.slice(theta, [0, first], [S, last - first]);
  const pieces = tf.split(region, used.map((b) => b.size), 1);
  const byName = new Map<string, tf.Tensor>();
  used.forEach((b, i) => byName.set(b.name, pieces[i]));
  const mlp = (blocks: readonly ParamBlock[]): tf.Tensor3D => {
    let h: tf.Tensor3D = obs;
    const numLayers = blocks.length / 2;
    for (let l = 0; l < numLayers; l++) {
      const wb = blocks[2 * l];
      const bb = blocks[2 * l + 1];
      const w = tf.reshape(byName.get(wb.name)!, [S, wb.shape[0], wb.shape[1]]) as tf.Tensor3D;
      const b = tf.reshape(byName.get(bb.name)!, [S, 1, bb.shape[0]]) as tf.Tensor3D;
      const z = tf.add(tf.matMul(h, w), b) as tf.Tensor3D;
      h = l === numLayers - 1 ? z : tf.tanh(z);
    }
    return h;
  };
  let mean: tf.Tensor3D | null = null;
  let logStd: tf.Tensor3D | null = null;
  let value: tf.Tensor2D | null = null;
  if (parts.policy) {
    mean = mlp(policyBlocks);
    logStd = tf.reshape(byName.get(logStdBlock.name)!, [S, 1, layout.spec.actDim]) as tf.Tensor3D;
  }
  if (parts.value) {
    const v = mlp(valueBlocks);
    value = tf.reshape(v, [S, v.shape[1]]) as tf.Tensor2D;
  }
  return { mean, logStd, value };
}

/**
 * Plain-JavaScript forward pass for ONE observation of ONE seed (rollouts: one observation per
 * seed per step, where a tfjs call would cost more in dispatch than the arithmetic).
 * Float64 accumulation over Float32 parameters.
 * @param params flat parameters of all seeds (`[S * P]`, e.g. `theta.dataSync()`).
 * @param seedIndex row of `params` to use.
 * @param obs normalised observation (length obsDim) at `obsOffset`.
 * @param meanOut receives the action mean (length actDim).
 * @param scratch from {@link createForwardScratch}.
 * @returns the state value V(s).
 */
export function actorCriticForwardArray(
  layout: ActorCriticLayout,
  params: Float32Array,
  seedIndex: number,
  obs: ArrayLike<number>,
  obsOffset: number,
  meanOut: Float64Array,
  scratch: ForwardScratch,
): number {
  const base = seedIndex * layout.numParams;
  const run = (blocks: readonly ParamBlock[], out: Float64Array): void => {
    const numLayers = blocks.length / 2;
    let input: ArrayLike<number> = obs;
    let inOffset = obsOffset;
    for (let l = 0; l < numLayers; l++) {
      const wb = blocks[2 * l];
      const bb = blocks[2 * l + 1];
      const nIn = wb.shape[0];
      const nOut = wb.shape[1];
      const dst = l === numLayers - 1 ? out : l % 2 === 0 ? scratch[0] : scratch[1];
      const wOff = base + wb.offset;
      const bOff = base + bb.offset;
      for (let j = 0; j < nOut; j++) dst[j] = params[bOff + j];
      for (let i = 0; i < nIn; i++) {
        const x = input[inOffset + i];
        if (x === 0) continue;
        const row = wOff + i * nOut;
        for (let j = 0; j < nOut; j++) dst[j] += x * params[row + j];
      }
      if (l < numLayers - 1) for (let j = 0; j < nOut; j++) dst[j] = Math.tanh(dst[j]);
      input = dst;
      inOffset = 0;
    }
  };
  run(layout.policyBlocks, meanOut);
  run(layout.valueBlocks, scratch.value);
  return scratch.value[0];
}

/** Work buffers for {@link actorCriticForwardArray}. */
export interface ForwardScratch {
  readonly 0: Float64Array;
  readonly 1: Float64Array;
  readonly value: Float64Array;
}

/** Allocate work buffers for {@link actorCriticForwardArray}. */
export function createForwardScratch(layout: ActorCriticLayout): ForwardScratch {
  const width = Math.max(1, ...layout.spec.hiddenSizes);
  return { 0: new Float64Array(width), 1: new Float64Array(width), value: new Float64Array(1) };
}

/** Read seed `k`'s log-std (length actDim) from flat parameters. */
export function readLogStd(layout: ActorCriticLayout, params: Float32Array, seedIndex: number, out: Float64Array): Float64Array {
  const off = seedIndex * layout.numParams + layout.logStdBlock.offset;
  for (let i = 0; i < layout.spec.actDim; i++) out[i] = params[off + i];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fast path for PPO updates: policy and value MLPs stacked on one batch axis of size 2S, with a
// hand-written backward pass. Both MLPs have the same hidden sizes, so layer l of all seeds' policy
// AND value nets is ONE batched matMul `[2S, B, in] × [2S, in, out]` (rows 0..S−1 policy, S..2S−1
// value). The value net's 1-wide output layer is zero-padded to the action width (its extra
// columns are ignored and get no gradient). Per update this is 16 kernels (5 forward, 11 backward)
// instead of ~200 for autodiff over separate nets, which is what matters on TensorFlow.js's
// cpu/wasm backends. Three tricks get there:
//
// 1. tanh through sigmoid: the wasm backend's sigmoid is vectorised (XNNPACK) and ~20× faster than
//    its tanh. With tanh(z) = 2σ(2z) − 1 the nets run on s = σ(2z) activations with equivalent
//    weights computed on the host (h = 2s − 1 folded into the next layer):
//      hidden layer l:  W'_l = 2·c_l·W_l,  b'_l = 2·(b_l − [l ≥ 1]·colsum(W_l)),  s_{l+1} = σ(a_l W'_l + b'_l)
//      output layer:    W'_L = c_L·W_L,    b'_L = b_L − [L ≥ 1]·colsum(W_L)
//    with c_l = 2 for l ≥ 1 (input is s, not h) and 1 for the first layer (input is the observation).
//    Gradients map back by the chain rule: ∂W = α ∂W' − β [l ≥ 1] ∂b' (per column), ∂b = β ∂b'.
// 2. Biases as weights: every layer input carries a trailing column of ones (appended to the
//    observations on the host; for hidden layers produced by an extra "bias unit" whose weights are
//    0 and whose bias is 40, so σ(40) = 1 exactly in float32 and σ'(40) = 0). The bias is then the
//    last row of the weight matrix: no bias add in the forward pass, and ∂b' is the last row of
//    ∂W' = a'ᵀ·d, so no reduction in the backward pass.
// 3. The backward pass multiplies by host-transposed weights (a plain matMul; transposed operands
//    take a slower path).

/** Pre-activation of the bias unit: σ(40) is exactly 1 in float32. */
const BIAS_UNIT_INPUT = 40;

/** Host buffers of the stacked nets (equivalent sigmoid-form weights with bias rows, see above). */
export interface StackedParams {
  /** Per layer, W' `[2S, in + 1, outW]` (last row = bias; outW = out + 1 for hidden layers). */
  readonly weights: Float32Array[];
  /** Per layer l ≥ 1, W'ᵀ `[2S, outW, in + 1]` (index 0 unused): the backward pass needs d·W'ᵀ. */
  readonly weightsT: Float32Array[];
  /** Layer widths: `[obsDim, ...hiddenSizes, actDim]` (without bias columns; the last is the padded output width). */
  readonly sizes: readonly number[];
  readonly numSeeds: number;
}

function stackedSizes(layout: ActorCriticLayout): number[] {
  return [layout.spec.obsDim, ...layout.spec.hiddenSizes, layout.spec.actDim];
}

/** Rows (inputs incl. the ones column) and columns (outputs incl. the bias unit) of W'_l. */
function stackedShape(sizes: readonly number[], l: number): { rows: number; cols: number; hidden: boolean } {
  const L = sizes.length - 1;
  const hidden = l < L - 1;
  return { rows: sizes[l] + 1, cols: sizes[l + 1] + (hidden ? 1 : 0), hidden };
}

/** Weight scale α_l and bias scale β_l of layer l of L (see the section comment). */
function layerScales(l: number, L: number): { alpha: number; beta: number } {
  const hidden = l < L - 1;
  const c = l >= 1 ? 2 : 1;
  return { alpha: (hidden ? 2 : 1) * c, beta: hidden ? 2 : 1 };
}

/** Allocate stacked buffers for `numSeeds` seeds. */
export function allocateStacked(layout: ActorCriticLayout, numSeeds: number): StackedParams {
  const sizes = stackedSizes(layout);
  const weights: Float32Array[] = [];
  const weightsT: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const { rows, cols } = stackedShape(sizes, l);
    weights.push(new Float32Array(2 * numSeeds * rows * cols));
    weightsT.push(l >= 1 ? new Float32Array(2 * numSeeds * rows * cols) : new Float32Array(0));
  }
  return { weights, weightsT, sizes, numSeeds };
}

/**
 * Fill the stacked buffers from seed-major parameters `[S, P]`: policy rows, then value rows (the
 * value output layer in column 0 of the padded output), in the equivalent sigmoid form with bias rows.
 */
export function gatherStacked(layout: ActorCriticLayout, params: Float32Array, out: StackedParams): void {
  const S = out.numSeeds;
  const P = layout.numParams;
  const L = out.weights.length;
  for (let l = 0; l < L; l++) {
    const nIn = out.sizes[l];
    const { rows, cols, hidden } = stackedShape(out.sizes, l);
    const { alpha, beta } = layerScales(l, L);
    const w = out.weights[l];
    const wT = out.weightsT[l];
    for (let net = 0; net < 2; net++) {
      const blocks = net === 0 ? layout.policyBlocks : layout.valueBlocks;
      const wb = blocks[2 * l];
      const bb = blocks[2 * l + 1];
      const blockOut = wb.shape[1];
      for (let k = 0; k < S; k++) {
        const row = net * S + k;
        const wSrc = k * P + wb.offset;
        const bSrc = k * P + bb.offset;
        const base = row * rows * cols;
        w.fill(0, base, base + rows * cols);
        for (let j = 0; j < blockOut; j++) {
          let colSum = 0;
          for (let i = 0; i < nIn; i++) {
            const value = params[wSrc + i * blockOut + j];
            colSum += value;
            w[base + i * cols + j] = alpha * value;
          }
          w[base + nIn * cols + j] = beta * (params[bSrc + j] - (l >= 1 ? colSum : 0)); // bias row
        }
        if (hidden) w[base + nIn * cols + cols - 1] = BIAS_UNIT_INPUT; // bias unit: σ(40) = 1
        if (l >= 1) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) wT[base + j * rows + i] = w[base + i * cols + j];
      }
    }
  }
}

/** Intermediate activations of {@link stackedForward} (tensors owned by the caller's tidy). */
export interface StackedCache {
  /** Inputs of each layer with their ones column: `[x', s1', s2', ...]`, each `[2S, B, width + 1]`. */
  readonly inputs: tf.Tensor3D[];
  /** Output `[2S, B, actDim]`: rows 0..S−1 action means, rows S..2S−1 values in column 0. */
  readonly output: tf.Tensor3D;
}

/**
 * Forward pass of the stacked nets (call inside `tf.tidy`).
 * @param obs `[2S, B, obsDim + 1]`: the minibatch twice (policy rows, value rows), each
 *   observation followed by a 1.
 */
export function stackedForward(stacked: StackedParams, obs: tf.Tensor3D): StackedCache {
  const S2 = 2 * stacked.numSeeds;
  const L = stacked.weights.length;
  const inputs: tf.Tensor3D[] = [obs];
  let a = obs;
  for (let l = 0; l < L; l++) {
    const { rows, cols, hidden } = stackedShape(stacked.sizes, l);
    const z = tf.matMul(a, tf.tensor3d(stacked.weights[l], [S2, rows, cols])) as tf.Tensor3D;
    a = hidden ? (tf.sigmoid(z) as tf.Tensor3D) : z;
    if (hidden) inputs.push(a);
  }
  return { inputs, output: a };
}

/**
 * Backward pass of the stacked nets (call inside `tf.tidy`): given ∂L/∂output `[2S, B, actDim]`,
 * writes ∂L/∂θ into `gradOut` (seed-major `[S, P]`; the log-std block is left untouched).
 */
export function stackedBackward(layout: ActorCriticLayout, stacked: StackedParams, cache: StackedCache, dOutput: tf.Tensor3D, gradOut: Float32Array): void {
  const S = stacked.numSeeds;
  const S2 = 2 * S;
  const P = layout.numParams;
  const L = stacked.weights.length;
  let d = dOutput; // ∂L/∂z'_l
  for (let l = L - 1; l >= 0; l--) {
    const a = cache.inputs[l];
    const nIn = stacked.sizes[l];
    const { rows, cols } = stackedShape(stacked.sizes, l);
    const dW = tf.matMul(a, d, true, false); // [2S, rows, cols]; last row = ∂b'
    if (l > 0) {
      const da = tf.matMul(d, tf.tensor3d(stacked.weightsT[l], [S2, cols, rows])); // [2S, B, rows]
      d = tf.mul(da, tf.mul(a, tf.sub(1, a))) as tf.Tensor3D; // σ' = s(1 − s); 0 on the ones column
    }
    const dWv = dW.dataSync() as Float32Array;
    const { alpha, beta } = layerScales(l, L);
    for (let net = 0; net < 2; net++) {
      const blocks = net === 0 ? layout.policyBlocks : layout.valueBlocks;
      const wb = blocks[2 * l];
      const bb = blocks[2 * l + 1];
      const blockOut = wb.shape[1];
      for (let k = 0; k < S; k++) {
        const base = (net * S + k) * rows * cols;
        const wDst = k * P + wb.offset;
        const bDst = k * P + bb.offset;
        for (let j = 0; j < blockOut; j++) {
          const gb = dWv[base + nIn * cols + j];
          gradOut[bDst + j] = beta * gb;
          const correction = l >= 1 ? beta * gb : 0;
          for (let i = 0; i < nIn; i++) gradOut[wDst + i * blockOut + j] = alpha * dWv[base + i * cols + j] - correction;
        }
      }
    }
  }
}
