import assert from "node:assert/strict";
import { test } from "node:test";
import { ShapeError } from "../../../src/core/errors";
import { decodeFloat32, decodeFloat64, encodeFloat32, encodeFloat64, encodeFloats } from "../../../src/core/float-codec";

test("float32 and float64 round trips are exact: −0, subnormals, infinities, extremes", () => {
  const f32 = new Float32Array([1.5, -0, 1.4e-45, -3.4028234663852886e38, Infinity, -Infinity]);
  const back32 = decodeFloat32(encodeFloat32(f32));
  assert.deepEqual(back32, f32);
  assert.ok(Object.is(back32[1], -0));
  const f64 = new Float64Array([Math.PI, -0, Number.MIN_VALUE, Number.MAX_VALUE, 0.1 + 0.2]);
  assert.deepEqual(decodeFloat64(encodeFloat64(f64)), f64);
  assert.equal(decodeFloat64(encodeFloats(f64), 5).length, 5);
});

test("a view encodes only its own range", () => {
  const all = new Float32Array([1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(decodeFloat32(encodeFloat32(all.subarray(1, 3)))), [2, 3]);
});

test("byte counts that do not fit are ShapeErrors, not silently truncated arrays", () => {
  const text = encodeFloat32(new Float32Array([1, 2, 3]));
  assert.throws(
    () => decodeFloat32(text, 4),
    (e: unknown) => e instanceof ShapeError && /12 bytes, expected 4 values \(16 bytes\)/.test(e.message),
  );
  assert.throws(
    () => decodeFloat64(text),
    (e: unknown) => e instanceof ShapeError && /expected a multiple of 8 bytes/.test(e.message),
  );
  assert.equal(decodeFloat32(text, 3).length, 3);
});
