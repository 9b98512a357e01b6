/**
 * Display names and order of the methods, and how a hyperparameter setting is written.
 */

import type { HyperValue } from "./load";

/** Method ids in the order tables and legends list them (the paper's method last, on top). */
export const METHOD_ORDER: readonly string[] = ["ppo", "survival", "bc", "sil", "gasil"];

const LABELS: Readonly<Record<string, string>> = {
  ppo: "PPO",
  gasil: "GASIL+PPO",
  bc: "PPO+BC",
  sil: "PPO+SIL",
  survival: "PPO+survival bonus",
};

/** Display name of a method id (`"gasil"` → `"GASIL+PPO"`); unknown ids are returned unchanged. */
export function methodLabel(method: string): string {
  return LABELS[method] ?? method;
}

/** Sort method ids: known methods in {@link METHOD_ORDER}, then the rest alphabetically. */
export function sortMethods(methods: Iterable<string>): string[] {
  const rank = (m: string): number => {
    const i = METHOD_ORDER.indexOf(m);
    return i < 0 ? METHOD_ORDER.length : i;
  };
  return [...new Set(methods)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** `"gasil.bufferSize=1000, gasil.discriminatorUpdates=20"`; `""` for no columns. */
export function settingLabel(setting: Readonly<Record<string, HyperValue>>): string {
  return Object.keys(setting)
    .filter((k) => setting[k] !== null) // a column the method does not have (PPO has no discriminator)
    .sort()
    .map((k) => `${k}=${String(setting[k])}`)
    .join(", ");
}

/** Compare hyperparameter values: numbers numerically, then everything else as strings. */
export function compareHyperValues(a: HyperValue, b: HyperValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
