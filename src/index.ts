/**
 * `gasil-kit`: Generative Adversarial Self-Imitation Learning reproduced in TypeScript.
 * Subpath entries: `gasil-kit/core`, `gasil-kit/envs`, `gasil-kit/nn`, `gasil-kit/algos`,
 * `gasil-kit/experiments`, `gasil-kit/analysis`, `gasil-kit/plots`, `gasil-kit/theory`.
 */
export { Rng, ConfigError, EnvError, ShapeError, initBackend, backendInfo } from "./core/index";
export type { RngState, BackendName, BackendInfo } from "./core/index";
