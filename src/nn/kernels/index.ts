/**
 * WebAssembly SIMD kernels for a population's small MLPs (issue 15): forward with tanh hidden
 * layers and a linear output, the backward pass to every weight and bias, and the same forward for
 * one observation per seed in rollouts — all seeds and nets in one call, in float32, with the
 * numbers of seed k depending only on seed k's parameters and inputs — and, optionally, Adam with
 * per-seed clipping on the same memory ({@link KernelAdam}, bit-identical to `PopulationAdam`).
 *
 * The nets are the ones of `src/nn/actor-critic.ts` and `src/nn/discriminator.ts`: each net is a
 * list of blocks `[w0, b0, w1, b1, …]` (weights `[in, out]` row-major, biases `[out]`) at fixed
 * offsets of one flat parameter row per seed (`[S, P]`, seed-major). A `SeedMlpSet` of
 * actor-critic.ts fits {@link KernelNetSet} as it is; the kernels compute tanh(x·W + b) directly
 * (no sigmoid re-parametrisation) and write gradients in the same `[S, P]` layout.
 *
 * Memory: each {@link SeedMlpKernels} owns one WebAssembly instance whose linear memory holds a
 * fixed arena laid out at creation (parameters, gradients, inputs, outputs, saved activations,
 * scratch). The memory never grows afterwards, so the typed-array views it exposes stay valid for
 * the object's life and forward and backward passes allocate nothing. The module (built by `npm run setup` into
 * `node_modules/.cache/gasil-kit/`, see `build.ts`) is compiled once per process, synchronously.
 *
 * Determinism: the same inputs give bit-identical outputs on every call, and a seed's outputs and
 * gradients are the same whether it runs alone, with other seeds, or at another row offset (fixed
 * summation order per element; see `assembly/gemm.ts`).
 */
import { readFileSync } from "node:fs";
import { kernelWasmPath } from "./build";

/** What the kernels read of a parameter block (a `ParamBlock` of actor-critic.ts fits). */
export interface KernelBlock {
  /** `[in, out]` for weights, `[out]` for biases. */
  readonly shape: readonly number[];
  /** Offset into the seed's flat parameter row. */
  readonly offset: number;
}

/**
 * Nets sharing one input and one flat parameter row per seed (a `SeedMlpSet` of actor-critic.ts
 * fits): each net is its blocks `[w0, b0, w1, b1, …]`; tanh on every layer but the last.
 */
export interface KernelNetSet {
  readonly nets: readonly (readonly KernelBlock[])[];
  /** Parameters per seed (row length of `[S, P]`). */
  readonly numParams: number;
  /** Input width shared by the nets. */
  readonly inputDim: number;
}

/** The actor-critic's nets (net 0 = policy mean, net 1 = value) from an `ActorCriticLayout`. */
export function actorCriticKernelNets(layout: {
  readonly policyBlocks: readonly KernelBlock[];
  readonly valueBlocks: readonly KernelBlock[];
  readonly numParams: number;
  readonly spec: { readonly obsDim: number };
}): KernelNetSet {
  return { nets: [layout.policyBlocks, layout.valueBlocks], numParams: layout.numParams, inputDim: layout.spec.obsDim };
}

/**
 * One MLP `inputDim → hiddenSizes… → outDim` with blocks w0, b0, w1, b1, … packed from offset 0:
 * the discriminator's layout (`discriminatorNet` in discriminator.ts; input obs ⧺ action, one logit).
 */
export function mlpKernelNets(inputDim: number, hiddenSizes: readonly number[], outDim: number): KernelNetSet {
  const sizes = [inputDim, ...hiddenSizes, outDim];
  const blocks: KernelBlock[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    blocks.push({ shape: [sizes[l]!, sizes[l + 1]!], offset });
    offset += sizes[l]! * sizes[l + 1]!;
    blocks.push({ shape: [sizes[l + 1]!], offset });
    offset += sizes[l + 1]!;
  }
  return { nets: [blocks], numParams: offset, inputDim };
}

