/**
 * Encoding helpers for JSON-serialisable checkpoints: typed arrays as base64 of their bytes
 * (exact round trip, little-endian as on every platform Node runs on).
 */

/** Base64 of a Float32Array's bytes. */
export function encodeFloat32(data: Float32Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

/** Inverse of {@link encodeFloat32}. */
export function decodeFloat32(text: string): Float32Array {
  const bytes = Buffer.from(text, "base64");
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Base64 of a Float64Array's bytes. */
export function encodeFloat64(data: Float64Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

/** Inverse of {@link encodeFloat64}. */
export function decodeFloat64(text: string): Float64Array {
  const bytes = Buffer.from(text, "base64");
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
