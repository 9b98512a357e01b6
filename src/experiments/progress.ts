/**
 * Progress display of a sweep: an overall line (runs done, env steps, steps/s, ETA) and one line
 * per worker (its current run, iteration, env steps, steps/s, ETA, runs it has finished).
 *
 * On a TTY the block is redrawn in place about once a second; otherwise (CI logs, files, pipes)
 * plain lines are printed: one per run start/finish and a summary every `plainIntervalSeconds`.
 */

/** What the board knows about one worker slot. */
interface WorkerLine {
  runId: string | null;
  iteration: number;
  envSteps: number; // per seed
  totalEnvSteps: number; // per seed
  numSeeds: number;
  stepsPerSecond: number;
  runsDone: number;
}

/** Options of {@link ProgressBoard}. */
export interface ProgressBoardOptions {
  /** Stream to draw on (default process.stderr). */
  readonly stream?: NodeJS.WriteStream | { write(text: string): boolean; isTTY?: boolean; columns?: number };
  /** Force TTY (redraw) or plain mode; default: the stream's `isTTY`. */
  readonly tty?: boolean;
  /** Seconds between plain-mode summary lines (default 15). */
  readonly plainIntervalSeconds?: number;
  /**
   * Estimated cost of one env step (one seed) of each run, in CPU seconds
   * (src/experiments/cost-model.ts). With it the overall ETA weighs the remaining steps by their
   * cost — a sweep whose expensive runs go first would otherwise look slower than it is — and
   * runs missing from the map cost the mean. Without it every step counts the same.
   */
  readonly stepCosts?: ReadonlyMap<string, number>;
  /** With `stepCosts`: the cost-weighted total of the sweep and of what was done before this session. */
  readonly work?: { readonly total: number; readonly doneAtStart: number };
}

/** Format a duration in seconds as `1h02m`, `3m05s` or `42s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/** Format a count as `950`, `12.3k`, `4.56M`. */
export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** Live progress of a sweep executed by a pool of workers. */
export class ProgressBoard {
  private readonly stream: NonNullable<ProgressBoardOptions["stream"]>;
  private readonly tty: boolean;
  private readonly plainInterval: number;
  private readonly workers: WorkerLine[];
  private readonly started = Date.now();
  private linesDrawn = 0;
  private lastPlain = 0;
  private timer: NodeJS.Timeout | null = null;
  private runsDone: number;
  private runsFailed = 0;
  /** Env steps (all seeds) completed, including runs finished before this session. */
  private stepsDone: number;
  private readonly stepsAtStart: number;
  private readonly runStepsSeen = new Map<string, number>();
  private readonly stepCosts: ReadonlyMap<string, number> | null;
  private readonly meanStepCost: number;
  private readonly workTotal: number;
  private readonly workAtStart: number;
  /** Cost-weighted steps done (CPU seconds by the model), when `stepCosts` is given. */
  private workDone: number;

  /**
   * @param sweep sweep name (for the header).
   * @param totalRuns runs in the sweep.
   * @param alreadyDone runs finished before this session.
   * @param totalSteps env steps of the whole sweep (all runs, all seeds).
   * @param stepsDoneAtStart env steps already done (finished runs and checkpoints).
   */
  constructor(
    private readonly sweep: string,
    private readonly totalRuns: number,
    alreadyDone: number,
    private readonly totalSteps: number,
    stepsDoneAtStart: number,
    workers: number,
    options: ProgressBoardOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? (this.stream as { isTTY?: boolean }).isTTY === true;
    this.plainInterval = (options.plainIntervalSeconds ?? 15) * 1000;
    this.workers = Array.from({ length: workers }, () => ({
      runId: null,
      iteration: 0,
      envSteps: 0,
      totalEnvSteps: 0,
      numSeeds: 0,
      stepsPerSecond: 0,
      runsDone: 0,
    }));
    this.runsDone = alreadyDone;
    this.stepsDone = stepsDoneAtStart;
    this.stepsAtStart = stepsDoneAtStart;
    this.stepCosts = options.stepCosts !== undefined && options.work !== undefined ? options.stepCosts : null;
    const costs = [...(this.stepCosts?.values() ?? [])];
    this.meanStepCost = costs.length > 0 ? costs.reduce((a, b) => a + b, 0) / costs.length : 1;
    this.workTotal = options.work?.total ?? 0;
    this.workAtStart = options.work?.doneAtStart ?? 0;
    this.workDone = this.workAtStart;
  }

  /** Count `steps` env steps (all seeds) of `runId` as done. */
  private addSteps(runId: string, steps: number): void {
    this.stepsDone += steps;
    if (this.stepCosts !== null) this.workDone += steps * (this.stepCosts.get(runId) ?? this.meanStepCost);
  }

  /** Start periodic redraws (TTY) or summaries (plain). */
  start(): void {
    this.line(
      `sweep ${this.sweep}: ${this.totalRuns} runs, ${this.runsDone} already finished, ${formatCount(this.totalSteps)} env steps in all, ${this.workers.length} worker(s)`,
    );
    this.timer = setInterval(() => this.tick(), this.tty ? 1000 : Math.min(this.plainInterval, 5000));
    this.timer.unref();
  }

