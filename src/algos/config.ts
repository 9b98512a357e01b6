/**
 * Typed, validated configuration of training runs: {@link PpoConfig} (shared by all four methods)
 * and {@link TrainConfig} (what a Trainer runs). Defaults and their sources are in
 * docs/paper-protocol.md#ppo-hyperparameters and docs/paper-protocol.md#ppo-details (tags [C] =
 * authors' code, [A] = our choice).
 *
 * Validation happens once at the boundary ({@link resolvePpoConfig}, `resolveTrainConfig` in
 * `trainer.ts`): unknown keys and out-of-range values throw a {@link ConfigError} whose `path` names
 * the field (`ppo.clipRange`) and whose message gives the value received and the allowed range.
 * Method sections (`gasil`, `bc`, `sil`, `survival`) are validated by their method (`methods.ts`);
 * the helpers below are exported for them.
 */
import { ConfigError, describeValue } from "../core/errors";
import { isPlainObject } from "../core/validate";
import type { BcConfig } from "./bc";
import type { GasilConfig } from "./gasil";
import type { SilConfig } from "./sil";
import type { SurvivalConfig } from "./survival";

/** PPO hyperparameters (docs/paper-protocol.md#ppo-hyperparameters). All fields JSON-serialisable. */
export interface PpoConfig {
  /** Env steps per seed per iteration (horizon). [C] 2048. */
  readonly stepsPerRollout: number;
  /** Minibatches per epoch (minibatch = stepsPerRollout / numMinibatches). [C] 32 (→ 64). */
  readonly numMinibatches: number;
  /** Passes over the rollout per iteration (indices reshuffled every epoch). [C] 10. */
  readonly updateEpochs: number;
  /** Discount γ. [C] 0.99. */
  readonly gamma: number;
  /** GAE λ. [C] 0.95. */
  readonly gaeLambda: number;
  /** Clip range ε of the surrogate (PG.8). [C] 0.2, constant. */
  readonly clipRange: number;
  /** Clip range of the value loss (PG.9); `null` = unclipped ½(V − R)². [C] 0.2 (same ε). */
  readonly clipRangeValue: number | null;
  /** Entropy bonus weight. [C] 0 on MuJoCo. */
  readonly entropyCoef: number;
  /** Value-loss weight. [C] 0.5. */
  readonly valueCoef: number;
  /** Per-seed global gradient-norm limit (policy + value together); `null` = no clipping. [C] 0.5. */
  readonly maxGradNorm: number | null;
  /** Adam learning rate, constant. [C] 3e-4. */
  readonly learningRate: number;
  /** Adam ε. [C] 1e-5. */
  readonly adamEpsilon: number;
  /** Adam β₁. [C] 0.9. */
  readonly adamBeta1: number;
  /** Adam β₂. [C] 0.999. */
  readonly adamBeta2: number;
  /** Hidden layer widths of the policy and of the (separate) value MLP, tanh. [C] [64, 64]. */
  readonly hiddenSizes: readonly number[];
  /** Initial log-std of the state-independent Gaussian policy. [C] 0. */
  readonly initLogStd: number;
  /** Running observation normalisation. [C] true. */
  readonly normalizeObservations: boolean;
  /** Clip of normalised observations (±). [C] 10. */
  readonly observationClip: number;
  /** Reward scaling by the std of a running discounted return. [C] true. */
  readonly normalizeRewards: boolean;
  /** Clip of scaled rewards (±). [C] 10. */
  readonly rewardClip: number;
  /**
   * Reset the reward scaler's running return at episode ends. [C] false: the 2018 code never
   * reset it (later baselines do; our option).
   */
  readonly resetReturnOnEpisodeEnd: boolean;
  /** Normalise advantages per minibatch (mean/std of the minibatch, +1e-8). [C] true. */
  readonly normalizeAdvantages: boolean;
  /**
   * Where reward scaling sits relative to the reward delay. `"delay-then-scale"` [A, kit default]:
   * the env delays (its `delay` option), the scaler sees only delayed rewards. `"scale-then-delay"`
   * [C, LIRPG's order]: the env runs undelayed, the scaler's statistics come from the undelayed
   * rewards, and the learner delays the SCALED rewards itself with the same rule and period
   * (docs/paper-protocol.md#q7-delay-and-scaling-order). Methods see the delayed raw reward either way.
   */
  readonly rewardScalingOrder: RewardScalingOrder;
  /**
   * Bootstrap V(final observation) at time-limit truncation. [C] false: the authors' code treats
   * truncation as termination. `true` is our option (Gymnasium semantics), not the paper's.
   */
  readonly bootstrapTruncation: boolean;
}

