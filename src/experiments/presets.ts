/**
 * Named sweeps: `paper` (the full grid of the paper's Figures 6 and 7), `standard` (the paper's
 * budget on three tasks with 5 seeds), `quick` (the same figures shrunk to about a quarter hour on
 * two cores) and `gasil-evidence` (does GASIL imitate?).
 *
 * Where the numbers come from: delay d = 20 (docs/paper-protocol.md#delayed-reward), 10 runs per
 * curve and 10⁶ steps per run (docs/paper-protocol.md#budget-and-seeds), the six tasks
 * (docs/paper-protocol.md#q1-task-list), the Figure 7 study (docs/paper-protocol.md#figure-7-study).
 * Presets are plain data (valid {@link SweepConfig} JSON); `gasil-kit sweep --preset NAME` writes
 * them to `data/<NAME>/manifest.json`, and `presetConfig(name)` returns a copy to adapt.
 */
import { ConfigError } from "../core/errors";

/** The six delayed-reward MuJoCo tasks of Figure 6 (docs/paper-protocol.md#q1-task-list). */
export const FIGURE6_TASKS: readonly string[] = ["HalfCheetah-v4", "Hopper-v4", "Walker2d-v4", "Swimmer-v4", "Ant-v4", "Humanoid-v4"];
/** The four learners compared in Figure 6, and the survival-bonus control (`src/algos/survival.ts`). */
export const FIGURE6_METHODS = ["ppo", "gasil", "bc", "sil", "survival"] as const;
/** Reward delay of the paper's delayed tasks (steps). */
export const PAPER_DELAY = 20;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * `paper`: Figure 6 = 6 delayed tasks (d = 20) × {PPO, GASIL+PPO, PPO+BC, PPO+SIL, and the
 * survival-bonus control} × 10 seeds × 10⁶ steps (30 runs of 10 seeds, population-batched); Figure 7 = GASIL+PPO on delayed Hopper
 * and Walker2d, 10 seeds × 10⁶ steps, buffer size K ∈ {250, 1000, 4000, 16000} transitions and
 * discriminator updates M ∈ {1, 5, 20, 50} per iteration (docs/paper-protocol.md#figure-7-study), the other knobs at
 * their defaults. The default values (K = 1000, M = 20) are not trained twice: Figure 7 takes that
 * point from the Figure 6 GASIL+PPO runs of the same task (same config, same seeds, same budget).
 * 42 runs of 10 seeds, 4.2·10⁸ env steps in all: a cluster job (see
 * `gasil-kit sweep --preset paper --emit-slurm`).
 */
const PAPER = {
  name: "paper",
  description:
    "Figure 6: six delayed-reward MuJoCo tasks (delay 20) x {ppo, gasil, bc, sil, survival} x 10 seeds x 1e6 steps. " +
    "Figure 7: gasil on delayed Hopper and Walker2d, 10 seeds x 1e6 steps, buffer size {250, 1000, 4000, 16000} and discriminator updates {1, 5, 20, 50}.",
  checkpointEvery: 10,
  studies: [
    {
      name: "figure6",
      tasks: FIGURE6_TASKS,
      methods: FIGURE6_METHODS,
      seeds: range(10),
      totalEnvSteps: 1_000_000,
      envOptions: { delay: PAPER_DELAY },
    },
    {
      name: "figure7-bufferSize",
      tasks: ["Hopper-v4", "Walker2d-v4"],
      methods: ["gasil"],
      seeds: range(10),
      totalEnvSteps: 1_000_000,
      envOptions: { delay: PAPER_DELAY },
      vary: { parameter: "bufferSize", values: [250, 4000, 16000] },
    },
    {
      name: "figure7-discriminatorUpdates",
      tasks: ["Hopper-v4", "Walker2d-v4"],
      methods: ["gasil"],
      seeds: range(10),
      totalEnvSteps: 1_000_000,
      envOptions: { delay: PAPER_DELAY },
      vary: { parameter: "discriminatorUpdates", values: [1, 5, 50] },
    },
  ],
};

/** Environment steps per seed in the quick preset (20 PPO iterations of 2048). */
const QUICK_STEPS = 20 * 2048;

/**
 * `quick`: the same two figures, shrunk so that a newcomer sees real curves in one coffee break
 * (measured at commit 532947d: 8 min 10 s wall, 15.8 CPU-minutes, 2 workers on the project's
 * shared 2-core machine). What is cut:
 * - Figure 6: 3 of the 6 tasks — Hopper, Walker2d (early termination) and HalfCheetah (no
 *   termination) — × all 5 methods (the 4 of the paper and the survival-bonus control) × 3 seeds × 40,960 steps (20 PPO iterations of 2048; the paper:
 *   10 seeds × 10⁶ steps). Delay 20 as in the paper; PPO/GASIL settings unchanged. Ant, Humanoid
 *   (slowest simulators) and Swimmer are left to the `paper` preset.
 * - Figure 7: delayed Hopper, GASIL+PPO, 3 seeds × 40,960 steps; buffer size K ∈ {250, 4000} and
 *   discriminator updates M ∈ {1, 50}, plus the defaults (K = 1000, M = 20) taken from the
 *   Figure 6 GASIL+PPO Hopper runs.
 * At this budget PPO is early in learning, so orderings are noisy and may differ from the paper's;
 * the preset shows the whole pipeline end to end on real training.
 */
const QUICK = {
  name: "quick",
  description:
    "Quick look (~7 min on 2 cores): Figure 6 on delayed Hopper, Walker2d and HalfCheetah x {ppo, gasil, bc, sil, survival} x 3 seeds x 40,960 steps; " +
    "Figure 7 on delayed Hopper, gasil, 3 seeds x 40,960 steps, buffer size {250, 4000} and discriminator updates {1, 50} (+ defaults from Figure 6).",
  checkpointEvery: 4,
  studies: [
    {
      name: "figure6",
      tasks: ["Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"],
      methods: FIGURE6_METHODS,
      seeds: range(3),
      totalEnvSteps: QUICK_STEPS,
      envOptions: { delay: PAPER_DELAY },
    },
    {
      name: "figure7-bufferSize",
      tasks: ["Hopper-v4"],
      methods: ["gasil"],
      seeds: range(3),
      totalEnvSteps: QUICK_STEPS,
      envOptions: { delay: PAPER_DELAY },
      vary: { parameter: "bufferSize", values: [250, 4000] },
    },
    {
      name: "figure7-discriminatorUpdates",
      tasks: ["Hopper-v4"],
      methods: ["gasil"],
      seeds: range(3),
      totalEnvSteps: QUICK_STEPS,
      envOptions: { delay: PAPER_DELAY },
      vary: { parameter: "discriminatorUpdates", values: [1, 50] },
    },
  ],
};

/**
 * `standard`: Figures 6 and 7 at the paper's budget (10⁶ steps per run) on the three tasks the
 * quick preset covers, with 5 seeds instead of the paper's 10 (docs/paper-protocol.md#budget-and-seeds):
 * - Figure 6: delayed Hopper, Walker2d, HalfCheetah (d = 20) × {PPO, GASIL+PPO, PPO+BC, PPO+SIL,
 *   the survival-bonus control} × 5 seeds × 10⁶ steps; each (task, method) is one run of 5 seeds.
 * - Figure 7: delayed Hopper, GASIL+PPO, 5 seeds × 10⁶ steps, K ∈ {250, 4000, 16000} transitions
 *   and M ∈ {1, 5, 50} passes; the default point (K = 1000, M = 20) is the Figure 6 run. One run
 *   per seed (`seedsPerRun: 1`: a seed alone trains exactly as in a population), so that no run
 *   costs more than about 45 CPU-minutes — K = 16000 makes the discriminator pass over 18k pairs,
 *   ≈ 6× the default's work.
 * The studies run in this order (Figure 6 first), the most expensive runs first within a study.
 * `gasil-kit presets` prints the estimated CPU and wall time; the README gives the measured one.
 */
const STANDARD = {
  name: "standard",
  description:
    "Paper budget: Figure 6 on delayed Hopper, Walker2d and HalfCheetah (delay 20) x {ppo, gasil, bc, sil, survival} x 5 seeds x 1e6 steps; " +
    "Figure 7 on delayed Hopper, gasil, 5 seeds x 1e6 steps, buffer size {250, 4000, 16000} and discriminator updates {1, 5, 50} (+ defaults from Figure 6).",
  checkpointEvery: 10,
  policySaveEvery: 1_000_000, // final policies only: 105 seeds × ~90 KB (data/standard stays under ~25 MB)
  studies: [
    {
      name: "figure6",
      tasks: ["Hopper-v4", "Walker2d-v4", "HalfCheetah-v4"],
      methods: FIGURE6_METHODS,
      seeds: range(5),
      totalEnvSteps: 1_000_000,
      envOptions: { delay: PAPER_DELAY },
    },
    {
      name: "figure7-bufferSize",
      tasks: ["Hopper-v4"],
      methods: ["gasil"],
      seeds: range(5),
      seedsPerRun: 1,
      totalEnvSteps: 1_000_000,
      envOptions: { delay: PAPER_DELAY },
      vary: { parameter: "bufferSize", values: [250, 4000, 16000] },
    },
    {
      name: "figure7-discriminatorUpdates",
      tasks: ["Hopper-v4"],
      methods: ["gasil"],
      seeds: range(5),
      seedsPerRun: 1,
      totalEnvSteps: 1_000_000,
      envOptions: { delay: PAPER_DELAY },
      vary: { parameter: "discriminatorUpdates", values: [1, 5, 50] },
    },
  ],
};

/** Env steps per seed of the GASIL evidence sweep: 146 PPO iterations of 2048 = 299,008. */
const EVIDENCE_STEPS = 300_000;

/**
 * `gasil-evidence`: does GASIL imitate, or is its gain the survival bias of −log D ≥ 0? Delayed
 * Hopper (early termination: survival can pay) and delayed HalfCheetah (no early termination:
 * it cannot) × four learners × 5 seeds × 3·10⁵ steps: PPO; GASIL+PPO with the default
 * discriminator schedule (M = 20 passes of 64 + 64-pair minibatches, lr 2e-4); GASIL+PPO with the
 * kit's first reading (M = 20 full-batch Adam steps, lr 3e-4; study `evidence-fullbatch`); and the
 * survival-bonus control (PPO + α·log 2 per step). 3·10⁵ steps is an early read — the `standard`
 * preset answers at 10⁶. Each (task, learner) is one unit of 5 seeds. Measured: see notebook 03.
 */
const GASIL_EVIDENCE = {
  name: "gasil-evidence",
  description:
    "Does GASIL imitate? Delayed Hopper and HalfCheetah (delay 20) x {ppo, gasil (passes), gasil (full-batch steps), survival control} x 5 seeds x 3e5 steps.",
  checkpointEvery: 10,
  hyperparameters: {
    delay: "envOptions.delay",
    bufferSize: "gasil.bufferCapacity",
    discriminatorUpdates: "gasil.discriminatorUpdates",
    discriminatorSchedule: "gasil.discriminatorSchedule",
    alpha: "gasil.alpha",
  },
  studies: [
    {
      name: "evidence",
      tasks: ["Hopper-v4", "HalfCheetah-v4"],
      methods: ["ppo", "gasil", "survival"],
      seeds: range(5),
      totalEnvSteps: EVIDENCE_STEPS,
      envOptions: { delay: PAPER_DELAY },
    },
    {
      name: "evidence-fullbatch",
      tasks: ["Hopper-v4", "HalfCheetah-v4"],
      methods: ["gasil"],
      seeds: range(5),
      totalEnvSteps: EVIDENCE_STEPS,
      envOptions: { delay: PAPER_DELAY },
      train: { gasil: { discriminatorSchedule: "steps", discriminatorBatchSize: null, discriminatorLearningRate: 3e-4 } },
    },
  ],
};

const PRESETS: Readonly<Record<string, unknown>> = { quick: QUICK, standard: STANDARD, paper: PAPER, "gasil-evidence": GASIL_EVIDENCE };

/** Names of the built-in presets. */
export const PRESET_NAMES: readonly string[] = Object.keys(PRESETS);

/**
 * A fresh copy of a preset's sweep configuration (plain JSON; validate with `parseSweepConfig`).
 * @throws ConfigError naming the allowed presets.
 */
export function presetConfig(name: string): Record<string, unknown> {
  const preset = PRESETS[name];
  if (preset === undefined)
    throw new ConfigError("--preset", `unknown preset ${JSON.stringify(name)}; allowed: ${PRESET_NAMES.join(", ")}`);
  return JSON.parse(JSON.stringify(preset)) as Record<string, unknown>;
}
