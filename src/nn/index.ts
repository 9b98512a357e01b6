/** `gasil-kit/nn`: population-batched networks, Gaussian policy math, optimiser. */

export type {
  ActorCriticLayout,
  ActorCriticOutputs,
  ActorCriticSpec,
  ForwardParts,
  ForwardScratch,
  NetBuffers,
  ParamBlock,
  SeedMlpSet,
  SeedNets,
  SeedNetsForward,
} from "./actor-critic";
export {
  actorCriticForward,
  actorCriticForwardArray,
  actorCriticLayout,
  actorCriticNets,
  allocateSeedNets,
  createForwardScratch,
  gatherSeedNets,
  initActorCriticParams,
  readLogStd,
  seedNetsBackward,
  seedNetsForward,
} from "./actor-critic";
export { gaussianEntropy, gaussianEntropyArray, gaussianLogProb, gaussianLogProbArray, HALF_LOG_2PI } from "./diag-gaussian";
export type { DiscriminatorDiagnostics, DiscriminatorOptions, DiscriminatorState } from "./discriminator";
export { Discriminator } from "./discriminator";
export { orthogonalMatrix } from "./init";
export type { AdamConfig, AdamStepResult, PopulationAdamState } from "./optim";
export { clipByGlobalNormPerSeed, PopulationAdam } from "./optim";
