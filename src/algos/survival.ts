/**
 * PPO + survival bonus — the control that separates GASIL's imitation from its reward bias.
 *
 * GASIL's bonus −α·log D is ≥ 0 at every step (GASIL.6), so it pays for every step an episode
 * lasts, whatever D has learned: on tasks that end when the body falls, part of any GASIL gain
 * can be a survival reward (the "reward bias" of adversarial imitation, Kostrikov et al., ICLR
 * 2019; docs/paper-protocol.md#reward-bias-of-the-bonus). This method is PPO plus exactly what GASIL would
 * pay with a discriminator that never learns (D = ½ everywhere): the constant α·log 2 per step,
 * added where GASIL adds its bonus, and nothing else — no buffer, no discriminator.
 *
 *   r^control_t = r_t + α·log 2·c_t,   c_t = 1 ("after-scaling") or the reward scaler's factor
 *                                        of step t ("before-scaling"), as in `gasil.ts` detail 5.
 *
 * If GASIL+PPO beats this control, the difference comes from what D learned; if it does not,
 * the survival bias explains GASIL's gain. Defaults mirror GASIL's (α = 0.1, after scaling), so
 * the control pays ≈ 0.069 per step. It consumes no random numbers: with the same seed its
 * rollouts equal PPO's until the bonus changes the policy.
 *
 * Logged (per seed): `survivalBonus` (mean reward added per step of the rollout).
 */
import { ConfigError, describeValue } from "../core/errors";
import { checkKeys, readEnum } from "./config";
import type { BonusPlacement } from "./gasil";
import { BONUS_PLACEMENTS, DEFAULT_GASIL_CONFIG } from "./gasil";
import type { Method, MethodHooks, SeedDiagnostics } from "./methods";
import type { Rollout } from "./shared/rollout-buffer";

/** Survival-bonus control settings: GASIL's α and bonus placement, and nothing else. */
export interface SurvivalConfig {
  /** GASIL's reward weight α; the bonus per step is α·log 2. Default: GASIL's (0.1). */
  readonly alpha: number;
  /** Where the bonus enters the reward, as GASIL's `bonusPlacement`. Default: GASIL's. */
  readonly bonusPlacement: BonusPlacement;
}

export const DEFAULT_SURVIVAL_CONFIG: SurvivalConfig = Object.freeze({
  alpha: DEFAULT_GASIL_CONFIG.alpha as number,
  bonusPlacement: DEFAULT_GASIL_CONFIG.bonusPlacement,
});

/**
 * Validate a partial control section and fill defaults.
 * @throws ConfigError naming `path.field` and the allowed values.
 */
export function resolveSurvivalConfig(raw: unknown, path = "survival"): SurvivalConfig {
  const o = checkKeys(raw, path, Object.keys(DEFAULT_SURVIVAL_CONFIG));
  const a = o["alpha"] ?? DEFAULT_SURVIVAL_CONFIG.alpha;
  if (typeof a !== "number" || !Number.isFinite(a) || a < 0) {
    throw new ConfigError(
      `${path}.alpha`,
      `got ${describeValue(a)}; allowed: a finite number ≥ 0 (GASIL's α; the bonus per step is α·log 2)`,
    );
  }
  return Object.freeze({
    alpha: a,
    bonusPlacement: readEnum(o, "bonusPlacement", path, DEFAULT_SURVIVAL_CONFIG.bonusPlacement, BONUS_PLACEMENTS),
  });
}

/**
 * Add α·log 2 (times the step's reward-scale factor when placed before scaling) to every step of
 * the rollout, in place.
 * @returns the diagnostics (`survivalBonus`: the mean bonus per step).
 */
export function addSurvivalBonus(rollout: Rollout, config: SurvivalConfig): SeedDiagnostics {
  const T = rollout.numSteps;
  const bonus = config.alpha * Math.LN2; // −α·log D at D = ½
  let sum = 0;
  for (let t = 0; t < T; t++) {
    const added = config.bonusPlacement === "before-scaling" ? bonus * rollout.rewardScales[t]! : bonus;
    rollout.rewards[t] = rollout.rewards[t]! + added;
    sum += added;
  }
  return { survivalBonus: sum / T };
}

/** PPO + survival bonus as a Trainer method. */
export const SURVIVAL_METHOD: Method<SurvivalConfig> = {
  resolveConfig: (raw, path) => resolveSurvivalConfig(raw, path),
  create(_agent, config: SurvivalConfig): MethodHooks {
    return { afterRollout: (rollout: Rollout): SeedDiagnostics => addSurvivalBonus(rollout, config) };
  },
};
