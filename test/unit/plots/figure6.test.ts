import assert from "node:assert/strict";
import { test } from "node:test";
import { learningCurves } from "../../../src/analysis/curves";
import { Rng } from "../../../src/core/rng";
import { METHOD_COLORS, methodColor, sequentialColors, withAlpha } from "../../../src/plots/colors";
import { buildFigure6 } from "../../../src/plots/figure6";
import { type PlotlyTrace, panelGrid, type TraceMeta } from "../../../src/plots/spec";
import { syntheticRows } from "../analysis/fixtures/synthetic";

const tasks = ["Hopper-v4", "Swimmer-v4", "Walker2d-v4"];
const methods = ["ppo", "bc", "sil", "gasil"];
const rows = syntheticRows({ tasks, methods, seeds: [0, 1, 2], iterations: 6 });
const curves = learningCurves(rows, { rng: Rng.fromSeed(1), reps: 100 });
const meta = (t: PlotlyTrace): TraceMeta => t["meta"] as TraceMeta;

test("figure 6: one panel per task, band + mean per method, legend once per method", () => {
  const fig = buildFigure6(curves, { band: "ci", columns: 2 });
  assert.equal(fig.data.length, tasks.length * methods.length * 2);
  const means = fig.data.filter((t) => meta(t).role === "mean");
  const bands = fig.data.filter((t) => meta(t).role === "band");
  assert.equal(means.length, 12);
  assert.equal(bands.length, 12);
  // Legend: each method exactly once, in the order PPO, PPO+BC, PPO+SIL, GASIL+PPO.
  assert.deepEqual(
    means.filter((t) => t["showlegend"] === true).map((t) => t.name),
    ["PPO", "PPO+BC", "PPO+SIL", "GASIL+PPO"],
  );
  assert.ok(bands.every((t) => t["showlegend"] === false));
  // Same colour for a method on every panel; different methods differ.
  for (const m of methods) {
    const colours = new Set(means.filter((t) => meta(t).series === m).map((t) => (t["line"] as { color: string }).color));
    assert.deepEqual([...colours], [METHOD_COLORS[m]]);
  }
  // Panels: traces of task k use axes k+1; annotations carry the task names.
  const axesByTask = new Map<string, Set<string>>();
  for (const t of fig.data) {
    const set = axesByTask.get(meta(t).panel) ?? new Set<string>();
    set.add(`${t["xaxis"] as string}/${t["yaxis"] as string}`);
    axesByTask.set(meta(t).panel, set);
  }
  assert.deepEqual(
    [...axesByTask.entries()].map(([k, v]) => [k, [...v]]),
    [
      ["Hopper-v4", ["x/y"]],
      ["Swimmer-v4", ["x2/y2"]],
      ["Walker2d-v4", ["x3/y3"]],
    ],
  );
  const annotations = fig.layout["annotations"] as { text: string }[];
  assert.deepEqual(
    annotations.map((a) => a.text),
    tasks.map((t) => `<b>${t}</b>`),
  );
  // 2 columns, 3 tasks: y titles on the left column (panels 1, 3); x titles on the lowest panel of each column (2, 3).
  const axis = (k: string): { title?: { text: string } } => fig.layout[k] as { title?: { text: string } };
  assert.equal(axis("yaxis").title?.text, "average return");
  assert.equal(axis("yaxis2").title, undefined);
  assert.equal(axis("yaxis3").title?.text, "average return");
  assert.equal(axis("xaxis").title, undefined);
  assert.equal(axis("xaxis2").title?.text, "environment steps");
  assert.equal(axis("xaxis3").title?.text, "environment steps");
  // Per panel, every band comes before every line (no band covers a line).
  for (const task of tasks) {
    const roles = fig.data.filter((t) => meta(t).panel === task).map((t) => meta(t).role);
    assert.deepEqual(roles, [...Array(4).fill("band"), ...Array(4).fill("mean")]);
  }
  // The figure is plain JSON.
  assert.deepEqual(JSON.parse(JSON.stringify(fig)), fig);
});

