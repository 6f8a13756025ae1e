// The desktop shell's wiring, tested under plain Node: the real bundle (main.cjs, built here
// into dist/electron-shell-test/) runs against a recording stand-in for Electron's API (support/electron-stand-in.cjs)
// and a real database. Plus the shell's electron-free helpers. What only the real runtime can
// show (Chromium enforcing the sandbox and CSP) is in desktop.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src-main/app.ts';
import { hashToken } from '../../src-main/core/auth.ts';
import { kiosks } from '../../src-main/db/schema.ts';
import { CSP } from '../../src-main/transport/http.ts';
import { resolveAppRequest } from '../../src-main/desktop/renderer-files.ts';
import { parseDesktopArgs } from '../../src-main/desktop/args.ts';
import { readSettings, writeSettings, defaultSettings } from '../../src-main/desktop/settings.ts';
import { parseSaveFileOptions, saveFileBytes } from '../../src-main/desktop/save-file.ts';

const root = join(import.meta.dirname, '..', '..');
const standIn = join(import.meta.dirname, 'support', 'electron-stand-in.cjs');
const KIOSK_TOKEN = 'stand-in-kiosk-token-0123456789abcdefghijklmnopqrstuvwxyz';

type Event = [string, ...unknown[]];
interface Outcome { events: Event[]; results: Record<string, any>; output: string }

let dir: string;
let rendererDir: string;

function runShell(scenario: string, args: string[], env: Record<string, string> = {}): Outcome {
  const r = spawnSync(process.execPath, [standIn, scenario, '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SHELL_BUNDLE: join(root, 'dist', 'electron-shell-test', 'main.cjs'), CAMPUSDESK_RENDERER_DIR: rendererDir, CAMPUSDESK_KIOSK_TOKEN: '', ...env },
  });
  const output = `${r.stdout}\n${r.stderr}`;
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
  if (!line) throw new Error(`the shell printed no result (exit ${r.status}):\n${output}`);
  const parsed = JSON.parse(line.slice('@@RESULT '.length)) as Omit<Outcome, 'output'>;
  if (parsed.results.error) throw new Error(`${parsed.results.error}\n${output}`);
  return { ...parsed, output };
}
const find = (o: Outcome, name: string) => o.events.filter((e) => e[0] === name);

