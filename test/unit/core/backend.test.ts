import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { tfjsNodeInstalled } from "../../../src/core/backend";

// initBackend() is once-per-process state, so each case runs in a fresh Node process.
const repoRoot = join(__dirname, "..", "..", "..");
function runWith(env: Record<string, string>, call = "initBackend()"): { status: number | null; out: string } {
  const script = `const { initBackend } = require("./src/core/backend.ts");
    ${call}.then((info) => { console.log(JSON.stringify(info)); }, (error) => { console.error(error.message); process.exit(3); });`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: repoRoot,
    env: { ...process.env, GASIL_BACKEND: "", ...env },
    encoding: "utf8",
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

test("auto-detection picks wasm when tfjs-node is not installed", () => {
  const { status, out } = runWith({});
  assert.equal(status, 0, out);
  const info = JSON.parse(out.trim().split("\n").pop()!);
  assert.equal(info.name, tfjsNodeInstalled() ? "tensorflow" : "wasm");
  assert.equal(info.chosenBy, "auto");
});

test("GASIL_BACKEND forces a backend and is recorded as the reason", () => {
  const { status, out } = runWith({ GASIL_BACKEND: "cpu" });
  assert.equal(status, 0, out);
  assert.deepEqual(JSON.parse(out.trim()), { name: "cpu", tfjsVersion: "4.22.0", chosenBy: "env" });
});

test("GASIL_BACKEND wins over the argument", () => {
  const { out } = runWith({ GASIL_BACKEND: "cpu" }, 'initBackend("wasm")');
  assert.equal(JSON.parse(out.trim()).name, "cpu");
});

test("an unknown backend name is rejected with the allowed values", () => {
  const { status, out } = runWith({ GASIL_BACKEND: "gpu" });
  assert.equal(status, 3);
  assert.match(out, /GASIL_BACKEND: unknown backend "gpu"; allowed: tensorflow \(alias node\), wasm, cpu/);
});

test("forcing tfjs-node without it installed is an error that says how to install it", (t) => {
  if (tfjsNodeInstalled()) {
    t.skip("tfjs-node is installed on this machine");
    return;
  }
  const { status, out } = runWith({ GASIL_BACKEND: "node" });
  assert.equal(status, 3);
  assert.match(out, /backend tensorflow \(GASIL_BACKEND\) could not be initialised; install it with `npm install @tensorflow\/tfjs-node`/);
});
