/**
 * Sweep configurations: the typed, validated description of an experiment grid, and its
 * expansion into self-contained runs.
 *
 * A **sweep** is a list of **studies**; a study is a grid `tasks × methods (× values of one varied
 * hyperparameter)` trained on a list of seeds. Each grid point becomes one or more **runs**: a run
 * is one resolved training configuration × a population of seeds (`seedsPerRun` of them, trained
 * together by one trainer: population batching). A run is the unit a worker process, or a Slurm
 * array task, executes (`gasil-kit train --sweep DIR --run ID`).
 *
 * Validation happens before anything is written: {@link parseSweepConfig} checks the structure
 * (unknown keys rejected; errors name the field path, the value and the allowed values) and
 * {@link planSweep} resolves every run's training configuration through the trainer's own
 * `resolveTrainConfig`, so an invalid PPO/GASIL field fails the whole sweep up front.
 *
 * @example JSON file accepted by `gasil-kit sweep --config my-sweep.json`
 * ```json
 * { "name": "hopper-alpha", "checkpointEvery": 5,
 *   "studies": [{ "name": "alpha", "tasks": ["Hopper-v4"], "methods": ["gasil"],
 *                 "seeds": [0, 1, 2], "totalEnvSteps": 200000, "envOptions": { "delay": 20 },
 *                 "vary": { "parameter": "alpha", "values": [0.01, 0.1, 1] } }] }
 * ```
 */
import { ConfigError, describeValue } from "../core/errors";
import { isPlainObject } from "../core/validate";
import { METHOD_NAMES, type MethodName, type TrainConfigLike, type TrainerApi } from "./trainer-api";

/** One hyperparameter varied across the runs of a study (Figure 7). */
export interface VarySpec {
  /** A key of {@link SweepConfig.hyperparameters} (e.g. `bufferSize`). */
  readonly parameter: string;
  /** Values, in the order they are plotted. */
  readonly values: readonly (number | string | boolean)[];
}

/** A grid of runs sharing seeds, budget and overrides. */
export interface StudyConfig {
  /** Label carried into every result row (`figure6`, `figure7-bufferSize`, ...); `[A-Za-z0-9._-]+`. */
  readonly name: string;
  /** Environment ids (`Hopper-v4`, ..., `PointMass-v0`). */
  readonly tasks: readonly string[];
  readonly methods: readonly MethodName[];
  /** Root seeds (non-negative integers, distinct). */
  readonly seeds: readonly number[];
  /** Seeds per run (population size of one trainer); default: all seeds in one run. */
  readonly seedsPerRun: number;
  /** Environment steps per seed. */
  readonly totalEnvSteps: number;
  /** Options passed to `makeEnv` (e.g. `{ delay: 20 }`). */
  readonly envOptions: Readonly<Record<string, unknown>>;
  /** Partial training configuration merged into every run (`{ ppo: {...}, gasil: {...} }`). */
  readonly train: Readonly<Record<string, unknown>>;
  /** Hyperparameter varied across runs, or null. */
  readonly vary: VarySpec | null;
}

/** A whole experiment (one folder under `data/`). */
export interface SweepConfig {
  /** Folder name under `data/`; `[A-Za-z0-9._-]+`. */
  readonly name: string;
  readonly description: string;
  /** Checkpoint every this many training iterations (≥ 1). */
  readonly checkpointEvery: number;
  /**
   * Save each seed's policy after the first iteration at or past every multiple of this many env
   * steps, plus at the end. Absent = 10⁵ (kept out of the object then, so manifests written before
   * the field existed still compare equal on resume).
   */
  readonly policySaveEvery?: number;
  /**
   * Hyperparameter columns of the result table: column name → dotted path into the resolved
   * training configuration. Also the names {@link VarySpec.parameter} may use.
   */
  readonly hyperparameters: Readonly<Record<string, string>>;
  readonly studies: readonly StudyConfig[];
}

