/**
 * Validation of env option objects (task keyword options and the generic `makeEnv` options).
 * Every failure is a {@link ConfigError} whose path is the option name and whose message gives
 * the value received and what is allowed.
 */
import { ConfigError, describeValue } from "../core/errors";
import { isPlainObject } from "../core/validate";

/** Constraints of one numeric option. */
export interface NumberOptionSpec {
  /** Value used when the option is absent (or `undefined`). */
  readonly default: number;
  /** Inclusive lower bound (default −Infinity). */
  readonly min?: number;
  /** Inclusive upper bound (default +Infinity). */
  readonly max?: number;
  /** Require an integer. */
  readonly integer?: boolean;
  /** Allow ±Infinity (NaN is never allowed). Default false. */
  readonly allowInfinite?: boolean;
}

/**
 * Reject keys of `options` that are not in `allowed`.
 * @param context e.g. `"PointMass-v0"`, used in the message.
 * @throws ConfigError naming the unknown key and listing the allowed ones.
 */
export function checkOptionKeys(options: Readonly<Record<string, unknown>>, allowed: readonly string[], context: string): void {
  if (!isPlainObject(options)) {
    throw new ConfigError("options", `${context}: options must be a plain object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      const list = allowed.length > 0 ? allowed.join(", ") : "(none)";
      throw new ConfigError(key, `unknown option for ${context}; allowed options: ${list}`);
    }
  }
}

function rangeText(spec: NumberOptionSpec): string {
  const lo = spec.min ?? -Infinity;
  const hi = spec.max ?? Infinity;
  const kind = spec.integer ? "an integer" : spec.allowInfinite ? "a number" : "a finite number";
  if (lo === -Infinity && hi === Infinity) return kind;
  if (hi === Infinity) return `${kind} ≥ ${lo}`;
  if (lo === -Infinity) return `${kind} ≤ ${hi}`;
  return `${kind} in [${lo}, ${hi}]`;
}

/**
 * Read a numeric option.
 * @throws ConfigError `name: got <value>; allowed: <range>` when the value is not a number in range.
 */
export function readNumberOption(options: Readonly<Record<string, unknown>>, name: string, spec: NumberOptionSpec): number {
  const value = options[name];
  if (value === undefined) return spec.default;
  const ok =
    typeof value === "number" &&
    !Number.isNaN(value) &&
    (spec.allowInfinite || Number.isFinite(value)) &&
    (!spec.integer || Number.isInteger(value)) &&
    value >= (spec.min ?? -Infinity) &&
    value <= (spec.max ?? Infinity);
  if (!ok) throw new ConfigError(name, `got ${describeValue(value)}; allowed: ${rangeText(spec)}`);
  return value;
}

/**
 * Read a boolean option.
 * @throws ConfigError when the value is present and not a boolean.
 */
export function readBooleanOption(options: Readonly<Record<string, unknown>>, name: string, defaultValue: boolean): boolean {
  const value = options[name];
  if (value === undefined) return defaultValue;
  if (typeof value !== "boolean") throw new ConfigError(name, `got ${describeValue(value)}; allowed: true or false`);
  return value;
}
