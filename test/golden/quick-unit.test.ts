/**
 * Golden test: the committed quick results are what the current code computes. One unit of
 * `data/quick` (PPO on delayed HalfCheetah, 3 seeds × 20 iterations, ≈ 25 s on one core — the
 * cheapest unit) is retrained from the committed manifest into a temporary sweep folder with the
 * built CLI; its per-iteration rows (everything but the wall-clock field) and its saved policies must
 * equal the committed ones byte for byte. A refactor that claims "numbers unchanged" passes this; a
 * change that moves numbers on purpose must retrain data/quick (and say why).
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

const root = path.join(__dirname, "..", "..");
const UNIT = "figure6_HalfCheetah-v4_ppo";

function rowsWithoutClock(file: string): unknown[] {
  return fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const { wallSeconds: _clock, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

test(`retraining the quick unit ${UNIT} reproduces its committed rows and policies bit for bit`, { timeout: 600_000 }, () => {
  const committed = path.join(root, "data", "quick", "runs", UNIT);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-golden-"));
  try {
    fs.copyFileSync(path.join(root, "data", "quick", "manifest.json"), path.join(tmp, "manifest.json"));
    execFileSync(process.execPath, [path.join(root, "bin", "gasil-kit.js"), "train", "--sweep", tmp, "--run", UNIT, "--quiet"], {
      cwd: root,
      stdio: "pipe",
    });
    const fresh = path.join(tmp, "runs", UNIT);
    assert.deepEqual(rowsWithoutClock(path.join(fresh, "rows.jsonl")), rowsWithoutClock(path.join(committed, "rows.jsonl")));
    const policies = listFiles(path.join(committed, "policies"));
    assert.ok(policies.length >= 3, "one saved policy per seed at least");
    assert.deepEqual(listFiles(path.join(fresh, "policies")), policies);
    for (const f of policies) {
      assert.ok(
        fs.readFileSync(path.join(fresh, "policies", f)).equals(fs.readFileSync(path.join(committed, "policies", f))),
        `policies/${f}`,
      );
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
