import assert from "node:assert/strict";
import { test } from "node:test";
import { computeGae, discountedReturns } from "../../../src/algos/shared/returns";

const close = (a: ArrayLike<number>, b: number[], tol = 1e-12): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) < tol, `[${i}] ${a[i]} vs ${b[i]}`);
};

// γ = 0.9, λ = 0.8, so γλ = 0.72. Episode ends after step 1; steps 2–3 continue past the batch.
const base = { rewards: [1, 2, 3, 4], values: [0.5, 0.6, 0.7, 0.8], dones: [0, 1, 0, 0], lastValue: 0.9, gamma: 0.9, gaeLambda: 0.8 };

test("GAE (PG.5, PG.6) with a termination: no bootstrap across the end, bootstrap from lastValue at the batch end", () => {
  // Hand-computed:
  // t=3: δ = 4 + 0.9·0.9 − 0.8 = 4.01;               Â = 4.01
  // t=2: δ = 3 + 0.9·0.8 − 0.7 = 3.02;               Â = 3.02 + 0.72·4.01 = 5.9072
  // t=1: δ = 2 + 0 − 0.6 = 1.4 (episode ended);      Â = 1.4
  // t=0: δ = 1 + 0.9·0.6 − 0.5 = 1.04;               Â = 1.04 + 0.72·1.4 = 2.048
  const { advantages, returnTargets } = computeGae(base);
  close(advantages, [2.048, 1.4, 5.9072, 4.01]);
  close(returnTargets, [2.548, 2.0, 6.6072, 4.81]);
});

test("GAE with truncation bootstrapping: V(final obs) enters δ at the cut, recursion still stops", () => {
  // t=1 truncated with V(s_final) = 2: δ = 2 + 0.9·2 − 0.6 = 3.2; t=0: Â = 1.04 + 0.72·3.2 = 3.344
  const { advantages } = computeGae({ ...base, bootstrapValues: [0, 2, 0, 0] });
  close(advantages, [3.344, 3.2, 5.9072, 4.01]);
});

test("GAE with λ = 1 equals discounted return minus value; with λ = 0 equals the TD residual", () => {
  const r = { rewards: [1, 0, 2], values: [0.3, 0.2, 0.1], dones: [0, 0, 1], lastValue: 123, gamma: 0.5 };
  // λ = 1: G = [1 + 0.5·0 + 0.25·2, 0 + 0.5·2, 2] = [1.5, 1, 2]
  close(computeGae({ ...r, gaeLambda: 1 }).advantages, [1.2, 0.8, 1.9]);
  // λ = 0: δ = [1 + 0.5·0.2 − 0.3, 0 + 0.5·0.1 − 0.2, 2 − 0.1]
  close(computeGae({ ...r, gaeLambda: 0 }).advantages, [0.8, -0.15, 1.9]);
});

test("computeGae rejects arrays of different lengths", () => {
  assert.throws(() => computeGae({ ...base, values: [1, 2, 3] }), /one length/);
});

test("discountedReturns: reward-to-go within episodes", () => {
  close(discountedReturns([1, 1, 1, 5, 5], [0, 0, 1, 0, 0], 0.5, 10), [1.75, 1.5, 1, 10, 10]);
});
