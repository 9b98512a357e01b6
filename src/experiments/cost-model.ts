/**
 * How long a run takes: an estimate of its CPU time on the project's development machine (one
 * core of a shared 2-core AMD EPYC, WebAssembly backend), built from measured rates.
 *
 * CPU-seconds of a run = seeds × env steps × (learner's cost per step + simulator's cost per step)
 * + GASIL's discriminator Adam steps × their cost. Sources, all on that machine, with the networks
 * on the WebAssembly SIMD kernels (src/nn/kernels, commit dc95b31; BC and SIL recalibrated at 61b5a15):
 * - simulator steps per CPU-second per task: `bench/RESULTS.md`, "Envs", our single-env column;
 * - everything else from the CPU seconds of the quick runs trained at dc95b31
 *   (`data/quick/runs/<id>/metadata.json`; 3 seeds × 40,960 steps each), minus the simulator:
 *   PPO's own work (rollout inference, update, bookkeeping) 4.3–5.2·10⁻⁵ s per step on the three
 *   tasks;
 * - PPO+BC's and PPO+SIL's auxiliary updates (on the kernels since commit f49a5fc): the method
 *   phase of `bench/algos/throughput.ts --method bc|sil --population 5` (0.13–0.16 s and 0.19–0.22 s
 *   per 2 iterations of 5 × 2048 steps, `bench/RESULTS.md`, "One seed in the algorithm"), i.e.
 *   ≈ 7·10⁻⁶ and 1.0·10⁻⁵ s per step; the quick runs retrained at 61b5a15 agree within their noise
 *   (BC and SIL cost −2·10⁻⁵ to +2·10⁻⁵ s per step more than PPO on the same task, under load);
 * - one discriminator Adam step (64 + 64 pairs through the 100–100 MLP, forward, backward, Adam):
 *   the slope between the M = 1 and M = 50 runs of Figure 7 (23 and 1,150 steps per iteration),
 *   3.6·10⁻⁴ s.
 * Checked against the committed runs (`gasil-kit presets` prints both where data exist; a test
 * bounds every quick run's ratio).
 */
import { getPath, type PlannedRun } from "./config";

/** Simulator env steps per CPU-second, single env (`bench/RESULTS.md`, "Envs"). */
const SIMULATOR_STEPS_PER_CPU_SECOND: Readonly<Record<string, number>> = {
  "HalfCheetah-v4": 31_693,
  "Hopper-v4": 13_869,
  "Walker2d-v4": 9_118,
  "Swimmer-v4": 23_121,
  "Ant-v4": 4_263,
  "Humanoid-v4": 4_160,
  "PointMass-v0": 1_000_000,
};

/** PPO's own CPU seconds per env step (everything but the simulator). */
const PPO_SECONDS_PER_STEP = 4.7e-5;

/** Extra CPU seconds per env step that a learner adds to PPO (discriminator excluded). */
const METHOD_EXTRA_SECONDS_PER_STEP: Readonly<Record<string, number>> = {
  ppo: 0,
  survival: 0,
  bc: 7e-6,
  sil: 1e-5,
  gasil: 5e-6, // the bonus: one forward pass of D over the rollout, buffer bookkeeping
};

/** CPU seconds of one discriminator Adam step on 64 + 64 pairs. */
const DISCRIMINATOR_STEP_SECONDS = 3.6e-4;

/**
 * A full-batch discriminator step (schedule `"steps"`, batch null) costs about as much as this
 * many 64 + 64-pair steps per 128 pairs it holds (measured before the kernels: the full-batch
 * reading ran at 1,731 env steps per CPU-second against 1,744 for the passes reading,
 * `bench/RESULTS.md`; not remeasured since).
 */
const FULL_BATCH_EFFICIENCY = 0.7;

function numberAt(train: unknown, dotted: string, fallback: number): number {
  const v = getPath(train, dotted);
  return typeof v === "number" ? v : fallback;
}

/** Discriminator Adam-step equivalents per seed and iteration once the buffer is full. */
function discriminatorStepsPerIteration(run: PlannedRun): number {
  const rollout = numberAt(run.train, "ppo.stepsPerRollout", 2048);
  const updates = numberAt(run.train, "gasil.discriminatorUpdates", 20);
  const capacity = numberAt(run.train, "gasil.bufferCapacity", 1000);
  const unit = getPath(run.train, "gasil.bufferUnit");
  const bufferPairs = unit === "trajectories" ? capacity * 1000 : capacity; // episodes of ≤ 1000 steps
  if (getPath(run.train, "gasil.discriminatorSchedule") === "steps") {
    const batch = getPath(run.train, "gasil.discriminatorBatchSize");
    const pairs = typeof batch === "number" ? 2 * batch : 2 * rollout;
    return updates * Math.max(1, (pairs / 128) * FULL_BATCH_EFFICIENCY);
  }
  const batch = numberAt(run.train, "gasil.discriminatorBatchSize", 64);
  return updates * Math.max(1, Math.floor((rollout + bufferPairs) / (2 * batch)));
}

/** Estimated CPU seconds per env step of one seed of `run`. */
export function estimatedSecondsPerStep(run: PlannedRun): number {
  const simulator = 1 / (SIMULATOR_STEPS_PER_CPU_SECOND[run.task] ?? 4_000);
  let seconds = PPO_SECONDS_PER_STEP + simulator + (METHOD_EXTRA_SECONDS_PER_STEP[run.method] ?? 1e-4);
  if (run.method === "gasil") {
    const rollout = numberAt(run.train, "ppo.stepsPerRollout", 2048);
    seconds += (discriminatorStepsPerIteration(run) * DISCRIMINATOR_STEP_SECONDS) / rollout;
  }
  return seconds;
}

/** Estimated CPU seconds of the whole run (all its seeds, from scratch). */
export function estimatedRunCpuSeconds(run: PlannedRun): number {
  return run.seeds.length * run.train.totalEnvSteps * estimatedSecondsPerStep(run);
}

/**
 * Wall seconds of a list of jobs on `workers` workers that each take the next job in order when
 * they become free (the pool's schedule), one core per worker.
 */
export function scheduledWallSeconds(jobSeconds: readonly number[], workers: number): number {
  const free = new Array<number>(Math.max(1, workers)).fill(0);
  for (const seconds of jobSeconds) {
    let next = 0;
    for (let w = 1; w < free.length; w++) if (free[w]! < free[next]!) next = w;
    free[next]! += seconds;
  }
  return Math.max(...free);
}

/**
 * The order in which the pool trains runs: by study, in the order the sweep lists its studies (so
 * a preset puts what matters most first), then the most expensive first within a study (which
 * balances the workers), then manifest order.
 */
export function scheduleOrder<T extends { run: PlannedRun; cost: number }>(jobs: readonly T[]): T[] {
  const studyRank = new Map<string, number>();
  for (const { run } of [...jobs].sort((a, b) => a.run.index - b.run.index)) {
    if (!studyRank.has(run.study)) studyRank.set(run.study, studyRank.size);
  }
  return [...jobs].sort(
    (a, b) => studyRank.get(a.run.study)! - studyRank.get(b.run.study)! || b.cost - a.cost || a.run.index - b.run.index,
  );
}
