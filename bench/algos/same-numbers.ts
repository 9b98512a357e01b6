/**
 * Same numbers before and after a refactor (not a test): trains every method on delayed Hopper-v4
 * (seeds 0 and 3, 4 short iterations of 512 steps) twice — straight, and with a checkpoint after
 * iteration 2 that goes through JSON and `restoreTrainer` — and writes the reports' numbers (wall
 * times and phase timings left out), the exported policies and the final PPO state as JSON.
 * `--compare` then checks two such files field by field, and within each file that the resumed
 * run equals the straight one.
 *
 * Usage:
 *   node --import tsx bench/algos/same-numbers.ts --src /path/to/other/worktree/src --out before.json
 *   node --import tsx bench/algos/same-numbers.ts --out after.json
 *   node --import tsx bench/algos/same-numbers.ts --compare before.json after.json
 * `--src` points at another copy of the sources (default: this tree's); exit status 1 when a
 * comparison differs.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const METHODS = ["ppo", "gasil", "bc", "sil", "survival"] as const;
const FIELDS = ["reports", "policies", "ppoState", "resumedReports", "resumedPolicies"] as const;

type Outcome = Record<(typeof FIELDS)[number], unknown>;

interface ReportLike {
  readonly iteration: number;
  readonly envSteps: number;
  readonly seeds: readonly { readonly finite: boolean; readonly diagnostics: Record<string, number> }[];
}
interface TrainerLike {
  readonly done: boolean;
  runIteration(): Promise<ReportLike>;
  checkpoint(): { readonly ppo: unknown };
  exportPolicies(): unknown[];
  dispose(): void;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}

/** The reproducible part of a report (wall times and phase timings differ between runs by nature). */
function numbers(r: ReportLike): unknown {
  return { iteration: r.iteration, envSteps: r.envSteps, seeds: r.seeds };
}

/** JSON with NaN kept distinguishable from null. */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_, v: unknown) => (typeof v === "number" && Number.isNaN(v) ? "NaN" : v));
}

async function train(src: string): Promise<Record<string, Outcome>> {
  const trainerModule = await import(path.join(src, "algos/trainer"));
  const { initBackend } = await import(path.join(src, "core/backend"));
  await initBackend("wasm");
  const create = trainerModule.createTrainer as (config: unknown, seeds: number[]) => Promise<TrainerLike>;
  const restore = trainerModule.restoreTrainer as (ckpt: unknown) => Promise<TrainerLike>;
  const out: Record<string, Outcome> = {};
  for (const method of METHODS) {
    const config = trainerModule.resolveTrainConfig({
      method,
      envId: "Hopper-v4",
      envOptions: { delay: 20 },
      totalEnvSteps: 4 * 512,
      ppo: { stepsPerRollout: 512, numMinibatches: 8, updateEpochs: 3 },
      // Enough auxiliary work in 4 short iterations for every method's updates to run.
      ...(method === "gasil" ? { gasil: { discriminatorUpdates: 3 } } : {}),
      ...(method === "sil" ? { sil: { minBufferSize: 50 } } : {}),
    });
    const straight = await create(config, [0, 3]);
    const reports: unknown[] = [];
    while (!straight.done) reports.push(numbers(await straight.runIteration()));
    const policies = straight.exportPolicies();
    const ppoState = straight.checkpoint().ppo;
    straight.dispose();
    const first = await create(config, [0, 3]);
    const resumedReports = [numbers(await first.runIteration()), numbers(await first.runIteration())];
    const ckpt: unknown = JSON.parse(JSON.stringify(first.checkpoint()));
    first.dispose();
    const second = await restore(ckpt);
    while (!second.done) resumedReports.push(numbers(await second.runIteration()));
    const resumedPolicies = second.exportPolicies();
    second.dispose();
    out[method] = { reports, policies, ppoState, resumedReports, resumedPolicies };
  }
  return out;
}

function compare(aFile: string, bFile: string): boolean {
  const read = (f: string): Record<string, Outcome> => JSON.parse(fs.readFileSync(f, "utf8")) as Record<string, Outcome>;
  const a = read(aFile);
  const b = read(bFile);
  let ok = true;
  for (const method of METHODS) {
    for (const field of FIELDS) {
      const same = canonical(a[method]![field]) === canonical(b[method]![field]);
      ok &&= same;
      console.log(`${method.padEnd(9)} ${field.padEnd(16)} ${same ? "identical" : "DIFFERENT"}`);
    }
    for (const [name, side] of [
      [aFile, a],
      [bFile, b],
    ] as const) {
      const r = side[method]!;
      const same = canonical(r.reports) === canonical(r.resumedReports) && canonical(r.policies) === canonical(r.resumedPolicies);
      ok &&= same;
      console.log(`${method.padEnd(9)} resumed = straight in ${name}: ${same}`);
    }
  }
  console.log(ok ? "ALL IDENTICAL" : "SOME DIFFER");
  return ok;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--compare");
  if (i >= 0) {
    process.exitCode = compare(process.argv[i + 1]!, process.argv[i + 2]!) ? 0 : 1;
    return;
  }
  const src = path.resolve(__dirname, arg("src", "../../src"));
  const result = await train(src);
  fs.writeFileSync(arg("out", "same-numbers.json"), canonical(result));
}

void main();
