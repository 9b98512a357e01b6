import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, EnvError } from "../../../src/core/errors";
import type { Env } from "../../../src/envs/env";
import { MUJOCO_TASKS } from "../../../src/envs/mujoco/tasks";
import { getTaskSpec, listEnvs, type MakeEnvOptions, makeEnv, makeVectorEnv, registerEnv } from "../../../src/envs/registry";
import { rollout, ScriptedEnv } from "./scripted-env";

const isConfig = (message: string | RegExp) => (e: unknown) =>
  e instanceof ConfigError && (typeof message === "string" ? e.message === message : message.test(e.message));
const isEnvError = (pattern: RegExp) => (e: unknown) => e instanceof EnvError && pattern.test(e.message);

// A spy task to observe what makeEnv passes on.
const created: { options: Record<string, unknown>; seed: number | undefined; env: ScriptedEnv }[] = [];
registerEnv({
  id: "Spy-v0",
  maxEpisodeSteps: 5,
  optionNames: ["scale"],
  description: "scripted test task",
  create(options, seed) {
    for (const key of Object.keys(options))
      if (key !== "scale") return Promise.reject(new ConfigError(key, "unknown option for Spy-v0; allowed options: scale"));
    const scale = (options.scale as number | undefined) ?? 1;
    const env = new ScriptedEnv({ id: "Spy-v0", rewardFn: (_e, t) => scale * t });
    created.push({ options: { ...options }, seed, env });
    return Promise.resolve(env);
  },
});

test("listEnvs lists PointMass-v0 and every MuJoCo task once, with the contract fields", () => {
  const list = listEnvs();
  const ids = list.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const t of MUJOCO_TASKS) assert.ok(ids.includes(t.id), t.id);
  const pm = list.find((e) => e.id === "PointMass-v0")!;
  assert.deepEqual(pm.optionNames, ["actionNoise", "drift"]);
  assert.equal(pm.maxEpisodeSteps, 100);
  assert.equal(pm.defaultDelay, 100);
  assert.ok(pm.description.length > 10);
  for (const t of MUJOCO_TASKS) assert.equal(list.find((e) => e.id === t.id)!.defaultDelay, 0);
});

test("unknown id: EnvError listing the registered ids, with a hint for a near miss", async () => {
  await assert.rejects(makeEnv("Hoppr-v9"), isEnvError(/^unknown env id "Hoppr-v9"; registered ids: .*PointMass-v0/));
  await assert.rejects(makeEnv("pointmass-v0"), isEnvError(/Did you mean "PointMass-v0"\?/));
  assert.throws(() => getTaskSpec("nope"), EnvError);
  await assert.rejects(makeVectorEnv("nope", 2), EnvError);
});

test("generic options: names, values and allowed ranges in the messages", async () => {
  await assert.rejects(makeEnv("PointMass-v0", { delay: -1 }), isConfig("delay: got -1; allowed: an integer ≥ 0"));
  await assert.rejects(makeEnv("PointMass-v0", { delay: 2.5 }), isConfig("delay: got 2.5; allowed: an integer ≥ 0"));
  await assert.rejects(makeEnv("PointMass-v0", { maxEpisodeSteps: 0 }), isConfig("maxEpisodeSteps: got 0; allowed: an integer ≥ 1"));
  await assert.rejects(
    makeEnv("PointMass-v0", { clipActions: "yes" } as unknown as MakeEnvOptions),
    isConfig('clipActions: got "yes"; allowed: true or false'),
  );
  await assert.rejects(
    makeEnv("PointMass-v0", { actionNoise: Number.NaN }),
    isConfig("actionNoise: got NaN; allowed: a finite number ≥ 0"),
  );
  await assert.rejects(
    makeEnv("PointMass-v0", { speed: 3 }),
    isConfig("speed: unknown option for PointMass-v0; allowed options: actionNoise, drift"),
  );
  await assert.rejects(makeEnv("PointMass-v0", {}, -3), isConfig("seed: got -3; allowed: a non-negative safe integer"));
  await assert.rejects(makeVectorEnv("PointMass-v0", 0), isConfig("numEnvs: got 0; allowed: an integer ≥ 1"));
});

test("makeEnv splits generic from task options, passes the seed, and builds the documented chain", async () => {
  created.length = 0;
  const env = await makeEnv("Spy-v0", { delay: 2, scale: 10, maxEpisodeSteps: 3 }, 17);
  assert.deepEqual(created[0]!.options, { scale: 10 });
  assert.equal(created[0]!.seed, 17);
  assert.equal(env.toString(), "OrderEnforcing<DelayedReward(delay=2)<EpisodeStatistics<TimeLimit(3)<Spy-v0>>>>");
  env.reset();
  const steps = rollout(env, 10);
  assert.deepEqual(
    steps.map((s) => s.reward),
    [0, 30, 30],
  );
  assert.deepEqual(
    steps.map((s) => s.info.rawReward),
    [10, 20, 30],
  );
  assert.deepEqual(steps[2]!.info.episode, { return: 60, length: 3 });
  await assert.rejects(makeEnv("Spy-v0", { colour: 1 }), isConfig("colour: unknown option for Spy-v0; allowed options: scale"));
});

test("defaults: delay 0 for registered tasks without defaultDelay, the spec's time limit, no clipping", async () => {
  created.length = 0;
  const env = await makeEnv("Spy-v0");
  env.reset();
  const steps = rollout(env, 10, [7]);
  assert.deepEqual(
    steps.map((s) => s.reward),
    [1, 2, 3, 4, 5],
  );
  assert.deepEqual(created[0]!.env.actions[0], [7]);
});

test("clipActions: the task sees clipped actions; ClipAction is inside the order check", async () => {
  created.length = 0;
  const env = await makeEnv("Spy-v0", { clipActions: true });
  assert.equal(env.toString(), "OrderEnforcing<ClipAction<DelayedReward(delay=0)<EpisodeStatistics<TimeLimit(5)<Spy-v0>>>>>");
  env.reset();
  env.step([7]);
  env.step([-0.5]);
  assert.deepEqual(created[0]!.env.actions, [[1], [-0.5]]);
  assert.throws(() => env.step([Number.NaN]), isEnvError(/action\[0\] is NaN/));
});

test("makeEnv envs enforce reset-before-step, action length and finiteness", async () => {
  const env: Env = await makeEnv("PointMass-v0", { maxEpisodeSteps: 2 });
  assert.throws(() => env.step([0, 0]), isEnvError(/^PointMass-v0: step\(\) called before reset\(\)/));
  env.reset();
  assert.throws(() => env.step([0, 0, 0]), isEnvError(/^PointMass-v0: action has length 3, expected 2/));
  assert.throws(() => env.step([0, Infinity]), isEnvError(/action\[1\] is Infinity; every action entry must be a finite number/));
  env.step([0, 0]);
  const last = env.step([0, 0]);
  assert.equal(last.truncated, true);
  assert.equal(last.reward, 0);
  assert.throws(() => env.step([0, 0]), isEnvError(/after the episode ended/));
  env.reset();
  env.step([0, 0]);
  env.close();
  assert.throws(() => env.step([0, 0]), isEnvError(/after close/));
});

test("registerEnv rejects duplicates and malformed specs", () => {
  assert.throws(() => registerEnv({ ...getTaskSpec("Spy-v0") }), isConfig('id: "Spy-v0" is already registered'));
  assert.throws(
    () => registerEnv({ id: "Bad-v0", maxEpisodeSteps: 0, optionNames: [], description: "", create: () => Promise.reject(new Error()) }),
    isConfig("maxEpisodeSteps: got 0; allowed: an integer ≥ 1"),
  );
});
