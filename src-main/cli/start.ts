// npm start -- [--db PATH] [--demo] [--kiosk] [--serve] [--port N] [--host H]
//
// Runs the desktop app on the embedded database. Builds what it needs first (the renderer
// when dist/renderer is missing or older than src-renderer/, and the Electron bundle).
// Where the Electron runtime cannot be used (not downloaded — offline machines —, broken,
// no display, or it dies at startup) it says so in one line and starts the hub instead,
// printing the URL to open, so the app's main job works on every machine.
//
// Environment: CAMPUSDESK_DB (database), CAMPUSDESK_ELECTRON (an Electron binary to use),
// CAMPUSDESK_NO_BUILD=1 (skip the builds), CAMPUSDESK_KIOSK_TOKEN (see src-main/desktop).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { commonOptions, portOf } from '../config/command-line.ts';
import { displayProblem, findElectron, runningAsRoot } from './electron-runtime.ts';
import { appRoot, rendererFolder, userDataFolder } from '../paths.ts';
import { startHub, stopOnSignals, DEFAULT_HOST, DEFAULT_PORT, type RunningHub } from '../hub.ts';
import { prepareDemo, startDbPath } from '../demo/demo-db.ts';
import { autoBackupFolder } from '../core/backup.ts';
import { ensureRenderer } from './renderer-build.ts';

/** The hub's backups section from --backups DIR|off (and CAMPUSDESK_BACKUPS). */
function backupsOf(flag: string | undefined, dbPath: string): { enabled: boolean; folder: string | null } {
  const folder = autoBackupFolder(flag, dbPath);
  return { enabled: folder !== undefined, folder: folder ?? null };
}

const USAGE = `Usage: npm start -- [--db PATH] [--demo] [--kiosk] [--serve] [--port 4780] [--host 127.0.0.1]
Starts the CampusDesk desktop app on the embedded database (default: the per-user app-data
folder; CAMPUSDESK_DB or --db override it). --demo starts on a separate demo database
(campusdesk-demo.db in the same folder) filled with demo data; a database named with --db
that already has other tickets gets none (it says so). --kiosk opens the full-screen kiosk window;
--serve also runs the hub inside the desktop app. Without a usable Electron runtime the hub
starts instead and prints the address to open in a browser.`;

function parseStartArgs() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: { ...commonOptions, serve: { type: 'boolean' } },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (err) {
    console.error(`CampusDesk: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
  }
}
const values = parseStartArgs();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const root = appRoot();
const build = process.env.CAMPUSDESK_NO_BUILD !== '1';
const fail = (message: string): never => {
  console.error(`CampusDesk: ${message}`);
  process.exit(1);
};

/** Builds the renderer when it is missing or older than its sources (cli/renderer-build.ts). */
function buildRenderer(): void {
  const state = ensureRenderer((m) => console.log(`CampusDesk: ${m}`));
  if (state === 'stale-kept') console.warn('CampusDesk: the renderer build failed; using the previous build.');
  else if (state === 'missing') fail('the renderer build failed (see above); fix it or run "npm run build".');
}

function buildElectronBundle(): boolean {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-electron.ts'), '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return r.status === 0;
}

const dbPath = startDbPath({ cliDb: values.db, demo: values.demo === true });
const port = portOf(values.port, DEFAULT_PORT);
const host = values.host ?? DEFAULT_HOST;

async function startHubInstead(why: string): Promise<void> {
  console.log(`CampusDesk: ${why}; starting the hub instead (the same app in your browser).`);
  let running: RunningHub;
  try {
    running = await startHub(dbPath, { port, host, backups: backupsOf(values.backups, dbPath) });
  } catch (err) {
    // The default port is taken: any free port will do (an explicit --port is kept).
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || values.port !== undefined) throw err;
    running = await startHub(dbPath, { port: 0, host, backups: backupsOf(values.backups, dbPath) });
  }
  console.log(`CampusDesk: open ${running.url}/${values.kiosk ? 'kiosk' : ''} in a browser (database: ${dbPath}; Ctrl+C stops it).`);
  stopOnSignals(running);
}

/** Runs Electron; resolves with its exit code, or with a reason when it died at startup. */
function runElectron(electronPath: string): Promise<{ code: number } | { failed: string }> {
  const argv = [root, '--db', dbPath];
  if (values.kiosk) argv.push('--kiosk');
  if (values.serve) argv.push('--serve', '--port', String(port), '--host', host);
  if (runningAsRoot()) {
    argv.push('--no-sandbox');
    console.warn('CampusDesk: running as root, so Chromium\'s OS sandbox is off (--no-sandbox); run as a normal user to keep it.');
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const started = Date.now();
  const child = spawn(electronPath, argv, { cwd: root, env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => {
    child.once('error', (err) => resolve({ failed: `Electron could not be started (${err.message})` }));
    child.once('exit', (code, signal) => {
      const early = Date.now() - started < 15_000;
      if (early && code !== 0 && signal === null) resolve({ failed: `Electron exited at startup with code ${code}` });
      else resolve({ code: code ?? (signal ? 1 : 0) });
    });
  });
}

if (build) buildRenderer();
else if (!existsSync(rendererFolder())) console.warn('CampusDesk: the renderer is not built (npm run build); only the API will answer.');
if (values.demo) prepareDemo(dbPath, userDataFolder());

const runtime = findElectron();
const problem = runtime.ok ? displayProblem() : runtime.reason;
if (!runtime.ok || problem) {
  await startHubInstead(`the Electron runtime is not available: ${problem}`);
} else {
  if (build && !buildElectronBundle()) fail('bundling the Electron shell failed (see above).');
  if (!existsSync(join(root, 'dist-electron', 'main.cjs'))) fail('dist-electron/main.cjs is missing; run "npm run build".');
  const outcome = await runElectron(runtime.path);
  if ('failed' in outcome) await startHubInstead(outcome.failed);
  else process.exit(outcome.code);
}
