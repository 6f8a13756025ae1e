// npm run serve -- [--port N] [--host H] [--db PATH] [--demo] [--backups DIR|off]
import { existsSync } from 'node:fs';
import { parseCli, portOf } from './args.ts';
import { resolveDbPath, rendererFolder } from '../paths.ts';
import { startHub, stopOnSignals, DEFAULT_HOST, DEFAULT_PORT } from '../hub.ts';
import { ensureDemoData } from '../demo/seed.ts';
import { autoBackupFolder } from '../core/backup.ts';

const args = parseCli();
if (args.help) {
  console.log('Usage: npm run serve -- [--port 4780] [--host 127.0.0.1] [--db PATH] [--demo] [--backups DIR|off]\n' +
    'Serves the CampusDesk API (/api/v1/…), the app (/) and the kiosk page (/kiosk) over HTTP.\n' +
    'The database defaults to the per-user app-data folder; CAMPUSDESK_DB or --db override it.\n' +
    'A daily backup goes to backups/ beside the database (--backups DIR or CAMPUSDESK_BACKUPS; "off" for none).');
  process.exit(0);
}
const dbPath = resolveDbPath(args.db);
if (args.demo) ensureDemoData(dbPath, { log: console.log });
const running = await startHub(dbPath, { port: portOf(args.port, DEFAULT_PORT), host: args.host ?? DEFAULT_HOST, backups: autoBackupFolder(args.backups, dbPath) });
if (!existsSync(rendererFolder())) console.warn('CampusDesk hub: the renderer is not built (npm run build); serving the API only.');
console.log(`CampusDesk hub on ${running.url}  (database: ${dbPath})`);
stopOnSignals(running);
