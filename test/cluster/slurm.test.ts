/**
 * The cluster path against a real Slurm (Debian's slurmctld/slurmd 22.05 + munge), started by the
 * test on this machine (test/helpers/slurm-cluster.ts): a one-node cluster on 127.0.0.1 with 2 CPUs.
 *
 * 1. A tiny sweep (PointMass-v0, PPO and GASIL+PPO, seeds 0 and 1) is trained by the local worker
 *    pool: the reference `results.csv`.
 * 2. The same sweep in a second folder: `gasil-kit sweep --emit-slurm`, `sbatch`, wait on `squeue`,
 *    final states from the job-completion log (no slurmdbd here, so no `sacct`); one log per task,
 *    each ending with the follow-up commands for this job id; the printed `collect` command writes a
 *    `results.csv` byte-identical to the reference; `--list` shows both units done; the script run
 *    by plain `bash` with an empty PATH from another folder (a login node's shell) finds its Node
 *    binary and project.
 * 3. Kill and resume, in a third folder, with the array throttled to one task at a time (`%1`):
 *    once unit 0 is done and unit 1 has written a checkpoint, `scancel` unit 1's task; resubmit
 *    the array: unit 0 exits at once without touching its files, unit 1 resumes at its checkpoint's
 *    iteration (> 0, from the runner's own log and metadata), and `results.csv` again equals the
 *    reference byte for byte (no row lost or duplicated).
 * 4. Every daemon the test started is stopped by pid; no process of the cluster is left.
 *
 * Without Slurm (or without root) the test is skipped with the reason; under CI=true it fails.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { readManifest, runPaths } from "../../src/experiments/manifest";
import { readRunRows } from "../../src/experiments/results";
import { type SlurmCluster, sleep, slurmUnavailable, startSlurm } from "../helpers/slurm-cluster";

const ROOT = path.resolve(__dirname, "..", "..");
// The compiled CLI, exactly what the emitted script and a user run (npm test builds it first).
const BIN = path.join(ROOT, "bin", "gasil-kit.js");
const ITERATIONS = 30;
const STEPS_PER_ROLLOUT = 128;
/** Unit 1's task is cancelled once its checkpoint has reached at least this iteration. */
const KILL_AFTER_ITERATION = 6;
/** Bound on each wait for an array job (generous: the machine is shared). */
const JOB_TIMEOUT_MS = 240_000;

const unavailable = slurmUnavailable();
const skip = unavailable !== null && process.env["CI"] !== "true" ? unavailable : false;

function sweepConfig(): Record<string, unknown> {
  return {
    name: "slurm-test",
    checkpointEvery: 2,
    studies: [
      {
        name: "figure6",
        tasks: ["PointMass-v0"],
        methods: ["ppo", "gasil"],
        seeds: [0, 1],
        totalEnvSteps: STEPS_PER_ROLLOUT * ITERATIONS,
        envOptions: { delay: 20 },
        train: { ppo: { stepsPerRollout: STEPS_PER_ROLLOUT, numMinibatches: 2, updateEpochs: 2, hiddenSizes: [16, 16] } },
      },
    ],
  };
}

/** Environment of the CLI, the cluster and its jobs (sbatch exports the submitter's environment). */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env["GASIL_TRAINER_MODULE"]; // the real trainer, not a test double
  delete env["NODE_TEST_CONTEXT"]; // set by node:test for its workers; not for the CLI
  return env;
}

