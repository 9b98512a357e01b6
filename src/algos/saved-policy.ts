/**
 * Saved policies: the part of a trained seed that is needed to ACT — the actor (mean MLP and the
 * state-independent log-std), the observation normaliser's statistics, and for GASIL+PPO the
 * discriminator (to show D and the reward bonus along a replay) — as one small JSON object, and a
 * loader that acts with it outside the trainer.
 *
 * Why a separate format rather than the trainer checkpoint: a checkpoint holds the whole learner
 * (value net, Adam moments, buffers, Rng states: megabytes per run) and is deleted when a run
 * finishes; a saved policy is ~30 KB per seed on Hopper, is never deleted, and needs neither
 * TensorFlow.js nor the trainer to be used (only the kit's WebAssembly network kernels).
 *
 * Encoding: float32 network weights as base64 of their little-endian bytes (exactly the values the
 * trainer acted with), the normaliser's float64 mean/variance likewise (exact). Weights are stored
 * in the layout of `actorCriticLayout`: for each layer `w` `[in, out]` row-major then `b` `[out]`,
 * then `logStd` `[actDim]`.
 *
 * {@link LoadedPolicy.mean} runs the same network kernels as the trainer's rollouts
 * (`ActorCriticNets.meanAndValue`; `src/nn/kernels`, whose numbers for a row depend only on that
 * row, the weights and the shapes), so a loaded policy's deterministic action equals the mean the
 * trainer computed for the same observation, bit for bit; {@link LoadedPolicy.discriminatorLogit}
 * likewise equals the logit the trainer's discriminator gives the pair.
 */
import { ConfigError, describeValue, ShapeError } from "../core/errors";
import { decodeFloat32, decodeFloat64, encodeFloat32, encodeFloat64 } from "../core/float-codec";
import type { Rng } from "../core/rng";
import { type KernelNetSet, mlpKernelNets, SeedMlpKernels } from "../nn/kernels";

/** Format tag of a saved policy. */
export const SAVED_POLICY_FORMAT = "gasil-kit-policy/1";

/** The actor part of a {@link SavedPolicy}. */
export interface SavedActor {
  readonly obsDim: number;
  readonly actDim: number;
  /** Hidden layer widths of the mean MLP (tanh). */
  readonly hiddenSizes: readonly number[];
  /** Mean MLP blocks then logStd, float32, base64 (see the module comment for the order). */
  readonly weights: string;
}

/** Observation normaliser statistics: o ↦ clip((o − mean)/√(var + epsilon), ±clip). */
export interface SavedObsNormalizer {
  /** float64 `[obsDim]`, base64. */
  readonly mean: string;
  /** float64 `[obsDim]`, base64. */
  readonly var: string;
  readonly count: number;
  readonly clip: number;
  readonly epsilon: number;
}

/** GASIL's discriminator D = σ(ℓ(concat(normalised obs, action))) of one seed. */
export interface SavedDiscriminator {
  /** Hidden layer widths (tanh); input obsDim + actDim, one logit out. */
  readonly hiddenSizes: readonly number[];
  /** float32 blocks w0, b0, w1, b1, … (`[in, out]` row-major), base64. */
  readonly weights: string;
  /** α of (GASIL.6): the bonus is α·(−log D), or −log D itself when `"inf"`. */
  readonly alpha: number | "inf";
}

/** A saved policy (JSON). Extra fields written by other layers (e.g. `runId`) are allowed. */
export interface SavedPolicy {
  readonly format: typeof SAVED_POLICY_FORMAT;
  readonly envId: string;
  /** makeEnv options the policy was trained with (delay included). */
  readonly envOptions: Readonly<Record<string, unknown>>;
  readonly method: string;
  readonly seed: number;
  /** Training iterations completed when saved. */
  readonly iteration: number;
  /** Environment steps of this seed when saved. */
  readonly envSteps: number;
  readonly actor: SavedActor;
  /** null when the policy was trained without observation normalisation. */
  readonly obsNormalizer: SavedObsNormalizer | null;
  /** Present for GASIL+PPO. */
  readonly discriminator?: SavedDiscriminator;
}

/** Number of float32 values of an MLP `[inDim, ...hidden, outDim]` (weights + biases). */
export function mlpParamCount(inDim: number, hiddenSizes: readonly number[], outDim: number): number {
  const sizes = [inDim, ...hiddenSizes, outDim];
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
  return n;
}

