/**
 * Weight initialisation from the kit's seeded {@link Rng} (never tfjs's random ops).
 *
 * Orthogonal initialisation as in the authors' code lineage (baselines `ortho_init`;
 * docs/paper-protocol.md#ppo-hyperparameters): draw a Gaussian matrix, orthonormalise it, scale by a gain. Hidden layers use gain √2,
 * the policy-mean output layer 0.01, the value output layer 1.0; biases are 0.
 */
import type { Rng } from "../core/rng";

/**
 * A `[rows, cols]` matrix (row-major, Float64) with orthonormal columns (rows ≥ cols) or orthonormal
 * rows (rows < cols), scaled by `gain`.
 *
 * Method: Gaussian matrix from `rng`, then modified Gram–Schmidt on the shorter side. This is QR
 * with positive-diagonal R, which gives a Haar-distributed orthogonal factor (the same distribution
 * as the SVD factor used by baselines' `ortho_init`, not the same numbers).
 * @param rng consumed: `rows * cols` normal draws, in row-major order.
 */
export function orthogonalMatrix(rng: Rng, rows: number, cols: number, gain: number): Float64Array {
  const a = new Float64Array(rows * cols);
  rng.fillNormal(a);
  // Work on vectors along the longer dimension: columns when rows >= cols, else rows.
  const byColumns = rows >= cols;
  const count = byColumns ? cols : rows;
  const length = byColumns ? rows : cols;
  const at = (v: number, i: number): number => (byColumns ? i * cols + v : v * cols + i);
  for (let v = 0; v < count; v++) {
    for (let u = 0; u < v; u++) {
      let dot = 0;
      for (let i = 0; i < length; i++) dot += a[at(u, i)] * a[at(v, i)];
      for (let i = 0; i < length; i++) a[at(v, i)] -= dot * a[at(u, i)];
    }
    let norm = 0;
    for (let i = 0; i < length; i++) norm += a[at(v, i)] ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < length; i++) a[at(v, i)] /= norm;
  }
  for (let i = 0; i < a.length; i++) a[i] *= gain;
  return a;
}
