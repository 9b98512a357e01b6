/**
 * Learning test (real, seeded training): on the delayed-reward PointMass-v0 (the whole return is
 * paid on the last step), PPO and GASIL+PPO both improve clearly over the untrained policy, and
 * GASIL+PPO ends higher than PPO within the same budget.
 *
 * Measured (wasm backend, shared 2-core machine; 12 seeds 0–11 trained as one population per
 * method; 30 iterations × 1024 steps; score = mean undelayed return of the episodes of the last 3
 * iterations; max 7):
 *   untrained 0.73; PPO 3.66 (2.0 3.7 4.0 3.7 2.9 3.0 3.0 5.0 5.9 4.0 3.9 2.8);
 *   GASIL+PPO 4.21 (4.0 4.0 4.9 4.5 3.6 3.9 3.9 3.6 4.5 4.0 5.6 3.9):
 *   +0.55 on the mean (s.d. of the per-seed differences 1.05), higher on 9 seeds, lower on 2.
 * The same runs continued to 60 iterations kept a gap of +0.4 to +0.55 at every checkpoint
 * (PPO seeds stall at returns 2–3 more often). Another seed set (12–17, earlier discriminator
 * code) gave −0.3, so the effect is modest: the assertions use half the measured gap.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mean, summarize, trainPointMass } from "./point-mass-runs";

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const ITERATIONS = 30;

test("delayed PointMass-v0: PPO and GASIL+PPO improve; GASIL+PPO ends above PPO", async () => {
  const ppo = await trainPointMass("ppo", SEEDS, ITERATIONS, [64, 64]);
  const gasil = await trainPointMass("gasil", SEEDS, ITERATIONS, [64, 64]);
  const p = summarize(ppo);
  const g = summarize(gasil);
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" ");
  const report = `untrained ${mean(p.untrained).toFixed(2)}; PPO ${mean(p.final).toFixed(2)} [${fmt(p.final)}] (${ppo.wallSeconds.toFixed(0)} s); GASIL+PPO ${mean(g.final).toFixed(2)} [${fmt(g.final)}] (${gasil.wallSeconds.toFixed(0)} s)`;
  console.log(report);
  // Same initial policy for both (same seeds, same init stream), so the untrained returns agree.
  assert.deepEqual(p.untrained, g.untrained);
  // Clear improvement over the untrained policy (measured: +2.9 and +3.5).
  assert.ok(mean(p.final) > mean(p.untrained) + 1.5, report);
  assert.ok(mean(g.final) > mean(g.untrained) + 2.0, report);
  // GASIL+PPO above PPO (measured: +0.55 on the mean, higher on 9 of 12 seeds).
  assert.ok(mean(g.final) > mean(p.final) + 0.25, report);
  const wins = g.final.filter((x, s) => x > p.final[s]!).length;
  assert.ok(wins >= 7, `GASIL+PPO higher on only ${wins}/12 seeds; ${report}`);
});
