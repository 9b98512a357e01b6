/**
 * `gasil-kit/theory`: the exact small problems, estimators and checks behind notebooks
 * 01-policy-gradient (labels PG.n) and 02-gan-to-gasil (labels GASIL.n).
 */

export type { CloseTolerance } from "./checks";
export { checkClose, checkThat, isMonotone, linearFit, logLogSlope, maxAbsDiff, mean, meanAndStderr, norm2 } from "./checks";
export type { AlphaRow } from "./discrete-gasil";
export {
  combinedOptimumSweep,
  discreteDiscriminatorObjective,
  discreteJensenShannon,
  discreteOptimalDiscriminator,
  gasilObjectiveAtOptimum,
  gasilObjectiveAutodiffGradient,
  imitateBuffer,
  pairExpectation,
  pairPolicy,
  scoreGradient,
} from "./discrete-gasil";
export type { BatchBaselineResult, ErrorCurve, GradientEstimator, SweepRow, ValueTable } from "./estimators";
export {
  advantageSweep,
  baselineEstimator,
  batchBaselineExperiment,
  exactCritic,
  gaeEstimator,
  monteCarloErrorCurve,
  rewardToGoEstimator,
  totalReturnEstimator,
  valueTable,
} from "./estimators";
export { advantagesBySum, generalizedAdvantages, rewardsToGo, tdResiduals } from "./gae-bridge";
export type { PairGaussian, PairGrid, TrainedPairDiscriminator, TrainPairDiscriminatorOptions } from "./gan";
export {
  discriminatorCrossEntropy,
  discriminatorLogLikelihood,
  discriminatorLogTerms,
  discriminatorObjective,
  gaussianPdf,
  gridMass,
  gridSlice,
  jensenShannon,
  optimalDiscriminator,
  pairDensity,
  pairGrid,
  sigmoid,
  softplus,
  trainPairDiscriminator,
  weightedDiscriminatorError,
} from "./gan";
export type { GaussianQuadrature } from "./gaussian-policy";
export { gaussianPolicyGradient, gaussianQuadrature, gaussianScore } from "./gaussian-policy";
export type { ImportanceRow, ScalarMoments } from "./importance";
export { exactScalarMoments, gaussianWeightVariance, importanceSamplingSweep, sampleGaussianWeights, trajectoryRatio } from "./importance";
export type { TrainingLossComparison } from "./ppo-bridge";
export { clippedSurrogateObjective, clippedValueLoss, compareTrainingLoss } from "./ppo-bridge";
export type { SurrogateAscentOptions, SurrogateAscentTrace, SurrogateCurve } from "./ppo-surrogate";
export { clippedSurrogateCurve, clippedValueLossCurve, surrogateAscent } from "./ppo-surrogate";
export type { AlphaSweepRow, DemoComparison, DemoSummary, SelfImitationDemoOptions, SelfImitationRun } from "./self-imitation-demo";
export {
  alphaSweep,
  compareSelfImitation,
  runSelfImitationDemo,
  SELF_IMITATION_DEMO_DEFAULTS,
  summarizeComparison,
} from "./self-imitation-demo";
export type { EstimatorMoments, ExactValues, TabularMdp, Trajectory } from "./tabular-mdp";
export {
  autodiffReturnGradient,
  demoLogits,
  demoMdp,
  enumerateTrajectories,
  exactGradient,
  exactMoments,
  exactReturn,
  exactValues,
  expectation,
  finiteDifferenceGradient,
  sampleMoments,
  sampleTrajectories,
  softmaxPolicy,
  stateDistributions,
  trajectoryLogProb,
  trajectoryReturn,
  validateMdp,
  weightedScore,
} from "./tabular-mdp";
