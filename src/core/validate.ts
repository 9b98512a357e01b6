/**
 * Shape checks shared by every validator at the library's boundary (env options, training
 * configs, sweep configs, checkpoints), so that "is this a config object?" has one answer.
 */

/** A plain object: not null, not an array (JSON's `{…}`). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
