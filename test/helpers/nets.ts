/**
 * The actor-critic of given weights on the network kernels, for tests that evaluate one
 * observation as the trainer's rollouts do (`ActorCriticNets.meanAndValue`).
 */
import { type ActorCriticLayout, ActorCriticNets } from "../../src/nn/actor-critic";

/** Nets holding a copy of `params` (`[S, P]`, S inferred); the optimiser is unused. */
export function netsFor(layout: ActorCriticLayout, params: Float32Array): ActorCriticNets {
  return new ActorCriticNets(layout, params.length / layout.numParams, {
    maxBatch: 1,
    adam: { learningRate: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: null },
    params,
  });
}
