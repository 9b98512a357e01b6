/**
 * The `gasil-kit` command line (npm bin `gasil-kit`, shim `bin/gasil-kit.js`).
 *
 * ```
 * gasil-kit sweep   --preset quick|paper | --config FILE | --sweep DIR  [--out DIR] [--workers N]
 *                   [--emit-slurm [--slurm-partition P] [--slurm-account A] [--slurm-qos Q]
 *                    [--slurm-time T] [--slurm-mem M] [--slurm-cpus-per-task N] [--slurm-throttle N]]
 *                   [--list] [--no-collect]
 * gasil-kit train   --sweep DIR (--run ID | --run-index N) [--break-lock] [--quiet]
 * gasil-kit collect --sweep DIR [--partial]
 * gasil-kit figures [--data DIR] [--out DIR]
 * gasil-kit report  [NAME ...]
 * gasil-kit replay  --sweep DIR --run ID[,ID…] --seed K|median|best[,…] [--out FILE] [--steps N|final]
 *                   [--episode-seed E] [--sample] [--max-steps N] [--inline]
 * gasil-kit presets
 * ```
 * Every command has `--help`. Errors in arguments or configurations exit with code 2 and a
 * message naming the option or field and the allowed values.
 */

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../core/errors";
import { compactSweep } from "./compact";
import { type PlannedRun, parseSweepConfig, planSweep } from "./config";
import { estimatedRunCpuSeconds, scheduledWallSeconds, scheduleOrder } from "./cost-model";
import { readJsonIfExists, writeFileAtomic } from "./durable-files";
import { findRun, prepareSweep, readManifest, runPaths, runState } from "./manifest";
import { runSweepPool } from "./pool";
import { PRESET_NAMES, presetConfig } from "./presets";
import { formatCount, formatDuration } from "./progress";
import { displayPath, PACKAGE_ROOT } from "./provenance";
import { collectResults } from "./results";
import { runUnit, type UnitEvent } from "./run-unit";
import { SLURM_FLAGS, type SlurmOptions, slurmScript, validateSlurmOptions } from "./slurm";
import { loadTrainer, registeredTasks } from "./trainer-api";

/** Parsed command-line options: `--name value`, `--name=value`, bare `--flag` (true), positionals. */
interface Args {
  readonly flags: Map<string, string | true>;
  readonly positionals: string[];
}

function parseArgs(argv: readonly string[], booleans: readonly string[]): Args {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (eq >= 0) flags.set(name, a.slice(eq + 1));
      else if (booleans.includes(name) || i + 1 >= argv.length || argv[i + 1]!.startsWith("--")) flags.set(name, true);
      else flags.set(name, argv[++i]!);
    } else if (a === "-h") flags.set("help", true);
    else positionals.push(a);
  }
  return { flags, positionals };
}

function checkFlags(args: Args, command: string, allowed: readonly string[]): void {
  for (const name of args.flags.keys()) {
    if (!allowed.includes(name) && name !== "help") {
      throw new ConfigError(
        `--${name}`,
        `unknown option of \`gasil-kit ${command}\`; allowed: ${allowed.map((a) => `--${a}`).join(", ")}, --help`,
      );
    }
  }
}

function stringFlag(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new ConfigError(`--${name}`, "expects a value");
  return v;
}

function intFlag(args: Args, name: string, min: number): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`--${name}`, `expected an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
}

const HELP: Record<string, string> = {
  main: `gasil-kit — reproduce GASIL's Figures 6 and 7 (resumable sweeps, tidy results, figures, reports)

Usage: gasil-kit <command> [options]     (gasil-kit <command> --help for details)

Commands:
  sweep     create (or resume) a sweep from a preset or a config file and run it on a worker pool
  train     train one run of a sweep (the unit a worker or a Slurm array task executes)
  collect   write the sweep's tidy table <sweep>/results.csv from its runs
  figures   Figure 6 / Figure 7 (HTML, SVG, PNG) and tables from data/ into figures/ (seconds)
  report    execute the notebooks headless and write HTML reports (scripts/report.mjs)
  replay    an offline 3-D replay page of saved policies (no training)
  presets   list the built-in presets

