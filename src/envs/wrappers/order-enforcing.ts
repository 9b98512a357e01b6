/**
 * OrderEnforcing (Gymnasium's `OrderEnforcing` plus its passive action checks): the outermost
 * wrapper of every `makeEnv` env. It throws an {@link EnvError}
 * - on `step` before the first `reset`, or after an episode ended (terminated or truncated)
 *   without a `reset` in between;
 * - on an action of the wrong length or with a non-finite entry;
 * - on any call after `close()`.
 */
import { EnvError } from "../../core/errors";
import type { Env, ResetOptions, ResetResult, StepResult } from "../env";
import { checkAction } from "../spaces";
import { Wrapper } from "./wrapper";

type Phase = "needs-reset" | "running" | "ended" | "closed";

export class OrderEnforcing extends Wrapper {
  private phase: Phase = "needs-reset";

  constructor(env: Env) {
    super(env);
  }

  override reset(options?: ResetOptions): ResetResult {
    if (this.phase === "closed") throw new EnvError(`${this.env.id}: reset() after close(); create a new env`);
    const result = this.env.reset(options);
    this.phase = "running";
    return result;
  }

  override step(action: ArrayLike<number>): StepResult {
    if (this.phase !== "running") {
      const why =
        this.phase === "needs-reset"
          ? "step() called before reset(); call reset() first"
          : this.phase === "ended"
            ? "step() called after the episode ended (terminated or truncated); call reset() before stepping again"
            : "step() after close(); create a new env";
      throw new EnvError(`${this.env.id}: ${why}`);
    }
    checkAction(this.env.actionSpace, action, this.env.id);
    const result = this.env.step(action);
    if (result.terminated || result.truncated) this.phase = "ended";
    return result;
  }

  override close(): void {
    if (this.phase === "closed") return;
    this.phase = "closed";
    this.env.close();
  }

  protected label(): string {
    return "OrderEnforcing";
  }
}
