// The CampusDesk core as one object: the database, the clock, the analytics runner and the
// procedure registry. The desktop shell, the hub, the CLI and the tests all start here.
import { openDatabase, type OpenOptions, type OpenedDatabase } from './db/open.ts';
import { Registry } from './api/registry.ts';
import { allProcedures } from './api/procedures/index.ts';
import { startAnalyticsWorker } from './analytics/runner.ts';
import { systemClock, type AnalyticsRunner, type Clock, type Core } from './core/context.ts';
import { startMaintenance, type Maintenance } from './core/maintenance.ts';
import { MailService } from './mail/service.ts';
import { startFileCleanup, type FileCleanup } from './core/files.ts';

export interface AppOptions extends OpenOptions {
  clock?: Clock;
  /** Starts the analytics worker (default true). */
  analytics?: boolean | ((dbPath: string) => AnalyticsRunner);
  /** Starts the mail sender and receiver (default true; never for read-only databases). */
  mail?: boolean;
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
  const mail = options.readonly || options.mail === false ? null : new MailService(core);
  const mailStarted = mail?.start().catch((err: unknown) => console.error('[campusdesk] mail:', err));
  const fileCleanup = options.readonly ? null : startFileCleanup(core);
  let closed = false;
  return {
    core, registry, database, maintenance, fileCleanup, mail,
    async close() {
      if (closed) return;
      closed = true;
      maintenance?.stop();
      fileCleanup?.stop();
      await mailStarted;
      await mail?.stop();
      await core.analytics?.close();
      database.close();
    },
  };
}
