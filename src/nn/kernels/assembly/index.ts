// Entry of the WebAssembly module built from this folder (see src/nn/kernels/build.ts). No
// allocator runs in here: the TypeScript wrapper lays out all buffers above `heapBase()`.

export { adamUpdate, sumSquares } from "./adam";
export { columnSums, gemm, gemmDot, tanhBackward, tanhInPlace, transpose } from "./gemm";
export { backward, forward } from "./mlp";

/** First byte of linear memory free for the wrapper's arena (after static data). */
export function heapBase(): usize {
  return __heap_base;
}
