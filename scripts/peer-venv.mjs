#!/usr/bin/env node
// Creates the Python peer used by the Gymnasium equivalence tests and benchmarks:
// a project-local virtual environment `.venv-peer` (git-ignored) with `gymnasium[mujoco]` and
// `mujoco` pinned to the release nearest the MuJoCo inside `mujoco-js` (3.3.8; PyPI has no 3.3.8
// wheel, the nearest is 3.3.7). A marker file records the pins; when it matches, the script returns
// in milliseconds. Safe to run concurrently (a lock directory serialises creation).
//
// Usage: node scripts/peer-venv.mjs [--quiet] [--print-python]
//   --print-python  print the venv's python path on stdout (and nothing else)
// Env: GASIL_PEER_PYTHON  base interpreter to create the venv with (default: python3, then python)
// Exit code 0 when the venv is ready; 1 with a message on stderr otherwise.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PEER_PINS = Object.freeze({ gymnasium: "1.2.2", mujoco: "3.3.7" });
const MARKER_NAME = "gasil-peer.json";

const root = fileURLToPath(new URL("..", import.meta.url));
export const PEER_VENV_DIR = join(root, ".venv-peer");
const lockDir = join(root, ".cache", "peer-venv.lock"); // .cache/ is git-ignored

/** Path of the venv's python (POSIX or Windows layout). */
export function peerPython() {
  const posix = join(PEER_VENV_DIR, "bin", "python");
  const win = join(PEER_VENV_DIR, "Scripts", "python.exe");
  return process.platform === "win32" ? win : posix;
}

function markerMatches() {
  const marker = join(PEER_VENV_DIR, MARKER_NAME);
  if (!existsSync(marker) || !existsSync(peerPython())) return false;
  try {
    const m = JSON.parse(readFileSync(marker, "utf8"));
    return m.gymnasium === PEER_PINS.gymnasium && m.mujoco === PEER_PINS.mujoco;
  } catch {
    return false;
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function acquireLock(log) {
  const deadline = Date.now() + 15 * 60 * 1000;
  for (;;) {
    try {
      mkdirSync(join(root, ".cache"), { recursive: true });
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, "pid"), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(join(lockDir, "pid"), "utf8"));
    } catch {
      // being written; retry
    }
    if (Number.isInteger(holder) && holder > 0 && !pidAlive(holder)) {
      rmSync(lockDir, { recursive: true, force: true }); // stale lock of a dead process
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (held by pid ${holder})`);
    log(`waiting for another process creating .venv-peer (pid ${holder}) ...`);
    sleep(2000);
  }
}

function findBasePython() {
  const candidates = process.env.GASIL_PEER_PYTHON ? [process.env.GASIL_PEER_PYTHON] : ["python3", "python"];
  for (const exe of candidates) {
    const r = spawnSync(exe, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
    if (r.status === 0) {
      const [maj, min] = r.stdout.trim().split(".").map(Number);
      if (maj === 3 && min >= 9) return exe;
    }
  }
  throw new Error(`no Python ≥ 3.9 found (tried ${candidates.join(", ")}; set GASIL_PEER_PYTHON)`);
}

function run(cmd, args, log) {
  log(`$ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${(r.stdout ?? "").slice(-2000)}\n${(r.stderr ?? "").slice(-4000)}`,
    );
  }
  return r.stdout;
}

/**
 * Make sure `.venv-peer` exists with the pinned packages. Returns the venv's python path.
 * @param {{ quiet?: boolean }} [options]
 */
export function ensurePeerVenv(options = {}) {
  const log = options.quiet ? () => {} : (msg) => process.stderr.write(`[peer-venv] ${msg}\n`);
  if (markerMatches()) return peerPython();
  acquireLock(log);
  try {
    if (markerMatches()) return peerPython(); // created while we waited
    const started = Date.now();
    const base = findBasePython();
    if (existsSync(PEER_VENV_DIR)) rmSync(PEER_VENV_DIR, { recursive: true, force: true });
    run(base, ["-m", "venv", PEER_VENV_DIR], log);
    const py = peerPython();
    run(
      py,
      [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-input",
        `gymnasium[mujoco]==${PEER_PINS.gymnasium}`,
        `mujoco==${PEER_PINS.mujoco}`,
      ],
      log,
    );
    const check = run(
      py,
      ["-c", "import gymnasium, mujoco, numpy; print(gymnasium.__version__, mujoco.__version__, numpy.__version__)"],
      log,
    ).trim();
    const [gymV, mjV, npV] = check.split(" ");
    if (gymV !== PEER_PINS.gymnasium || mjV !== PEER_PINS.mujoco) {
      throw new Error(`installed gymnasium ${gymV} / mujoco ${mjV}, expected ${PEER_PINS.gymnasium} / ${PEER_PINS.mujoco}`);
    }
    writeFileSync(
      join(PEER_VENV_DIR, MARKER_NAME),
      JSON.stringify({ ...PEER_PINS, numpy: npV, createdAt: new Date().toISOString() }, null, 2),
    );
    log(`ready: gymnasium ${gymV}, mujoco ${mjV}, numpy ${npV} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return py;
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  try {
    const py = ensurePeerVenv({ quiet: args.includes("--quiet") || args.includes("--print-python") });
    if (args.includes("--print-python")) process.stdout.write(`${py}\n`);
  } catch (err) {
    process.stderr.write(`[peer-venv] ${err.message}\n`);
    process.exit(1);
  }
}
