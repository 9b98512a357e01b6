/**
 * `gasil-kit`: Generative Adversarial Self-Imitation Learning reproduced in TypeScript.
 *
 * The most used entry points are re-exported here; each area has its own subpath entry with the
 * full list: `gasil-kit/core`, `gasil-kit/envs`, `gasil-kit/nn`, `gasil-kit/algos`,
 * `gasil-kit/experiments`, `gasil-kit/analysis`, `gasil-kit/plots`, `gasil-kit/theory`.
 */

export { createTrainer, resolveTrainConfig, restoreTrainer } from "./algos/index";
export { analyzeResults, loadResults } from "./analysis/index";
export type { BackendInfo, BackendName, RngState } from "./core/index";
export { backendInfo, ConfigError, EnvError, initBackend, Rng, ShapeError } from "./core/index";
export { listEnvs, makeEnv, makeVectorEnv } from "./envs/index";
export { runPreset } from "./experiments/index";
export { buildFigure6, buildFigure7, display, figureHtml } from "./plots/index";
