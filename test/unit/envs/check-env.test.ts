import assert from "node:assert/strict";
import { test } from "node:test";
import { EnvError } from "../../../src/core/errors";
import { checkEnv } from "../../../src/envs/check-env";
import type { Env, ResetOptions, ResetResult, StepResult } from "../../../src/envs/env";
import { PointMassEnv } from "../../../src/envs/point-mass";
import { makeEnv } from "../../../src/envs/registry";
import { makeBox } from "../../../src/envs/spaces";

test("PointMass-v0 passes, raw and through makeEnv with its stochastic options", async () => {
  checkEnv(new PointMassEnv({ actionNoise: 0.3, drift: 0.2 }), { seed: 3, steps: 300 });
  checkEnv(await makeEnv("PointMass-v0", { actionNoise: 0.3, drift: 0.2, delay: 20 }), { seed: 4, steps: 300 });
});

type Fault = "none" | "nondeterministic" | "reused-info" | "mutates-obs" | "nan" | "outside";

class FaultyEnv implements Env {
  readonly id = "Faulty-v0";
  readonly observationSpace = makeBox(-5, 5, [2]);
  readonly actionSpace = makeBox(-1, 1, [1]);
  static calls = 0;
  private obs = new Float64Array(2);
  private readonly info = {};
  constructor(private readonly fault: Fault) {}
  reset(_options?: ResetOptions): ResetResult {
    this.obs = new Float64Array(2);
    return { obs: this.obs, info: {} };
  }
  step(action: ArrayLike<number>): StepResult {
    FaultyEnv.calls += 1;
    const next = this.fault === "mutates-obs" ? this.obs : new Float64Array(2);
    next[0] = Math.max(-4, Math.min(4, this.obs[0]! + action[0]!));
    next[1] = this.fault === "nondeterministic" && FaultyEnv.calls > 250 ? 1 : 0;
    if (this.fault === "nan") next[1] = Number.NaN;
    if (this.fault === "outside") next[1] = 6;
    this.obs = next;
    return { obs: next, reward: 1, terminated: false, truncated: false, info: this.fault === "reused-info" ? this.info : {} };
  }
  close(): void {}
  toString(): string {
    return this.id;
  }
}

test("each kind of fault is reported by name", () => {
  checkEnv(new FaultyEnv("none"));
  const cases: [Fault, RegExp][] = [
    ["nondeterministic", /not deterministic: two passes with seed 0 differ/],
    ["reused-info", /info object reused/],
    ["mutates-obs", /first observation array was changed/],
    ["nan", /step 1: obs\[1\] is NaN/],
    ["outside", /step 1: obs lies outside the observation space/],
  ];
  for (const [fault, pattern] of cases) {
    FaultyEnv.calls = 0;
    assert.throws(
      () => checkEnv(new FaultyEnv(fault)),
      (e: unknown) => e instanceof EnvError && pattern.test(e.message) && /^checkEnv\(Faulty-v0\)/.test(e.message),
      fault,
    );
  }
});