/** One self-contained unit of work, as stored in the sweep manifest. */
export interface PlannedRun {
  /** Unique within the sweep; `[A-Za-z0-9._-]+`, usable as a folder name. */
  readonly runId: string;
  /** Position in the manifest (the Slurm array index). */
  readonly index: number;
  readonly study: string;
  readonly task: string;
  readonly method: MethodName;
  /** The study's varied hyperparameter (column name), or `""`. */
  readonly varied: string;
  /** Values of the sweep's hyperparameter columns in the resolved config (null when absent). */
  readonly hyperparameters: Readonly<Record<string, number | string | boolean | null>>;
  readonly seeds: readonly number[];
  /** Resolved training configuration (trainer defaults applied). */
  readonly train: TrainConfigLike;
}

/** Default result-table columns → config paths (the GASIL knobs of Figure 7 and the delay). */
export const DEFAULT_HYPERPARAMETER_COLUMNS: Readonly<Record<string, string>> = {
  delay: "envOptions.delay",
  bufferSize: "gasil.bufferCapacity",
  discriminatorUpdates: "gasil.discriminatorUpdates",
  alpha: "gasil.alpha",
};

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SWEEP_KEYS = ["name", "description", "checkpointEvery", "policySaveEvery", "hyperparameters", "studies"] as const;
const STUDY_KEYS = ["name", "tasks", "methods", "seeds", "seedsPerRun", "totalEnvSteps", "envOptions", "train", "vary"] as const;
const VARY_KEYS = ["parameter", "values"] as const;
/** Fields of the training config that a study sets itself and `train` must not repeat. */
const STUDY_OWNED_TRAIN_FIELDS = ["method", "envId", "envOptions", "totalEnvSteps"];

function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new ConfigError(path, `expected an object, got ${describeValue(value)}`);
  return value;
}

function rejectUnknownKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(path === "" ? key : `${path}.${key}`, `unknown field; allowed: ${allowed.join(", ")}`);
    }
  }
}

function expectName(value: unknown, path: string): string {
  if (typeof value !== "string" || !NAME_PATTERN.test(value)) {
    throw new ConfigError(
      path,
      `expected a name of letters, digits, '.', '_' or '-' (starting with a letter or digit), got ${describeValue(value)}`,
    );
  }
  return value;
}

function expectPositiveInteger(value: unknown, path: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError(path, `expected an integer in [1, ${max}], got ${describeValue(value)}`);
  }
  return value;
}

function expectNonEmptyArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(path, `expected a non-empty array, got ${describeValue(value)}`);
  return value;
}

function parseVary(raw: unknown, path: string, columns: Readonly<Record<string, string>>): VarySpec {
  const obj = expectObject(raw, path);
  rejectUnknownKeys(obj, VARY_KEYS, path);
  const parameter = obj["parameter"];
  if (typeof parameter !== "string" || !(parameter in columns)) {
    throw new ConfigError(
      `${path}.parameter`,
      `${describeValue(parameter)} is not a hyperparameter column; allowed: ${Object.keys(columns).join(", ")}`,
    );
  }
  const values = expectNonEmptyArray(obj["values"], `${path}.values`);
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (!(typeof v === "number" && Number.isFinite(v)) && typeof v !== "string" && typeof v !== "boolean") {
      throw new ConfigError(`${path}.values[${i}]`, `expected a finite number, string or boolean, got ${describeValue(v)}`);
    }
    const key = JSON.stringify(v);
    if (seen.has(key)) throw new ConfigError(`${path}.values[${i}]`, `duplicate value ${key}`);
    seen.add(key);
  });
  return { parameter, values: values as (number | string | boolean)[] };
}

