#!/usr/bin/env node
import { createHash } from "node:crypto";
// npm run report [-- NAME ...]: execute notebooks headless (tslab kernel) and write one HTML report
// per notebook plus an index page into figures/reports/. Reports render offline: plotly.js and
// MathJax come from one shared copy in figures/vendor/ instead of a CDN or an inline copy
// per page.
//
// NAME filters notebooks by substring (e.g. `npm run report -- 01 02`). Environment:
// GASIL_REPORT_DIR overrides the output folder (tests use it).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { executeToHtml, listNotebooks, root } from "./lib/notebooks.mjs";

const require = createRequire(import.meta.url);
const outDir = process.env.GASIL_REPORT_DIR ?? join(root, "figures", "reports");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const PLOTLY_START = "<!-- gasil-kit:plotly-inline:start -->";
const PLOTLY_END = "<!-- gasil-kit:plotly-inline:end -->";
// The replay viewer's block names its bundle file: "<!-- gasil-kit:replay-viewer-inline:start NAME -->".
const VIEWER_START = "<!-- gasil-kit:replay-viewer-inline:start";
const VIEWER_END = "<!-- gasil-kit:replay-viewer-inline:end -->";

// Shared copies live beside the reports folder (figures/vendor/, which the exported figures use too),
// named by version so that an upgrade never leaves a page pointing at the wrong bundle.
const vendorDir = join(outDir, "..", "vendor");
const plotlyVersion = JSON.parse(readFileSync(require.resolve("plotly.js-dist/package.json"), "utf8")).version;
const mathjaxVersion = JSON.parse(readFileSync(require.resolve("mathjax/package.json"), "utf8")).version;
const PLOTLY_FILE = `plotly-${plotlyVersion}.min.js`;
const MATHJAX_FILE = `mathjax-${mathjaxVersion}-tex-svg-full.js`;

function vendorFiles() {
  const minified = join(root, "node_modules", ".cache", "gasil-kit", PLOTLY_FILE);
  const plotly = existsSync(minified) ? minified : require.resolve("plotly.js-dist/plotly.js");
  const mathjax = require.resolve("mathjax/es5/tex-svg-full.js");
  return { plotly, mathjax };
}

/**
 * Move the template's stylesheets (the `<style>` blocks in `<head>`, ~260 KB, the same on every page
 * of one nbconvert version) into one shared file in the vendor folder, named by its content hash.
 * Styles inside notebook outputs (in `<body>`) stay where they are.
 */
function shareHeadStyles(html) {
  const headEnd = html.indexOf("</head>");
  if (headEnd < 0) return html;
  const head = html.slice(0, headEnd);
  const blocks = head.match(/<style[^>]*>[\s\S]*?<\/style>/g) ?? [];
  if (blocks.length === 0) return html;
  const css = blocks.map((b) => b.replace(/^<style[^>]*>/, "").replace(/<\/style>$/, "")).join("\n");
  const name = `nbconvert-${createHash("sha256").update(css).digest("hex").slice(0, 12)}.css`;
  if (!existsSync(join(vendorDir, name))) writeAtomic(join(vendorDir, name), css);
  let newHead = head;
  blocks.forEach((b, i) => {
    newHead = newHead.replace(b, i === 0 ? `<link rel="stylesheet" href="../vendor/${name}">` : "");
  });
  return newHead + html.slice(headEnd);
}

/**
 * Replace the first inlined replay-viewer block with a reference to its shared copy in the vendor
 * folder (copied there from set-up's cache, where the block's comment names it); drop duplicates.
 */
function shareViewerBundle(html) {
  let out = "";
  let rest = html;
  let replaced = false;
  for (;;) {
    const start = rest.indexOf(VIEWER_START);
    if (start < 0) break;
    const end = rest.indexOf(VIEWER_END, start);
    if (end < 0) throw new Error("report: unterminated replay viewer block in notebook output");
    const name = /^<!-- gasil-kit:replay-viewer-inline:start ([A-Za-z0-9._-]+\.js) -->/.exec(rest.slice(start))?.[1];
    if (name === undefined) throw new Error("report: the replay viewer block does not name its bundle file");
    out += rest.slice(0, start);
    if (!replaced) {
      const cached = join(root, "node_modules", ".cache", "gasil-kit", name);
      if (!existsSync(join(vendorDir, name))) {
        if (!existsSync(cached))
          throw new Error(`report: replay viewer bundle ${name} is not in node_modules/.cache/gasil-kit (run npm run setup)`);
        copyFileSync(cached, join(vendorDir, name));
      }
      out += `<script src="../vendor/${name}"></script>`;
    }
    replaced = true;
    rest = rest.slice(end + VIEWER_END.length);
  }
  return out + rest;
}

