import assert from "node:assert/strict";
import { test } from "node:test";
import { executeNotebook, outputText } from "../helpers/notebooks";

test("notebook 00-getting-started executes headless and shows a plotly figure and a 3-D replay", { timeout: 300_000 }, async () => {
  const { html, seconds } = await executeNotebook("00-getting-started");
  const text = outputText(html);
  assert.match(text, /TensorFlow\.js backend: (wasm|cpu|tensorflow)/);
  assert.match(text, /mean -?0\.\d{4}, variance \d\.\d{4}/);
  // The figure is emitted as text/html with plotly.js inlined once, between the report markers.
  assert.ok(html.includes("gasil-kit:plotly-inline:start"), "plotly.js block missing");
  assert.match(html, /class="gasil-figure"/);
  assert.match(html, /Plotly\.newPlot/);
  // The random Hopper replay: the viewer bundle once, its data, a recorded episode.
  assert.match(text, /random policy on Hopper-v4: return -?\d+\.\d in \d+ steps/);
  assert.equal(html.split("gasil-kit:replay-viewer-inline:start").length - 1, 1, "the replay viewer bundle should be inlined exactly once");
  assert.match(html, /class="gasil-replay"/);
  assert.match(html, /"format":"gasil-kit-replay\/1"/);
  console.log(`notebook 00 executed in ${seconds.toFixed(1)} s`);
});

test("a cell error fails notebook execution with the cell's message", { timeout: 120_000 }, async () => {
  await assert.rejects(executeNotebook("test/fixtures/notebooks/failing-cell.ipynb"), /deliberate failure from a fixture cell/);
});