/** What {@link buildSavedPolicy} needs (all read-only views of the trainer's state). */
export interface SavedPolicyParts {
  readonly envId: string;
  readonly envOptions: Readonly<Record<string, unknown>>;
  readonly method: string;
  readonly seed: number;
  readonly iteration: number;
  readonly envSteps: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly hiddenSizes: readonly number[];
  /** The seed's mean-MLP parameters followed by its log-std (copied). */
  readonly actorWeights: Float32Array;
  readonly obsNormalizer: { mean: Float64Array; var: Float64Array; count: number; clip: number; epsilon: number } | null;
  readonly discriminator?: { hiddenSizes: readonly number[]; weights: Float32Array; alpha: number | "inf" };
}

/**
 * Assemble a {@link SavedPolicy} from the parts of one seed.
 * @throws ShapeError when an array does not fit the sizes.
 */
export function buildSavedPolicy(parts: SavedPolicyParts): SavedPolicy {
  const want = mlpParamCount(parts.obsDim, parts.hiddenSizes, parts.actDim) + parts.actDim;
  if (parts.actorWeights.length !== want)
    throw new ShapeError(`buildSavedPolicy: ${parts.actorWeights.length} actor weights, expected ${want}`);
  const norm = parts.obsNormalizer;
  if (norm !== null && (norm.mean.length !== parts.obsDim || norm.var.length !== parts.obsDim)) {
    throw new ShapeError(`buildSavedPolicy: normaliser has ${norm.mean.length}/${norm.var.length} entries, obsDim is ${parts.obsDim}`);
  }
  const disc = parts.discriminator;
  if (disc !== undefined && disc.weights.length !== mlpParamCount(parts.obsDim + parts.actDim, disc.hiddenSizes, 1)) {
    throw new ShapeError(
      `buildSavedPolicy: ${disc.weights.length} discriminator weights do not fit hidden sizes [${disc.hiddenSizes.join(", ")}]`,
    );
  }
  return {
    format: SAVED_POLICY_FORMAT,
    envId: parts.envId,
    envOptions: JSON.parse(JSON.stringify(parts.envOptions)) as Record<string, unknown>,
    method: parts.method,
    seed: parts.seed,
    iteration: parts.iteration,
    envSteps: parts.envSteps,
    actor: { obsDim: parts.obsDim, actDim: parts.actDim, hiddenSizes: [...parts.hiddenSizes], weights: encodeFloat32(parts.actorWeights) },
    obsNormalizer:
      norm === null
        ? null
        : { mean: encodeFloat64(norm.mean), var: encodeFloat64(norm.var), count: norm.count, clip: norm.clip, epsilon: norm.epsilon },
    ...(disc !== undefined
      ? { discriminator: { hiddenSizes: [...disc.hiddenSizes], weights: encodeFloat32(disc.weights), alpha: disc.alpha } }
      : {}),
  };
}

/**
 * One seed's MLP `inDim → hidden… → outDim` on the network kernels (batch 1), weights copied in:
 * blocks w0, b0, w1, b1, … from offset 0 of a row of `rowLength` values (extra trailing values,
 * e.g. the actor's log-std, are not read).
 */
function oneSeedMlp(inDim: number, hiddenSizes: readonly number[], outDim: number, weights: Float32Array): SeedMlpKernels {
  const net = mlpKernelNets(inDim, hiddenSizes, outDim);
  const set: KernelNetSet = { nets: net.nets, numParams: weights.length, inputDim: inDim };
  const kernels = SeedMlpKernels.create(set, 1, 1);
  kernels.params.set(weights);
  return kernels;
}

function requireInt(path: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min)
    throw new ConfigError(path, `got ${describeValue(value)}; allowed: an integer ≥ ${min}`);
  return value;
}

function requireIntList(path: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw new ConfigError(path, `got ${describeValue(value)}; allowed: a list of integers ≥ 1`);
  return value.map((v, i) => requireInt(`${path}[${i}]`, v, 1));
}

function decodeExact32(path: string, text: unknown, count: number): Float32Array {
  if (typeof text !== "string") throw new ConfigError(path, `got ${describeValue(text)}; allowed: base64 of ${count} float32 values`);
  const bytes = Buffer.byteLength(text, "base64");
  if (bytes !== count * 4)
    throw new ShapeError(`${path}: holds ${bytes} bytes, the sizes need ${count} float32 values (${count * 4} bytes)`);
  const out = decodeFloat32(text);
  if (out.length !== count) throw new ShapeError(`${path}: holds ${out.length} float32 values, the sizes need ${count}`);
  return out;
}

