/**
 * Crash-safe file primitives for the runner: atomic replacement (write a temporary file, fsync
 * it, rename over the target, fsync the folder) and an append-only, fsync'd line log that can be
 * cut back to a known length on resume.
 *
 * With these two, a process killed at any instant (SIGKILL, power loss after the fsyncs) leaves
 * either the old or the new version of a replaced file, and a line log whose first `n` bytes are
 * exactly what was appended before the last completed `append`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

function fsyncDir(dir: string): void {
  // Directory fsync makes the rename durable; some platforms (Windows) cannot open folders.
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * Replace `file` with `content` atomically (temp + fsync + rename + fsync of the folder).
 * The temporary file `<file>.tmp-<pid>` is removed on failure.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, "w");
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  fsyncDir(dir);
}

/** Write `value` as pretty JSON atomically. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Parse a JSON file; null when it does not exist. */
export function readJsonIfExists<T>(file: string): T | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return JSON.parse(text) as T;
}

/**
 * An append-only log of newline-terminated lines, fsync'd after every append.
 * Open it with the byte length that is known to be complete (from the last checkpoint); anything
 * after that length (rows written after the checkpoint, a half-written line) is cut off.
 */
export class LineLog {
  private fd: number;
  private length: number;

  /**
   * @param file the log file (created when missing).
   * @param keepBytes bytes to keep (0 = start empty).
   * @throws Error when the file is shorter than `keepBytes` (the log and the checkpoint disagree).
   */
  constructor(
    readonly file: string,
    keepBytes: number,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, fs.existsSync(file) ? "r+" : "w+");
    const size = fs.fstatSync(this.fd).size;
    if (size < keepBytes) {
      fs.closeSync(this.fd);
      throw new Error(`${file}: has ${size} bytes but the checkpoint says ${keepBytes} were written; the run folder is inconsistent`);
    }
    if (size > keepBytes) {
      fs.ftruncateSync(this.fd, keepBytes);
      fs.fsyncSync(this.fd);
    }
    this.length = keepBytes;
  }

  /** Bytes written so far (durable). */
  get bytes(): number {
    return this.length;
  }

  /** Append lines (each without its newline) and fsync. */
  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const buf = Buffer.from(lines.map((l) => `${l}\n`).join(""), "utf8");
    let off = 0;
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off, this.length + off);
    fs.fsyncSync(this.fd);
    this.length += buf.length;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** Suffix of files stored gzip-compressed by `gasil-kit collect --compact`. */
export const GZIP_SUFFIX = ".gz";

/**
 * Read `file` as UTF-8 text, or `file.gz` decompressed when `file` does not exist (compacted runs).
 * @returns null when neither exists.
 */
export function readTextMaybeGzip(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  try {
    return zlib.gunzipSync(fs.readFileSync(file + GZIP_SUFFIX)).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Read the complete lines of a line log (a trailing partial line is ignored); a compacted log
 * (`file.gz`) is read when `file` is absent, and no file at all gives no lines.
 */
export function readLines(file: string): string[] {
  const text = readTextMaybeGzip(file);
  if (text === null) return [];
  const lines = text.split("\n");
  lines.pop(); // the part after the last newline: "" or a half-written line
  return lines;
}
