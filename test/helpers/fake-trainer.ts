/**
 * A tiny deterministic stand-in for gasil-kit's trainer (the `Trainer` interface of `src/algos/trainer.ts`, as `src/experiments/trainer-api.ts` sees it),
 * used by the experiment runner's tests through `GASIL_TRAINER_MODULE=<this file>`.
 *
 * Each seed owns an Rng stream; an iteration "finishes" a few episodes whose returns follow a
 * noisy upward drift, keeps the last 100 returns (the paper's metric) and can be made to go
 * non-finite (`fake.nanSeed` at `fake.nanAtIteration`) or slow (`fake.iterationMs`). Its
 * checkpoint is the whole state, so restore + continue equals an uninterrupted run bit for bit.
 */
import { ConfigError, describeValue } from "../../src/core/errors";
import { Rng, type RngState } from "../../src/core/rng";

type Method = "ppo" | "gasil" | "bc" | "sil" | "survival";
const METHODS: readonly Method[] = ["ppo", "gasil", "bc", "sil", "survival"];

export interface FakeConfig {
  method: Method;
  envId: string;
  envOptions: Record<string, unknown>;
  totalEnvSteps: number;
  ppo: { stepsPerRollout: number };
  gasil: { bufferCapacity: number; discriminatorUpdates: number; alpha: number };
  fake: { iterationMs: number; nanSeed: number | null; nanAtIteration: number | null };
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ConfigError(path, `expected an object, got ${describeValue(v)}`);
  return v as Record<string, unknown>;
}

function num(v: unknown, path: string, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min)
    throw new ConfigError(path, `expected a number ≥ ${min}, got ${describeValue(v)}`);
  return v;
}

function only(o: Record<string, unknown>, keys: readonly string[], path: string): void {
  for (const k of Object.keys(o))
    if (!keys.includes(k)) throw new ConfigError(path === "" ? k : `${path}.${k}`, `unknown field; allowed: ${keys.join(", ")}`);
}

export function resolveTrainConfig(partial: unknown): FakeConfig {
  const p = obj(partial, "");
  only(p, ["method", "envId", "envOptions", "totalEnvSteps", "ppo", "gasil", "fake"], "");
  if (typeof p["method"] !== "string" || !METHODS.includes(p["method"] as Method)) {
    throw new ConfigError("method", `${describeValue(p["method"])} is not a method; allowed: ${METHODS.join(", ")}`);
  }
  if (typeof p["envId"] !== "string") throw new ConfigError("envId", `expected a string, got ${describeValue(p["envId"])}`);
  const ppo = obj(p["ppo"] ?? {}, "ppo");
  only(ppo, ["stepsPerRollout"], "ppo");
  const gasil = obj(p["gasil"] ?? {}, "gasil");
  only(gasil, ["bufferCapacity", "discriminatorUpdates", "alpha"], "gasil");
  const fake = obj(p["fake"] ?? {}, "fake");
  only(fake, ["iterationMs", "nanSeed", "nanAtIteration"], "fake");
  return {
    method: p["method"] as Method,
    envId: p["envId"],
    envOptions: { ...obj(p["envOptions"] ?? {}, "envOptions") },
    totalEnvSteps: num(p["totalEnvSteps"], "totalEnvSteps", 1000, 1),
    ppo: { stepsPerRollout: num(ppo["stepsPerRollout"], "ppo.stepsPerRollout", 64, 1) },
    gasil: {
      bufferCapacity: num(gasil["bufferCapacity"], "gasil.bufferCapacity", 1000, 1),
      discriminatorUpdates: num(gasil["discriminatorUpdates"], "gasil.discriminatorUpdates", 20, 1),
      alpha: num(gasil["alpha"], "gasil.alpha", 0.1),
    },
    fake: {
      iterationMs: num(fake["iterationMs"], "fake.iterationMs", 0),
      nanSeed: fake["nanSeed"] === undefined || fake["nanSeed"] === null ? null : num(fake["nanSeed"], "fake.nanSeed", 0),
      nanAtIteration:
        fake["nanAtIteration"] === undefined || fake["nanAtIteration"] === null
          ? null
          : num(fake["nanAtIteration"], "fake.nanAtIteration", 0, 1),
    },
  };
}

