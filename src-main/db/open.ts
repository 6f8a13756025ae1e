// Opening the SQLite file: pragmas on every connection, the network-filesystem check,
// and migrations at start.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync, readFileSync, realpathSync, existsSync } from 'node:fs';
import { dirname, resolve, win32 } from 'node:path';
import * as schema from './schema.ts';
import { migrationsFolder } from '../paths.ts';
import type { Logger } from '../log.ts';
import { prepareForMigrations } from '../core/backup.ts';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  /** The raw better-sqlite3 connection (prepared statements, pragmas, transactions). */
  sqlite: Database.Database;
  /** Drizzle over the same connection. */
  db: Db;
  path: string;
  journalMode: 'wal' | 'delete';
  /** Set when the file lives on a network filesystem (WAL is off then). */
  warning: string | null;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  /** Apply pending migrations (default: true for read-write connections). */
  migrate?: boolean;
  /** Override network-filesystem detection (tests). */
  networkFs?: boolean;
  /** Log sink for warnings (default console.warn). */
  warn?: (message: string) => void;
  /** Where migrations are reported (none: silent). */
  log?: Logger;
}

const NETWORK_FS = new Set(['nfs', 'nfs4', 'cifs', 'smb', 'smb2', 'smb3', 'smbfs', 'afs', 'ncpfs', '9p', 'fuse.sshfs', 'davfs', 'fuse.davfs2']);

/** Linux: the filesystem type of the longest mount point containing `path`; Windows: UNC paths. */
export function isOnNetworkFilesystem(path: string, platform: NodeJS.Platform = process.platform, mountsText?: string): boolean {
  if (platform === 'win32') {
    const abs = win32.resolve(path);
    return abs.startsWith('\\\\') || abs.startsWith('//');
  }
  const abs = resolve(path);
  let text = mountsText;
  if (text === undefined) {
    try { text = readFileSync('/proc/mounts', 'utf8'); } catch { return false; }
  }
  let real = abs;
  try { real = realpathSync(existsSync(abs) ? abs : dirname(abs)); } catch { /* keep abs */ }
  let best = '';
  let bestType = '';
  for (const line of text.split('\n')) {
    const [, mountPoint, type] = line.split(' ');
    if (!mountPoint || !type) continue;
    const mp = mountPoint.replace(/\\040/g, ' ');
    const inside = real === mp || real.startsWith(mp.endsWith('/') ? mp : mp + '/');
    if (inside && mp.length >= best.length) { best = mp; bestType = type; }
  }
  return NETWORK_FS.has(bestType);
}

/**
 * The connection as drizzle sees it: the same better-sqlite3 database, but `prepare` answers
 * from a cache of statements by SQL text (LRU). Drizzle prepares a statement on every call;
 * most of our queries repeat their text exactly, and preparing was a third of a call's time.
 * Drizzle switches a statement to raw mode when it maps columns itself and never back, so a
 * reused reader starts in the default (object) mode again.
 */
export function withStatementCache(sqlite: Database.Database, max = 500): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
      cache.set(source, stmt);
      if (stmt.reader) stmt.raw(false);
      return stmt;
    }
    stmt = sqlite.prepare(source);
    cache.set(source, stmt);
    if (cache.size > max) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** How many migrations the database has applied (drizzle's journal table; 0 for a new file). */
export function appliedMigrations(sqlite: Database.Database): number {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return 0;
  return (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
}

/** How many migrations this version of CampusDesk ships (drizzle/meta/_journal.json). */
export function shippedMigrations(): number {
  const journal = JSON.parse(readFileSync(`${migrationsFolder()}/meta/_journal.json`, 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

export function openDatabase(path: string, options: OpenOptions = {}): OpenedDatabase {
  const readonly = options.readonly ?? false;
  if (!readonly && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path, { readonly, fileMustExist: readonly });
  const network = path !== ':memory:' && (options.networkFs ?? isOnNetworkFilesystem(path));
  let warning: string | null = null;
  if (network) {
    warning = `CampusDesk: the database ${path} is on a network filesystem, where SQLite's WAL mode does not work; ` +
      'it is opened in rollback-journal mode (slower, one writer at a time). Prefer a local disk and share it through the hub (npm run serve).';
    (options.warn ?? console.warn)(warning);
  }
  sqlite.pragma('busy_timeout = 5000');
  if (!readonly) sqlite.pragma(`journal_mode = ${network ? 'DELETE' : 'WAL'}`);
  // The writer commits with FULL: WAL's NORMAL can lose the last acknowledged commits on a
  // power cut or an operating-system crash (README, "Durability"). Readers never commit.
  sqlite.pragma(`synchronous = ${readonly ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('mmap_size = 268435456');
  const db = drizzle(withStatementCache(sqlite), { schema });
  if (!readonly && (options.migrate ?? true)) {
    // Refuses a file from a newer version; backs up a file with data before migrating it.
    prepareForMigrations(sqlite, path, options.warn ?? ((m) => options.log?.warn(m)));
    const before = appliedMigrations(sqlite);
    migrate(db, { migrationsFolder: migrationsFolder() });
    const after = appliedMigrations(sqlite);
    if (after > before) options.log?.info({ db: path, from: before, to: after }, `applied ${after - before} database migration(s)`);
  }
  const journalMode = String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' ? 'wal' : 'delete';
  return {
    sqlite, db, path, journalMode, warning,
    close() {
      if (!sqlite.open) return;
      if (!readonly) {
        try { sqlite.pragma('optimize'); } catch { /* best effort */ }
      }
      sqlite.close();
    },
  };
}
