/**
 * The local launcher of a sweep: a pool of worker processes (`child_process.fork`, default one
 * per core), each executing one unit at a time exactly as a user or a Slurm array task would —
 * `gasil-kit train --sweep DIR --run ID` — and reporting progress over the IPC channel.
 *
 * Runs already finished are skipped; partially trained runs resume from their checkpoints, so
 * rerunning the same sweep command after any interruption continues where it stopped. A unit that
 * crashes is reported (with the tail of its log) and the rest of the sweep goes on; it is retried
 * the next time the sweep is started. Workers exit when the pool's process dies (the IPC channel
 * closes), so killing the pool leaves no orphan training.
 */
import { type ChildProcess, fork } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PlannedRun } from "./config";
import { estimatedRunCpuSeconds, estimatedSecondsPerStep, scheduleOrder } from "./cost-model";
import { readLines } from "./durable-files";
import { readManifest, runPaths, runState } from "./manifest";
import { ProgressBoard, type ProgressBoardOptions } from "./progress";
import type { UnitEvent } from "./run-unit";

/** Options of {@link runSweepPool}. */
export interface PoolOptions {
  /** Worker processes (default: `os.availableParallelism()`). */
  readonly workers?: number;
  /** Progress display options (stream, tty, interval). */
  readonly progress?: ProgressBoardOptions;
  /** Script that implements `train` (default: this package's CLI module). */
  readonly cliModule?: string;
  /** Extra environment variables for the workers. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Outcome of a pool session. */
export interface PoolSummary {
  readonly done: readonly string[];
  readonly failed: readonly string[];
  /** Runs whose worker crashed (they stay resumable). */
  readonly errors: readonly { runId: string; exitCode: number | null; signal: string | null; logTail: string }[];
  readonly wallSeconds: number;
}

function defaultCliModule(): string {
  return path.join(__dirname, `cli${path.extname(__filename)}`);
}

/** Env steps (all seeds) already done by a run according to its folder. */
function stepsDone(sweepDir: string, runId: string, numSeeds: number, totalEnvSteps: number): number {
  const { state, status } = runState(sweepDir, runId);
  if (state === "done" || state === "failed") return totalEnvSteps * numSeeds;
  if (state === "partial") {
    try {
      const ckpt = JSON.parse(fs.readFileSync(runPaths(sweepDir, runId).checkpoint, "utf8")) as { envSteps?: number };
      return (ckpt.envSteps ?? 0) * numSeeds;
    } catch {
      return 0;
    }
  }
  void status;
  return 0;
}

/**
 * Execute every unfinished run of a sweep on a pool of worker processes.
 * @param sweepDir a folder holding a manifest (see `prepareSweep`).
 * @returns which runs finished, failed (all seeds non-finite) or crashed in this session.
 */
export async function runSweepPool(sweepDir: string, options: PoolOptions = {}): Promise<PoolSummary> {
  const started = Date.now();
  const manifest = readManifest(sweepDir);
  const workers = Math.max(
    1,
    options.workers ?? (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length),
  );
  const cliModule = options.cliModule ?? defaultCliModule();

  let alreadyDone = 0;
  let stepsAtStart = 0;
  let totalSteps = 0;
  let queue: { run: PlannedRun; runId: string; cost: number }[] = [];
  const stepCosts = new Map<string, number>();
  let workTotal = 0;
  let workAtStart = 0;
  for (const run of manifest.runs) {
    const total = run.train.totalEnvSteps * run.seeds.length;
    totalSteps += total;
    const done = stepsDone(sweepDir, run.runId, run.seeds.length, run.train.totalEnvSteps);
    stepsAtStart += done;
    const stepCost = estimatedSecondsPerStep(run);
    stepCosts.set(run.runId, stepCost);
    workTotal += total * stepCost;
    workAtStart += done * stepCost;
    const { state } = runState(sweepDir, run.runId);
    if (state === "done" || state === "failed") alreadyDone++;
    else queue.push({ run, runId: run.runId, cost: estimatedRunCpuSeconds(run) * (1 - done / total) });
  }
  // Studies in the sweep's order, the most expensive run first within each (src/experiments/cost-model.ts).
  queue = scheduleOrder(queue);

  const board = new ProgressBoard(
    manifest.sweep,
    manifest.runs.length,
    alreadyDone,
    totalSteps,
    stepsAtStart,
    Math.min(workers, Math.max(1, queue.length)),
    { stepCosts, work: { total: workTotal, doneAtStart: workAtStart }, ...options.progress },
  );
  const done: string[] = [];
  const failed: string[] = [];
  const errors: { runId: string; exitCode: number | null; signal: string | null; logTail: string }[] = [];
  if (queue.length === 0) {
    board.line(`sweep ${manifest.sweep}: all ${manifest.runs.length} runs already finished`);
    return { done, failed, errors, wallSeconds: (Date.now() - started) / 1000 };
  }
  board.start();

  const children = new Set<ChildProcess>();
  const killAll = (): void => {
    for (const child of children) child.kill("SIGTERM");
  };
  process.once("exit", killAll);

  const launch = (worker: number, runId: string): Promise<void> =>
    new Promise((resolve) => {
      const logFile = runPaths(sweepDir, runId).log;
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      const logFd = fs.openSync(logFile, "a");
      fs.writeSync(
        logFd,
        `--- ${new Date().toISOString()} worker ${worker + 1} pid ${process.pid}: train --sweep ${sweepDir} --run ${runId}\n`,
      );
      const child = fork(cliModule, ["train", "--sweep", sweepDir, "--run", runId, "--quiet"], {
        stdio: ["ignore", logFd, logFd, "ipc"],
        execArgv: process.execArgv,
        env: { ...process.env, ...(options.env ?? {}), GASIL_WORKER: String(worker + 1) },
      });
      children.add(child);
      let finished: "done" | "failed" | null = null;
      child.on("message", (raw: unknown) => {
        const event = raw as UnitEvent;
        if (event.type === "start")
          board.runStarted(worker, runId, event.numSeeds, event.envSteps, event.totalEnvSteps, event.resumedAtIteration);
        else if (event.type === "progress") board.runProgress(worker, runId, event.iteration, event.envSteps, event.stepsPerSecond);
        else if (event.type === "finished") finished = event.state;
      });
      child.on("exit", (code, signal) => {
        children.delete(child);
        fs.closeSync(logFd);
        if (finished !== null && code === 0) {
          (finished === "done" ? done : failed).push(runId);
          const detail = readFailure(sweepDir, runId) ?? "";
          board.runEnded(worker, runId, finished, detail);
        } else {
          const tail = readLines(logFile).slice(-8).join("\n");
          errors.push({ runId, exitCode: code, signal, logTail: tail });
          board.runEnded(
            worker,
            runId,
            "error",
            `exit code ${String(code)}${signal !== null ? `, signal ${signal}` : ""}; log: ${logFile}\n${tail}`,
          );
        }
        resolve();
      });
    });

  let next = 0;
  const workerLoop = async (worker: number): Promise<void> => {
    while (next < queue.length) {
      const item = queue[next++]!;
      await launch(worker, item.runId);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(workers, queue.length) }, (_, i) => workerLoop(i)));
  } finally {
    process.removeListener("exit", killAll);
    board.stop();
  }
  return { done, failed, errors, wallSeconds: (Date.now() - started) / 1000 };
}

function readFailure(sweepDir: string, runId: string): string | null {
  const { status } = runState(sweepDir, runId);
  if (status === null) return null;
  return status.failedSeeds.map((f) => `seed ${f.seed} at iteration ${f.iteration}: ${f.diagnostic}`).join("; ");
}