beforeAll(async () => {
  // A bundle of its own (dist-electron/ may be in use by the Playwright test meanwhile).
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-electron.ts'), '--quiet', '--out', 'dist/electron-shell-test'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build-electron failed:\n${built.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'campusdesk-shell-'));
  rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>CampusDesk</title>');
  writeFileSync(join(rendererDir, 'kiosk.html'), '<!doctype html><title>CampusDesk kiosk</title>');
  writeFileSync(join(dir, 'secret.txt'), 'not for the page');
  // A database with an admin and a registered kiosk.
  const app = createApp(join(dir, 'kiosk.db'));
  await app.registry.call('auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada' }, { token: null, client: 'test' });
  app.core.db.insert(kiosks).values({ name: 'Lobby', tokenHash: hashToken(KIOSK_TOKEN), createdAt: Date.now() }).run();
  await app.close();
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('desktop shell (bundle under a stand-in for Electron)', () => {
  it('opens one locked-down main window on app://campusdesk and answers the bridge', () => {
    const userData = join(dir, 'ud-main');
    const saveTo = join(dir, 'export.csv');
    const o = runShell('main', ['--db', join(dir, 'main.db'), '--user-data-dir', userData, '--inspect=0', 'positional'], { SAVE_TO: saveTo });
    const r = o.results;
    // Before ready: user data, OS sandbox for all renderers, the privileged scheme; then the lock.
    expect(find(o, 'app.setPath')).toEqual([['app.setPath', 'userData', userData]]);
    expect(find(o, 'app.enableSandbox')).toEqual([['app.enableSandbox', { ready: false }]]);
    expect(find(o, 'protocol.registerSchemesAsPrivileged')[0]).toEqual(['protocol.registerSchemesAsPrivileged',
      [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }], { ready: false }]);
    expect(find(o, 'app.requestSingleInstanceLock')).toHaveLength(1);
    const windows = find(o, 'new BrowserWindow');
    expect(windows).toHaveLength(1);
    const options = windows[0]![1] as { webPreferences: Record<string, unknown>; kiosk?: boolean };
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(options.webPreferences.preload)).toMatch(/electron-shell-test[\\/]preload\.cjs$/);
    expect(options.kiosk).toBeUndefined();
    expect(find(o, 'loadURL')).toEqual([['loadURL', 1, 'app://campusdesk/index.html']]);
    expect(find(o, 'Menu.setApplicationMenu')[0]).toEqual(['Menu.setApplicationMenu', 'menu']);
    expect(find(o, 'ipcMain.handle').map((e) => e[1]).sort()).toEqual(['campusdesk:connection-check', 'campusdesk:connection-get', 'campusdesk:connection-save', 'campusdesk:enter-kiosk', 'campusdesk:file', 'campusdesk:invoke', 'campusdesk:kiosk-exit', 'campusdesk:save-file', 'campusdesk:upload']);

    // IPC: the window's session is kept in main; foreign frames, subframes, other contents are refused.
    expect(r.invoke).toEqual({ ok: true, result: { needsSetup: true } });
    expect(r.setup).toBe(true);
    expect(r.me.result.user.username).toBe('admin');
    // Analytics run in the bundled worker (analytics-worker.cjs next to main.cjs).
    expect(r.analytics).toMatchObject({ ok: true, result: { total: 0 } });
    for (const k of ['foreignFrame', 'subFrame', 'otherContents', 'noFrame']) expect(r[k], k).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(r.kioskExitFromMain).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // saveFile: a dialog in main, then the file is written.
    expect(r.saveFile).toEqual({ ok: true, result: { saved: true, path: saveTo } });
    expect(readFileSync(saveTo, 'utf8')).toBe('a,b\n1,2\n');
    expect(find(o, 'dialog.showSaveDialog')[0]![1]).toMatchObject({ filters: [{ name: 'CSV', extensions: ['csv'] }] });
    expect(r.saveFileBad.error.code).toBe('VALIDATION');
    expect(r.saveFileBad.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['data', 'defaultName']);

    // Lock-down: no new windows, no navigation away, no webviews, no permissions.
    expect(r.windowOpen).toEqual({ action: 'deny' });
    expect(r.navigateAway).toBe('blocked');
    expect(r.navigateOtherPage).toBe('blocked');
    expect(r.navigateSamePage).toBe('allowed');
    expect(r.webview).toBe(true);
    expect(r.permission).toBe(false);
    expect(r.clipboard).toBe(true);

    // The protocol serves the renderer folder only, with the hub's CSP.
    expect(r.index).toMatchObject({ status: 200, csp: CSP, type: 'text/html; charset=utf-8', body: '<!doctype html><title>CampusDesk</title>' });
    expect(r.kioskPage.status).toBe(200);
    expect(r.traversal.status).toBeGreaterThanOrEqual(403);
    expect(r.traversal.body).not.toContain('not for the page');
    expect(r.missing.status).toBe(404);
    expect(r.otherHost.status).toBe(404);
    expect(r.post.status).toBe(405);

    // Closing the last window quits: the quit waits for the sessions to end and the database to close.
    expect(find(o, 'will-quit deferred')).toHaveLength(1);
    expect(find(o, 'app quits')).toHaveLength(1);
    expect(o.events.findIndex((e) => e[0] === 'will-quit deferred')).toBeLessThan(o.events.findIndex((e) => e[0] === 'app quits'));
  });

  it('--kiosk: a full-screen kiosk window without menu or devtools; only an admin password leaves it', () => {
    const userData = join(dir, 'ud-kiosk');
    const o = runShell('kiosk', ['--db', join(dir, 'kiosk.db'), '--user-data-dir', userData, '--kiosk']);
    const r = o.results;
    const windows = find(o, 'new BrowserWindow');
    const kioskOptions = windows[0]![1] as { webPreferences: Record<string, unknown>; kiosk?: boolean; fullscreen?: boolean };
    expect(kioskOptions).toMatchObject({ kiosk: true, fullscreen: true });
    expect(kioskOptions.webPreferences).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(find(o, 'loadURL')[0]).toEqual(['loadURL', 1, 'app://campusdesk/kiosk.html']);
    expect(find(o, 'setMenu')[0]).toEqual(['setMenu', 1, null]);
    expect(o.output).toMatch(/no kiosk token yet/);
    // No signing in at a kiosk; closing the window is refused.
    expect(r.invokeLogin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(find(o, 'close')[0]).toEqual(['close', 1, 'prevented']);
    expect(r.windowsAfterClose).toBe(1);
    // Leaving: the wrong password is refused; the admin's opens the main window.
    expect(r.exitWrong).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(r.exitRight).toEqual({ ok: true, result: {} });
    expect(r.windows).toEqual(['app://campusdesk/index.html']);
    expect(r.settings.kiosk.enabled).toBe(false);
  });

  it('the admin setting turns this computer into a kiosk, remembered in the settings file', () => {
    const userData = join(dir, 'ud-enter');
    const o = runShell('enter-kiosk', ['--db', join(dir, 'kiosk.db'), '--user-data-dir', userData], { KIOSK_TOKEN });
    const r = o.results;
    expect(r.enter).toEqual({ ok: true, result: { kiosk: { id: 1, name: 'Lobby' } } });
    expect(r.windows).toEqual(['app://campusdesk/kiosk.html']);
    expect(r.settings).toEqual({ kiosk: { enabled: true, token: KIOSK_TOKEN }, connection: { mode: 'local' } });
    if (process.platform !== 'win32') expect(statSync(join(userData, 'settings.json')).mode & 0o777).toBe(0o600);
    // Quitting the app still closes the kiosk window.
    expect(r.kioskClosedOnQuit).toBe(true);
    expect(find(o, 'app quits')).toHaveLength(1);
  });

  it('a second instance hands over to the first and opens nothing', () => {
    const o = runShell('second-instance', ['--db', join(dir, 'second.db'), '--user-data-dir', join(dir, 'ud-second')]);
    expect(find(o, 'new BrowserWindow')).toHaveLength(0);
    expect(find(o, 'app.quit').length).toBeGreaterThan(0);
  });

  it('refuses to start without a built renderer, saying what to run', () => {
    const o = runShell('not-built', ['--db', join(dir, 'nb.db'), '--user-data-dir', join(dir, 'ud-nb')], { CAMPUSDESK_RENDERER_DIR: join(dir, 'nothing') });
    expect(find(o, 'dialog.showErrorBox')[0]![2]).toMatch(/npm run build/);
    expect(find(o, 'app.exit')).toEqual([['app.exit', 1]]);
    expect(find(o, 'new BrowserWindow')).toHaveLength(0);
  });
});

