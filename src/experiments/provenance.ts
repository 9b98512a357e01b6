/**
 * Provenance recorded with every run: code version (git commit), library versions, MuJoCo
 * version, TensorFlow.js backend and the machine. Everything here is best effort — a missing
 * `git` or package is recorded as null, never an error.
 */

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Repository / package root (the folder holding gasil-kit's package.json). */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/**
 * A path for messages and reports: relative to `base` (default: the repository root) when it lies
 * inside it, with `/` separators, so that committed reports and logs carry no machine-specific
 * prefix such as a home folder; paths outside `base` are returned as given.
 */
export function displayPath(p: string, base: string = PACKAGE_ROOT): string {
  const rel = path.relative(base, path.resolve(p));
  if (rel === "") return ".";
  if (rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return p;
  return rel.split(path.sep).join("/");
}

/** Code version. */
export interface GitInfo {
  /** `git rev-parse HEAD`, or null outside a git checkout. */
  readonly commit: string | null;
  /** True when tracked files under src/ differ from the commit (results may not match it exactly). */
  readonly dirty: boolean | null;
}

/** Machine description. */
export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly os: string;
  readonly arch: string;
  readonly totalMemoryGiB: number;
  readonly node: string;
}

let gitCache: GitInfo | null = null;

/** Commit of the checkout the library runs from. */
export function gitInfo(): GitInfo {
  if (gitCache !== null) return gitCache;
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd: PACKAGE_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    let dirty: boolean | null = null;
    try {
      const out = execFileSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "src"], {
        cwd: PACKAGE_ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      dirty = out.trim() !== "";
    } catch {
      dirty = null;
    }
    gitCache = { commit, dirty };
  } catch {
    gitCache = { commit: null, dirty: null };
  }
  return gitCache;
}

function packageVersion(name: string): string | null {
  for (const base of [PACKAGE_ROOT, process.cwd()]) {
    const file = path.join(base, "node_modules", ...name.split("/"), "package.json");
    try {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      // An npm alias (e.g. danfojs-node's override "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@…")
      // installs another package under this name: record what it really is.
      if (pkg.name !== undefined && pkg.name !== name) return `npm:${pkg.name}@${pkg.version ?? "?"}`;
      return pkg.version ?? null;
    } catch {
      // try the next base
    }
  }
  return null;
}

/** Versions of gasil-kit and the libraries that determine the numbers. */
export function packageVersions(): Record<string, string | null> {
  let own: string | null = null;
  try {
    own = (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version?: string }).version ?? null;
  } catch {
    own = null;
  }
  return {
    "gasil-kit": own,
    "@tensorflow/tfjs": packageVersion("@tensorflow/tfjs"),
    "@tensorflow/tfjs-core": packageVersion("@tensorflow/tfjs-core"),
    "@tensorflow/tfjs-backend-wasm": packageVersion("@tensorflow/tfjs-backend-wasm"),
    "@tensorflow/tfjs-node": packageVersion("@tensorflow/tfjs-node"),
    "mujoco-js": packageVersion("mujoco-js"),
    node: process.versions.node,
  };
}

/**
 * MuJoCo version string of the `mujoco-js` WebAssembly module (`mj_versionString()`, e.g.
 * `"3.3.8"`), or null when the envs layer or the module cannot be loaded. The module is loaded
 * once per process (the MuJoCo tasks load it anyway).
 */
export async function mujocoVersion(): Promise<string | null> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = require(path.join(__dirname, "..", "envs", "mujoco", "runtime")) as {
      loadMujoco?: () => Promise<{ version?: unknown }>;
    };
    if (typeof runtime.loadMujoco !== "function") return null;
    const version = (await runtime.loadMujoco()).version;
    return typeof version === "string" ? version : null;
  } catch {
    return null;
  }
}

/** The machine the run executes on. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}