test("figure 6: mean line is the curve mean; bands follow the chosen kind", () => {
  const se = buildFigure6(curves, { band: "se", tasks: ["Hopper-v4"], methods: ["gasil"] });
  assert.equal(se.data.length, 2);
  const pts = curves.filter((p) => p.task === "Hopper-v4" && p.method === "gasil");
  const [band, line] = se.data as [PlotlyTrace, PlotlyTrace];
  assert.deepEqual(
    line["x"],
    pts.map((p) => p.envSteps),
  );
  assert.deepEqual(
    line["y"],
    pts.map((p) => p.mean),
  );
  const n = pts.length;
  const by = band["y"] as number[];
  assert.deepEqual(
    by.slice(0, n),
    pts.map((p) => p.mean + p.stdErr),
  );
  assert.deepEqual(by.slice(n), pts.map((p) => p.mean - p.stdErr).reverse());
  assert.equal(band["fillcolor"], withAlpha(METHOD_COLORS["gasil"]!, 0.18));
  const ci = buildFigure6(curves, { band: "ci", tasks: ["Hopper-v4"], methods: ["gasil"] });
  assert.deepEqual(
    (ci.data[0]!["y"] as number[]).slice(0, n),
    pts.map((p) => p.upper),
  );
  assert.equal(buildFigure6(curves, { band: "none" }).data.length, 12);
});

test("figure 6 rejects bad options with the allowed values", () => {
  // @ts-expect-error band must be "ci" | "se" | "none"
  assert.throws(() => buildFigure6(curves, { band: "sd" }), /band: expected one of "ci", "se", "none", got "sd"/);
  assert.throws(
    () => buildFigure6(curves, { tasks: ["Ant-v4"] }),
    /task "Ant-v4" has no curve points \(present: Hopper-v4, Swimmer-v4, Walker2d-v4\)/,
  );
  assert.throws(() => buildFigure6(curves, { methods: ["dqn"] }), /method "dqn" has no curve points/);
  assert.throws(() => buildFigure6(curves, { columns: 0 }), /columns: expected a positive integer, got 0/);
  const noBoot = learningCurves(rows, { rng: Rng.fromSeed(1), bootstrap: false });
  assert.throws(() => buildFigure6(noBoot, { band: "ci" }), /"ci" needs bootstrap intervals/);
  const bySetting = learningCurves(syntheticRows({ settings: [{ k: 1 }, { k: 2 }] }), {
    rng: Rng.fromSeed(1),
    by: ["k"],
    bootstrap: false,
  });
  assert.throws(() => buildFigure6(bySetting), /has several settings \(k=1 \| k=2\)/);
});

test("colours and grid geometry", () => {
  assert.equal(methodColor("gasil"), "#D55E00");
  assert.notEqual(methodColor("a2c", ["a2c", "trpo"]), methodColor("trpo", ["a2c", "trpo"]));
  assert.equal(withAlpha("#ff0080", 0.5), "rgba(255,0,128,0.5)");
  assert.throws(() => withAlpha("red", 1), /expected a colour "#rrggbb", got "red"/);
  const seq = sequentialColors(4);
  assert.equal(seq.length, 4);
  assert.equal(seq[0], "#440154");
  assert.equal(new Set(seq).size, 4);
  const slots = panelGrid({ rows: 2, columns: 3 });
  assert.deepEqual(
    slots.map((s) => s.xaxis),
    ["x", "x2", "x3", "x4", "x5", "x6"],
  );
  for (const s of slots) assert.ok(s.xDomain[0] >= 0 && s.xDomain[1] <= 1 && s.xDomain[0] < s.xDomain[1] && s.yDomain[0] < s.yDomain[1]);
  assert.ok(slots[0]!.xDomain[1] < slots[1]!.xDomain[0]); // columns do not overlap
  assert.ok(slots[3]!.yDomain[1] < slots[0]!.yDomain[0]); // rows do not overlap, row 0 on top
});
