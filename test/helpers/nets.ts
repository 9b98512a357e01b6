/**
 * Actor-critic weights and nets for the algorithm tests: the nets of given weights on the network
 * kernels (to evaluate one observation as the trainer's rollouts do, or to train), and `[S, P]`
 * seed-major weights made from seeds.
 */
import { Rng } from "../../src/core/rng";
import { type ActorCriticLayout, ActorCriticNets, initActorCriticParams } from "../../src/nn/actor-critic";
import type { AdamConfig } from "../../src/nn/optim";

/** Nets holding a copy of `params` (`[S, P]`, S inferred); the optimiser is unused. */
export function netsFor(layout: ActorCriticLayout, params: Float32Array): ActorCriticNets {
  return new ActorCriticNets(layout, params.length / layout.numParams, {
    maxBatch: 1,
    adam: { learningRate: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: null },
    params,
  });
}

/** Nets holding a copy of `params` (`[S, P]`, S inferred) with Adam `adam`, for batches up to `maxBatch` rows. */
export function trainingNets(layout: ActorCriticLayout, params: Float32Array, maxBatch: number, adam: AdamConfig): ActorCriticNets {
  return new ActorCriticNets(layout, params.length / layout.numParams, { maxBatch, adam, params });
}

/** `[S, P]` initial weights, seed k's row from `Rng.fromSeed(seeds[k])` (as a trainer of that seed starts). */
export function seedParams(layout: ActorCriticLayout, seeds: readonly number[]): Float32Array {
  const out = new Float32Array(seeds.length * layout.numParams);
  for (const [k, s] of seeds.entries()) out.set(initActorCriticParams(layout, Rng.fromSeed(s)), k * layout.numParams);
  return out;
}

/**
 * `[S, P]` weights for gradient checks: seed k's initial weights from `rng.split(k)` plus 0.3·N(0, 1)
 * from `rng` on every entry — larger output weights than the 0.01 init, so that the action means
 * move away from 0 (z is not ≈ a, PPO's ratios move and clipping happens).
 */
export function perturbedParams(layout: ActorCriticLayout, numSeeds: number, rng: Rng): Float32Array {
  const P = layout.numParams;
  const out = new Float32Array(numSeeds * P);
  for (let k = 0; k < numSeeds; k++) {
    const p = initActorCriticParams(layout, rng.split(k));
    for (let i = 0; i < P; i++) p[i] += 0.3 * rng.normal();
    out.set(p, k * P);
  }
  return out;
}
