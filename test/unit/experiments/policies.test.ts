/**
 * Policy saving of the runner with gasil-kit's real trainer (tiny PointMass sweep, in process):
 * files appear where and when documented, a run that dies between writing policies and its next
 * checkpoint and then resumes rewrites exactly the same bytes, and policy saving changes no result.
 * (The SIGKILL test in real-resume.test.ts checks the same under real kills of the CLI.)
 */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { loadPolicy, type SavedPolicy } from "../../../src/algos/saved-policy";
import { ConfigError } from "../../../src/core/errors";
import { prepareSweep, runPaths } from "../../../src/experiments/manifest";
import { crossesPolicySave, listRunPolicies, readRunPolicy } from "../../../src/experiments/policies";
import { runUnit } from "../../../src/experiments/run-unit";
import { loadTrainer } from "../../../src/experiments/trainer-api";

delete process.env["GASIL_TRAINER_MODULE"];

const STEPS = 128;
const ITERATIONS = 6;

function config(policySaveEvery: number | undefined): Record<string, unknown> {
  return {
    name: "policies",
    checkpointEvery: 2,
    ...(policySaveEvery !== undefined ? { policySaveEvery } : {}),
    studies: [
      {
        name: "s",
        tasks: ["PointMass-v0"],
        methods: ["gasil"],
        seeds: [0, 1],
        totalEnvSteps: STEPS * ITERATIONS,
        envOptions: { delay: 10 },
        train: {
          ppo: { stepsPerRollout: STEPS, numMinibatches: 2, updateEpochs: 1, hiddenSizes: [8] },
          gasil: { discriminatorUpdates: 1, discriminatorHiddenSizes: [8] },
        },
      },
    ],
  };
}

/** Every file under `dir` (relative path → bytes), checkpoints and locks excluded. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else out.set(path.relative(dir, full), fs.readFileSync(full, "latin1"));
    }
  };
  walk(dir);
  return out;
}

/** A run's rows with the wall-clock times blanked (the only field that differs between runs). */
function rowsWithoutTimes(dir: string, runId: string): string[] {
  const lines = fs.readFileSync(runPaths(dir, runId).rows, "utf8").split("\n");
  return lines.map((l) => (l === "" ? l : JSON.stringify({ ...(JSON.parse(l) as object), wallSeconds: 0 })));
}

test("policy save points: the first iteration at or past each multiple", () => {
  assert.equal(crossesPolicySave(0, 2048), false);
  assert.equal(crossesPolicySave(98_304, 100_352), true);
  assert.equal(crossesPolicySave(100_352, 102_400), false);
  assert.equal(crossesPolicySave(254, 256, 256), true);
  assert.equal(crossesPolicySave(256, 384, 256), false);
});

test("runner: saves policies every policySaveEvery steps and at the end; a resume from an older checkpoint rewrites identical files", {
  timeout: 120_000,
}, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-policies-"));
  try {
    const api = loadTrainer().api;
    const ref = path.join(tmp, "ref");
    const cut = path.join(tmp, "cut");
    const runId = prepareSweep(ref, config(256), api, "gasil-kit/algos").manifest.runs[0]!.runId;
    prepareSweep(cut, config(256), api, "gasil-kit/algos");
    assert.equal((await runUnit(ref, runId)).state, "done");

    const listed = listRunPolicies(ref, runId);
    assert.deepEqual(listed, [
      { seed: 0, steps: [256, 512, 768], hasFinal: true },
      { seed: 1, steps: [256, 512, 768], hasFinal: true },
    ]);
    const saved = readRunPolicy(ref, runId, 1) as unknown as SavedPolicy & { runId: string; sweep: string };
    assert.equal(saved.runId, runId);
    assert.equal(saved.sweep, "policies");
    assert.equal(saved.envSteps, STEPS * ITERATIONS);
    assert.equal(saved.iteration, ITERATIONS);
    assert.ok(saved.discriminator !== undefined, "GASIL policies carry the discriminator");
    const policy = loadPolicy(saved);
    assert.equal(policy.act(new Array(8).fill(0)).length, 2);
    const mid = readRunPolicy(ref, runId, 0, 512) as unknown as SavedPolicy;
    assert.equal(mid.iteration, 4);

    // The "killed" copy: train to iteration 3 (checkpoint), keep that checkpoint, train on to 5
    // (policies of 512 steps written, checkpoints at 4 and 5), then put the iteration-3 checkpoint
    // back — the state a kill leaves when it lands after iteration 5's files but before any newer
    // checkpoint survived — and resume to the end.
    await runUnit(cut, runId, { maxIterations: 3 });
    const ckpt = runPaths(cut, runId).checkpoint;
    const atThree = fs.readFileSync(ckpt);
    await runUnit(cut, runId, { maxIterations: 2 });
    assert.ok(fs.existsSync(path.join(cut, "runs", runId, "policies", "seed-0", "steps-512.json")));
    fs.writeFileSync(ckpt, atThree);
    assert.equal((await runUnit(cut, runId)).state, "done");

    const a = tree(path.join(ref, "runs", runId, "policies"));
    const b = tree(path.join(cut, "runs", runId, "policies"));
    assert.deepEqual([...b.keys()], [...a.keys()]);
    for (const [name, bytes] of a) assert.ok(b.get(name) === bytes, `${name} differs after the resume`);
    assert.deepEqual(rowsWithoutTimes(cut, runId), rowsWithoutTimes(ref, runId));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("runner: default saving (10⁵ steps) writes only final.json on a short run; training rows are unchanged by saving", {
  timeout: 120_000,
}, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-policies-"));
  try {
    const api = loadTrainer().api;
    const a = path.join(tmp, "a");
    const b = path.join(tmp, "b");
    const runId = prepareSweep(a, config(undefined), api, "gasil-kit/algos").manifest.runs[0]!.runId;
    prepareSweep(b, config(128), api, "gasil-kit/algos"); // saves after every iteration
    await runUnit(a, runId);
    await runUnit(b, runId);
    assert.deepEqual(
      listRunPolicies(a, runId).map((s) => [s.steps.length, s.hasFinal]),
      [
        [0, true],
        [0, true],
      ],
    );
    assert.deepEqual(
      listRunPolicies(b, runId).map((s) => s.steps.length),
      [ITERATIONS, ITERATIONS],
    );
    assert.deepEqual(rowsWithoutTimes(b, runId), rowsWithoutTimes(a, runId));
    // Errors say what exists.
    assert.throws(
      () => readRunPolicy(a, runId, 7),
      (e: unknown) => e instanceof ConfigError && /has no seed 7; allowed: 0, 1/.test(e.message),
    );
    assert.throws(
      () => readRunPolicy(a, runId, 0, 256),
      (e: unknown) => e instanceof ConfigError && /no 256-step policy for seed 0 .*this seed has: final/.test(e.message),
    );
    assert.throws(
      () => readRunPolicy(a, "nope", 0),
      (e: unknown) => e instanceof ConfigError && /no run "nope"/.test(e.message),
    );
    fs.rmSync(path.join(a, "runs", runId, "policies"), { recursive: true });
    assert.throws(() => readRunPolicy(a, runId, 0), /saved policies of run .*: none \(the run was trained before policy saving existed/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
