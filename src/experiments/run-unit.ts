/**
 * One unit of a sweep: train one planned run (one config × a population of seeds) to the end,
 * streaming a row per iteration to disk and checkpointing regularly, so that the process can be
 * killed (SIGKILL included) at any moment and restarted with the same command.
 *
 * ## Why resuming can neither lose nor duplicate rows
 * `rows.jsonl` is append-only and fsync'd after each iteration. Every checkpoint (written
 * atomically: temp file + fsync + rename) records the trainer state **and the byte length of
 * `rows.jsonl` at that moment**. On start, the unit restores the latest checkpoint and cuts
 * `rows.jsonl` back to that length — every row after the checkpoint (and any half-written line)
 * disappears, and the restored trainer regenerates exactly those iterations. Without a checkpoint
 * the log is cut to zero and training starts afresh. Hence the rows on disk are always the rows
 * of one uninterrupted sequence of iterations, and with a deterministic trainer (same config +
 * seeds + backend → same numbers) the final file equals that of an uninterrupted run.
 *
 * Saved policies (`policies/seed-<k>/steps-<n>.json` after each iteration that crosses a multiple
 * of 10⁵ env steps, `final.json` at the end) are written after the iteration's row and before its
 * checkpoint. A kill between the two makes the resumed run regenerate the same iteration and
 * rewrite the same bytes (the files hold no clock values), so resuming gives the same files too.
 *
 * The run is finished when `status.json` says `done` (or `failed`, when every seed went
 * non-finite); `metadata.json` is written just before it and the checkpoint removed just after.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { backendInfo, initBackend } from "../core/backend";
import { LineLog, readJsonIfExists, writeJsonAtomic } from "./durable-files";
import { type FailedSeed, findRun, type RunStatus, readManifest, runPaths } from "./manifest";
import { crossesPolicySave, POLICY_SAVE_EVERY, writePolicies } from "./policies";
import { gitInfo, machineInfo, mujocoVersion, packageVersions } from "./provenance";
import { type IterationReportLike, loadTrainer, type TrainerLike } from "./trainer-api";

/** Format tag of `checkpoint.json`. */
export const CHECKPOINT_FORMAT = "gasil-kit-run-checkpoint/1";

/** Contents of `checkpoint.json`. */
interface RunCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly runId: string;
  readonly iteration: number;
  readonly envSteps: number;
  /** Length of rows.jsonl (bytes) holding exactly the rows of iterations 1..iteration. */
  readonly rowsBytes: number;
  /** Sum of the kept iterations' wall times (seconds). */
  readonly trainSeconds: number;
  /** Sum of the kept iterations' CPU times of this process (user + system, seconds). */
  readonly cpuSeconds?: number;
  readonly failedSeeds: readonly FailedSeed[];
  readonly startedAt: string;
  readonly resumes: number;
  readonly trainer: unknown;
}

/** Events a unit reports (to the pool over IPC, or printed by the CLI). */
export type UnitEvent =
  | {
      readonly type: "start";
      readonly runId: string;
      readonly numSeeds: number;
      readonly totalEnvSteps: number;
      readonly resumedAtIteration: number | null;
      readonly envSteps: number;
    }
  | {
      readonly type: "progress";
      readonly runId: string;
      readonly iteration: number;
      readonly envSteps: number;
      readonly totalEnvSteps: number;
      readonly numSeeds: number;
      readonly stepsPerSecond: number;
    }
  | {
      readonly type: "finished";
      readonly runId: string;
      readonly state: "done" | "failed";
      readonly failedSeeds: readonly FailedSeed[];
      readonly trainSeconds: number;
      readonly alreadyFinished: boolean;
    };

/** Options of {@link runUnit}. */
export interface UnitOptions {
  /** Receives start / progress / finished events. */
  readonly onEvent?: (event: UnitEvent) => void;
  /** Take over a lock held by another host (use when that machine is known to be gone). */
  readonly breakLock?: boolean;
  /** Stop (as if killed) after this many iterations in this session; for tests and time-boxed jobs. */
  readonly maxIterations?: number;
}

/** One line of `rows.jsonl`. */
export interface RowRecord {
  readonly iteration: number;
  /** Environment steps per seed after this iteration. */
  readonly envSteps: number;
  readonly wallSeconds: number;
  readonly seeds: readonly {
    readonly seed: number;
    readonly averageReturn: number | null;
    readonly episodeReturns: readonly number[];
    readonly episodeLengths: readonly number[];
    readonly diagnostics: Readonly<Record<string, number | null>>;
    readonly finite: boolean;
  }[];
}

