/**
 * A small RFC 4180 CSV reader and writer (no dependencies, synchronous).
 *
 * Fields are separated by commas and rows by `\n` or `\r\n`; a field that contains a comma, a
 * double quote or a line break is quoted, with inner quotes doubled. The reader accepts quoted
 * fields anywhere, including ones that span lines (a JSON array of episode returns, for example).
 */

import { ShapeError } from "../core/errors";

/** One CSV cell before typing. `null` and `undefined` are written as an empty field. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * Parse CSV text into rows of string fields.
 * @param text the whole file; a final line break is optional; a UTF-8 byte-order mark is skipped.
 * @returns rows of fields; blank lines are dropped.
 * @throws ShapeError when a quoted field is not closed (the message gives the 1-based line).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let inQuotes = false;
  let fieldStarted = false;
  let line = 1;
  let quoteLine = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = (): void => {
    row.push(field);
    if (!(row.length === 1 && row[0] === "" && !fieldStarted)) rows.push(row);
    row = [];
    field = "";
    fieldStarted = false;
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      fieldStarted = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw new ShapeError(`parseCsv: quoted field opened on line ${quoteLine} is never closed`);
  if (field !== "" || row.length > 0 || fieldStarted) endRow();
  return rows;
}

/** Quote a field when RFC 4180 requires it. Numbers are written with full precision (`String`). */
export function formatCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  const text = typeof cell === "string" ? cell : String(cell);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Write rows as CSV text (`\n` line ends, final line break included).
 * @param header column names, written first.
 * @param rows each of the same length as `header`.
 * @throws ShapeError when a row's length differs from the header's.
 */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(formatCsvCell).join(",")];
  rows.forEach((row, r) => {
    if (row.length !== header.length) {
      throw new ShapeError(`formatCsv: row ${r} has ${row.length} fields, the header has ${header.length}`);
    }
    lines.push(row.map(formatCsvCell).join(","));
  });
  return `${lines.join("\n")}\n`;
}
