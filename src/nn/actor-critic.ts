/**
 * The PPO agent's networks for a population of `S` seeds, stored as ONE flat seed-major parameter
 * array of shape `[S, P]` (P = parameters of one seed; {@link actorCriticLayout} names the blocks).
 *
 * Networks (docs/paper-protocol.md#ppo-hyperparameters): a policy MLP (tanh hidden layers, default 64–64) that outputs the
 * action mean, a state-independent log-std vector per seed, and a separate value MLP (same hidden
 * sizes, scalar output); no shared layers. Orthogonal init: hidden gain √2, policy output 0.01,
 * value output 1.0, biases 0, log-std `initLogStd` (0).
 *
 * Two ways to evaluate them, on the same `[S, P]` numbers:
 * - {@link ActorCriticNets}: the population's weights in the WebAssembly kernels' memory
 *   (`seed-mlp.ts`, `kernels/`), with one-observation inference for rollouts
 *   ({@link ActorCriticNets.meanAndValue}), forward/backward passes and Adam; {@link SeedNets} is
 *   one seed's view of them (its row only), what the algorithms, written for one seed, use;
 * - {@link actorCriticForward}: differentiable TensorFlow.js ops on a `[S, P]` tensor view of the
 *   array — the autodiff reference the tests check the host losses and kernels against.
 * Seed `k`'s row never mixes with another row, and its initial values come from its own `Rng`
 * stream, so a seed's numbers do not depend on the population it trains in.
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "../core/errors";
import type { PhaseClock } from "../core/phase-clock";
import type { Rng } from "../core/rng";
import { orthogonalMatrix } from "./init";
import type { AdamConfig, PopulationAdamState, PopulationOptimizer } from "./optim";
import { type ParamBlock, SeedMlpGradient, type SeedMlpSet } from "./seed-mlp";

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

/** Read seed `k`'s log-std (length actDim) from flat parameters. */
export function readLogStd(layout: ActorCriticLayout, params: Float32Array, seedIndex: number, out: Float64Array): Float64Array {
  const off = seedIndex * layout.numParams + layout.logStdBlock.offset;
  for (let i = 0; i < layout.spec.actDim; i++) out[i] = params[off + i];
  return out;
}

/**
 * Seed k's log-std block of a `[S, P]` seed-major array (parameters or gradients), as a view: host
 * losses read σ from the weights and write ∂L/∂ log σ into the gradient there (log σ is no net's output).
 */
export function logStdRow<T extends Float32Array>(layout: ActorCriticLayout, rows: T, k: number): T {
  const start = k * layout.numParams + layout.logStdBlock.offset;
  return rows.subarray(start, start + layout.logStdBlock.size) as T;
}

/** The actor-critic as a {@link SeedMlpSet}: net 0 = policy mean, net 1 = value (log-std is not a net). */
export function actorCriticNets(layout: ActorCriticLayout): SeedMlpSet {
  return { nets: [layout.policyBlocks, layout.valueBlocks], numParams: layout.numParams, inputDim: layout.spec.obsDim };
}

/** Options of {@link ActorCriticNets}. */
export interface ActorCriticNetsOptions {
  /** Most rows per seed of a gradient call (PPO's minibatch, or a method's larger auxiliary batch). */
  readonly maxBatch: number;
  /** The optimiser's settings (per-seed clipping included). */
  readonly adam: AdamConfig;
  /** Initial parameters `[S, P]` (copied). */
  readonly params: Float32Array;
  /** Initial Adam state (a checkpoint's); default fresh. */
  readonly adamState?: PopulationAdamState;
}

/**
 * A population's actor-critic on the WebAssembly kernels: the weights `[S, P]` ({@link params},
 * the population's one copy), Adam's moments, and the work buffers all live in one kernel memory,
 * so rollouts, PPO's minibatch gradients, BC's and SIL's auxiliary gradients and Adam steps never
 * copy the weights.
 */
export class ActorCriticNets {
  readonly layout: ActorCriticLayout;
  readonly numSeeds: number;
  /** Forward/backward pass of the policy (net 0) and value (net 1) nets: PPO's update, BC, SIL. */
  readonly gradientPass: SeedMlpGradient;
  /** The weights `[S, P]` (a view of the kernels' memory that never detaches). */
  readonly params: Float32Array;
  /** Adam with per-seed global-norm clipping, in place on {@link params}. */
  readonly optimizer: PopulationOptimizer;
  private readonly input: Float32Array;
  private readonly means: Float32Array;
  private readonly values: Float32Array;

  constructor(layout: ActorCriticLayout, numSeeds: number, options: ActorCriticNetsOptions) {
    const n = numSeeds * layout.numParams;
    if (options.params.length !== n) {
      throw new ShapeError(`ActorCriticNets: params must hold ${numSeeds}×${layout.numParams} values, got ${options.params.length}`);
    }
    this.layout = layout;
    this.numSeeds = numSeeds;
    this.gradientPass = new SeedMlpGradient(actorCriticNets(layout), numSeeds, {
      maxBatch: options.maxBatch,
      params: options.params,
      adam: options.adam,
      ...(options.adamState !== undefined ? { adamState: options.adamState } : {}),
    });
    this.params = this.gradientPass.params;
    this.optimizer = this.gradientPass.optimizer!;
    const kern = this.gradientPass.kernels;
    this.input = kern.input;
    this.means = kern.outputs[0]!;
    this.values = kern.outputs[1]!;
  }

