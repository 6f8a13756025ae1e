// Reading CSV for `campusdesk import`: RFC 4180 (quoted fields may hold commas, quotes and
// line breaks), UTF-8 with or without a BOM, CRLF or LF. Each record keeps the line it
// starts on and each field its column, so every problem can be reported where it is.
// Undoes the formula guard of src-shared/csv.ts (a leading apostrophe before = + - @ tab
// or CR), so what `export` wrote imports as the original text.

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
    this.column = column;
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (s[i] === '"') {
        const openLine = line;
        i++;
        for (;;) {
          if (i >= s.length) throw new CsvSyntaxError('A quoted field is not closed', openLine, fields.length + 1);
          const c = s[i]!;
          if (c === '"') {
            if (s[i + 1] === '"') { value += '"'; i += 2; continue; }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') throw new CsvSyntaxError('Text after a closing quote (quotes inside a field must be doubled)', line, fields.length + 1);
      } else {
        while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
          if (s[i] === '"') throw new CsvSyntaxError('A quote inside an unquoted field (quote the field and double the quote)', line, fields.length + 1);
          value += s[i];
          i++;
        }
      }
      fields.push(value);
      if (s[i] === ',') { i++; continue; }
      if (s[i] === '\r') i++;
      if (s[i] === '\n') { i++; line++; }
      break;
    }
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields: fields.map(unguard) });
  }
  return records;
}

/** `'=SUM(A1)` as written by the formula guard → `=SUM(A1)`. */
export const unguard = (v: string): string => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
