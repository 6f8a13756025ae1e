// Command-line options shared by the entry points (`start`, `serve`) and the desktop shell
// (node:util parseArgs), kept outside cli/ so that desktop/ need not import the CLI.
import { parseArgs } from 'node:util';

export const commonOptions = {
  db: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  demo: { type: 'boolean' },
  kiosk: { type: 'boolean' },
  tickets: { type: 'string' },
  backups: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCli(argv: string[] = process.argv.slice(2)) {
  return parseArgs({ args: argv, options: commonOptions, allowPositionals: false, strict: true }).values;
}

export function portOf(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${value}"`);
  return n;
}
