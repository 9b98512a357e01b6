/**
 * Compact storage of committed sweeps (src/experiments/compact.ts): a tiny real PointMass sweep
 * with one finished and one unfinished run is compacted; every reader returns what it returned
 * before, unfinished runs are untouched, a second compaction changes nothing, the unfinished
 * run still resumes and finishes afterwards, and collecting the compacted sweep again keeps it
 * compact.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { loadResults } from "../../../src/analysis/load";
import { compactSweep } from "../../../src/experiments/compact";
import { loadSweepRows, sweepComplete } from "../../../src/experiments/figures";
import { prepareSweep, runPaths } from "../../../src/experiments/manifest";
import { listRunPolicies, readRunPolicy } from "../../../src/experiments/policies";
import { collectResults, readRunRows, resultsFileOf } from "../../../src/experiments/results";
import { runUnit } from "../../../src/experiments/run-unit";
import { loadTrainer } from "../../../src/experiments/trainer-api";

delete process.env["GASIL_TRAINER_MODULE"];

const STEPS = 128;

function config(): Record<string, unknown> {
  return {
    name: "compact",
    checkpointEvery: 2,
    policySaveEvery: 256,
    studies: [
      {
        name: "s",
        tasks: ["PointMass-v0"],
        methods: ["gasil"],
        seeds: [0, 1],
        totalEnvSteps: STEPS * 4,
        envOptions: { delay: 10 },
        train: {
          ppo: { stepsPerRollout: STEPS, numMinibatches: 2, updateEpochs: 1, hiddenSizes: [8] },
          gasil: { discriminatorUpdates: 1, discriminatorHiddenSizes: [8] },
        },
        vary: { parameter: "alpha", values: [0.1, 0.2] },
      },
    ],
  };
}

test("compaction gzips finished runs in place; every reader sees the same data; unfinished runs stay resumable", {
  timeout: 120_000,
}, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-compact-"));
  try {
    const dir = path.join(tmp, "sweep");
    const runs = prepareSweep(dir, config(), loadTrainer().api, "gasil-kit/algos").manifest.runs;
    const [done, partial] = [runs[0]!.runId, runs[1]!.runId];
    assert.equal((await runUnit(dir, done)).state, "done");
    await runUnit(dir, partial, { maxIterations: 2 });
    assert.equal(sweepComplete(dir), false);

    const rowsBefore = readRunRows(dir, done);
    const policyBefore = readRunPolicy(dir, done, 1);
    const listedBefore = listRunPolicies(dir, done);
    const table = collectResults(dir, { out: path.join(tmp, "plain.csv") });
    const tableRows = loadResults(table.file);

    const summary = compactSweep(dir);
    assert.equal(summary.runsCompacted, 1);
    assert.deepEqual(summary.runsUnfinished, [partial]);
    const donePaths = runPaths(dir, done);
    assert.ok(!fs.existsSync(donePaths.rows) && fs.existsSync(`${donePaths.rows}.gz`));
    assert.ok(fs.existsSync(runPaths(dir, partial).rows), "the unfinished run keeps its plain row log");
    assert.ok(fs.existsSync(path.join(donePaths.dir, "policies", "seed-1", "final.json.gz")));
    assert.equal(resultsFileOf(dir), path.join(dir, "results.csv.gz"));
    assert.ok(!fs.existsSync(path.join(dir, "results.csv")));

    // Same rows, policies and table through the compressed files.
    assert.deepEqual(readRunRows(dir, done), rowsBefore);
    assert.deepEqual(readRunPolicy(dir, done, 1), policyBefore);
    assert.deepEqual(listRunPolicies(dir, done), listedBefore);
    assert.deepEqual(loadSweepRows(dir), tableRows);
    assert.deepEqual(loadResults(summary.resultsFile), tableRows);

    // Idempotent: a second call changes no stored byte of the finished run.
    const gzBytes = fs.readFileSync(`${donePaths.rows}.gz`);
    compactSweep(dir);
    assert.deepEqual(fs.readFileSync(`${donePaths.rows}.gz`), gzBytes);

    // The unfinished run resumes, finishes and can be compacted in its turn.
    assert.equal((await runUnit(dir, partial)).state, "done");
    assert.equal(sweepComplete(dir), true);
    assert.equal(compactSweep(dir).runsCompacted, 2);
    assert.equal(loadSweepRows(dir).length, 2 * 2 * 4); // 2 runs × 2 seeds × 4 iterations

    // Re-collecting a compacted sweep (what `gasil-kit sweep` does when every run is finished)
    // rewrites results.csv.gz with the same bytes and adds no uncompressed copy.
    const packedTable = fs.readFileSync(path.join(dir, "results.csv.gz"));
    assert.equal(collectResults(dir).file, path.join(dir, "results.csv.gz"));
    assert.ok(!fs.existsSync(path.join(dir, "results.csv")));
    assert.deepEqual(fs.readFileSync(path.join(dir, "results.csv.gz")), packedTable);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("loadResults reads gzip-compressed tables and names the allowed extensions otherwise", () => {
  assert.throws(() => loadResults("table.parquet"), /\.csv, \.jsonl, \.ndjson, each optionally \.gz/);
});
