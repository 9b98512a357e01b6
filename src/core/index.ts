/** `gasil-kit/core`: seeded randomness, errors, backend selection. */
export { Rng } from "./rng";
export type { RngState } from "./rng";
export { softplus, sigmoid } from "./math";
export { ConfigError, EnvError, ShapeError, assert, describeValue } from "./errors";
export { initBackend, backendInfo, tfjsNodeInstalled, BACKEND_NAMES } from "./backend";
export type { BackendName, BackendInfo } from "./backend";