interface KernelExports {
  heapBase(): number;
  forward(plan: number, batch: number): void;
  backward(plan: number, batch: number): void;
  tanhInPlace(ptr: number, count: number): void;
  sumSquares(ptr: number, count: number): number;
  adamUpdate(
    p: number,
    g: number,
    m: number,
    v: number,
    count: number,
    scale: number,
    lrT: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    eps: number,
  ): void;
}

/** Adam hyperparameters (an `AdamConfig` of src/nn/optim.ts fits). */
export interface KernelAdamConfig {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Per-seed global gradient-norm limit; `null` disables clipping. */
  readonly maxGradNorm: number | null;
}

/** Adam state (a `PopulationAdamState` of src/nn/optim.ts fits): moments `[S, P]`, per-seed step counts. */
export interface KernelAdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly steps: readonly number[];
}

/** Options of {@link SeedMlpKernels.create}. */
export interface SeedMlpKernelsOptions {
  /** Also keep Adam moments in the kernels' memory and expose {@link SeedMlpKernels.adam}. */
  readonly adam?: KernelAdamConfig;
  /** Initial Adam state (e.g. from a checkpoint); default zero moments and step counts. */
  readonly adamState?: KernelAdamState;
}

/** The part of the WebAssembly JS API used here (the kit compiles with `lib: ES2022`, without DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;
let heapBase: number | null = null;

/** The compiled module (built into the cache on first use when `npm run setup` has not). */
function kernelModule(): object {
  if (compiled === null) compiled = new wasm.Module(readFileSync(kernelWasmPath()));
  return compiled;
}

const PAGE = 65536;
/** Buffers start on cache-line boundaries. */
const ALIGN = 64;
// Plan layout: keep in step with assembly/mlp.ts.
const H_NET0 = 16;
const NET_LAYERS = 4;
const LAYER_WORDS = 5;

function instantiate(bytes: number): { exports: KernelExports; memory: WasmMemory; base: number } {
  const module = kernelModule();
  if (heapBase === null) {
    // Static data sits below heapBase(); ask a throwaway instance once where it ends (no start code).
    const probe = new wasm.Instance(module, { env: { memory: new wasm.Memory({ initial: 1 }) } });
    heapBase = (probe.exports as unknown as KernelExports).heapBase();
  }
  const base = align(heapBase);
  const pages = Math.ceil((base + bytes) / PAGE);
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const instance = new wasm.Instance(module, { env: { memory } });
  return { exports: instance.exports as unknown as KernelExports, memory, base };
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function checkPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`SeedMlpKernels: ${name} must be a positive integer, got ${v}`);
}

interface LayerShape {
  readonly nIn: number;
  readonly nOut: number;
  readonly wOff: number;
  readonly bOff: number;
}

function validateNets(set: KernelNetSet): LayerShape[][] {
  checkPositiveInt("numParams", set.numParams);
  checkPositiveInt("inputDim", set.inputDim);
  if (set.nets.length === 0) throw new RangeError("SeedMlpKernels: no nets");
  return set.nets.map((blocks, net) => {
    if (blocks.length === 0 || blocks.length % 2 !== 0) {
      throw new RangeError(`SeedMlpKernels: net ${net} needs blocks [w0, b0, w1, b1, …], got ${blocks.length} blocks`);
    }
    const layers: LayerShape[] = [];
    let width = set.inputDim;
    for (let l = 0; l < blocks.length / 2; l++) {
      const w = blocks[2 * l]!;
      const b = blocks[2 * l + 1]!;
      const [nIn, nOut] = w.shape as [number, number];
      if (w.shape.length !== 2 || nIn !== width || b.shape.length !== 1 || b.shape[0] !== nOut || !(nOut >= 1)) {
        throw new RangeError(
          `SeedMlpKernels: net ${net} layer ${l}: weights [${w.shape.join(", ")}] and bias [${b.shape.join(", ")}] do not chain from width ${width}`,
        );
      }
      for (const [blk, size] of [
        [w, nIn * nOut],
        [b, nOut],
      ] as const) {
        if (!Number.isInteger(blk.offset) || blk.offset < 0 || blk.offset + size > set.numParams) {
          throw new RangeError(
            `SeedMlpKernels: net ${net} layer ${l}: block at ${blk.offset} (+${size}) outside the row of ${set.numParams}`,
          );
        }
      }
      layers.push({ nIn, nOut, wOff: w.offset, bOff: b.offset });
      width = nOut;
    }
    return layers;
  });
}

