import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { ConfigError } from "../../../src/core/errors";
import { getPath, parseSweepConfig, planSweep } from "../../../src/experiments/config";
import { prepareSweep } from "../../../src/experiments/manifest";
import { PRESET_NAMES, presetConfig } from "../../../src/experiments/presets";
import * as fake from "../../helpers/fake-trainer";

function baseConfig(): Record<string, unknown> {
  return {
    name: "t",
    studies: [
      {
        name: "figure6",
        tasks: ["PointMass-v0"],
        methods: ["ppo", "gasil"],
        seeds: [0, 1],
        totalEnvSteps: 640,
        envOptions: { delay: 5 },
        train: { ppo: { stepsPerRollout: 64 } },
      },
      {
        name: "figure7-bufferSize",
        tasks: ["PointMass-v0"],
        methods: ["gasil"],
        seeds: [0, 1],
        totalEnvSteps: 640,
        vary: { parameter: "bufferSize", values: [10, 100] },
      },
    ],
  };
}

type Mutation = (c: Record<string, unknown>) => void;
const study = (c: Record<string, unknown>, i = 0): Record<string, unknown> => (c["studies"] as Record<string, unknown>[])[i]!;

// Each bad config and the message it must produce (field path + what is allowed).
const BAD: [string, Mutation, RegExp][] = [
  [
    "unknown top-level key",
    (c) => (c["nmae"] = "x"),
    /^nmae: unknown field; allowed: name, description, checkpointEvery, policySaveEvery, hyperparameters, studies$/,
  ],
  ["bad sweep name", (c) => (c["name"] = "my sweep"), /^name: expected a name of letters, digits, '\.', '_' or '-'.*got "my sweep"$/],
  ["no studies", (c) => (c["studies"] = []), /^studies: expected a non-empty array, got \[\]$/],
  ["policySaveEvery zero", (c) => (c["policySaveEvery"] = 0), /^policySaveEvery: expected an integer in \[1, 1000000000000\], got 0$/],
  ["checkpointEvery zero", (c) => (c["checkpointEvery"] = 0), /^checkpointEvery: expected an integer in \[1, 1000000\], got 0$/],
  [
    "unknown method",
    (c) => (study(c)["methods"] = ["ppo", "gail"]),
    /^studies\[0\]\.methods\[1\]: "gail" is not a method; allowed: ppo, gasil, bc, sil, survival$/,
  ],
  ["duplicate method", (c) => (study(c)["methods"] = ["ppo", "ppo"]), /^studies\[0\]\.methods: duplicate method/],
  ["negative seed", (c) => (study(c)["seeds"] = [0, -1]), /^studies\[0\]\.seeds\[1\]: expected a non-negative integer seed, got -1$/],
  ["repeated seed", (c) => (study(c)["seeds"] = [3, 3]), /^studies\[0\]\.seeds: seeds must be distinct/],
  [
    "fractional steps",
    (c) => (study(c)["totalEnvSteps"] = 10.5),
    /^studies\[0\]\.totalEnvSteps: expected an integer in \[1, 10000000000\], got 10\.5$/,
  ],
  ["seedsPerRun too large", (c) => (study(c)["seedsPerRun"] = 3), /^studies\[0\]\.seedsPerRun: expected an integer in \[1, 2\], got 3$/],
  [
    "unknown study key",
    (c) => (study(c)["task"] = ["x"]),
    /^studies\[0\]\.task: unknown field; allowed: name, tasks, methods, seeds, seedsPerRun, totalEnvSteps, envOptions, train, vary$/,
  ],
  ["study sets method in train", (c) => (study(c)["train"] = { method: "ppo" }), /^studies\[0\]\.train\.method: set by the study itself/],
  [
    "vary unknown parameter",
    (c) => (study(c, 1)["vary"] = { parameter: "buffer", values: [1] }),
    /^studies\[1\]\.vary\.parameter: "buffer" is not a hyperparameter column; allowed: delay, bufferSize, discriminatorUpdates, alpha$/,
  ],
  [
    "vary duplicate values",
    (c) => (study(c, 1)["vary"] = { parameter: "bufferSize", values: [1, 1] }),
    /^studies\[1\]\.vary\.values\[1\]: duplicate value 1$/,
  ],
  ["duplicate study names", (c) => (study(c, 1)["name"] = "figure6"), /^studies\[1\]\.name: duplicate study name "figure6"$/],
  ["reserved column", (c) => (c["hyperparameters"] = { seed: "ppo.seed" }), /^hyperparameters\.seed: column name is reserved/],
  [
    "unknown task",
    (c) => (study(c)["tasks"] = ["Hoper-v4"]),
    /^studies\[0\]\.tasks\[0\]: unknown environment id "Hoper-v4"; allowed: PointMass-v0, Hopper-v4$/,
  ],
  // Errors from the trainer's own resolveTrainConfig come back with the study and run named.
  [
    "bad trainer field",
    (c) => (study(c)["train"] = { ppo: { stepsPerRollout: -1 } }),
    /^studies\[0\] \(run figure6_PointMass-v0_ppo\) ppo\.stepsPerRollout: expected a number ≥ 1, got -1$/,
  ],
  [
    "unknown trainer block",
    (c) => (study(c)["train"] = { gasill: {} }),
    /^studies\[0\] \(run figure6_PointMass-v0_ppo\) gasill: unknown field; allowed: /,
  ],
];

