/**
 * The per-seed network path the WebAssembly kernels replaced (issue 15), kept here only as the
 * baseline of `bench/nn/kernels.ts`: the tfjs `wasm`-backend path of PPO's update and the
 * discriminator (tanh as 2σ(2z) − 1 with host-folded weights, biases as weight rows, both layouts
 * so that no product has a transposed operand; per seed and net 9 forward and 11 backward tfjs
 * kernels) and the plain-JavaScript float64 forward pass of rollouts. Copied from
 * `src/nn/seed-mlp.ts` and `src/nn/actor-critic.ts` of commit 19ecd74; not used by the library.
 */
import * as tf from "@tensorflow/tfjs";
import type { ActorCriticLayout } from "../../src/nn/actor-critic";
import type { ParamBlock, SeedMlpSet } from "../../src/nn/seed-mlp";

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
 * Plain-JavaScript forward pass for ONE observation of ONE seed (rollouts: one observation per
 * seed per step, where a tfjs call would cost more in dispatch than the arithmetic).
 * Float64 accumulation over Float32 parameters.
 * @param params flat parameters of all seeds (`[S * P]`, e.g. a population's `params`).
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
