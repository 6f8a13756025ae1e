// The desktop app's own settings (electron-free): a small JSON file in the user-data folder,
// next to the default database:
//
//   { "kiosk": { "enabled": true, "token": "<kiosk token from kiosks.create>" },
//     "connection": { "mode": "local" }                        // this PC's database (default)
//                 | { "mode": "file", "path": "D:\\helpdesk\\campusdesk.db" }   // a database file
//                 | { "mode": "hub", "url": "https://helpdesk.campus.example" } } // a shared hub
//
// Kiosk: an admin turns kiosk mode on from the app (window.campusdesk.desktop.enterKiosk),
// which stores the kiosk's token here; the next start opens the kiosk window again. Leaving
// kiosk mode with an admin password sets `enabled` to false and keeps the token for next time.
// Connection: chosen on the Connection settings screen (menu File → Connection settings, or
// the link on the sign-in screen); checked by checkConnection before it is saved, applied by
// restarting the app. The file is written atomically with owner-only permissions: the kiosk
// token is the kiosk's credential (the database keeps only its hash).
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { isOnNetworkFilesystem } from '../db/open.ts';
import { APP_VERSION } from '../version.ts';

export const SETTINGS_FILE = 'settings.json';

export const ConnectionSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('local') }),
  z.strictObject({ mode: z.literal('file'), path: z.string().trim().min(1, 'Enter the path of the database file').max(4096) }),
  z.strictObject({ mode: z.literal('hub'), url: z.string().trim().min(1, 'Enter the hub\'s address').max(2048) }),
]);
export type Connection = z.infer<typeof ConnectionSchema>;

const SettingsSchema = z.object({
  kiosk: z.object({
    enabled: z.boolean().default(false),
    token: z.string().min(1).max(200).nullable().default(null),
  }).default({ enabled: false, token: null }),
  connection: ConnectionSchema.default({ mode: 'local' }),
});

export type DesktopSettings = z.infer<typeof SettingsSchema>;

export const defaultSettings = (): DesktopSettings => ({ kiosk: { enabled: false, token: null }, connection: { mode: 'local' } });

export const settingsPath = (userDataDir: string): string => join(userDataDir, SETTINGS_FILE);

/** Reads the settings; a missing file gives the defaults, a broken one the defaults and a warning. */
export function readSettings(file: string, warn: (m: string) => void = (m) => process.emitWarning(m)): DesktopSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return defaultSettings();
  }
  try {
    const parsed = SettingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    warn(`CampusDesk: ignoring ${file}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  } catch {
    warn(`CampusDesk: ignoring ${file}: not valid JSON`);
  }
  return defaultSettings();
}

export function writeSettings(file: string, settings: z.input<typeof SettingsSchema>): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(SettingsSchema.parse(settings), null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The outcome of checking a connection before saving it. */
export type ConnectionCheck =
  | { ok: true; connection: Connection; warning: string | null; hubVersion?: string }
  | { ok: false; field: 'mode' | 'path' | 'url'; message: string };

/** Hub versions this app can talk to: the same major version (for 0.x, the same minor). */
export function compatibleVersion(hubVersion: string, ours: string = APP_VERSION): boolean {
  const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)/.exec(v)?.slice(1).map(Number);
  const a = parse(hubVersion);
  const b = parse(ours);
  if (!a || !b) return false;
  return a[0] === b[0] && (a[0] !== 0 || a[1] === b[1]);
}

export const NETWORK_FS_WARNING = 'This file is on a network drive. SQLite cannot use its fast write-ahead mode there and several PCs writing '
  + 'the same file can corrupt it; a CampusDesk hub is the safe way to share one helpdesk between PCs.';

/**
 * Checks a connection before it is saved: a database file must be an absolute path in a
 * folder that exists and can be written (a warning when it is on a network filesystem); a hub
 * must be an https:// address (http:// only on this machine) that answers /api/v1/health with
 * a compatible version.
 */
export async function checkConnection(input: unknown, opts: { fetch?: (url: string, init?: RequestInit) => Promise<Response>; networkFs?: (path: string) => boolean } = {}): Promise<ConnectionCheck> {
  const parsed = ConnectionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] === 'path' ? 'path' : issue.path[0] === 'url' ? 'url' : 'mode';
    return { ok: false, field, message: issue.message };
  }
  const c = parsed.data;
  if (c.mode === 'local') return { ok: true, connection: c, warning: null };
  if (c.mode === 'file') {
    if (!isAbsolute(c.path)) return { ok: false, field: 'path', message: 'Enter the full path of the database file (for example /srv/helpdesk/campusdesk.db).' };
    const folder = dirname(c.path);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) return { ok: false, field: 'path', message: `The folder ${folder} does not exist.` };
    if (existsSync(c.path) && statSync(c.path).isDirectory()) return { ok: false, field: 'path', message: `${c.path} is a folder; enter a file name in it.` };
    try { accessSync(existsSync(c.path) ? c.path : folder, constants.R_OK | constants.W_OK); } catch {
      return { ok: false, field: 'path', message: `CampusDesk may not write to ${existsSync(c.path) ? c.path : folder}.` };
    }
    const network = (opts.networkFs ?? ((p: string) => isOnNetworkFilesystem(p)))(c.path);
    return { ok: true, connection: c, warning: network ? NETWORK_FS_WARNING : null };
  }
  let url: URL;
  try { url = new URL(c.url); } catch { return { ok: false, field: 'url', message: 'Enter an address such as https://helpdesk.campus.example.' }; }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return { ok: false, field: 'url', message: 'The hub address must start with https:// (http:// is allowed only for a hub on this computer).' };
  }
  if (url.username || url.password || url.search || url.hash) return { ok: false, field: 'url', message: 'Enter only the hub\'s address, without a user name, query or #fragment.' };
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  let health: unknown;
  try {
    const res = await (opts.fetch ?? fetch)(`${base}/api/v1/health`, { signal: AbortSignal.timeout(10_000) });
    health = await res.json();
  } catch (err) {
    return { ok: false, field: 'url', message: `No CampusDesk hub answered at ${base} (${err instanceof Error ? err.message : String(err)}).` };
  }
  const h = health as { ok?: unknown; version?: unknown } | null;
  if (!h || typeof h.version !== 'string') return { ok: false, field: 'url', message: `${base} answered, but it is not a CampusDesk hub.` };
  if (!compatibleVersion(h.version)) return { ok: false, field: 'url', message: `The hub runs CampusDesk ${h.version}; this app (${APP_VERSION}) needs a hub of the same version line. Upgrade one of them.` };
  if (h.ok !== true) return { ok: false, field: 'url', message: `The hub at ${base} answered, but its database is not working.` };
  return { ok: true, connection: { mode: 'hub', url: base }, warning: null, hubVersion: h.version };
}