test("a valid config expands into runs with ids, seeds and hyperparameter columns", () => {
  const config = parseSweepConfig(baseConfig());
  assert.equal(config.checkpointEvery, 5);
  const runs = planSweep(config, fake, ["PointMass-v0"]);
  assert.deepEqual(
    runs.map((r) => r.runId),
    [
      "figure6_PointMass-v0_ppo",
      "figure6_PointMass-v0_gasil",
      "figure7-bufferSize_PointMass-v0_gasil_bufferSize-10",
      "figure7-bufferSize_PointMass-v0_gasil_bufferSize-100",
    ],
  );
  assert.deepEqual(
    runs.map((r) => r.index),
    [0, 1, 2, 3],
  );
  assert.equal(runs[2]!.varied, "bufferSize");
  assert.equal(runs[2]!.hyperparameters["bufferSize"], 10);
  assert.equal(runs[3]!.hyperparameters["bufferSize"], 100);
  assert.equal(runs[0]!.hyperparameters["delay"], 5);
  assert.equal(runs[2]!.hyperparameters["delay"], null); // no delay given in that study
  assert.equal((runs[0]!.train as unknown as fake.FakeConfig).ppo.stepsPerRollout, 64);
  // seedsPerRun splits a population into several runs.
  const split = baseConfig();
  study(split)["seedsPerRun"] = 1;
  assert.deepEqual(
    planSweep(parseSweepConfig(split), fake)
      .slice(0, 2)
      .map((r) => [r.runId, r.seeds]),
    [
      ["figure6_PointMass-v0_ppo_seeds0-0", [0]],
      ["figure6_PointMass-v0_ppo_seeds1-1", [1]],
    ],
  );
});