/** Order of reward scaling and reward delay (see {@link PpoConfig.rewardScalingOrder}). */
export type RewardScalingOrder = "delay-then-scale" | "scale-then-delay";
export const REWARD_SCALING_ORDERS: readonly RewardScalingOrder[] = ["delay-then-scale", "scale-then-delay"];

/** Paper preset (docs/paper-protocol.md#ppo-hyperparameters). */
export const DEFAULT_PPO_CONFIG: PpoConfig = Object.freeze({
  stepsPerRollout: 2048,
  numMinibatches: 32,
  updateEpochs: 10,
  gamma: 0.99,
  gaeLambda: 0.95,
  clipRange: 0.2,
  clipRangeValue: 0.2,
  entropyCoef: 0,
  valueCoef: 0.5,
  maxGradNorm: 0.5,
  learningRate: 3e-4,
  adamEpsilon: 1e-5,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  hiddenSizes: Object.freeze([64, 64]),
  initLogStd: 0,
  normalizeObservations: true,
  observationClip: 10,
  normalizeRewards: true,
  rewardClip: 10,
  resetReturnOnEpisodeEnd: false,
  normalizeAdvantages: true,
  rewardScalingOrder: "delay-then-scale",
  bootstrapTruncation: false,
});

// ---------------------------------------------------------------------------------------------
// Validation helpers (exported for method plugins)

export { isPlainObject };

/**
 * Check that `raw` is an object whose keys are all in `allowed`.
 * @throws ConfigError naming the first unknown key and listing the allowed ones.
 */
export function checkKeys(raw: unknown, path: string, allowed: readonly string[]): Record<string, unknown> {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) throw new ConfigError(path, `must be an object, got ${describeValue(raw)}`);
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(join(path, key), `unknown field; allowed fields: ${allowed.join(", ")}`);
    }
  }
  return raw;
}

/** `a.b` path join. */
export function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** Range of a numeric field. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** Exclude `min` itself. */
  readonly minExclusive?: boolean;
  /** Exclude `max` itself. */
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

function describeRange(r: NumberRange): string {
  const kind = r.integer ? "an integer" : "a number";
  const lo = r.min === undefined ? "" : `${r.minExclusive ? ">" : "≥"} ${r.min}`;
  const hi = r.max === undefined ? "" : `${r.maxExclusive ? "<" : "≤"} ${r.max}`;
  return [kind, lo, hi]
    .filter((s) => s !== "")
    .join(" ")
    .replace(/ (≥|>) (\S+) (≤|<)/, " $1 $2 and $3");
}

/**
 * A number in range, or `fallback` when absent.
 * @throws ConfigError when present but not a finite number in range.
 */
export function readNumber(obj: Record<string, unknown>, key: string, path: string, fallback: number, range: NumberRange = {}): number {
  const value = obj[key];
  if (value === undefined) return fallback;
  const p = join(path, key);
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.min === undefined || (range.minExclusive ? value > range.min : value >= range.min)) &&
    (range.max === undefined || (range.maxExclusive ? value < range.max : value <= range.max));
  if (!ok) throw new ConfigError(p, `got ${describeValue(value)}; allowed: ${describeRange(range)}`);
  return value as number;
}

/** A number in range or `null`, or `fallback` when absent. */
export function readNullableNumber(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  fallback: number | null,
  range: NumberRange = {},
): number | null {
  if (obj[key] === null) return null;
  try {
    return readNumber(obj, key, path, fallback as number, range);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(e.path, `${e.message.slice(e.path.length + 2)} or null`);
    throw e;
  }
}