Typical:  gasil-kit sweep --preset quick && gasil-kit figures && gasil-kit report
`,
  sweep: `gasil-kit sweep — create or resume a sweep and run it on a local worker pool

Usage:
  gasil-kit sweep --preset NAME [--out DIR] [--workers N]
  gasil-kit sweep --config FILE.json [--out DIR] [--workers N]
  gasil-kit sweep --sweep DIR [--workers N]          (resume an existing sweep from its manifest)

Options:
  --preset NAME    built-in sweep: ${PRESET_NAMES.join(", ")} (gasil-kit presets describes them)
  --config FILE    sweep configuration as JSON (see src/experiments/config.ts for the schema)
  --out DIR        sweep folder (default data/<sweep name>)
  --sweep DIR      an existing sweep folder (holding manifest.json)
  --workers N      worker processes (default: one per core)
  --list           print the runs and their state, do not train
  --emit-slurm     write DIR/slurm.sbatch (a job array, one task per run) instead of training;
                   with it (each passed through to #SBATCH lines):
    --slurm-partition P      partition(s), comma-separated (default: the cluster's default)
    --slurm-account A        account to charge
    --slurm-qos Q            quality of service
    --slurm-time T           per-task time limit (default 24:00:00; M, H:M:S, D-H:M:S, ...)
    --slurm-mem M            memory per task (default 8G; K, M, G or T)
    --slurm-cpus-per-task N  CPUs per task (default 2)
    --slurm-throttle N       at most N array tasks at a time (the array's %N)
  --no-collect     do not write DIR/results.csv at the end

Resumable: rerun the same command after any interruption (Ctrl-C, SIGKILL, reboot); finished runs
are skipped and unfinished ones continue from their last checkpoint with identical results.
Exit code: 0 when every run finished, 1 when a run crashed (rerun to retry it), 2 for usage errors.
`,
  train: `gasil-kit train — train one run of a sweep (resumes from its checkpoint)

Usage: gasil-kit train --sweep DIR (--run ID | --run-index N) [--break-lock] [--quiet]

Options:
  --sweep DIR      sweep folder holding manifest.json
  --run ID         run id (gasil-kit sweep --sweep DIR --list shows them)
  --run-index N    run by its position in the manifest (e.g. $SLURM_ARRAY_TASK_ID)
  --break-lock     take over a run locked by a process on another host that is known to be gone
  --quiet          no progress lines

Writes DIR/runs/<ID>/ (rows.jsonl, checkpoint.json, status.json, metadata.json). Safe to kill
at any moment and to rerun; a finished run exits immediately.
`,
  collect: `gasil-kit collect — write the sweep's tidy result table

Usage: gasil-kit collect --sweep DIR [--partial] [--out FILE]
       gasil-kit collect --sweep DIR --compact

Writes DIR/results.csv: one row per run x seed x iteration (runId, unit, sweep, study, task,
method, varied, hyperparameter columns, seed, iteration, envSteps, averageReturn, episodeReturns).
  --partial   include unfinished runs up to their last completed iteration
  --compact   for a sweep to commit: gzip every finished run's rows.jsonl and saved policies in
              place, drop its train.log, and write results.csv.gz instead of results.csv
              (every reader takes both forms; see src/experiments/compact.ts)
`,
  figures: `gasil-kit figures — figures and tables from stored results (seconds, no training)

Usage: gasil-kit figures [--data DIR] [--out DIR] [--reps N]

Options:
  --data DIR   sweep folder with results.csv (default: the largest complete dataset: data/paper,
               then data/standard, then data/quick)
  --out DIR    output folder (default figures/)
  --reps N     bootstrap replicates (default: the analysis defaults)

Writes figure6.{html,svg,png}, figure7-<parameter>.{html,svg,png} (one per varied GASIL
hyperparameter: bufferSize, discriminatorUpdates), the tables (CSV + markdown) under
<out>/tables/<sweep>/<study>/ and <out>/tables/<sweep>/paper-comparison.md. The HTML pages load
plotly.js from <out>/vendor/ (one shared offline copy).
`,
  report: `gasil-kit report — execute the notebooks headless and write HTML reports

Usage: gasil-kit report [NAME ...]     (NAME filters notebooks by substring)

Delegates to scripts/report.mjs; reports go to figures/reports/ and open offline.
`,
  presets: `gasil-kit presets — list the built-in sweep presets, what they run and how long they take

Usage: gasil-kit presets [--workers N]

For each preset: its runs and env steps, the estimated CPU time and the wall time on N workers
(default 2, one core each), from the rates measured on the project's development machine
(src/experiments/cost-model.ts); and, where data/<preset> holds finished runs, their measured CPU time.
`,
  replay: `gasil-kit replay — watch saved policies: one episode each, in a 3-D replay page

Usage: gasil-kit replay --sweep DIR --run ID[,ID...] --seed K[,K...] [--out FILE] [options]

Options:
  --sweep DIR         sweep folder (e.g. data/quick)
  --run ID[,ID...]    run ids (gasil-kit sweep --sweep DIR --list shows them)
  --seed K[,K...]     training seeds whose saved policies to replay, or "median" / "best" (the seed
                      with the median / best final training score of each run); every seed x run
                      pair becomes a panel, all panels side by side and synchronised
  --out FILE          page to write (default figures/replays/<run>-seed<K>.html)
  --steps N|final     which saved policy: the final one (default) or the save after N env steps
  --episode-seed E    seed of the replayed episode's reset (default 0)
  --sample            sample actions from the policy (default: its mean action)
  --max-steps N       stop the episode after N steps (default: the task's time limit)
  --inline            one self-contained file (default: plotly.js and the viewer from <out>/../vendor/)

Policies are saved by every sweep run under DIR/runs/<ID>/policies/seed-<K>/ (final.json, and
steps-<N>.json every 10^5 env steps). The page plays offline.
`,
};

function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Print a command's help; the command then exits with status 0. */
function printHelp(command: string): number {
  print(HELP[command]!);
  return 0;
}

function defaultSweepDir(name: string): string {
  return path.resolve(process.cwd(), "data", name);
}

async function cmdTrain(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ["break-lock", "quiet"]);
  if (args.flags.has("help")) return printHelp("train");
  checkFlags(args, "train", ["sweep", "run", "run-index", "break-lock", "quiet"]);
  const sweepDir = stringFlag(args, "sweep");
  if (sweepDir === undefined) throw new ConfigError("--sweep", "required (the sweep folder holding manifest.json)");
  const runId = stringFlag(args, "run");
  const runIndex = intFlag(args, "run-index", 0);
  if ((runId === undefined) === (runIndex === undefined)) throw new ConfigError("--run", "give exactly one of --run ID or --run-index N");
  const ipc = typeof process.send === "function";
  const quiet = args.flags.has("quiet");
  if (ipc) process.on("disconnect", onPoolGone);
  let lastPrint = 0;
  const onEvent = (event: UnitEvent): void => {
    if (ipc) process.send!(event);
    if (quiet) return;
    if (event.type === "start") {
      print(
        `[${event.runId}] ${event.resumedAtIteration !== null ? `resuming at iteration ${event.resumedAtIteration}` : "starting"}: ${event.numSeeds} seeds × ${formatCount(event.totalEnvSteps)} steps`,
      );
    } else if (event.type === "progress") {
      if (Date.now() - lastPrint < 5000 && event.envSteps < event.totalEnvSteps) return;
      lastPrint = Date.now();
      const eta =
        event.stepsPerSecond > 0 ? formatDuration(((event.totalEnvSteps - event.envSteps) * event.numSeeds) / event.stepsPerSecond) : "?";
      print(
        `[${event.runId}] iteration ${event.iteration} · ${formatCount(event.envSteps)}/${formatCount(event.totalEnvSteps)} steps × ${event.numSeeds} seeds · ${formatCount(event.stepsPerSecond)} steps/s · ETA ${eta}`,
      );
    } else {
      const failed = event.failedSeeds.map((f) => `seed ${f.seed} non-finite at iteration ${f.iteration} (${f.diagnostic})`).join("; ");
      print(
        `[${event.runId}] ${event.alreadyFinished ? "already finished" : "finished"}: ${event.state}${failed !== "" ? ` — ${failed}` : ""}${event.alreadyFinished ? "" : ` in ${formatDuration(event.trainSeconds)}`}`,
      );
    }
  };
  const status = await runUnit(path.resolve(sweepDir), runId ?? runIndex!, { onEvent, breakLock: args.flags.has("break-lock") });
  return status.state === "done" || status.state === "failed" ? 0 : 1;
}

/** `gasil-kit sweep` flags passed through to the sbatch script (only with --emit-slurm). */
const SLURM_CLI_FLAGS = Object.values(SLURM_FLAGS).map((f) => f.slice(2));

/** The Slurm options of `gasil-kit sweep`, or null without --emit-slurm (then none may be given). */
function slurmFlags(args: Args): Omit<SlurmOptions, "sweepDir"> | null {
  if (!args.flags.has("emit-slurm")) {
    const stray = SLURM_CLI_FLAGS.find((f) => args.flags.has(f));
    if (stray !== undefined) throw new ConfigError(`--${stray}`, "only allowed with --emit-slurm");
    return null;
  }
  const text = (flag: string): string | undefined => stringFlag(args, flag.slice(2));
  const integer = (flag: string): number | undefined => intFlag(args, flag.slice(2), 1);
  const options = {
    partition: text(SLURM_FLAGS.partition),
    account: text(SLURM_FLAGS.account),
    qos: text(SLURM_FLAGS.qos),
    time: text(SLURM_FLAGS.time),
    memory: text(SLURM_FLAGS.memory),
    cpusPerTask: integer(SLURM_FLAGS.cpusPerTask),
    maxParallel: integer(SLURM_FLAGS.maxParallel),
  };
  // exactOptionalPropertyTypes: leave unset options out rather than passing undefined.
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Omit<SlurmOptions, "sweepDir">;
  validateSlurmOptions(defined);
  return defined;
}

/** Newest Slurm log (`<job id>_<index>.out`, highest job id) per array index in DIR/slurm. */
function newestSlurmLogs(sweepDir: string): Map<number, string> {
  const newest = new Map<number, { job: number; name: string }>();
  let names: string[] = [];
  try {
    names = fs.readdirSync(path.join(sweepDir, "slurm"));
  } catch {
    return new Map();
  }
  for (const name of names) {
    const m = /^(\d+)_(\d+)\.out$/.exec(name);
    if (m === null) continue;
    const job = Number(m[1]);
    const index = Number(m[2]);
    if ((newest.get(index)?.job ?? -1) < job) newest.set(index, { job, name });
  }
  return new Map([...newest].map(([i, v]) => [i, v.name]));
}

/** Iteration and env steps of a partial run's checkpoint (null when unreadable). */
function checkpointProgress(sweepDir: string, runId: string): { iteration: number; envSteps: number } | null {
  const ckpt = readJsonIfExists<{ iteration?: unknown; envSteps?: unknown }>(runPaths(sweepDir, runId).checkpoint);
  return ckpt !== null && typeof ckpt.iteration === "number" && typeof ckpt.envSteps === "number"
    ? { iteration: ckpt.iteration, envSteps: ckpt.envSteps }
    : null;
}

function loadConfigFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError("--config", `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError("--config", `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

async function cmdSweep(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ["emit-slurm", "list", "no-collect"]);
  if (args.flags.has("help")) return printHelp("sweep");
  checkFlags(args, "sweep", ["preset", "config", "out", "sweep", "workers", "list", "emit-slurm", ...SLURM_CLI_FLAGS, "no-collect"]);
  // Checked before anything is written: a Slurm flag without --emit-slurm is a mistake, not a no-op.
  const slurmOptions = slurmFlags(args);
  const preset = stringFlag(args, "preset");
  const configFile = stringFlag(args, "config");
  const existing = stringFlag(args, "sweep");
  if ([preset, configFile, existing].filter((x) => x !== undefined).length !== 1) {
    throw new ConfigError("--preset", "give exactly one of --preset NAME, --config FILE or --sweep DIR");
  }
  const workers = intFlag(args, "workers", 1);
  let sweepDir: string;
  if (existing !== undefined) {
    if (args.flags.has("out")) throw new ConfigError("--out", "not allowed with --sweep DIR (the folder is given)");
    sweepDir = path.resolve(existing);
    readManifest(sweepDir);
  } else {
    const raw = preset !== undefined ? presetConfig(preset) : loadConfigFile(configFile!);
    const name = typeof (raw as { name?: unknown }).name === "string" ? (raw as { name: string }).name : "sweep";
    sweepDir = path.resolve(stringFlag(args, "out") ?? defaultSweepDir(name));
    if (slurmOptions !== null) validateSlurmOptions({ ...slurmOptions, sweepDir }); // before the manifest is written
    const source = loadTrainer();
    const prepared = prepareSweep(sweepDir, raw, source.api, source.module, registeredTasks());
    print(
      `${prepared.created ? "created" : "resuming"} sweep ${prepared.manifest.sweep} in ${displayPath(sweepDir, process.cwd())} (${prepared.manifest.runs.length} runs)`,
    );
  }
  const manifest = readManifest(sweepDir);

  if (args.flags.has("list")) {
    const logs = newestSlurmLogs(sweepDir);
    for (const run of manifest.runs) {
      const { state, status } = runState(sweepDir, run.runId);
      const at = state === "partial" ? checkpointProgress(sweepDir, run.runId) : null;
      const log = logs.get(run.index);
      print(
        `${String(run.index).padStart(4)}  ${state.padEnd(8)} ${run.runId}  seeds ${run.seeds.join(",")}  ${at !== null ? `at iteration ${at.iteration}, ${formatCount(at.envSteps)}/` : ""}${formatCount(run.train.totalEnvSteps)} steps${status?.failedSeeds.length ? `  failed seeds: ${status.failedSeeds.map((f) => f.seed).join(",")}` : ""}${log !== undefined ? `  log ${path.join("slurm", log)}` : ""}`,
      );
    }
    return 0;
  }
  if (slurmOptions !== null) {
    const file = path.join(sweepDir, "slurm.sbatch");
    const script = slurmScript(manifest, { sweepDir, ...slurmOptions }); // validates before writing
    // Slurm opens each task's log in DIR/slurm/ before the task starts: the folder must exist.
    fs.mkdirSync(path.join(sweepDir, "slurm"), { recursive: true });
    writeFileAtomic(file, script);
    fs.chmodSync(file, 0o755);
    const throttle = slurmOptions.maxParallel !== undefined ? `, at most ${slurmOptions.maxParallel} at a time` : "";
    const shown = displayPath(file, process.cwd());
    print(`wrote ${shown} (array of ${manifest.runs.length} tasks${throttle}); submit with: sbatch ${file}`);
    print(
      `each task logs to ${path.join(sweepDir, "slurm", "<job id>_<index>.out")}, whose last line gives the collect/figures commands; states: gasil-kit sweep --sweep ${sweepDir} --list`,
    );
    return 0;
  }

  const summary = await runSweepPool(sweepDir, workers !== undefined ? { workers } : {});
  if (!args.flags.has("no-collect")) {
    const collected = collectResults(sweepDir);
    print(
      `wrote ${displayPath(collected.file, process.cwd())}: ${collected.rows} rows from ${collected.runsIncluded} runs${collected.runsMissing.length > 0 ? ` (${collected.runsMissing.length} runs unfinished)` : ""}`,
    );
    for (const f of collected.failedSeeds) print(`  failed seed: ${f.runId} seed ${f.seed} at iteration ${f.iteration}: ${f.diagnostic}`);
  }
  for (const e of summary.errors)
    print(
      `run ${e.runId} crashed (exit ${String(e.exitCode)}${e.signal !== null ? `, ${e.signal}` : ""}); rerun the same command to retry it. Last log lines:\n${e.logTail}`,
    );
  return summary.errors.length > 0 ? 1 : 0;
}

async function cmdCollect(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ["partial", "compact"]);
  if (args.flags.has("help")) return printHelp("collect");
  checkFlags(args, "collect", ["sweep", "partial", "out", "compact"]);
  const sweepDir = stringFlag(args, "sweep");
  if (sweepDir === undefined) throw new ConfigError("--sweep", "required (the sweep folder holding manifest.json)");
  const out = stringFlag(args, "out");
  if (args.flags.has("compact")) {
    if (out !== undefined || args.flags.has("partial")) throw new ConfigError("--compact", "takes neither --out nor --partial");
    const compacted = compactSweep(path.resolve(sweepDir));
    print(
      `compacted ${compacted.runsCompacted} finished runs; wrote ${displayPath(compacted.resultsFile, process.cwd())}; ` +
        `the sweep folder now holds ${formatCount(compacted.bytes)} bytes` +
        (compacted.runsUnfinished.length > 0 ? ` (${compacted.runsUnfinished.length} unfinished runs left as they are)` : ""),
    );
    return 0;
  }
  const summary = collectResults(path.resolve(sweepDir), {
    includePartial: args.flags.has("partial"),
    ...(out !== undefined ? { out: path.resolve(out) } : {}),
  });
  print(
    `wrote ${displayPath(summary.file, process.cwd())}: ${summary.rows} rows from ${summary.runsIncluded} runs${summary.runsMissing.length > 0 ? `; unfinished: ${summary.runsMissing.join(", ")}` : ""}`,
  );
  return 0;
}

async function cmdFigures(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, []);
  if (args.flags.has("help")) return printHelp("figures");
  checkFlags(args, "figures", ["data", "out", "reps"]);
  // Loaded on demand: workers (`train`) never pay for the analysis and plotting modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { writeFigures } = require("./figures") as typeof import("./figures");
  const data = stringFlag(args, "data");
  const out = stringFlag(args, "out");
  const reps = intFlag(args, "reps", 10);
  const written = await writeFigures({
    ...(data !== undefined ? { dataDir: path.resolve(data) } : {}),
    outDir: path.resolve(out ?? "figures"),
    ...(reps !== undefined ? { reps } : {}),
    log: print,
  });
  print(`wrote ${written.length} files`);
  return 0;
}

function cmdReport(argv: readonly string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) return printHelp("report");
  const script = path.join(PACKAGE_ROOT, "scripts", "report.mjs");
  if (!fs.existsSync(script)) throw new ConfigError("report", `${script} not found (run from a gasil-kit checkout)`);
  const result = spawnSync(process.execPath, [script, ...argv], { stdio: "inherit", cwd: PACKAGE_ROOT });
  return result.status ?? 1;
}

function listFlag(args: Args, name: string): string[] | undefined {
  const v = stringFlag(args, name);
  return v === undefined
    ? undefined
    : v
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== "");
}

async function cmdReplay(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, ["sample", "inline"]);
  if (args.flags.has("help")) {
    print(HELP["replay"]!);
    return 0;
  }
  checkFlags(args, "replay", ["sweep", "run", "seed", "out", "steps", "episode-seed", "sample", "max-steps", "inline"]);
  const sweepFlag = stringFlag(args, "sweep");
  if (sweepFlag === undefined) throw new ConfigError("--sweep", "required (the sweep folder holding manifest.json, e.g. data/quick)");
  const sweepDir = path.resolve(sweepFlag);
  const manifest = readManifest(sweepDir);
  const runs = listFlag(args, "run");
  if (runs === undefined || runs.length === 0) {
    throw new ConfigError("--run", `required; runs of ${manifest.sweep}: ${manifest.runs.map((r) => r.runId).join(", ")}`);
  }
  const seedsText = listFlag(args, "seed");
  const planned = runs.map((id) => findRun(manifest, id));
  if (seedsText === undefined || seedsText.length === 0) {
    throw new ConfigError("--seed", `required; seeds of ${planned[0]!.runId}: ${planned[0]!.seeds.join(", ")}`);
  }
  // Each entry: a training seed, or "median" / "best" (picked per run by final training score).
  const seeds = seedsText.map((t): number | "median" | "best" => {
    if (t === "median" || t === "best") return t;
    const n = Number(t);
    if (!Number.isInteger(n) || n < 0)
      throw new ConfigError(
        "--seed",
        `expected non-negative integers, "median" or "best", got ${JSON.stringify(t)}; seeds of ${planned[0]!.runId}: ${planned[0]!.seeds.join(", ")}`,
      );
    return n;
  });
  const stepsText = stringFlag(args, "steps");
  let which: "final" | number = "final";
  if (stepsText !== undefined && stepsText !== "final") {
    which = Number(stepsText);
    if (!Number.isInteger(which) || which < 1)
      throw new ConfigError("--steps", `expected "final" or a positive integer, got ${JSON.stringify(stepsText)}`);
  }
  const episodeSeed = intFlag(args, "episode-seed", 0);
  const maxSteps = intFlag(args, "max-steps", 1);
  // Loaded on demand: the other commands never pay for the learner and the viewer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { recordSweepReplay, medianAndBestSeeds } = require("./replays") as typeof import("./replays");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { writeReplayPage } = require("../plots/replay") as typeof import("../plots/replay");
  const replays = [];
  // Seeds outer, runs inner: with several runs, each seed (or pick) shows the runs next to each other.
  for (const entry of seeds) {
    for (const run of planned) {
      const seed = typeof entry === "number" ? entry : medianAndBestSeeds(sweepDir, run.runId)[entry].seed;
      const replay = await recordSweepReplay(sweepDir, run.runId, seed, {
        which,
        deterministic: !args.flags.has("sample"),
        ...(episodeSeed !== undefined ? { episodeSeed } : {}),
        ...(maxSteps !== undefined ? { maxSteps } : {}),
        ...(typeof entry === "string" ? { seedNote: `${entry} seed (${seed})` } : {}),
      });
      print(
        `${replay.title}: episode return ${replay.return.toFixed(1)} in ${replay.length} steps${replay.terminated ? " (terminated)" : ""}`,
      );
      replays.push(replay);
    }
  }
  const out = path.resolve(
    stringFlag(args, "out") ?? path.join("figures", "replays", `${planned.map((r) => r.runId).join("+")}-seed${seeds.join("-")}.html`),
  );
  const written = writeReplayPage(out, replays, {
    assets: args.flags.has("inline") ? "inline" : "vendor",
    title:
      replays.length === 1
        ? `${manifest.sweep}: ${replays[0]!.title}`
        : `${manifest.sweep} · ${[...new Set(replays.map((r) => r.envId))].join(", ")}: ${[...new Set(replays.map((r) => r.policy.label))].join(" vs ")} (${replays.length} replays)`,
    description:
      `Saved policies of sweep ${manifest.sweep} (runs ${planned.map((r) => r.runId).join(", ")}), replayed without training: ` +
      `one episode each from episode seed ${episodeSeed ?? 0} with ${args.flags.has("sample") ? "sampled" : "mean (deterministic)"} actions. ` +
      "Panels share one clock; under each scene the undelayed reward, the delayed reward the agent received and, for GASIL+PPO, −log D.",
  });
  print(
    `wrote ${path.relative(process.cwd(), written.file)} (${formatCount(fs.statSync(written.file).size)} bytes${written.assets.length > 0 ? `; uses ${written.assets.map((a) => path.relative(process.cwd(), a)).join(", ")}` : ""})`,
  );
  return 0;
}

function cmdPresets(argv: readonly string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) return printHelp("presets");
  const args = parseArgs(argv, []);
  checkFlags(args, "presets", ["workers"]);
  const workers = intFlag(args, "workers", 1) ?? 2;
  const source = loadTrainer();
  for (const name of PRESET_NAMES) {
    const raw = presetConfig(name) as { description?: string };
    const runs = planSweep(parseSweepConfig(raw), source.api);
    const jobs = scheduleOrder(runs.map((run) => ({ run, cost: estimatedRunCpuSeconds(run) })));
    const cpu = jobs.reduce((acc, j) => acc + j.cost, 0);
    const steps = runs.reduce((acc, r) => acc + r.seeds.length * r.train.totalEnvSteps, 0);
    const wall = scheduledWallSeconds(
      jobs.map((j) => j.cost),
      workers,
    );
    print(`${name}: ${raw.description ?? ""}`);
    print(
      `  ${runs.length} runs, ${formatCount(steps)} env steps; estimated ${formatDuration(cpu)} CPU, ` +
        `${formatDuration(wall)} wall on ${workers} worker${workers === 1 ? "" : "s"} (one core each; src/experiments/cost-model.ts)`,
    );
    const measured = measuredCpu(path.join(PACKAGE_ROOT, "data", name), runs);
    if (measured !== null) {
      print(
        `  measured in data/${name}: ${measured.runs} of ${runs.length} runs finished, ${formatDuration(measured.cpu)} CPU ` +
          `(the estimate for those runs: ${formatDuration(measured.estimate)})`,
      );
    }
  }
  return 0;
}

/** CPU seconds recorded by the finished runs of a committed sweep, with the model's estimate for them. */
function measuredCpu(sweepDir: string, runs: readonly PlannedRun[]): { runs: number; cpu: number; estimate: number } | null {
  let count = 0;
  let cpu = 0;
  let estimate = 0;
  for (const run of runs) {
    const meta = readJsonIfExists<{ state?: string; cpuSeconds?: number }>(runPaths(sweepDir, run.runId).metadata);
    if (meta?.state !== "done" || typeof meta.cpuSeconds !== "number") continue;
    count++;
    cpu += meta.cpuSeconds;
    estimate += estimatedRunCpuSeconds(run);
  }
  return count === 0 ? null : { runs: count, cpu, estimate };
}

/**
 * Run the CLI with `argv` (without `node` and the script) and return the exit code.
 * Usage errors (ConfigError) are printed and give 2.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        print(HELP["main"]!);
        return command === undefined ? 2 : 0;
      case "train":
        return await cmdTrain(rest);
      case "sweep":
        return await cmdSweep(rest);
      case "collect":
        return await cmdCollect(rest);
      case "figures":
        return await cmdFigures(rest);
      case "report":
        return cmdReport(rest);
      case "presets":
        return cmdPresets(rest);
      case "replay":
        return await cmdReplay(rest);
      default:
        throw new ConfigError(
          "command",
          `unknown command ${JSON.stringify(command)}; allowed: sweep, train, collect, figures, report, replay, presets`,
        );
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`gasil-kit: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** The pool that forked this worker died (IPC closed): stop at once; the run stays resumable. */
function onPoolGone(): void {
  process.exit(130);
}

/** Exit after stdout/stderr and the IPC channel have drained. */
function exitWhenFlushed(code: number): void {
  const finish = (): void => {
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  };
  if (typeof process.send === "function" && process.connected) {
    // An empty message's callback fires after earlier messages were handed to the channel.
    process.send({ type: "exit", code }, () => {
      process.removeListener("disconnect", onPoolGone);
      process.disconnect();
      finish();
    });
  } else finish();
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => {
    process.stderr.write(`gasil-kit: ${(error as Error).stack ?? String(error)}\n`);
    exitWhenFlushed(1);
  });
}
