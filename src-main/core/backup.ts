// Backups of a CampusDesk database, used by the command line (`backup`, `restore`, `check`,
// `backups list`), the hub and the desktop app (a daily automatic backup) and db/open.ts (a
// backup before migrating, and refusing files written by a newer version).
//
// A backup is `VACUUM INTO` on a connection of its own: one read transaction, so the copy is
// the consistent state at the moment it starts (every write acknowledged before is in it),
// while the app keeps writing (WAL readers do not block writers, and unlike the backup API
// it does not restart when another connection writes). The copy is written under a
// temporary name, switched to rollback-journal mode (one self-contained file), checked
// (integrity_check and foreign_key_check), and only then renamed into place. The attachment
// folder beside the database (`<db>.files/`, content-addressed) is copied after the
// database, so every blob the copy refers to is there. The time of the last successful
// backup is kept in the source's `meta` table under `backup.lastSuccessAt`.
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { filesFolderOf } from '../../src-shared/files-folder.ts';
import { foreignKeyCheck, integrityCheck, runChecks, type CheckResult } from './db-check.ts';
import { instancesOf, describeHolder } from './instance-lock.ts';
import { NewerSchemaError, schemaState } from './schema-version.ts';

export const LAST_SUCCESS_KEY = 'backup.lastSuccessAt';

/** A backup or restore that cannot be done; the message says why in one sentence. */
export class BackupError extends Error {
  readonly problems: string[];
  constructor(message: string, problems: string[] = []) {
    super(message);
    this.name = 'BackupError';
    this.problems = problems;
  }
}