/** A boolean, or `fallback` when absent. */
export function readBoolean(obj: Record<string, unknown>, key: string, path: string, fallback: boolean): boolean {
  const value = obj[key];
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ConfigError(join(path, key), `got ${describeValue(value)}; allowed: true or false`);
  return value;
}

/** One of `allowed` strings, or `fallback` when absent. */
export function readEnum<T extends string>(obj: Record<string, unknown>, key: string, path: string, fallback: T, allowed: readonly T[]): T {
  const value = obj[key];
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(join(path, key), `got ${describeValue(value)}; allowed: ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
  }
  return value as T;
}

/** A non-empty list of integers in range, or `fallback` when absent. */
export function readIntList(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  fallback: readonly number[],
  range: NumberRange,
): readonly number[] {
  const value = obj[key];
  if (value === undefined) return fallback;
  const p = join(path, key);
  if (!Array.isArray(value) || value.length === 0)
    throw new ConfigError(p, `got ${describeValue(value)}; allowed: a non-empty list of ${describeRange({ ...range, integer: true })}`);
  for (let i = 0; i < value.length; i++)
    readNumber(value as unknown as Record<string, unknown>, String(i), p, 0, { ...range, integer: true });
  return Object.freeze([...(value as number[])]);
}

// ---------------------------------------------------------------------------------------------

const PPO_KEYS = Object.keys(DEFAULT_PPO_CONFIG);

/**
 * Apply defaults to a partial PPO section and validate it.
 * @param raw partial config (`undefined` = all defaults).
 * @param path field path used in errors (default `ppo`).
 * @throws ConfigError naming the field and the allowed range, for unknown keys, wrong types,
 *   out-of-range values, or `stepsPerRollout` not divisible by `numMinibatches`.
 */
export function resolvePpoConfig(raw: unknown, path = "ppo"): PpoConfig {
  const o = checkKeys(raw, path, PPO_KEYS);
  const d = DEFAULT_PPO_CONFIG;
  const stepsPerRollout = readNumber(o, "stepsPerRollout", path, d.stepsPerRollout, { min: 1, integer: true });
  const numMinibatches = readNumber(o, "numMinibatches", path, d.numMinibatches, { min: 1, max: stepsPerRollout, integer: true });
  if (stepsPerRollout % numMinibatches !== 0) {
    throw new ConfigError(
      join(path, "numMinibatches"),
      `got ${numMinibatches}; allowed: a divisor of stepsPerRollout (${stepsPerRollout})`,
    );
  }
  const config: PpoConfig = {
    stepsPerRollout,
    numMinibatches,
    updateEpochs: readNumber(o, "updateEpochs", path, d.updateEpochs, { min: 0, integer: true }),
    gamma: readNumber(o, "gamma", path, d.gamma, { min: 0, max: 1 }),
    gaeLambda: readNumber(o, "gaeLambda", path, d.gaeLambda, { min: 0, max: 1 }),
    clipRange: readNumber(o, "clipRange", path, d.clipRange, { min: 0, minExclusive: true }),
    clipRangeValue: readNullableNumber(o, "clipRangeValue", path, d.clipRangeValue, { min: 0, minExclusive: true }),
    entropyCoef: readNumber(o, "entropyCoef", path, d.entropyCoef, {}),
    valueCoef: readNumber(o, "valueCoef", path, d.valueCoef, { min: 0 }),
    maxGradNorm: readNullableNumber(o, "maxGradNorm", path, d.maxGradNorm, { min: 0, minExclusive: true }),
    learningRate: readNumber(o, "learningRate", path, d.learningRate, { min: 0, minExclusive: true, max: 1 }),
    adamEpsilon: readNumber(o, "adamEpsilon", path, d.adamEpsilon, { min: 0, minExclusive: true, max: 1 }),
    adamBeta1: readNumber(o, "adamBeta1", path, d.adamBeta1, { min: 0, max: 1, maxExclusive: true }),
    adamBeta2: readNumber(o, "adamBeta2", path, d.adamBeta2, { min: 0, max: 1, maxExclusive: true }),
    hiddenSizes: readIntList(o, "hiddenSizes", path, d.hiddenSizes, { min: 1, max: 4096 }),
    initLogStd: readNumber(o, "initLogStd", path, d.initLogStd, { min: -10, max: 10 }),
    normalizeObservations: readBoolean(o, "normalizeObservations", path, d.normalizeObservations),
    observationClip: readNumber(o, "observationClip", path, d.observationClip, { min: 0, minExclusive: true }),
    normalizeRewards: readBoolean(o, "normalizeRewards", path, d.normalizeRewards),
    rewardClip: readNumber(o, "rewardClip", path, d.rewardClip, { min: 0, minExclusive: true }),
    resetReturnOnEpisodeEnd: readBoolean(o, "resetReturnOnEpisodeEnd", path, d.resetReturnOnEpisodeEnd),
    normalizeAdvantages: readBoolean(o, "normalizeAdvantages", path, d.normalizeAdvantages),
    rewardScalingOrder: readEnum(o, "rewardScalingOrder", path, d.rewardScalingOrder, REWARD_SCALING_ORDERS),
    bootstrapTruncation: readBoolean(o, "bootstrapTruncation", path, d.bootstrapTruncation),
  };
  if (config.normalizeAdvantages && config.stepsPerRollout / config.numMinibatches < 2) {
    throw new ConfigError(
      join(path, "numMinibatches"),
      `minibatches of 1 sample cannot be advantage-normalised; allowed: at most ${stepsPerRollout / 2} with normalizeAdvantages`,
    );
  }
  return Object.freeze(config);
}

// ---------------------------------------------------------------------------------------------
// TrainConfig

/** Training methods: Figure 6's four curves and the survival-bonus control (`survival.ts`). */
export const METHOD_NAMES = ["ppo", "gasil", "bc", "sil", "survival"] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** JSON object (e.g. `makeEnv` options). */
export type JsonObject = Readonly<Record<string, unknown>>;

/** What every train config holds, whatever its method. */
export interface TrainConfigBase {
  /** Registered env id, e.g. `Hopper-v4`. */
  readonly envId: string;
  /** `makeEnv` options, e.g. `{ delay: 20 }` (validated by `makeEnv`). */
  readonly envOptions: JsonObject;
  /** Env steps per seed; training runs ⌊totalEnvSteps / stepsPerRollout⌋ iterations. [C] 1e6. */
  readonly totalEnvSteps: number;
  readonly ppo: PpoConfig;
}

/** The config of method `M`, whose own resolved settings are the section named `M`. */
export type TrainConfigWith<M extends MethodName, Section> = TrainConfigBase & { readonly method: M } & { readonly [K in M]: Section };

/**
 * What a Trainer runs (JSON-serialisable; validated by `resolveTrainConfig` in `trainer.ts`):
 * keyed by `method`, each method with its own typed section (plain PPO has none).
 */
export type TrainConfig =
  | (TrainConfigBase & { readonly method: "ppo" })
  | TrainConfigWith<"gasil", GasilConfig>
  | TrainConfigWith<"bc", BcConfig>
  | TrainConfigWith<"sil", SilConfig>
  | TrainConfigWith<"survival", SurvivalConfig>;

/** The resolved section of method `M` (`undefined` for plain PPO). */
export type MethodSection<M extends MethodName> = M extends "ppo"
  ? undefined
  : Extract<TrainConfig, { method: M }> extends { readonly [K in M]: infer Section }
    ? Section
    : never;

/** The section of a config's own method (`undefined` for plain PPO). */
export function methodSection(config: TrainConfig): unknown {
  return config.method === "ppo" ? undefined : (config as unknown as Readonly<Record<string, unknown>>)[config.method];
}

/** Default budget per seed (docs/paper-protocol.md#budget-and-seeds). */
export const DEFAULT_TOTAL_ENV_STEPS = 1_000_000;
