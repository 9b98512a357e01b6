import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/rng";
import {
  alphaSweep,
  compareSelfImitation,
  runSelfImitationDemo,
  SELF_IMITATION_DEMO_DEFAULTS,
  summarizeComparison,
} from "../../../src/theory/self-imitation-demo";

test("GASIL+PG beats plain PG on the delayed combination lock (seeded, 6 seeds)", () => {
  const c = compareSelfImitation(SELF_IMITATION_DEMO_DEFAULTS, 6, Rng.fromSeed(21));
  const last = (r: { expectedReturn: number[] }) => r.expectedReturn[r.expectedReturn.length - 1]!;
  const wins = c.gasil.filter((g, i) => last(g) > last(c.plain[i]!)).length;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(wins >= 5, `wins ${wins}/6`);
  assert.ok(mean(c.gasil.map(last)) > mean(c.plain.map(last)) + 1);
  // both learn: better than the uniform policy's horizon / numActions
  assert.ok(mean(c.plain.map(last)) > SELF_IMITATION_DEMO_DEFAULTS.horizon / SELF_IMITATION_DEMO_DEFAULTS.numActions);
});

test("deterministic for a seed; options validated", () => {
  const opts = { ...SELF_IMITATION_DEMO_DEFAULTS, iterations: 5 };
  const a = runSelfImitationDemo(opts, Rng.fromSeed(1), Rng.fromSeed(2));
  const b = runSelfImitationDemo(opts, Rng.fromSeed(1), Rng.fromSeed(2));
  assert.deepEqual(a, b);
  assert.throws(
    () => runSelfImitationDemo({ ...opts, horizon: 0 }, Rng.fromSeed(1), Rng.fromSeed(2)),
    (e: unknown) => e instanceof ConfigError && e.path === "horizon",
  );
  assert.throws(() => runSelfImitationDemo({ ...opts, alpha: -1 }, Rng.fromSeed(1), Rng.fromSeed(2)), ConfigError);
});

test("summarizeComparison counts wins and averages curves", () => {
  const s = summarizeComparison({
    plain: [
      { expectedReturn: [1, 2], batchReturn: [] },
      { expectedReturn: [1, 4], batchReturn: [] },
    ],
    gasil: [
      { expectedReturn: [2, 3], batchReturn: [] },
      { expectedReturn: [0, 4], batchReturn: [] },
    ],
  });
  assert.equal(s.wins, 1);
  assert.deepEqual(s.curvePlain, [1, 3]);
  assert.deepEqual(s.curveGasil, [1, 3.5]);
  assert.equal(s.meanFinalGasil, 3.5);
});

test("α trade-off in the live task: moderate α beats both α = 0 and a huge α over a longer run", () => {
  const rows = alphaSweep({ ...SELF_IMITATION_DEMO_DEFAULTS, iterations: 150 }, [0, 16, 1024], 3, Rng.fromSeed(5));
  const [plain, moderate, huge] = rows.map((r) => r.meanFinal) as [number, number, number];
  assert.ok(moderate > plain && moderate > huge, `α=0 ${plain}, α=16 ${moderate}, α=1024 ${huge}`);
});
