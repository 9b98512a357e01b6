/**
 * Domain errors. Messages name the argument (or config path), the value received and what is
 * allowed, so that a user can fix the input without reading the source.
 */

/** Invalid configuration or option value. `path` is the dotted field path (e.g. `ppo.clipRange`). */
export class ConfigError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = "ConfigError";
    this.path = path;
  }
}

/** Misuse of an environment (unknown id, bad action, stepping a finished episode, ...). */
export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** A tensor or array has the wrong shape or length. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShapeError";
  }
}

/**
 * Internal invariant. The message is built lazily, only on failure.
 * @throws Error when `condition` is false.
 */
export function assert(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new Error(message());
}

/** Short printable form of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
