/**
 * Browser end-to-end test of the replay viewer (Debian's Chromium, headless, WebGL 2 through
 * SwiftShader): replay pages of the six MuJoCo tasks and PointMass-v0 open from disk with every
 * non-file request aborted, the canvas draws non-blank pixels, playback changes the picture and
 * Pause stops it, and two replays side by side follow one slider. Screenshots of every task go to
 * test-output/replay/ — look at them: the bodies must look like the tasks.
 *
 * Under CI=true a missing browser is a failure, never a skip.
 */

import assert from "node:assert/strict";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type ReplayPolicy, recordRollout } from "../../src/envs/record";
import { encodeF32 } from "../../src/envs/replay-format";
import type { Replay } from "../../src/envs/replay-types";
import { writeReplayPage } from "../../src/plots/replay";
import { repoRoot, testOutputDir } from "../helpers/notebooks";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
// --headless=new gives WebGL 2 through SwiftShader without a GPU (design.md).
const FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const skip = !existsSync(CHROMIUM) && process.env["CI"] !== "true" ? `missing browser ${CHROMIUM} (apt-get install chromium)` : false;

const TASKS = ["Hopper-v4", "Walker2d-v4", "HalfCheetah-v4", "Swimmer-v4", "Ant-v4", "Humanoid-v4", "PointMass-v0"];
const outDir = testOutputDir("replay");
const pagesDir = join(outDir, "pages");
const vendorDir = join(outDir, "vendor");

let browser: Browser | null = null;

before(async () => {
  if (skip) return;
  assert.ok(existsSync(CHROMIUM), `browser missing under CI: ${CHROMIUM}`);
  rmSync(pagesDir, { recursive: true, force: true });
  rmSync(vendorDir, { recursive: true, force: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

after(async () => {
  await browser?.close();
});

/** A context that aborts every request that is not a local file, and records them. */
async function offlineContext(): Promise<{ context: BrowserContext; external: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 960, height: 760 } });
  const external: string[] = [];
  await context.route(/^(?!file:).*/, (route) => {
    external.push(route.request().url());
    return route.abort();
  });
  return { context, external };
}

/** Pixel statistics of a panel's canvas: distinct colours and the share differing from the sky. */
async function canvasStats(page: Page, index = 0): Promise<{ colours: number; nonSky: number; width: number }> {
  // Runs in the page (a string: the test project has no DOM types).
  const script = `(() => {
    const c = document.querySelectorAll(".gasil-replay canvas")[${index}];
    const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
    const seen = new Set();
    let nonSky = 0;
    for (let p = 0; p < data.length; p += 28) {
      const r = data[p], g = data[p + 1], b = data[p + 2];
      seen.add((r << 16) | (g << 8) | b);
      if (Math.abs(r - 0xdf) + Math.abs(g - 0xe8) + Math.abs(b - 0xf1) > 30) nonSky++;
    }
    return { colours: seen.size, nonSky: nonSky / (data.length / 28), width: c.width };
  })()`;
  return (await page.evaluate(script)) as { colours: number; nonSky: number; width: number };
}

async function waitForDrawing(page: Page): Promise<void> {
  await page.locator(".gasil-replay canvas").first().waitFor({ timeout: 60_000 });
  await page.waitForFunction('/step \\d+ \\//.test(document.querySelector(".gasil-replay .gr-info")?.textContent ?? "")', null, {
    timeout: 60_000,
  });
}

test("every task's replay page draws offline; playing changes the picture, Pause stops it", { skip, timeout: 240_000 }, async () => {
  const { context, external } = await offlineContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  for (const id of TASKS) {
    const replay = await recordRollout(id, "random", { seed: 1, maxSteps: 300 });
    const file = join(pagesDir, `${id}.html`);
    writeReplayPage(file, replay, { vendorDir });
    const t0 = Date.now();
    await page.goto(pathToFileURL(file).href);
    await waitForDrawing(page);
    const loadMs = Date.now() - t0;
    const stats = await canvasStats(page);
    assert.ok(stats.width > 100, `${id}: canvas has no size`);
    assert.ok(
      stats.colours > 20 && stats.nonSky > 0.2,
      `${id}: canvas looks blank (${stats.colours} colours, ${(100 * stats.nonSky).toFixed(0)}% non-sky)`,
    );
    // Frame 0 for the screenshot (the task at rest, as reset left it, seen by the tracking camera).
    await page.locator(".gr-controls input[type=range]").fill("3");
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(outDir, `${id}.png`) });
    console.log(`${id}: ${replay.length} steps, page loaded and drawn in ${loadMs} ms, ${stats.colours} colours`);
  }
  // Playback: two canvas screenshots some time apart differ (HalfCheetah never terminates early).
  await page.goto(pathToFileURL(join(pagesDir, "HalfCheetah-v4.html")).href);
  await waitForDrawing(page);
  const canvas = page.locator(".gasil-replay canvas").first();
  const first = await canvas.screenshot();
  await page.waitForTimeout(800);
  const second = await canvas.screenshot();
  assert.ok(!first.equals(second), "the picture did not change while playing");
  await page.locator(".gr-controls button").click(); // Pause
  await page.waitForTimeout(300);
  const paused1 = await canvas.screenshot();
  await page.waitForTimeout(500);
  const paused2 = await canvas.screenshot();
  assert.ok(paused1.equals(paused2), "the picture changed while paused");
  assert.deepEqual(errors, []);
  assert.deepEqual(external, [], "the replay page requested network resources");
  assert.deepEqual(
    readdirSync(vendorDir)
      .sort()
      .map((n) => n.replace(/-[0-9a-f]{10}\.min\.js$/, "")),
    ["plotly-3.7.0.min.js", "replay-viewer-three0.187.0"],
  );
  await context.close();
});