function parseStudy(raw: unknown, path: string, columns: Readonly<Record<string, string>>): StudyConfig {
  const obj = expectObject(raw, path);
  rejectUnknownKeys(obj, STUDY_KEYS, path);
  const name = expectName(obj["name"], `${path}.name`);

  const tasks = expectNonEmptyArray(obj["tasks"], `${path}.tasks`).map((t, i) => {
    if (typeof t !== "string" || t === "")
      throw new ConfigError(`${path}.tasks[${i}]`, `expected an environment id such as "Hopper-v4", got ${describeValue(t)}`);
    return t;
  });
  if (new Set(tasks).size !== tasks.length) throw new ConfigError(`${path}.tasks`, `duplicate task in ${describeValue(tasks)}`);

  const methods = expectNonEmptyArray(obj["methods"], `${path}.methods`).map((m, i) => {
    if (typeof m !== "string" || !(METHOD_NAMES as readonly string[]).includes(m)) {
      throw new ConfigError(`${path}.methods[${i}]`, `${describeValue(m)} is not a method; allowed: ${METHOD_NAMES.join(", ")}`);
    }
    return m as MethodName;
  });
  if (new Set(methods).size !== methods.length) throw new ConfigError(`${path}.methods`, `duplicate method in ${describeValue(methods)}`);

  const seeds = expectNonEmptyArray(obj["seeds"], `${path}.seeds`).map((s, i) => {
    if (typeof s !== "number" || !Number.isSafeInteger(s) || s < 0) {
      throw new ConfigError(`${path}.seeds[${i}]`, `expected a non-negative integer seed, got ${describeValue(s)}`);
    }
    return s;
  });
  if (new Set(seeds).size !== seeds.length) throw new ConfigError(`${path}.seeds`, `seeds must be distinct, got ${describeValue(seeds)}`);

  const seedsPerRun =
    obj["seedsPerRun"] === undefined ? seeds.length : expectPositiveInteger(obj["seedsPerRun"], `${path}.seedsPerRun`, seeds.length);
  const totalEnvSteps = expectPositiveInteger(obj["totalEnvSteps"], `${path}.totalEnvSteps`, 1e10);
  const envOptions = obj["envOptions"] === undefined ? {} : expectObject(obj["envOptions"], `${path}.envOptions`);
  const train = obj["train"] === undefined ? {} : expectObject(obj["train"], `${path}.train`);
  for (const field of STUDY_OWNED_TRAIN_FIELDS) {
    if (field in train) {
      throw new ConfigError(
        `${path}.train.${field}`,
        `set by the study itself (tasks, methods, envOptions, totalEnvSteps); remove it from train`,
      );
    }
  }
  const vary = obj["vary"] === undefined || obj["vary"] === null ? null : parseVary(obj["vary"], `${path}.vary`, columns);
  return { name, tasks, methods, seeds, seedsPerRun, totalEnvSteps, envOptions, train, vary };
}

/**
 * Validate a sweep configuration (parsed JSON or a preset) and apply defaults.
 * @throws ConfigError naming the first bad field by its path (e.g. `studies[0].methods[1]`), the
 *   value received and the allowed values. Unknown keys are errors.
 */
export function parseSweepConfig(raw: unknown): SweepConfig {
  const obj = expectObject(raw, "");
  rejectUnknownKeys(obj, SWEEP_KEYS, "");
  const name = expectName(obj["name"], "name");
  const description = obj["description"] === undefined ? "" : obj["description"];
  if (typeof description !== "string") throw new ConfigError("description", `expected a string, got ${describeValue(description)}`);
  const checkpointEvery = obj["checkpointEvery"] === undefined ? 5 : expectPositiveInteger(obj["checkpointEvery"], "checkpointEvery", 1e6);
  const policySaveEvery =
    obj["policySaveEvery"] === undefined ? undefined : expectPositiveInteger(obj["policySaveEvery"], "policySaveEvery", 1e12);

  let hyperparameters = DEFAULT_HYPERPARAMETER_COLUMNS;
  if (obj["hyperparameters"] !== undefined) {
    const cols = expectObject(obj["hyperparameters"], "hyperparameters");
    for (const [column, p] of Object.entries(cols)) {
      expectName(column, `hyperparameters.${column} (column name)`);
      if (typeof p !== "string" || !/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(p)) {
        throw new ConfigError(
          `hyperparameters.${column}`,
          `expected a dotted config path such as "gasil.bufferCapacity", got ${describeValue(p)}`,
        );
      }
      if (RESERVED_COLUMNS.includes(column)) {
        throw new ConfigError(`hyperparameters.${column}`, `column name is reserved; reserved: ${RESERVED_COLUMNS.join(", ")}`);
      }
    }
    hyperparameters = cols as Record<string, string>;
  }

  const studies = expectNonEmptyArray(obj["studies"], "studies").map((s, i) => parseStudy(s, `studies[${i}]`, hyperparameters));
  const names = new Set<string>();
  studies.forEach((s, i) => {
    if (names.has(s.name)) throw new ConfigError(`studies[${i}].name`, `duplicate study name ${JSON.stringify(s.name)}`);
    names.add(s.name);
  });
  return { name, description, checkpointEvery, ...(policySaveEvery !== undefined ? { policySaveEvery } : {}), hyperparameters, studies };
}

