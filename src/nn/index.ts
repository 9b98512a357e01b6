/** `gasil-kit/nn`: population-batched networks, Gaussian policy math, optimiser. */

export type { ActorCriticLayout, ActorCriticOutputs, ActorCriticSpec, ForwardParts, ForwardScratch } from "./actor-critic";
export {
  actorCriticForward,
  actorCriticForwardArray,
  actorCriticLayout,
  actorCriticNets,
  createForwardScratch,
  initActorCriticParams,
  readLogStd,
} from "./actor-critic";
export { gaussianEntropy, gaussianEntropyArray, gaussianLogProb, gaussianLogProbArray, HALF_LOG_2PI } from "./diag-gaussian";
export type { DiscriminatorDiagnostics, DiscriminatorOptions, DiscriminatorState } from "./discriminator";
export { Discriminator } from "./discriminator";
export { orthogonalMatrix } from "./init";
export type { AdamConfig, PopulationAdamState } from "./optim";
export { PopulationAdam } from "./optim";
export type { NetBuffers, ParamBlock, SeedMlpSet, SeedNets, SeedNetsForward, SeedOutputLoss } from "./seed-mlp";
export { allocateSeedNets, gatherSeedNets, SeedMlpGradient, seedNetsBackward, seedNetsForward } from "./seed-mlp";