test("two replays side by side follow one slider; the strip shows −log D for a GASIL policy", { skip, timeout: 120_000 }, async () => {
  const drift: ReplayPolicy = { act: () => [0.6, 0.2], hasDiscriminator: true, gasilAlpha: 0.1, discriminatorLogit: (o) => 3 * o[0]! };
  const a = await recordRollout("PointMass-v0", drift, { seed: 0, info: { label: "drifting" }, title: "drifting policy" });
  const b = await recordRollout("PointMass-v0", "random", { seed: 0, title: "random policy" });
  const file = join(pagesDir, "side-by-side.html");
  writeReplayPage(file, [a, b], { vendorDir, title: "two PointMass replays" });
  const { context, external } = await offlineContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  await waitForDrawing(page);
  assert.equal(await page.locator(".gasil-replay canvas").count(), 2);
  await page.locator(".gr-controls input[type=range]").fill("42");
  await page.waitForTimeout(300);
  const infos = await page.locator(".gasil-replay .gr-info").allTextContents();
  assert.equal(infos.length, 2);
  for (const text of infos) assert.match(text, /^step 42 \/ 100/);
  assert.match(infos[0]!, /D 0\.\d{3}/);
  const legend = await page.locator(".gasil-replay .gr-strip .legendtext").allTextContents();
  assert.ok(legend.includes("−log D"), `strip legend: ${legend.join(", ")}`);
  for (const i of [0, 1]) assert.ok((await canvasStats(page, i)).colours > 20, `panel ${i} is blank`);
  await page.screenshot({ path: join(outDir, "side-by-side.png") });
  assert.deepEqual(external, []);
  await context.close();
});

