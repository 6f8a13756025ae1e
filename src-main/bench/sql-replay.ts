// "The bare SQL the service runs": the benchmark calls the real service functions once on a
// recording connection (a proxy over better-sqlite3 that notes every statement execution:
// SQL text, method, raw/pluck mode and parameters), then replays exactly those statements,
// prepared once, on the bare connection. The difference to the API is then everything that
// is not SQL: HTTP, auth, zod validation, drizzle's query building, JSON.
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../db/schema.ts';
import { CommitListeners, systemClock, type Core } from '../core/context.ts';
import { silentLogger } from '../log.ts';

type Method = 'run' | 'get' | 'all' | 'iterate';

export interface RecordedStatement {
  sql: string;
  method: Method;
  raw: boolean;
  pluck: boolean;
  params: unknown[];
}

const EXECUTE = new Set<PropertyKey>(['run', 'get', 'all', 'iterate']);
const MODES = new Set<PropertyKey>(['raw', 'pluck', 'expand', 'safeIntegers', 'bind']);

export class SqlRecorder {
  /** A core whose database calls are recorded while `record` runs. */
  readonly core: Core;
  private readonly sqlite: Database.Database;
  private log: RecordedStatement[] | null = null;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(sqlite: Database.Database, dbPath: string) {
    this.sqlite = sqlite;
    const recorder = this;
    const wrapStatement = (stmt: Database.Statement, sql: string): Database.Statement => {
      let raw = false;
      let pluck = false;
      const proxy: Database.Statement = new Proxy(stmt, {
        get(target, prop) {
          if (EXECUTE.has(prop)) {
            return (...params: unknown[]) => {
              recorder.log?.push({ sql, method: prop as Method, raw, pluck, params });
              const fn = Reflect.get(target, prop) as (...a: unknown[]) => unknown;
              return fn.apply(target, params);
            };
          }
          if (MODES.has(prop)) {
            return (...args: unknown[]) => {
              if (prop === 'raw') { raw = args[0] !== false; if (raw) pluck = false; }
              if (prop === 'pluck') { pluck = args[0] !== false; if (pluck) raw = false; }
              (Reflect.get(target, prop) as (...a: unknown[]) => unknown).apply(target, args);
              return proxy;
            };
          }
          const v = Reflect.get(target, prop) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      return proxy;
    };
    const recording = new Proxy(sqlite, {
      get(target, prop) {
        if (prop === 'prepare') return (sql: string) => wrapStatement(target.prepare(sql), sql);
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    this.core = { sqlite: recording, db: drizzle(recording, { schema }), clock: systemClock, dbPath, analytics: null, afterCommit: new CommitListeners(), log: silentLogger() };
  }

  /** Runs `fn` against the recording core and returns the statements it executed. */
  record(fn: (core: Core) => unknown): RecordedStatement[] {
    const log: RecordedStatement[] = [];
    this.log = log;
    try {
      fn(this.core);
    } finally {
      this.log = null;
    }
    return log;
  }

  /**
   * A function that executes the recorded statements again, each prepared once on the bare
   * connection. `write`: inside one immediate transaction, as the registry runs writes.
   */
  replay(statements: readonly RecordedStatement[], opts: { write?: boolean } = {}): () => void {
    const steps = statements.map((s) => {
      const key = `${s.raw ? 'r' : s.pluck ? 'p' : '-'}${s.sql}`;
      let stmt = this.cache.get(key);
      if (!stmt) {
        stmt = this.sqlite.prepare(s.sql);
        if (s.raw && stmt.reader) stmt.raw(true);
        if (s.pluck && stmt.reader) stmt.pluck(true);
        this.cache.set(key, stmt);
      }
      return { stmt, method: s.method, params: s.params };
    });
    const runAll = () => {
      for (const { stmt, method, params } of steps) {
        if (method === 'iterate') { for (const _row of stmt.iterate(...params)) { /* drain */ } } else stmt[method](...params);
      }
    };
    if (!opts.write) return runAll;
    const tx = this.sqlite.transaction(runAll);
    return () => tx.immediate();
  }
}
