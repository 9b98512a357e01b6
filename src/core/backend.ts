/**
 * TensorFlow.js backend selection.
 *
 * Order of preference: `tensorflow` (native, from `@tensorflow/tfjs-node`, only if the user has
 * installed it), then `wasm` (`@tensorflow/tfjs-backend-wasm`, shipped with the kit), then `cpu`
 * (pure JavaScript). The environment variable `GASIL_BACKEND` (`tensorflow` | `node` | `wasm` |
 * `cpu`) forces a choice; a forced backend that cannot be initialised is an error, not a silent
 * fallback. The chosen backend is recorded with every result (see `backendInfo`).
 */
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";

/** Backends the kit knows how to initialise. `tensorflow` is tfjs-node's native backend. */
export type BackendName = "tensorflow" | "wasm" | "cpu";
export const BACKEND_NAMES: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

export interface BackendInfo {
  readonly name: BackendName;
  /** Version of @tensorflow/tfjs-core in use. */
  readonly tfjsVersion: string;
  /** Why this backend was chosen: `env` (GASIL_BACKEND), `argument`, or `auto`. */
  readonly chosenBy: "env" | "argument" | "auto";
  /** Number of threads of the wasm backend, when it is the active one. */
  readonly wasmThreads?: number;
}

let active: BackendInfo | null = null;

function parseName(raw: string, source: string): BackendName {
  const name = raw.trim().toLowerCase();
  if (name === "node" || name === "tfjs-node" || name === "tensorflow") return "tensorflow";
  if (name === "wasm" || name === "cpu") return name;
  throw new Error(`${source}: unknown backend ${JSON.stringify(raw)}; allowed: tensorflow (alias node), wasm, cpu`);
}

/**
 * True when the real `@tensorflow/tfjs-node` is installed. (danfojs-node's install override maps
 * that name to plain `@tensorflow/tfjs`, so the name alone can resolve to an alias.)
 */
export function tfjsNodeInstalled(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require("@tensorflow/tfjs-node/package.json") as { name?: string };
    return pkg.name === "@tensorflow/tfjs-node";
  } catch {
    return false;
  }
}

function tryLoadTfjsNode(): boolean {
  if (!tfjsNodeInstalled()) return false;
  try {
    // Registers the "tensorflow" backend as a side effect. Optional dependency: only present
    // when the user installed @tensorflow/tfjs-node themselves (it needs internet at install).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("@tensorflow/tfjs-node");
    return tf.findBackend("tensorflow") !== undefined || tf.engine().registryFactory["tensorflow"] !== undefined;
  } catch {
    return false;
  }
}

async function tryInit(name: BackendName): Promise<boolean> {
  if (name === "tensorflow") {
    if (!tryLoadTfjsNode()) return false;
  } else if (name === "wasm") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
    const distDir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    wasm.setWasmPaths(distDir + path.sep);
  }
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Initialise the TensorFlow.js backend once per process and return what was chosen.
 * @param preferred force a backend (overrides auto-detection but not `GASIL_BACKEND`).
 * @throws Error when a forced backend (env or argument) cannot be initialised.
 */
export async function initBackend(preferred?: BackendName): Promise<BackendInfo> {
  const fromEnv = process.env["GASIL_BACKEND"];
  let forced: BackendName | null = null;
  let chosenBy: BackendInfo["chosenBy"] = "auto";
  if (fromEnv !== undefined && fromEnv.trim() !== "") {
    forced = parseName(fromEnv, "GASIL_BACKEND");
    chosenBy = "env";
  } else if (preferred !== undefined) {
    forced = parseName(preferred, "initBackend(preferred)");
    chosenBy = "argument";
  }
  if (active !== null && (forced === null || forced === active.name)) return active;

  const candidates: BackendName[] = forced !== null ? [forced] : ["tensorflow", "wasm", "cpu"];
  for (const name of candidates) {
    if (await tryInit(name)) {
      await tf.ready();
      const threads = name === "wasm" ? wasmThreadCount() : undefined;
      active = { name, tfjsVersion: tf.version_core, chosenBy, ...(threads !== undefined ? { wasmThreads: threads } : {}) };
      return active;
    }
  }
  throw new Error(
    forced !== null
      ? `backend ${forced} (${chosenBy === "env" ? "GASIL_BACKEND" : "argument"}) could not be initialised` +
          (forced === "tensorflow" ? "; install it with `npm install @tensorflow/tfjs-node` (needs internet access)" : "")
      : "no TensorFlow.js backend could be initialised (tried tensorflow, wasm, cpu)",
  );
}

function wasmThreadCount(): number | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wasm = require("@tensorflow/tfjs-backend-wasm") as { getThreadsCount?: () => number };
    return wasm.getThreadsCount?.();
  } catch {
    return undefined;
  }
}

/** The backend chosen by {@link initBackend}, or null before initialisation. */
export function backendInfo(): BackendInfo | null {
  return active;
}
