/**
 * GASIL's discriminator D_φ(s, a) = σ(ℓ_φ(s, a)) for a population of S seeds (docs/paper-protocol.md#discriminator,
 * docs/paper-protocol.md#gasil-hyperparameters).
 *
 * Convention of the paper (Eq. 8): D is **high on the current policy's pairs** (label 1) and
 * **low on the good-trajectory buffer's pairs** (label 0). The update ascends (GASIL.1)
 *   L_D = E_π[log D] + E_𝓑[log(1 − D)],  log D = −softplus(−ℓ),  log(1 − D) = −softplus(ℓ),
 * i.e. it minimises E_π[softplus(−ℓ)] + E_𝓑[softplus(ℓ)] (binary cross-entropy). At the optimum
 * D* = ρ_π / (ρ_π + ρ_E) (GASIL.2).
 *
 * Implementation details:
 * 1. Network: MLP with `hiddenSizes` (default 100–100) tanh layers and one linear logit, on
 *    concat(normalised observation, action). [A] GAIL default of the authors' code base.
 * 2. Population: all seeds' parameters are one seed-major `[S, P]` array in the memory of the
 *    WebAssembly SIMD network kernels (`SeedMlpGradient` of `seed-mlp.ts`: every seed's forward
 *    and hand-written backward pass in one call, Adam in place). The loss of seed k depends only
 *    on seed k's data and weights, so seed k's numbers do not depend on its population.
 * 3. Init: Glorot-uniform weights from each seed's own {@link Rng}, zero biases. [A] (the
 *    reference used TF's Xavier default for `fully_connected`).
 * 4. Optimiser: Adam (lr 3e-4, β₁ 0.9, β₂ 0.999, ε 1e-8) in the TF1 form
 *    θ ← θ − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε), no gradient clipping, with a **per-seed step
 *    count** and an optional per-seed mask: a masked seed (e.g. its buffer is still empty) is left
 *    exactly untouched — weights, moments and step count — as if it trained alone.
 * 5. Optional logit-entropy bonus (`entropyBonus`, default 0 — not in the paper's objective):
 *    the loss subtracts coef · mean Bernoulli entropy, H = softplus(ℓ) − ℓ·σ(ℓ).
 * 6. Diagnostics per seed (from the forward pass of the last update, before its step):
 *    `discLoss`, `discAccuracyPolicy` (fraction of policy pairs with D > ½), `discAccuracyBuffer`
 *    (fraction of buffer pairs with D < ½), `discMeanPolicy`, `discMeanBuffer` (mean D).
 */
import { ConfigError, describeValue, ShapeError } from "../core/errors";
import { decodeFloat32, encodeFloats } from "../core/float-codec";
import { sigmoid, softplus } from "../core/math";
import type { Rng } from "../core/rng";
import type { AdamConfig, PopulationAdamState } from "./optim";
import { type ParamBlock, SeedMlpGradient, type SeedMlpSet } from "./seed-mlp";

/** Options of a {@link Discriminator}. */
export interface DiscriminatorOptions {
  /** Number of seeds S stacked on the leading axis. */
  readonly populationSize: number;
  readonly obsDim: number;
  readonly actDim: number;
  /** Hidden layer sizes (tanh). Default [100, 100]. */
  readonly hiddenSizes?: readonly number[];
  /** Adam learning rate. Default 3e-4. */
  readonly learningRate?: number;
  /** Adam ε. Default 1e-8. */
  readonly adamEpsilon?: number;
  /** Weight of the logit-entropy bonus. Default 0. */
  readonly entropyBonus?: number;
}

/** Per-seed diagnostics of a {@link Discriminator.update} call. Arrays have length S. */
export interface DiscriminatorDiagnostics {
  /** Binary cross-entropy −L_D per seed (lower = better separation). NaN for masked seeds. */
  readonly discLoss: Float64Array;
  readonly discAccuracyPolicy: Float64Array;
  readonly discAccuracyBuffer: Float64Array;
  readonly discMeanPolicy: Float64Array;
  readonly discMeanBuffer: Float64Array;
}

