/** `gasil-kit/core`: seeded randomness, errors, backend selection. */

export type { BackendInfo, BackendName } from "./backend";
export { BACKEND_NAMES, backendInfo, initBackend, tfjsNodeInstalled } from "./backend";
export { assert, ConfigError, describeValue, EnvError, ShapeError } from "./errors";
export { decodeFloat32, decodeFloat64, encodeFloat32, encodeFloat64, encodeFloats } from "./float-codec";
export { sigmoid, softplus } from "./math";
export { PhaseClock } from "./phase-clock";
export type { RngState } from "./rng";
export { Rng } from "./rng";
export { isPlainObject } from "./validate";
