#!/usr/bin/env node
import { spawnSync } from "node:child_process";
// Runs the whole test suite with Node's built-in runner (node:test) through tsx.
// Usage: node scripts/run-tests.mjs [substring-filter ...]
// Files: test/**/*.test.ts. The runner's summary (tests / pass / fail / skipped) closes the output.
// Without filters (the full suite: `npm test`, CI) the lint check (`npm run lint`, Biome) runs
// first and a finding fails the run before any test starts; GASIL_SKIP_LINT=1 skips it.
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
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

if (filters.length === 0 && process.env.GASIL_SKIP_LINT !== "1") {
  // Biome's own binary, not `npx`, so that no registry is ever contacted from a test run.
  const biome = join(root, "node_modules", "@biomejs", "biome", "bin", "biome");
  const lint = spawnSync(process.execPath, [biome, "check", "--error-on-warnings"], { cwd: root, stdio: "inherit" });
  if (lint.status !== 0) {
    console.error("\nlint failed (above): fix the findings, or run `npm run format` for formatting and import order.");
    process.exit(lint.status ?? 1);
  }
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
