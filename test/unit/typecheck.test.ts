import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

// Tests run through tsx, which strips types without checking them. This compiles the library and
// every test file under the strict settings, so a type error anywhere fails the suite.
test("the library and the test suite type-check under the strict tsconfig", { timeout: 180_000 }, () => {
  const root = join(__dirname, "..", "..");
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "test", "tsconfig.json")], { cwd: root, encoding: "utf8" });
  assert.equal(result.status, 0, `tsc reported errors:\n${result.stdout}${result.stderr}`);
  // The replay viewer runs in the browser: its own project (DOM types, three.js's declarations).
  const viewer = spawnSync(process.execPath, [tsc, "-p", join(root, "src", "plots", "viewer", "tsconfig.json")], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(viewer.status, 0, `tsc reported errors in the browser viewer:\n${viewer.stdout}${viewer.stderr}`);
});
