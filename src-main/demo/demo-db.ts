// Which database `--demo` starts on, and what it says. Without --db (or CAMPUSDESK_DB) the
// demo gets a database of its own beside the normal one (campusdesk-demo.db), so a real
// database is never mixed with demo data and `--demo` always shows demo data; with an
// explicit database that already has other tickets nothing is added, and it says so and how
// to get demo data. Used by `npm start` and the desktop app.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { userDataFolder } from '../paths.ts';
import { ensureDemoData, readDemoMeta } from './seed.ts';

export const DEMO_DB_FILE = 'campusdesk-demo.db';

/** The database to start on: the one named (--db, then CAMPUSDESK_DB), else for --demo the separate demo file. */
export function startDbPath(opts: { cliDb: string | undefined; demo: boolean; folder?: string; env?: NodeJS.ProcessEnv }): string {
  const env = opts.env ?? process.env;
  const folder = opts.folder ?? userDataFolder(env);
  const named = opts.cliDb ?? env.CAMPUSDESK_DB;
  if (named) return named;
  return join(folder, opts.demo ? DEMO_DB_FILE : 'campusdesk.db');
}

/** Fills the database with demo data if it has no tickets; says clearly when it does not. */
export function prepareDemo(dbPath: string, folder: string, log: (m: string) => void = () => {}): void {
  const result = ensureDemoData(dbPath, { log });
  if (result.filled) return;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  let isDemo: boolean;
  try { isDemo = readDemoMeta(db) !== null; } finally { db.close(); }
  if (!isDemo) {
    log(`CampusDesk demo: NOT adding demo data: ${dbPath} already holds other tickets, and the app starts on it as it is.`);
    log(`CampusDesk demo: for demo data start with --demo alone (it uses a separate demo database, ${join(folder, DEMO_DB_FILE)}),`
      + ' or fill a new file: npm run demo -- --db NEW.db, then npm start -- --db NEW.db.');
  }
}
