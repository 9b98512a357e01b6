import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  contentId,
  figureHtml,
  PLOTLY_INLINE_END,
  PLOTLY_INLINE_START,
  plotlyBundlePath,
  resetPlotlyInclusion,
} from "../../../src/plots/display";

const fig = { data: [{ type: "scatter", x: [1, 2], y: [3, 4], name: "</script><b>x" }], layout: { title: { text: "t" } } };

test("plotly.js is inlined on the first figure of a process only", () => {
  resetPlotlyInclusion();
  const first = figureHtml(fig);
  const second = figureHtml(fig);
  assert.ok(first.includes(PLOTLY_INLINE_START) && first.includes(PLOTLY_INLINE_END));
  assert.ok(!second.includes(PLOTLY_INLINE_START));
  assert.ok(first.length > 1_000_000, "the plotly.js bundle should be inside the first fragment");
  assert.ok(second.length < 5_000);
  assert.ok(figureHtml(fig, { includePlotly: "inline" }).includes(PLOTLY_INLINE_START));
  assert.ok(!figureHtml(fig, { includePlotly: "none" }).includes(PLOTLY_INLINE_START));
});

test("figure ids are unique within a process and depend only on the content and the output counter", () => {
  const idOf = (html: string): string => /<div id="([^"]+)" class="gasil-figure"/.exec(html)![1]!;
  const a = idOf(figureHtml(fig, { includePlotly: "none" }));
  const b = idOf(figureHtml(fig, { includePlotly: "none" }));
  assert.notEqual(a, b, "the same figure twice in one page needs two ids");
  // Same content → same hash part; no pid or clock in the id.
  assert.equal(a.replace(/-\d+$/, ""), b.replace(/-\d+$/, ""));
  assert.doesNotMatch(a, new RegExp(`-${process.pid}-`));
  const other = idOf(figureHtml({ ...fig, layout: { title: { text: "another" } } }, { includePlotly: "none" }));
  assert.notEqual(other.replace(/-\d+$/, ""), a.replace(/-\d+$/, ""));
  assert.equal(contentId("p", "x", 3), contentId("p", "x", 3));
  assert.match(contentId("p", "x", 3), /^p-[0-9a-f]{12}-3$/);
});

test("figure data cannot break out of its script element", () => {
  const html = figureHtml(fig, { includePlotly: "none", divId: "f1" });
  assert.ok(!html.includes("</script><b>"), "a closing script tag from the data leaked into the page");
  assert.match(html, /\\u003c\/script\\u003e\\u003cb\\u003ex/);
  assert.match(html, /<div id="f1" class="gasil-figure"/);
  // The embedded spec round-trips to the original data.
  const json = /var spec=(\{.*?\});var tries/.exec(html)![1]!;
  const spec = JSON.parse(json) as { data: unknown; layout: unknown; config: Record<string, unknown> };
  assert.deepEqual(spec.data, fig.data);
  assert.deepEqual(spec.layout, fig.layout);
  assert.equal(spec.config["displaylogo"], false);
});

test("the embedded bundle defines window.Plotly and contains no raw closing script tag", () => {
  const bundle = readFileSync(plotlyBundlePath(), "utf8");
  assert.match(bundle, /window\.Plotly\s*=/);
  resetPlotlyInclusion();
  const inline = figureHtml(fig);
  const start = inline.indexOf(PLOTLY_INLINE_START);
  const end = inline.indexOf(PLOTLY_INLINE_END);
  const block = inline.slice(start, end);
  // Only our own four wrapper scripts close inside the block.
  assert.equal(block.split("</script>").length - 1, 3);
});