/** JSON-serialisable snapshot (float32 arrays as base64 of their bytes). */
export interface DiscriminatorState {
  readonly populationSize: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly hiddenSizes: readonly number[];
  readonly learningRate: number;
  readonly adamEpsilon: number;
  readonly entropyBonus: number;
  /** Per-seed Adam step counts. */
  readonly steps: readonly number[];
  /** Parameters `[S, P]`, Adam first and second moments `[S, P]` (base64 float32). */
  readonly params: string;
  readonly m: string;
  readonly v: string;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
/**
 * Rows per seed the kernels' memory is first sized for: the default minibatch, 64 policy + 64
 * buffer pairs. A larger update batch (e.g. full-batch steps) grows it once; `logits` runs larger
 * batches in chunks of this many rows (same numbers as one call).
 */
const INITIAL_MAX_BATCH = 128;

function checkInt(path: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ConfigError(path, `must be an integer ≥ ${min}, got ${describeValue(value)}`);
  }
  return value;
}

function checkNumber(path: string, value: unknown, min: number, exclusive: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || (exclusive ? value <= min : value < min)) {
    throw new ConfigError(path, `must be a finite number ${exclusive ? ">" : "≥"} ${min}, got ${describeValue(value)}`);
  }
  return value;
}

/** The discriminator as a one-net {@link SeedMlpSet}: blocks w0, b0, w1, b1, … of one seed's row. */
function discriminatorNet(inputDim: number, hiddenSizes: readonly number[]): SeedMlpSet {
  const sizes = [inputDim, ...hiddenSizes, 1];
  const blocks: ParamBlock[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    blocks.push({ name: `w${l}`, shape: [sizes[l]!, sizes[l + 1]!], offset, size: sizes[l]! * sizes[l + 1]! });
    offset += sizes[l]! * sizes[l + 1]!;
    blocks.push({ name: `b${l}`, shape: [sizes[l + 1]!], offset, size: sizes[l + 1]! });
    offset += sizes[l + 1]!;
  }
  return { nets: [blocks], numParams: offset, inputDim };
}

/**
 * Population-batched discriminator MLP with its own Adam state.
 *
 * Runs on the network kernels (`SeedMlpGradient`: forward and hand-written backward pass of every
 * seed in one call each, Adam in place): the loss gradient w.r.t. the logits is formed on the
 * host, ∂/∂ℓ = (σ(ℓ) − 1)/n_π on policy pairs and σ(ℓ)/n_𝓑 on buffer pairs (the derivatives of
 * (GASIL.1)'s softplus forms).
 */
export class Discriminator {
  readonly populationSize: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly hiddenSizes: readonly number[];
  readonly learningRate: number;
  readonly adamEpsilon: number;
  readonly entropyBonus: number;
  private readonly set: SeedMlpSet;
  private readonly adamConfig: AdamConfig;
  /** Weights `[S, P]` (seed-major), Adam state and work buffers, in the kernels' memory. */
  private gradientPass: SeedMlpGradient;

  private constructor(options: DiscriminatorOptions, params: Float32Array, adamState?: PopulationAdamState) {
    this.populationSize = options.populationSize;
    this.obsDim = options.obsDim;
    this.actDim = options.actDim;
    this.hiddenSizes = [...(options.hiddenSizes ?? [100, 100])];
    this.learningRate = options.learningRate ?? 3e-4;
    this.adamEpsilon = options.adamEpsilon ?? 1e-8;
    this.entropyBonus = options.entropyBonus ?? 0;
    this.set = discriminatorNet(this.obsDim + this.actDim, this.hiddenSizes);
    this.adamConfig = { learningRate: this.learningRate, beta1: BETA1, beta2: BETA2, epsilon: this.adamEpsilon, maxGradNorm: null };
    this.gradientPass = this.kernelsFor(INITIAL_MAX_BATCH, params, adamState);
  }

  private kernelsFor(maxBatch: number, params: Float32Array, adamState?: PopulationAdamState): SeedMlpGradient {
    return new SeedMlpGradient(this.set, this.populationSize, {
      maxBatch,
      params,
      adam: this.adamConfig,
      ...(adamState !== undefined ? { adamState } : {}),
    });
  }

  /** Parameters `[S, P]` (seed-major; the kernels' memory). */
  private get params(): Float32Array {
    return this.gradientPass.params;
  }

  /** The kernels, with room for `batch` rows per seed (grown once, weights and Adam state carried over). */
  private kernels(batch: number): SeedMlpGradient {
    const pass = this.gradientPass;
    if (batch > pass.maxBatch) this.gradientPass = this.kernelsFor(batch, pass.params, pass.optimizer!.getState());
    return this.gradientPass;
  }