  /** A worker started (or resumed) a run at `envSteps` per seed. */
  runStarted(worker: number, runId: string, numSeeds: number, envSteps: number, totalEnvSteps: number, resumedAt: number | null): void {
    const w = this.workers[worker]!;
    Object.assign(w, { runId, iteration: resumedAt ?? 0, envSteps, totalEnvSteps, numSeeds, stepsPerSecond: 0 });
    this.runStepsSeen.set(runId, envSteps);
    if (!this.tty)
      this.line(
        `[worker ${worker + 1}] ${resumedAt !== null ? `resume ${runId} at iteration ${resumedAt}` : `start ${runId}`} (${numSeeds} seeds × ${formatCount(totalEnvSteps)} steps)`,
      );
  }

  /** A worker's run reported an iteration. */
  runProgress(worker: number, runId: string, iteration: number, envSteps: number, stepsPerSecond: number): void {
    const w = this.workers[worker]!;
    const before = this.runStepsSeen.get(runId) ?? 0;
    this.addSteps(runId, Math.max(0, envSteps - before) * w.numSeeds);
    this.runStepsSeen.set(runId, envSteps);
    Object.assign(w, { runId, iteration, envSteps, stepsPerSecond });
  }

  /** A worker's run ended (`done`, `failed` = all seeds non-finite, `error` = crashed). */
  runEnded(worker: number, runId: string, outcome: "done" | "failed" | "error", detail = ""): void {
    const w = this.workers[worker]!;
    if (outcome !== "error") {
      this.runsDone++;
      w.runsDone++;
      // Count the unreached remainder of an early-stopped run as done so the ETA stays honest.
      const seen = this.runStepsSeen.get(runId) ?? 0;
      if (w.runId === runId) this.addSteps(runId, Math.max(0, w.totalEnvSteps - seen) * w.numSeeds);
    } else {
      this.runsFailed++;
    }
    if (outcome === "failed") this.runsFailed++;
    w.runId = null;
    this.line(
      `[worker ${worker + 1}] ${outcome === "done" ? "finished" : outcome === "failed" ? "FAILED (all seeds non-finite)" : "ERROR"} ${runId}${detail !== "" ? `: ${detail}` : ""}`,
    );
  }

  /** Print a message above the live block. */
  line(text: string): void {
    if (this.tty) this.clear();
    this.stream.write(`${text}\n`);
    if (this.tty) this.draw();
  }

  /** Stop updates and print the final summary. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.tty) this.clear();
    this.stream.write(`${this.summary()}\n`);
  }

  private rate(): number {
    const elapsed = (Date.now() - this.started) / 1000;
    return elapsed > 0 ? (this.stepsDone - this.stepsAtStart) / elapsed : 0;
  }

  /** Seconds left: remaining cost-weighted work at the work rate so far, or remaining steps at the step rate. */
  private secondsLeft(): number {
    const elapsed = (Date.now() - this.started) / 1000;
    if (this.stepCosts !== null) {
      const workRate = elapsed > 0 ? (this.workDone - this.workAtStart) / elapsed : 0;
      return workRate > 0 ? Math.max(0, this.workTotal - this.workDone) / workRate : Number.NaN;
    }
    const rate = this.rate();
    return rate > 0 ? Math.max(0, this.totalSteps - this.stepsDone) / rate : Number.NaN;
  }

  /** The overall line. */
  summary(): string {
    const rate = this.rate();
    const eta = formatDuration(this.secondsLeft());
    return (
      `sweep ${this.sweep}: ${this.runsDone}/${this.totalRuns} runs done${this.runsFailed > 0 ? ` (${this.runsFailed} failed)` : ""} · ` +
      `${formatCount(this.stepsDone)}/${formatCount(this.totalSteps)} env steps · ${formatCount(rate)} steps/s · ETA ${eta} · elapsed ${formatDuration((Date.now() - this.started) / 1000)}`
    );
  }

  private workerLine(i: number): string {
    const w = this.workers[i]!;
    if (w.runId === null) return `  worker ${i + 1}: idle (runs done: ${w.runsDone})`;
    const remaining = Math.max(0, w.totalEnvSteps - w.envSteps) * w.numSeeds;
    const eta = w.stepsPerSecond > 0 ? formatDuration(remaining / w.stepsPerSecond) : "?";
    return `  worker ${i + 1}: ${w.runId} · iter ${w.iteration} · ${formatCount(w.envSteps)}/${formatCount(w.totalEnvSteps)} steps × ${w.numSeeds} seeds · ${formatCount(w.stepsPerSecond)} steps/s · ETA ${eta} · runs done: ${w.runsDone}`;
  }

  private tick(): void {
    if (this.tty) {
      this.clear();
      this.draw();
    } else if (Date.now() - this.lastPlain >= this.plainInterval) {
      this.lastPlain = Date.now();
      this.stream.write(`${this.summary()}\n`);
      for (let i = 0; i < this.workers.length; i++) if (this.workers[i]!.runId !== null) this.stream.write(`${this.workerLine(i)}\n`);
    }
  }

  private draw(): void {
    const width = (this.stream as { columns?: number }).columns ?? 120;
    const lines = [this.summary(), ...this.workers.map((_, i) => this.workerLine(i))].map((l) =>
      l.length > width - 1 ? `${l.slice(0, width - 2)}…` : l,
    );
    this.stream.write(`${lines.join("\n")}\n`);
    this.linesDrawn = lines.length;
  }

  private clear(): void {
    if (this.linesDrawn > 0) this.stream.write(`\x1b[${this.linesDrawn}A\x1b[0J`);
    this.linesDrawn = 0;
  }
}
