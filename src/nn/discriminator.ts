/**
 * GASIL's discriminator D_φ(s, a) = σ(ℓ_φ(s, a)) for a population of S seeds (fact sheet §1.3, §3.3).
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
 * 2. Population axis: every weight is `[S, in, out]`, every bias `[S, 1, out]`; one batched
 *    `matMul` per layer serves all seeds. The loss is the **sum over seeds** of each seed's
 *    mean loss, so seed k's gradient depends only on seed k's data and weights.
 * 3. Init: Glorot-uniform weights from each seed's own {@link Rng}, zero biases. [A] (the
 *    reference used TF's Xavier default for `fully_connected`).
 * 4. Optimiser: Adam (lr 3e-4, β₁ 0.9, β₂ 0.999, ε 1e-8) in the TF1 form
 *    θ ← θ − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε), with a **per-seed step count** and an optional
 *    per-seed mask: a masked seed (e.g. its buffer is still empty) is left exactly untouched —
 *    weights, moments and step count — as if it trained alone.
 * 5. Optional logit-entropy bonus (`entropyBonus`, default 0 — not in the paper's objective):
 *    the loss subtracts coef · mean Bernoulli entropy, H = softplus(ℓ) − ℓ·σ(ℓ).
 * 6. Diagnostics per seed (from the forward pass of the last update, before its step):
 *    `discLoss`, `discAccuracyPolicy` (fraction of policy pairs with D > ½), `discAccuracyBuffer`
 *    (fraction of buffer pairs with D < ½), `discMeanPolicy`, `discMeanBuffer` (mean D).
 */
import * as tf from "@tensorflow/tfjs";
import { ConfigError, ShapeError, describeValue } from "../core/errors";
import type { Rng } from "../core/rng";

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
  /** Parameters, first moments, second moments: one base64 string per parameter tensor. */
  readonly params: readonly string[];
  readonly m: readonly string[];
  readonly v: readonly string[];
}

const BETA1 = 0.9;
const BETA2 = 0.999;

function encode(t: tf.Tensor): string {
  const data = t.dataSync() as Float32Array;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

function decode(text: string, shape: number[]): tf.Tensor {
  const bytes = Buffer.from(text, "base64");
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== size * 4) throw new ShapeError(`Discriminator state: ${bytes.byteLength} bytes for shape [${shape.join(", ")}]`);
  const out = new Float32Array(size);
  new Uint8Array(out.buffer).set(bytes);
  return tf.tensor(out, shape, "float32");
}

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

/**
 * Affine layer x·W + b (`[B, in]`, `[in, out]`, `[1, out]`) with an explicit gradient:
 * dx = dy·transpose(W), dW = transpose(x)·dy, db = Σ_rows dy. Same values as tfjs's own gradient;
 * measured on wasm (B = 4096, 100×100), `matMul` with `transposeB` took ~12× and with
 * `transposeA` ~5× the time of a plain product, while an explicit transpose is cheap.
 */
const dense = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x, w), b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g), tf.sum(g, 0, true)];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** Population-batched discriminator MLP with its own Adam state. Call {@link dispose} when done. */
export class Discriminator {
  readonly populationSize: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly hiddenSizes: readonly number[];
  readonly learningRate: number;
  readonly adamEpsilon: number;
  readonly entropyBonus: number;
  /** [W0, b0, W1, b1, ...]: W `[S, in, out]`, b `[S, 1, out]`. */
  private params: tf.Tensor[];
  private m: tf.Tensor[];
  private v: tf.Tensor[];
  private readonly steps: number[];

  private constructor(options: DiscriminatorOptions, params: tf.Tensor[], m: tf.Tensor[], v: tf.Tensor[], steps: number[]) {
    this.populationSize = options.populationSize;
    this.obsDim = options.obsDim;
    this.actDim = options.actDim;
    this.hiddenSizes = [...(options.hiddenSizes ?? [100, 100])];
    this.learningRate = options.learningRate ?? 3e-4;
    this.adamEpsilon = options.adamEpsilon ?? 1e-8;
    this.entropyBonus = options.entropyBonus ?? 0;
    this.params = params;
    this.m = m;
    this.v = v;
    this.steps = steps;
  }

