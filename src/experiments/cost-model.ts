/**
 * How long a run takes: an estimate of its CPU time on the project's development machine (one
 * core of a shared 2-core AMD EPYC, WebAssembly backend), built from measured rates.
 *
 * CPU-seconds of a run = seeds × env steps × (learner's cost per step + simulator's cost per step)
 * + GASIL's discriminator Adam steps × their cost. Sources, all on that machine:
 * - simulator steps per CPU-second per task: `bench/RESULTS.md`, "Envs", our single-env column;
 * - PPO apart from the simulator: PPO at population 10 on delayed Hopper ran 3,923 env steps per
 *   CPU-second (`bench/RESULTS.md`, "GASIL's discriminator schedules"), of which 1/13,869 s per step
 *   is the simulator → 1.83·10⁻⁴ s per step for rollout inference, the update and bookkeeping;
 * - PPO+BC and PPO+SIL relative to PPO: the CPU seconds of the committed quick runs at commit
 *   82958e7 (`data/quick/runs/<id>/metadata.json`, same tasks, same seeds): BC 1.12–1.21 × PPO,
 *   SIL 1.56–1.82 × PPO per run, i.e. about +4.5·10⁻⁵ s and +1.7·10⁻⁴ s per step;
 * - one discriminator Adam step (64 + 64 pairs through the 100–100 MLP, forward, backward, Adam):
 *   6.9 s per iteration for 10 seeds at ≈ 460 steps each (`bench/RESULTS.md`) → 1.5·10⁻³ s.
 * Checked against the committed runs (`gasil-kit presets` prints both where data exist): the
 * model is within about 15 % of the measured CPU time of the quick and gasil-evidence runs.
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

/** PPO's own CPU seconds per env step (everything but the simulator), population 10. */
const PPO_SECONDS_PER_STEP = 1 / 3_923 - 1 / 13_869;

/** Extra CPU seconds per env step that a learner adds to PPO (discriminator excluded). */
const METHOD_EXTRA_SECONDS_PER_STEP: Readonly<Record<string, number>> = {
  ppo: 0,
  survival: 0,
  bc: 4.5e-5,
  sil: 1.7e-4,
  gasil: 1.5e-5, // the bonus: one forward pass of D over the rollout
};

/** CPU seconds of one discriminator Adam step on 64 + 64 pairs. */
const DISCRIMINATOR_STEP_SECONDS = 1.5e-3;

/**
 * A full-batch discriminator step (schedule `"steps"`, batch null) costs about as much as this
 * many 64 + 64-pair steps per 128 pairs it holds (measured: the full-batch reading ran at 1,731
 * env steps per CPU-second against 1,744 for the passes reading, `bench/RESULTS.md`).
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
