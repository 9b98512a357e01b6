/**
 * ClipAction (Gymnasium's): clips every action to the action space's bounds before the inner
 * env sees it. The advertised action space stays the inner one (its bounds are what the clip
 * uses). Not part of the paper's pipeline (PPO sends unclipped actions; the MuJoCo tasks' control
 * cost uses them raw); `makeEnv(id, { clipActions: true })` adds it.
 */
import type { Env, StepResult } from "../env";
import { clipToBox } from "../spaces";
import { Wrapper } from "./wrapper";

export class ClipAction extends Wrapper {
  constructor(env: Env) {
    super(env);
  }

  override step(action: ArrayLike<number>): StepResult {
    const space = this.env.actionSpace;
    return this.env.step(clipToBox(space, action, new Float64Array(space.low.length)));
  }

  protected label(): string {
    return "ClipAction";
  }
}
