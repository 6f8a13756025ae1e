// The desktop app on this PC's own database (not on a hub), without Electron so that it runs
// and is tested under plain Node: which database file (the settings' file, else --db /
// CAMPUSDESK_DB, else campusdesk.db in the app's data folder), and the core on it through the
// same createApp as the hub — with the same automatic daily backup (core/backup.ts
// startAutoBackups: 7 daily + 4 weekly, skipped with a logged reason on a full disk) into the
// configured folder (--backups DIR|off, CAMPUSDESK_BACKUPS=off, CAMPUSDESK_BACKUP_FOLDER,
// else backups/ beside the database, where `campusdesk backups list` looks).
import { resolve } from 'node:path';
import { createApp, type App } from '../app.ts';
import { autoBackupFolder } from '../core/backup.ts';
import type { Clock } from '../core/context.ts';
import { prepareDemo, startDbPath } from '../demo/demo-db.ts';
import type { Logger } from '../log.ts';
import type { DesktopArgs } from './args.ts';

export interface DesktopDatabaseOptions {
  args: Pick<DesktopArgs, 'db' | 'demo' | 'backups'>;
  /** The app's data folder (Electron's userData). */
  userData: string;
  env?: NodeJS.ProcessEnv;
}

/** The database file: the settings' file connection unless --db, CAMPUSDESK_DB or --demo name another. */
export function desktopDbPath(o: DesktopDatabaseOptions & { settingsFile: string | null }): string {
  const env = o.env ?? process.env;
  const explicit = o.args.db ?? env.CAMPUSDESK_DB;
  return resolve(o.settingsFile && !explicit && !o.args.demo
    ? o.settingsFile
    : startDbPath({ cliDb: o.args.db, demo: o.args.demo, folder: o.userData, env }));
}

/** Opens the core on the database, with the automatic daily backup; `clock` and `freeSpace` are for tests. */
export function openDesktopDatabase(dbPath: string, o: DesktopDatabaseOptions & {
  log: Logger;
  clock?: Clock;
  freeSpace?: (folder: string) => Promise<number>;
}): App {
  if (o.args.demo) prepareDemo(dbPath, o.userData, (m) => o.log.info(m));
  const folder = autoBackupFolder(o.args.backups, dbPath, o.env ?? process.env);
  return createApp(dbPath, {
    log: o.log, instance: 'desktop',
    ...(o.clock ? { clock: o.clock } : {}),
    ...(folder ? { backups: o.freeSpace ? { folder, freeSpace: o.freeSpace } : folder } : {}),
  });
}