interface SeedState {
  seed: number;
  rng: RngState;
  skill: number;
  recent: number[];
  finite: boolean;
}

interface FakeCheckpoint {
  kind: "fake-trainer";
  config: FakeConfig;
  seeds: number[];
  iteration: number;
  envSteps: number;
  states: SeedState[];
}

const METHOD_BONUS: Record<Method, number> = { ppo: 0, gasil: 0.6, bc: 0.2, sil: 0.3, survival: 0.1 };

class FakeTrainer {
  constructor(
    readonly config: FakeConfig,
    readonly seeds: readonly number[],
    private it: number,
    private steps: number,
    private states: { seed: number; rng: Rng; skill: number; recent: number[]; finite: boolean }[],
  ) {}

  get iteration(): number {
    return this.it;
  }
  get envSteps(): number {
    return this.steps;
  }
  get done(): boolean {
    return this.steps + this.config.ppo.stepsPerRollout > this.config.totalEnvSteps;
  }

  async runIteration() {
    const started = Date.now();
    if (this.config.fake.iterationMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.config.fake.iterationMs);
    this.it++;
    this.steps += this.config.ppo.stepsPerRollout;
    const bonus = METHOD_BONUS[this.config.method] + (0.001 * this.config.gasil.bufferCapacity) / 1000;
    const seeds = this.states.map((s) => {
      const episodeReturns: number[] = [];
      const episodeLengths: number[] = [];
      let finite = s.finite;
      if (this.config.fake.nanSeed === s.seed && this.config.fake.nanAtIteration === this.it) finite = false;
      s.finite = finite;
      if (finite) {
        s.skill += 0.1 * (1 + bonus) + 0.05 * s.rng.normal();
        const n = 1 + s.rng.int(3);
        for (let k = 0; k < n; k++) {
          const ret = s.skill * 10 + s.rng.normal();
          episodeReturns.push(ret);
          episodeLengths.push(10 + s.rng.int(20));
          s.recent.push(ret);
          if (s.recent.length > 100) s.recent.shift();
        }
      }
      const averageReturn = !finite ? NaN : s.recent.length === 0 ? null : s.recent.reduce((a, b) => a + b, 0) / s.recent.length;
      return {
        seed: s.seed,
        averageReturn,
        episodeReturns,
        episodeLengths,
        diagnostics: { policyLoss: finite ? -0.01 * s.skill : NaN, valueLoss: finite ? 0.5 : Infinity },
        finite,
      };
    });
    return { iteration: this.it, envSteps: this.steps, seeds, wallSeconds: (Date.now() - started) / 1000 };
  }

  checkpoint(): FakeCheckpoint {
    return {
      kind: "fake-trainer",
      config: this.config,
      seeds: [...this.seeds],
      iteration: this.it,
      envSteps: this.steps,
      states: this.states.map((s) => ({ seed: s.seed, rng: s.rng.getState(), skill: s.skill, recent: [...s.recent], finite: s.finite })),
    };
  }

  dispose(): void {}
}

export async function createTrainer(config: FakeConfig, seeds: number[]) {
  return new FakeTrainer(
    config,
    seeds,
    0,
    0,
    seeds.map((seed) => ({ seed, rng: Rng.fromSeed(seed).split("fake"), skill: 0, recent: [], finite: true })),
  );
}

export async function restoreTrainer(ckpt: unknown) {
  const c = ckpt as FakeCheckpoint;
  if (c.kind !== "fake-trainer") throw new Error("not a fake-trainer checkpoint");
  return new FakeTrainer(
    c.config,
    c.seeds,
    c.iteration,
    c.envSteps,
    c.states.map((s) => ({ seed: s.seed, rng: Rng.fromState(s.rng), skill: s.skill, recent: [...s.recent], finite: s.finite })),
  );
}
