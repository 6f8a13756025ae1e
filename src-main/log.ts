// The one logger of CampusDesk (pino): JSON lines on stdout for the hub (pretty-printed with
// pino-pretty when stdout is a terminal), a size-rotated file for the desktop app, silence for
// tests that ask for it. It lives on the core (`core.log`) and is passed down; nothing in
// src-main/ writes to the console directly except the command-line entry points.
//
// What never goes into a log line: tokens, passwords, message bodies, email addresses. The
// request log records only ids, names, numbers and the status (transport/http.ts), and the
// redaction list below blanks those fields should any caller hand an object that has them.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Field names blanked wherever they appear (one level deep and at the top). */
const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'token', 'authorization', 'email', 'body', 'text', 'cookie', 'secret'];
export const REDACT_PATHS = [...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`), 'req.headers.authorization', 'req.headers.cookie'];

export interface LoggerOptions {
  level?: LogLevel;
  /** Where the lines go: 'stdout' (default), 'stderr', a file path (rotated by size), or a stream. */
  destination?: string | DestinationStream;
  /** Human-readable lines instead of JSON (default: when the destination is a terminal). */
  pretty?: boolean;
  /** Rotation of a file destination: bytes per file and how many old files to keep. */
  maxBytes?: number;
  keep?: number;
}

/** The level from CAMPUSDESK_LOG_LEVEL when it is a valid one, else the fallback. */
export function envLevel(fallback: LogLevel, env: NodeJS.ProcessEnv = process.env): LogLevel {
  const v = env.CAMPUSDESK_LOG_LEVEL?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(v ?? '') ? (v as LogLevel) : fallback;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? 'info';
  const base = { level, base: { app: 'campusdesk' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  const dest = opts.destination ?? 'stdout';
  if (typeof dest !== 'string') return pino(base, dest);
  if (dest === 'stdout' || dest === 'stderr') {
    const fd = dest === 'stdout' ? 1 : 2;
    const tty = (dest === 'stdout' ? process.stdout : process.stderr).isTTY === true;
    if (opts.pretty ?? tty) {
      return pino(base, pretty({ destination: fd, sync: true, colorize: tty, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' }));
    }
    return pino(base, pino.destination({ fd, sync: true }));
  }
  return pino(base, new RotatingFile(dest, opts.maxBytes ?? 5 * 1024 * 1024, opts.keep ?? 5));
}

/**
 * The desktop app's logger: the same JSON lines into `<user data>/logs/campusdesk.log`
 * (rotated at 5 MiB, five old files kept), and to stdout as well when asked (development,
 * `npm start`; a packaged app on Windows may have no usable stdout).
 */
export function createDesktopLogger(logFile: string, level: LogLevel = 'info', alsoStdout = true): Logger {
  const base = { level, base: { app: 'campusdesk' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime };
  return pino(base, pino.multistream([
    { level, stream: new RotatingFile(logFile, 5 * 1024 * 1024, 5) },
    ...(alsoStdout ? [{ level, stream: pino.destination({ fd: 1, sync: true }) }] : []),
  ]));
}

/** A logger that writes nothing (tests, tools). */
export const silentLogger = (): Logger => pino({ level: 'silent' });

/**
 * A pino destination that appends to `path` and, once the file exceeds `maxBytes`, renames it
 * to `path.1` (shifting older ones up to `path.<keep>`, dropping the oldest) and starts anew.
 * Synchronous writes: a log line is on disk before the call that logged it returns.
 */
export class RotatingFile implements DestinationStream {
  private fd: number;
  private size: number;
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(path: string, maxBytes: number, keep: number) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.keep = Math.max(1, keep);
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a', 0o600);
    this.size = statSync(path).size;
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, line);
    this.size += bytes;
  }

  private rotate(): void {
    closeSync(this.fd);
    const oldest = `${this.path}.${this.keep}`;
    if (existsSync(oldest)) rmSync(oldest, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = 0;
  }

  end(): void {
    try { closeSync(this.fd); } catch { /* already closed */ }
  }
}

/** An error as loggable fields (pino's serializer shape: type, message, stack). */
export const errorFields = (err: unknown): { err: unknown } => ({ err: err instanceof Error ? err : new Error(String(err)) });