/**
 * Kernels and buffers for `numSeeds` seeds' nets at up to `maxBatch` rows per seed and call.
 *
 * Use: write parameters into {@link params} (`[S, P]`), inputs into {@link input}
 * (`[S, batch, inputDim]`, packed for the call's batch), call {@link forward}; read
 * {@link outputs}`[net]` (`[S, batch, outDim]`). For gradients, write ∂L/∂output into
 * {@link dOutputs}`[net]` (same layout) and call {@link backward} with the same batch and unchanged
 * parameters: ∂L/∂θ of every net block of every active seed lands in {@link grad} (`[S, P]`;
 * entries outside the nets' blocks, e.g. the actor-critic's log-std, are never written).
 * Seeds with `active[k] = 0` are skipped entirely (their outputs and gradients are not written).
 */
export class SeedMlpKernels {
  readonly numSeeds: number;
  readonly maxBatch: number;
  readonly numParams: number;
  readonly inputDim: number;
  /** Output width of each net. */
  readonly outDims: readonly number[];
  /** Parameters `[S, P]` (seed-major), read by the kernels. */
  readonly params: Float32Array;
  /** Gradients `[S, P]`, written by {@link backward} (net blocks of active seeds only). */
  readonly grad: Float32Array;
  /** Inputs `[S, batch, inputDim]` for a call with `batch` rows per seed (capacity maxBatch). */
  readonly input: Float32Array;
  /** Per seed, 1 = computed, 0 = skipped. All 1 at creation. */
  readonly active: Uint8Array;
  /** Per net, outputs `[S, batch, outDim]` of the last {@link forward}. */
  readonly outputs: readonly Float32Array[];
  /** Per net, ∂L/∂output `[S, batch, outDim]` read by {@link backward}. */
  readonly dOutputs: readonly Float32Array[];
  private readonly exports: KernelExports;
  private readonly plan: number;
  private readonly activations: readonly (readonly Float32Array[])[];
  private forwardBatch = 0;
  private readonly savedActive: Uint8Array;
  /** Adam on {@link params} with {@link grad} (present when created with `options.adam`). */
  readonly adam: KernelAdam | null;

