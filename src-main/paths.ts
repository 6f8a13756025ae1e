// Where things live on disk: the app's root folder (migrations, built renderer) and the
// default per-user database location. No electron imports: the hub and tests use this too.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'CampusDesk';

/** The folder holding package.json (works from src-main/, from a bundle and inside an asar). */
export function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'drizzle'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('CampusDesk: cannot find the application folder (package.json + drizzle/)');
    dir = parent;
  }
}

export const migrationsFolder = (): string => join(appRoot(), 'drizzle');
export const rendererFolder = (): string => join(appRoot(), 'dist', 'renderer');

/** The OS's per-user application-data folder for CampusDesk (same place Electron's userData uses). */
export function userDataFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** `--db PATH` wins, then CAMPUSDESK_DB, then the per-user default. */
export function resolveDbPath(cliDb: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return cliDb ?? env.CAMPUSDESK_DB ?? join(userDataFolder(env), 'campusdesk.db');
}
