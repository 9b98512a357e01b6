/**
 * Float arrays as base64 text, for JSON checkpoints and saved policies: the bytes of the array
 * as they are in memory (little-endian on every platform Node runs on), so a round trip is exact,
 * −0, subnormals and NaN payloads included.
 */
import { ShapeError } from "./errors";

/** Base64 of the array's bytes (only the view's own range). */
export function encodeFloats(data: Float32Array | Float64Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

/** {@link encodeFloats} for float32 data. */
export const encodeFloat32: (data: Float32Array) => string = encodeFloats;
/** {@link encodeFloats} for float64 data. */
export const encodeFloat64: (data: Float64Array) => string = encodeFloats;

function decode<T extends Float32Array | Float64Array>(
  text: string,
  make: (n: number) => T,
  bytesPerValue: number,
  expectedCount: number | undefined,
): T {
  const bytes = Buffer.from(text, "base64");
  if (bytes.byteLength % bytesPerValue !== 0 || (expectedCount !== undefined && bytes.byteLength !== expectedCount * bytesPerValue)) {
    const wanted =
      expectedCount !== undefined
        ? `${expectedCount} values (${expectedCount * bytesPerValue} bytes)`
        : `a multiple of ${bytesPerValue} bytes`;
    throw new ShapeError(`base64 float${8 * bytesPerValue} data: ${bytes.byteLength} bytes, expected ${wanted}`);
  }
  const out = make(bytes.byteLength / bytesPerValue);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/**
 * Inverse of {@link encodeFloats} for float32 data.
 * @param expectedCount when given, the exact number of values the text must hold.
 * @throws ShapeError when the byte count does not fit.
 */
export function decodeFloat32(text: string, expectedCount?: number): Float32Array {
  return decode(text, (n) => new Float32Array(n), 4, expectedCount);
}

/** Inverse of {@link encodeFloats} for float64 data; see {@link decodeFloat32}. */
export function decodeFloat64(text: string, expectedCount?: number): Float64Array {
  return decode(text, (n) => new Float64Array(n), 8, expectedCount);
}
