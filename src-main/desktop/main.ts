// The Electron main process: a thin shell around the same core the hub runs. It opens the
// database (createApp), answers the preload bridge through the IPC dispatcher, serves the
// built renderer under app://campusdesk/, and opens either the main window or — with
// `--kiosk` or the admin setting — the full-screen kiosk window.
//
//   electron . [--db PATH] [--demo] [--kiosk] [--serve [--port N] [--host H]] [--user-data-dir PATH]
//
// Connection (settings.json, chosen on the Connection settings screen): this PC's database
// (default), a database file at a path, or a CampusDesk hub at a URL — then every bridge call
// is forwarded to the hub (hub-forwarder.ts) and no local database is opened.
// Database: --db, else CAMPUSDESK_DB, else the settings' file, else campusdesk.db in the
// user-data folder (the same per-user folder the hub uses by default; --user-data-dir or
// CAMPUSDESK_USER_DATA move it). Logs: <user data>/logs/campusdesk.log (rotated), and stdout.
// Kiosk token: CAMPUSDESK_KIOSK_TOKEN, else the one stored by the admin setting (settings.ts).
// Main window devtools: when not packaged, or with CAMPUSDESK_DEVTOOLS=1 (never in the kiosk).
import { app, BrowserWindow, dialog, ipcMain, Menu, net, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { App } from '../app.ts';
import { IpcDispatcher, type IpcSender } from '../transport/ipc.ts';
import { startHttpServer, type Hub } from '../transport/http.ts';
import { rendererFolder, userDataFolder } from '../paths.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../hub.ts';
import { portOf } from '../config/command-line.ts';
import { desktopDbPath, openDesktopDatabase } from './local-database.ts';
import { parseDesktopArgs } from './args.ts';
import { IPC_CHANNELS } from './channels.ts';
import { applicationMenu } from './menu.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { parseSaveFileOptions, saveFileBytes } from './save-file.ts';
import { installSecurity } from './security.ts';
import { checkConnection, readSettings, settingsPath, writeSettings, type DesktopSettings } from './settings.ts';
import { HubForwarder } from './hub-forwarder.ts';
import { createDesktopLogger, envLevel } from '../log.ts';
import { createKioskWindow, createMainWindow, type KioskWindow } from './windows.ts';
import { relayLiveEvents } from '../transport/ipc-events.ts';
import { showDesktopAlert } from './alerts.ts';

const args = parseDesktopArgs(process.argv.slice(1));
const devTools = !app.isPackaged || process.env.CAMPUSDESK_DEVTOOLS === '1';

// One user-data folder for Chromium's profile, the settings and the default database.
app.setPath('userData', resolve(args.userDataDir ?? process.env.CAMPUSDESK_USER_DATA ?? userDataFolder()));
app.enableSandbox();
registerAppScheme();
const logFile = join(app.getPath('userData'), 'logs', 'campusdesk.log');
const log = createDesktopLogger(logFile, envLevel('info'), !app.isPackaged || process.stdout.isTTY === true);

let core: App | null = null;
/** Answers the bridge: the local database (IpcDispatcher) or a hub (HubForwarder). */
let dispatcher: IpcDispatcher | HubForwarder | null = null;
let dbPath: string | null = null;
let hub: Hub | null = null;
let settings: DesktopSettings;
let mainWindow: BrowserWindow | null = null;
let kioskWindow: KioskWindow | null = null;
/** webContents ids of our windows: only their top frames may use the bridge. */
const ourContents = new Set<number>();

const preloadPath = (): string => join(__dirname, 'preload.cjs');
const settingsFile = (): string => settingsPath(app.getPath('userData'));
const kioskToken = (): string | null => process.env.CAMPUSDESK_KIOSK_TOKEN || settings.kiosk.token;

/** A failure already reported to the user; the app is exiting. */
class Reported extends Error {}

function fatal(title: string, err: unknown): never {
  if (err instanceof Reported) throw err;
  const message = err instanceof Error ? err.message : String(err);
  log.fatal({ err }, `${title}: ${message}`);
  if (app.isReady()) dialog.showErrorBox(`CampusDesk: ${title}`, message);
  app.exit(1);
  throw new Reported(message);
}

function windowClosed(id: number): void {
  ourContents.delete(id);
  void dispatcher?.forget(id);
}

function focus(win: BrowserWindow | null | undefined): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

function openMain(): BrowserWindow {
  if (mainWindow && !mainWindow.isDestroyed()) {
    focus(mainWindow);
    return mainWindow;
  }
  Menu.setApplicationMenu(applicationMenu({ devTools, onConnectionSettings: showConnectionSettings }));
  const win = createMainWindow({
    preload: preloadPath(),
    devTools,
    onClosed: (id) => {
      if (mainWindow === win) mainWindow = null;
      windowClosed(id);
    },
  });
  ourContents.add(win.webContents.id);
  mainWindow = win;
  return win;
}

function openKiosk(): KioskWindow {
  if (kioskWindow && !kioskWindow.win.isDestroyed()) {
    focus(kioskWindow.win);
    return kioskWindow;
  }
  if (!kioskToken()) {
    log.warn('kiosk: this computer has no kiosk token yet, so submissions will be refused; an admin registers it '
      + 'under Admin → Kiosks ("use this computer as a kiosk"), or set CAMPUSDESK_KIOSK_TOKEN.');
  }
  if (process.platform === 'darwin') Menu.setApplicationMenu(null);
  const kiosk = createKioskWindow({
    preload: preloadPath(),
    onClosed: (id) => {
      if (kioskWindow === kiosk) kioskWindow = null;
      windowClosed(id);
    },
  });
  ourContents.add(kiosk.win.webContents.id);
  kioskWindow = kiosk;
  return kiosk;
}

/** Stores the settings; a failure is logged (this run goes on with them in memory). */
function saveSettings(): void {
  try {
    writeSettings(settingsFile(), settings);
  } catch (err) {
    log.error({ err }, `could not save ${settingsFile()}`);
  }
}

/** After an admin's password: back to the main window; the next start opens it too. */
function leaveKiosk(): void {
  settings = { ...settings, kiosk: { ...settings.kiosk, enabled: false } };
  saveSettings();
  const old = kioskWindow;
  openMain();
  if (old) {
    old.allowClose();
    old.win.close();
  }
}

/** The admin setting: remember the kiosk token and switch this computer to the kiosk window. */
function enterKiosk(token: string): void {
  settings = { ...settings, kiosk: { enabled: true, token } };
  saveSettings();
  openKiosk();
  mainWindow?.close();
}

/** The bridge may be used only by the top frame of one of our windows. */
function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  const topLevel = frame !== null && frame.parent === null;
  return { id: event.sender.id, url: ourContents.has(event.sender.id) && topLevel ? frame.url : null };
}