  private static validate(options: DiscriminatorOptions): void {
    checkInt("populationSize", options.populationSize, 1);
    checkInt("obsDim", options.obsDim, 1);
    checkInt("actDim", options.actDim, 1);
    const hidden = options.hiddenSizes ?? [100, 100];
    if (!Array.isArray(hidden)) throw new ConfigError("hiddenSizes", `must be an array of integers ≥ 1, got ${describeValue(hidden)}`);
    hidden.forEach((h, i) => checkInt(`hiddenSizes[${i}]`, h, 1));
    checkNumber("learningRate", options.learningRate ?? 3e-4, 0, true);
    checkNumber("adamEpsilon", options.adamEpsilon ?? 1e-8, 0, true);
    checkNumber("entropyBonus", options.entropyBonus ?? 0, 0, false);
  }

  /**
   * Fresh discriminator; seed k's weights come from `rngs[k]` only.
   * @throws ConfigError naming the option when an option is invalid or `rngs.length !== S`.
   */
  static create(options: DiscriminatorOptions, rngs: readonly Rng[]): Discriminator {
    Discriminator.validate(options);
    if (rngs.length !== options.populationSize) {
      throw new ConfigError("rngs", `need one Rng per seed (${options.populationSize}), got ${rngs.length}`);
    }
    const sizes = [options.obsDim + options.actDim, ...(options.hiddenSizes ?? [100, 100]), 1];
    const S = options.populationSize;
    const params: tf.Tensor[] = [];
    const m: tf.Tensor[] = [];
    const v: tf.Tensor[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const w = new Float32Array(S * fanIn * fanOut);
      for (let s = 0; s < S; s++) {
        const block = new Float64Array(fanIn * fanOut);
        rngs[s]!.fillUniform(block, -limit, limit);
        w.set(block, s * fanIn * fanOut);
      }
      params.push(tf.tensor3d(w, [S, fanIn, fanOut]), tf.zeros([S, 1, fanOut]));
    }
    for (const p of params) {
      m.push(tf.zerosLike(p));
      v.push(tf.zerosLike(p));
    }
    return new Discriminator(options, params, m, v, new Array<number>(S).fill(0));
  }

  /**
   * Logits `[S, B]` of inputs `[S, B, obsDim + actDim]`.
   *
   * One 2-D `matMul` per seed and layer rather than one batched 3-D `matMul`: measured on the
   * wasm backend (S = 10, B = 4096, 100×100), the batched kernel was ~8× slower than S plain
   * 2-D products, which go through XNNPACK. Seeds stay independent either way. The layer's
   * gradient is written out ({@link dense}) to avoid wasm's slow transposed products.
   */
  private forward(params: readonly tf.Tensor[], x: tf.Tensor3D): tf.Tensor2D {
    const S = x.shape[0];
    const layers = params.length / 2;
    const weights = params.map((p) => (S === 1 ? [tf.reshape(p, p.shape.slice(1))] : tf.unstack(p)));
    let hs: tf.Tensor[] = S === 1 ? [tf.reshape(x, x.shape.slice(1))] : tf.unstack(x);
    for (let l = 0; l < layers; l++) {
      const last = l + 1 === layers;
      hs = hs.map((h, k) => {
        const z = dense(h as tf.Tensor2D, weights[2 * l]![k] as tf.Tensor2D, weights[2 * l + 1]![k] as tf.Tensor2D);
        return last ? z : tf.tanh(z);
      });
    }
    // hs[k] is [B, 1]; stack to [S, B].
    return tf.stack(hs.map((h) => tf.reshape(h, [-1]))) as tf.Tensor2D;
  }

  private input(obs: Float32Array, actions: Float32Array, batch: number): tf.Tensor3D {
    const S = this.populationSize;
    if (obs.length !== S * batch * this.obsDim || actions.length !== S * batch * this.actDim) {
      throw new ShapeError(
        `Discriminator: obs length ${obs.length} (want ${S}×${batch}×${this.obsDim}), actions length ${actions.length} (want ${S}×${batch}×${this.actDim})`,
      );
    }
    return tf.tidy(() => tf.concat([tf.tensor3d(obs, [S, batch, this.obsDim]), tf.tensor3d(actions, [S, batch, this.actDim])], 2) as tf.Tensor3D);
  }

