import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, ShapeError } from "../../../src/core/errors";
import { Rng } from "../../../src/core/rng";
import { ObservationNormalizer, RewardNormalizer, RunningMeanStd } from "../../../src/envs/running-mean-std";

const close = (a: number, b: number, tol = 1e-12, what = ""): void => {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);
};

test("RunningMeanStd: initial state and one batch against hand-computed values", () => {
  const rms = new RunningMeanStd(2);
  assert.deepEqual(Array.from(rms.mean), [0, 0]);
  assert.deepEqual(Array.from(rms.var), [1, 1]);
  assert.equal(rms.count, 1e-4);
  rms.update(Float32Array.from([1, 2, 3, 4])); // rows (1, 2), (3, 4): batch mean (2, 3), var (1, 1)
  // n' = 2.0001; μ = 2·2/n'; σ² = (1·1e-4 + 1·2 + 2²·1e-4·2/n')/n'  (computed by hand / Python)
  close(rms.mean[0]!, 1.9999000049997497);
  close(rms.var[0]!, 1.0001999800015);
  close(rms.mean[1]!, 2.999850007499625);
  close(rms.var[1]!, 1.0004499550033747);
  close(rms.count, 2.0001);
});

test("RunningMeanStd: row-by-row updates equal one batch update and converge to the sample moments", () => {
  const rng = Rng.fromSeed(3);
  const data = new Float64Array(3 * 500);
  for (let i = 0; i < 500; i++) {
    data[3 * i] = 5 + 2 * rng.normal();
    data[3 * i + 1] = -1 + 0.1 * rng.normal();
    data[3 * i + 2] = rng.random();
  }
  const batch = new RunningMeanStd(3);
  batch.update(data);
  const rows = new RunningMeanStd(3);
  for (let i = 0; i < 500; i++) rows.update(data.subarray(3 * i, 3 * i + 3));
  for (let j = 0; j < 3; j++) {
    close(rows.mean[j]!, batch.mean[j]!, 1e-10, "mean");
    close(rows.var[j]!, batch.var[j]!, 1e-10, "var");
    let m = 0;
    for (let i = 0; i < 500; i++) m += data[3 * i + j]!;
    m /= 500;
    let v = 0;
    for (let i = 0; i < 500; i++) v += (data[3 * i + j]! - m) ** 2;
    v /= 500;
    close(batch.mean[j]!, m, 1e-5, "sample mean");
    close(batch.var[j]!, v, 1e-5, "sample var");
  }
  assert.throws(() => batch.update([1, 2]), ShapeError);
  assert.throws(() => new RunningMeanStd(0), ConfigError);
});

test("ObservationNormalizer: (o − μ)/√(σ² + 1e-8) with the updated statistics, clipped to ±10", () => {
  const norm = new ObservationNormalizer(2);
  const out = norm.updateAndNormalize(Float32Array.from([1, 2, 3, 4]), new Float32Array(4));
  assert.ok(out instanceof Float32Array);
  const x = norm.normalize([5, -1]);
  close(x[0]!, 2.9998000449885027, 1e-12);
  close(x[1]!, -3.9989504148161013, 1e-12);
  // One value far out: clipped at ±10.
  const y = norm.normalize([1e6, -1e6]);
  assert.deepEqual(Array.from(y), [10, -10]);
  const tight = new ObservationNormalizer(1, { clip: 2 });
  const t = tight.normalize([100, -100, 1]);
  assert.deepEqual([t[0], t[1]], [2, -2]);
  close(t[2]!, 1 / Math.sqrt(1 + 1e-8), 1e-15);
  assert.throws(() => norm.normalize([1, 2, 3]), ShapeError);
  assert.throws(
    () => new ObservationNormalizer(2, { clip: 0 }),
    (e: unknown) => e instanceof ConfigError && /^clip: got 0/.test(e.message),
  );
});

