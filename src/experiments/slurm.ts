/**
 * Slurm job-array script for a sweep: array task `i` runs the manifest's run number `i` with
 * exactly the command the local pool uses (`gasil-kit train --sweep DIR --run-index i`), so the
 * cluster and the laptop produce the same folders. Runs are resumable, so `--requeue` (preemption,
 * node failure) and resubmitting the script are both safe: finished runs exit at once.
 *
 * The script depends on neither the submitting shell's `PATH` nor its working directory: the
 * project folder and the Node binary are written into it as absolute paths when it is emitted
 * (`GASIL_NODE` overrides the binary; a missing one falls back to `node` on the `PATH`). It can
 * also be run without Slurm, `bash slurm.sbatch INDEX`, to train one unit from a login shell.
 * Its last line prints the follow-up `collect` / `figures` commands with the array job id filled in.
 *
 * Tested against a real one-node Slurm in test/cluster/slurm.test.ts.
 */
import * as path from "node:path";
import { ConfigError } from "../core/errors";
import type { SweepManifest } from "./manifest";
import { PACKAGE_ROOT } from "./provenance";

/** Options of {@link slurmScript}. Each is validated; errors name the `gasil-kit sweep` flag. */
export interface SlurmOptions {
  /** Absolute sweep folder. */
  readonly sweepDir: string;
  /** Partition(s) (`--partition`, comma-separated list allowed), default: the cluster's default. */
  readonly partition?: string;
  /** Account to charge (`--account`), default: the user's default account. */
  readonly account?: string;
  /** Quality of service (`--qos`), default: the account's default. */
  readonly qos?: string;
  /** Wall-clock limit per array task (`--time`), default `"24:00:00"`. */
  readonly time?: string;
  /** CPUs per task, default 2 (one for MuJoCo + TensorFlow.js, one for the WebAssembly threads). */
  readonly cpusPerTask?: number;
  /** Memory per task (`--mem`), default `"8G"`. */
  readonly memory?: string;
  /** Extra `#SBATCH` lines (e.g. `--constraint=avx2`), written as given. */
  readonly extra?: readonly string[];
  /** Maximum simultaneously running array tasks (the array throttle `%N`), default none. */
  readonly maxParallel?: number;
  /** Node.js binary the tasks run (absolute), default the one running this process. */
  readonly nodeBinary?: string;
  /** gasil-kit checkout the tasks run from (absolute), default this package's root. */
  readonly projectDir?: string;
}

/** The `gasil-kit sweep` flags of the options, for error messages. */
export const SLURM_FLAGS = {
  partition: "--slurm-partition",
  account: "--slurm-account",
  qos: "--slurm-qos",
  time: "--slurm-time",
  memory: "--slurm-mem",
  cpusPerTask: "--slurm-cpus-per-task",
  maxParallel: "--slurm-throttle",
} as const;

// Slurm names (partition, account, QOS): letters, digits and `_ - .`; `sbatch` accepts a
// comma-separated list of partitions.
const NAME = /^[A-Za-z0-9_.-]+$/;
// `--time` formats accepted by sbatch: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S, or UNLIMITED/INFINITE.
const TIME = /^(?:\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2}|UNLIMITED|INFINITE)$/i;
// `--mem`: a positive integer with an optional unit (K, M, G, T; megabytes without one).
const MEMORY = /^[1-9]\d*[KMGT]?$/i;
// Characters a path may not contain to be written unquoted into `#SBATCH` lines and the printed
// follow-up commands: whitespace, quotes, `\`, `$`, `` ` ``, and `%` (a Slurm file-name pattern).
const UNSAFE_PATH = /[\s'"\\$`%]/;

function checkName(flag: string, value: string | undefined, list: boolean): void {
  if (value === undefined) return;
  const parts = list ? value.split(",") : [value];
  if (value === "" || parts.some((p) => !NAME.test(p))) {
    throw new ConfigError(
      flag,
      `expected a Slurm name (letters, digits, '_', '-', '.'${list ? "; several separated by commas" : ""}), got ${JSON.stringify(value)}`,
    );
  }
}

function checkPositiveInteger(flag: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1))
    throw new ConfigError(flag, `expected an integer ≥ 1, got ${JSON.stringify(value)}`);
}