function decodeExact64(path: string, text: unknown, count: number): Float64Array {
  if (typeof text !== "string") throw new ConfigError(path, `got ${describeValue(text)}; allowed: base64 of ${count} float64 values`);
  const bytes = Buffer.byteLength(text, "base64");
  if (bytes !== count * 8) throw new ShapeError(`${path}: holds ${bytes} bytes, obsDim needs ${count} float64 values (${count * 8} bytes)`);
  const out = decodeFloat64(text);
  if (out.length !== count) throw new ShapeError(`${path}: holds ${out.length} float64 values, obsDim needs ${count}`);
  return out;
}

/** Options of {@link LoadedPolicy.act}. */
export interface ActOptions {
  /** true: the mean action; false: mean + σ·N(0, I) with `rng` (required then). Default true. */
  readonly deterministic?: boolean;
  readonly rng?: Rng;
}

/**
 * A policy loaded from a {@link SavedPolicy}: acts on RAW observations (it normalises them itself
 * with the saved, frozen statistics) and, for GASIL, evaluates the discriminator.
 */
export class LoadedPolicy {
  readonly saved: SavedPolicy;
  readonly obsDim: number;
  readonly actDim: number;
  /** exp(logStd) per action dimension. */
  readonly std: Float64Array;
  /** The mean MLP (its input is the float32 normalised observation, as in the trainer). */
  private readonly actor: SeedMlpKernels;
  private readonly normMean: Float64Array | null;
  private readonly normInvStd: Float64Array | null;
  private readonly normClip: number;
  /** The discriminator's MLP on concat(normalised observation, action), one logit. */
  private readonly disc: SeedMlpKernels | null;
  private readonly normBuf: Float64Array;

  /** @throws ConfigError / ShapeError naming the field when `saved` is not a valid saved policy. */
  constructor(saved: SavedPolicy) {
    if (typeof saved !== "object" || saved === null || saved.format !== SAVED_POLICY_FORMAT) {
      throw new ConfigError(
        "format",
        `got ${describeValue((saved as { format?: unknown } | null)?.format)}; allowed: ${JSON.stringify(SAVED_POLICY_FORMAT)} (a file written by a sweep's policy saving)`,
      );
    }
    const a = saved.actor;
    if (typeof a !== "object" || a === null)
      throw new ConfigError("actor", `got ${describeValue(a)}; allowed: an object with obsDim, actDim, hiddenSizes, weights`);
    this.saved = saved;
    this.obsDim = requireInt("actor.obsDim", a.obsDim, 1);
    this.actDim = requireInt("actor.actDim", a.actDim, 1);
    const hidden = requireIntList("actor.hiddenSizes", a.hiddenSizes);
    const nMlp = mlpParamCount(this.obsDim, hidden, this.actDim);
    const actorW = decodeExact32("actor.weights", a.weights, nMlp + this.actDim);
    this.actor = oneSeedMlp(this.obsDim, hidden, this.actDim, actorW);
    this.std = new Float64Array(this.actDim);
    for (let j = 0; j < this.actDim; j++) this.std[j] = Math.exp(actorW[nMlp + j]!);
    const n = saved.obsNormalizer;
    if (n === null || n === undefined) {
      this.normMean = null;
      this.normInvStd = null;
      this.normClip = Infinity;
    } else {
      this.normMean = decodeExact64("obsNormalizer.mean", n.mean, this.obsDim);
      const v = decodeExact64("obsNormalizer.var", n.var, this.obsDim);
      if (!(typeof n.epsilon === "number" && n.epsilon > 0))
        throw new ConfigError("obsNormalizer.epsilon", `got ${describeValue(n.epsilon)}; allowed: a number > 0`);
      if (!(typeof n.clip === "number" && n.clip > 0))
        throw new ConfigError("obsNormalizer.clip", `got ${describeValue(n.clip)}; allowed: a number > 0`);
      // Same expression as ObservationNormalizer.normalize (1/√(var + ε)), so values match exactly.
      this.normInvStd = v.map((x) => 1 / Math.sqrt(x + n.epsilon));
      this.normClip = n.clip;
    }
    const d = saved.discriminator;
    if (d !== undefined && d !== null) {
      const dh = requireIntList("discriminator.hiddenSizes", d.hiddenSizes);
      const inDim = this.obsDim + this.actDim;
      const discW = decodeExact32("discriminator.weights", d.weights, mlpParamCount(inDim, dh, 1));
      if (!(d.alpha === "inf" || (typeof d.alpha === "number" && d.alpha >= 0)))
        throw new ConfigError("discriminator.alpha", `got ${describeValue(d.alpha)}; allowed: a number ≥ 0 or "inf"`);
      this.disc = oneSeedMlp(inDim, dh, 1, discW);
    } else {
      this.disc = null;
    }
    this.normBuf = new Float64Array(this.obsDim);
  }

