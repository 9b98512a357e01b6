/**
 * Notebooks 03 (Figure 6) and 04 (Figure 7) execute headless on the dataset they pick by default
 * (the largest complete committed one: data/standard once all its runs are in, else data/quick)
 * and show what the library computes from it: the figures, the final-performance tables and the
 * comparison sentences (recomputed here and looked up verbatim).
 */

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  chooseDataset,
  figure6,
  figure6Diagnostics,
  figure6Rows,
  figure7,
  figure7Rows,
  loadSweepRows,
} from "../../src/experiments/figures";
import { medianAndBestSeeds } from "../../src/experiments/replays";
import { executeNotebook, outputText } from "../helpers/notebooks";

const dataset = chooseDataset("auto");
const rows = loadSweepRows(dataset.dir);
const seedsPerFigure6Curve = new Set(figure6Rows(rows).map((r) => r.seed)).size;

function squash(text: string): string {
  return text.replace(/\s+/g, " ");
}

test("notebook 03-figure6-experiments executes on the committed default dataset", { timeout: 300_000 }, async () => {
  const { html, seconds } = await executeNotebook("03-figure6-experiments");
  const text = squash(outputText(html));
  const expected = figure6(rows, { seed: 0 });
  assert.ok(text.includes(squash(expected.comparison.sentence)), "the comparison sentence computed from the dataset appears in the output");
  assert.ok(text.includes(squash(`dataset: ${dataset.note}`)), "the dataset shown is named, by a repository-relative path");
  assert.match(dataset.note, /^data\/(quick|standard|paper) /);
  assert.ok(text.includes(`${rows.length} rows`));
  assert.ok(html.includes(`${seedsPerFigure6Curve} seeds per curve`), "the figure title states the seed count");
  // The discriminator diagnostics: separation and control sentences recomputed from the dataset.
  const diag = figure6Diagnostics(figure6Rows(rows), { seed: 0 });
  assert.ok(diag.separationSentences.length === 3 && diag.controlSentences.length === 3);
  for (const sentence of [...diag.separationSentences, ...diag.controlSentences]) assert.ok(text.includes(squash(sentence)), sentence);
  // The committed evidence sweep: its computed sentences appear too.
  const evidence = figure6Diagnostics(loadSweepRows("gasil-evidence"), { seed: 0, by: ["discriminatorSchedule"] });
  for (const sentence of [...evidence.separationSentences, ...evidence.controlSentences])
    assert.ok(text.includes(squash(sentence)), sentence);
  assert.match(text, /Final performance \(/);
  assert.match(text, /Probability of improvement of GASIL\+PPO/);
  assert.match(html, /class="gasil-figure"/);
  assert.match(html, /Plotly\.newPlot/);
  for (const task of new Set(expected.analysis.curves.map((p) => p.task))) assert.ok(html.includes(task), `panel of ${task}`);
  // PPO next to GASIL+PPO on delayed Hopper from the saved policies (median and best seed), no training.
  assert.match(text, /2 groups × 2 methods recorded from saved policies \(no training\)/);
  assert.match(text, /Seeds shown/);
  const { best, median } = medianAndBestSeeds(dataset.dir, "figure6_Hopper-v4_gasil");
  assert.ok(
    html.includes(`GASIL+PPO · Hopper-v4 · median seed (${median.seed})`) &&
      html.includes(`GASIL+PPO · Hopper-v4 · best seed (${best.seed})`),
  );
  assert.equal((html.match(/class="gasil-replay"/g) ?? []).length, 2, "two synchronised replay groups");
  console.log(`notebook 03 executed in ${seconds.toFixed(1)} s`);
});

test("notebook 04-figure7-hyperparameters executes on the committed default dataset", { timeout: 300_000 }, async () => {
  const { html, seconds } = await executeNotebook("04-figure7-hyperparameters");
  const text = squash(outputText(html));
  const studies = figure7(rows, { seed: 0 });
  assert.deepEqual(studies.map((s) => s.parameter).sort(), ["bufferSize", "discriminatorUpdates"]);
  for (const s of studies) {
    assert.ok(text.includes(squash(s.comparison.sentence)), `the ${s.parameter} sentence computed from the dataset appears in the output`);
    // The study's values plus the default borrowed from Figure 6 (quick: 2 + 1; standard: 3 + 1).
    const expectedValues = dataset.dir.endsWith("quick") ? 3 : 4;
    assert.equal(s.comparison.tasks[0]!.values.length, expectedValues, `${s.parameter}: ${expectedValues} values`);
  }
  assert.match(text, /Final performance by buffer size/);
  assert.match(text, /Final performance by discriminator updates/);
  assert.equal((html.match(/class="gasil-figure"/g) ?? []).length, 3, "K panel, M panel, diagnostics by M");
  const m = studies.find((x) => x.parameter === "discriminatorUpdates")!;
  const mDiag = figure6Diagnostics(figure7Rows(rows, m.study).rows, { seed: 0, by: ["discriminatorUpdates"] });
  assert.equal(mDiag.separationSentences.length, dataset.dir.endsWith("quick") ? 3 : 4, "one sentence per M");
  for (const sentence of mDiag.separationSentences) assert.ok(text.includes(squash(sentence)), sentence);
  console.log(`notebook 04 executed in ${seconds.toFixed(1)} s`);
});
