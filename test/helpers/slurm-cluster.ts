/**
 * Test helper: a real one-node Slurm (Debian's slurmctld / slurmd 22.05 and munge), started by the
 * test in a temporary folder and stopped by pid.
 *
 * Everything is private to one instance, so two tests (or two worktrees) can run side by side and
 * nothing system-wide is touched: its own munge key and `munged` on its own socket (slurm.conf's
 * `AuthInfo=socket=...`), free TCP ports for slurmctld and slurmd, and the state, spool, log and pid
 * files under a `mkdtemp` folder. A system-wide munged, if any, is neither used nor disturbed.
 *
 * Each daemon runs in the foreground as our child, wrapped in `timeout` so that even a test runner
 * killed outright cannot leave it running for more than `lifetimeSeconds`. Accounting storage is
 * off (no slurmdbd, so no `sacct`); final job states come from `jobcomp/filetxt`, one line per
 * finished job (array task) with its state, exit code and start/end times.
 */
import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { createServer, type Server } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

const SBIN = "/usr/sbin";
const DAEMONS = ["munged", "slurmctld", "slurmd"] as const;
const CLIENTS = ["munge", "unmunge", "sbatch", "squeue", "scancel", "scontrol", "sinfo"] as const;

/** Why a real Slurm cannot run here, or null when it can. */
export function slurmUnavailable(): string | null {
  const missing: string[] = [];
  for (const d of DAEMONS) if (!fs.existsSync(path.join(SBIN, d))) missing.push(path.join(SBIN, d));
  for (const c of CLIENTS) if (spawnSync("sh", ["-c", `command -v ${c}`]).status !== 0) missing.push(c);
  if (missing.length > 0)
    return `Slurm/munge missing (${missing.join(", ")}): apt-get install slurmctld slurmd slurm-client munge (.ci/run does)`;
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    return "slurmd must run as root to launch jobs; run the test as root (CI does)";
  if (spawnSync("sh", ["-c", "command -v timeout"]).status !== 0) return "coreutils' timeout missing";
  return null;
}

/** One finished job (array task) as recorded by jobcomp/filetxt. */
export interface JobRecord {
  readonly jobId: number;
  readonly arrayJobId: number;
  readonly arrayTaskId: number;
  readonly state: string;
  readonly exitCode: string;
  /** Seconds since the epoch (Slurm's resolution: 1 s). */
  readonly start: number;
  readonly end: number;
}

