import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, EnvError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/rng";
import { boxContains, boxSize, boxToString, checkAction, clipToBox, makeBox, sampleBox } from "../../../src/envs/spaces";

test("makeBox broadcasts scalars, copies arrays and validates", () => {
  const b = makeBox(-1, 1, [2, 3]);
  assert.equal(boxSize(b), 6);
  assert.deepEqual(Array.from(b.high), [1, 1, 1, 1, 1, 1]);
  const src = [0, -2];
  const c = makeBox(src, [1, 2]);
  src[0] = 9;
  assert.deepEqual(Array.from(c.low), [0, -2]);
  assert.deepEqual(c.shape, [2]);
  assert.throws(
    () => makeBox([0, 1], [1]),
    (e: unknown) => e instanceof ConfigError && e.message === "high: has 1 elements, shape [2] needs 2",
  );
  assert.throws(
    () => makeBox([2], [1]),
    (e: unknown) => e instanceof ConfigError && /low 2 is above high 1/.test(e.message),
  );
  assert.throws(() => makeBox(0, 1), ConfigError);
  assert.throws(() => makeBox(0, 1, [-1]), ConfigError);
  assert.equal(boxToString(b), "Box(-1, 1, [2, 3])");
  assert.equal(boxToString(c), "Box([0, -2], [1, 2], [2])");
});

test("contains: bounds inclusive, wrong length and NaN excluded", () => {
  const b = makeBox([-1, 0], [1, Infinity]);
  assert.equal(boxContains(b, [-1, 1e300]), true);
  assert.equal(boxContains(b, [1.0000001, 0]), false);
  assert.equal(boxContains(b, [0, -0.1]), false);
  assert.equal(boxContains(b, [0, Number.NaN]), false);
  assert.equal(boxContains(b, [0]), false);
});

test("sample: seeded, inside the box; unbounded and half-bounded entries follow Gymnasium's laws", () => {
  const b = makeBox([-2, -Infinity, 3, -Infinity], [5, Infinity, Infinity, -1]);
  const a = sampleBox(b, Rng.fromSeed(1));
  assert.deepEqual(a, sampleBox(b, Rng.fromSeed(1)));
  const rng = Rng.fromSeed(2);
  const n = 4000;
  const sums = [0, 0, 0, 0];
  const sq = [0, 0, 0, 0];
  const out = new Float64Array(4);
  for (let k = 0; k < n; k++) {
    sampleBox(b, rng, out);
    assert.ok(boxContains(b, out));
    out.forEach((x, i) => {
      sums[i]! += x;
      sq[i]! += x * x;
    });
  }
  const mean = sums.map((s) => s / n);
  assert.ok(Math.abs(mean[0]! - 1.5) < 0.15); // U[-2, 5]
  assert.ok(Math.abs(mean[1]!) < 0.08); // N(0, 1)
  assert.ok(Math.abs(sq[1]! / n - 1) < 0.1);
  assert.ok(Math.abs(mean[2]! - 4) < 0.08); // 3 + Exp(1)
  assert.ok(Math.abs(mean[3]! + 2) < 0.08); // -1 - Exp(1)
});

test("clip and checkAction", () => {
  const b = makeBox([-1, -1], [1, 1]);
  assert.deepEqual(Array.from(clipToBox(b, [3, -0.5])), [1, -0.5]);
  const x = Float64Array.from([-4, 4]);
  assert.equal(clipToBox(b, x, x), x);
  assert.deepEqual(Array.from(x), [-1, 1]);
  checkAction(b, [5, -5], "T-v0"); // out of bounds allowed
  assert.throws(
    () => checkAction(b, [0], "T-v0"),
    (e: unknown) => e instanceof EnvError && e.message === "T-v0: action has length 1, expected 2 (action space shape [2])",
  );
  assert.throws(
    () => checkAction(b, [0, Number.NaN], "T-v0"),
    (e: unknown) => e instanceof EnvError && e.message === "T-v0: action[1] is NaN; every action entry must be a finite number",
  );
  assert.throws(() => checkAction(b, 3 as unknown as number[], "T-v0"), EnvError);
});
