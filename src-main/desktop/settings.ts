// The desktop app's own settings (electron-free): a small JSON file in the user-data folder,
// next to the default database. Today it holds kiosk mode:
//
//   { "kiosk": { "enabled": true, "token": "<kiosk token from kiosks.create>" } }
//
// An admin turns kiosk mode on from the app (window.campusdesk.desktop.enterKiosk), which
// stores the kiosk's token here; the next start opens the kiosk window again. Leaving kiosk
// mode with an admin password sets `enabled` to false and keeps the token for next time.
// The file is written atomically with owner-only permissions: the token is the kiosk's
// credential (the database keeps only its hash).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

export const SETTINGS_FILE = 'settings.json';

const SettingsSchema = z.object({
  kiosk: z.object({
    enabled: z.boolean().default(false),
    token: z.string().min(1).max(200).nullable().default(null),
  }).default({ enabled: false, token: null }),
});

export type DesktopSettings = z.infer<typeof SettingsSchema>;

export const defaultSettings = (): DesktopSettings => ({ kiosk: { enabled: false, token: null } });

export const settingsPath = (userDataDir: string): string => join(userDataDir, SETTINGS_FILE);

/** Reads the settings; a missing file gives the defaults, a broken one the defaults and a warning. */
export function readSettings(file: string, warn: (m: string) => void = console.warn): DesktopSettings {
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

export function writeSettings(file: string, settings: DesktopSettings): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(SettingsSchema.parse(settings), null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
