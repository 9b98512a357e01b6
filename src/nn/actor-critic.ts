/**
 * The PPO agent's networks for a population of `S` seeds, stored as ONE flat parameter tensor
 * `theta` of shape `[S, P]` (P = parameters of one seed).
 *
 * Networks (docs/paper-protocol.md#ppo-hyperparameters): a policy MLP (tanh hidden layers, default 64–64) that outputs the
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
import { ShapeError } from "../core/errors";
import type { Rng } from "../core/rng";
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
  for (const [name, v] of [
    ["obsDim", spec.obsDim],
    ["actDim", spec.actDim],
  ] as const) {
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
  const pieces = tf.split(
    region,
    used.map((b) => b.size),
    1,
  );
  const byName = new Map<string, tf.Tensor>();
  used.forEach((b, i) => {
    byName.set(b.name, pieces[i]);
  });
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
// Fast path for PPO updates: a hand-written forward/backward pass that runs every seed's policy and
// value net as plain 2-D matMuls. Measured on the wasm backend (CPU time, 2026-11-25): 20 separate
// 2-D [64×64]·[64×64] products cost 1.6 ms, one batched [20, 64, 64]·[20, 64, 64] product 5.7 ms
// (the batched kernel with per-batch weights misses XNNPACK), and a transposed operand sends even a
// 2-D product down the slow path (6.4 ms) — so every product below is a plain 2-D one. Tricks:
//
// 1. tanh through sigmoid: the wasm backend's sigmoid is vectorised and ~14× faster than its tanh.
//    With tanh(z) = 2σ(2z) − 1 the nets run on s = σ(2z) activations with equivalent weights
//    computed on the host (h = 2s − 1 folded into the next layer):
//      hidden layer l:  W'_l = 2·c_l·W_l,  b'_l = 2·(b_l − [l ≥ 1]·colsum(W_l)),  s_{l+1} = σ(a_l W'_l + b'_l)
//      output layer:    W'_L = c_L·W_L,    b'_L = b_L − [L ≥ 1]·colsum(W_L)
//    with c_l = 2 for l ≥ 1 (input is s, not h) and 1 for the first layer (input is the observation).
//    Gradients map back by the chain rule: ∂W = α ∂W' − β [l ≥ 1] ∂b' (per column), ∂b = β ∂b'.
// 2. Biases as weights: every layer input carries a trailing 1 (appended to the observations on the
//    host; for hidden layers produced by an extra "bias unit" with zero weights and bias 40, since
//    σ(40) = 1 exactly in float32 and σ'(40) = 0). The bias is the last row of W', so there is no
//    bias add, and ∂b' is the last row of ∂W'.
// 3. No transposed operands: the forward pass runs twice, as A·W' and as W'ᵀ·Aᵀ (host-transposed
//    weights and observations), so the backward pass has both layouts at hand:
//    ∂W'ᵀ = ∂Zᵀ·A and ∂Aᵀ = W'·∂Zᵀ.
// Per seed and net: 9 forward and 11 backward kernels; each seed's numbers depend on its rows only.

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

/** The actor-critic as a {@link SeedMlpSet}: net 0 = policy mean, net 1 = value (log-std is not a net). */
export function actorCriticNets(layout: ActorCriticLayout): SeedMlpSet {
  return { nets: [layout.policyBlocks, layout.valueBlocks], numParams: layout.numParams, inputDim: layout.spec.obsDim };
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
