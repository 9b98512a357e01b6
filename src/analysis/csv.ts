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
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let row: string[] = [];
  let quoted = false;
  // Each iteration reads one field starting at i, then the separator after it.
  while (i < n || row.length > 0) {
    let field: string;
    if (i < n && text.charCodeAt(i) === 34 /* " */) {
      quoted = true;
      const openLine = line;
      let parts = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new ShapeError(`parseCsv: quoted field opened on line ${openLine} is never closed`);
        const chunk = text.slice(j, q);
        for (let k = chunk.indexOf("\n"); k >= 0; k = chunk.indexOf("\n", k + 1)) line++;
        parts += chunk;
        if (text.charCodeAt(q + 1) === 34) {
          parts += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // Characters between the closing quote and the separator are kept, as lenient readers do.
      let e = j;
      while (e < n && text.charCodeAt(e) !== 44 && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
      field = parts + text.slice(j, e);
      i = e;
    } else {
      let e = i;
      while (e < n && text.charCodeAt(e) !== 44 && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
      field = text.slice(i, e);
      i = e;
    }
    row.push(field);
    const c = i < n ? text.charCodeAt(i) : -1;
    if (c === 44) {
      i++;
      if (i >= n)
        row.push(""); // trailing comma at end of text
      else continue;
    } else if (c === 13 || c === 10) {
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
    }
    if (!(row.length === 1 && row[0] === "" && !quoted)) rows.push(row); // blank line
    row = [];
    quoted = false;
    if (i >= n) break;
  }
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