  private constructor(set: KernelNetSet, numSeeds: number, maxBatch: number, options: SeedMlpKernelsOptions) {
    checkPositiveInt("numSeeds", numSeeds);
    checkPositiveInt("maxBatch", maxBatch);
    const shapes = validateNets(set);
    const S = numSeeds;
    const P = set.numParams;
    this.numSeeds = S;
    this.maxBatch = maxBatch;
    this.numParams = P;
    this.inputDim = set.inputDim;
    this.outDims = shapes.map((layers) => layers[layers.length - 1]!.nOut);

    // Arena layout (bytes from the base), decided once.
    let cursor = 0;
    const take = (bytes: number): number => {
      const at = cursor;
      cursor = align(cursor + Math.max(bytes, 4));
      return at;
    };
    const planWords = H_NET0 + shapes.length + shapes.reduce((n, layers) => n + NET_LAYERS + LAYER_WORDS * layers.length, 0);
    const maxHidden = Math.max(1, ...shapes.flatMap((layers) => layers.slice(1).map((l) => l.nIn)));
    const maxMatrix = Math.max(...shapes.flatMap((layers) => layers.map((l) => l.nIn * l.nOut)));
    const at = {
      plan: take(4 * planWords),
      params: take(4 * S * P),
      grad: take(4 * S * P),
      input: take(4 * S * maxBatch * set.inputDim),
      active: take(S),
      scratchA: take(4 * maxBatch * maxHidden),
      scratchB: take(4 * maxBatch * maxHidden),
      scratchT: take(4 * maxMatrix),
      outputs: shapes.map((layers) => take(4 * S * maxBatch * layers[layers.length - 1]!.nOut)),
      dOutputs: shapes.map((layers) => take(4 * S * maxBatch * layers[layers.length - 1]!.nOut)),
      activations: shapes.map((layers) => layers.slice(0, -1).map((l) => take(4 * S * maxBatch * l.nOut))),
      adamM: options.adam === undefined ? -1 : take(4 * S * P),
      adamV: options.adam === undefined ? -1 : take(4 * S * P),
    };
    const { exports, memory, base } = instantiate(cursor);
    this.exports = exports;
    const buffer = memory.buffer;
    const f32 = (offset: number, length: number) => new Float32Array(buffer, base + offset, length);
    this.plan = base + at.plan;
    this.params = f32(at.params, S * P);
    this.grad = f32(at.grad, S * P);
    this.input = f32(at.input, S * maxBatch * set.inputDim);
    this.active = new Uint8Array(buffer, base + at.active, S).fill(1);
    this.savedActive = new Uint8Array(S);
    this.outputs = shapes.map((layers, i) => f32(at.outputs[i]!, S * maxBatch * layers[layers.length - 1]!.nOut));
    this.dOutputs = shapes.map((layers, i) => f32(at.dOutputs[i]!, S * maxBatch * layers[layers.length - 1]!.nOut));
    this.activations = shapes.map((layers, i) => layers.slice(0, -1).map((l, j) => f32(at.activations[i]![j]!, S * maxBatch * l.nOut)));

    this.adam =
      options.adam === undefined
        ? null
        : new KernelAdam(options.adam, exports, S, P, {
            params: base + at.params,
            grad: base + at.grad,
            m: f32(at.adamM, S * P),
            v: f32(at.adamV, S * P),
            mPtr: base + at.adamM,
            vPtr: base + at.adamV,
            state: options.adamState,
          });

    // The plan read by assembly/mlp.ts.
    const plan = new Int32Array(buffer, this.plan, planWords);
    plan[0] = shapes.length;
    plan[1] = S;
    plan[2] = P;
    plan[3] = set.inputDim;
    plan[4] = maxBatch;
    plan[5] = base + at.params;
    plan[6] = base + at.grad;
    plan[7] = base + at.input;
    plan[8] = base + at.active;
    plan[9] = base + at.scratchA;
    plan[10] = base + at.scratchB;
    plan[11] = base + at.scratchT;
    let rec = H_NET0 + shapes.length;
    shapes.forEach((layers, net) => {
      plan[H_NET0 + net] = rec;
      plan[rec] = layers.length;
      plan[rec + 1] = layers[layers.length - 1]!.nOut;
      plan[rec + 2] = base + at.outputs[net]!;
      plan[rec + 3] = base + at.dOutputs[net]!;
      layers.forEach((layer, l) => {
        const w = rec + NET_LAYERS + LAYER_WORDS * l;
        plan[w] = layer.nIn;
        plan[w + 1] = layer.nOut;
        plan[w + 2] = layer.wOff;
        plan[w + 3] = layer.bOff;
        plan[w + 4] = l < layers.length - 1 ? base + at.activations[net]![l]! : 0;
      });
      rec += NET_LAYERS + LAYER_WORDS * layers.length;
    });
  }