/** Rewrite one nbconvert page so that it needs no network. Exported for tests via the CLI. */
export function makeOffline(html) {
  // 1. The first inline plotly.js block becomes a reference to the shared copy; later duplicates go.
  let out = "";
  let rest = html;
  let replaced = false;
  for (;;) {
    const start = rest.indexOf(PLOTLY_START);
    if (start < 0) break;
    const end = rest.indexOf(PLOTLY_END, start);
    if (end < 0) throw new Error("report: unterminated plotly block in notebook output");
    out += rest.slice(0, start);
    if (!replaced) out += `<script src="../vendor/${PLOTLY_FILE}"></script>`;
    replaced = true;
    rest = rest.slice(end + PLOTLY_END.length);
  }
  out += rest;
  // 1b. The same for the replay viewer (three.js + viewer): one shared copy per bundle version.
  out = shareViewerBundle(out);
  // 2. require.js from a CDN is not needed (plotly.js registers window.Plotly itself).
  out = out.replace(/<script[^>]*src="https?:\/\/[^"]*require[^"]*"[^>]*>\s*<\/script>/g, "");
  // 3. MathJax 2 from a CDN → the local MathJax 3 bundle with the same delimiters and AMS numbering.
  const mjStart = out.indexOf("<!-- Load mathjax -->");
  const mjEnd = out.indexOf("<!-- End of mathjax configuration -->");
  const localMathJax =
    "<script>window.MathJax={tex:{inlineMath:[['$','$'],['\\\\(','\\\\)']],displayMath:[['$$','$$'],['\\\\[','\\\\]']]," +
    "processEscapes:true,processEnvironments:true,tags:'ams'},svg:{fontCache:'global'},startup:{typeset:true}};</script>\n" +
    `<script src="../vendor/${MATHJAX_FILE}"></script>`;
  if (mjStart >= 0 && mjEnd > mjStart) {
    out = out.slice(0, mjStart) + localMathJax + out.slice(mjEnd + "<!-- End of mathjax configuration -->".length);
  }
  // 4. The template's stylesheets → one shared file.
  return shareHeadStyles(out);
}

function title(html, fallback) {
  const m = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return m
    ? m[1]
        .replace(/<[^>]+>/g, "")
        .replace(/¶/g, "")
        .trim()
    : fallback;
}

function writeAtomic(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

async function main() {
  let notebooks = listNotebooks();
  if (filters.length > 0) notebooks = notebooks.filter((n) => filters.some((f) => n.includes(f)));
  if (notebooks.length === 0)
    throw new Error(`report: no notebook matched ${JSON.stringify(filters)} (have: ${listNotebooks().join(", ")})`);
  mkdirSync(outDir, { recursive: true });
  mkdirSync(vendorDir, { recursive: true });
  const vendor = vendorFiles();
  for (const [from, name] of [
    [vendor.plotly, PLOTLY_FILE],
    [vendor.mathjax, MATHJAX_FILE],
  ]) {
    if (!existsSync(join(vendorDir, name))) copyFileSync(from, join(vendorDir, name));
  }

  const scratch = mkdtempSync(join(tmpdir(), "gasil-report-"));
  const results = [];
  let failed = 0;
  for (const [i, nb] of notebooks.entries()) {
    const name = nb.replace(/\.ipynb$/, "");
    process.stdout.write(`[report ${i + 1}/${notebooks.length}] executing notebooks/${nb} ...`);
    try {
      const { htmlPath, seconds } = await executeToHtml(`notebooks/${nb}`, scratch);
      const html = makeOffline(readFileSync(htmlPath, "utf8"));
      const target = join(outDir, `${name}.html`);
      writeAtomic(target, html);
      results.push({ name, title: title(html, name), seconds, ok: true });
      process.stdout.write(` done in ${seconds.toFixed(1)} s → ${relative(root, target)}\n`);
    } catch (error) {
      failed += 1;
      results.push({ name, title: name, seconds: 0, ok: false });
      process.stdout.write(" FAILED\n");
      console.error(String(error.message ?? error));
    }
  }
  rmSync(scratch, { recursive: true, force: true });

  const rows = results
    .map((r) =>
      r.ok
        ? `<li><a href="${r.name}.html">${r.title}</a> <small>(${r.name}, executed in ${r.seconds.toFixed(1)} s)</small></li>`
        : `<li>${r.name}: <strong>execution failed</strong> (see the console output of npm run report)</li>`,
    )
    .join("\n");
  const index = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gasil-kit reports</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.5}small{color:#666}</style></head>
<body><h1>gasil-kit — notebook reports</h1>
<p>Generated ${new Date().toISOString()} by <code>npm run report</code>. Each page is an executed notebook; figures are
interactive and need no network (plotly.js and MathJax are in <code>../vendor/</code>).</p>
<ul>
${rows}
</ul></body></html>
`;
  writeAtomic(join(outDir, "index.html"), index);
  console.log(`[report] ${results.length - failed}/${results.length} notebooks → ${relative(root, join(outDir, "index.html")) || outDir}`);
  if (failed > 0) process.exit(1);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
