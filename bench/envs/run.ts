/**
 * Env benchmark (not a test): steps per second of our MuJoCo tasks against Gymnasium's, same
 * machine, same command, same random action sequence; memory per env instance.
 *
 *   node --expose-gc --import tsx bench/envs/run.ts [--steps 4000] [--vec-steps 250] [--repeats 3]
 *        [--mem-envs 300] [--warmup-seconds 2] [--tasks Hopper-v4,Ant-v4] [--no-peer]
 *        [--json bench/envs/results/latest.json]
 *
 * For each task the actions are drawn once from a seeded Rng, U(low, high) per entry, and written
 * as raw float64 files that the Gymnasium peer (bench/envs/gym_peer.py in `.venv-peer`, made by
 * scripts/peer-venv.mjs) reads, so both sides step the same numbers. Ours and the peer's runs
 * alternate (ours, theirs, ours, theirs, …) so that a change of machine load hits both; each
 * number is the median over `--repeats` runs.
 * - single: one env from `makeEnv(id)` (TimeLimit, EpisodeStatistics, DelayedReward(0),
 *   OrderEnforcing) vs `gym.make(id)` (TimeLimit, OrderEnforcing, PassiveEnvChecker); reset on
 *   terminated/truncated. Also our raw task env (no wrappers), for reference.
 * - vector: 16 envs, `makeVectorEnv` (same-step autoreset) vs `gym.make_vec(..., "sync")`
 *   (next-step autoreset); env-steps per second.
 * - memory per env: MuJoCo's own allocation (model buffer + data buffer + data arena) and the
 *   measured growth of resident memory per live env over `--mem-envs` envs (each side in a fresh
 *   process per task, so that memory freed by earlier envs is not reused).
 * The machine may be shared: compare ratios, not absolute numbers.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { Rng } from "../../src/core/rng";
import type { Env } from "../../src/envs/env";
import { loadMujoco } from "../../src/envs/mujoco/runtime";
import { MUJOCO_TASKS } from "../../src/envs/mujoco/tasks";
import { getTaskSpec, makeEnv, makeVectorEnv } from "../../src/envs/registry";

interface Args {
  steps: number;
  vecSteps: number;
  numEnvs: number;
  warmup: number;
  warmupSeconds: number;
  memEnvs: number;
  repeats: number;
  tasks: string[];
  peer: boolean;
  json: string | null;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    steps: 4000,
    vecSteps: 250,
    numEnvs: 16,
    warmup: 400,
    warmupSeconds: 2,
    memEnvs: 300,
    repeats: 3,
    tasks: MUJOCO_TASKS.map((t) => t.id),
    peer: true,
    json: null,
    seed: 1,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--steps") args.steps = Number(next());
    else if (a === "--vec-steps") args.vecSteps = Number(next());
    else if (a === "--num-envs") args.numEnvs = Number(next());
    else if (a === "--warmup") args.warmup = Number(next());
    else if (a === "--warmup-seconds") args.warmupSeconds = Number(next());
    else if (a === "--mem-envs") args.memEnvs = Number(next());
    else if (a === "--repeats") args.repeats = Number(next());
    else if (a === "--tasks") args.tasks = next().split(",");
    else if (a === "--no-peer") args.peer = false;
    else if (a === "--json") args.json = next();
    else if (a === "--seed") args.seed = Number(next());
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/** Median of one field over runs. */
function med(xs: readonly Rate[], key: keyof Rate): number {
  return median(xs.map((x) => x[key]));
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function drawActions(rng: Rng, rows: number, low: Float64Array, high: Float64Array): Float64Array {
  const n = low.length;
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) out[r * n + j] = low[j]! + (high[j]! - low[j]!) * rng.random();
  return out;
}

/** A rate measured two ways: per wall-clock second and per second of process CPU time. */
interface Rate {
  rate: number;
  cpuRate: number;
}

/** Start a timer; the returned function gives the rates for `count` steps since the start. */
function timer(): (count: number) => Rate {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return (count) => {
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    return { rate: count / wall, cpuRate: count / ((c.user + c.system) / 1e6) };
  };
}

