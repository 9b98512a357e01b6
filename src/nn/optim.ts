/**
 * Adam for a population of seeds whose parameters are one flat seed-major `[S, P]` host array, with
 * per-seed global-norm gradient clipping.
 *
 * Adam is elementwise, so Adam on the stacked array is exactly per-seed Adam. The step count `t`
 * (bias correction) is kept per seed, because auxiliary updates (SIL, BC) may step only some seeds.
 * Update rule (TF1 `AdamOptimizer`, as the authors' code ran it; ε outside the square root,
 * bias correction folded into the step size), in float32 arithmetic like TF's float32 Adam:
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε)
 * Clipping (TF `clip_by_global_norm`, per seed): g ← g · c / max(‖g‖, c), ‖g‖ over ALL parameters of
 * the seed (policy and value together; docs/paper-protocol.md#ppo-hyperparameters).
 * A seed whose gradient norm is not finite is not updated (parameters, moments and step count
 * kept); the returned `finite` mask lets the caller mark it dead.
 */
import { ShapeError } from "../core/errors";
import type { SeedMlpKernels } from "./kernels";

/** Adam hyperparameters (docs/paper-protocol.md#ppo-hyperparameters: lr 3e-4, β₁ 0.9, β₂ 0.999, ε 1e-5, clip 0.5). */
export interface AdamConfig {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Per-seed global gradient-norm limit; `null` disables clipping. */
  readonly maxGradNorm: number | null;
}

/** Serialisable optimiser state (moments as Float32, row-major `[S, P]`). */
export interface PopulationAdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly steps: readonly number[];
}

/**
 * What the trainers need of a population's optimiser: one masked step on `[S, P]` host arrays and a
 * checkpoint snapshot. {@link PopulationAdam} (host JavaScript) and {@link KernelPopulationAdam}
 * (the same rule in the WebAssembly kernels' memory, bit-identical) implement it.
 */
export interface PopulationOptimizer {
  readonly config: AdamConfig;
  /**
   * One step in place: seeds with `active[k]` and a finite gradient norm are updated (parameters,
   * moments, step count); others are left exactly as they were.
   * @returns per-seed gradient norms (before clipping) and finiteness.
   */
  step(params: Float32Array, grad: ArrayLike<number>, active: readonly boolean[]): { gradNorm: Float64Array; finite: boolean[] };
  /** Number of Adam steps taken so far by seed `k`. */
  stepCount(k: number): number;
  /** Snapshot for checkpoints (copies). */
  getState(): PopulationAdamState;
  dispose(): void;
}

/**
 * Adam over `[S, P]` parameters. Moments and step counts live on the host (float32 storage and
 * float32 arithmetic: every operation of the update is rounded to float32 with `Math.fround`,
 * which gives exactly the float32 result, so the f32x4 kernels compute the same bits). The
 * reference implementation of the rule: the trainers run {@link KernelPopulationAdam}, which is
 * tested bit-identical to it. The gradient norm is a float64 sum in index order.
 */
export class PopulationAdam implements PopulationOptimizer {
  readonly config: AdamConfig;
  readonly numSeeds: number;
  readonly numParams: number;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly steps: Float64Array;

  constructor(config: AdamConfig, numSeeds: number, numParams: number, state?: PopulationAdamState) {
    this.config = config;
    this.numSeeds = numSeeds;
    this.numParams = numParams;
    const n = numSeeds * numParams;
    if (state !== undefined) {
      if (state.m.length !== n || state.v.length !== n || state.steps.length !== numSeeds) {
        throw new ShapeError(`PopulationAdam: state must hold ${numSeeds}×${numParams} moments and ${numSeeds} step counts`);
      }
      this.m = Float32Array.from(state.m);
      this.v = Float32Array.from(state.v);
      this.steps = Float64Array.from(state.steps);
    } else {
      this.m = new Float32Array(n);
      this.v = new Float32Array(n);
      this.steps = new Float64Array(numSeeds);
    }
  }

  /** Number of Adam steps taken so far by seed `k`. */
  stepCount(k: number): number {
    return this.steps[k];
  }

