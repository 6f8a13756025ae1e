// The desktop app's command line (electron-free): `--db PATH`, `--demo`, `--kiosk`,
// `--serve` (also run the hub), `--port N`, `--host H`, `--user-data-dir PATH`.
// Electron and Chromium add switches of their own (and Playwright adds --inspect=0 …), so
// unknown options are ignored instead of refused.
import { parseArgs } from 'node:util';
import { commonOptions } from '../config/command-line.ts';

export interface DesktopArgs {
  db?: string;
  demo: boolean;
  kiosk: boolean;
  serve: boolean;
  port?: string;
  host?: string;
  userDataDir?: string;
  /** Automatic-backup folder, or "off" (core/backup.ts autoBackupFolder). */
  backups?: string;
}

export function parseDesktopArgs(argv: readonly string[]): DesktopArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...commonOptions,
      serve: { type: 'boolean' },
      'user-data-dir': { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
  });
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    db: str(values.db),
    demo: values.demo === true,
    kiosk: values.kiosk === true,
    serve: values.serve === true,
    port: str(values.port),
    host: str(values.host),
    userDataDir: str(values['user-data-dir']),
    backups: str(values.backups),
  };
}
