/**
 * Build of the network kernels' WebAssembly module from its AssemblyScript source
 * (`src/nn/kernels/assembly/`), with the pinned `assemblyscript` development dependency.
 *
 * The module is built once (by `npm run setup`, or on first use) into
 * `node_modules/.cache/gasil-kit/`. Its file name carries the compiler's version and a hash of
 * the sources and flags, so an edited source gets a fresh build under a new name and a stale
 * module is never loaded; the loader finds it from the package root, from `src/` (tests through
 * tsx) and from `dist/` alike.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Compiler flags. `--enable simd`: f32x4 kernels (in every Node ≥ 16.4 and current browsers);
 * `--runtime stub` and `--use abort=`: no allocator and no imports besides the memory, which the
 * wrapper supplies sized for its arena; `--noAssert`: no bounds assertions in the inner loops.
 */
export const KERNEL_ASC_FLAGS: readonly string[] = [
  "-O3",
  "--noAssert",
  "--runtime",
  "stub",
  "--importMemory",
  "--noExportMemory",
  "--enable",
  "simd",
  "--use",
  "abort=",
];

function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "gasil-kit") return dir;
    dir = dirname(dir);
  }
  throw new Error(`nn kernels: cannot find gasil-kit's package root above ${__dirname}`);
}

/** Folder of the AssemblyScript sources. */
export function kernelSourceDir(): string {
  return join(packageRoot(), "src", "nn", "kernels", "assembly");
}

function sourceFiles(): string[] {
  return readdirSync(kernelSourceDir())
    .filter((name) => name.endsWith(".ts"))
    .sort();
}

/** Version of the installed AssemblyScript compiler, or null when it is not installed. */
export function ascVersion(): string | null {
  const file = join(packageRoot(), "node_modules", "assemblyscript", "package.json");
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** Version pinned in package.json (what the name of a prebuilt module refers to without a compiler). */
function pinnedAscVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { devDependencies?: Record<string, string> };
  return pkg.devDependencies?.["assemblyscript"] ?? "unknown";
}

let cachedName: string | null = null;

/** File name of the module, e.g. `nn-kernels-asc0.28.20-1a2b3c4d5e.wasm`. */
export function kernelWasmName(): string {
  if (cachedName !== null) return cachedName;
  const version = ascVersion() ?? pinnedAscVersion();
  const hash = createHash("sha256");
  for (const name of sourceFiles()) {
    hash.update(name);
    hash.update(readFileSync(join(kernelSourceDir(), name)));
  }
  hash.update(KERNEL_ASC_FLAGS.join(" "));
  hash.update(version);
  cachedName = `nn-kernels-asc${version}-${hash.digest("hex").slice(0, 10)}.wasm`;
  return cachedName;
}

/** Folder of the built module. */
export function kernelCacheDir(): string {
  return join(packageRoot(), "node_modules", ".cache", "gasil-kit");
}

/**
 * Absolute path of the built module, compiling it first when missing (a few seconds; synchronous,
 * in a child process, because the compiler's API is asynchronous ES modules).
 * @throws Error when it must be built and AssemblyScript is not installed, or the compile fails.
 */
export function kernelWasmPath(): string {
  const target = join(kernelCacheDir(), kernelWasmName());
  if (existsSync(target)) return target;
  const asc = join(packageRoot(), "node_modules", "assemblyscript", "bin", "asc.js");
  if (!existsSync(asc)) {
    throw new Error(
      "nn kernels: the WebAssembly module is not built and AssemblyScript is not installed; run `npm run setup` in the gasil-kit folder",
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  const result = spawnSync(process.execPath, [asc, join(kernelSourceDir(), "index.ts"), ...KERNEL_ASC_FLAGS, "-o", tmp], {
    cwd: packageRoot(),
    encoding: "utf8",
  });
  if (result.status !== 0 || !existsSync(tmp)) {
    rmSync(tmp, { force: true });
    throw new Error(`nn kernels: AssemblyScript compile failed (exit ${result.status}):\n${result.stderr}${result.stdout}`);
  }
  // Rename last: a concurrent or interrupted build never leaves a half-written module under the name.
  renameSync(tmp, target);
  // Modules of older sources are never loaded again; drop them (a few kB each, one per edit).
  for (const name of readdirSync(dirname(target))) {
    if (/^nn-kernels-.*\.wasm$/.test(name) && name !== kernelWasmName()) rmSync(join(dirname(target), name), { force: true });
  }
  return target;
}
