#!/usr/bin/env node
// Where does an env step spend its time? Runs bench/envs/profile-loop.ts for each task with the V8
// CPU profiler (node:inspector, the same sampler as `node --cpu-prof`) on the stepping loop only,
// and prints a self-time summary: WebAssembly (MuJoCo itself) vs JavaScript,
// and the top JavaScript functions.
//   node bench/envs/profile.mjs [--steps 20000] [--tasks Ant-v4,Humanoid-v4] [--mode wrapped|raw] [--top 12]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const steps = Number(opt("--steps", "20000"));
const tasks = opt("--tasks", "Hopper-v4,Walker2d-v4,HalfCheetah-v4,Swimmer-v4,Ant-v4,Humanoid-v4").split(",");
const mode = opt("--mode", "wrapped");
const top = Number(opt("--top", "12"));

/** Self time per node of a V8 .cpuprofile, in ms, keyed by "function (file:line)". */
function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Samples taken inside node:inspector (starting/stopping the profiler itself) are not the loop.
  const excluded = new Set();
  const exclude = (id) => {
    excluded.add(id);
    for (const c of byId.get(id).children ?? []) exclude(c);
  };
  for (const n of profile.nodes) if ((n.callFrame.url ?? "").startsWith("node:inspector")) exclude(n.id);
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    if (excluded.has(id)) continue;
    self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const groups = new Map();
  const wasmGroups = new Map();
  let total = 0;
  let wasm = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    const f = n.callFrame;
    total += ms;
    const url = f.url ?? "";
    const isWasm = url.startsWith("wasm://") || /^\$?func\d+|^wasm-function/.test(f.functionName);
    if (f.functionName === "(idle)" || f.functionName === "(program)" || f.functionName === "(garbage collector)") {
      if (f.functionName === "(idle)") idle += ms;
      else groups.set(f.functionName, (groups.get(f.functionName) ?? 0) + ms);
      continue;
    }
    if (isWasm) {
      wasm += ms;
      const key = `[wasm] ${f.functionName}`;
      wasmGroups.set(key, (wasmGroups.get(key) ?? 0) + ms);
      continue;
    }
    const file = url.replace(/^file:\/\//, "").replace(root, "");
    const key = `${f.functionName || "(anonymous)"} ${file.includes("mujoco-js") ? "[mujoco-js glue]" : `${file}:${f.lineNumber + 1}`}`;
    groups.set(key, (groups.get(key) ?? 0) + ms);
  }
  return { total: total - idle, wasm, groups, wasmGroups };
}

for (const id of tasks) {
  const dir = mkdtempSync(join(tmpdir(), "gasil-prof-"));
  const out = join(dir, "loop.cpuprofile");
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "bench/envs/profile-loop.ts"), id, String(steps), mode, out], {
    cwd: root,
    encoding: "utf8",
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  const run = JSON.parse(r.stdout.trim().split("\n").pop());
  const { total, wasm, groups, wasmGroups } = summarise(JSON.parse(readFileSync(out, "utf8")));
  rmSync(dir, { recursive: true, force: true });
  const pct = (ms) => `${((100 * ms) / total).toFixed(1)}%`;
  console.log(`\n## ${id} (${mode}): ${run.usPerStep.toFixed(1)} µs/step over ${steps} steps; profiled ${total.toFixed(0)} ms of the loop`);
  console.log(`WebAssembly (MuJoCo): ${pct(wasm)}`);
  const wasmSorted = [...wasmGroups.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, ms] of wasmSorted) console.log(`  ${pct(ms).padStart(6)}  ${k}`);
  console.log("JavaScript and runtime:");
  const sorted = [...groups.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, ms] of sorted) console.log(`  ${pct(ms).padStart(6)}  ${k}`);
}
