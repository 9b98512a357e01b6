import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../../src/core/rng";
import { orthogonalMatrix } from "../../../src/nn/init";

function gram(a: Float64Array, rows: number, cols: number, byColumns: boolean): number[][] {
  const n = byColumns ? cols : rows;
  const len = byColumns ? rows : cols;
  const at = (v: number, i: number): number => (byColumns ? a[i * cols + v] : a[v * cols + i]);
  const g: number[][] = [];
  for (let u = 0; u < n; u++) {
    g.push([]);
    for (let v = 0; v < n; v++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += at(u, i) * at(v, i);
      g[u].push(s);
    }
  }
  return g;
}

test("orthogonalMatrix: columns (tall) or rows (wide) are orthogonal with norm = gain", () => {
  for (const [rows, cols, gain] of [
    [11, 64, Math.SQRT2],
    [64, 64, Math.SQRT2],
    [64, 3, 0.01],
    [64, 1, 1],
  ] as const) {
    const a = orthogonalMatrix(Rng.fromSeed(3), rows, cols, gain);
    const g = gram(a, rows, cols, rows >= cols);
    for (let u = 0; u < g.length; u++) {
      for (let v = 0; v < g.length; v++) {
        const expected = u === v ? gain * gain : 0;
        assert.ok(Math.abs(g[u][v] - expected) < 1e-9 * Math.max(1, gain * gain), `${rows}x${cols} gram[${u}][${v}] = ${g[u][v]}`);
      }
    }
  }
});

test("orthogonalMatrix: deterministic per Rng state, different across seeds", () => {
  const a = orthogonalMatrix(Rng.fromSeed(5), 8, 4, 1);
  const b = orthogonalMatrix(Rng.fromSeed(5), 8, 4, 1);
  const c = orthogonalMatrix(Rng.fromSeed(6), 8, 4, 1);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});