  /**
   * Kernels for `numSeeds` seeds and up to `maxBatch` rows per seed and call (e.g. the PPO
   * minibatch, 128 discriminator pairs, or 1 for rollouts).
   * @throws RangeError when a size is not a positive integer or the blocks do not chain.
   */
  static create(set: KernelNetSet, numSeeds: number, maxBatch: number, options: SeedMlpKernelsOptions = {}): SeedMlpKernels {
    return new SeedMlpKernels(set, numSeeds, maxBatch, options);
  }

  /** Mark which seeds run (length S). */
  setActive(mask: readonly boolean[]): void {
    if (mask.length !== this.numSeeds) throw new RangeError(`SeedMlpKernels: mask length ${mask.length} != ${this.numSeeds} seeds`);
    for (let k = 0; k < this.numSeeds; k++) this.active[k] = mask[k] ? 1 : 0;
  }

  /** Forward pass of the active seeds for `batch` rows each (1 ≤ batch ≤ maxBatch). */
  forward(batch: number): void {
    this.checkBatch(batch);
    this.exports.forward(this.plan, batch);
    this.forwardBatch = batch;
  }

  /**
   * Forward pass of seed k alone for `batch` rows (its inputs at rows k·batch…, as in
   * {@link forward}); every other seed's outputs and saved activations are kept. E.g. a
   * bootstrap value at a truncation in the middle of a rollout step. Allocation-free.
   */
  forwardSeed(k: number, batch: number): void {
    this.checkBatch(batch);
    if (!Number.isInteger(k) || k < 0 || k >= this.numSeeds)
      throw new RangeError(`SeedMlpKernels.forwardSeed: k = ${k} outside [0, ${this.numSeeds})`);
    this.savedActive.set(this.active);
    this.active.fill(0);
    this.active[k] = 1;
    this.exports.forward(this.plan, batch);
    this.active.set(this.savedActive);
    // Other seeds keep activations of the previous batch size: a backward pass needs a full forward.
    if (batch !== this.forwardBatch) this.forwardBatch = 0;
  }

  /**
   * Backward pass from {@link dOutputs}; must follow {@link forward} with the same batch, the same
   * active seeds, and unchanged parameters and inputs (it reuses the saved activations).
   * @throws Error when no forward pass of this batch size came before.
   */
  backward(batch: number): void {
    this.checkBatch(batch);
    if (batch !== this.forwardBatch) {
      throw new Error(`SeedMlpKernels.backward: batch ${batch} does not match the last forward pass (${this.forwardBatch || "none"})`);
    }
    this.exports.backward(this.plan, batch);
  }

  /**
   * Saved tanh outputs of hidden layer `layer` of net `net`, `[S, maxBatch, width]` (seed k's rows
   * start at k·maxBatch·width, whatever the batch of the call).
   */
  activation(net: number, layer: number): Float32Array {
    const a = this.activations[net]?.[layer];
    if (a === undefined) throw new RangeError(`SeedMlpKernels.activation: no hidden layer ${layer} in net ${net}`);
    return a;
  }

  private checkBatch(batch: number): void {
    if (!Number.isInteger(batch) || batch < 1 || batch > this.maxBatch) {
      throw new RangeError(`SeedMlpKernels: batch must be an integer in [1, ${this.maxBatch}], got ${batch}`);
    }
  }
}

/**
 * Adam with per-seed global-norm clipping on a {@link SeedMlpKernels}' parameters and gradients,
 * in its memory: the rule, the per-seed step counts, the handling of inactive and non-finite seeds
 * and the arithmetic (float32, every operation rounded, same order) of `PopulationAdam.step`
 * (src/nn/optim.ts), so the results are bit-identical to it (tested), computed with f32x4 SIMD.
 */
export class KernelAdam {
  readonly config: KernelAdamConfig;
  /** First moments `[S, P]`. */
  readonly m: Float32Array;
  /** Second moments `[S, P]`. */
  readonly v: Float32Array;
  private readonly steps: Float64Array;

