/**
 * Resume under SIGKILL with gasil-kit's real trainer (all four methods) on the tiny PointMass-v0
 * task: a sweep killed at random moments and rerun with the same command ends with exactly the
 * results of an uninterrupted sweep — no lost and no duplicated rows, bit-identical numbers and
 * byte-identical saved policies
 * (checkpoints hold the whole learner state: networks, optimisers, normalisers, buffers, RNGs).
 */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { readManifest, runPaths } from "../../../src/experiments/manifest";
import { readRunRows } from "../../../src/experiments/results";
import { cliSync, sweepWithKills } from "../../helpers/sweep-kill";

const STEPS_PER_ROLLOUT = 128;
const ITERATIONS = 8;

function tinyConfig(): Record<string, unknown> {
  return {
    name: "real-resume",
    checkpointEvery: 2,
    policySaveEvery: 256, // saved policies every other iteration, and at the end
    studies: [
      {
        name: "figure6",
        tasks: ["PointMass-v0"],
        methods: ["ppo", "gasil", "bc", "sil"],
        seeds: [0, 1],
        totalEnvSteps: STEPS_PER_ROLLOUT * ITERATIONS,
        envOptions: { delay: 20 },
        train: { ppo: { stepsPerRollout: STEPS_PER_ROLLOUT, numMinibatches: 2, updateEpochs: 2, hiddenSizes: [16, 16] } },
      },
    ],
  };
}

test("real trainer: SIGKILL at random moments, rerun, identical results without lost or duplicated rows", {
  timeout: 240_000,
}, async (t) => {
  const env = { ...process.env };
  delete env["GASIL_TRAINER_MODULE"];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-real-resume-"));
  const cfgFile = path.join(tmp, "sweep.json");
  const ref = path.join(tmp, "ref");
  const dir = path.join(tmp, "killed");
  fs.writeFileSync(cfgFile, JSON.stringify(tinyConfig()));
  try {
    const t0 = Date.now();
    const r = cliSync(["sweep", "--config", cfgFile, "--out", ref, "--workers", "2"], env);
    const uninterruptedMs = Date.now() - t0;
    assert.equal(r.status, 0, r.stderr + r.stdout);
    t.diagnostic(`uninterrupted sweep: ${uninterruptedMs} ms`);
    const expected = fs.readFileSync(path.join(ref, "results.csv"), "utf8");
    assert.equal(expected.trim().split("\n").length - 1, 4 * 2 * ITERATIONS, "one row per run × seed × iteration");

    const { finished, killPoints } = await sweepWithKills(["sweep", "--config", cfgFile, "--out", dir, "--workers", "2"], dir, {
      seed: Number(process.env["GASIL_KILL_SEED"] ?? 7),
      kills: 6,
      typicalMs: uninterruptedMs,
      env,
    });
    t.diagnostic(`kill points: ${killPoints.join("; ")}`);
    assert.ok(finished, "the sweep finished after the kills");
    assert.ok(killPoints.length >= 3, `at least three kills landed (${killPoints.length})`);
    let resumed = 0;
    for (const run of readManifest(dir).runs) {
      assert.equal(readRunRows(dir, run.runId).length, ITERATIONS); // iterations exactly 1..N
      resumed += (JSON.parse(fs.readFileSync(runPaths(dir, run.runId).metadata, "utf8")) as { resumes: number }).resumes;
    }
    t.diagnostic(`resumes from a checkpoint: ${resumed}`);
    assert.ok(resumed >= 1, "at least one run resumed from a checkpoint");
    assert.equal(fs.readFileSync(path.join(dir, "results.csv"), "utf8"), expected);
    // Saved policies: the same files with the same bytes (4 saves + final per seed and run).
    for (const run of readManifest(dir).runs) {
      const files = (root: string): string[] => {
        const base = path.join(root, "runs", run.runId, "policies");
        return fs
          .readdirSync(base, { recursive: true, encoding: "utf8" })
          .filter((f) => f.endsWith(".json"))
          .sort();
      };
      assert.equal(files(ref).length, 2 * 5, `${run.runId}: policy files`);
      assert.deepEqual(files(dir), files(ref));
      for (const f of files(ref)) {
        const rel = path.join("runs", run.runId, "policies", f);
        assert.ok(fs.readFileSync(path.join(dir, rel)).equals(fs.readFileSync(path.join(ref, rel))), `${rel} differs after the kills`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