  /**
   * One Adam step on host arrays, in place: seeds with `active[k]` and a finite gradient are
   * updated (parameters, moments, step count); others are left exactly as they were.
   * @param params `[S, P]` row-major parameters (updated in place).
   * @param grad `[S, P]` row-major gradient (not modified).
   * @returns per-seed gradient norms (before clipping) and finiteness.
   */
  step(params: Float32Array, grad: ArrayLike<number>, active: readonly boolean[]): { gradNorm: Float64Array; finite: boolean[] } {
    const { learningRate, beta1, beta2, epsilon, maxGradNorm } = this.config;
    const P = this.numParams;
    const S = this.numSeeds;
    if (params.length !== S * P || grad.length !== S * P) {
      throw new ShapeError(`PopulationAdam.step: params and grad must have ${S}×${P} elements, got ${params.length} and ${grad.length}`);
    }
    const gradNorm = new Float64Array(S);
    const finite = new Array<boolean>(S).fill(true);
    const m = this.m;
    const v = this.v;
    for (let k = 0; k < S; k++) {
      const base = k * P;
      let sq = 0;
      for (let i = base; i < base + P; i++) sq += grad[i] * grad[i];
      const norm = Math.sqrt(sq);
      gradNorm[k] = norm;
      finite[k] = Number.isFinite(norm);
      if (!active[k] || !finite[k]) continue;
      // Per-seed global-norm clipping (TF clip_by_global_norm): g · c / max(‖g‖, c).
      const scale = maxGradNorm === null ? 1 : maxGradNorm / Math.max(norm, maxGradNorm);
      const t = this.steps[k] + 1;
      this.steps[k] = t;
      const lrT = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      // float32 arithmetic: the scalars and every operation rounded to float32 (see the class comment).
      const f = Math.fround;
      const sc = f(scale);
      const lr = f(lrT);
      const b1 = f(beta1);
      const c1 = f(1 - beta1);
      const b2 = f(beta2);
      const c2 = f(1 - beta2);
      const eps = f(epsilon);
      for (let i = base; i < base + P; i++) {
        const g = f(f(grad[i]) * sc);
        const mi = f(f(b1 * m[i]) + f(c1 * g));
        const vi = f(f(b2 * v[i]) + f(f(c2 * g) * g));
        m[i] = mi;
        v[i] = vi;
        params[i] = f(params[i] - f(f(lr * mi) / f(f(Math.sqrt(vi)) + eps)));
      }
    }
    return { gradNorm, finite };
  }

  /** Snapshot for checkpoints (copies). */
  getState(): PopulationAdamState {
    return { m: Float32Array.from(this.m), v: Float32Array.from(this.v), steps: Array.from(this.steps) };
  }

  /** Nothing to free (kept for symmetry with tensor-owning objects). */
  dispose(): void {}
}

/**
 * {@link PopulationAdam}'s rule on the parameters and gradients that live in a
 * {@link SeedMlpKernels}' memory (its `adam`, f32x4 SIMD, bit-identical to `PopulationAdam.step`),
 * so a training step needs no copy: `step(kernels.params, kernels.grad, active)` runs in place.
 * A gradient held elsewhere (e.g. a test's) is copied into `kernels.grad` first; the parameters
 * must be the kernels' own (the population's one copy of the weights).
 */
export class KernelPopulationAdam implements PopulationOptimizer {
  readonly config: AdamConfig;
  private readonly kernels: SeedMlpKernels;

  /** @param kernels created with `options.adam` (the rule and moments live there). */
  constructor(kernels: SeedMlpKernels) {
    if (kernels.adam === null) throw new ShapeError("KernelPopulationAdam: the kernels were created without Adam");
    this.kernels = kernels;
    this.config = kernels.adam.config;
  }

  step(params: Float32Array, grad: ArrayLike<number>, active: readonly boolean[]): { gradNorm: Float64Array; finite: boolean[] } {
    const { kernels } = this;
    if (params !== kernels.params) {
      throw new ShapeError("KernelPopulationAdam.step: params must be the kernels' parameter array (the population's weights)");
    }
    if (grad !== kernels.grad) {
      if (grad.length !== kernels.grad.length) {
        throw new ShapeError(`KernelPopulationAdam.step: grad must have ${kernels.grad.length} elements, got ${grad.length}`);
      }
      kernels.grad.set(grad);
    }
    return kernels.adam!.step(active);
  }

  stepCount(k: number): number {
    return this.kernels.adam!.stepCount(k);
  }

  getState(): PopulationAdamState {
    return this.kernels.adam!.getState();
  }

  /** The kernels' memory goes with the kernels object (garbage-collected). */
  dispose(): void {}
}