/** The main window's Connection settings screen (also linked from the sign-in screen). */
function showConnectionSettings(): void {
  const win = openMain();
  void win.webContents.executeJavaScript("location.hash = '#/connection'").catch(() => {});
}

function registerIpc(ipc: IpcDispatcher | HubForwarder): void {
  ipcMain.handle(IPC_CHANNELS.invoke, (event, name: unknown, input: unknown) => ipc.invoke(senderOf(event), name, input));

  // Connection settings (main window only): what is in use, a check, and save-and-restart.
  ipcMain.handle(IPC_CHANNELS.connectionGet, (event) => ipc.guarded(senderOf(event), ['main'], () => ({
    connection: settings.connection, database: dbPath, logFile,
  })));
  ipcMain.handle(IPC_CHANNELS.connectionCheck, (event, input: unknown) => ipc.guarded(senderOf(event), ['main'], () => checkConnection(input, { fetch: (u, i) => net.fetch(u, i) })));
  ipcMain.handle(IPC_CHANNELS.connectionSave, (event, input: unknown) => ipc.guarded(senderOf(event), ['main'], async () => {
    const check = await checkConnection(input, { fetch: (u, i) => net.fetch(u, i) });
    if (!check.ok) return check;
    settings = { ...settings, connection: check.connection };
    writeSettings(settingsFile(), settings);
    log.info({ connection: check.connection }, 'connection settings saved; restarting');
    setTimeout(() => { app.relaunch(); app.quit(); }, 300);
    return check;
  }));

  ipcMain.handle(IPC_CHANNELS.saveFile, (event, opts: unknown) => ipc.guarded(senderOf(event), ['main'], async () => {
    const req = parseSaveFileOptions(opts);
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = { defaultPath: join(app.getPath('downloads'), req.defaultName), filters: req.filters };
    const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false, path: null };
    await writeFile(choice.filePath, saveFileBytes(req));
    return { saved: true, path: choice.filePath };
  }));

  // Attachments: through this PC's own core, or forwarded to the hub's file routes (hub-forwarder.ts).
  ipcMain.handle(IPC_CHANNELS.upload, (event, bytes: unknown, name: unknown) => ipc.upload(senderOf(event), bytes, name));
  ipcMain.handle(IPC_CHANNELS.file, (event, id: unknown, thumbnail: unknown) => ipc.file(senderOf(event), id, thumbnail));

  ipcMain.handle(IPC_CHANNELS.exitKiosk, async (event, password: unknown, username: unknown) => {
    const reply = await ipc.exitKiosk(senderOf(event), password, username);
    if (reply.ok) setImmediate(leaveKiosk);
    return reply;
  });

  ipcMain.handle(IPC_CHANNELS.enterKiosk, async (event, token: unknown) => {
    const reply = await ipc.enterKiosk(senderOf(event), token);
    if (reply.ok && typeof token === 'string') {
      const stored = token.trim();
      setImmediate(() => enterKiosk(stored));
    }
    return reply;
  });
}