/** Steps per second of one env over `steps` actions after `warmup` (reset on episode end). */
function timeSingle(env: Env, actions: Float64Array, actDim: number, warmup: number, steps: number, seed: number): Rate {
  env.reset({ seed });
  let stop = timer();
  for (let t = 0; t < warmup + steps; t++) {
    if (t === warmup) stop = timer();
    const r = env.step(actions.subarray(t * actDim, (t + 1) * actDim));
    if (r.terminated || r.truncated) env.reset();
  }
  return stop(steps);
}

interface MemoryResult {
  /** MuJoCo's own allocation per env: model buffer + data buffer + data arena (bytes). */
  allocated: number;
  /** Growth of the process's resident memory per live env (bytes). */
  rss: number;
  /** Growth of the WebAssembly heap per live env (bytes; ours only). */
  wasmHeap?: number;
  /** Growth of the JS heap per live env after GC (bytes; ours only). */
  jsHeap?: number;
}

interface TaskResult {
  id: string;
  obsDim: number;
  actDim: number;
  ours: { single: Rate[]; raw: Rate[]; vector: Rate[]; memory: MemoryResult };
  gym: { single: Rate[]; vector: Rate[]; memory: MemoryResult | null };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Memory per env, measured in a fresh process so freed heap space of earlier envs is not reused. */
async function memoryInChild(id: string, count: number): Promise<MemoryResult> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", __filename, "--memory-child", id, String(count)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let text = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d: string) => (text += d));
  const code: number = await new Promise((res) => child.on("close", res));
  if (code !== 0) throw new Error(`memory child for ${id} exited with ${code}`);
  return JSON.parse(text.trim().split("\n").pop()!) as MemoryResult;
}

async function memoryChild(id: string, count: number): Promise<void> {
  const runtime = await loadMujoco();
  const raw = (await getTaskSpec(id).create({}, 0)) as unknown as {
    sim: { model: { nbuffer: bigint }; data: { nbuffer: bigint; narena: bigint } };
    close(): void;
  };
  const allocated = Number(raw.sim.model.nbuffer) + Number(raw.sim.data.nbuffer) + Number(raw.sim.data.narena);
  raw.close();
  gc();
  const heap0 = runtime.heapBytes();
  const m0 = process.memoryUsage();
  const live: Env[] = [];
  for (let i = 0; i < count; i++) {
    const e = await makeEnv(id, {}, i);
    e.reset();
    e.step(new Float64Array(e.actionSpace.low.length));
    live.push(e);
  }
  gc();
  const m1 = process.memoryUsage();
  const result: MemoryResult = {
    allocated,
    rss: (m1.rss - m0.rss) / count,
    wasmHeap: (runtime.heapBytes() - heap0) / count,
    jsHeap: (m1.heapUsed - m0.heapUsed) / count,
  };
  for (const e of live) e.close();
  console.log(JSON.stringify(result));
}