test("every MuJoCo geom shape draws (plane, sphere, capsule, ellipsoid, cylinder, box) with its size and colour", {
  skip,
  timeout: 60_000,
}, async () => {
  // A hand-made one-frame scene: the six shapes in a row, each in a distinct colour.
  const shapes = ["sphere", "capsule", "ellipsoid", "cylinder", "box"] as const;
  const sizes: Record<(typeof shapes)[number], [number, number, number]> = {
    sphere: [0.3, 0, 0],
    capsule: [0.15, 0.35, 0],
    ellipsoid: [0.4, 0.2, 0.3],
    cylinder: [0.25, 0.3, 0],
    box: [0.25, 0.2, 0.35],
  };
  const colours: [number, number, number, number][] = [
    [0.9, 0.2, 0.2, 1],
    [0.2, 0.7, 0.2, 1],
    [0.2, 0.3, 0.9, 1],
    [0.9, 0.8, 0.1, 1],
    [0.7, 0.2, 0.8, 1],
  ];
  const replay: Replay = {
    format: "gasil-kit-replay/1",
    title: "the six geom shapes",
    envId: "shapes",
    envOptions: {},
    seed: 0,
    deterministic: true,
    policy: { label: "none" },
    scene: {
      envId: "shapes",
      dt: 0.05,
      geoms: [
        {
          name: "floor",
          shape: "plane",
          size: [4, 2, 0.1],
          rgba: [0.5, 0.5, 0.5, 1],
          body: 0,
          dynamicIndex: -1,
          pos: [0, 0, 0],
          quat: [1, 0, 0, 0],
        },
        ...shapes.map((shape, i) => ({
          name: shape,
          shape,
          size: sizes[shape],
          rgba: colours[i]!,
          body: 0,
          dynamicIndex: -1,
          pos: [-2 + i, 0, 0.45] as [number, number, number],
          quat: [1, 0, 0, 0] as [number, number, number, number],
        })),
      ],
      numDynamic: 0,
      camera: { track: "fixed", target: [0, 0, 0.4], distance: 4.5, elevation: 20, azimuth: 0, followHeight: true, height: 0 },
      defaultColours: false,
    },
    numFrames: 1,
    poses: "",
    focus: encodeF32(new Float32Array(3)),
    rewards: "",
    delayedRewards: "",
    return: 0,
    length: 0,
    terminated: false,
    truncated: false,
  };
  const file = join(pagesDir, "shapes.html");
  writeReplayPage(file, replay, { vendorDir });
  const { context } = await offlineContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  await waitForDrawing(page);
  await page.waitForTimeout(200);
  // Each shape's colour appears in the picture (lit, so allow a range around its hue).
  const found = (await page.evaluate(`(() => {
    const c = document.querySelector(".gasil-replay canvas");
    const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
    const hits = [0, 0, 0, 0, 0];
    for (let p = 0; p < data.length; p += 4) {
      const r = data[p], g = data[p + 1], b = data[p + 2];
      if (r > 150 && g < 110 && b < 110) hits[0]++;
      else if (g > r + 40 && g > b + 40) hits[1]++;
      else if (b > 150 && r < 120 && g < 140) hits[2]++;
      else if (r > 160 && g > 140 && b < 90) hits[3]++;
      else if (r > 120 && b > 140 && g < 100) hits[4]++;
    }
    return hits;
  })()`)) as number[];
  await page.screenshot({ path: join(outDir, "shapes.png") });
  shapes.forEach((shape, i) => {
    assert.ok(found[i]! > 100, `${shape}: ${found[i]} pixels of its colour`);
  });
  await context.close();
});

test("the committed replay pages play offline", { skip, timeout: 120_000 }, async (t) => {
  const dir = join(repoRoot, "figures", "replays");
  const pages = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".html")) : [];
  if (pages.length === 0) {
    t.skip("no replay page committed under figures/replays/ yet");
    return;
  }
  const { context, external } = await offlineContext();
  const page = await context.newPage();
  for (const name of pages) {
    const t0 = Date.now();
    await page.goto(pathToFileURL(join(dir, name)).href);
    await waitForDrawing(page);
    console.log(`figures/replays/${name}: drawn ${Date.now() - t0} ms after navigation`);
    const n = await page.locator(".gasil-replay canvas").count();
    for (let i = 0; i < n; i++) assert.ok((await canvasStats(page, i)).colours > 20, `${name}: panel ${i} is blank`);
    await page.screenshot({ path: join(outDir, `committed-${name.replace(/\.html$/, "")}.png`), fullPage: true });
  }
  assert.deepEqual(external, [], "a committed replay page requested network resources");
  await context.close();
});
