import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { formatCsv, parseCsv } from "../../../src/analysis/csv";
import {
  formatResultsCsv,
  hyperparameterColumns,
  loadResults,
  parseResultsCsv,
  parseResultsJsonl,
  saveResults,
  type TidyRow,
  toTidyRow,
} from "../../../src/analysis/load";
import { selectRows } from "../../../src/analysis/select";
import { syntheticRows } from "./fixtures/synthetic";

test("parseCsv handles quotes, doubled quotes, embedded commas and line breaks, CRLF and BOM", () => {
  const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\n\n3,,z';
  assert.deepEqual(parseCsv(text), [
    ["a", "b", "c"],
    ["1", "x, y", 'say "hi"'],
    ["2", "two\nlines", ""],
    ["3", "", "z"],
  ]);
  assert.throws(() => parseCsv('a\n"open'), /quoted field opened on line 2 is never closed/);
  assert.throws(() => parseCsv('a\n"x\ny\n""\n'), /quoted field opened on line 2 is never closed/);
  assert.deepEqual(parseCsv("a,\r\n,b"), [
    ["a", ""],
    ["", "b"],
  ]);
  assert.deepEqual(parseCsv('""\n\nx'), [[""], ["x"]]);
  assert.deepEqual(parseCsv(""), []);
  const rows = [["1", "a,b", 'q"q', " padded", null, 2.5]];
  assert.deepEqual(parseCsv(formatCsv(["n", "s", "t", "p", "e", "x"], rows)), [
    ["n", "s", "t", "p", "e", "x"],
    ["1", "a,b", 'q"q', " padded", "", "2.5"],
  ]);
  assert.throws(() => formatCsv(["a", "b"], [["1"]]), /row 0 has 1 fields, the header has 2/);
});

test("results round trip through CSV and JSONL files, hyperparameters typed", () => {
  const rows = syntheticRows({ settings: [{ "gasil.bufferSize": 1000, note: 'a,b "c"', flag: true }] });
  const dir = mkdtempSync(join(tmpdir(), "gasil-load-"));
  try {
    for (const name of ["r.csv", "r.jsonl"]) {
      const path = join(dir, name);
      saveResults(path, rows);
      const back = loadResults(path);
      assert.deepEqual(back, rows, name);
    }
    assert.deepEqual(hyperparameterColumns(rows), ["flag", "gasil.bufferSize", "note"]);
    assert.throws(
      () => saveResults(join(dir, "r.txt"), rows),
      /unsupported results file extension ".txt" \(allowed: .csv, .jsonl, .ndjson\)/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("CSV values: null average return and empty hyperparameter cells become null", () => {
  const csv = formatResultsCsv(syntheticRows({ seeds: [0], iterations: 2, tasks: ["Hopper-v4"], methods: ["ppo"] }));
  const back = parseResultsCsv(csv);
  assert.equal(back[0]!.averageReturn, null);
  assert.deepEqual(back[0]!.episodeReturns, []);
  assert.equal(typeof back[1]!.averageReturn, "number");
  const text = "runId,sweep,task,method,seed,iteration,envSteps,averageReturn,episodeReturns,lr\nr,s,T,ppo,0,1,2048,,[],\n";
  assert.deepEqual(parseResultsCsv(text)[0]!.hyperparameters, { lr: null });
});

test("malformed results name the file, line, field and value", () => {
  const header = "runId,sweep,task,method,seed,iteration,envSteps,averageReturn,episodeReturns";
  assert.throws(
    () => parseResultsCsv("runId,task\nr,T\n", "x.csv"),
    /x.csv: missing column\(s\) sweep, method, seed, iteration, envSteps, averageReturn/,
  );
  assert.throws(
    () => parseResultsCsv(`${header}\nr,s,T,ppo,zero,1,2048,1,[]\n`, "x.csv"),
    /x.csv:2.seed: expected a finite integer, got "zero"/,
  );
  assert.throws(() => parseResultsCsv(`${header}\nr,s,T,ppo,0,1,2048,1,[1,2\n`, "x.csv"), /row has 10 fields, the header has 9/);
  assert.throws(
    () => parseResultsCsv(`${header}\nr,s,T,ppo,0,1,2048,1,"[1,""a""]"\n`, "x.csv"),
    /x.csv:2.episodeReturns: expected an array of finite numbers/,
  );
  assert.throws(
    () => parseResultsJsonl('{"runId":"r"}\nnot json\n', "y.jsonl"),
    /y.jsonl:1.sweep: expected a non-empty string, got undefined/,
  );
  assert.throws(() => parseResultsJsonl("\nnot json\n", "y.jsonl"), /y.jsonl:2: not valid JSON/);
  const dir = mkdtempSync(join(tmpdir(), "gasil-load-"));
  try {
    writeFileSync(join(dir, "r.json"), "[]");
    assert.throws(() => loadResults(join(dir, "r.json")), /unsupported results file extension ".json"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("toTidyRow flattens a nested hyperparameters object and keeps extra columns", () => {
  const row: TidyRow = toTidyRow({
    runId: "r1",
    sweep: "s",
    task: "Hopper-v4",
    method: "gasil",
    seed: 3,
    iteration: 2,
    envSteps: 4096,
    averageReturn: 12.5,
    episodeReturns: [12, 13],
    hyperparameters: { "gasil.bufferSize": 250 },
    delay: 20,
  });
  assert.deepEqual(row.hyperparameters, { "gasil.bufferSize": 250, delay: 20 });
  assert.deepEqual(row.episodeReturns, [12, 13]);
});

test("the experiment runner's results.csv layout loads; selectRows picks a study", () => {
  // Header as documented in src/experiments/results.ts: id columns, hyperparameter columns, value columns.
  const csv = [
    "runId,unit,sweep,study,task,method,varied,delay,bufferSize,discriminatorUpdates,alpha,seed,iteration,envSteps,averageReturn,episodeReturns",
    "u1_seed0,u1,quick,figure6,Hopper-v4,ppo,,20,,,,0,1,2048,,[]",
    'u1_seed0,u1,quick,figure6,Hopper-v4,ppo,,20,,,,0,2,4096,12.5,"[10,15]"',
    "u2_seed0,u2,quick,figure7-bufferSize,Hopper-v4,gasil,bufferSize,20,250,20,0.1,0,1,2048,3,[3]",
  ].join("\n");
  const rows = parseResultsCsv(csv);
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[1]!.hyperparameters, {
    unit: "u1",
    study: "figure6",
    varied: null,
    delay: 20,
    bufferSize: null,
    discriminatorUpdates: null,
    alpha: null,
  });
  assert.deepEqual(rows[1]!.episodeReturns, [10, 15]);
  assert.equal(rows[2]!.hyperparameters["bufferSize"], 250);
  assert.deepEqual(
    selectRows(rows, { study: "figure6" }).map((r) => r.iteration),
    [1, 2],
  );
  assert.deepEqual(
    selectRows(rows, { method: ["gasil", "sil"], bufferSize: 250 }).map((r) => r.runId),
    ["u2_seed0"],
  );
  assert.deepEqual(selectRows(rows, { bufferSize: null }).length, 2);
  assert.throws(
    () => selectRows(rows, { studdy: "figure6" }),
    /where.studdy: no such column; columns: runId, sweep, task, method, seed, iteration, envSteps, alpha, bufferSize/,
  );
});