function checkPath(what: string, flag: string, p: string): void {
  if (!path.isAbsolute(p)) throw new ConfigError(flag, `${what} must be an absolute path, got ${JSON.stringify(p)}`);
  const bad = UNSAFE_PATH.exec(p);
  if (bad !== null) {
    throw new ConfigError(
      flag,
      `${what} ${JSON.stringify(p)} contains ${JSON.stringify(bad[0])}, which an sbatch script cannot carry unquoted (allowed: no whitespace, quotes, '\\', '$', '\`' or '%'); choose another folder`,
    );
  }
}

/**
 * Check every option (the sweep folder only when given); called by {@link slurmScript}, and by
 * the CLI before it writes anything.
 * @throws ConfigError naming the `gasil-kit sweep` flag, the value and what is allowed.
 */
export function validateSlurmOptions(options: Omit<SlurmOptions, "sweepDir"> & { readonly sweepDir?: string }): void {
  checkName(SLURM_FLAGS.partition, options.partition, true);
  checkName(SLURM_FLAGS.account, options.account, false);
  checkName(SLURM_FLAGS.qos, options.qos, false);
  if (options.time !== undefined && !TIME.test(options.time)) {
    throw new ConfigError(
      SLURM_FLAGS.time,
      `expected a Slurm time limit: MINUTES, MINUTES:SECONDS, HOURS:MINUTES:SECONDS, DAYS-HOURS, DAYS-HOURS:MINUTES, DAYS-HOURS:MINUTES:SECONDS or UNLIMITED; got ${JSON.stringify(options.time)}`,
    );
  }
  if (options.memory !== undefined && !MEMORY.test(options.memory)) {
    throw new ConfigError(
      SLURM_FLAGS.memory,
      `expected memory per task as a positive integer with an optional unit K, M, G or T (megabytes without one), e.g. 8G or 4000; got ${JSON.stringify(options.memory)}`,
    );
  }
  checkPositiveInteger(SLURM_FLAGS.cpusPerTask, options.cpusPerTask);
  checkPositiveInteger(SLURM_FLAGS.maxParallel, options.maxParallel);
  if (options.sweepDir !== undefined) checkPath("the sweep folder", "--sweep", path.resolve(options.sweepDir));
  checkPath("the Node.js binary", "GASIL_NODE", options.nodeBinary ?? process.execPath);
  checkPath("the gasil-kit folder", "--emit-slurm", options.projectDir ?? PACKAGE_ROOT);
}

/**
 * The sbatch script text for a sweep.
 * @throws ConfigError for an invalid option (see {@link validateSlurmOptions}).
 */