function describeNonFinite(seed: IterationReportLike["seeds"][number]): string {
  const bad = Object.entries(seed.diagnostics)
    .filter(([, v]) => typeof v !== "number" || !Number.isFinite(v))
    .map(([k, v]) => `${k}=${String(v)}`);
  if (seed.averageReturn !== null && !Number.isFinite(seed.averageReturn)) bad.push(`averageReturn=${String(seed.averageReturn)}`);
  return bad.length > 0 ? `non-finite: ${bad.join(", ")}` : "the trainer reported non-finite losses or parameters";
}

function acquireLock(file: string, breakLock: boolean, runId: string): void {
  const me = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let holder: { pid: number; host: string } | null = null;
    try {
      holder = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number; host: string };
    } catch {
      holder = null; // half-written lock from a killed process: stale
    }
    let stale = holder === null || breakLock;
    if (!stale && holder !== null && holder.host === me.host) {
      try {
        process.kill(holder.pid, 0);
      } catch (error) {
        stale = (error as NodeJS.ErrnoException).code === "ESRCH";
      }
    }
    if (stale) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (attempt < 40 && holder !== null && holder.host === me.host) {
      // A process of this host still holds it (e.g. an orphan of a killed pool that is exiting).
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
      continue;
    }
    throw new Error(
      `run ${runId} is being trained by pid ${holder?.pid} on ${holder?.host} (${file}); if that process is gone, rerun with --break-lock`,
    );
  }
  throw new Error(`could not take the lock ${file}`);
}

/**
 * Train one run of a sweep to completion, resuming from its latest checkpoint.
 * @param sweepDir the sweep folder (holding manifest.json).
 * @param runRef run id, or its manifest index (e.g. a Slurm array index).
 * @returns the final status (`done` or `failed`), or the `running` status when stopped by `maxIterations`.
 * @throws ConfigError for an unknown sweep/run; Error when the run is locked by a live process
 *   or the trainer throws (the run then stays resumable from its last checkpoint).
 */