  /**
   * Logits ℓ `[S, B]` (row-major Float32Array) for normalised observations `[S, B, obsDim]` and
   * actions `[S, B, actDim]`.
   * @throws ShapeError when the lengths do not match S × batch × dim.
   */
  logits(obs: Float32Array, actions: Float32Array, batch: number): Float32Array {
    return tf.tidy(() => {
      const x = this.input(obs, actions, batch);
      return this.forward(this.params, x).dataSync() as Float32Array;
    });
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
    if (active.length !== S) throw new ShapeError(`Discriminator.update: mask length ${active.length} != population ${S}`);
    const diag: DiscriminatorDiagnostics = {
      discLoss: new Float64Array(S).fill(Number.NaN),
      discAccuracyPolicy: new Float64Array(S).fill(Number.NaN),
      discAccuracyBuffer: new Float64Array(S).fill(Number.NaN),
      discMeanPolicy: new Float64Array(S).fill(Number.NaN),
      discMeanBuffer: new Float64Array(S).fill(Number.NaN),
    };
    if (!active.some((a) => a)) return diag;
    const { entropyBonus } = this;
    const [newParams, newM, newV] = tf.tidy(() => {
      const x = tf.concat([this.input(policyObs, policyActions, nPolicy), this.input(bufferObs, bufferActions, nBuffer)], 1) as tf.Tensor3D;
      let logitsOut: tf.Tensor2D | null = null;
      let perSeedLoss: tf.Tensor1D | null = null;
      const lossFn = (...params: tf.Tensor[]): tf.Scalar => {
        const logits = this.forward(params, x);
        const lp = tf.slice(logits, [0, 0], [S, nPolicy]);
        const lb = tf.slice(logits, [0, nPolicy], [S, nBuffer]);
        // (GASIL.1) −L_D = E_π[softplus(−ℓ)] + E_𝓑[softplus(ℓ)], one value per seed.
        let loss = tf.add(tf.mean(tf.softplus(tf.neg(lp)), 1), tf.mean(tf.softplus(lb), 1)) as tf.Tensor1D;
        if (entropyBonus > 0) {
          const ent = tf.mean(tf.sub(tf.softplus(logits), tf.mul(logits, tf.sigmoid(logits))), 1);
          loss = tf.sub(loss, tf.mul(ent, entropyBonus)) as tf.Tensor1D;
        }
        logitsOut = tf.keep(logits);
        perSeedLoss = tf.keep(loss);
        return tf.sum(loss) as tf.Scalar; // seeds are independent: ∂/∂φ_k only sees seed k's term
      };
      const grads = tf.grads(lossFn)(this.params);
      // Diagnostics from this forward pass (before the step).
      const logits = (logitsOut as unknown as tf.Tensor2D).arraySync();
      const losses = (perSeedLoss as unknown as tf.Tensor1D).arraySync();
      tf.dispose([logitsOut as unknown as tf.Tensor, perSeedLoss as unknown as tf.Tensor]);
      for (let s = 0; s < S; s++) {
        if (!active[s]) continue;
        const row = logits[s]!;
        let accP = 0, accB = 0, meanP = 0, meanB = 0;
        for (let i = 0; i < nPolicy; i++) {
          const d = 1 / (1 + Math.exp(-row[i]!));
          meanP += d;
          if (row[i]! > 0) accP++;
        }
        for (let i = nPolicy; i < nPolicy + nBuffer; i++) {
          const d = 1 / (1 + Math.exp(-row[i]!));
          meanB += d;
          if (row[i]! < 0) accB++;
        }
        diag.discLoss[s] = losses[s]!;
        diag.discAccuracyPolicy[s] = accP / nPolicy;
        diag.discAccuracyBuffer[s] = accB / nBuffer;
        diag.discMeanPolicy[s] = meanP / nPolicy;
        diag.discMeanBuffer[s] = meanB / nBuffer;
      }
      // Adam, TF1 form, per-seed step counts and mask.
      const lrT = new Float32Array(S);
      const keepMask = new Float32Array(S);
      for (let s = 0; s < S; s++) {
        if (!active[s]) continue;
        const t = this.steps[s]! + 1;
        lrT[s] = (this.learningRate * Math.sqrt(1 - Math.pow(BETA2, t))) / (1 - Math.pow(BETA1, t));
        keepMask[s] = 1;
      }
      const allActive = active.every((a) => a);
      const lrTensor = tf.tensor3d(lrT, [S, 1, 1]);
      const maskTensor = tf.tensor3d(keepMask, [S, 1, 1]);
      const outP: tf.Tensor[] = [];
      const outM: tf.Tensor[] = [];
      const outV: tf.Tensor[] = [];
      for (let i = 0; i < this.params.length; i++) {
        const g = grads[i]!;
        let m = tf.add(tf.mul(this.m[i]!, BETA1), tf.mul(g, 1 - BETA1));
        let v = tf.add(tf.mul(this.v[i]!, BETA2), tf.mul(tf.square(g), 1 - BETA2));
        let p = tf.sub(this.params[i]!, tf.mul(lrTensor, tf.div(m, tf.add(tf.sqrt(v), this.adamEpsilon))));
        if (!allActive) {
          m = tf.where(tf.cast(tf.broadcastTo(maskTensor, m.shape), "bool"), m, this.m[i]!);
          v = tf.where(tf.cast(tf.broadcastTo(maskTensor, v.shape), "bool"), v, this.v[i]!);
          p = tf.where(tf.cast(tf.broadcastTo(maskTensor, p.shape), "bool"), p, this.params[i]!);
        }
        outP.push(p);
        outM.push(m);
        outV.push(v);
      }
      return [outP, outM, outV];
    });
    tf.dispose([...this.params, ...this.m, ...this.v]);
    this.params = newParams;
    this.m = newM;
    this.v = newV;
    for (let s = 0; s < S; s++) if (active[s]) this.steps[s]!++;
    return diag;
  }