export function slurmScript(manifest: SweepManifest, options: SlurmOptions): string {
  validateSlurmOptions(options);
  const sweepDir = path.resolve(options.sweepDir);
  const node = options.nodeBinary ?? process.execPath;
  const project = options.projectDir ?? PACKAGE_ROOT;
  const cli = path.join(project, "bin", "gasil-kit.js");
  const n = manifest.runs.length;
  const array = `0-${n - 1}${options.maxParallel !== undefined ? `%${options.maxParallel}` : ""}`;
  const log = path.join(sweepDir, "slurm", "%A_%a.out");
  const collect = `${node} ${cli} collect --sweep ${sweepDir}`;
  const figures = `${node} ${cli} figures --data ${sweepDir} --out ${path.join(project, "figures")}`;
  const lines = [
    "#!/bin/bash",
    `# Slurm job array for the gasil-kit sweep "${manifest.sweep}" (${n} runs; generated by \`gasil-kit sweep --emit-slurm\`).`,
    `# Submit (from any folder):  sbatch ${path.join(sweepDir, "slurm.sbatch")}`,
    "# Each array task trains one run of manifest.json (array index = run index) and can be",
    "# requeued or resubmitted at will: runs resume from their last checkpoint, finished runs exit at once.",
    `# One log per task: ${path.join(sweepDir, "slurm", "<array job id>_<index>.out")}; states: gasil-kit sweep --sweep ${sweepDir} --list`,
    "# Without Slurm (e.g. from a login shell), train one run:  bash slurm.sbatch INDEX",
    "# The last line of each task's log prints the follow-up collect/figures commands with the job id.",
    `#SBATCH --job-name=gasil-${manifest.sweep}`,
    `#SBATCH --array=${array}`,
    `#SBATCH --cpus-per-task=${options.cpusPerTask ?? 2}`,
    `#SBATCH --mem=${options.memory ?? "8G"}`,
    `#SBATCH --time=${options.time ?? "24:00:00"}`,
    ...(options.partition !== undefined ? [`#SBATCH --partition=${options.partition}`] : []),
    ...(options.account !== undefined ? [`#SBATCH --account=${options.account}`] : []),
    ...(options.qos !== undefined ? [`#SBATCH --qos=${options.qos}`] : []),
    // stdout and stderr of a task go to one file (no --error); %A = array job id, %a = index.
    `#SBATCH --output=${log}`,
    `#SBATCH --chdir=${project}`,
    "#SBATCH --requeue",
    ...(options.extra ?? []).map((e) => `#SBATCH ${e}`),
    "",
    // No `set -e`: the task's exit status is kept and reported after the follow-up line.
    "set -uo pipefail",
    // Absolute paths from emit time: a login node's or a compute node's shell may have another
    // PATH (no `node`, or an older one) and sbatch may be called from any folder.
    `PROJECT=${project}`,
    `SWEEP=${sweepDir}`,
    `NODE="\${GASIL_NODE:-${node}}"`,
    'if [ ! -x "$NODE" ]; then NODE="$(command -v node || true)"; fi',
    'if [ -z "$NODE" ]; then echo "gasil-kit: no Node.js binary (set GASIL_NODE to its absolute path)" >&2; exit 2; fi',
    'INDEX="${SLURM_ARRAY_TASK_ID:-${1:-}}"',
    'if [ -z "$INDEX" ]; then echo "gasil-kit: no run index: submit with sbatch, or run: bash $0 INDEX" >&2; exit 2; fi',
    'JOB="${SLURM_ARRAY_JOB_ID:-}"',
    'cd "$PROJECT"',
    // Bash builtins only ($HOSTNAME, printf's date format): the script needs nothing on the PATH.
    `printf '[gasil-kit] %srun index %s on %s at %(%Y-%m-%dT%H:%M:%S%z)T: %s %s\\n' "\${JOB:+array job $JOB, }" "$INDEX" "$HOSTNAME" -1 "$NODE" "$("$NODE" --version)"`,
    "# --break-lock: Slurm runs one instance per array index, so a lock left by a requeued task's dead node is stale.",
    '"$NODE" "$PROJECT/bin/gasil-kit.js" train --sweep "$SWEEP" --run-index "$INDEX" --break-lock',
    "status=$?",
    'echo "[gasil-kit] run index $INDEX exited with status $status"',
    'if [ -n "$JOB" ]; then',
    `  echo "[gasil-kit] when array job $JOB has finished: sbatch --dependency=afterany:$JOB --chdir=${project} --output=${path.join(sweepDir, "slurm", "collect-%j.out")} --wrap '${collect} && ${figures}'   (or run: ${collect} && ${figures})"`,
    "else",
    `  echo "[gasil-kit] when every run has finished: ${collect} && ${figures}"`,
    "fi",
    'exit "$status"',
    "",
  ];
  return lines.join("\n");
}
