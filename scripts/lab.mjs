#!/usr/bin/env node
import { spawn } from "node:child_process";
// npm run lab [-- extra jupyter lab flags]: JupyterLab 4 from the project's .venv, rooted at
// notebooks/, with the tslab TypeScript kernel (registered inside .venv only) as the default kernel.
// User settings and workspaces are kept inside .venv too, so nothing touches a global Jupyter set-up.
import { join } from "node:path";
import { root, venvBin } from "./lib/notebooks.mjs";

const env = {
  ...process.env,
  JUPYTER_CONFIG_DIR: join(root, ".venv", "etc", "jupyter-user"),
  JUPYTERLAB_SETTINGS_DIR: join(root, ".venv", "etc", "jupyterlab-settings"),
  JUPYTERLAB_WORKSPACES_DIR: join(root, ".venv", "etc", "jupyterlab-workspaces"),
};
const args = [
  "lab",
  `--ServerApp.root_dir=${join(root, "notebooks")}`,
  "--MappingKernelManager.default_kernel_name=tslab",
  // notebooks/node_modules only holds the package link that lets tslab import gasil-kit.
  '--ContentsManager.hide_globs=["__pycache__", "*.pyc", ".ipynb_checkpoints", "node_modules"]',
  // Jupyter refuses to start as root without this flag (containers, CI machines).
  ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ...process.argv.slice(2),
];
console.log(`[lab] jupyter ${args.join(" ")}`);
const child = spawn(join(venvBin, "jupyter"), args, { cwd: join(root, "notebooks"), env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("close", (code) => process.exit(code ?? 0));