export interface SlurmCluster {
  /** The temporary folder holding everything (removed by stop). */
  readonly dir: string;
  readonly conf: string;
  /** Environment of client commands and jobs: the base environment plus SLURM_CONF. */
  readonly env: NodeJS.ProcessEnv;
  /** Run a client command (sbatch, squeue, ...) against this cluster. */
  run(command: string, args: readonly string[], options?: { cwd?: string }): SpawnSyncReturns<string>;
  /** Submit a batch script; returns the (array) job id. */
  sbatch(script: string, args?: readonly string[]): number;
  /** Job ids (`%i`, e.g. `12_1`) of this job still queued or running (empty when finished). */
  queued(jobId: number): string[];
  /** Poll until none of the job's tasks is queued or running; throws after `timeoutMs`. */
  waitGone(jobId: number, timeoutMs: number): Promise<void>;
  /** jobcomp records of an array job, by task id; waits (bounded) until `expectedTasks` are there. */
  records(arrayJobId: number, expectedTasks: number, timeoutMs?: number): Promise<JobRecord[]>;
  /** The daemons' log tails, for failure messages. */
  logs(): string;
  /**
   * Cancel every job, stop the daemons we started (SIGTERM by pid, then SIGKILL), kill any process
   * still carrying this cluster's SLURM_CONF (job steps), remove the folder.
   * @returns descriptions of the processes that had to be killed after the daemons stopped (should be none).
   */
  stop(): Promise<string[]>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** A deadline for Promise.race that does not keep the process alive once the race is decided. */
const deadline = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

async function freePorts(n: number): Promise<number[]> {
  // All listening at once, so the ports are distinct; closed just before the daemons bind them.
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let i = 0; i < n; i++) {
    const srv = createServer();
    await new Promise<void>((resolve, reject) => {
      srv.once("error", reject);
      srv.listen(0, "127.0.0.1", () => resolve());
    });
    servers.push(srv);
    const address = srv.address();
    ports.push(typeof address === "object" && address !== null ? address.port : 0);
  }
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

async function until(what: string, timeoutMs: number, check: () => boolean, failed?: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return;
    const failure = failed?.() ?? null;
    if (failure !== null) throw new Error(`${what}: ${failure}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(250);
  }
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Pids of processes whose environment holds `SLURM_CONF=<conf>` (readable as root). */
function processesWithConf(conf: string): { pid: number; command: string }[] {
  const needle = Buffer.from(`SLURM_CONF=${conf}\0`);
  const found: { pid: number; command: string }[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${name}/environ`);
      if (environ.includes(needle))
        found.push({ pid: Number(name), command: fs.readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ").trim() });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/**
 * Start munged, slurmctld and slurmd (in that order) and wait until the node is idle.
 * @param options.cpus CPUs of the node (default 2, at most the machine's).
 * @param options.lifetimeSeconds hard limit on each daemon's life (default 900).
 * @param options.env base environment of the daemons, the client commands and (through sbatch's
 *   default `--export=ALL`) the jobs; default this process's.
 */
export async function startSlurm(
  options: { cpus?: number; lifetimeSeconds?: number; startTimeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<SlurmCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-slurm-"));
  // munged requires every folder above its socket to be searchable by all, and none writable by others.
  fs.chmodSync(dir, 0o755);
  const p = (...parts: string[]): string => path.join(dir, ...parts);
  for (const sub of ["munge", "state", "spool", "log"]) fs.mkdirSync(p(sub), { mode: 0o755 });
  const conf = p("slurm.conf");
  const keyFile = p("munge", "munge.key");
  const socket = p("munge", "munge.socket");
  // A fresh 1024-byte key, readable by its owner only (munged refuses a key others can read).
  fs.writeFileSync(keyFile, randomBytes(1024), { mode: 0o400 });

  const [ctldPort, slurmdPort] = await freePorts(2);
  // slurmctld only runs on the host named in SlurmctldHost (short host name); the node gets a fixed
  // name of its own (slurmd -N), reached on the loopback address.
  const host = os.hostname().split(".")[0]!;
  const node = "gasil-test-node";
  const cpus = Math.max(1, Math.min(options.cpus ?? 2, os.availableParallelism()));
  // A node that advertises more memory than it has is drained ("Low RealMemory"): stay below it.
  const memoryMiB = Math.floor((os.totalmem() / 2 ** 20) * 0.75);
  fs.writeFileSync(
    conf,
    [
      "ClusterName=gasiltest",
      `SlurmctldHost=${host}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      "AuthType=auth/munge",
      "CredType=cred/munge",
      `AuthInfo=socket=${socket}`,
      "SlurmUser=root",
      "SlurmdUser=root",
      // No cgroups in containers: track job processes by parentage, bind nothing.
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SchedulerType=sched/backfill",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      "ReturnToService=2",
      "MpiDefault=none",
      "MailProg=/bin/true",
      // Tolerant timeouts: the machine is shared and may be loaded.
      "MessageTimeout=30",
      "SlurmdTimeout=300",
      "KillWait=10",
      `StateSaveLocation=${p("state")}`,
      `SlurmdSpoolDir=${p("spool")}`,
      `SlurmctldPidFile=${p("slurmctld.pid")}`,
      `SlurmdPidFile=${p("slurmd.pid")}`,
      `SlurmctldLogFile=${p("log", "slurmctld.log")}`,
      `SlurmdLogFile=${p("log", "slurmd.log")}`,
      // No slurmdbd: no accounting storage (sacct is unavailable); finished jobs go to a text file.
      "AccountingStorageType=accounting_storage/none",
      "JobAcctGatherType=jobacct_gather/none",
      "JobCompType=jobcomp/filetxt",
      `JobCompLoc=${p("log", "jobcomp.log")}`,
      `NodeName=${node} NodeHostname=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memoryMiB} State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      "",
    ].join("\n"),
  );
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), SLURM_CONF: conf };
  // Inherited Slurm variables (a test run inside a Slurm job) would point clients elsewhere.
  for (const key of Object.keys(env)) if (key.startsWith("SLURM_") && key !== "SLURM_CONF") delete env[key];

  const lifetime = String(options.lifetimeSeconds ?? 900);
  const daemons: { name: string; child: ChildProcess; log: string; exited: Promise<void> }[] = [];
  const startDaemon = (name: string, args: readonly string[], log: string): void => {
    const fd = fs.openSync(p("log", `${name}.stdout`), "a");
    // timeout forwards our SIGTERM to the daemon and kills it by itself after `lifetime` seconds.
    const child = spawn("timeout", ["--kill-after=10", lifetime, path.join(SBIN, name), ...args], { env, stdio: ["ignore", fd, fd] });
    fs.closeSync(fd);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    daemons.push({ name, child, log, exited });
  };
  const deadOne = (): string | null => {
    const dead = daemons.find((d) => d.child.exitCode !== null || d.child.signalCode !== null);
    return dead !== undefined
      ? `${dead.name} exited (${dead.child.exitCode ?? dead.child.signalCode}):\n${tail(dead.log)}\n${tail(p("log", `${dead.name}.stdout`))}`
      : null;
  };
  const run = (command: string, args: readonly string[], opts: { cwd?: string } = {}): SpawnSyncReturns<string> =>
    spawnSync(command, args, { env, encoding: "utf8", timeout: 60_000, cwd: opts.cwd ?? dir });

  const stop = async (): Promise<string[]> => {
    const ctldUp = daemons.some((d) => d.name === "slurmctld" && d.child.exitCode === null && d.child.signalCode === null);
    if (ctldUp) {
      // Cancel whatever is still queued or running, so that slurmd's job steps end with it.
      const ids =
        run("squeue", ["-h", "-o", "%A"])
          .stdout?.split("\n")
          .map((s) => s.trim())
          .filter(Boolean) ?? [];
      if (ids.length > 0) {
        run("scancel", [...new Set(ids)]);
        await until("jobs cancelled", 45_000, () => (run("squeue", ["-h", "-o", "%A"]).stdout ?? "").trim() === "").catch(() => undefined);
      }
    }
    for (const d of [...daemons].reverse()) {
      if (d.child.exitCode === null && d.child.signalCode === null) {
        d.child.kill("SIGTERM");
        const stopped = await Promise.race([d.exited.then(() => true), deadline(20_000).then(() => false)]);
        if (!stopped) {
          try {
            process.kill(-d.child.pid!, "SIGKILL"); // timeout's process group: timeout and the daemon
          } catch {
            d.child.kill("SIGKILL");
          }
          await Promise.race([d.exited, deadline(5_000)]);
        }
      }
    }
    // Job steps (slurmstepd and the job's own processes) inherit SLURM_CONF: any left is ours.
    const left = processesWithConf(conf);
    for (const proc of left) {
      try {
        process.kill(proc.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    return left.map((l) => `pid ${l.pid}: ${l.command}`);
  };

  const startTimeout = options.startTimeoutMs ?? 60_000;
  try {
    startDaemon(
      "munged",
      [
        "-F",
        `--socket=${socket}`,
        `--key-file=${keyFile}`,
        `--log-file=${p("log", "munged.log")}`,
        `--pid-file=${p("munge", "munged.pid")}`,
        `--seed-file=${p("munge", "munged.seed")}`,
      ],
      p("log", "munged.log"),
    );
    await until(
      "munged answers",
      startTimeout,
      () => spawnSync("sh", ["-c", `munge -n -S "$1" | unmunge -S "$1"`, "sh", socket], { stdio: "ignore" }).status === 0,
      deadOne,
    );
    startDaemon("slurmctld", ["-D", "-f", conf], p("log", "slurmctld.log"));
    await until("slurmctld answers", startTimeout, () => run("scontrol", ["ping"]).stdout?.includes("UP") ?? false, deadOne);
    startDaemon("slurmd", ["-D", "-f", conf, "-N", node], p("log", "slurmd.log"));
    await until("the node is idle", startTimeout, () => (run("sinfo", ["-h", "-N", "-o", "%T"]).stdout ?? "").trim() === "idle", deadOne);
  } catch (error) {
    const logs = ["slurmctld", "slurmd"].map((d) => `--- ${d}\n${tail(p("log", `${d}.log`))}`).join("\n");
    await stop();
    throw new Error(`${(error as Error).message}\n${logs}`);
  }

  const queued = (jobId: number): string[] => {
    const r = run("squeue", ["-h", "-j", String(jobId), "-o", "%i"]);
    // Once purged from the controller, squeue says "Invalid job id": gone, too.
    if (r.status !== 0 && /Invalid job id/i.test(r.stderr)) return [];
    if (r.status !== 0) throw new Error(`squeue failed: ${r.stderr}`);
    return r.stdout
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  };
  return {
    dir,
    conf,
    env,
    run,
    sbatch(script, args = []) {
      const r = run("sbatch", ["--parsable", ...args, script]);
      if (r.status !== 0) throw new Error(`sbatch ${script} failed (${r.status}): ${r.stderr}`);
      return Number(r.stdout.trim().split(";")[0]);
    },
    queued,
    async waitGone(jobId, timeoutMs) {
      await until(`job ${jobId} finished`, timeoutMs, () => queued(jobId).length === 0, deadOne);
    },
    async records(arrayJobId, expectedTasks, timeoutMs = 30_000) {
      const read = (): JobRecord[] => {
        let text = "";
        try {
          text = fs.readFileSync(p("log", "jobcomp.log"), "utf8");
        } catch {
          return [];
        }
        const out: JobRecord[] = [];
        for (const line of text.split("\n")) {
          const field = (k: string): string => new RegExp(`(?:^| )${k}=(\\S*)`).exec(line)?.[1] ?? "";
          if (Number(field("ArrayJobId")) !== arrayJobId) continue;
          out.push({
            jobId: Number(field("JobId")),
            arrayJobId,
            arrayTaskId: Number(field("ArrayTaskId")),
            state: field("JobState"),
            exitCode: field("ExitCode"),
            start: Date.parse(field("StartTime")) / 1000, // local time; only differences are used
            end: Date.parse(field("EndTime")) / 1000,
          });
        }
        return out.sort((a, b) => a.arrayTaskId - b.arrayTaskId);
      };
      await until(`jobcomp records of job ${arrayJobId}`, timeoutMs, () => read().length >= expectedTasks);
      return read();
    },
    logs: () => ["slurmctld", "slurmd"].map((d) => `--- ${d}\n${tail(p("log", `${d}.log`))}`).join("\n"),
    stop,
  };
}
