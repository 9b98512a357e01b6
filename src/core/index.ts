/** `gasil-kit/core`: seeded randomness, errors, backend selection. */
export { Rng } from "./rng";
export type { RngState } from "./rng";
export { softplus, sigmoid } from "./math";
export { isPlainObject } from "./validate";
export { encodeFloats, encodeFloat32, encodeFloat64, decodeFloat32, decodeFloat64 } from "./float-codec";
export { ConfigError, EnvError, ShapeError, assert, describeValue } from "./errors";
export { initBackend, backendInfo, tfjsNodeInstalled, BACKEND_NAMES } from "./backend";
export type { BackendName, BackendInfo } from "./backend";