test("bad configs are rejected with the field path and the allowed values; nothing is written", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-config-"));
  try {
    for (const [label, mutate, expected] of BAD) {
      const raw = baseConfig();
      mutate(raw);
      const dir = path.join(tmp, label.replace(/\W+/g, "-"));
      assert.throws(
        () => prepareSweep(dir, raw, fake, "fake", ["PointMass-v0", "Hopper-v4"]),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, `${label}: expected a ConfigError, got ${String(error)}`);
          assert.match(error.message, expected, label);
          return true;
        },
      );
      assert.equal(fs.existsSync(dir), false, `${label}: the sweep folder must not be created`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("an existing sweep folder is resumed only with the same configuration", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-config-"));
  try {
    const first = prepareSweep(tmp, baseConfig(), fake, "fake");
    assert.equal(first.created, true);
    const manifestText = fs.readFileSync(path.join(tmp, "manifest.json"), "utf8");
    const again = prepareSweep(tmp, baseConfig(), fake, "fake");
    assert.equal(again.created, false);
    assert.equal(fs.readFileSync(path.join(tmp, "manifest.json"), "utf8"), manifestText);
    const reworded = { ...baseConfig(), description: "a new description" };
    assert.equal(prepareSweep(tmp, reworded, fake, "fake").created, false, "a reworded description resumes the same sweep");
    const changed = baseConfig();
    study(changed)["seeds"] = [0, 1, 2];
    assert.throws(() => prepareSweep(tmp, changed, fake, "fake"), /already holds a different sweep \("t"\)/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("presets are valid sweeps and match the paper's protocol", () => {
  assert.deepEqual([...PRESET_NAMES].sort(), ["gasil-evidence", "paper", "quick", "standard"]);
  const evidence = parseSweepConfig(presetConfig("gasil-evidence"));
  assert.deepEqual(
    evidence.studies.map((s) => [s.name, [...s.methods], s.seeds.length, s.totalEnvSteps]),
    [
      ["evidence", ["ppo", "gasil", "survival"], 5, 300_000],
      ["evidence-fullbatch", ["gasil"], 5, 300_000],
    ],
  );
  const paper = parseSweepConfig(presetConfig("paper"));
  const fig6 = paper.studies.find((s) => s.name === "figure6")!;
  assert.equal(fig6.tasks.length, 6);
  assert.deepEqual([...fig6.methods], ["ppo", "gasil", "bc", "sil", "survival"]);
  assert.equal(fig6.seeds.length, 10);
  assert.equal(fig6.totalEnvSteps, 1_000_000);
  assert.equal(fig6.envOptions["delay"], 20);
  const varied = paper.studies.filter((s) => s.vary !== null).map((s) => [s.vary!.parameter, [...s.vary!.values]]);
  assert.deepEqual(varied, [
    ["bufferSize", [250, 4000, 16000]], // + the default 1000 from the figure6 GASIL+PPO runs
    ["discriminatorUpdates", [1, 5, 50]], // + the default 20 from the figure6 GASIL+PPO runs
  ]);
  // Figure 7's default point comes from the Figure 6 GASIL+PPO runs: same tasks, seeds and budget.
  for (const preset of [paper, parseSweepConfig(presetConfig("quick")), parseSweepConfig(presetConfig("standard"))]) {
    const f6 = preset.studies.find((s) => s.name === "figure6")!;
    for (const s of preset.studies.filter((x) => x.vary !== null)) {
      for (const task of s.tasks) assert.ok(f6.tasks.includes(task), `${preset.name}/${s.name}: ${task} is in figure6`);
      assert.ok(f6.methods.includes("gasil"));
      assert.deepEqual([...s.seeds], [...f6.seeds]);
      assert.equal(s.totalEnvSteps, f6.totalEnvSteps);
    }
  }
  const quick = parseSweepConfig(presetConfig("quick"));
  for (const s of quick.studies) assert.equal(s.envOptions["delay"], 20, `quick study ${s.name} keeps the paper's delay`);
  assert.throws(() => presetConfig("full"), /--preset: unknown preset "full"; allowed: quick, standard, paper/);
});

test("standard is the paper's budget on three tasks with 5 seeds; every run reaches 10⁶ steps", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const real = require("../../../src/algos/trainer") as { resolveTrainConfig(partial: unknown): unknown };
  const api = { resolveTrainConfig: (p: unknown) => real.resolveTrainConfig(p) as ReturnType<typeof fake.resolveTrainConfig> };
  const standard = parseSweepConfig(presetConfig("standard"));
  const runs = planSweep(standard, api);
  const fig6 = runs.filter((r) => r.study === "figure6");
  assert.equal(fig6.length, 15); // 3 tasks × 5 methods, each one run of 5 seeds
  for (const r of fig6) assert.deepEqual([...r.seeds], [0, 1, 2, 3, 4]);
  assert.deepEqual([...new Set(fig6.map((r) => r.task))], ["Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"]);
  const fig7 = runs.filter((r) => r.study !== "figure6");
  assert.equal(fig7.length, 30); // 6 values × 5 seeds, one run per seed
  const values = (parameter: string) => [...new Set(fig7.filter((r) => r.varied === parameter).map((r) => r.hyperparameters[parameter]))];
  assert.deepEqual(values("bufferSize"), [250, 4000, 16000]);
  assert.deepEqual(values("discriminatorUpdates"), [1, 5, 50]);
  for (const r of runs) {
    const iterations = Math.floor(r.train.totalEnvSteps / 2048);
    assert.ok(iterations * 2048 >= 999_424, `${r.runId}: ${iterations * 2048} env steps per seed`);
    assert.equal(getPath(r.train, "envOptions.delay"), 20);
  }
});

test("both presets resolve with gasil-kit's real trainer (every run's config is valid)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const real = require("../../../src/algos/trainer") as { resolveTrainConfig(partial: unknown): unknown };
  const api = { resolveTrainConfig: (p: unknown) => real.resolveTrainConfig(p) as ReturnType<typeof fake.resolveTrainConfig> };
  for (const name of PRESET_NAMES) {
    const runs = planSweep(parseSweepConfig(presetConfig(name)), api);
    assert.ok(runs.length > 0);
    const varied = runs.filter((r) => r.varied !== "");
    for (const r of varied)
      assert.notEqual(r.hyperparameters[r.varied], null, `${r.runId}: ${r.varied} is read back from the resolved config`);
    const gasil = runs.find((r) => r.method === "gasil" && r.varied === "")!;
    assert.equal(gasil.hyperparameters["bufferSize"], 1000, "default K read from the resolved GASIL config");
    assert.equal(gasil.hyperparameters["discriminatorUpdates"], 20);
    assert.equal(gasil.hyperparameters["delay"], 20);
  }
});

for (const preset of ["quick", "standard"]) {
  test(`the committed ${preset} results were produced by the current ${preset} preset (so \`npm run reproduce\` resumes them)`, () => {
    const manifestFile = path.join(__dirname, "..", "..", "..", "data", preset, "manifest.json");
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { config: unknown; runs: { runId: string }[] };
    assert.deepEqual(
      { ...(manifest.config as object), description: "" },
      { ...JSON.parse(JSON.stringify(parseSweepConfig(presetConfig(preset)))), description: "" },
    );
    const runs = planSweep(parseSweepConfig(presetConfig(preset)), fake);
    assert.deepEqual(
      manifest.runs.map((r) => r.runId),
      runs.map((r) => r.runId),
    );
  });
}