/** The Gymnasium peer process (line protocol, see gym_peer.py). */
class Peer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];

  constructor(python: string) {
    this.child = spawn(python, ["-W", "ignore", join(__dirname, "gym_peer.py")], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.on("data", (d: Buffer) => process.stderr.write(d));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.waiting.shift()?.(line));
  }

  request<T>(req: object): Promise<T> {
    return new Promise((res, rej) => {
      this.waiting.push((line) => {
        try {
          res(JSON.parse(line) as T);
        } catch (err) {
          rej(err);
        }
      });
      this.child.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

async function startPeer(): Promise<Peer> {
  const mod = (await import("../../scripts/peer-venv.mjs" as string)) as { ensurePeerVenv(o: { quiet: boolean }): string };
  return new Peer(mod.ensurePeerVenv({ quiet: true }));
}

async function benchTask(id: string, args: Args, dir: string, peer: Peer | null): Promise<TaskResult> {
  const probe = await getTaskSpec(id).create({}, 0);
  const { low, high } = probe.actionSpace;
  const obsDim = probe.observationSpace.shape[0]!;
  probe.close();
  const actDim = low.length;
  const rng = Rng.fromSeed(args.seed).split(id);
  const vecWarmup = Math.floor(args.warmup / 4);
  const single = drawActions(rng.split("single"), args.warmup + args.steps, low, high);
  const vector = drawActions(rng.split("vector"), (vecWarmup + args.vecSteps) * args.numEnvs, low, high);
  const singlePath = join(dir, `${id}-single.f64`);
  const vectorPath = join(dir, `${id}-vector.f64`);
  writeFileSync(singlePath, Buffer.from(single.buffer));
  writeFileSync(vectorPath, Buffer.from(vector.buffer));

  const result: TaskResult = {
    id,
    obsDim,
    actDim,
    ours: { single: [], raw: [], vector: [], memory: { allocated: NaN, rss: NaN } },
    gym: { single: [], vector: [], memory: null },
  };
  const env = await makeEnv(id, {}, args.seed);
  const raw = await getTaskSpec(id).create({}, args.seed);
  // V8 first runs WebAssembly with its baseline compiler and swaps in optimised code for hot
  // functions in the background (one to several seconds on a busy machine): warm up until the CPU
  // time of a 200-step chunk stops improving (at least `warmupSeconds`, at most 20 s).
  raw.reset({ seed: args.seed });
  const wallStart = performance.now();
  let best = Infinity;
  let t = 0;
  for (;;) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < 200; i++, t++) {
      const k = t % (args.warmup + args.steps);
      const r = raw.step(single.subarray(k * actDim, (k + 1) * actDim));
      if (r.terminated || r.truncated) raw.reset();
    }
    const c = process.cpuUsage(c0);
    const cpu = c.user + c.system;
    const elapsed = (performance.now() - wallStart) / 1000;
    const settled = cpu <= 1.1 * best;
    best = Math.min(best, cpu);
    if ((settled && elapsed >= args.warmupSeconds) || elapsed > 20) break;
  }
  const venv = args.vecSteps > 0 ? await makeVectorEnv(id, args.numEnvs, {}, args.seed) : null;
  const row = args.numEnvs * actDim;
  try {
    for (let k = 0; k < args.repeats; k++) {
      result.ours.single.push(timeSingle(env, single, actDim, args.warmup, args.steps, args.seed));
      result.ours.raw.push(timeSingle(raw, single, actDim, args.warmup, args.steps, args.seed));
      if (peer) {
        result.gym.single.push(
          await peer.request<Rate>({ op: "single", id, actDim, path: singlePath, warmup: args.warmup, steps: args.steps, seed: args.seed }),
        );
      }
      if (venv) {
        venv.reset(args.seed);
        let stop = timer();
        for (let t = 0; t < vecWarmup + args.vecSteps; t++) {
          if (t === vecWarmup) stop = timer();
          venv.step(vector.subarray(t * row, (t + 1) * row));
        }
        result.ours.vector.push(stop(args.vecSteps * args.numEnvs));
        if (peer) {
          const g = await peer.request<Rate>({
            op: "vector",
            id,
            actDim,
            path: vectorPath,
            numEnvs: args.numEnvs,
            warmup: vecWarmup,
            steps: args.vecSteps,
            seed: args.seed,
          });
          result.gym.vector.push(g);
        }
      }
    }
  } finally {
    env.close();
    raw.close();
    venv?.close();
  }
  if (args.memEnvs > 0) {
    result.ours.memory = await memoryInChild(id, args.memEnvs);
    if (peer) {
      // A fresh Python process too, so that memory freed by earlier envs is not reused.
      const fresh = await startPeer();
      try {
        result.gym.memory = await fresh.request<MemoryResult>({ op: "memory", id, count: args.memEnvs, seed: args.seed });
      } finally {
        fresh.close();
      }
    }
  }
  return result;
}

const fmt = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? "–" : Math.round(x).toLocaleString("en-US"));
const ratio = (a: number, b: number): string => (!Number.isFinite(a) || !(b > 0) ? "–" : (a / b).toFixed(2));
const kb = (x: number | undefined): string =>
  x === undefined || !Number.isFinite(x) ? "–" : `${Math.round(x / 1024).toLocaleString("en-US")} KB`;

