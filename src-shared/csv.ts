// CSV as every part of CampusDesk writes it (analytics exports, the command line): RFC 4180
// (comma-separated, CRLF line ends, fields with comma, quote or line break quoted, quotes
// doubled; UTF-8; a header row), and formula-safe: a text cell that begins with `=`, `+`,
// `-`, `@`, tab or carriage return is prefixed with an apostrophe, so no spreadsheet runs it
// as a formula (spec 1.1, "Robustness of the transport"). Numbers stay numbers.
// Imported by both the main side and the renderer: no imports here.

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field, neutralised when a spreadsheet would read it as a formula. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const s = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (with its CRLF). */
export const csvLine = (cells: readonly Cell[]): string => cells.map(csvField).join(',') + '\r\n';

/** A whole CSV document: header row, then rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map(csvLine).join('');
}
