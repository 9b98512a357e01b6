/**
 * Test helper: run `gasil-kit sweep` as a subprocess, SIGKILL it at random moments (or shortly
 * after a checkpoint was written), rerun the same command until it finishes, and report where the
 * kills landed. Used by the experiment runner's resume tests.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Rng } from "../../src/core/rng";

export const ROOT = path.resolve(__dirname, "..", "..");
export const CLI = path.join(ROOT, "src", "experiments", "cli.ts");

/** Run the CLI through tsx and wait. */
export function cliSync(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], { cwd: ROOT, encoding: "utf8", env });
}

/** Newest checkpoint modification time (ms) among a sweep's runs, 0 when none. */
export function newestCheckpoint(dir: string): number {
  let newest = 0;
  const runs = path.join(dir, "runs");
  if (!fs.existsSync(runs)) return 0;
  for (const name of fs.readdirSync(runs)) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(runs, name, "checkpoint.json")).mtimeMs);
    } catch {
      // no checkpoint
    }
  }
  return newest;
}

export interface KillLoopResult {
  readonly finished: boolean;
  /** Human-readable kill points ("1234 ms, process group", "812 ms (checkpoint + 40 ms), pool only"). */
  readonly killPoints: readonly string[];
}

/**
 * Start `args` (a sweep command) repeatedly, killing the first `kills` attempts with SIGKILL:
 * odd attempts at a random moment in [5%, 40%] of `typicalMs` (start-up included), even attempts
 * 0–600 ms after this attempt's first checkpoint; either the whole process group or only the pool
 * process (whose workers must then stop by themselves).
 * Later attempts run to completion.
 */
export async function sweepWithKills(
  args: readonly string[],
  sweepDir: string,
  opts: { seed: number; kills: number; typicalMs: number; env?: NodeJS.ProcessEnv; maxAttempts?: number },
): Promise<KillLoopResult> {
  const rng = Rng.fromSeed(opts.seed);
  const killPoints: string[] = [];
  const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
  for (let attempt = 1; attempt <= (opts.maxAttempts ?? opts.kills + 4); attempt++) {
    const started = Date.now();
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      cwd: ROOT,
      env: opts.env ?? process.env,
      stdio: "ignore",
      detached: true, // own process group, so the whole job can be killed at once
    });
    let exitCode: number | null | undefined;
    const exited = new Promise<void>((resolve) =>
      child.on("exit", (code) => {
        exitCode = code;
        resolve();
      }),
    );
    if (attempt <= opts.kills) {
      const whole = rng.random() < 0.5;
      let label: string;
      if (attempt % 2 === 1) {
        const delay = Math.round(opts.typicalMs * (0.05 + 0.35 * rng.random()));
        await Promise.race([sleep(delay), exited]);
        label = `${delay} ms`;
      } else {
        const extra = rng.int(600);
        while (exitCode === undefined && newestCheckpoint(sweepDir) < started) await Promise.race([sleep(20), exited]);
        await Promise.race([sleep(extra), exited]);
        label = `${Date.now() - started} ms (checkpoint + ${extra} ms)`;
      }
      if (exitCode === undefined) {
        try {
          process.kill(whole ? -child.pid! : child.pid!, "SIGKILL");
          killPoints.push(`${label}, ${whole ? "process group" : "pool only"}`);
        } catch {
          // already gone
        }
      }
    }
    await exited;
    if (exitCode === 0) return { finished: true, killPoints };
  }
  return { finished: false, killPoints };
}
