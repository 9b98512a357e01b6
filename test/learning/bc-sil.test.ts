/**
 * Learning test (real, seeded training): PPO+BC and PPO+SIL improve clearly over the untrained
 * policy on the delayed-reward PointMass-v0.
 *
 * Measured (wasm backend, shared 2-core machine, seeds 0–3, 64→32–32 policy, 15 iterations ×
 * 1024 steps, mean undelayed return of the episodes of the last 3 iterations): untrained 0.82;
 * PPO+BC 2.43 (3.48 2.66 0.42 3.15); PPO+SIL 2.41 (3.55 2.63 0.85 2.59). Assertions use about
 * half the measured improvement, and 3 of 4 seeds improved individually.
 */

import assert from "node:assert/strict";
import { test } from "node:test";
import { mean, summarize, trainPointMass } from "./point-mass-runs";

const SEEDS = [0, 1, 2, 3];
const ITERATIONS = 15;

for (const method of ["bc", "sil"] as const) {
  test(`delayed PointMass-v0: PPO+${method.toUpperCase()} improves over the untrained policy`, async () => {
    const run = await trainPointMass(method, SEEDS, ITERATIONS, [32, 32]);
    const { untrained, final } = summarize(run);
    const report = `${method}: untrained ${mean(untrained).toFixed(2)} [${untrained.map((x) => x.toFixed(2))}] → ${mean(final).toFixed(2)} [${final.map((x) => x.toFixed(2))}] (${run.wallSeconds.toFixed(0)} s)`;
    console.log(report);
    assert.ok(mean(final) > mean(untrained) + 0.8, report);
    const improved = final.filter((x, s) => x > untrained[s]!).length;
    assert.ok(improved >= 3, `only ${improved}/4 seeds improved; ${report}`);
  });
}
