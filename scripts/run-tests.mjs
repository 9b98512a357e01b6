#!/usr/bin/env node
// Runs the whole test suite with Node's built-in runner (node:test) through tsx.
// Usage: node scripts/run-tests.mjs [substring-filter ...]
// Files: test/**/*.test.ts. The runner's summary (tests / pass / fail / skipped) closes the output.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const filters = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...collect(full));
    else if (name.endsWith(".test.ts")) out.push(relative(root, full));
  }
  return out;
}

let files = collect(join(root, "test"));
if (filters.length > 0) files = files.filter((f) => filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error("no test files matched", filters);
  process.exit(1);
}
// Heavy suites (notebooks, browser) start their own processes; run files with limited parallelism.
const concurrency = process.env.GASIL_TEST_CONCURRENCY ?? "2";
const args = ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-reporter=spec", ...files];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, GASIL_TEST: "1" } });
process.exit(result.status ?? 1);
