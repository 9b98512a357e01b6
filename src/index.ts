/**
 * `gasil-kit`: Generative Adversarial Self-Imitation Learning reproduced in TypeScript.
 *
 * The most used entry points are re-exported here; each area has its own subpath entry with the
 * full list: `gasil-kit/core`, `gasil-kit/envs`, `gasil-kit/nn`, `gasil-kit/algos`,
 * `gasil-kit/experiments`, `gasil-kit/analysis`, `gasil-kit/plots`, `gasil-kit/theory`.
 */
export { Rng, ConfigError, EnvError, ShapeError, initBackend, backendInfo } from "./core/index";
export type { RngState, BackendName, BackendInfo } from "./core/index";
export { makeEnv, makeVectorEnv, listEnvs } from "./envs/index";
export { createTrainer, restoreTrainer, resolveTrainConfig } from "./algos/index";
export { runPreset } from "./experiments/index";
export { loadResults, analyzeResults } from "./analysis/index";
export { display, figureHtml, buildFigure6, buildFigure7 } from "./plots/index";
