#!/usr/bin/env node
// Training-throughput benchmark of the algorithms (not a test): PPO and GASIL+PPO at population 1
// and 10 on the cpu and wasm backends, and Stable-Baselines3 PPO as the peer, on Hopper-v4 with
// reward delay 20 — all in one command. Each configuration runs in a fresh process (one backend
// per process) after a warm-up iteration. Appends raw JSON lines to bench/algos/results/latest.jsonl
// and regenerates the "Algorithms" section of bench/RESULTS.md between its markers.
//
// Before/after: `--before DIR` also runs the same configurations from another checkout DIR (e.g. a
// worktree of the commit before a change, set up with `node scripts/setup.mjs`), each one right
// before this tree's run of it, so that the load of a shared machine hits both alike; `--repeats N`
// runs every (before, after) pair N times and the tables show the run with the median CPU-time rate.
//
// Usage: node bench/algos/run.mjs [--iterations 1] [--only wasm] [--skip cpu:gasil:10,...] [--skip-sb3] [--no-write]
//          [--before DIR] [--skip-before cpu:gasil:10,...] [--repeats 1]
//        node bench/algos/run.mjs --from-jsonl bench/algos/results/latest.jsonl   (table only, no runs)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const iterations = opt("iterations", "1");
const only = opt("only", "");
const skip = new Set(
  opt("skip", "")
    .split(",")
    .filter((x) => x !== ""),
);
const skipped = [];
const backends = only ? [only] : ["wasm", "cpu"];
const beforeDir = opt("before", "");
const skipBefore = new Set(
  opt("skip-before", "")
    .split(",")
    .filter((x) => x !== ""),
);
const repeats = Math.max(1, Number(opt("repeats", "1")));
const rows = [];

function run(cmd, args, cwd = root, tree = undefined) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("{"));
  if (!line) {
    console.error(`failed: ${cmd} ${args.join(" ")}\n${(r.stderr ?? "").slice(-2000)}`);
    return null;
  }
  const row = { ...JSON.parse(line), ...(tree !== undefined ? { tree } : {}) };
  console.log(JSON.stringify(row));
  rows.push(row);
  return row;
}

const fromJsonl = opt("from-jsonl", "");
if (fromJsonl)
  for (const key of skip) {
    const [b, m, n] = key.split(":");
    skipped.push(`${b} ${m === "gasil" ? "GASIL+PPO" : "PPO"} population ${n}`);
  }
if (fromJsonl) for (const line of readFileSync(fromJsonl, "utf8").split("\n")) if (line.startsWith("{")) rows.push(JSON.parse(line));
for (const backend of fromJsonl ? [] : backends) {
  for (const method of ["ppo", "gasil"]) {
    for (const population of ["1", "10"]) {
      const key = `${backend}:${method}:${population}`;
      if (skip.has(key)) {
        skipped.push(`${backend} ${method === "gasil" ? "GASIL+PPO" : "PPO"} population ${population}`);
        continue;
      }
      const args = ["--import", "tsx", "bench/algos/throughput.ts", "--backend", backend, "--method", method];
      args.push("--population", population, "--iterations", iterations);
      for (let r = 0; r < repeats; r++) {
        if (beforeDir && !skipBefore.has(key)) run(process.execPath, args, beforeDir, "before");
        run(process.execPath, args, root, beforeDir ? "after" : undefined);
      }
    }
  }
}
let sb3 = rows.find((r) => r.peer) ?? null;
if (!fromJsonl && !argv.includes("--skip-sb3")) {
  const py = join(root, ".venv-bench", "bin", "python");
  if (existsSync(py)) sb3 = run(py, ["bench/algos/sb3_ppo.py", "--iterations", String(Math.max(2, Number(iterations)))]);
  else
    console.error(
      "no .venv-bench: SB3 peer skipped (python3 -m venv .venv-bench && .venv-bench/bin/pip install torch stable-baselines3 'gymnasium[mujoco]' mujoco==3.3.7)",
    );
}

