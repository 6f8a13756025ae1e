// The CampusDesk core as one object: the database, the clock, the analytics runner, the
// procedure registry and its read pool. The desktop shell, the hub, the CLI and the tests
// all start here: writes run on this thread's connection, reads on the pool's workers.
import { openDatabase, type OpenOptions, type OpenedDatabase } from './db/open.ts';
import { Registry } from './api/registry.ts';
import { allProcedures } from './api/procedures/index.ts';
import { startAnalyticsWorker } from './analytics/runner.ts';
import { CommitListeners, systemClock, type AnalyticsRunner, type Clock, type Core } from './core/context.ts';
import { startMaintenance, type Maintenance } from './core/maintenance.ts';
import { MailService } from './mail/service.ts';
import { startFileCleanup, type FileCleanup } from './core/files.ts';
import { ReadPool, defaultReadWorkers } from './db/pool.ts';
import { recoverInterruptedImports } from './core/import.ts';
import { createLogger, envLevel, type Logger } from './log.ts';
import { addWorkerPool } from './metrics.ts';
import { holdInstance, type InstanceKind, type InstanceLock } from './core/instance-lock.ts';
import { startAutoBackups, type AutoBackups } from './core/backup.ts';

export interface AppOptions extends OpenOptions {
  clock?: Clock;
  /** Starts the analytics worker (default true). */
  analytics?: boolean | ((dbPath: string) => AnalyticsRunner);
  /**
   * Read workers of the read pool (db/pool.ts). 0: every procedure runs on this thread (the
   * default for ':memory:' databases, which other connections cannot see). Default: the
   * CAMPUSDESK_READERS environment variable, else the machine's parallelism (2–4).
   */
  readers?: number;
  /** Check procedures' outputs against their schemas (default on; CAMPUSDESK_VALIDATE_OUTPUT=0 turns it off). */
  validateOutput?: boolean;
  /** The logger (default: JSON lines on stdout at CAMPUSDESK_LOG_LEVEL, else warn). */
  log?: Logger;
  /** Starts the mail sender and receiver (default true; never for read-only databases). */
  mail?: boolean;
  /** Records this process in `<db>.lock` while open (restore refuses then); see core/instance-lock.ts. */
  instance?: InstanceKind;
  /** Folder for the automatic daily backup (core/backup.ts), or it and the free-space probe (tests); absent: none. */
  backups?: string | { folder: string; freeSpace?: (folder: string) => Promise<number> };
}

function readerCount(dbPath: string, options: AppOptions): number {
  if (dbPath === ':memory:') return 0;
  if (options.readers !== undefined) return Math.max(0, Math.floor(options.readers));
  const env = process.env.CAMPUSDESK_READERS;
  if (env !== undefined && /^\d+$/.test(env.trim())) return Number(env.trim());
  return defaultReadWorkers();
}

export interface App {
  core: Core;
  registry: Registry;
  database: OpenedDatabase;
  /** Background upkeep (full-text index merges); null for read-only databases. */
  maintenance: Maintenance | null;
  /** Outgoing and incoming mail (src-main/mail/); null for read-only databases or when off. */
  mail: MailService | null;
  /** Removes uploads never attached after 24 hours; null for read-only databases. */
  fileCleanup: FileCleanup | null;
  /** The read pool; null when reads run on this thread. */
  readers: ReadPool | null;
  instance: InstanceLock | null;
  backups: AutoBackups | null;
  close(): Promise<void>;
}

export function createApp(dbPath: string, options: AppOptions = {}): App {
  const log = options.log ?? createLogger({ level: envLevel('warn') });
  const database = openDatabase(dbPath, { warn: (m) => log.warn(m), log, ...options });
  const core: Core = {
    log,
    sqlite: database.sqlite,
    db: database.db,
    clock: options.clock ?? systemClock,
    dbPath,
    analytics: typeof options.analytics === 'function' ? options.analytics(dbPath)
      : options.analytics !== false && dbPath !== ':memory:' ? startAnalyticsWorker(dbPath) : null,
    afterCommit: new CommitListeners(),
  };
  if (!options.readonly) recoverInterruptedImports(core);
  core.afterCommit.onError = (err, procedure) => log.error({ err, procedure }, 'an after-commit listener failed');
  const registry = new Registry(core, allProcedures);
  const validateOutput = options.validateOutput ?? process.env.CAMPUSDESK_VALIDATE_OUTPUT !== '0';
  registry.validateOutput = validateOutput;
  const size = readerCount(dbPath, options);
  const readers = size > 0 ? new ReadPool(core, {
    size, validateOutput,
    fallback: (name, input, meta) => {
      const p = registry.get(name);
      return p ? registry.callIn(core, p, input, meta) : Promise.reject(new Error(`no procedure ${name}`));
    },
  }) : null;
  registry.readers = readers;
  if (readers) addWorkerPool(core, 'read', () => readers.status());
  const maintenance = options.readonly ? null : startMaintenance(core);
  const mail = options.readonly || options.mail === false ? null : new MailService(core);
  const mailStarted = mail?.start().catch((err: unknown) => log.error({ err }, 'the mail service did not start'));
  const fileCleanup = options.readonly ? null : startFileCleanup(core);
  const instance = options.instance && dbPath !== ':memory:' ? holdInstance(dbPath, options.instance) : null;
  const backupSettings = typeof options.backups === 'string' ? { folder: options.backups } : options.backups;
  // On the app's clock, and told in the app's log (skips with their reason).
  const backups = backupSettings?.folder && dbPath !== ':memory:' ? startAutoBackups({
    sqlite: database.sqlite, dbPath, ...backupSettings, now: () => core.clock.now(), log: (m, level) => log[level](m),
  }) : null;
  let closed = false;
  return {
    core, registry, database, maintenance, fileCleanup, readers, mail, instance, backups,
    async close() {
      if (closed) return;
      closed = true;
      await backups?.stop();
      maintenance?.stop();
      fileCleanup?.stop();
      await readers?.close();
      await mailStarted;
      await mail?.stop();
      await core.analytics?.close();
      if (!options.readonly && database.sqlite.open) {
        // Fold the write-ahead log into the database file, so the file alone is complete.
        try { database.sqlite.pragma('wal_checkpoint(TRUNCATE)'); } catch (err) { log.warn({ err }, 'WAL checkpoint failed'); }
      }
      database.close();
      // Released last: restore may replace the file only once nothing here holds it.
      instance?.release();
      log.info({ db: dbPath }, 'database checkpointed and closed');
    },
  };
}
