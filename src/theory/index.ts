/**
 * `gasil-kit/theory`: the exact small problems, estimators and checks behind notebooks
 * 01-policy-gradient (labels PG.n) and 02-gan-to-gasil (labels GASIL.n).
 */
export { checkClose, checkThat, maxAbsDiff, norm2, linearFit, logLogSlope, meanAndStderr, isMonotone, mean } from "./checks";
export type { CloseTolerance } from "./checks";
export {
  validateMdp,
  demoMdp,
  demoLogits,
  softmaxPolicy,
  exactValues,
  exactReturn,
  stateDistributions,
  exactGradient,
  autodiffReturnGradient,
  finiteDifferenceGradient,
  enumerateTrajectories,
  sampleTrajectories,
  trajectoryReturn,
  trajectoryLogProb,
  weightedScore,
  exactMoments,
  sampleMoments,
  expectation,
} from "./tabular-mdp";
export type { TabularMdp, Trajectory, ExactValues, EstimatorMoments } from "./tabular-mdp";
export {
  valueTable,
  totalReturnEstimator,
  rewardToGoEstimator,
  baselineEstimator,
  gaeEstimator,
  monteCarloErrorCurve,
  advantageSweep,
  exactCritic,
  batchBaselineExperiment,
} from "./estimators";
export type { GradientEstimator, ValueTable, ErrorCurve, SweepRow, BatchBaselineResult } from "./estimators";
export { generalizedAdvantages, advantagesBySum, rewardsToGo, tdResiduals } from "./gae-bridge";
export { gaussianQuadrature, gaussianScore, gaussianPolicyGradient } from "./gaussian-policy";
export type { GaussianQuadrature } from "./gaussian-policy";
export { trajectoryRatio, exactScalarMoments, importanceSamplingSweep, gaussianWeightVariance, sampleGaussianWeights } from "./importance";
export type { ScalarMoments, ImportanceRow } from "./importance";
export { clippedSurrogateObjective, clippedValueLoss, compareTrainingLoss } from "./ppo-bridge";
export type { TrainingLossComparison } from "./ppo-bridge";
export { clippedSurrogateCurve, clippedValueLossCurve, surrogateAscent } from "./ppo-surrogate";
export type { SurrogateCurve, SurrogateAscentOptions, SurrogateAscentTrace } from "./ppo-surrogate";
export {
  softplus,
  sigmoid,
  discriminatorLogTerms,
  discriminatorCrossEntropy,
  gaussianPdf,
  pairDensity,
  pairGrid,
  optimalDiscriminator,
  discriminatorObjective,
  jensenShannon,
  gridMass,
  trainPairDiscriminator,
  gridSlice,
  weightedDiscriminatorError,
  discriminatorLogLikelihood,
} from "./gan";
export type { PairGaussian, PairGrid, TrainPairDiscriminatorOptions, TrainedPairDiscriminator } from "./gan";
export {
  pairPolicy,
  discreteJensenShannon,
  discreteDiscriminatorObjective,
  discreteOptimalDiscriminator,
  gasilObjectiveAtOptimum,
  scoreGradient,
  combinedOptimumSweep,
  imitateBuffer,
  pairExpectation,
  gasilObjectiveAutodiffGradient,
} from "./discrete-gasil";
export type { AlphaRow } from "./discrete-gasil";
export { SELF_IMITATION_DEMO_DEFAULTS, runSelfImitationDemo, compareSelfImitation, summarizeComparison, alphaSweep } from "./self-imitation-demo";
export type { SelfImitationDemoOptions, SelfImitationRun, DemoComparison, DemoSummary, AlphaSweepRow } from "./self-imitation-demo";
