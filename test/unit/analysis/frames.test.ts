import assert from "node:assert/strict";
import { test } from "node:test";
import { resultsToDataFrame, sweepOverview, tableToDataFrame } from "../../../src/analysis/frames";
import { syntheticRows } from "./fixtures/synthetic";

test("danfojs bridge: tables and results become DataFrames; sweep overview via groupby", () => {
  const df = tableToDataFrame({
    columns: ["task", "mean"],
    rows: [
      ["A", 1.5],
      ["B", 2.5],
    ],
  });
  assert.deepEqual(df.columns, ["task", "mean"]);
  assert.deepEqual(df.shape, [2, 2]);
  const rows = syntheticRows({ seeds: [0, 1], iterations: 3 });
  const all = resultsToDataFrame(rows);
  assert.deepEqual(all.shape, [rows.length, 8]);
  const overview = sweepOverview(rows);
  assert.deepEqual(overview.columns, ["task", "method", "envSteps_count", "envSteps_max", "averageReturn_mean"]);
  const records = (overview.values as unknown[][]).map((r) => r.slice(0, 4));
  // 2 tasks × 2 methods; 2 seeds × 2 non-null points each; last step 3 × 2048.
  assert.deepEqual(records.sort(), [
    ["Hopper-v4", "gasil", 4, 6144],
    ["Hopper-v4", "ppo", 4, 6144],
    ["Walker2d-v4", "gasil", 4, 6144],
    ["Walker2d-v4", "ppo", 4, 6144],
  ]);
  const hopperPpo = rows.filter((r) => r.task === "Hopper-v4" && r.method === "ppo" && r.averageReturn !== null);
  const expected = hopperPpo.reduce((s, r) => s + (r.averageReturn as number), 0) / hopperPpo.length;
  const got = (overview.values as unknown[][]).find((r) => r[0] === "Hopper-v4" && r[1] === "ppo")![4] as number;
  assert.ok(Math.abs(got - expected) < 1e-9, `${got} vs ${expected}`);
});
