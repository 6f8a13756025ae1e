// The CampusDesk core as one object: the database, the clock, the analytics runner and the
// procedure registry. The desktop shell, the hub, the CLI and the tests all start here.
import { openDatabase, type OpenOptions, type OpenedDatabase } from './db/open.ts';
import { Registry } from './api/registry.ts';
import { allProcedures } from './api/procedures/index.ts';
import { startAnalyticsWorker } from './analytics/runner.ts';
import { systemClock, type AnalyticsRunner, type Clock, type Core } from './core/context.ts';
import { startMaintenance, type Maintenance } from './core/maintenance.ts';
import { holdInstance, type InstanceKind, type InstanceLock } from './core/instance-lock.ts';
import { startAutoBackups, type AutoBackups } from './core/backup.ts';

export interface AppOptions extends OpenOptions {
  clock?: Clock;
  /** Starts the analytics worker (default true). */
  analytics?: boolean | ((dbPath: string) => AnalyticsRunner);
  /** Records this process in `<db>.lock` while open (restore refuses then); see core/instance-lock.ts. */
  instance?: InstanceKind;
  /** Folder for the automatic daily backup (core/backup.ts); absent: none. */
  backups?: string;
}

export interface App {
  core: Core;
  registry: Registry;
  database: OpenedDatabase;
  /** Background upkeep (full-text index merges); null for read-only databases. */
  maintenance: Maintenance | null;
  instance: InstanceLock | null;
  backups: AutoBackups | null;
  close(): Promise<void>;
}

export function createApp(dbPath: string, options: AppOptions = {}): App {
  const database = openDatabase(dbPath, options);
  const core: Core = {
    sqlite: database.sqlite,
    db: database.db,
    clock: options.clock ?? systemClock,
    dbPath,
    analytics: typeof options.analytics === 'function' ? options.analytics(dbPath)
      : options.analytics !== false && dbPath !== ':memory:' ? startAnalyticsWorker(dbPath) : null,
  };
  const registry = new Registry(core, allProcedures);
  const maintenance = options.readonly ? null : startMaintenance(core);
  const instance = options.instance && dbPath !== ':memory:' ? holdInstance(dbPath, options.instance) : null;
  const backups = options.backups && dbPath !== ':memory:' ? startAutoBackups({ sqlite: database.sqlite, dbPath, folder: options.backups }) : null;
  let closed = false;
  return {
    core, registry, database, maintenance, instance, backups,
    async close() {
      if (closed) return;
      closed = true;
      await backups?.stop();
      instance?.release();
      maintenance?.stop();
      await core.analytics?.close();
      database.close();
    },
  };
}