export interface BackupResult {
  path: string;
  bytes: number;
  /** Attachment files copied along (0 when the database has none). */
  files: number;
  at: string;
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:]/g, '').replace(/\.\d{3}Z$/, 'Z');
const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function openRead(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** integrity_check + foreign_key_check of a file; problems as sentences. */
export function verifyFile(path: string): CheckResult[] {
  const db = openRead(path);
  try { return runChecks({ sqlite: db, dbPath: path }, [integrityCheck, foreignKeyCheck]); } finally { db.close(); }
}

/**
 * Copies the database at `dbPath` to `target` (which must not exist) and verifies the copy.
 * Synchronous: the command line calls it directly; the hub and the desktop app through
 * `backupDatabase`, which runs it in a worker thread.
 */
export function backupDatabaseSync(dbPath: string, target: string): Omit<BackupResult, 'at'> {
  if (!existsSync(dbPath)) throw new BackupError(`There is no database at ${dbPath}.`);
  const dest = resolve(target);
  if (existsSync(dest)) throw new BackupError(`${dest} already exists; choose a new file name for the backup.`);
  mkdirSync(dirname(dest), { recursive: true });
  const partial = `${dest}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  const source = openRead(dbPath);
  try {
    source.exec(`VACUUM INTO ${sqlString(partial)}`);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new BackupError(`The backup of ${dbPath} failed: ${err instanceof Error ? err.message : String(err)}.`);
  } finally {
    source.close();
  }
  try {
    const copy = new Database(partial, { fileMustExist: true });
    try { copy.pragma('journal_mode = DELETE'); } finally { copy.close(); }
    const problems = verifyFile(partial).flatMap((r) => r.problems.map((p) => `${r.name}: ${p}`));
    if (problems.length) throw new BackupError(`The backup of ${dbPath} failed its check, so it was not kept.`, problems);
    renameSync(partial, dest);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  const files = copyFilesFolder(filesFolderOf(dbPath), filesFolderOf(dest));
  return { path: dest, bytes: statSync(dest).size, files };
}

/** Copies the blobs of `from` missing in `to` (content-addressed: same name, same bytes). */
function copyFilesFolder(from: string, to: string): number {
  if (!existsSync(from)) return 0;
  let n = 0;
  cpSync(from, to, {
    recursive: true, force: false, errorOnExist: false,
    filter: (src) => {
      if (statSync(src).isFile()) n += 1;
      return true;
    },
  });
  return n;
}

/** Records the time of a successful backup in the database's meta table (best effort). */
export function recordBackupSuccess(sqlite: Database.Database, at: string): void {
  try {
    sqlite.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LAST_SUCCESS_KEY, at);
  } catch { /* a database without the meta table or read-only: nothing to record */ }
}

export function lastBackupSuccess(sqlite: Database.Database): string | null {
  try {
    const row = sqlite.prepare('SELECT value FROM meta WHERE key = ?').get(LAST_SUCCESS_KEY) as { value: string } | undefined;
    return row?.value ?? null;
  } catch { return null; }
}

const workerFile = (): URL => new URL(import.meta.url.endsWith('.cjs') ? './backup-worker.cjs' : './backup-worker.ts', import.meta.url);

/** backupDatabaseSync in a worker thread (the copy and its check never block the caller's thread). */
export function backupInWorker(dbPath: string, target: string): Promise<Omit<BackupResult, 'at'>> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(workerFile(), { workerData: { dbPath, target } });
    worker.once('message', (msg: { ok: true; result: Omit<BackupResult, 'at'> } | { ok: false; message: string; problems: string[] }) => {
      if (msg.ok) resolvePromise(msg.result);
      else reject(new BackupError(msg.message, msg.problems));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new BackupError(`The backup worker stopped (exit code ${code}).`)); });
  });
}

// ---------- restore ----------

export interface RestoreResult {
  /** Where the replaced database was kept (null when there was none). */
  keptAs: string | null;
}

/**
 * Replaces the database at `dbPath` by the backup `file`: refused while the database is open
 * in a hub, the desktop app or another command, for a file that fails the checks, and for
 * a file from a newer schema. The replaced database is kept as `<db>.replaced-<time>`.
 */
export function restoreDatabase(dbPath: string, file: string, now: number = Date.now()): RestoreResult {
  const holders = instancesOf(dbPath).filter((h) => h.pid !== process.pid);
  if (holders.length) {
    throw new BackupError(`The database ${dbPath} is in use by ${holders.map(describeHolder).join(' and ')}; stop it before restoring.`);
  }
  if (!existsSync(file)) throw new BackupError(`There is no backup file at ${file}.`);
  let problems: string[];
  let newer: number;
  try {
    const db = openRead(file);
    try {
      problems = runChecks({ sqlite: db, dbPath: file }).flatMap((r) => r.problems.map((p) => `${r.name}: ${p}`));
      newer = schemaState(db).unknown;
    } finally { db.close(); }
  } catch (err) {
    throw new BackupError(`${file} is not a CampusDesk database: ${err instanceof Error ? err.message : String(err)}.`);
  }
  if (problems.length) throw new BackupError(`${file} fails the check, so it was not restored.`, problems);
  if (newer > 0) throw new BackupError(new NewerSchemaError(file, newer).message);

  let keptAs: string | null = null;
  const target = resolve(dbPath);
  mkdirSync(dirname(target), { recursive: true });
  const incoming = `${target}.restoring-${process.pid}`;
  copyFileSync(file, incoming);
  if (existsSync(target)) {
    // Fold the WAL into the file first, so the kept copy is one complete file.
    const current = new Database(target, { fileMustExist: true });
    try { current.pragma('wal_checkpoint(TRUNCATE)'); current.pragma('journal_mode = DELETE'); } finally { current.close(); }
    keptAs = `${target}.replaced-${stamp(now)}`;
    renameSync(target, keptAs);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  renameSync(incoming, target);
  copyFilesFolder(filesFolderOf(file), filesFolderOf(target));
  return { keptAs };
}

// ---------- before migrating ----------

/**
 * Called by openDatabase before applying migrations: a file written by a newer version is
 * refused (the connection is closed), and a file with data that is about to be migrated is
 * backed up first to `<db>.before-migration-<time>.db`.
 */
export function prepareForMigrations(sqlite: Database.Database, dbPath: string, log: (m: string) => void = () => {}): void {
  if (dbPath === ':memory:' || dbPath === '') return;
  const state = schemaState(sqlite);
  if (state.unknown > 0) {
    sqlite.close();
    throw new NewerSchemaError(dbPath, state.unknown);
  }
  if (state.pending === 0 || !state.hasData) return;
  const target = `${dbPath}.before-migration-${stamp(Date.now())}.db`;
  sqlite.exec(`VACUUM INTO ${sqlString(target)}`);
  log(`CampusDesk: ${state.pending} migration(s) to apply to ${dbPath}; the database was backed up first to ${target}.`);
}

// ---------- automatic daily backups ----------

export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;

export interface BackupFile {
  path: string;
  name: string;
  /** When it was made (from its name). */
  at: string;
  bytes: number;
  /** Why retention keeps it: among the 7 newest days, the 4 newest weeks, or both. */
  kept: ('daily' | 'weekly')[];
}

/** Automatic backups are named `<db name>-<YYYY-MM-DDTHHMMSSZ>.db`. */
const AUTO_NAME = /^(.*)-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z\.db$/;

export const defaultBackupFolder = (dbPath: string): string => join(dirname(resolve(dbPath)), 'backups');
const baseOf = (dbPath: string): string => basename(dbPath).replace(/\.db$/, '');

/** The day (YYYY-MM-DD, UTC) and ISO week key of an instant. */
function dayKey(ms: number): string { return new Date(ms).toISOString().slice(0, 10); }
function weekKey(ms: number): string {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
  return dayKey(monday);
}

/** Backups of this database in `folder`, newest first, with what retention keeps (restic-style keep-daily 7, keep-weekly 4). */
export function listBackups(folder: string, dbPath?: string): BackupFile[] {
  let names: string[];
  try { names = readdirSync(folder); } catch { return []; }
  const base = dbPath ? baseOf(dbPath) : null;
  const found: { name: string; ms: number }[] = [];
  for (const name of names) {
    const m = AUTO_NAME.exec(name);
    if (!m || (base !== null && m[1] !== base)) continue;
    found.push({ name, ms: Date.UTC(+m[2]!, +m[3]! - 1, +m[4]!, +m[5]!, +m[6]!, +m[7]!) });
  }
  found.sort((a, b) => b.ms - a.ms);
  const keep = new Map<string, ('daily' | 'weekly')[]>();
  const mark = (keyOf: (ms: number) => string, n: number, why: 'daily' | 'weekly') => {
    const seen = new Set<string>();
    for (const f of found) {
      const k = keyOf(f.ms);
      if (seen.has(k)) continue;
      if (seen.size >= n) break;
      seen.add(k);
      keep.set(f.name, [...(keep.get(f.name) ?? []), why]);
    }
  };
  mark(dayKey, KEEP_DAILY, 'daily');
  mark(weekKey, KEEP_WEEKLY, 'weekly');
  return found.map((f) => {
    const path = join(folder, f.name);
    let bytes = 0;
    try { bytes = statSync(path).size; } catch { /* vanished */ }
    return { path, name: f.name, at: new Date(f.ms).toISOString(), bytes, kept: keep.get(f.name) ?? [] };
  });
}

/** Deletes the automatic backups retention does not keep (with their attachment folders). */
export function pruneBackups(folder: string, dbPath: string): string[] {
  const removed: string[] = [];
  for (const b of listBackups(folder, dbPath)) {
    if (b.kept.length) continue;
    rmSync(b.path, { force: true });
    rmSync(filesFolderOf(b.path), { recursive: true, force: true });
    removed.push(b.path);
  }
  return removed;
}

export interface AutoBackupOptions {
  /** The app's own connection, to record backup.lastSuccessAt. */
  sqlite: Database.Database;
  dbPath: string;
  folder: string;
  /** Where each outcome is told: a skip or a failure as a warning, a backup made as info. */
  log?: (message: string, level: 'info' | 'warn') => void;
  now?: () => number;
  /** How often to look whether today's backup is due (default hourly). */
  intervalMs?: number;
  /** Free bytes in the folder (default: fs.statfs); tests give a small disk. */
  freeSpace?: (folder: string) => Promise<number>;
}

export interface AutoBackups {
  /** Makes today's backup now if it is due; answers what happened. */
  runOnce(): Promise<{ made: BackupResult } | { skipped: string }>;
  stop(): Promise<void>;
}

/** Why a backup cannot be made now (free disk space under twice the database's size), or null. */
export async function lowDiskReason(dbPath: string, folder: string, freeSpace: (folder: string) => Promise<number> = freeBytes): Promise<string | null> {
  let size = 0;
  for (const suffix of ['', '-wal']) {
    try { size += statSync(dbPath + suffix).size; } catch { /* absent */ }
  }
  const free = await freeSpace(folder);
  if (free < 2 * size) {
    const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
    return `only ${mib(free)} free in ${folder}, less than twice the database's ${mib(size)}`;
  }
  return null;
}

