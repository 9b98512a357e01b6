/** `gasil-kit/nn`: population-batched networks, Gaussian policy math, optimiser. */
export {
  actorCriticLayout,
  initActorCriticParams,
  actorCriticForward,
  actorCriticForwardArray,
  createForwardScratch,
  readLogStd,
  actorCriticNets,
  allocateSeedNets,
  gatherSeedNets,
  seedNetsForward,
  seedNetsBackward,
} from "./actor-critic";
export type { ActorCriticSpec, ActorCriticLayout, ActorCriticOutputs, ForwardParts, ForwardScratch, ParamBlock, SeedNets, NetBuffers, SeedNetsForward, SeedMlpSet } from "./actor-critic";
export { orthogonalMatrix } from "./init";
export { gaussianLogProb, gaussianEntropy, gaussianLogProbArray, gaussianEntropyArray, HALF_LOG_2PI } from "./diag-gaussian";
export { PopulationAdam, clipByGlobalNormPerSeed } from "./optim";
export type { AdamConfig, AdamStepResult, PopulationAdamState } from "./optim";
export { Discriminator } from "./discriminator";
export type { DiscriminatorOptions, DiscriminatorDiagnostics, DiscriminatorState } from "./discriminator";
