/**
 * Selecting rows of a results table by column values (fixed columns or hyperparameter columns),
 * e.g. one study of a sweep: `selectRows(rows, { study: "figure7-bufferSize" })`.
 */

import { ConfigError } from "../core/errors";
import type { HyperValue, TidyRow } from "./load";
import { hyperparameterColumns } from "./load";

/** Column → wanted value, or list of accepted values. */
export type RowFilter = Readonly<Record<string, HyperValue | readonly HyperValue[]>>;

const FIXED = ["runId", "sweep", "task", "method", "seed", "iteration", "envSteps"] as const;
type FixedColumn = (typeof FIXED)[number];

/**
 * Rows whose every filtered column has the wanted value (or one of the listed values).
 * @throws ConfigError when a filter names a column no row has (the message lists the columns).
 */
export function selectRows(rows: readonly TidyRow[], where: RowFilter): TidyRow[] {
  const hyper = new Set(hyperparameterColumns(rows));
  for (const key of Object.keys(where)) {
    if (!(FIXED as readonly string[]).includes(key) && !hyper.has(key) && rows.length > 0) {
      throw new ConfigError(`where.${key}`, `no such column; columns: ${[...FIXED, ...[...hyper].sort()].join(", ")}`);
    }
  }
  const tests = Object.entries(where).map(([key, wanted]) => {
    const accepted = Array.isArray(wanted) ? (wanted as readonly HyperValue[]) : [wanted as HyperValue];
    const fixed = (FIXED as readonly string[]).includes(key);
    return (row: TidyRow): boolean => {
      const value = fixed ? row[key as FixedColumn] : (row.hyperparameters[key] ?? null);
      return accepted.some((a) => a === value);
    };
  });
  return rows.filter((row) => tests.every((t) => t(row)));
}
