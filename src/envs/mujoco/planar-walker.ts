/**
 * Shared step logic of the two planar walkers, `Hopper-v4` and `Walker2d-v4` (docs/tasks.md#hopper
 * and docs/tasks.md#walker2d state the same rules): observation = `qpos[1..]` (or all of `qpos`) then `qvel` clipped to
 * [−10, 10]; reward = forwardRewardWeight · ẋ + healthyReward − ctrlCostWeight · Σ aᵢ², the healthy
 * reward paid on every step when `terminateWhenUnhealthy` (v4, including the terminating step);
 * terminated = `terminateWhenUnhealthy && !healthy`. Each task supplies its own health test.
 */
import type { StepInfo } from "../env";
import { clip, MujocoEnv, type StepOutcome } from "./mujoco-env";

/** The options both walkers read in their step (v4 names in camelCase). */
export interface PlanarWalkerOptions {
  readonly forwardRewardWeight: number;
  readonly ctrlCostWeight: number;
  readonly healthyReward: number;
  readonly terminateWhenUnhealthy: boolean;
  readonly excludeCurrentPositionsFromObservation: boolean;
}

/** Base of {@link HopperEnv} and {@link Walker2dEnv}: everything but the health test. */
export abstract class PlanarWalkerEnv extends MujocoEnv {
  abstract readonly options: PlanarWalkerOptions;

  /** The task's v4 health test (strict inequalities; NaN is unhealthy). */
  abstract isHealthy(): boolean;

  protected readPosition(out: Float64Array): void {
    out[0] = this.sim.qpos[0]!;
  }

  protected writeObservation(out: Float64Array, offset: number): void {
    const qpos = this.sim.qpos;
    const qvel = this.sim.qvel;
    let k = offset;
    for (let i = this.options.excludeCurrentPositionsFromObservation ? 1 : 0; i < qpos.length; i++) out[k++] = qpos[i]!;
    for (let i = 0; i < qvel.length; i++) out[k++] = clip(qvel[i]!, -10, 10);
  }

  protected evaluateStep(action: ArrayLike<number>, velocity: Float64Array, position: Float64Array): StepOutcome {
    const o = this.options;
    const xVelocity = velocity[0]!;
    const ctrlCost = o.ctrlCostWeight * MujocoEnv.sumOfSquares(action);
    const forwardReward = o.forwardRewardWeight * xVelocity;
    const healthy = this.isHealthy();
    const healthyReward = healthy || o.terminateWhenUnhealthy ? o.healthyReward : 0;
    const reward = forwardReward + healthyReward - ctrlCost;
    const info: StepInfo = {
      xPosition: position[0]!,
      xVelocity,
      rewardForward: forwardReward,
      rewardCtrl: -ctrlCost,
      rewardSurvive: healthyReward,
    };
    return { reward, terminated: o.terminateWhenUnhealthy && !healthy, info };
  }
}