  private static validate(options: DiscriminatorOptions): void {
    checkInt("populationSize", options.populationSize, 1);
    checkInt("obsDim", options.obsDim, 1);
    checkInt("actDim", options.actDim, 1);
    const hidden = options.hiddenSizes ?? [100, 100];
    if (!Array.isArray(hidden) || hidden.length === 0)
      throw new ConfigError("hiddenSizes", `must be a non-empty array of integers ≥ 1, got ${describeValue(hidden)}`);
    hidden.forEach((h, i) => {
      checkInt(`hiddenSizes[${i}]`, h, 1);
    });
    checkNumber("learningRate", options.learningRate ?? 3e-4, 0, true);
    checkNumber("adamEpsilon", options.adamEpsilon ?? 1e-8, 0, true);
    checkNumber("entropyBonus", options.entropyBonus ?? 0, 0, false);
  }

  /**
   * Fresh discriminator; seed k's weights come from `rngs[k]` only (Glorot-uniform, zero biases).
   * @throws ConfigError naming the option when an option is invalid or `rngs.length !== S`.
   */
  static create(options: DiscriminatorOptions, rngs: readonly Rng[]): Discriminator {
    Discriminator.validate(options);
    if (rngs.length !== options.populationSize) {
      throw new ConfigError("rngs", `need one Rng per seed (${options.populationSize}), got ${rngs.length}`);
    }
    const set = discriminatorNet(options.obsDim + options.actDim, options.hiddenSizes ?? [100, 100]);
    const S = options.populationSize;
    const P = set.numParams;
    const params = new Float32Array(S * P);
    const blocks = set.nets[0]!;
    for (let s = 0; s < S; s++) {
      for (let l = 0; l < blocks.length / 2; l++) {
        const w = blocks[2 * l]!;
        const [fanIn, fanOut] = w.shape as [number, number];
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        const block = new Float64Array(fanIn * fanOut);
        rngs[s]!.fillUniform(block, -limit, limit);
        params.set(block, s * P + w.offset);
      }
    }
    return new Discriminator(options, params);
  }

  /** Inputs `[S, B, obsDim + actDim]` = concat(obs, action) per row. */
  private input(
    obs: Float32Array,
    actions: Float32Array,
    batch: number,
    out?: Float32Array,
    rowOffset = 0,
    rowsPerSeed = batch,
  ): Float32Array {
    const S = this.populationSize;
    const { obsDim, actDim } = this;
    if (obs.length !== S * batch * obsDim || actions.length !== S * batch * actDim) {
      throw new ShapeError(
        `Discriminator: obs length ${obs.length} (want ${S}×${batch}×${obsDim}), actions length ${actions.length} (want ${S}×${batch}×${actDim})`,
      );
    }
    const inDim = obsDim + actDim;
    const x = out ?? new Float32Array(S * rowsPerSeed * inDim);
    for (let k = 0; k < S; k++) {
      for (let b = 0; b < batch; b++) {
        const src = k * batch + b;
        const dst = (k * rowsPerSeed + rowOffset + b) * inDim;
        // Element loops: for rows this short, subarray + set costs several times more.
        for (let j = 0; j < obsDim; j++) x[dst + j] = obs[src * obsDim + j]!;
        for (let j = 0; j < actDim; j++) x[dst + obsDim + j] = actions[src * actDim + j]!;
      }
    }
    return x;
  }

  /**
   * Logits ℓ `[S, B]` (row-major Float32Array) for normalised observations `[S, B, obsDim]` and
   * actions `[S, B, actDim]`.
   * @throws ShapeError when the lengths do not match S × batch × dim.
   */
  logits(obs: Float32Array, actions: Float32Array, batch: number): Float32Array {
    const S = this.populationSize;
    const x = this.input(obs, actions, batch);
    const all = new Array<boolean>(S).fill(true);
    const out = new Float32Array(S * batch);
    this.gradientPass.forward(this.params, x, batch, all, [out]);
    return out;
  }

