/**
 * Box-space helpers (Gymnasium's `Box`): construction with validation, membership, seeded
 * sampling, clipping and action checking.
 *
 * A {@link BoxSpace} is a plain object (`shape`, `low`, `high`), so any env can declare one
 * without a class; these functions operate on it. Elements are in row-major order; the flat size
 * is the product of `shape`.
 */
import { ConfigError, describeValue, EnvError } from "../core/errors";
import type { Rng } from "../core/rng";
import type { BoxSpace } from "./env";

/** Number of elements of a box (product of its shape; 1 for shape `[]`). */
export function boxSize(space: BoxSpace): number {
  let n = 1;
  for (const d of space.shape) n *= d;
  return n;
}

/**
 * Build a box space.
 * @param low lower bounds, one per element, or a scalar broadcast to `shape`.
 * @param high upper bounds, one per element, or a scalar broadcast to `shape`.
 * @param shape dimensions; defaults to `[low.length]` when `low` is an array.
 * @throws ConfigError when the shape is not a list of non-negative integers, the bounds have the
 *   wrong length, a bound is NaN, or `low[i] > high[i]`.
 */
export function makeBox(low: number | ArrayLike<number>, high: number | ArrayLike<number>, shape?: readonly number[]): BoxSpace {
  const dims = shape ?? (typeof low !== "number" ? [low.length] : typeof high !== "number" ? [high.length] : undefined);
  if (dims === undefined) throw new ConfigError("shape", "required when both bounds are scalars");
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ConfigError("shape", `must be a list of non-negative integers, got ${describeValue(dims)}`);
    }
  }
  let n = 1;
  for (const d of dims) n *= d;
  const expand = (name: string, b: number | ArrayLike<number>): Float64Array => {
    if (typeof b === "number") return new Float64Array(n).fill(b);
    if (b.length !== n) throw new ConfigError(name, `has ${b.length} elements, shape ${describeValue(dims)} needs ${n}`);
    return Float64Array.from(b);
  };
  const lo = expand("low", low);
  const hi = expand("high", high);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(lo[i]) || Number.isNaN(hi[i])) throw new ConfigError(`low/high[${i}]`, "bounds must not be NaN");
    if (lo[i]! > hi[i]!) throw new ConfigError(`low/high[${i}]`, `low ${lo[i]} is above high ${hi[i]}`);
  }
  return { shape: [...dims], low: lo, high: hi };
}

/** True when `x` has the box's size and every entry lies in [low, high] (NaN is never contained). */
export function boxContains(space: BoxSpace, x: ArrayLike<number>): boolean {
  const n = space.low.length;
  if (x.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (!(v >= space.low[i]! && v <= space.high[i]!)) return false; // false for NaN too
  }
  return true;
}

/**
 * Draw one element of the box with `rng` (Gymnasium's rule): bounded entries U[low, high];
 * entries unbounded on both sides N(0, 1); entries bounded on one side `bound ± Exp(1)`.
 * @param out optional destination of the box's size (returned); a new `Float64Array` otherwise.
 */
export function sampleBox(space: BoxSpace, rng: Rng, out?: Float64Array): Float64Array {
  const n = space.low.length;
  const result = out ?? new Float64Array(n);
  if (result.length !== n) throw new ConfigError("out", `has ${result.length} elements, the box has ${n}`);
  for (let i = 0; i < n; i++) {
    const lo = space.low[i]!;
    const hi = space.high[i]!;
    const loFinite = Number.isFinite(lo);
    const hiFinite = Number.isFinite(hi);
    if (loFinite && hiFinite) result[i] = lo + (hi - lo) * rng.random();
    else if (!loFinite && !hiFinite) result[i] = rng.normal();
    else {
      const e = -Math.log(1 - rng.random()); // Exp(1)
      result[i] = loFinite ? lo + e : hi - e;
    }
  }
  return result;
}

/**
 * Clip `x` element-wise to the box, writing into `out` (may be `x` itself when it is a
 * Float64Array). Returns `out`.
 */
export function clipToBox(space: BoxSpace, x: ArrayLike<number>, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = space.low.length;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const lo = space.low[i]!;
    const hi = space.high[i]!;
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return out;
}

/**
 * Check an action before it reaches the simulator: right length, every entry finite.
 * Out-of-bounds values are allowed (the paper's semantics send unclipped actions).
 * @param envId used in the message.
 * @throws EnvError naming the env, the length or index received and what is allowed.
 */
export function checkAction(space: BoxSpace, action: ArrayLike<number>, envId: string): void {
  const n = space.low.length;
  if (action === null || typeof action !== "object" || typeof action.length !== "number") {
    throw new EnvError(`${envId}: action must be an array of ${n} numbers, got ${describeValue(action)}`);
  }
  if (action.length !== n) {
    throw new EnvError(`${envId}: action has length ${action.length}, expected ${n} (action space shape [${space.shape.join(", ")}])`);
  }
  for (let i = 0; i < n; i++) {
    const v = action[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new EnvError(`${envId}: action[${i}] is ${describeValue(v)}; every action entry must be a finite number`);
    }
  }
}

/** A short printable form, e.g. `Box(-1, 1, [2])` or `Box([-1, -2], [1, 2], [2])`. */
export function boxToString(space: BoxSpace): string {
  const uniform = (a: Float64Array): string | null => {
    if (a.length === 0) return "[]";
    for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return null;
    return String(a[0]);
  };
  const lo = uniform(space.low) ?? `[${Array.from(space.low).join(", ")}]`;
  const hi = uniform(space.high) ?? `[${Array.from(space.high).join(", ")}]`;
  return `Box(${lo}, ${hi}, [${space.shape.join(", ")}])`;
}
