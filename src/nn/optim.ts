/**
 * Adam for a population of seeds whose parameters are one flat `[S, P]` tensor, with per-seed
 * global-norm gradient clipping.
 *
 * Adam is elementwise, so Adam on the stacked tensor is exactly per-seed Adam. The step count `t`
 * (bias correction) is kept per seed, because auxiliary updates (SIL, BC) may step only some seeds.
 * Update rule (TF1 `AdamOptimizer`, as the authors' code ran it; ε outside the square root,
 * bias correction folded into the step size):
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε)
 * Clipping (TF `clip_by_global_norm`, per seed): g ← g · c / max(‖g‖, c), ‖g‖ over ALL parameters of
 * the seed (policy and value together, fact sheet §3.1).
 * A seed whose gradient norm is not finite is not updated (parameters and moments kept); the
 * returned `finite` mask lets the caller mark it dead.
 */
import * as tf from "@tensorflow/tfjs";
import { ShapeError } from "../core/errors";

/** Adam hyperparameters (fact sheet §3.1: lr 3e-4, β₁ 0.9, β₂ 0.999, ε 1e-5, clip 0.5). */
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

/** Result of one optimiser step. */
export interface AdamStepResult {
  /** New parameters `[S, P]` (the caller owns it; the old tensor is NOT disposed). */
  readonly theta: tf.Tensor2D;
  /** Per-seed gradient norm before clipping, `[S]` (caller owns). */
  readonly gradNorm: tf.Tensor1D;
  /** Per-seed flag (bool `[S]`): the gradient was finite (caller owns). */
  readonly finite: tf.Tensor1D;
}

/**
 * Per-seed global gradient-norm clipping (TF `clip_by_global_norm` on each row).
 * @param grad `[S, P]`
 * @returns clipped gradient `[S, P]` and the norms `[S]` before clipping.
 */
export function clipByGlobalNormPerSeed(grad: tf.Tensor2D, maxNorm: number): { clipped: tf.Tensor2D; norm: tf.Tensor1D } {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.sum(tf.square(grad), 1)) as tf.Tensor1D;
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm)).reshape([-1, 1]);
    return { clipped: tf.mul(grad, scale) as tf.Tensor2D, norm };
  });
}

/** Adam over a `[S, P]` parameter tensor; moments live in tensors owned by this object. */
export class PopulationAdam {
  readonly config: AdamConfig;
  readonly numSeeds: number;
  readonly numParams: number;
  private m: tf.Tensor2D;
  private v: tf.Tensor2D;
  private readonly steps: Float64Array;

  constructor(config: AdamConfig, numSeeds: number, numParams: number, state?: PopulationAdamState) {
    this.config = config;
    this.numSeeds = numSeeds;
    this.numParams = numParams;
    if (state !== undefined) {
      const n = numSeeds * numParams;
      if (state.m.length !== n || state.v.length !== n || state.steps.length !== numSeeds) {
        throw new ShapeError(`PopulationAdam: state must hold ${numSeeds}×${numParams} moments and ${numSeeds} step counts`);
      }
      this.m = tf.tensor2d(state.m, [numSeeds, numParams]);
      this.v = tf.tensor2d(state.v, [numSeeds, numParams]);
      this.steps = Float64Array.from(state.steps);
    } else {
      this.m = tf.zeros([numSeeds, numParams]);
      this.v = tf.zeros([numSeeds, numParams]);
      this.steps = new Float64Array(numSeeds);
    }
  }

  /** Number of Adam steps taken so far by seed `k`. */
  stepCount(k: number): number {
    return this.steps[k];
  }

  /**
   * One Adam step on the seeds with `active[k]` true (others unchanged, their step count too).
   * @param theta `[S, P]` current parameters (not disposed).
   * @param grad `[S, P]` gradient of the loss (not disposed).
   */
  step(theta: tf.Tensor2D, grad: tf.Tensor2D, active: readonly boolean[]): AdamStepResult {
    const { learningRate, beta1, beta2, epsilon, maxGradNorm } = this.config;
    const S = this.numSeeds;
    const lrT = new Float32Array(S);
    const activeMask = new Uint8Array(S); // stored as 0/1 for a bool tensor
    for (let k = 0; k < S; k++) {
      if (!active[k]) continue;
      activeMask[k] = 1;
      const t = this.steps[k] + 1;
      this.steps[k] = t;
      lrT[k] = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    }
    const oldM = this.m;
    const oldV = this.v;
    const out = tf.tidy(() => {
      const norm = tf.sqrt(tf.sum(tf.square(grad), 1)) as tf.Tensor1D;
      const finite = tf.isFinite(norm) as tf.Tensor1D;
      const g = maxGradNorm === null ? grad : tf.mul(grad, tf.div(maxGradNorm, tf.maximum(norm, maxGradNorm)).reshape([S, 1]));
      const m = tf.add(tf.mul(oldM, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(oldV, beta2), tf.mul(tf.square(g), 1 - beta2));
      const update = tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon)), tf.tensor2d(lrT, [S, 1]));
      const apply = tf.logicalAnd(tf.tensor1d(activeMask, "bool"), finite).reshape([S, 1]);
      return {
        theta: tf.where(apply, tf.sub(theta, update), theta) as tf.Tensor2D,
        m: tf.where(apply, m, oldM) as tf.Tensor2D,
        v: tf.where(apply, v, oldV) as tf.Tensor2D,
        gradNorm: norm,
        finite,
      };
    });
    oldM.dispose();
    oldV.dispose();
    this.m = out.m;
    this.v = out.v;
    return { theta: out.theta, gradNorm: out.gradNorm, finite: out.finite };
  }

  /** Snapshot for checkpoints. */
  getState(): PopulationAdamState {
    return { m: this.m.dataSync() as Float32Array, v: this.v.dataSync() as Float32Array, steps: Array.from(this.steps) };
  }

  /** Free the moment tensors. */
  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
