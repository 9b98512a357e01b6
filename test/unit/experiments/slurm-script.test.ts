/**
 * The emitted sbatch script without a cluster: pass-through flags land in `#SBATCH` lines, bad
 * flags are refused (naming the flag and the allowed values) before anything is written, the
 * script is valid bash that needs nothing on the PATH, and `--list` shows checkpoint progress and
 * each unit's newest task log. The script running under a real Slurm is test/cluster/slurm.test.ts.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { ConfigError } from "../../../src/core/errors";
import { prepareSweep, readManifest } from "../../../src/experiments/manifest";
import { PACKAGE_ROOT } from "../../../src/experiments/provenance";
import { runUnit } from "../../../src/experiments/run-unit";
import { type SlurmOptions, slurmScript, validateSlurmOptions } from "../../../src/experiments/slurm";
import * as fake from "../../helpers/fake-trainer";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const FAKE = path.join(ROOT, "test", "helpers", "fake-trainer.ts");
const CLI = path.join(ROOT, "src", "experiments", "cli.ts");
process.env["GASIL_TRAINER_MODULE"] = FAKE;
process.env["GASIL_BACKEND"] ??= "cpu";

function config(): Record<string, unknown> {
  return {
    name: "slurm-script",
    checkpointEvery: 2,
    studies: [
      {
        name: "figure6",
        tasks: ["PointMass-v0"],
        methods: ["ppo", "gasil", "bc"],
        seeds: [0, 1],
        totalEnvSteps: 64 * 10,
        train: { ppo: { stepsPerRollout: 64 }, fake: { iterationMs: 0 } },
      },
    ],
  };
}

function cli(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: ROOT, encoding: "utf8", env: process.env });
}

function sbatchLines(script: string): string[] {
  return script.split("\n").filter((l) => l.startsWith("#SBATCH "));
}

test("every pass-through flag becomes its #SBATCH line; paths are absolute; the script is valid bash", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-slurm-script-"));
  try {
    const { manifest } = prepareSweep(dir, config(), fake, FAKE);
    const full = slurmScript(manifest, {
      sweepDir: dir,
      partition: "cpu,long",
      account: "lab-42",
      qos: "normal",
      time: "1-12:00:00",
      memory: "16G",
      cpusPerTask: 4,
      maxParallel: 2,
      extra: ["--constraint=avx2"],
    });
    assert.deepEqual(sbatchLines(full), [
      "#SBATCH --job-name=gasil-slurm-script",
      "#SBATCH --array=0-2%2",
      "#SBATCH --cpus-per-task=4",
      "#SBATCH --mem=16G",
      "#SBATCH --time=1-12:00:00",
      "#SBATCH --partition=cpu,long",
      "#SBATCH --account=lab-42",
      "#SBATCH --qos=normal",
      `#SBATCH --output=${path.join(dir, "slurm", "%A_%a.out")}`,
      `#SBATCH --chdir=${PACKAGE_ROOT}`,
      "#SBATCH --requeue",
      "#SBATCH --constraint=avx2",
    ]);
    // Defaults: no partition/account/qos lines (the cluster's defaults apply), no throttle.
    const plain = sbatchLines(slurmScript(manifest, { sweepDir: dir }));
    assert.ok(
      plain.includes("#SBATCH --array=0-2") &&
        plain.includes("#SBATCH --cpus-per-task=2") &&
        plain.includes("#SBATCH --mem=8G") &&
        plain.includes("#SBATCH --time=24:00:00"),
    );
    assert.equal(plain.filter((l) => /--(partition|account|qos)=/.test(l)).length, 0);
    // The Node binary and the project are absolute, so the script runs from any shell and folder.
    assert.match(full, new RegExp(`^NODE="\\$\\{GASIL_NODE:-${process.execPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\}"$`, "m"));
    assert.match(full, new RegExp(`^PROJECT=${PACKAGE_ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
    assert.match(full, /"\$NODE" "\$PROJECT\/bin\/gasil-kit\.js" train --sweep "\$SWEEP" --run-index "\$INDEX" --break-lock/);
    const file = path.join(dir, "s.sbatch");
    fs.writeFileSync(file, full);
    const syntax = spawnSync("bash", ["-n", file], { encoding: "utf8" });
    assert.equal(syntax.status, 0, syntax.stderr);
    // Outside Slurm without an index: a usage error, before any training.
    const noIndex = spawnSync("/bin/bash", [file], { encoding: "utf8", env: { PATH: "/nonexistent" } });
    assert.equal(noIndex.status, 2);
    assert.match(noIndex.stderr, /no run index: submit with sbatch, or run: bash .* INDEX/);
    // No Node.js anywhere (GASIL_NODE wrong, nothing on the PATH): says so and how to fix it.
    const noNode = spawnSync("/bin/bash", [file, "0"], {
      encoding: "utf8",
      env: { PATH: "/nonexistent", GASIL_NODE: "/nonexistent/node" },
    });
    assert.equal(noNode.status, 2);
    assert.match(noNode.stderr, /no Node\.js binary \(set GASIL_NODE to its absolute path\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("bad Slurm options are refused with the flag and what is allowed", () => {
  const cases: [Partial<SlurmOptions>, RegExp][] = [
    [
      { partition: "cpu long" },
      /^--slurm-partition: expected a Slurm name \(letters, digits, '_', '-', '\.'; several separated by commas\), got "cpu long"$/,
    ],
    [{ partition: "cpu," }, /^--slurm-partition: /],
    [{ account: "a;b" }, /^--slurm-account: expected a Slurm name .*got "a;b"$/],
    [{ qos: "" }, /^--slurm-qos: expected a Slurm name/],
    [
      { time: "1:2:3:4" },
      /^--slurm-time: expected a Slurm time limit: MINUTES, MINUTES:SECONDS, HOURS:MINUTES:SECONDS, DAYS-HOURS, DAYS-HOURS:MINUTES, DAYS-HOURS:MINUTES:SECONDS or UNLIMITED; got "1:2:3:4"$/,
    ],
    [{ time: "2h" }, /^--slurm-time: /],
    [{ memory: "8GB" }, /^--slurm-mem: expected memory per task as a positive integer with an optional unit K, M, G or T .*got "8GB"$/],
    [{ memory: "0" }, /^--slurm-mem: /],
    [{ cpusPerTask: 0 }, /^--slurm-cpus-per-task: expected an integer ≥ 1, got 0$/],
    [{ maxParallel: 1.5 }, /^--slurm-throttle: expected an integer ≥ 1, got 1\.5$/],
    [
      { sweepDir: "/data/my sweep" },
      /^--sweep: the sweep folder "\/data\/my sweep" contains " ", which an sbatch script cannot carry unquoted/,
    ],
    [{ sweepDir: "/data/100%" }, /^--sweep: .* contains "%"/],
    [{ nodeBinary: "node" }, /^GASIL_NODE: the Node\.js binary must be an absolute path, got "node"$/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => validateSlurmOptions(options),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
      JSON.stringify(options),
    );
  }
  // Accepted forms.
  for (const time of ["30", "30:00", "2:00:00", "1-0", "1-12:00", "7-00:00:00", "UNLIMITED"]) validateSlurmOptions({ time });
  for (const memory of ["4000", "512M", "8G", "1T", "64k"]) validateSlurmOptions({ memory });
});

test("CLI: a bad or stray Slurm flag exits 2 and writes nothing; good flags write the script", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-slurm-cli-"));
  try {
    const cfg = path.join(tmp, "sweep.json");
    fs.writeFileSync(cfg, JSON.stringify(config()));
    const dir = path.join(tmp, "sweep");
    const bad = cli(["sweep", "--config", cfg, "--out", dir, "--emit-slurm", "--slurm-mem", "8GB"]);
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /^gasil-kit: --slurm-mem: expected memory per task .*got "8GB"\n$/);
    assert.equal(fs.existsSync(dir), false, "nothing written for a bad flag");
    const stray = cli(["sweep", "--config", cfg, "--out", dir, "--slurm-qos", "normal"]);
    assert.equal(stray.status, 2);
    assert.match(stray.stderr, /--slurm-qos: only allowed with --emit-slurm/);
    assert.equal(fs.existsSync(dir), false);
    const unknown = cli(["sweep", "--config", cfg, "--out", dir, "--emit-slurm", "--slurm-nodes", "2"]);
    assert.equal(unknown.status, 2);
    assert.match(
      unknown.stderr,
      /--slurm-nodes: unknown option of `gasil-kit sweep`; allowed: .*--slurm-partition, --slurm-account, --slurm-qos, --slurm-time, --slurm-mem, --slurm-cpus-per-task, --slurm-throttle/,
    );
    const ok = cli([
      "sweep",
      "--config",
      cfg,
      "--out",
      dir,
      "--emit-slurm",
      "--slurm-account",
      "lab",
      "--slurm-throttle",
      "1",
      "--slurm-cpus-per-task",
      "3",
    ]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /\(array of 3 tasks, at most 1 at a time\); submit with: sbatch /);
    const script = fs.readFileSync(path.join(dir, "slurm.sbatch"), "utf8");
    assert.ok(
      sbatchLines(script).includes("#SBATCH --account=lab") &&
        sbatchLines(script).includes("#SBATCH --array=0-2%1") &&
        sbatchLines(script).includes("#SBATCH --cpus-per-task=3"),
    );
    assert.ok(fs.statSync(path.join(dir, "slurm")).isDirectory(), "the log folder exists before submission (Slurm does not create it)");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("--list shows each unit's state, a partial unit's checkpoint iteration and its newest task log", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-slurm-list-"));
  try {
    prepareSweep(dir, config(), fake, FAKE);
    const runs = readManifest(dir).runs;
    await runUnit(dir, 0);
    await runUnit(dir, 1, { maxIterations: 3 }); // stops with a checkpoint at iteration 3
    fs.mkdirSync(path.join(dir, "slurm"));
    for (const name of ["9_0.out", "17_0.out", "17_1.out", "103_1.out", "collect-120.out"])
      fs.writeFileSync(path.join(dir, "slurm", name), "");
    const r = cli(["sweep", "--sweep", dir, "--list"]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, new RegExp(`^\\s+0  done\\s+${runs[0]!.runId}  seeds 0,1  640 steps  log slurm/17_0\\.out$`));
    assert.match(
      lines[1]!,
      new RegExp(`^\\s+1  partial\\s+${runs[1]!.runId}  seeds 0,1  at iteration 3, 192/640 steps  log slurm/103_1\\.out$`),
    );
    assert.match(lines[2]!, new RegExp(`^\\s+2  pending\\s+${runs[2]!.runId}  seeds 0,1  640 steps$`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
