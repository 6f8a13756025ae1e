// The CampusDesk core as one object: the database, the clock, the analytics runner and the
// procedure registry. The desktop shell, the hub, the CLI and the tests all start here.
import { openDatabase, type OpenOptions, type OpenedDatabase } from './db/open.ts';
import { Registry } from './api/registry.ts';
import { allProcedures } from './api/procedures/index.ts';
import { startAnalyticsWorker } from './analytics/runner.ts';
import { systemClock, type AnalyticsRunner, type Clock, type Core } from './core/context.ts';
import { startMaintenance, type Maintenance } from './core/maintenance.ts';
import { createLogger, envLevel, type Logger } from './log.ts';

export interface AppOptions extends OpenOptions {
  clock?: Clock;
  /** Starts the analytics worker (default true). */
  analytics?: boolean | ((dbPath: string) => AnalyticsRunner);
  /** The logger (default: JSON lines on stdout at CAMPUSDESK_LOG_LEVEL, else warn). */
  log?: Logger;
}

export interface App {
  core: Core;
  registry: Registry;
  database: OpenedDatabase;
  /** Background upkeep (full-text index merges); null for read-only databases. */
  maintenance: Maintenance | null;
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
  };
  const registry = new Registry(core, allProcedures);
  const maintenance = options.readonly ? null : startMaintenance(core);
  let closed = false;
  return {
    core, registry, database, maintenance,
    async close() {
      if (closed) return;
      closed = true;
      maintenance?.stop();
      await core.analytics?.close();
      if (!options.readonly && database.sqlite.open) {
        // Fold the write-ahead log into the database file, so the file alone is complete.
        try { database.sqlite.pragma('wal_checkpoint(TRUNCATE)'); } catch (err) { log.warn({ err }, 'WAL checkpoint failed'); }
      }
      database.close();
      log.info({ db: dbPath }, 'database checkpointed and closed');
    },
  };
}
