/**
 * A stopwatch that charges wall-clock time to named phases — the one timer of the training loop
 * (the phase breakdown of `bench/algos/throughput.ts` comes from it).
 *
 * Used lap by lap: {@link PhaseClock.start} sets the mark, each {@link PhaseClock.lap} charges the
 * time since the mark to a phase and moves the mark, so consecutive phases cost one clock read
 * each. Time between a lap and the next `start` is charged to no phase (it shows as "other").
 *
 * @example
 * const clock = new PhaseClock(["env", "policy"] as const);
 * clock.start();
 * const action = policy(obs);
 * clock.lap("policy");
 * env.step(action);
 * clock.lap("env");
 * console.log(clock.seconds.env);
 */
export class PhaseClock<Phase extends string> {
  /** Seconds charged to each phase since construction or the last {@link reset}. */
  readonly seconds: Record<Phase, number>;
  /** Phase names (typed as strings so that a clock of more phases fits where fewer are asked). */
  private readonly phases: readonly string[];
  private mark = 0;

  constructor(phases: readonly Phase[]) {
    this.phases = [...phases];
    this.seconds = {} as Record<Phase, number>;
    this.reset();
  }

  /** Zero every phase. */
  reset(): void {
    for (const phase of this.phases) (this.seconds as Record<string, number>)[phase] = 0;
  }

  /** Set the mark to now (the time since the last lap is charged to no phase). */
  start(): void {
    this.mark = performance.now();
  }

  /** Charge the time since the mark to `phase`, and set the mark to now. */
  lap(phase: Phase): void {
    const now = performance.now();
    this.seconds[phase] += (now - this.mark) / 1000;
    this.mark = now;
  }

  /** A copy of the accumulated seconds. */
  snapshot(): Record<Phase, number> {
    return { ...this.seconds };
  }
}
