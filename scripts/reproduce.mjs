#!/usr/bin/env node
// npm run reproduce [-- --preset auto|quick|standard|paper] [--workers N] [--skip-report]
//
// The whole pipeline, end to end (npm runs scripts/setup.mjs first: packages, build, Jupyter):
//   0. preset   "auto" (the default) is the largest complete dataset in data/ — the one
//               `gasil-kit figures` and notebooks 03–04 show — so the committed figures are the
//               ones this command regenerates: data/standard on a fresh clone, else data/quick
//   1. sweep    gasil-kit sweep --preset <preset>   (resumes: finished runs are skipped, unfinished
//               ones continue from their checkpoints; the quick and standard presets' results are
//               committed, so on a fresh clone this step only checks them)
//   2. figures  gasil-kit figures --data data/<preset>   → figures/figure6.*, figure7-*.*, tables
//   3. reports  node scripts/report.mjs                  → figures/reports/*.html (offline)
// Progress of every step is printed as it happens. Rerun the same command after any interruption.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const argv = process.argv.slice(2);

function usage(code) {
  console.log(`usage: npm run reproduce [-- --preset auto|quick|standard|paper] [--workers N] [--skip-report]

  --preset NAME   sweep preset (default auto: the largest complete dataset in data/, data/standard on
                  a fresh clone; quick trains in ~7 min on 2 cores, standard in ~3 h, when not yet trained)
  --workers N     worker processes (default: one per core)
  --skip-report   stop after the figures (no notebook reports)`);
  process.exit(code);
}

let preset = "auto";
let workers = null;
let report = true;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--help" || a === "-h") usage(0);
  else if (a === "--preset") preset = argv[++i];
  else if (a.startsWith("--preset=")) preset = a.slice("--preset=".length);
  else if (a === "--workers") workers = argv[++i];
  else if (a.startsWith("--workers=")) workers = a.slice("--workers=".length);
  else if (a === "--skip-report") report = false;
  else {
    console.error(`reproduce: unknown argument ${JSON.stringify(a)}`);
    usage(2);
  }
}
if (preset === undefined || preset === "") usage(2);
if (preset === "auto") {
  // setup.mjs has built dist/ by now; the same rule as `gasil-kit figures` and the notebooks.
  const { defaultDataDir } = createRequire(import.meta.url)(join(root, "dist", "experiments", "index.js"));
  preset = basename(defaultDataDir());
  console.log(`[reproduce] preset auto → ${preset} (the largest complete dataset in data/; --preset quick|standard|paper picks one)`);
}

const cli = join(root, "bin", "gasil-kit.js");
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function step(title, args) {
  console.log(`\n[reproduce] ${title} (${elapsed()} so far)`);
  console.log(`[reproduce] $ ${args.join(" ")}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(
      `\n[reproduce] ${title} failed (exit code ${result.status}); rerun \`npm run reproduce -- --preset ${preset}\` to resume.`,
    );
    process.exit(result.status ?? 1);
  }
}

step(`1/3 sweep (preset ${preset}; resumes where it stopped)`, [
  cli,
  "sweep",
  "--preset",
  preset,
  ...(workers !== null ? ["--workers", String(workers)] : []),
]);
step("2/3 figures and tables", [cli, "figures", "--data", join("data", preset), "--out", "figures"]);
if (report) {
  if (!existsSync(join(root, "scripts", "report.mjs"))) console.log("[reproduce] scripts/report.mjs not found: skipping the HTML reports");
  else step("3/3 notebook reports", [join(root, "scripts", "report.mjs")]);
}
console.log(
  `\n[reproduce] done in ${elapsed()}: figures in figures/, tables in figures/tables/${preset}/${report ? ", reports in figures/reports/" : ""}`,
);
