#!/usr/bin/env node
import { spawnSync } from "node:child_process";
// One-time (and idempotent) set-up for gasil-kit. Every README command calls it first; when
// everything is present it finishes in about a second.
//
//   1. npm packages      `npm ci` when node_modules is missing or older than package-lock.json
//   2. library build     `tsc` when any file in src/ is newer than dist/
//   2b. plotly.js     minified once with esbuild into node_modules/.cache/gasil-kit/
//   2c. replay viewer    three.js + the viewer (src/plots/viewer/) bundled with esbuild into the same cache
//   2d. nn kernels       WebAssembly SIMD kernels (src/nn/kernels/assembly/, AssemblyScript) compiled with
//                        asc into the same cache, named by a hash of the sources (a changed source rebuilds)
//   3. package link      notebooks/node_modules/gasil-kit → repository root, so that notebooks (tslab
//                        resolves the old node10 way) import the built library by package name
//   4. Python venv       .venv with JupyterLab 4, nbclient, nbconvert pinned in requirements-jupyter.txt
//   5. tslab kernel      registered inside .venv only (nothing written to the user's global Jupyter)
//
// Flags: --quiet (less output), --no-python (skip 4 and 5), --peer (also create the Gymnasium
// peer venv used by the equivalence tests, via scripts/peer-venv.mjs when present).
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = new Set(process.argv.slice(2));
const quiet = args.has("--quiet");
const started = Date.now();

function log(message) {
  if (!quiet) console.log(`[setup] ${message}`);
}

function run(cmd, cmdArgs, options = {}) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit", ...options });
  if (result.error) throw new Error(`[setup] could not run ${cmd}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`[setup] ${cmd} ${cmdArgs.join(" ")} failed with exit code ${result.status}`);
  return result;
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const st = statSync(full);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(full) : st.mtimeMs);
  }
  return newest;
}

// 1. npm packages -----------------------------------------------------------------------------
const lock = join(root, "package-lock.json");
const installedMarker = join(root, "node_modules", ".package-lock.json");
if (!existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync(lock).mtimeMs) {
  log("installing npm packages (npm ci) ...");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
} else {
  log("npm packages present");
}

// 2b. minified plotly.js for notebook figures and reports (plotly.js-dist ships 11 MB unminified)
{
  const pkg = JSON.parse(readFileSync(join(root, "node_modules", "plotly.js-dist", "package.json"), "utf8"));
  const target = join(root, "node_modules", ".cache", "gasil-kit", `plotly-${pkg.version}.min.js`);
  if (!existsSync(target)) {
    log(`minifying plotly.js ${pkg.version} with esbuild ...`);
    const { transformSync } = await import("esbuild");
    const source = readFileSync(join(root, "node_modules", "plotly.js-dist", "plotly.js"), "utf8");
    const out = transformSync(source, { minify: true, legalComments: "eof", target: "es2018" });
    mkdirSync(join(root, "node_modules", ".cache", "gasil-kit"), { recursive: true });
    writeFileSync(`${target}.tmp`, out.code);
    renameSync(`${target}.tmp`, target);
  }
}

// 2. build ------------------------------------------------------------------------------------
// A stamp written only after a successful compile: a failed build (tsc still emits) never looks
// up to date.
const buildStamp = join(root, "dist", ".build-ok");
const srcNewest = Math.max(newestMtime(join(root, "src")), statSync(join(root, "tsconfig.json")).mtimeMs);
if (!existsSync(buildStamp) || statSync(buildStamp).mtimeMs < srcNewest) {
  log("building the library (tsc) ...");
  rmSync(buildStamp, { force: true });
  run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"]);
  writeFileSync(buildStamp, new Date().toISOString());
} else {
  log("library build up to date");
}

// 2c. the replay viewer's browser bundle (named by a hash of its inputs; built only when missing)
{
  const { createRequire } = await import("node:module");
  const bundle = createRequire(import.meta.url)(join(root, "dist", "plots", "viewer-bundle.js"));
  const name = bundle.viewerBundleName();
  if (!existsSync(join(root, "node_modules", ".cache", "gasil-kit", name))) log(`bundling the replay viewer with three.js (${name}) ...`);
  bundle.viewerBundlePath();
}

// 2d. the networks' WebAssembly SIMD kernels (named by a hash of their sources; built only when missing)
{
  const { createRequire } = await import("node:module");
  const build = createRequire(import.meta.url)(join(root, "dist", "nn", "kernels", "build.js"));
  const name = build.kernelWasmName();
  if (!existsSync(join(build.kernelCacheDir(), name))) log(`compiling the network kernels with AssemblyScript (${name}) ...`);
  build.kernelWasmPath();
}

// 3. package link for notebooks ------------------------------------------------------------------
const linkDir = join(root, "notebooks", "node_modules");
const link = join(linkDir, "gasil-kit");
mkdirSync(linkDir, { recursive: true });
let linkOk = false;
try {
  linkOk = lstatSync(link).isSymbolicLink() && readlinkSync(link) === join("..", "..");
} catch {
  linkOk = false;
}
if (!linkOk) {
  rmSync(link, { recursive: true, force: true });
  symlinkSync(join("..", ".."), link, "dir");
  log(`linked ${relative(root, link)} → repository root`);
}

// 4–5. Python venv with Jupyter and the tslab kernel ---------------------------------------------
if (!args.has("--no-python")) {
  const venv = join(root, ".venv");
  const python = join(venv, "bin", "python");
  const requirements = readFileSync(join(root, "requirements-jupyter.txt"), "utf8");
  const marker = join(venv, ".gasil-kit-requirements");
  if (!existsSync(python) || !existsSync(marker) || readFileSync(marker, "utf8") !== requirements) {
    const systemPython = process.env.PYTHON ?? "python3";
    log(`creating the Python virtual environment .venv with ${systemPython} (JupyterLab, nbclient, nbconvert) ...`);
    if (!existsSync(python)) run(systemPython, ["-m", "venv", venv]);
    run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", "requirements-jupyter.txt"]);
    writeFileSync(marker, requirements);
  } else {
    log("Python virtual environment present");
  }
  const tslabBin = join(root, "node_modules", ".bin", "tslab");
  const kernelJson = join(venv, "share", "jupyter", "kernels", "tslab", "kernel.json");
  let kernelOk = false;
  if (existsSync(kernelJson)) {
    const spec = JSON.parse(readFileSync(kernelJson, "utf8"));
    kernelOk = spec.argv?.[0] === tslabBin;
  }
  if (!kernelOk) {
    log("registering the tslab TypeScript kernel inside .venv ...");
    run(process.execPath, [tslabBin, "install", `--python=${python}`, "--sys-prefix", `--binary=${tslabBin}`]);
  } else {
    log("tslab kernel registered");
  }
}

if (args.has("--peer") && existsSync(join(root, "scripts", "peer-venv.mjs"))) {
  run(process.execPath, [join(root, "scripts", "peer-venv.mjs")]);
}

log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