test("ObservationNormalizer: freeze stops updates; state survives a JSON round trip", () => {
  const rng = Rng.fromSeed(5);
  const norm = new ObservationNormalizer(4);
  for (let k = 0; k < 20; k++) norm.update(rng.fillNormal(new Float32Array(4 * 8), 3, 2));
  const saved = JSON.parse(JSON.stringify(norm.getState()));
  const probe = rng.fillNormal(new Float64Array(4 * 5), 3, 2);
  const before = norm.normalize(probe);
  norm.frozen = true;
  const count = norm.rms.count;
  norm.updateAndNormalize(rng.fillNormal(new Float64Array(4 * 3), 100, 1));
  assert.equal(norm.rms.count, count);
  assert.deepEqual(norm.normalize(probe), before);
  const restored = ObservationNormalizer.fromState(4, saved);
  assert.deepEqual(restored.normalize(probe), before);
  assert.equal(restored.frozen, false);
  restored.update(probe);
  assert.notDeepEqual(restored.normalize(probe), before);
  assert.throws(() => ObservationNormalizer.fromState(3, saved), ShapeError);
});

test("RewardNormalizer: first step by hand (R = r, no mean subtraction, clip ±10)", () => {
  const norm = new RewardNormalizer(1);
  const out = norm.normalize([2]);
  // Var[R] after one update: (1e-4 + 4·1e-4/1.0001)/1.0001 → 2/√(var + 1e-8) ≈ 89.45 → clipped.
  close(norm.rms.var[0]!, 0.0004999100129983002);
  assert.equal(out[0], 10);
  const loose = new RewardNormalizer(1, { clip: Infinity });
  close(loose.normalize([2])[0]!, 89.44987421340181, 1e-10);
});

test("RewardNormalizer: running discounted return per env, batch statistics, reset option", () => {
  const gamma = 0.9;
  const rewards = [
    [1, -2, 0.5],
    [0.5, 3, -1],
    [2, 1, 1],
    [-1, 0, 4],
  ];
  const dones = [
    [0, 1, 0],
    [0, 0, 0],
    [1, 0, 0],
    [0, 0, 0],
  ];
  for (const resetOnEpisodeEnd of [false, true]) {
    const norm = new RewardNormalizer(3, { gamma, resetOnEpisodeEnd });
    const reference = new RunningMeanStd(1);
    const R = [0, 0, 0];
    rewards.forEach((r, t) => {
      const out = norm.normalize(r, dones[t]);
      for (let i = 0; i < 3; i++) R[i] = gamma * R[i]! + r[i]!;
      reference.update(R);
      for (let i = 0; i < 3; i++) {
        const expected = Math.max(-10, Math.min(10, r[i]! / Math.sqrt(reference.var[0]! + 1e-8)));
        close(out[i]!, expected, 1e-12, `t=${t} i=${i}`);
        assert.equal(Math.sign(out[i]!), Math.sign(r[i]!), "no mean subtraction: the sign is kept");
        if (resetOnEpisodeEnd && dones[t]![i]) R[i] = 0;
      }
      assert.deepEqual(Array.from(norm.returns), R);
    });
  }
  // Default (paper preset): R is never reset.
  const never = new RewardNormalizer(1);
  never.normalize([1], [1]);
  assert.equal(never.returns[0], 1);
});

test("RewardNormalizer: frozen leaves R and statistics unchanged; state round trip", () => {
  const norm = new RewardNormalizer(2);
  norm.normalize([1, 2]);
  norm.normalize([3, -1]);
  const saved = JSON.parse(JSON.stringify(norm.getState()));
  norm.frozen = true;
  const a = norm.normalize([1, 1]);
  const b = norm.normalize([1, 1]);
  assert.deepEqual(a, b);
  assert.deepEqual(Array.from(norm.returns), saved.returns);
  const restored = RewardNormalizer.fromState(saved);
  assert.deepEqual(restored.scale([1, 1]), a);
  assert.deepEqual(
    restored.normalize([0.5, 0.5]),
    (() => {
      norm.frozen = false;
      return norm.normalize([0.5, 0.5]);
    })(),
  );
  assert.throws(() => norm.normalize([1]), ShapeError);
  assert.throws(
    () => new RewardNormalizer(1, { gamma: 1.5 }),
    (e: unknown) => e instanceof ConfigError && /^gamma: got 1.5; allowed: a number in \[0, 1\]/.test(e.message),
  );
});
