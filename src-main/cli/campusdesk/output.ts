// Output of the campusdesk command line: aligned tables, a terminal bar chart, durations and
// dates for people; `--json` (the API's objects) and `--csv` (src-shared/csv.ts: RFC 4180,
// formula-safe) for scripts. Colour only on a terminal and never with NO_COLOR (styleText
// checks both against the stream it writes to).
import { styleText } from 'node:util';
import { csvLine, type Cell } from '../../../src-shared/csv.ts';
import { AppError } from '../../core/errors.ts';

export type Format = 'table' | 'json' | 'csv';

type Style = Parameters<typeof styleText>[0];

export interface Column<T> {
  header: string;
  get(row: T): Cell;
  /** Right-align (numbers). */
  right?: boolean;
  /** Cut longer text in tables (CSV and JSON keep everything). */
  max?: number;
  style?: (row: T) => Style | null;
  /** CSV header (default: the table header) and value (default: `get`), e.g. API field names and raw values. */
  key?: string;
  raw?: (row: T) => Cell;
}

export class Output {
  readonly format: Format;
  private readonly out: NodeJS.WriteStream;
  private readonly err: NodeJS.WriteStream;
  constructor(format: Format, out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr) {
    this.format = format;
    this.out = out;
    this.err = err;
  }

  /** Colour for stdout (plain text when not a terminal or with NO_COLOR). */
  paint(style: Style, text: string): string {
    return styleText(style, text, { stream: this.out });
  }

  line(text = ''): void {
    this.out.write(text + '\n');
  }

  json(value: unknown): void {
    this.out.write(JSON.stringify(value, null, 2) + '\n');
  }

  /** Rows as a table, CSV or (with `json`) the given API value. */
  rows<T>(columns: readonly Column<T>[], rows: readonly T[], json: unknown = rows): void {
    if (this.format === 'json') return this.json(json);
    if (this.format === 'csv') {
      this.out.write(csvLine(columns.map((c) => c.key ?? c.header)));
      for (const r of rows) this.out.write(csvLine(columns.map((c) => (c.raw ?? c.get)(r))));
      return;
    }
    this.out.write(renderTable(columns, rows, (s, t) => this.paint(s, t)));
  }

  /** A label: value block for one object. */
  fields(pairs: readonly [string, string][]): void {
    const w = Math.max(...pairs.map(([k]) => k.length));
    for (const [k, v] of pairs) this.line(`${this.paint('bold', k.padEnd(w))}  ${v}`);
  }

  note(text: string): void {
    this.err.write(text + '\n');
  }
}

const cellText = (v: Cell): string => (v === null || v === undefined ? '' : String(v));
const oneLine = (s: string): string => s.replace(/\s+/g, ' ');

export function renderTable<T>(columns: readonly Column<T>[], rows: readonly T[], paint: (s: Style, t: string) => string = (_s, t) => t): string {
  const texts = rows.map((r) => columns.map((c) => {
    const s = oneLine(cellText(c.get(r)));
    return c.max && s.length > c.max ? s.slice(0, c.max - 1) + '…' : s;
  }));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...texts.map((t) => t[i]!.length)));
  const pad = (s: string, i: number) => (columns[i]!.right ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  let out = paint('bold', columns.map((c, i) => pad(c.header, i)).join('  ').trimEnd()) + '\n';
  texts.forEach((t, r) => {
    out += t.map((s, i) => {
      const style = columns[i]!.style?.(rows[r]!);
      const padded = pad(s, i);
      return style ? paint(style, padded) : padded;
    }).join('  ').trimEnd() + '\n';
  });
  return out;
}

/** A bar of `value / max` in `width` cells (eighth blocks). */
export function bar(value: number, max: number, width = 30): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 ? '▏▎▍▌▋▊▉'[(eighths % 8) - 1]! : '');
}

/** 2026-03-01T09:30:00.000Z → "2026-03-01 09:30". */
export const shortTime = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

/** Seconds as "3d 4h", "5h 12m", "7m 3s", "40s". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const s = Math.round(seconds);
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${r}s`;
  return `${r}s`;
}

export const STATUS_STYLE: Record<string, Style> = { open: 'yellow', in_progress: 'cyan', waiting: 'magenta', resolved: 'green', closed: 'gray' };

/** The one line (plus field details) an error gets on stderr. */
export function errorText(err: unknown): string {
  if (err instanceof AppError) {
    const details = err.details.filter((d) => d.path || d.message).map((d) => `  ${d.path || '(input)'}: ${d.message}`);
    return [`campusdesk: ${err.code}: ${err.message}`, ...(err.code === 'VALIDATION' && (err.details.length > 1 || !err.message.includes(err.details[0]?.message ?? '\0')) ? details : [])].join('\n');
  }
  return `campusdesk: ${err instanceof Error ? err.message : String(err)}`;
}

/** A progress bar on stderr, drawn only when stderr is a terminal. */
export function progress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): { tick(done: number): void; end(): void } {
  const tty = stream.isTTY === true;
  let last = -1;
  return {
    tick(done) {
      if (!tty) return;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${pct}% (${done}/${total})`);
    },
    end() { if (tty) stream.write('\n'); },
  };
}
