import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeResults } from "../../../src/analysis/analyze";
import { Rng } from "../../../src/core/rng";
import { METHOD_COLORS, sequentialColors } from "../../../src/plots/colors";
import { buildFigure7 } from "../../../src/plots/figure7";
import { buildAcrossTaskFigures, buildAggregateIntervals, buildImprovementIntervals } from "../../../src/plots/intervals";
import type { PlotlyTrace, TraceMeta } from "../../../src/plots/spec";
import { syntheticRows } from "../analysis/fixtures/synthetic";

const meta = (t: PlotlyTrace): TraceMeta => t["meta"] as TraceMeta;
const sizes = [16000, 250, 4000, 1000];
const study = analyzeResults(
  syntheticRows({
    tasks: ["Hopper-v4", "Walker2d-v4"],
    methods: ["gasil"],
    settings: sizes.map((v) => ({ "gasil.bufferSize": v })),
    iterations: 5,
  }),
  { rng: Rng.fromSeed(2), by: ["gasil.bufferSize"], reps: 200, curveReps: 50 },
);

test("figure 7: curves per setting (numeric order, sequential colours) and a final-performance summary with intervals", () => {
  const fig = buildFigure7(study.curves, study.finalSummary, {
    parameter: "gasil.bufferSize",
    parameterLabel: "buffer size K",
    band: "ci",
  });
  const means = fig.data.filter((t) => meta(t).role === "mean");
  const summaries = fig.data.filter((t) => meta(t).role === "interval");
  assert.equal(means.length, 2 * 4);
  assert.equal(fig.data.filter((t) => meta(t).role === "band").length, 2 * 4);
  assert.equal(summaries.length, 2);
  const hopper = means.filter((t) => meta(t).panel === "Hopper-v4");
  assert.deepEqual(
    hopper.map((t) => t.name),
    ["buffer size K = 250", "buffer size K = 1000", "buffer size K = 4000", "buffer size K = 16000"],
  );
  assert.deepEqual(
    hopper.map((t) => (t["line"] as { color: string }).color),
    sequentialColors(4),
  );
  assert.deepEqual(means.filter((t) => t["showlegend"]).length, 4);
  // Curves in the top row (axes 1, 2), summaries in the bottom row (axes 3, 4).
  assert.deepEqual(
    means.map((t) => t["xaxis"]),
    ["x", "x", "x", "x", "x2", "x2", "x2", "x2"],
  );
  assert.deepEqual(
    summaries.map((t) => t["xaxis"]),
    ["x3", "x4"],
  );
  const s = summaries[0]!;
  const rowsH = study.finalSummary
    .filter((r) => r.task === "Hopper-v4")
    .sort((a, b) => (a.setting["gasil.bufferSize"] as number) - (b.setting["gasil.bufferSize"] as number));
  assert.deepEqual(s["x"], ["250", "1000", "4000", "16000"]);
  assert.deepEqual(
    s["y"],
    rowsH.map((r) => r.mean),
  );
  const err = s["error_y"] as { array: number[]; arrayminus: number[] };
  assert.deepEqual(
    err.array,
    rowsH.map((r) => r.upper - r.mean),
  );
  assert.deepEqual(
    err.arrayminus,
    rowsH.map((r) => r.mean - r.lower),
  );
  assert.equal((s["marker"] as { color: string }).color, METHOD_COLORS["gasil"]);
  assert.equal((fig.layout["xaxis3"] as { title: { text: string } }).title.text, "buffer size K");
  assert.deepEqual((fig.layout["xaxis3"] as { categoryarray: string[] }).categoryarray, ["250", "1000", "4000", "16000"]);
  assert.equal((fig.layout["title"] as { text: string }).text, "Effect of buffer size K");
});

test("figure 7 errors name the missing parameter column", () => {
  assert.throws(
    () => buildFigure7(study.curves, study.finalSummary, { parameter: "gasil.discriminatorUpdates" }),
    /has no value for "gasil.discriminatorUpdates" \(setting columns: gasil.bufferSize\)/,
  );
  assert.throws(
    () => buildFigure7(study.curves, study.finalSummary, { parameter: "gasil.bufferSize", tasks: ["Ant-v4"] }),
    /task "Ant-v4" has no data/,
  );
  assert.throws(
    () => buildFigure7(study.curves, study.finalSummary, { parameter: "gasil.bufferSize", curveMethod: "ppo" }),
    /method "ppo" has no curve points \(present: gasil\)/,
  );
});

const sweep = analyzeResults(
  syntheticRows({ tasks: ["Hopper-v4", "Walker2d-v4"], methods: ["ppo", "bc", "sil", "gasil"], seeds: [0, 1, 2, 3], iterations: 5 }),
  { rng: Rng.fromSeed(3), reps: 200, curveReps: 20 },
);

test("interval plots: one panel per aggregate, one interval per method; POI rows per baseline", () => {
  const figs = buildAcrossTaskFigures(sweep.acrossTasks!);
  const agg = figs.aggregates;
  assert.equal(agg.data.length, 4 * 4);
  assert.deepEqual([...new Set(agg.data.map((t) => meta(t).panel))], ["Median", "IQM", "Mean", "Optimality gap (lower is better)"]);
  const iqm = agg.data.filter((t) => meta(t).panel === "IQM");
  assert.deepEqual(
    iqm.map((t) => t.name),
    ["PPO", "PPO+BC", "PPO+SIL", "GASIL+PPO"],
  );
  const gasil = iqm.find((t) => meta(t).series === "gasil")!;
  const est = sweep.acrossTasks!.aggregates["gasil"]!.iqm;
  assert.deepEqual(gasil["x"], [est.point]);
  assert.deepEqual((gasil["error_x"] as { array: number[] }).array, [est.upper - est.point]);
  assert.equal((gasil["error_x"] as { color: string }).color, METHOD_COLORS["gasil"]);
  const poi = figs.improvement!;
  assert.deepEqual(
    poi.data.map((t) => t.name),
    ["P(GASIL+PPO > PPO)", "P(GASIL+PPO > PPO+BC)", "P(GASIL+PPO > PPO+SIL)"],
  );
  assert.equal((poi.layout["shapes"] as { x0: number }[])[0]!.x0, 0.5);
  assert.equal((poi.layout["xaxis"] as { title: { text: string } }).title.text, "probability of improvement");
  assert.throws(() => buildImprovementIntervals([]), /no probability-of-improvement estimates/);
  assert.throws(() => buildAggregateIntervals(sweep.acrossTasks!.aggregates, { metrics: ["iqm", "p90"] }), /has no estimate "p90"/);
});