  /**
   * π's mean and V for ONE observation of seed k (rollouts: one observation per seed per step),
   * with the current weights; the other seeds' numbers are untouched. The observation is rounded
   * to float32 (the nets' input type).
   * @param obs normalised observation (length obsDim) at `obsOffset`.
   * @param meanOut receives the action mean (length actDim).
   * @returns the state value V(s).
   */
  meanAndValue(k: number, obs: ArrayLike<number>, obsOffset: number, meanOut: Float64Array): number {
    const { obsDim, actDim } = this.layout.spec;
    const input = this.input;
    // Batch 1: seed k's row is at k·obsDim.
    for (let i = 0; i < obsDim; i++) input[k * obsDim + i] = obs[obsOffset + i]!;
    this.gradientPass.kernels.forwardSeed(k, 1);
    for (let j = 0; j < actDim; j++) meanOut[j] = this.means[k * actDim + j]!;
    return this.values[k]!;
  }

  /**
   * Adam for seed k alone (its row of the weights, moments and gradient): the gradient norm before
   * clipping and, when `update` is true and the norm is finite, the step.
   */
  adamStepSeed(k: number, update: boolean): { gradNorm: number; finite: boolean } {
    return this.gradientPass.kernels.adam!.stepSeed(k, update);
  }

  /** Seed k's view of these nets ({@link SeedNets}). */
  seed(k: number): SeedNets {
    if (!Number.isInteger(k) || k < 0 || k >= this.numSeeds)
      throw new ShapeError(`ActorCriticNets.seed: k must be an integer in [0, ${this.numSeeds}), got ${k}`);
    return new SeedNets(this, k);
  }
}

/**
 * One seed's actor-critic: its row of the population's weights, Adam state and gradient in the
 * kernels' memory, and the calls that read or write that row only. Algorithms written for one seed
 * use it; the population's kernels keep one seed-major copy of every seed's weights.
 */
export class SeedNets {
  readonly layout: ActorCriticLayout;
  /** The population's nets. */
  readonly population: ActorCriticNets;
  /** This seed's row in the population. */
  readonly k: number;
  /** The weights `[P]` (a view of the kernels' memory). */
  readonly params: Float32Array;
  /** The policy's log σ `[A]` (a view of {@link params}). */
  readonly logStd: Float32Array;
  /** ∂L/∂ log σ `[A]` in the seed's gradient row: host losses write it (log σ is no net's output). */
  readonly dLogStd: Float32Array;

  constructor(nets: ActorCriticNets, k: number) {
    this.layout = nets.layout;
    this.population = nets;
    this.k = k;
    const P = nets.layout.numParams;
    this.params = nets.params.subarray(k * P, (k + 1) * P);
    this.logStd = logStdRow(nets.layout, nets.params, k);
    this.dLogStd = logStdRow(nets.layout, nets.gradientPass.grad, k);
  }

  /**
   * A copy of the actor's weights: the policy MLP's blocks and the log-std, which the layout puts
   * first and contiguously in the row (`policy/w0, policy/b0, …, logStd`) — a saved policy's `actor`.
   */
  actorWeights(): Float32Array {
    const { logStdBlock } = this.layout;
    return Float32Array.from(this.params.subarray(0, logStdBlock.offset + logStdBlock.size));
  }

  /** π's mean (into `meanOut`) and V of one observation at `obsOffset` ({@link ActorCriticNets.meanAndValue}). */
  meanAndValue(obs: ArrayLike<number>, obsOffset: number, meanOut: Float64Array): number {
    return this.population.meanAndValue(this.k, obs, obsOffset, meanOut);
  }

  /**
   * ∂L/∂θ of a host loss on the nets' outputs for a batch of this seed's observations `[B, obsDim]`:
   * forward pass, `loss(outputs = [μ, V], dOutputs = [∂L/∂μ, ∂L/∂V])` (it also writes
   * {@link dLogStd}), backward pass; the gradient is left in the seed's row for {@link adamStep}.
   * @returns what `loss` returned.
   */
  gradient<Terms>(
    obs: Float32Array,
    batch: number,
    loss: (outputs: readonly Float32Array[], dOutputs: readonly Float32Array[]) => Terms,
    clock?: PhaseClock<"forward" | "backward">,
  ): Terms {
    return this.population.gradientPass.seedGradient(this.k, obs, batch, (_, outputs, dOutputs) => loss(outputs, dOutputs), clock);
  }

  /** Adam on the gradient {@link gradient} left (per-seed global-norm clipping); see {@link ActorCriticNets.adamStepSeed}. */
  adamStep(update = true): { gradNorm: number; finite: boolean } {
    return this.population.adamStepSeed(this.k, update);
  }
}
