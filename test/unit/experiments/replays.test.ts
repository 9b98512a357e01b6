/**
 * Replays of a sweep's saved policies and `gasil-kit replay`: a tiny PointMass sweep trained with
 * the real trainer, replayed without training; the replayed episode is the loaded policy's own
 * (re-simulated here); bad run ids, seeds and missing policies get errors that say what exists.
 */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { loadPolicy, type SavedPolicy } from "../../../src/algos/saved-policy";
import { Rng } from "../../../src/core/rng";
import { makeEnv } from "../../../src/envs/registry";
import { decodeF32 } from "../../../src/envs/replay-format";
import { main } from "../../../src/experiments/cli";
import { prepareSweep } from "../../../src/experiments/manifest";
import { readRunPolicy } from "../../../src/experiments/policies";
import { medianAndBestSeeds, recordSweepReplay, replayComparison, seedsByFinalReturn } from "../../../src/experiments/replays";
import { runUnit } from "../../../src/experiments/run-unit";
import { loadTrainer } from "../../../src/experiments/trainer-api";

delete process.env["GASIL_TRAINER_MODULE"];

let tmp = "";
let sweep = "";
const RUN = "s_PointMass-v0_gasil";

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gasil-replays-"));
  sweep = path.join(tmp, "sweep");
  const config = {
    name: "replays",
    studies: ["ppo", "gasil"].map((method) => ({
      name: method === "ppo" ? "p" : "s",
      tasks: ["PointMass-v0"],
      methods: [method],
      seeds: [0, 1, 2],
      totalEnvSteps: 256,
      envOptions: { delay: 10 },
      train: {
        ppo: { stepsPerRollout: 128, numMinibatches: 2, updateEpochs: 1, hiddenSizes: [8] },
        ...(method === "gasil" ? { gasil: { discriminatorUpdates: 1, discriminatorHiddenSizes: [8] } } : {}),
      },
    })),
  };
  const manifest = prepareSweep(sweep, config, loadTrainer().api, "gasil-kit/algos").manifest;
  assert.deepEqual(
    manifest.runs.map((r) => r.runId),
    ["p_PointMass-v0_ppo", RUN],
  );
  for (const run of manifest.runs) await runUnit(sweep, run.runId);
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Run the CLI in process; returns the exit code and what it printed. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => {
    out += s;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => {
    err += s;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(args), out, err };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

test("a sweep replay is the saved policy's own episode: re-simulated step by step it matches", async () => {
  const replay = await recordSweepReplay(sweep, RUN, 1, { episodeSeed: 5, deterministic: false });
  assert.equal(replay.policy.method, "gasil");
  assert.equal(replay.policy.seed, 1);
  assert.equal(replay.policy.envSteps, 256);
  assert.match(replay.title, /^GASIL\+PPO · PointMass-v0 · seed 1 \(256 training steps\)$/);
  assert.deepEqual(replay.envOptions, { delay: 10 });
  assert.ok(replay.discriminator !== undefined && replay.bonus !== undefined, "a GASIL policy brings its discriminator");
  const policy = loadPolicy(readRunPolicy(sweep, RUN, 1) as unknown as SavedPolicy);
  const env = await makeEnv("PointMass-v0", { delay: 10 });
  const rng = Rng.fromSeed(5).split("replayActions");
  let obs = env.reset({ seed: 5 }).obs;
  const poses = decodeF32(replay.poses);
  const d = decodeF32(replay.discriminator!);
  for (let t = 0; t < replay.length; t++) {
    assert.equal(poses[t * 28], Math.fround(obs[0]!), `x at frame ${t}`);
    const action = policy.act(obs, { deterministic: false, rng });
    assert.ok(Math.abs(d[t]! - 1 / (1 + Math.exp(-policy.discriminatorLogit(obs, action)))) < 1e-6);
    obs = env.step(action).obs;
  }
  env.close();
});

test("median and best seeds come from the final training scores", () => {
  const ranked = seedsByFinalReturn(sweep, RUN);
  assert.deepEqual(ranked.map((s) => s.seed).sort(), [0, 1, 2]);
  for (let i = 1; i < ranked.length; i++) assert.ok((ranked[i - 1]!.finalReturn ?? -Infinity) >= (ranked[i]!.finalReturn ?? -Infinity));
  const { best, median } = medianAndBestSeeds(sweep, RUN);
  assert.equal(best.seed, ranked[0]!.seed);
  assert.equal(median.seed, ranked[1]!.seed);
});

test("replayComparison records the median and best seeds per method; without policies it explains instead of throwing", async () => {
  const cmp = await replayComparison(sweep, { task: "PointMass-v0", methods: ["gasil"], study: "s", maxSteps: 20 });
  assert.ok(cmp.available, cmp.message);
  assert.deepEqual(
    cmp.groups.map((g) => g.pick),
    ["median", "best"],
  );
  const { best, median } = medianAndBestSeeds(sweep, RUN);
  assert.equal(cmp.groups[1]!.replays[0]!.policy.seed, best.seed);
  assert.equal(cmp.groups[0]!.replays[0]!.policy.seed, median.seed);
  assert.match(cmp.groups[1]!.replays[0]!.title, /^GASIL\+PPO · PointMass-v0 · best seed \(\d\) \(256 training steps\)$/);
  assert.equal(cmp.table.rows.length, 2);
  await assert.rejects(
    replayComparison(sweep, { task: "Hopper-v4", methods: ["gasil"], study: "s" }),
    /no s run of gasil on Hopper-v4; it has PointMass-v0\/gasil/,
  );
});

test("gasil-kit replay writes an offline page; bad ids, seeds and missing policies say what exists", async () => {
  const out = path.join(tmp, "figures", "replays", "two.html");
  const ok = await cli([
    "replay",
    "--sweep",
    sweep,
    "--run",
    `p_PointMass-v0_ppo,${RUN}`,
    "--seed",
    "0",
    "--out",
    out,
    "--max-steps",
    "30",
  ]);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /PPO · PointMass-v0 · seed 0 .*episode return/);
  const html = fs.readFileSync(out, "utf8");
  assert.match(html, /<script src="\.\.\/vendor\/plotly-3\.7\.0\.min\.js"><\/script>/);
  assert.match(html, /<script src="\.\.\/vendor\/replay-viewer-three0\.187\.0-[0-9a-f]{10}\.min\.js"><\/script>/);
  assert.ok(fs.existsSync(path.join(tmp, "figures", "vendor", "plotly-3.7.0.min.js")));
  const data = JSON.parse(/<script type="application\/json" id="replay-data">(.*?)<\/script>/s.exec(html)![1]!) as {
    policy: { runId: string };
  }[];
  assert.deepEqual(
    data.map((r) => r.policy.runId),
    ["p_PointMass-v0_ppo", RUN],
  );

  const picks = await cli([
    "replay",
    "--sweep",
    sweep,
    "--run",
    RUN,
    "--seed",
    "median,best",
    "--out",
    path.join(tmp, "figures", "replays", "picks.html"),
    "--max-steps",
    "10",
  ]);
  assert.equal(picks.code, 0, picks.err);
  const { best, median } = medianAndBestSeeds(sweep, RUN);
  assert.match(picks.out, new RegExp(`GASIL\\+PPO · PointMass-v0 · median seed \\(${median.seed}\\).*\\n.*best seed \\(${best.seed}\\)`));
  const badRun = await cli(["replay", "--sweep", sweep, "--run", "nope", "--seed", "0"]);
  assert.equal(badRun.code, 2);
  assert.match(badRun.err, /--run: no run "nope" in sweep replays; 2 runs, e\.g\. p_PointMass-v0_ppo, s_PointMass-v0_gasil/);
  const badSeed = await cli(["replay", "--sweep", sweep, "--run", RUN, "--seed", "7", "--out", out]);
  assert.equal(badSeed.code, 2);
  assert.match(badSeed.err, /--seed: run s_PointMass-v0_gasil has no seed 7; allowed: 0, 1, 2/);
  const badSteps = await cli(["replay", "--sweep", sweep, "--run", RUN, "--seed", "0", "--steps", "100000", "--out", out]);
  assert.equal(badSteps.code, 2);
  assert.match(badSteps.err, /no 100000-step policy for seed 0 .*this seed has: final/);
  fs.rmSync(path.join(sweep, "runs", RUN, "policies"), { recursive: true });
  const missing = await cli(["replay", "--sweep", sweep, "--run", RUN, "--seed", "0", "--out", out]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /saved policies of run s_PointMass-v0_gasil: none \(the run was trained before policy saving existed/);
  const none = await replayComparison(sweep, { task: "PointMass-v0", methods: ["gasil"], study: "s" });
  assert.equal(none.available, false);
  assert.match(none.message, /^no saved policies for s_PointMass-v0_gasil seed \d, .*Retrain it/);
  const noRun = await cli(["replay", "--sweep", sweep, "--seed", "0"]);
  assert.match(noRun.err, /--run: required; runs of replays: p_PointMass-v0_ppo, s_PointMass-v0_gasil/);
});
