import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { learningCurves } from "../../../src/analysis/curves";
import { Rng } from "../../../src/core/rng";
import {
  CHROMIUM_ARGS,
  chromiumAvailable,
  chromiumPath,
  exportFigure,
  exportFigures,
  FigureRenderer,
  figureToHtml,
} from "../../../src/plots/export";
import { buildFigure6 } from "../../../src/plots/figure6";
import { syntheticRows } from "../analysis/fixtures/synthetic";

const curves = learningCurves(syntheticRows({ tasks: ["Hopper-v4", "Walker2d-v4"], methods: ["ppo", "gasil"], iterations: 4 }), {
  rng: Rng.fromSeed(1),
  reps: 50,
});
const fig = buildFigure6(curves, { title: "Figure 6 <b>bold</b> & more" });

test("figureToHtml: a full offline page with plotly.js inlined and the spec embedded", () => {
  const html = figureToHtml(fig);
  // (assert.ok, not assert.match: a failure must not print 5 MB of plotly.js)
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.ok(html.includes("<title>Figure 6 bold &amp; more</title>"), "title without markup, escaped");
  assert.ok(html.length > 1_000_000, "plotly.js is inlined");
  assert.ok(!/<script[^>]+src=/.test(html), "no external scripts");
  const specText = /<script type="application\/json" id="figure-spec">(.*?)<\/script>/s.exec(html)![1]!;
  assert.ok(!specText.includes("<"), "spec escaped for a script element");
  const spec = JSON.parse(specText) as { data: unknown[]; layout: unknown };
  assert.deepEqual(spec.data, JSON.parse(JSON.stringify(fig.data)));
  assert.deepEqual(spec.layout, JSON.parse(JSON.stringify(fig.layout)));
});

test("figureToHtml with plotlySrc references a shared copy instead of inlining", () => {
  const html = figureToHtml(fig, { plotlySrc: "vendor/plotly.min.js" });
  assert.ok(html.length < 100_000);
  assert.ok(html.includes('<script src="vendor/plotly.min.js"></script>'));
  assert.ok(html.indexOf("<script") === html.indexOf('<script src="vendor/plotly.min.js">'), "plotly is the first script");
});

test("exportFigure: html only needs no browser; unknown formats are rejected", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gasil-export-"));
  try {
    const paths = await exportFigure(fig, join(dir, "sub", "figure6"), { formats: ["html"] });
    assert.deepEqual(paths, [join(dir, "sub", "figure6.html")]);
    assert.ok(statSync(paths[0]!).size > 1_000_000);
    // @ts-expect-error "pdf" is not an export format
    const pdf = exportFigure(fig, join(dir, "x"), { formats: ["pdf"] });
    await assert.rejects(pdf, /formats: unknown format "pdf" \(allowed: html, svg, png\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("SVG and PNG rendered by Chromium; the offline HTML draws every panel", {
  skip: chromiumAvailable() ? false : `no Chromium at ${chromiumPath()}`,
  timeout: 90_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "gasil-export-"));
  const renderer = await FigureRenderer.launch();
  try {
    const written = await exportFigures({ figure6: fig }, dir, { renderer, width: 900, height: 600, scale: 1 });
    assert.deepEqual(
      written,
      ["html", "svg", "png"].map((e) => join(dir, `figure6.${e}`)),
    );
    const svg = readFileSync(join(dir, "figure6.svg"), "utf8");
    assert.match(svg, /^<svg/);
    assert.match(svg, /Hopper-v4/);
    assert.match(svg, /Walker2d-v4/);
    assert.match(svg, /GASIL\+PPO/);
    const png = readFileSync(join(dir, "figure6.png"));
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    assert.equal(png.readUInt32BE(16), 900); // IHDR width
    assert.equal(png.readUInt32BE(20), 600); // IHDR height
    assert.ok(png.length > 10_000);
    // Open the HTML with every non-file request blocked: it must draw one subplot per task.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require("playwright-core") as typeof import("playwright-core");
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      const blocked: string[] = [];
      await page.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:")) return route.continue();
        blocked.push(url);
        return route.abort();
      });
      await page.goto(`file://${join(dir, "figure6.html")}`);
      await page.waitForSelector(".main-svg", { timeout: 30_000 });
      const panels = await page.locator(".cartesianlayer .subplot").count();
      const lines = await page.locator(".scatterlayer .trace").count();
      assert.equal(panels, 2);
      assert.equal(lines, fig.data.length);
      assert.deepEqual(blocked, []);
    } finally {
      await browser.close();
    }
  } finally {
    await renderer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
