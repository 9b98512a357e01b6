// Shared helpers for executing notebooks headless (used by scripts/report.mjs and the tests).

import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const venvBin = join(root, ".venv", "bin");

/** Notebooks of the kit, in order (`notebooks/NN-name.ipynb`). */
export function listNotebooks() {
  return readdirSync(join(root, "notebooks"))
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
    .sort();
}

/**
 * Execute `notebook` (path relative to the repository) with the tslab kernel and write an HTML
 * export into `outDir`. Resolves with { htmlPath, seconds, log }; rejects with the kernel's
 * traceback when a cell fails (nbconvert stops at the first error).
 */
export function executeToHtml(notebook, outDir, { timeoutSeconds = 900, env = {} } = {}) {
  const jupyter = join(venvBin, "jupyter");
  if (!existsSync(jupyter)) {
    return Promise.reject(new Error(`Jupyter is not installed (${jupyter} missing): run \`npm run setup\` first`));
  }
  const name = notebook
    .split("/")
    .pop()
    .replace(/\.ipynb$/, "");
  const args = [
    "nbconvert",
    "--to",
    "html",
    "--execute",
    "--ExecutePreprocessor.kernel_name=tslab",
    `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
    "--output-dir",
    outDir,
    "--output",
    name,
    join(root, notebook),
  ];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(jupyter, args, { cwd: root, env: { ...process.env, ...env } });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (Date.now() - started) / 1000;
      if (code === 0) resolve({ htmlPath: join(outDir, `${name}.html`), seconds, log });
      else reject(new Error(`executing ${notebook} failed (exit ${code}) after ${seconds.toFixed(1)} s:\n${log.slice(-6000)}`));
    });
  });
}
