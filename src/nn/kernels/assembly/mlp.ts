// Forward and backward passes of a population's MLPs, driven by a plan written by the TypeScript
// wrapper (src/nn/kernels/index.ts) into linear memory. One call covers every active seed and net,
// so a PPO minibatch or a rollout step costs one crossing from JavaScript.
//
// Nets: tanh hidden layers, linear output; weights `[in, out]` row-major and biases `[out]` at
// fixed offsets of each seed's flat parameter row (the layout of src/nn/actor-critic.ts).
//
// Plan (i32 words; pointers are byte addresses, offsets and sizes float32 elements):
//   header  0 nets, 1 S, 2 P, 3 inputDim, 4 maxBatch, 5 params, 6 grad, 7 input, 8 active (u8[S]),
//           9 scratch A, 10 scratch B, 11 scratch T, 16 + i: word index of net i's record
//   net     0 L, 1 outDim, 2 output, 3 dOutput, then per layer l: nIn, nOut, wOff, bOff, act
//           (act = buffer of the layer's tanh outputs `[S, maxBatch, nOut]`; unused for l = L − 1)
// Batch-dependent layouts: input `[S, B, inputDim]`, output and dOutput `[S, B, outDim]` are packed
// with the batch B of the call; activations are `[S, maxBatch, width]`.

import { ACT_NONE, ACT_TANH, columnSums, gemm, gemmDot, tanhBackward, transpose } from "./gemm";

const H_NETS = 0;
const H_S = 1;
const H_P = 2;
const H_IN = 3;
const H_MAXB = 4;
const H_PARAMS = 5;
const H_GRAD = 6;
const H_INPUT = 7;
const H_ACTIVE = 8;
const H_SA = 9;
const H_SB = 10;
const H_ST = 11;
const H_NET0 = 16;
const NET_LAYERS = 4;
const LAYER_WORDS = 5;

// @ts-ignore: decorator
@inline
function word(plan: usize, i: i32): i32 {
  return load<i32>(plan + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline
function ptr(plan: usize, i: i32): usize {
  return <usize>load<i32>(plan + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline
function f32At(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Layers with fewer outputs than one f32x4 use the dot-product form (see gemmDot). */
// @ts-ignore: decorator
@inline
function narrow(nOut: i32): bool {
  return nOut < 4;
}

/** Forward pass of every active seed's nets for a batch of B rows per seed. */
export function forward(plan: usize, B: i32): void {
  const nets = word(plan, H_NETS);
  const S = word(plan, H_S);
  const P = word(plan, H_P);
  const inDim = word(plan, H_IN);
  const maxB = word(plan, H_MAXB);
  const params = ptr(plan, H_PARAMS);
  const input = ptr(plan, H_INPUT);
  const active = ptr(plan, H_ACTIVE);
  const scratchT = ptr(plan, H_ST);
  for (let k = 0; k < S; k++) {
    if (load<u8>(active + <usize>k) == 0) continue;
    const row = k * P;
    for (let net = 0; net < nets; net++) {
      const rec = word(plan, H_NET0 + net);
      const L = word(plan, rec);
      const outDim = word(plan, rec + 1);
      let x = f32At(input, k * B * inDim);
      let ldx = inDim;
      for (let l = 0; l < L; l++) {
        const lw = rec + NET_LAYERS + l * LAYER_WORDS;
        const nIn = word(plan, lw);
        const nOut = word(plan, lw + 1);
        const w = f32At(params, row + word(plan, lw + 2));
        const bias = f32At(params, row + word(plan, lw + 3));
        const last = l == L - 1;
        const dst = last ? f32At(ptr(plan, rec + 2), k * B * outDim) : f32At(ptr(plan, lw + 4), k * maxB * nOut);
        const act = last ? ACT_NONE : ACT_TANH;
        if (narrow(nOut)) {
          transpose(scratchT, w, nIn, nOut);
          gemmDot(dst, nOut, x, ldx, scratchT, nIn, bias, B, nOut, nIn, act);
        } else {
          gemm(dst, nOut, x, ldx, 1, w, nOut, bias, B, nOut, nIn, act);
        }
        x = dst;
        ldx = nOut;
      }
    }
  }
}

/**
 * Backward pass after {@link forward} with the same B and parameters: from ∂L/∂output (dOutput,
 * `[S, B, outDim]` per net) writes ∂L/∂W and ∂L/∂b of every net block of every active seed into
 * grad (`[S, P]`); other entries of grad are left as they are.
 */
export function backward(plan: usize, B: i32): void {
  const nets = word(plan, H_NETS);
  const S = word(plan, H_S);
  const P = word(plan, H_P);
  const inDim = word(plan, H_IN);
  const maxB = word(plan, H_MAXB);
  const params = ptr(plan, H_PARAMS);
  const grad = ptr(plan, H_GRAD);
  const input = ptr(plan, H_INPUT);
  const active = ptr(plan, H_ACTIVE);
  const scratchA = ptr(plan, H_SA);
  const scratchB = ptr(plan, H_SB);
  const scratchT = ptr(plan, H_ST);
  for (let k = 0; k < S; k++) {
    if (load<u8>(active + <usize>k) == 0) continue;
    const row = k * P;
    for (let net = 0; net < nets; net++) {
      const rec = word(plan, H_NET0 + net);
      const L = word(plan, rec);
      const outDim = word(plan, rec + 1);
      // ∂L/∂Z of the current layer, row-major [B, nOut]; the output layer is linear.
      let dz = f32At(ptr(plan, rec + 3), k * B * outDim);
      for (let l = L - 1; l >= 0; l--) {
        const lw = rec + NET_LAYERS + l * LAYER_WORDS;
        const nIn = word(plan, lw);
        const nOut = word(plan, lw + 1);
        const wOff = row + word(plan, lw + 2);
        const gw = f32At(grad, wOff);
        const gb = f32At(grad, row + word(plan, lw + 3));
        // Input of layer l: the observations, or the previous layer's tanh outputs.
        const x = l == 0 ? f32At(input, k * B * inDim) : f32At(ptr(plan, lw - LAYER_WORDS + 4), k * maxB * nIn);
        // ∂W[i, j] = Σ_b X[b, i]·∂Z[b, j], summed over b in order in both forms.
        if (narrow(nOut)) {
          gemm(scratchT, nIn, dz, 1, nOut, x, nIn, 0, nOut, nIn, B, ACT_NONE); // ∂Wᵀ [nOut, nIn]
          transpose(gw, scratchT, nOut, nIn);
        } else {
          gemm(gw, nOut, x, 1, nIn, dz, nOut, 0, nIn, nOut, B, ACT_NONE); // Xᵀ·∂Z
        }
        columnSums(gb, dz, nOut, B, nOut);
        if (l > 0) {
          // ∂H = ∂Z·Wᵀ with Wᵀ materialised (rows contiguous for the broadcast kernel), then back
          // through tanh: ∂Z_{l−1} = ∂H ⊙ (1 − H²).
          transpose(scratchT, f32At(params, wOff), nIn, nOut);
          const dst = dz == scratchA ? scratchB : scratchA;
          gemm(dst, nIn, dz, nOut, 1, scratchT, nIn, 0, B, nIn, nOut, ACT_NONE);
          tanhBackward(dst, x, B * nIn);
          dz = dst;
        }
      }
    }
  }
}
