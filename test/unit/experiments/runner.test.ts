/**
 * The resumable runner: units are independent of the launcher, resuming gives the same rows as an
 * uninterrupted run, SIGKILL at random moments loses and duplicates nothing, non-finite seeds are
 * reported and the sweep goes on.
 *
 * Training is done by the tiny deterministic fake trainer (test/helpers/fake-trainer.ts, plugged
 * in through GASIL_TRAINER_MODULE) so that the test exercises the runner, not the learner; the
 * real trainer's checkpoint/restore under SIGKILL of the whole sweep is tested in
 * test/unit/experiments/real-resume.test.ts.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { prepareSweep, readManifest, runPaths, runState } from "../../../src/experiments/manifest";
import { displayPath, PACKAGE_ROOT } from "../../../src/experiments/provenance";
import { collectResults, readRunRows } from "../../../src/experiments/results";
import { runUnit } from "../../../src/experiments/run-unit";
import { slurmScript } from "../../../src/experiments/slurm";
import * as fake from "../../helpers/fake-trainer";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const FAKE = path.join(ROOT, "test", "helpers", "fake-trainer.ts");
const CLI = path.join(ROOT, "src", "experiments", "cli.ts");
process.env["GASIL_TRAINER_MODULE"] = FAKE;
process.env["GASIL_BACKEND"] ??= "cpu";

function tmpDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `gasil-runner-${label}-`));
}

function sweepConfig(iterationMs: number, nan?: { seed: number; iteration: number }): Record<string, unknown> {
  const train = {
    ppo: { stepsPerRollout: 64 },
    fake: { iterationMs, ...(nan ? { nanSeed: nan.seed, nanAtIteration: nan.iteration } : {}) },
  };
  return {
    name: "runner-test",
    checkpointEvery: 4,
    studies: [
      {
        name: "figure6",
        tasks: ["PointMass-v0"],
        methods: ["ppo", "gasil"],
        seeds: [0, 1, 2],
        totalEnvSteps: 64 * 30,
        envOptions: { delay: 5 },
        train,
      },
      {
        name: "figure7-bufferSize",
        tasks: ["PointMass-v0"],
        methods: ["gasil"],
        seeds: [3, 4],
        seedsPerRun: 1,
        totalEnvSteps: 64 * 25,
        train,
        vary: { parameter: "bufferSize", values: [10, 1000] },
      },
    ],
  };
}

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...extraEnv },
  });
}

function results(dir: string): string {
  collectResults(dir);
  return fs.readFileSync(path.join(dir, "results.csv"), "utf8");
}

async function runAllInProcess(dir: string, order: number[]): Promise<void> {
  for (const i of order) await runUnit(dir, i);
}

test("units are independent: any order, any launcher, same results; finished units are no-ops", async () => {
  const a = tmpDir("a");
  const b = tmpDir("b");
  try {
    prepareSweep(a, sweepConfig(0), fake, FAKE);
    prepareSweep(b, sweepConfig(0), fake, FAKE);
    const n = readManifest(a).runs.length;
    assert.equal(n, 6);
    await runAllInProcess(
      a,
      Array.from({ length: n }, (_, i) => i),
    );
    await runAllInProcess(
      b,
      Array.from({ length: n }, (_, i) => n - 1 - i),
    ); // reverse order, like array tasks finishing in any order
    const csv = results(a);
    assert.equal(results(b), csv);
    // one row per run × seed × iteration: 2 runs × 3 seeds × 30 + 4 runs × 1 seed × 25
    assert.equal(csv.trim().split("\n").length - 1, 2 * 3 * 30 + 4 * 25);
    // Rerunning a finished unit changes nothing.
    const before = fs.readFileSync(runPaths(a, readManifest(a).runs[0]!.runId).rows, "utf8");
    const status = await runUnit(a, 0);
    assert.equal(status.state, "done");
    assert.equal(fs.readFileSync(runPaths(a, readManifest(a).runs[0]!.runId).rows, "utf8"), before);
    // Metadata carries the config, seeds, versions, backend and machine.
    const meta = JSON.parse(fs.readFileSync(runPaths(a, readManifest(a).runs[0]!.runId).metadata, "utf8")) as Record<string, unknown>;
    for (const key of ["config", "seeds", "git", "packages", "backend", "machine", "trainSeconds", "mujocoVersion"])
      assert.ok(key in meta, `metadata has ${key}`);
    assert.deepEqual(meta["seeds"], [0, 1, 2]);
    assert.match(String(meta["mujocoVersion"]), /^\d+\.\d+\.\d+$/);
    assert.equal((meta["backend"] as { name: string }).name, "cpu"); // GASIL_BACKEND=cpu in this test
    assert.equal(fs.existsSync(runPaths(a, readManifest(a).runs[0]!.runId).checkpoint), false, "checkpoint removed once done");
  } finally {
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(b, { recursive: true, force: true });
  }
});

test("stopping after any number of iterations and resuming reproduces the uninterrupted rows", async () => {
  const ref = tmpDir("ref");
  const cut = tmpDir("cut");
  try {
    prepareSweep(ref, sweepConfig(0), fake, FAKE);
    prepareSweep(cut, sweepConfig(0), fake, FAKE);
    await runUnit(ref, 0);
    // Stop after 1, 3, 4, 7, ... iterations (checkpoint at the stop), and once with rows written past
    // the last checkpoint that must be discarded on resume.
    for (const k of [1, 3, 4, 7, 6]) {
      const st = await runUnit(cut, 0, { maxIterations: k });
      assert.equal(st.state, "running");
    }
    // Simulate a kill after rows past the checkpoint were appended: add a bogus complete line and a half line.
    const rowsFile = runPaths(cut, readManifest(cut).runs[0]!.runId).rows;
    fs.appendFileSync(rowsFile, `${JSON.stringify({ iteration: 999, envSteps: 0, wallSeconds: 0, seeds: [] })}\n{"iterat`);
    assert.equal((await runUnit(cut, 0)).state, "done");
    const runId = readManifest(ref).runs[0]!.runId;
    const strip = (dir: string) => readRunRows(dir, runId).map((r) => ({ ...r, wallSeconds: 0 }));
    assert.deepEqual(strip(cut), strip(ref));
    const meta = JSON.parse(fs.readFileSync(runPaths(cut, runId).metadata, "utf8")) as { resumes: number };
    assert.equal(meta.resumes, 5);
  } finally {
    fs.rmSync(ref, { recursive: true, force: true });
    fs.rmSync(cut, { recursive: true, force: true });
  }
});

test("a seed that goes non-finite is marked failed with a diagnostic; the other seeds and runs go on", async () => {
  const dir = tmpDir("nan");
  try {
    prepareSweep(dir, sweepConfig(0, { seed: 1, iteration: 7 }), fake, FAKE);
    const n = readManifest(dir).runs.length;
    await runAllInProcess(
      dir,
      Array.from({ length: n }, (_, i) => i),
    );
    const manifest = readManifest(dir);
    const { state, status } = runState(dir, manifest.runs[0]!.runId);
    assert.equal(state, "done");
    assert.deepEqual(
      status!.failedSeeds.map((f) => [f.seed, f.iteration]),
      [[1, 7]],
    );
    assert.match(status!.failedSeeds[0]!.diagnostic, /non-finite: policyLoss=NaN, valueLoss=Infinity, averageReturn=NaN/);
    const summary = collectResults(dir);
    assert.equal(summary.failedSeeds.length, 2); // seed 1 in both figure6 runs
    const rows = fs.readFileSync(summary.file, "utf8").trim().split("\n").slice(1);
    const seed1 = rows.filter((r) => r.startsWith("figure6_PointMass-v0_ppo_seed1,"));
    assert.equal(seed1.length, 6, "seed 1 keeps only the rows before its failure");
    assert.equal(rows.filter((r) => r.startsWith("figure6_PointMass-v0_ppo_seed0,")).length, 30);
    // A run whose seeds all fail is marked failed and the sweep goes on.
    const all = tmpDir("nan-all");
    try {
      prepareSweep(all, sweepConfig(0, { seed: 3, iteration: 2 }), fake, FAKE);
      const idx = readManifest(all).runs.findIndex((r) => r.seeds.length === 1 && r.seeds[0] === 3);
      const st = await runUnit(all, idx);
      assert.equal(st.state, "failed");
      assert.equal(st.iteration, 2, "training stops once every seed is dead");
      assert.equal((await runUnit(all, idx + 1)).state, "done");
    } finally {
      fs.rmSync(all, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("train --run-index and the emitted Slurm script address the same units", () => {
  const dir = tmpDir("slurm");
  try {
    prepareSweep(dir, sweepConfig(0), fake, FAKE);
    const manifest = readManifest(dir);
    const script = slurmScript(manifest, { sweepDir: dir, time: "02:00:00" });
    assert.match(script, /#SBATCH --array=0-5\n/);
    assert.match(script, /#SBATCH --time=02:00:00\n/);
    assert.match(script, /^INDEX="\$\{SLURM_ARRAY_TASK_ID:-\$\{1:-\}\}"$/m);
    assert.match(script, /train --sweep "\$SWEEP" --run-index "\$INDEX" --break-lock/);
    const r = cli(["train", "--sweep", dir, "--run-index", "2"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`\\[${manifest.runs[2]!.runId}\\] finished: done`));
    assert.equal(runState(dir, manifest.runs[2]!.runId).state, "done");
    assert.equal(runState(dir, manifest.runs[1]!.runId).state, "pending");
    const bad = cli(["train", "--sweep", dir, "--run-index", "6"]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--run-index: index 6 is out of range; allowed: 0\.\.5/);
    const emitted = cli(["sweep", "--sweep", dir, "--emit-slurm"]);
    assert.equal(emitted.status, 0, emitted.stderr);
    assert.ok(fs.existsSync(path.join(dir, "slurm.sbatch")));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("CLI messages name the flag the user gave and print paths without the machine's prefix", () => {
  const missing = tmpDir("missing");
  try {
    const figures = cli(["figures", "--data", missing]);
    assert.equal(figures.status, 2);
    assert.match(figures.stderr, /--data: .* holds no manifest\.json/);
    assert.doesNotMatch(figures.stderr, /--sweep/);
  } finally {
    fs.rmSync(missing, { recursive: true, force: true });
  }
  // A sweep inside the working directory is reported relative to it.
  fs.mkdirSync(path.join(ROOT, "test-output"), { recursive: true });
  const inside = fs.mkdtempSync(path.join(ROOT, "test-output", "collect-"));
  try {
    prepareSweep(inside, sweepConfig(0), fake, FAKE);
    const collect = cli(["collect", "--sweep", inside, "--partial"]);
    assert.equal(collect.status, 0, collect.stderr);
    assert.match(collect.stdout, new RegExp(`^wrote test-output/${path.basename(inside)}/results\\.csv: 0 rows from \\d+ runs`, "m"));
    assert.doesNotMatch(collect.stdout, new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  } finally {
    fs.rmSync(inside, { recursive: true, force: true });
  }
});

test("displayPath: relative with / inside the base, unchanged outside it", () => {
  assert.equal(displayPath(path.join(PACKAGE_ROOT, "data", "quick")), "data/quick");
  assert.equal(displayPath(PACKAGE_ROOT), ".");
  assert.equal(displayPath("/elsewhere/data", "/base"), "/elsewhere/data");
  assert.equal(displayPath("/base/../base-2/x", "/base"), "/base/../base-2/x", "a sibling whose name starts like the base is outside it");
  assert.equal(displayPath("/base/a/b", "/base"), "a/b");
});