async function freeBytes(folder: string): Promise<number> {
  const s = await statfs(folder);
  return Number(s.bavail) * Number(s.bsize);
}

/** A daily backup into `folder` (checked at start and then hourly), pruned to 7 daily + 4 weekly. */
export function startAutoBackups(options: AutoBackupOptions): AutoBackups {
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  let running: Promise<{ made: BackupResult } | { skipped: string }> | null = null;
  let stopped = false;
  const attempt = async (): Promise<{ made: BackupResult } | { skipped: string }> => {
    mkdirSync(options.folder, { recursive: true });
    const t = now();
    const today = dayKey(t);
    if (listBackups(options.folder, options.dbPath).some((b) => b.at.startsWith(today))) return { skipped: `today's backup exists` };
    const low = await lowDiskReason(options.dbPath, options.folder, options.freeSpace);
    if (low) {
      log(`CampusDesk: the automatic backup was skipped: ${low}.`, 'warn');
      return { skipped: low };
    }
    const target = join(options.folder, `${baseOf(options.dbPath)}-${stamp(t)}.db`);
    const result = await backupInWorker(options.dbPath, target);
    const at = new Date(now()).toISOString();
    if (!stopped) recordBackupSuccess(options.sqlite, at);
    const removed = pruneBackups(options.folder, options.dbPath);
    log(`CampusDesk: automatic backup ${result.path} (${result.bytes} bytes)${removed.length ? `; removed ${removed.length} older` : ''}.`, 'info');
    return { made: { ...result, at } };
  };
  const runOnce = () => (running ??= attempt()
    .catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      log(`CampusDesk: the automatic backup failed: ${reason}`, 'warn');
      return { skipped: reason };
    })
    .finally(() => { running = null; }));
  const timer = setInterval(() => { void runOnce(); }, options.intervalMs ?? 3_600_000);
  timer.unref();
  void runOnce();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * The automatic-backup folder of the desktop app and `npm start` (undefined: none), with the
 * hub's settings under the same names (config.ts): `--backups DIR` (or `off`), else
 * CAMPUSDESK_BACKUPS=off for none, else CAMPUSDESK_BACKUP_FOLDER, else `backups/` beside the
 * database (where `campusdesk backups list` looks by default).
 */
export function autoBackupFolder(flag: string | undefined, dbPath: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (dbPath === ':memory:' || flag === 'off') return undefined;
  if (flag) return resolve(flag);
  if (/^(0|false|no|off)$/i.test(env.CAMPUSDESK_BACKUPS?.trim() ?? '')) return undefined;
  return env.CAMPUSDESK_BACKUP_FOLDER ? resolve(env.CAMPUSDESK_BACKUP_FOLDER) : defaultBackupFolder(dbPath);
}