function gasilKit(args: readonly string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 300_000 });
  assert.equal(r.status, 0, `gasil-kit ${args.join(" ")} failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

function readLog(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/** Last non-empty line of a text. */
function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}

/** Checkpoint iteration of a run, or null (none yet, or mid-replacement). */
function checkpointIteration(sweepDir: string, runId: string): number | null {
  try {
    return (JSON.parse(fs.readFileSync(runPaths(sweepDir, runId).checkpoint, "utf8")) as { iteration: number }).iteration;
  } catch {
    return null;
  }
}

function done(sweepDir: string, runId: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(runPaths(sweepDir, runId).status, "utf8")) as { state: string }).state === "done";
  } catch {
    return false;
  }
}

test("a real Slurm runs the emitted array; results equal the local pool's, also after scancel and resubmission", {
  skip,
  timeout: 900_000,
}, async (t) => {
  assert.equal(unavailable, null, `Slurm unavailable under CI=true: ${unavailable}`);
  const t0 = Date.now();
  const phase = (label: string, since: number): void => t.diagnostic(`${label}: ${((Date.now() - since) / 1000).toFixed(1)} s`);
  // The library must be built (npm test does it); idempotent and about a second when it is.
  const setup = spawnSync(process.execPath, [path.join(ROOT, "scripts", "setup.mjs"), "--quiet", "--no-python"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(setup.status, 0, setup.stderr);
  phase("set-up (build check)", t0);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-slurm-sweeps-"));
  const cfgFile = path.join(tmp, "sweep.json");
  fs.writeFileSync(cfgFile, JSON.stringify(sweepConfig()));
  let cluster: SlurmCluster | null = null;
  try {
    let since = Date.now();
    cluster = await startSlurm({ cpus: 2, env: baseEnv() });
    phase("cluster up (munged, slurmctld, slurmd; node idle)", since);
    const c = cluster;
    const env = c.env;

    since = Date.now();
    const ref = path.join(tmp, "pool");
    gasilKit(["sweep", "--config", cfgFile, "--out", ref, "--workers", "2"], env);
    const expected = fs.readFileSync(path.join(ref, "results.csv"), "utf8");
    assert.equal(expected.trim().split("\n").length - 1, 2 * 2 * ITERATIONS, "one row per run × seed × iteration");
    const runIds = readManifest(ref).runs.map((r) => r.runId);
    assert.deepEqual(runIds, ["figure6_PointMass-v0_ppo", "figure6_PointMass-v0_gasil"]);
    phase("reference sweep on the local pool (2 workers)", since);

    await t.test("sbatch runs both units; the printed collect gives the local pool's results.csv", async () => {
      const since = Date.now();
      const dir = path.join(tmp, "array");
      // One CPU per task so that both tasks run at once on the 2-CPU node; the other pass-through
      // flags are the ones this cluster has (partition debug; no accounts or QOS configured).
      const emitted = gasilKit(
        [
          "sweep",
          "--config",
          cfgFile,
          "--out",
          dir,
          "--emit-slurm",
          "--slurm-partition",
          "debug",
          "--slurm-cpus-per-task",
          "1",
          "--slurm-mem",
          "1G",
          "--slurm-time",
          "0-00:20:00",
        ],
        env,
      );
      assert.match(emitted, /wrote .*slurm\.sbatch \(array of 2 tasks\); submit with: sbatch /);
      // sbatch from another folder, as from a login node's home directory.
      const job = c.sbatch(path.join(dir, "slurm.sbatch"));
      await c.waitGone(job, JOB_TIMEOUT_MS);
      const records = await c.records(job, 2);
      assert.deepEqual(
        records.map((r) => [r.arrayTaskId, r.state, r.exitCode]),
        [
          [0, "COMPLETED", "0:0"],
          [1, "COMPLETED", "0:0"],
        ],
        c.logs(),
      );
      // One log file per task, named <array job id>_<index>.out, holding that task's run only.
      assert.deepEqual(fs.readdirSync(path.join(dir, "slurm")).sort(), [`${job}_0.out`, `${job}_1.out`]);
      const logs = [0, 1].map((i) => readLog(path.join(dir, "slurm", `${job}_${i}.out`)));
      for (const [i, log] of logs.entries()) {
        assert.match(log, new RegExp(`\\[${runIds[i]}\\] finished: done`), log);
        assert.doesNotMatch(log, new RegExp(`\\[${runIds[1 - i]}\\]`), "a task trains its own run only");
        assert.match(log, new RegExp(`array job ${job}, run index ${i} on `));
      }
      // The last line: the follow-up commands, with this array job id filled in.
      const follow = lastLine(logs[1]!);
      assert.match(follow, new RegExp(`^\\[gasil-kit\\] when array job ${job} has finished: sbatch --dependency=afterany:${job} `), follow);
      const commands = /\(or run: (.+) && (.+ figures --data .+)\)$/.exec(follow);
      assert.ok(commands !== null, follow);
      assert.match(commands[1]!, /^\/\S+ \/\S+\/bin\/gasil-kit\.js collect --sweep \/\S+$/);
      // Run the printed collect command as printed, from another folder.
      const collect = spawnSync("bash", ["-c", commands[1]!], { cwd: os.tmpdir(), env, encoding: "utf8" });
      assert.equal(collect.status, 0, collect.stderr);
      assert.equal(fs.readFileSync(path.join(dir, "results.csv"), "utf8"), expected, "results.csv of the array equals the local pool's");
      // --list after the array: both done, with their task logs.
      const list = gasilKit(["sweep", "--sweep", dir, "--list"], env);
      for (const [i, id] of runIds.entries())
        assert.match(list, new RegExp(`^\\s+${i}  done\\s+${id} .* log slurm/${job}_${i}\\.out$`, "m"), list);
      // Run by plain bash from another folder with nothing on the PATH (a login node's shell): the
      // script finds its Node binary and project by their absolute paths; the run is already done.
      const bare = spawnSync("/bin/bash", [path.join(dir, "slurm.sbatch"), "0"], {
        cwd: os.tmpdir(),
        env: { PATH: "/nonexistent", HOME: os.tmpdir() },
        encoding: "utf8",
      });
      assert.equal(bare.status, 0, bare.stderr + bare.stdout);
      assert.match(bare.stdout, new RegExp(`\\[${runIds[0]}\\] already finished: done`));
      assert.match(lastLine(bare.stdout), /^\[gasil-kit\] when every run has finished: \S+ \S+ collect --sweep /);
      phase("array: emit, sbatch, wait, collect, checks", since);
    });

    await t.test(
      "scancel one task mid-run, resubmit: the finished unit exits at once, the killed one resumes from its checkpoint",
      async () => {
        const since = Date.now();
        const dir = path.join(tmp, "killed");
        const emitted = gasilKit(
          [
            "sweep",
            "--config",
            cfgFile,
            "--out",
            dir,
            "--emit-slurm",
            "--slurm-cpus-per-task",
            "1",
            "--slurm-mem",
            "1G",
            "--slurm-throttle",
            "1",
          ],
          env,
        );
        assert.match(emitted, /array of 2 tasks, at most 1 at a time/);
        const script = path.join(dir, "slurm.sbatch");
        assert.match(fs.readFileSync(script, "utf8"), /^#SBATCH --array=0-1%1$/m);
        const [first, second] = runIds as [string, string];
        const job = c.sbatch(script);
        // Wait (bounded) until unit 0 is done and unit 1 has a checkpoint on disk, then cancel unit 1's task.
        const deadline = Date.now() + JOB_TIMEOUT_MS;
        let seen: number | null = null;
        for (;;) {
          seen = checkpointIteration(dir, second);
          if (done(dir, first) && seen !== null && seen >= KILL_AFTER_ITERATION) break;
          assert.ok(!done(dir, second), "unit 1 finished before it could be cancelled");
          assert.ok(c.queued(job).length > 0, `the array ended before the kill:\n${c.logs()}`);
          assert.ok(Date.now() < deadline, `no checkpoint of unit 1 within ${JOB_TIMEOUT_MS / 1000} s:\n${c.logs()}`);
          await sleep(100);
        }
        const cancel = c.run("scancel", [`${job}_1`]);
        assert.equal(cancel.status, 0, cancel.stderr);
        await c.waitGone(job, JOB_TIMEOUT_MS);
        const killed = await c.records(job, 2);
        assert.deepEqual(
          killed.map((r) => [r.arrayTaskId, r.state]),
          [
            [0, "COMPLETED"],
            [1, "CANCELLED"],
          ],
        );
        // The throttle held: task 1 started only when task 0 had ended.
        assert.ok(
          killed[1]!.start >= killed[0]!.end,
          `%1 throttle: task 1 started at ${killed[1]!.start}, task 0 ended at ${killed[0]!.end}`,
        );
        // Killed mid-run: unfinished, with a checkpoint at iteration k > 0 (rows past it are discarded on resume).
        assert.equal(done(dir, second), false, "the cancelled run is not finished");
        const k = checkpointIteration(dir, second);
        assert.ok(k !== null && k >= KILL_AFTER_ITERATION && k < ITERATIONS, `checkpoint at iteration ${k}`);
        t.diagnostic(`cancelled unit 1 with its checkpoint at iteration ${k} (seen at ${seen} before scancel)`);
        const list = gasilKit(["sweep", "--sweep", dir, "--list"], env);
        assert.match(list, new RegExp(`^\\s+0  done\\s+${first} `, "m"), list);
        assert.match(list, new RegExp(`^\\s+1  partial\\s+${second} .*at iteration ${k}, `, "m"), list);

        // Resubmit the same array.
        const firstFiles = ["rows", "status", "metadata"].map((f) => runPaths(dir, first)[f as "rows" | "status" | "metadata"]);
        const before = firstFiles.map((f) => [fs.readFileSync(f, "utf8"), fs.statSync(f).mtimeMs] as const);
        const again = c.sbatch(script);
        await c.waitGone(again, JOB_TIMEOUT_MS);
        const resumed = await c.records(again, 2);
        assert.deepEqual(
          resumed.map((r) => [r.arrayTaskId, r.state, r.exitCode]),
          [
            [0, "COMPLETED", "0:0"],
            [1, "COMPLETED", "0:0"],
          ],
        );
        // The finished unit exits at once: it says so, trains nothing and leaves its files untouched.
        const log0 = readLog(path.join(dir, "slurm", `${again}_0.out`));
        assert.match(log0, new RegExp(`\\[${first}\\] already finished: done`), log0);
        assert.doesNotMatch(log0, /starting|resuming|iteration \d/, log0);
        firstFiles.forEach((f, i) => {
          assert.equal(fs.readFileSync(f, "utf8"), before[i]![0], `${f} unchanged`);
          assert.equal(fs.statSync(f).mtimeMs, before[i]![1], `${f} not rewritten`);
        });
        assert.ok(resumed[0]!.end - resumed[0]!.start <= 30, `the finished unit's task took ${resumed[0]!.end - resumed[0]!.start} s`);
        // The killed unit resumes from its checkpoint (the runner's own log line and metadata).
        const log1 = readLog(path.join(dir, "slurm", `${again}_1.out`));
        assert.match(log1, new RegExp(`\\[${second}\\] resuming at iteration ${k}: `), log1);
        assert.match(log1, new RegExp(`\\[${second}\\] finished: done`), log1);
        const meta = JSON.parse(fs.readFileSync(runPaths(dir, second).metadata, "utf8")) as { resumes: number; iterations: number };
        assert.equal(meta.resumes, 1);
        assert.equal(meta.iterations, ITERATIONS);
        // No row lost or duplicated: iterations exactly 1..N per run, and the table equals the pool's.
        for (const id of runIds)
          assert.deepEqual(
            readRunRows(dir, id).map((r) => r.iteration),
            Array.from({ length: ITERATIONS }, (_, i) => i + 1),
          );
        gasilKit(["collect", "--sweep", dir], env);
        assert.equal(
          fs.readFileSync(path.join(dir, "results.csv"), "utf8"),
          expected,
          "results.csv after kill + resubmission equals the local pool's",
        );
        phase("kill + resubmission: checks", since);
      },
    );
  } finally {
    const since = Date.now();
    const left = cluster !== null ? await cluster.stop() : [];
    fs.rmSync(tmp, { recursive: true, force: true });
    phase("teardown", since);
    t.diagnostic(
      `total ${((Date.now() - t0) / 1000).toFixed(1)} s; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    if (cluster !== null) {
      assert.deepEqual(left, [], "no process of the cluster outlived its daemons");
      assert.equal(fs.existsSync(cluster.dir), false, "the cluster's folder is removed");
    }
  }
});
