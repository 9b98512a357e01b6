/**
 * Real-browser end-to-end test: JupyterLab (project .venv) on loopback with a random port and
 * token, Debian's Chromium driven by playwright-core. Opens notebook 00, runs all cells through
 * the UI menu, checks that outputs and a plotly figure appear, saves a screenshot; then exports
 * the notebook to an HTML report and opens it with the network disabled.
 *
 * Under CI=true a missing browser or Jupyter is a failure, never a skip.
 */

import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { loadResults, selectRows } from "../../src/analysis/index";
import { repoRoot, testOutputDir } from "../helpers/notebooks";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const JUPYTER = join(repoRoot, ".venv", "bin", "jupyter");
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const missing = [!existsSync(CHROMIUM) ? `browser ${CHROMIUM}` : "", !existsSync(JUPYTER) ? `Jupyter ${JUPYTER}` : ""].filter(Boolean);
const skipReason =
  missing.length > 0 && process.env["CI"] !== "true"
    ? `missing ${missing.join(" and ")} (install chromium with apt, run npm run setup)`
    : false;

let lab: ChildProcess | null = null;
let browser: Browser | null = null;
let baseUrl = "";
let token = "";
const outDir = testOutputDir("e2e");
const labRoot = join(outDir, "lab-root");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (lab !== null && lab.exitCode !== null) throw new Error(`JupyterLab exited with code ${lab.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`JupyterLab did not answer at ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  if (skipReason) return;
  assert.ok(missing.length === 0, `end-to-end prerequisites missing under CI: ${missing.join(", ")}`);
  // JupyterLab saves the notebooks it runs (autosave), so it works on a copy: the committed
  // notebook stays untouched. The copy imports gasil-kit through the same kind of package link.
  rmSync(labRoot, { recursive: true, force: true });
  mkdirSync(join(labRoot, "node_modules"), { recursive: true });
  copyFileSync(join(repoRoot, "notebooks", "00-getting-started.ipynb"), join(labRoot, "00-getting-started.ipynb"));
  symlinkSync(repoRoot, join(labRoot, "node_modules", "gasil-kit"), "dir");
  const port = await freePort();
  token = randomBytes(16).toString("hex");
  baseUrl = `http://127.0.0.1:${port}`;
  lab = spawn(
    JUPYTER,
    [
      "lab",
      "--no-browser",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${labRoot}`,
      "--MappingKernelManager.default_kernel_name=tslab",
      "--LabApp.news_url=",
      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ],
    {
      cwd: labRoot,
      env: {
        ...process.env,
        JUPYTER_CONFIG_DIR: join(outDir, "jupyter-config"),
        JUPYTERLAB_SETTINGS_DIR: join(outDir, "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR: join(outDir, "lab-workspaces"),
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let labLog = "";
  lab.stderr?.on("data", (d) => (labLog = (labLog + String(d)).slice(-4000)));
  try {
    await waitForServer(`${baseUrl}/api/status?token=${token}`, 60_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${labLog}`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  if (lab !== null) {
    lab.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    if (lab.exitCode === null) lab.kill("SIGKILL");
  }
});

test("JupyterLab runs notebook 00 through the UI: outputs and a plotly figure appear", { skip: skipReason, timeout: 240_000 }, async () => {
  assert.ok(browser);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/lab/tree/00-getting-started.ipynb?token=${token}`);
  // Kernel started and idle: the toolbar's kernel name shows TypeScript.
  await page.locator(".jp-NotebookPanel").first().waitFor({ timeout: 90_000 });
  await page.getByText("TypeScript", { exact: false }).first().waitFor({ timeout: 90_000 });
  await page.waitForSelector(".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-Notebook-ExecutionIndicator", { timeout: 90_000 });
  // The kernel has started: the status bar reads "TypeScript | Idle".
  await page
    .getByText(/TypeScript \| Idle/)
    .first()
    .waitFor({ timeout: 90_000 });
  // Run → Run All Cells, through the menu bar (once more if the first click found the kernel busy
  // with its start-up; running all cells twice is harmless).
  const runAll = async (): Promise<void> => {
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
  };
  const backendLine = page.getByText(/TensorFlow\.js backend: (wasm|cpu|tensorflow)/).first();
  await runAll();
  try {
    await backendLine.waitFor({ timeout: 45_000 });
  } catch {
    await runAll();
    await backendLine.waitFor({ timeout: 90_000 });
  }
  await page
    .getByText(/mean -?0\.\d{4}, variance \d\.\d{4}/)
    .first()
    .waitFor({ timeout: 60_000 });
  const plot = page.locator(".jp-OutputArea-output .js-plotly-plot").first();
  await plot.waitFor({ timeout: 90_000 });
  await page.waitForTimeout(500);
  const bars = await page.locator(".jp-OutputArea-output .js-plotly-plot .bars path, .jp-OutputArea-output .js-plotly-plot .point").count();
  assert.ok(bars > 5, `the histogram should have drawn bars, found ${bars}`);
  const screenshot = join(outDir, "jupyterlab-notebook-00.png");
  await plot.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot, fullPage: false });
  console.log(`screenshot: ${screenshot}`);
  await context.close();
});

test("an exported HTML report renders its plotly figure and maths with the network disabled", {
  skip: skipReason,
  timeout: 240_000,
}, async () => {
  assert.ok(browser);
  const reportDir = join(outDir, "reports");
  const run = spawnSync(process.execPath, [join(repoRoot, "scripts", "report.mjs"), "00"], {
    cwd: repoRoot,
    env: { ...process.env, GASIL_REPORT_DIR: reportDir },
    encoding: "utf8",
  });
  assert.equal(run.status, 0, `report export failed:\n${run.stdout}\n${run.stderr}`);
  const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 900 } });
  const external: string[] = [];
  await context.route(/^(?!file:).*/, (route) => {
    external.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(reportDir, "00-getting-started.html")).href);
  await page.locator(".js-plotly-plot").first().waitFor({ timeout: 60_000 });
  const bars = await page.locator(".js-plotly-plot .bars path").count();
  assert.ok(bars > 5, `report histogram should have bars, found ${bars}`);
  await page.locator("mjx-container").first().waitFor({ timeout: 30_000 });
  // The template's stylesheet (shared in vendor/) applied: JupyterLab's theme variables are defined.
  const themeVar = String(
    await page.evaluate('getComputedStyle(document.documentElement).getPropertyValue("--jp-cell-editor-background").trim()'),
  );
  assert.notEqual(themeVar, "", "the shared nbconvert stylesheet did not load");
  // The random-Hopper replay plays from the shared viewer bundle in vendor/.
  await page.locator(".gasil-replay canvas").first().waitFor({ timeout: 60_000 });
  await page.waitForFunction('/step \\d+ \\//.test(document.querySelector(".gasil-replay .gr-info")?.textContent ?? "")', null, {
    timeout: 60_000,
  });
  assert.match(
    readFileSync(join(reportDir, "00-getting-started.html"), "utf8"),
    /<script src="\.\.\/vendor\/replay-viewer-three[^"]+\.min\.js"><\/script>/,
  );
  await page.locator(".gasil-replay").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(outDir, "report-00-replay-offline.png"), fullPage: false });
  await page.screenshot({ path: join(outDir, "report-00-offline.png"), fullPage: false });
  assert.deepEqual(
    external.filter((u) => !u.startsWith("data:")),
    [],
    "the report requested network resources",
  );
  // The index page links the report.
  await page.goto(pathToFileURL(join(reportDir, "index.html")).href);
  assert.ok((await page.locator("a[href='00-getting-started.html']").count()) === 1);
  await context.close();
});

test("the committed Figure 6 page renders one panel per task with the network disabled", {
  skip: skipReason,
  timeout: 120_000,
}, async () => {
  assert.ok(browser);
  const rows = selectRows(loadResults(join(repoRoot, "data", "quick", "results.csv")), { study: "figure6" });
  const tasks = [...new Set(rows.map((r) => r.task))].sort();
  assert.ok(tasks.length >= 1, "the quick preset's committed results have no figure6 rows");
  const page6 = join(repoRoot, "figures", "figure6.html");
  assert.ok(readFileSync(page6, "utf8").length > 0);
  const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 900 } });
  const external: string[] = [];
  await context.route(/^(?!file:).*/, (route) => {
    external.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(pathToFileURL(page6).href);
  await page.locator(".js-plotly-plot").first().waitFor({ timeout: 60_000 });
  const panelTitles = await page.locator(".js-plotly-plot .annotation-text").allTextContents();
  for (const task of tasks)
    assert.ok(
      panelTitles.some((t) => t.includes(task)),
      `no panel titled ${task} (titles: ${panelTitles.join(", ")})`,
    );
  const subplots = await page.locator(".js-plotly-plot .cartesianlayer .subplot").count();
  assert.equal(subplots, tasks.length, "one subplot per task");
  const curves = await page.locator(".js-plotly-plot .scatterlayer .trace .js-line").count();
  assert.ok(curves >= tasks.length * 4, `expected a mean curve per method and task, found ${curves} lines`);
  await page.screenshot({ path: join(outDir, "figure6-offline.png") });
  assert.deepEqual(external, [], "the Figure 6 page requested network resources");
  await context.close();
});