  /**
   * One Adam step on (GASIL.1) for every unmasked seed: `policy*` pairs are labelled 1, `buffer*`
   * pairs 0. Inputs are `[S, nPolicy, ·]` and `[S, nBuffer, ·]`, observations already normalised.
   * @param mask per-seed flags; a seed with `false` is not changed at all. Default: all true.
   * @throws ShapeError when an array length does not match.
   */
  update(
    policyObs: Float32Array,
    policyActions: Float32Array,
    nPolicy: number,
    bufferObs: Float32Array,
    bufferActions: Float32Array,
    nBuffer: number,
    mask?: readonly boolean[],
  ): DiscriminatorDiagnostics {
    const S = this.populationSize;
    const active = mask ?? new Array<boolean>(S).fill(true);
    const diagnostics = this.computeGradient(policyObs, policyActions, nPolicy, bufferObs, bufferActions, nBuffer, active);
    const pass = this.gradientPass;
    if (active.some((a) => a)) pass.optimizer!.step(pass.params, pass.grad, active);
    return diagnostics;
  }

  /**
   * The loss −L_D of (GASIL.1) (plus the optional entropy term) and its gradient w.r.t. every
   * seed's parameters `[S, P]` (seed-major, blocks w0, b0, w1, b1, …; zero rows for masked seeds),
   * WITHOUT changing anything — what {@link update} feeds to Adam. Exposed for gradient checks.
   * @throws ShapeError when an array length does not match.
   */
  lossGradient(
    policyObs: Float32Array,
    policyActions: Float32Array,
    nPolicy: number,
    bufferObs: Float32Array,
    bufferActions: Float32Array,
    nBuffer: number,
    mask?: readonly boolean[],
  ): { diagnostics: DiscriminatorDiagnostics; gradient: Float32Array } {
    const active = mask ?? new Array<boolean>(this.populationSize).fill(true);
    const diagnostics = this.computeGradient(policyObs, policyActions, nPolicy, bufferObs, bufferActions, nBuffer, active);
    return { diagnostics, gradient: Float32Array.from(this.gradientPass.grad) };
  }

  /** {@link lossGradient} into the kernels' gradient `[S, P]` (zero rows for masked seeds). */
  private computeGradient(
    policyObs: Float32Array,
    policyActions: Float32Array,
    nPolicy: number,
    bufferObs: Float32Array,
    bufferActions: Float32Array,
    nBuffer: number,
    active: readonly boolean[],
  ): DiscriminatorDiagnostics {
    const S = this.populationSize;
    if (active.length !== S) throw new ShapeError(`Discriminator.update: mask length ${active.length} != population ${S}`);
    const diag: DiscriminatorDiagnostics = {
      discLoss: new Float64Array(S).fill(Number.NaN),
      discAccuracyPolicy: new Float64Array(S).fill(Number.NaN),
      discAccuracyBuffer: new Float64Array(S).fill(Number.NaN),
      discMeanPolicy: new Float64Array(S).fill(Number.NaN),
      discMeanBuffer: new Float64Array(S).fill(Number.NaN),
    };
    const B = nPolicy + nBuffer;
    const pass = this.kernels(B);
    if (!active.some((a) => a)) {
      pass.grad.fill(0);
      return diag;
    }
    // Pairs straight into the kernels' input `[S, B, obsDim + actDim]` (no copy on the way).
    const x = pass.kernels.input;
    this.input(policyObs, policyActions, nPolicy, x, 0, B);
    this.input(bufferObs, bufferActions, nBuffer, x, nPolicy, B);
    const c = this.entropyBonus;
    pass.gradient(pass.params, x, B, active, pass.grad, (k, [out], [d]) => {
      let lossP = 0,
        lossB = 0,
        entropy = 0,
        accP = 0,
        accB = 0,
        meanP = 0,
        meanB = 0;
      for (let i = 0; i < B; i++) {
        const l = out![i]!;
        const p = sigmoid(l);
        const isPolicy = i < nPolicy;
        // (GASIL.1) −L_D = E_π[softplus(−ℓ)] + E_𝓑[softplus(ℓ)]; ∂/∂ℓ = (σ − 1)/n_π or σ/n_𝓑.
        if (isPolicy) {
          lossP += softplus(-l);
          meanP += p;
          if (l > 0) accP++;
          d![i] = (p - 1) / nPolicy;
        } else {
          lossB += softplus(l);
          meanB += p;
          if (l < 0) accB++;
          d![i] = p / nBuffer;
        }
        if (c > 0) {
          // Bernoulli entropy H = softplus(ℓ) − ℓσ(ℓ), ∂H/∂ℓ = −ℓσ(1 − σ); the loss subtracts c·mean H.
          entropy += softplus(l) - l * p;
          d![i] = d![i]! + (c * l * p * (1 - p)) / B;
        }
      }
      diag.discLoss[k] = lossP / nPolicy + lossB / nBuffer - (c > 0 ? (c * entropy) / B : 0);
      diag.discAccuracyPolicy[k] = accP / nPolicy;
      diag.discAccuracyBuffer[k] = accB / nBuffer;
      diag.discMeanPolicy[k] = meanP / nPolicy;
      diag.discMeanBuffer[k] = meanB / nBuffer;
    });
    return diag;
  }