/** Columns of the result table that hyperparameter columns may not shadow. */
export const RESERVED_COLUMNS: readonly string[] = [
  "runId",
  "unit",
  "sweep",
  "study",
  "task",
  "method",
  "varied",
  "seed",
  "iteration",
  "envSteps",
  "averageReturn",
  "episodeReturns",
];

/** Read a dotted path (`gasil.bufferSize`) of a JSON-like object; undefined when absent. */
export function getPath(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const key of dotted.split(".")) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (!isPlainObject(next)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}

function deepClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function valueLabel(value: number | string | boolean): string {
  return String(value).replace(/[^A-Za-z0-9.-]/g, "_");
}

/**
 * Expand a validated sweep into runs and resolve each run's training configuration with the
 * trainer's `resolveTrainConfig` (defaults + validation).
 * @param tasksKnown optional list of registered environment ids; tasks outside it are errors.
 * @throws ConfigError with the study's path prefixed (e.g. `studies[1] (run figure7-bufferSize_Hopper-v4_gasil_bufferSize-250): gasil.bufferSize: ...`).
 */
export function planSweep(config: SweepConfig, api: Pick<TrainerApi, "resolveTrainConfig">, tasksKnown?: readonly string[]): PlannedRun[] {
  const runs: PlannedRun[] = [];
  const ids = new Set<string>();
  config.studies.forEach((study, si) => {
    const base = `studies[${si}]`;
    if (tasksKnown !== undefined) {
      study.tasks.forEach((task, ti) => {
        if (!tasksKnown.includes(task))
          throw new ConfigError(
            `${base}.tasks[${ti}]`,
            `unknown environment id ${JSON.stringify(task)}; allowed: ${tasksKnown.join(", ")}`,
          );
      });
    }
    const variants: { label: string; value: number | string | boolean | undefined }[] =
      study.vary === null
        ? [{ label: "", value: undefined }]
        : study.vary.values.map((v) => ({ label: `${study.vary!.parameter}-${valueLabel(v)}`, value: v }));
    const chunks: number[][] = [];
    for (let i = 0; i < study.seeds.length; i += study.seedsPerRun) chunks.push(study.seeds.slice(i, i + study.seedsPerRun));
    for (const task of study.tasks) {
      for (const method of study.methods) {
        for (const variant of variants) {
          const partial: Record<string, unknown> = {
            ...deepClone(study.train),
            method,
            envId: task,
            envOptions: deepClone(study.envOptions),
            totalEnvSteps: study.totalEnvSteps,
          };
          if (study.vary !== null) setPath(partial, config.hyperparameters[study.vary.parameter]!, variant.value);
          for (const seeds of chunks) {
            const parts = [study.name, task, method];
            if (variant.label !== "") parts.push(variant.label);
            if (chunks.length > 1) parts.push(`seeds${seeds[0]}-${seeds[seeds.length - 1]}`);
            const runId = parts.join("_");
            if (ids.has(runId))
              throw new ConfigError(`${base}`, `two runs share the id ${JSON.stringify(runId)}; make study names distinct`);
            ids.add(runId);
            let train: TrainConfigLike;
            try {
              train = api.resolveTrainConfig(deepClone(partial));
            } catch (error) {
              if (error instanceof ConfigError)
                throw new ConfigError(
                  `${base} (run ${runId})${error.path === "" ? "" : ` ${error.path}`}`,
                  error.message.slice(error.path === "" ? 0 : error.path.length + 2),
                );
              throw error;
            }
            const hyperparameters: Record<string, number | string | boolean | null> = {};
            for (const [column, p] of Object.entries(config.hyperparameters)) {
              const v = getPath(train, p);
              hyperparameters[column] = typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : null;
            }
            runs.push({
              runId,
              index: runs.length,
              study: study.name,
              task,
              method,
              varied: study.vary?.parameter ?? "",
              hyperparameters,
              seeds,
              train,
            });
          }
        }
      }
    }
  });
  return runs;
}
