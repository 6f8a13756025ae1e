// The shape of a campusdesk command (one per "group sub" pair), the context it runs in, and
// the small helpers commands share for flags: wrong usage is a UsageError (exit code 2).
import type { Connection, Out } from './connection.ts';
import type { Output } from './output.ts';

export class UsageError extends Error {
  readonly command: string | null;
  constructor(message: string, command: string | null = null) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Context {
  out: Output;
  /** The connection (local database or hub), opened and signed in for `needs: 'user'` commands. */
  conn: Connection;
  me: Out<'auth.me'>['user'];
}

export interface FileContext {
  out: Output;
  /** The database file (`--db`, CAMPUSDESK_DB, the app's default). */
  dbPath: string;
}

interface Base {
  /** "tickets list", "backup", … */
  name: string;
  /** Positional arguments and flags as shown in the help, e.g. "ID STATUS". */
  args: string;
  summary: string;
  /** More lines for --help. */
  help?: string;
  options?: Record<string, OptionSpec>;
  /** How many positional arguments it takes. */
  positionals: [min: number, max: number];
}

/** A command on the API, as a signed-in user (or, for setup, before any user exists). */
export interface ApiCommand extends Base {
  needs: 'user' | 'connection';
  run(ctx: Context, values: Values, args: string[]): Promise<number | void>;
}

/** A command on the database file itself (backups, check): no sign-in, never over a hub. */
export interface FileCommand extends Base {
  needs: 'file';
  run(ctx: FileContext, values: Values, args: string[]): Promise<number | void>;
}

export type Command = ApiCommand | FileCommand;

export const str = (v: Values[string]): string | undefined => (typeof v === 'string' ? v : undefined);

/** A positive integer argument (ids), else wrong usage. */
export function intArg(value: string | undefined, what: string): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${what} must be a positive whole number, not "${value ?? ''}".`);
  return Number(value);
}

/** A comma-separated list flag ("open,waiting"). */
export const listArg = (v: Values[string]): string[] | undefined => {
  const s = str(v);
  return s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean);
};