describe('desktop shell helpers', () => {
  it('maps app:// requests to files of the renderer folder only', () => {
    const base = '/opt/cd/renderer';
    expect(resolveAppRequest('app://campusdesk/', 'GET', base)).toMatchObject({ status: 200, file: '/opt/cd/renderer/index.html' });
    expect(resolveAppRequest('app://campusdesk/assets/index-x.js?v=1', 'GET', base)).toMatchObject({ status: 200, contentType: 'text/javascript; charset=utf-8' });
    expect(resolveAppRequest('app://campusdesk/assets/font.woff2', 'HEAD', base)).toMatchObject({ status: 200, contentType: 'font/woff2' });
    // Dot segments are resolved by the URL parser first: they stay inside the folder.
    expect(resolveAppRequest('app://campusdesk/%2e%2e/%2e%2e/etc/passwd.txt', 'GET', base)).toMatchObject({ status: 200, file: '/opt/cd/renderer/etc/passwd.txt' });
    expect(resolveAppRequest('app://campusdesk/..%2f..%2fsecret.txt', 'GET', base).status).toBe(403);
    expect(resolveAppRequest('app://campusdesk/a%5c..%5c..%5cx.html', 'GET', base).status).toBe(403);
    expect(resolveAppRequest('app://campusdesk/%E0%A4%A', 'GET', base).status).toBe(404);
    expect(resolveAppRequest('app://campusdesk/tickets/12', 'GET', base).status).toBe(404);
    expect(resolveAppRequest('app://other/index.html', 'GET', base).status).toBe(404);
    expect(resolveAppRequest('app://campusdesk/index.html', 'PUT', base).status).toBe(405);
  });

  it('parses the desktop command line, ignoring Electron\'s and Chromium\'s own switches', () => {
    expect(parseDesktopArgs(['/app', '--inspect=0', '--remote-debugging-port=0', '--db', 'x.db', '--kiosk', '--serve', '--port=4781', '--no-sandbox']))
      .toEqual({ db: 'x.db', demo: false, kiosk: true, serve: true, port: '4781', host: undefined, userDataDir: undefined });
    expect(parseDesktopArgs([])).toMatchObject({ kiosk: false, serve: false, db: undefined });
  });

  it('reads and writes the settings file, falling back to defaults when it is broken', () => {
    const file = join(dir, 'settings-test', 'settings.json');
    expect(readSettings(file)).toEqual(defaultSettings());
    writeSettings(file, { kiosk: { enabled: true, token: 'abc' } });
    expect(readSettings(file)).toEqual({ kiosk: { enabled: true, token: 'abc' }, connection: { mode: 'local' } });
    writeFileSync(file, '{ broken');
    const warnings: string[] = [];
    expect(readSettings(file, (m) => warnings.push(m))).toEqual(defaultSettings());
    expect(warnings[0]).toMatch(/not valid JSON/);
    writeFileSync(file, JSON.stringify({ kiosk: { enabled: 'yes' } }));
    expect(readSettings(file, (m) => warnings.push(m))).toEqual(defaultSettings());
  });

  it('checks saveFile options: a plain file name, text or bytes, sane filters', () => {
    const png = parseSaveFileOptions({ defaultName: 'chart.png', data: new Uint8Array([137, 80, 78, 71]), filters: [{ name: 'PNG image', extensions: ['png'] }] });
    expect([...saveFileBytes(png)]).toEqual([137, 80, 78, 71]);
    expect(saveFileBytes(parseSaveFileOptions({ defaultName: 'x.csv', data: 'é' })).length).toBe(2);
    for (const bad of [{ defaultName: '../x.csv', data: '' }, { defaultName: 'a/b.csv', data: '' }, { defaultName: '', data: '' },
      { defaultName: 'x.csv', data: 5 }, { defaultName: 'x.csv', data: '', filters: [{ name: 'CSV', extensions: ['.csv'] }] },
      { defaultName: 'x.csv', data: '', extra: 1 }, null]) {
      expect(() => parseSaveFileOptions(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    }
  });
});