export async function runUnit(sweepDir: string, runRef: string | number, options: UnitOptions = {}): Promise<RunStatus> {
  const manifest = readManifest(sweepDir);
  const run = findRun(manifest, runRef);
  const paths = runPaths(sweepDir, run.runId);
  const emit = options.onEvent ?? (() => undefined);
  const totalEnvSteps = run.train.totalEnvSteps;

  const finalStatus = readJsonIfExists<RunStatus>(paths.status);
  if (finalStatus !== null && (finalStatus.state === "done" || finalStatus.state === "failed")) {
    fs.rmSync(paths.checkpoint, { force: true }); // left over when killed right after finishing
    emit({
      type: "finished",
      runId: run.runId,
      state: finalStatus.state,
      failedSeeds: finalStatus.failedSeeds,
      trainSeconds: 0,
      alreadyFinished: true,
    });
    return finalStatus;
  }

  fs.mkdirSync(paths.dir, { recursive: true });
  acquireLock(paths.lock, options.breakLock ?? false, run.runId);
  let trainer: TrainerLike | null = null;
  let log: LineLog | null = null;
  try {
    const source = loadTrainer();
    await initBackend();
    const ckpt = readJsonIfExists<RunCheckpoint>(paths.checkpoint);
    if (ckpt !== null && (ckpt.format !== CHECKPOINT_FORMAT || ckpt.runId !== run.runId)) {
      throw new Error(`${paths.checkpoint}: not a checkpoint of run ${run.runId} (format ${String(ckpt.format)})`);
    }
    let failedSeeds: FailedSeed[] = ckpt !== null ? [...ckpt.failedSeeds] : [];
    let trainSeconds = ckpt?.trainSeconds ?? 0;
    let cpuSeconds = ckpt?.cpuSeconds ?? 0;
    const startedAt = ckpt?.startedAt ?? new Date().toISOString();
    const resumes = ckpt !== null ? ckpt.resumes + 1 : 0;
    trainer = ckpt !== null ? await source.api.restoreTrainer(ckpt.trainer) : await source.api.createTrainer(run.train, [...run.seeds]);
    log = new LineLog(paths.rows, ckpt?.rowsBytes ?? 0);
    if (trainer.iteration !== (ckpt?.iteration ?? 0)) {
      throw new Error(`restored trainer is at iteration ${trainer.iteration}, checkpoint says ${ckpt?.iteration ?? 0}`);
    }

    const writeStatus = (state: RunStatus["state"]): RunStatus => {
      const status: RunStatus = {
        runId: run.runId,
        state,
        iteration: trainer!.iteration,
        envSteps: trainer!.envSteps,
        failedSeeds,
        updatedAt: new Date().toISOString(),
      };
      writeJsonAtomic(paths.status, status);
      return status;
    };
    const writeCheckpoint = (): void => {
      const state: RunCheckpoint = {
        format: CHECKPOINT_FORMAT,
        runId: run.runId,
        iteration: trainer!.iteration,
        envSteps: trainer!.envSteps,
        rowsBytes: log!.bytes,
        trainSeconds,
        cpuSeconds,
        failedSeeds,
        startedAt,
        resumes,
        trainer: trainer!.checkpoint(),
      };
      writeJsonAtomic(paths.checkpoint, state);
    };

    writeStatus("running");
    emit({
      type: "start",
      runId: run.runId,
      numSeeds: run.seeds.length,
      totalEnvSteps,
      resumedAtIteration: ckpt?.iteration ?? null,
      envSteps: trainer.envSteps,
    });
    const checkpointEvery = manifest.config.checkpointEvery;
    const policySaveEvery = manifest.config.policySaveEvery ?? POLICY_SAVE_EVERY;
    let sessionIterations = 0;
    let allFailed = failedSeeds.length === run.seeds.length;
    while (!trainer.done && !allFailed) {
      if (options.maxIterations !== undefined && sessionIterations >= options.maxIterations) {
        writeCheckpoint();
        return writeStatus("running");
      }
      const previousEnvSteps = trainer.envSteps;
      const cpuBefore = process.cpuUsage();
      const report = await trainer.runIteration();
      const cpu = process.cpuUsage(cpuBefore);
      sessionIterations++;
      trainSeconds += report.wallSeconds;
      cpuSeconds += (cpu.user + cpu.system) / 1e6;
      const row: RowRecord = {
        iteration: report.iteration,
        envSteps: report.envSteps,
        wallSeconds: report.wallSeconds,
        seeds: report.seeds.map((s) => ({
          seed: s.seed,
          averageReturn: s.averageReturn,
          episodeReturns: [...s.episodeReturns],
          episodeLengths: [...s.episodeLengths],
          diagnostics: Object.fromEntries(Object.entries(s.diagnostics).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
          finite: s.finite && (s.averageReturn === null || Number.isFinite(s.averageReturn)),
        })),
      };
      log.append([JSON.stringify(row)]);
      if (trainer.exportPolicies !== undefined && crossesPolicySave(previousEnvSteps, report.envSteps, policySaveEvery)) {
        writePolicies(sweepDir, manifest.sweep, run.runId, trainer.exportPolicies(), report.envSteps);
      }
      for (const s of report.seeds) {
        const finite = s.finite && (s.averageReturn === null || Number.isFinite(s.averageReturn));
        if (!finite && !failedSeeds.some((f) => f.seed === s.seed)) {
          failedSeeds = [...failedSeeds, { seed: s.seed, iteration: report.iteration, diagnostic: describeNonFinite(s) }];
        }
      }
      allFailed = failedSeeds.length === run.seeds.length;
      emit({
        type: "progress",
        runId: run.runId,
        iteration: report.iteration,
        envSteps: report.envSteps,
        totalEnvSteps,
        numSeeds: run.seeds.length,
        stepsPerSecond: report.wallSeconds > 0 ? ((report.envSteps - previousEnvSteps) * run.seeds.length) / report.wallSeconds : 0,
      });
      if (!trainer.done && !allFailed && report.iteration % checkpointEvery === 0) writeCheckpoint();
      // Let the event loop run between iterations: progress messages reach the pool, and a worker
      // whose pool died sees its IPC channel close and stops (a trainer's awaits may never yield).
      await new Promise((resolve) => setImmediate(resolve));
    }

    if (trainer.exportPolicies !== undefined) writePolicies(sweepDir, manifest.sweep, run.runId, trainer.exportPolicies(), "final");
    const finishedAt = new Date().toISOString();
    const state: "done" | "failed" = allFailed ? "failed" : "done";
    writeJsonAtomic(paths.metadata, {
      runId: run.runId,
      sweep: manifest.sweep,
      study: run.study,
      task: run.task,
      method: run.method,
      varied: run.varied,
      hyperparameters: run.hyperparameters,
      seeds: run.seeds,
      state,
      failedSeeds,
      iterations: trainer.iteration,
      envStepsPerSeed: trainer.envSteps,
      config: run.train,
      trainSeconds,
      cpuSeconds,
      startedAt,
      finishedAt,
      resumes,
      git: gitInfo(),
      packages: packageVersions(),
      mujocoVersion: await mujocoVersion(),
      backend: backendInfo(),
      trainerModule: source.module,
      machine: machineInfo(),
    });
    const status = writeStatus(state);
    fs.rmSync(paths.checkpoint, { force: true });
    emit({ type: "finished", runId: run.runId, state, failedSeeds, trainSeconds, alreadyFinished: false });
    return status;
  } finally {
    log?.close();
    trainer?.dispose();
    fs.rmSync(paths.lock, { force: true });
  }
}