  /** Per-seed Adam step counts. */
  stepCounts(): readonly number[] {
    const adam = this.gradientPass.optimizer!;
    return Array.from({ length: this.populationSize }, (_, k) => adam.stepCount(k));
  }

  /** JSON-serialisable snapshot of weights and optimiser state. */
  getState(): DiscriminatorState {
    const adam = this.gradientPass.optimizer!.getState();
    return {
      populationSize: this.populationSize,
      obsDim: this.obsDim,
      actDim: this.actDim,
      hiddenSizes: [...this.hiddenSizes],
      learningRate: this.learningRate,
      adamEpsilon: this.adamEpsilon,
      entropyBonus: this.entropyBonus,
      steps: [...adam.steps],
      params: encodeFloats(this.params),
      m: encodeFloats(adam.m),
      v: encodeFloats(adam.v),
    };
  }

  private options(populationSize: number): DiscriminatorOptions {
    return {
      populationSize,
      obsDim: this.obsDim,
      actDim: this.actDim,
      hiddenSizes: this.hiddenSizes,
      learningRate: this.learningRate,
      adamEpsilon: this.adamEpsilon,
      entropyBonus: this.entropyBonus,
    };
  }

  /** Rebuild from {@link getState}. @throws ShapeError when the arrays do not fit the sizes. */
  static fromState(state: DiscriminatorState): Discriminator {
    const options: DiscriminatorOptions = {
      populationSize: state.populationSize,
      obsDim: state.obsDim,
      actDim: state.actDim,
      hiddenSizes: state.hiddenSizes,
      learningRate: state.learningRate,
      adamEpsilon: state.adamEpsilon,
      entropyBonus: state.entropyBonus,
    };
    Discriminator.validate(options);
    const n = state.populationSize * discriminatorNet(state.obsDim + state.actDim, state.hiddenSizes).numParams;
    if (state.steps.length !== state.populationSize)
      throw new ShapeError(`Discriminator.fromState: ${state.steps.length} step counts for ${state.populationSize} seeds`);
    return new Discriminator(options, decodeFloat32(state.params, n), {
      m: decodeFloat32(state.m, n),
      v: decodeFloat32(state.v, n),
      steps: [...state.steps],
    });
  }

  /**
   * A discriminator holding only seed `k` of this population (for independence checks and for
   * splitting a population's checkpoint into per-seed pieces).
   */
  extractSeed(k: number): Discriminator {
    const S = this.populationSize;
    if (!Number.isInteger(k) || k < 0 || k >= S) throw new RangeError(`extractSeed: k = ${k} outside [0, ${S})`);
    const P = this.set.numParams;
    const adam = this.gradientPass.optimizer!.getState();
    const row = (a: Float32Array) => Float32Array.from(a.subarray(k * P, (k + 1) * P));
    return new Discriminator(this.options(1), row(this.params), { m: row(adam.m), v: row(adam.v), steps: [adam.steps[k]!] });
  }

  /**
   * A copy of seed `k`'s weights (blocks w0, b0, w1, b1, …, `[in, out]` row-major), e.g. for a
   * saved policy. Reads only: the discriminator's state is unchanged.
   */
  seedWeights(k: number): Float32Array {
    const S = this.populationSize;
    if (!Number.isInteger(k) || k < 0 || k >= S) throw new RangeError(`seedWeights: k = ${k} outside [0, ${S})`);
    const P = this.set.numParams;
    return Float32Array.from(this.params.subarray(k * P, (k + 1) * P));
  }

  /** Nothing to free (the kernels' memory is garbage-collected); kept for the tensor-owning contract. */
  dispose(): void {}
}