  /** True when the saved policy carries GASIL's discriminator. */
  get hasDiscriminator(): boolean {
    return this.disc !== null;
  }

  private checkObs(obs: ArrayLike<number>): void {
    if (obs.length !== this.obsDim)
      throw new ShapeError(
        `LoadedPolicy: observation has ${obs.length} values, the policy expects obsDim = ${this.obsDim} (${this.saved.envId})`,
      );
  }

  /**
   * The normalised observation the network sees (saved statistics, no update).
   * @param out destination (default: a new array).
   */
  normalize(obs: ArrayLike<number>, out: Float64Array = new Float64Array(this.obsDim)): Float64Array {
    this.checkObs(obs);
    if (this.normMean === null || this.normInvStd === null) {
      for (let i = 0; i < this.obsDim; i++) out[i] = obs[i]!;
      return out;
    }
    const clip = this.normClip;
    for (let i = 0; i < this.obsDim; i++) {
      const z = (obs[i]! - this.normMean[i]!) * this.normInvStd[i]!;
      out[i] = z < -clip ? -clip : z > clip ? clip : z;
    }
    return out;
  }

  /** The action mean μ(o) for a raw observation. */
  mean(obs: ArrayLike<number>, out: Float64Array = new Float64Array(this.actDim)): Float64Array {
    // The trainer feeds float32 normalised observations: the kernels' input rounds the same way.
    const x = this.normalize(obs, this.normBuf);
    this.actor.input.set(x);
    this.actor.forward(1);
    for (let j = 0; j < this.actDim; j++) out[j] = this.actor.outputs[0]![j]!;
    return out;
  }

  /**
   * An action for a raw observation: the mean, or a sample mean + σ·ε (ε ~ N(0, I) from `rng`),
   * rounded to float32 like the trainer's stored actions.
   * @throws ConfigError when sampling without an `rng`.
   */
  act(obs: ArrayLike<number>, options: ActOptions = {}): Float64Array {
    const out = this.mean(obs);
    if (options.deterministic ?? true) return out;
    const rng = options.rng;
    if (rng === undefined)
      throw new ConfigError("rng", "required when deterministic is false (sampled actions); pass e.g. Rng.fromSeed(0)");
    for (let j = 0; j < this.actDim; j++) out[j] = Math.fround(out[j]! + this.std[j]! * rng.normal());
    return out;
  }

  /**
   * GASIL's discriminator logit ℓ(o, a) for a raw observation and an action; D = σ(ℓ),
   * −log D = softplus(−ℓ).
   * @throws Error when the saved policy has no discriminator (only GASIL+PPO runs save one).
   */
  discriminatorLogit(obs: ArrayLike<number>, action: ArrayLike<number>): number {
    const disc = this.disc;
    if (disc === null)
      throw new Error(`LoadedPolicy: this ${this.saved.method} policy carries no discriminator (only GASIL+PPO policies do)`);
    if (action.length !== this.actDim)
      throw new ShapeError(`LoadedPolicy: action has ${action.length} values, expected actDim = ${this.actDim}`);
    // As the trainer's discriminator sees the pair: float32 normalised observation ⧺ action.
    this.normalize(obs, this.normBuf);
    disc.input.set(this.normBuf);
    for (let j = 0; j < this.actDim; j++) disc.input[this.obsDim + j] = action[j]!;
    disc.forward(1);
    return disc.outputs[0]![0]!;
  }

  /** α of the saved GASIL run, or null without a discriminator. */
  get gasilAlpha(): number | "inf" | null {
    return this.saved.discriminator?.alpha ?? null;
  }
}

/**
 * Load a saved policy from its JSON object (e.g. `readRunPolicy(...)` of `gasil-kit/experiments`)
 * or its text. The object is validated field by field.
 * @throws ConfigError / ShapeError naming the bad field.
 */
export function loadPolicy(saved: SavedPolicy | Readonly<Record<string, unknown>> | string): LoadedPolicy {
  const obj = typeof saved === "string" ? (JSON.parse(saved) as unknown) : saved;
  return new LoadedPolicy(obj as SavedPolicy);
}