async function start(): Promise<void> {
  // CAMPUSDESK_RENDERER_DIR: another build of the renderer (development, tests).
  const renderer = resolve(process.env.CAMPUSDESK_RENDERER_DIR ?? rendererFolder());
  if (!existsSync(join(renderer, 'index.html'))) {
    fatal('the app is not built', new Error(`${renderer} has no index.html; run "npm run build" first.`));
  }
  installSecurity((m) => log.warn(m));
  serveRenderer(renderer);

  settings = readSettings(settingsFile(), (m) => log.warn(m));
  const connection = settings.connection;
  const explicitDb = args.db ?? process.env.CAMPUSDESK_DB;
  if (connection.mode === 'hub' && !explicitDb) {
    dispatcher = new HubForwarder(connection.url, { kioskToken, fetch: (u, i) => net.fetch(u, i), log: (m) => log.warn(m) });
    log.info({ hub: connection.url, logFile }, `desktop app on the hub ${connection.url}`);
  } else {
    const where = { args, userData: app.getPath('userData') };
    dbPath = desktopDbPath({ ...where, settingsFile: connection.mode === 'file' ? connection.path : null });
    try {
      core = openDesktopDatabase(dbPath, { ...where, log });
    } catch (err) {
      fatal(`cannot open the database ${dbPath}`, err);
    }
    const local = new IpcDispatcher(core.registry, { kioskToken });
    dispatcher = local;
    // Live events and desktop alerts from this PC's own database (on a hub they are not relayed yet).
    relayLiveEvents(core.core, local, {
      windows: () => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow.webContents.id] : []),
      send: (id, event) => { if (mainWindow && !mainWindow.isDestroyed() && mainWindow.webContents.id === id) mainWindow.webContents.send(IPC_CHANNELS.liveEvent, event); },
      alert: (_id, alert) => showDesktopAlert(alert, mainWindow),
    });
    log.info({ db: dbPath, logFile }, `desktop app on the database ${dbPath}`);
  }
  registerIpc(dispatcher);

  if (args.serve && core) {
    try {
      hub = await startHttpServer(core.registry, { port: portOf(args.port, DEFAULT_PORT), host: args.host ?? DEFAULT_HOST, staticDir: renderer, log });
      log.info({ url: hub.url }, `CampusDesk hub on ${hub.url}`);
    } catch (err) {
      log.error({ err }, 'the hub could not start; the desktop app runs without it');
    }
  }

  if (args.kiosk || settings.kiosk.enabled) openKiosk();
  else openMain();
}

/** Ends the windows' sessions, stops the hub, closes the database. */
let shutdown: Promise<void> | null = null;
const shutDown = (): Promise<void> => (shutdown ??= (async () => {
  await dispatcher?.forgetAll();
  await hub?.close();
  await core?.close();
})());

if (!app.requestSingleInstanceLock()) {
  // Another CampusDesk already runs on this user-data folder: it comes to the front instead.
  log.info('CampusDesk is already running; switching to it.');
  app.quit();
} else {
  app.on('second-instance', () => focus(kioskWindow?.win ?? mainWindow));
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (app.isReady() && core && BrowserWindow.getAllWindows().length === 0) openMain();
  });
  app.on('before-quit', () => kioskWindow?.allowClose());
  let cleanedUp = false;
  let cleaning = false;
  app.on('will-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    if (cleaning) return;
    cleaning = true;
    shutDown().catch((err: unknown) => log.error({ err }, 'error while closing')).finally(() => {
      cleanedUp = true;
      app.quit();
    });
  });
  app.whenReady().then(start).catch((err: unknown) => {
    if (!(err instanceof Reported)) {
      try { fatal('could not start', err); } catch { /* reported */ }
    }
  });
}
