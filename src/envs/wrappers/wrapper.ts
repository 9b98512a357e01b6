/**
 * Base class of the env wrappers (Gymnasium's `Wrapper`): forwards everything to the inner env.
 * A subclass overrides `reset` and/or `step` and names itself; the chain prints as
 * `Outer<Inner<…<Task-id>>>`, with a wrapper's settings in parentheses, e.g.
 * `DelayedReward(delay=20)<EpisodeStatistics<TimeLimit(1000)<Hopper-v4>>>`.
 *
 * Info objects: a wrapper may add fields to the `info` object it receives from the inner env.
 * That is safe because every env returns a fresh `info` object per `reset`/`step`, owned by the
 * caller (the env contract); a raw env must never reuse one.
 */
import type { BoxSpace, Env, ResetOptions, ResetResult, StepResult } from "../env";

/** Forwarding base class. */
export abstract class Wrapper implements Env {
  /** The wrapped env. */
  readonly env: Env;

  constructor(env: Env) {
    this.env = env;
  }

  get id(): string {
    return this.env.id;
  }

  get observationSpace(): BoxSpace {
    return this.env.observationSpace;
  }

  get actionSpace(): BoxSpace {
    return this.env.actionSpace;
  }

  reset(options?: ResetOptions): ResetResult {
    return this.env.reset(options);
  }

  step(action: ArrayLike<number>): StepResult {
    return this.env.step(action);
  }

  close(): void {
    this.env.close();
  }

  /** Name of this wrapper with its settings, e.g. `TimeLimit(1000)`. */
  protected abstract label(): string;

  toString(): string {
    return `${this.label()}<${this.env.toString()}>`;
  }

  /** The innermost (raw) env of a chain. */
  get unwrapped(): Env {
    let env: Env = this.env;
    while (env instanceof Wrapper) env = env.env;
    return env;
  }
}