  /** @internal created by {@link SeedMlpKernels.create} with `options.adam`. */
  constructor(
    config: KernelAdamConfig,
    private readonly exports: KernelExports,
    private readonly numSeeds: number,
    private readonly numParams: number,
    private readonly at: {
      params: number;
      grad: number;
      m: Float32Array;
      v: Float32Array;
      mPtr: number;
      vPtr: number;
      state: KernelAdamState | undefined;
    },
  ) {
    this.config = config;
    this.m = at.m;
    this.v = at.v;
    this.steps = new Float64Array(numSeeds);
    const state = at.state;
    if (state !== undefined) {
      const n = numSeeds * numParams;
      if (state.m.length !== n || state.v.length !== n || state.steps.length !== numSeeds) {
        throw new RangeError(`KernelAdam: state must hold ${numSeeds}×${numParams} moments and ${numSeeds} step counts`);
      }
      this.m.set(state.m);
      this.v.set(state.v);
      this.steps.set(state.steps);
    }
  }

  /** Number of Adam steps taken so far by seed `k`. */
  stepCount(k: number): number {
    return this.steps[k]!;
  }

  /**
   * One step, in place on the owner's `params` with its `grad`: seeds with `active[k]` and a
   * finite gradient norm are updated (parameters, moments, step count); others are left exactly.
   * @returns per-seed gradient norms before clipping (over all P entries of the row) and finiteness.
   */
  step(active: readonly boolean[]): { gradNorm: Float64Array; finite: boolean[] } {
    const S = this.numSeeds;
    if (active.length !== S) throw new RangeError(`KernelAdam.step: mask length ${active.length} != ${S} seeds`);
    const gradNorm = new Float64Array(S);
    const finite = new Array<boolean>(S).fill(true);
    for (let k = 0; k < S; k++) {
      const r = this.stepSeed(k, active[k]!);
      gradNorm[k] = r.gradNorm;
      finite[k] = r.finite;
    }
    return { gradNorm, finite };
  }

  /**
   * {@link step} for seed k alone (the other rows are not read): its gradient norm before clipping,
   * and, when `update` is true and the norm is finite, the Adam update of its row.
   */
  stepSeed(k: number, update: boolean): { gradNorm: number; finite: boolean } {
    const { learningRate, beta1, beta2, epsilon, maxGradNorm } = this.config;
    const P = this.numParams;
    const row = 4 * k * P;
    const norm = Math.sqrt(this.exports.sumSquares(this.at.grad + row, P));
    const finite = Number.isFinite(norm);
    if (!update || !finite) return { gradNorm: norm, finite };
    // The expressions of PopulationAdam.step, evaluated the same way (rounded to float32 on entry).
    const scale = maxGradNorm === null ? 1 : maxGradNorm / Math.max(norm, maxGradNorm);
    const t = this.steps[k]! + 1;
    this.steps[k] = t;
    const lrT = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    this.exports.adamUpdate(
      this.at.params + row,
      this.at.grad + row,
      this.at.mPtr + row,
      this.at.vPtr + row,
      P,
      scale,
      lrT,
      beta1,
      1 - beta1,
      beta2,
      1 - beta2,
      epsilon,
    );
    return { gradNorm: norm, finite };
  }

  /** Snapshot for checkpoints (copies; the shape of `PopulationAdam.getState()`). */
  getState(): KernelAdamState {
    return { m: Float32Array.from(this.m), v: Float32Array.from(this.v), steps: Array.from(this.steps) };
  }
}

/**
 * The kernels' tanh (a rational approximation, ≤ 4e-7 from the exact value) on a copy of `x`; for
 * tests and for host code that must match the kernels' activations exactly.
 */
export function kernelTanh(x: Float32Array): Float32Array {
  const { exports, memory, base } = instantiate(4 * x.length);
  const view = new Float32Array(memory.buffer, base, x.length);
  view.set(x);
  exports.tanhInPlace(base, x.length);
  return Float32Array.from(view);
}
