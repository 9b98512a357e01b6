/** `gasil-kit/nn`: the networks of a population of seeds (one seed-major weight memory, per-seed views and kernel calls), Gaussian policy math, optimiser. */

export type { ActorCriticLayout, ActorCriticNetsOptions, ActorCriticOutputs, ActorCriticSpec, ForwardParts } from "./actor-critic";
export {
  ActorCriticNets,
  actorCriticForward,
  actorCriticLayout,
  actorCriticNets,
  initActorCriticParams,
  logStdRow,
  readLogStd,
  SeedNets,
} from "./actor-critic";
export { gaussianEntropy, gaussianEntropyArray, gaussianLogProb, gaussianLogProbArray, HALF_LOG_2PI } from "./diag-gaussian";
export type { DiscriminatorDiagnostics, DiscriminatorOptions, DiscriminatorState } from "./discriminator";
export { Discriminator } from "./discriminator";
export { orthogonalMatrix } from "./init";
export type { AdamConfig, PopulationAdamState, PopulationOptimizer } from "./optim";
export { KernelPopulationAdam, PopulationAdam } from "./optim";
export type { ParamBlock, SeedMlpGradientOptions, SeedMlpSet, SeedOutputLoss } from "./seed-mlp";
export { SeedMlpGradient } from "./seed-mlp";