const resultsDir = join(root, "bench", "algos", "results");
mkdirSync(resultsDir, { recursive: true });
if (!fromJsonl) writeFileSync(join(resultsDir, "latest.jsonl"), `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);

const fmt = (x) => Math.round(x).toLocaleString("en-US");
const sec = (x) => (x === undefined ? "–" : x.toFixed(2));
const label = (r) => `${r.backend} | ${r.method === "gasil" ? "GASIL+PPO" : "PPO"} | ${r.population}`;
// The simulator's share: seconds in env.step/reset (wrappers included) over the timed iterations'
// wall seconds (both from the same clock, so descheduling by other jobs cancels out).
const envShare = (r) => r.breakdownSeconds.env / r.wallSeconds;
const pct = (x) => `${Math.round(100 * x)} %`;
/** Per configuration (in run order), the runs of one tree; the median run by CPU-time rate. */
function byConfig(tree) {
  const groups = new Map();
  for (const r of rows.filter((x) => x.backend && (x.tree ?? "after") === tree)) {
    const key = label(r);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  return new Map(
    [...groups].map(([key, runs]) => {
      const sorted = [...runs].sort((a, b) => a.stepsPerCpuSecond - b.stepsPerCpuSecond);
      return [key, { runs, median: sorted[(sorted.length - 1) >> 1] }];
    }),
  );
}
const after = byConfig("after");
const before = byConfig("before");
const lines = [];
lines.push(
  "| backend | method | population | env-steps/s (wall) | env-steps/s (CPU time) | × SB3 (CPU time) | env share | env | policy (rollout) | forward | backward | optimiser | method (discriminator, buffers) | other |",
);
lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const { median: r } of after.values()) {
  const b = r.breakdownSeconds;
  const per = (x) => sec(x / r.iterations);
  const ratio = sb3 ? (r.stepsPerCpuSecond / sb3.stepsPerCpuSecond).toFixed(2) : "–";
  lines.push(
    `| ${label(r)} | ${fmt(r.stepsPerSecond)} | **${fmt(r.stepsPerCpuSecond)}** | ${ratio} | ${pct(envShare(r))} | ${per(b.env)} | ${per(b.policy + b.bookkeeping)} | ${per(b.forward)} | ${per(b.backward)} | ${per(b.optimizer)} | ${per(b.method)} | ${per(r.other)} |`,
  );
}
const compare = [];
if (before.size > 0) {
  compare.push(
    "| backend | method | population | before: env-steps/s (CPU time), in run order | after: same, paired | median before → after | speed-up | env share before → after |",
  );
  compare.push("|---|---|---|---|---|---|---|---|");
  for (const [key, a] of after) {
    const b = before.get(key);
    const list = (runs) => runs.map((r) => fmt(r.stepsPerCpuSecond)).join(" · ");
    compare.push(
      b === undefined
        ? `| ${key} | not run | ${list(a.runs)} | – → **${fmt(a.median.stepsPerCpuSecond)}** | – | – → ${pct(envShare(a.median))} |`
        : `| ${key} | ${list(b.runs)} | ${list(a.runs)} | ${fmt(b.median.stepsPerCpuSecond)} → **${fmt(a.median.stepsPerCpuSecond)}** | ${(a.median.stepsPerCpuSecond / b.median.stepsPerCpuSecond).toFixed(2)}× | ${pct(envShare(b.median))} → ${pct(envShare(a.median))} |`,
    );
  }
}
if (sb3)
  lines.push(
    `| torch ${sb3.torch} (1 thread) | SB3 PPO ${sb3.sb3} | 1 | ${fmt(sb3.stepsPerSecond)} | **${fmt(sb3.stepsPerCpuSecond)}** | 1.00 | | | | | | | | |`,
  );
const first = rows[0] ?? {};
const options = [
  `--iterations ${iterations}`,
  ...(only ? [`--only ${only}`] : []),
  ...(skip.size > 0 ? [`--skip ${[...skip].join(",")}`] : []),
  ...(beforeDir ? [`--before ${beforeDir}`] : []),
  ...(skipBefore.size > 0 ? [`--skip-before ${[...skipBefore].join(",")}`] : []),
  ...(repeats > 1 ? [`--repeats ${repeats}`] : []),
];
const gitHead = (dir) => {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: dir, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "?";
};
const section = [
  "<!-- algos:start (generated by bench/algos/run.mjs; do not edit by hand) -->",
  "## Algorithms (`bench/algos/`)",
  "",
  "End-to-end training throughput of the Trainer (rollout + PPO update, and GASIL's discriminator,",
  "buffer and relabelling for GASIL+PPO) on `Hopper-v4` with reward delay 20, paper PPO settings",
  "(2048 steps per seed per iteration, 10 epochs × 32 minibatches of 64) and GASIL defaults (20",
  "passes of 64 + 64-pair Adam steps, ≈ 460 steps per seed and iteration). *Population S* trains S",
  "seeds in lockstep in ONE process on ONE core; env-steps/s counts the steps of all seeds. Peer:",
  "Stable-Baselines3 PPO with the same hyperparameters, one env, CPU torch with one thread",
  "(`bench/algos/sb3_ppo.py`, delay wrapper with LIRPG's rule, VecNormalize).",
  "",
  `**Command** (repository root): \`node bench/algos/run.mjs ${options.join(" ")}\` (each`,
  "configuration in a fresh process, one warm-up iteration, then the timed ones; raw lines in",
  `\`bench/algos/results/latest.jsonl\`${repeats > 1 ? `; each configuration ${repeats} times, the table shows the run with the median CPU-time rate` : ""}).`,
  "",
  `**Machine**: ${first.cpu ?? "?"}, ${first.cores ?? "?"} logical cores **shared with several other jobs` +
    ` running at the same time** (load average during the runs: ${rows
      .map((r) => r.loadAverage?.[0])
      .filter((x) => x !== undefined)
      .join(", ")}),`,
  `so wall-clock rates are noisy; the CPU-time rate (steps per second of process CPU time) is the fairer`,
  `comparison. Node ${process.version}; run on ${first.date ?? new Date().toISOString().slice(0, 10)}.`,
  "",
  "Seconds per iteration by phase (population-wide, wall clock): env = `env.step`/`reset` incl.",
  "wrappers (MuJoCo); policy = rollout inference of every seed's policy and value (network kernels),",
  "action sampling, normalisers and storage, and PPO's minibatch assembly; forward = forward passes",
  "of every seed's nets (one kernel call per minibatch) + the host loss; backward = the kernels'",
  "backward pass; optimiser = Adam with per-seed clipping in the kernels' memory; method = GASIL's",
  "hooks (discriminator steps on the same kernels, buffers, reward relabelling). *env share* = env",
  "seconds / wall seconds of the timed iterations: the simulator's share of the training time.",
  "",
  ...lines,
  ...(skipped.length > 0 ? ["", `Not run (too slow for a shared machine): ${skipped.join("; ")}.`] : []),
  ...(compare.length > 0
    ? [
        "",
        `**Before/after** (issue 15: the network kernels integrated): before = \`${beforeDir}\` at commit ${gitHead(beforeDir)}`,
        `(tfjs per-seed path, float64 JavaScript rollouts, host Adam), after = this tree at ${gitHead(root)}; each`,
        "before run directly precedes the after run of the same configuration.",
        "",
        ...compare,
        ...(skipBefore.size > 0 ? ["", `Before not run (too slow): ${[...skipBefore].join(", ")}.`] : []),
      ]
    : []),
  "",
  '**Where the time goes** (see also "Integrated kernels (issue 15)" below):',
  "- The networks run on the WebAssembly SIMD kernels of `src/nn/kernels/` (f32x4, every seed and net",
  "  in one call; `src/nn/seed-mlp.ts`): the PPO loss and its gradient w.r.t. the network outputs are",
  "  computed on the host (`ppoLossHost`, checked against autodiff in",
  "  `test/unit/algos/ppo-gradient.test.ts`), the backward pass is hand-written, and Adam runs on the",
  "  parameters where they lie. The kernels do not use TensorFlow.js, so the `cpu` and `wasm` rows of",
  "  PPO and GASIL+PPO run the same code (and give the same numbers); only BC and SIL's autodiff losses",
  "  still depend on the backend.",
  "- PPO: the simulator (env) is the largest phase; the update (forward + backward + optimiser) and",
  "  the rollout's inference and bookkeeping share the rest.",
  "- GASIL+PPO: the discriminator's ≈ 460 Adam steps per seed and iteration (forward and backward of",
  "  64 + 64 pairs through a 100–100 MLP, ≈ 4.2 M multiply-adds per seed and step) are most of the",
  "  method column; sampling the buffer and the host loss are the rest of it.",
  "- Population S does not lower the cost per env step on one core: the work is per seed; its value",
  "  is running S seeds in one process with bit-equal per-seed results.",
  "",
  "<!-- algos:end -->",
].join("\n");

if (!argv.includes("--no-write")) {
  const resultsMd = join(root, "bench", "RESULTS.md");
  const text = existsSync(resultsMd) ? readFileSync(resultsMd, "utf8") : "# Benchmark results\n";
  const start = text.indexOf("<!-- algos:start");
  const end = text.indexOf("<!-- algos:end -->");
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + "<!-- algos:end -->".length)}`
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(resultsMd, next);
  // The lint step of the test suite checks the file's formatting (tables padded): format it now.
  const biome = join(root, "node_modules", "@biomejs", "biome", "bin", "biome");
  if (existsSync(biome)) spawnSync(process.execPath, [biome, "format", "--write", resultsMd], { cwd: root, stdio: "ignore" });
}
console.log(section);
