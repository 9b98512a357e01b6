/**
 * Compact storage for committed sweeps (the `standard` preset's 45 runs × 10⁶ steps would take
 * about 60 MB as plain text).
 *
 * `gasil-kit collect --sweep DIR --compact` rewrites every **finished** run in place:
 * - `runs/<ID>/rows.jsonl` → `rows.jsonl.gz` (the same bytes, gzip level 9);
 * - `runs/<ID>/policies/seed-K/*.json` → `*.json.gz`;
 * - the run's worker log is removed (the metadata keeps what matters: commit, versions, times);
 * and then writes the tidy table as `results.csv.gz` (the columns of `results.csv`; pandas, danfo
 * and `loadResults` read it directly) in place of `results.csv`.
 *
 * Every reader accepts both forms: `readTextMaybeGzip` (durable-files.ts) serves `rows.jsonl` or, when it is
 * absent, `rows.jsonl.gz`. Unfinished runs are left alone (they are still being appended to), and
 * each file is replaced atomically (written next to its target, then renamed; the original is
 * removed only after), so a kill at any moment leaves a readable sweep.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { GZIP_SUFFIX, writeFileAtomic } from "./durable-files";
import { readManifest, runPaths, runState } from "./manifest";
import { policiesDir } from "./policies";
import { collectResults, RESULTS_FILE } from "./results";

/** The compressed tidy table of a compacted sweep. */
export const RESULTS_FILE_GZ = `${RESULTS_FILE}${GZIP_SUFFIX}`;

/** Replace `file` by `file.gz` (same content, compressed); no-op when `file` is absent. */
function gzipInPlace(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const packed = zlib.gzipSync(fs.readFileSync(file), { level: 9 });
  writeFileAtomic(file + GZIP_SUFFIX, packed);
  fs.rmSync(file);
  return packed.length;
}

/** What {@link compactSweep} did. */
export interface CompactSummary {
  /** Finished runs compacted now or before. */
  readonly runsCompacted: number;
  /** Runs left as they are (not finished). */
  readonly runsUnfinished: readonly string[];
  /** The tidy table written. */
  readonly resultsFile: string;
  /** Bytes of the whole sweep folder afterwards. */
  readonly bytes: number;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
  }
  return total;
}

/**
 * Compact the finished runs of a sweep and write `results.csv.gz` (see the module comment).
 * Idempotent: compacted runs are skipped, and a second call only rewrites the table.
 */
export function compactSweep(sweepDir: string): CompactSummary {
  const manifest = readManifest(sweepDir);
  const unfinished: string[] = [];
  let compacted = 0;
  for (const run of manifest.runs) {
    const { state } = runState(sweepDir, run.runId);
    if (state !== "done" && state !== "failed") {
      unfinished.push(run.runId);
      continue;
    }
    const paths = runPaths(sweepDir, run.runId);
    gzipInPlace(paths.rows);
    const policies = policiesDir(sweepDir, run.runId);
    if (fs.existsSync(policies)) {
      for (const seedDir of fs.readdirSync(policies)) {
        for (const name of fs.readdirSync(path.join(policies, seedDir))) {
          if (name.endsWith(".json")) gzipInPlace(path.join(policies, seedDir, name));
        }
      }
    }
    fs.rmSync(paths.log, { force: true });
    compacted++;
  }
  // The table straight to results.csv.gz; a plain results.csv goes only once that is written.
  const packed = path.join(sweepDir, RESULTS_FILE_GZ);
  collectResults(sweepDir, { out: packed });
  fs.rmSync(path.join(sweepDir, RESULTS_FILE), { force: true });
  return {
    runsCompacted: compacted,
    runsUnfinished: unfinished,
    resultsFile: packed,
    bytes: folderBytes(sweepDir),
  };
}