async function main(): Promise<void> {
  if (process.argv[2] === "--memory-child") return memoryChild(process.argv[3]!, Number(process.argv[4]));
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), "gasil-bench-envs-"));
  const runtime = await loadMujoco();
  const peer = args.peer ? await startPeer() : null;
  const results: TaskResult[] = [];
  try {
    const info = peer ? await peer.request<Record<string, string>>({ op: "info" }) : {};
    for (const id of args.tasks) {
      const r = await benchTask(id, args, dir, peer);
      results.push(r);
      process.stderr.write(
        `${id}: ours ${fmt(med(r.ours.single, "rate"))} /s (raw ${fmt(med(r.ours.raw, "rate"))}), Gymnasium ${fmt(med(r.gym.single, "rate"))} /s; ` +
          `×${args.numEnvs}: ours ${fmt(med(r.ours.vector, "rate"))}, Gymnasium ${fmt(med(r.gym.vector, "rate"))}\n`,
      );
    }
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const lines = [
      `Machine: ${cpu}, ${cpus().length} logical cores, shared with other jobs (numbers are noisy; ours and Gymnasium's runs alternate). ` +
        `Node ${process.version}, MuJoCo ${runtime.version} (mujoco-js WebAssembly)` +
        (peer ? `; peer: Python ${info.python}, gymnasium ${info.gymnasium}, mujoco ${info.mujoco} (native), numpy ${info.numpy}.` : "."),
      `Command: \`${["node --expose-gc --import tsx bench/envs/run.ts", ...process.argv.slice(2)].join(" ")}\``,
      `Per task ≥ ${args.warmupSeconds} s of warm-up until the step time settles (WebAssembly tier-up), then single env: ${args.steps} steps after ${args.warmup} warm-up steps; vector: ${args.numEnvs} envs × ${args.vecSteps} steps; median of ${args.repeats} alternating runs. ` +
        `Memory over ${args.memEnvs} live envs: alloc = MuJoCo's model + data buffers + arena; RSS = measured resident growth per env.`,
      "",
      ...(["cpuRate", "rate"] as const).flatMap((key) => [
        key === "cpuRate"
          ? "Steps per second of process CPU time (robust to other jobs on the machine):"
          : "Steps per wall-clock second (affected by other jobs on the machine):",
        "",
        "| task | obs | ours steps/s | ours raw env | Gymnasium steps/s | ratio | ours ×16 env-steps/s | Gymnasium ×16 | ratio ×16 |",
        "|---|---|---|---|---|---|---|---|---|",
        ...results.map((r) => {
          const os = med(r.ours.single, key);
          const gs = med(r.gym.single, key);
          const ov = med(r.ours.vector, key);
          const gv = med(r.gym.vector, key);
          return `| ${r.id} | ${r.obsDim} | ${fmt(os)} | ${fmt(med(r.ours.raw, key))} | ${fmt(gs)} | ${ratio(os, gs)} | ${fmt(ov)} | ${fmt(gv)} | ${ratio(ov, gv)} |`;
        }),
        "",
      ]),
      "Memory per env instance:",
      "",
      "| task | ours: MuJoCo alloc | ours: RSS growth | Gymnasium: MuJoCo alloc | Gymnasium: RSS growth |",
      "|---|---|---|---|---|",
      ...results.map(
        (r) =>
          `| ${r.id} | ${kb(r.ours.memory.allocated)} | ${kb(r.ours.memory.rss)} | ${kb(r.gym.memory?.allocated)} | ${kb(r.gym.memory?.rss)} |`,
      ),
    ];
    console.log(lines.join("\n"));
    if (args.json !== null) {
      mkdirSync(dirname(args.json), { recursive: true });
      writeFileSync(
        args.json,
        `${JSON.stringify({ date: new Date().toISOString(), args, cpu, node: process.version, mujoco: runtime.version, peer: info, results }, null, 2)}\n`,
      );
    }
  } finally {
    peer?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