  /** Per-seed Adam step counts. */
  stepCounts(): readonly number[] {
    return [...this.steps];
  }

  /** JSON-serialisable snapshot of weights and optimiser state. */
  getState(): DiscriminatorState {
    return {
      populationSize: this.populationSize,
      obsDim: this.obsDim,
      actDim: this.actDim,
      hiddenSizes: [...this.hiddenSizes],
      learningRate: this.learningRate,
      adamEpsilon: this.adamEpsilon,
      entropyBonus: this.entropyBonus,
      steps: [...this.steps],
      params: this.params.map(encode),
      m: this.m.map(encode),
      v: this.v.map(encode),
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
    const sizes = [state.obsDim + state.actDim, ...state.hiddenSizes, 1];
    const shapes: number[][] = [];
    for (let l = 0; l + 1 < sizes.length; l++) shapes.push([state.populationSize, sizes[l]!, sizes[l + 1]!], [state.populationSize, 1, sizes[l + 1]!]);
    if (state.params.length !== shapes.length || state.m.length !== shapes.length || state.v.length !== shapes.length || state.steps.length !== state.populationSize) {
      throw new ShapeError(`Discriminator.fromState: expected ${shapes.length} tensors and ${state.populationSize} step counts`);
    }
    return new Discriminator(
      options,
      state.params.map((p, i) => decode(p, shapes[i]!)),
      state.m.map((p, i) => decode(p, shapes[i]!)),
      state.v.map((p, i) => decode(p, shapes[i]!)),
      [...state.steps],
    );
  }

  /**
   * A discriminator holding only seed `k` of this population (for independence checks and for
   * splitting a population's checkpoint into per-seed pieces).
   */
  extractSeed(k: number): Discriminator {
    const S = this.populationSize;
    if (!Number.isInteger(k) || k < 0 || k >= S) throw new RangeError(`extractSeed: k = ${k} outside [0, ${S})`);
    const pick = (ts: tf.Tensor[]): tf.Tensor[] => ts.map((t) => tf.tidy(() => tf.slice(t, [k, 0, 0], [1, t.shape[1]!, t.shape[2]!])));
    return new Discriminator(
      { populationSize: 1, obsDim: this.obsDim, actDim: this.actDim, hiddenSizes: this.hiddenSizes, learningRate: this.learningRate, adamEpsilon: this.adamEpsilon, entropyBonus: this.entropyBonus },
      pick(this.params),
      pick(this.m),
      pick(this.v),
      [this.steps[k]!],
    );
  }

  /** Free the tensors. */
  dispose(): void {
    tf.dispose([...this.params, ...this.m, ...this.v]);
    this.params = [];
    this.m = [];
    this.v = [];
  }
}
