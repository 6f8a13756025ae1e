// Runs the bundled desktop shell (dist-electron/main.cjs) under plain Node with a small
// recording stand-in for the parts of Electron's API it uses — for machines without the
// Electron runtime. It checks our wiring (what the shell asks Electron to do, and how it
// answers IPC, protocol requests and navigation), not Electron itself; the Playwright test
// (desktop.test.ts) covers the real thing where the runtime exists.
//
// Usage: [SHELL_BUNDLE=path/to/main.cjs] node electron-stand-in.cjs <scenario> -- <argv for the shell>
// Prints one JSON line: { events, results } for the test to check.
'use strict';
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const { join } = require('node:path');

const scenario = process.argv[2];
const shellArgs = process.argv.slice(process.argv.indexOf('--') + 1);
const events = [];
const results = {};
const record = (...e) => events.push(e);

let contentsIds = 0;
class WebFrameMain {
  constructor(url, parent = null) { this.url = url; this.parent = parent; }
}
class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = ++contentsIds;
    this.url = '';
    this.mainFrame = new WebFrameMain('');
  }
  setWindowOpenHandler(handler) { this.windowOpenHandler = handler; }
  getURL() { return this.url; }
  closeDevTools() { record('closeDevTools', this.id); }
  isDestroyed() { return false; }
}
const windows = [];
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.destroyed = false;
    this.webContents = new WebContents();
    windows.push(this);
    record('new BrowserWindow', JSON.parse(JSON.stringify(options)));
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    record('loadURL', this.webContents.id, url);
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show() { record('show', this.webContents.id); }
  setMenu(menu) { record('setMenu', this.webContents.id, menu); }
  removeMenu() { record('removeMenu', this.webContents.id); }
  setClosable(v) { record('setClosable', this.webContents.id, v); }
  isDestroyed() { return this.destroyed; }
  isMinimized() { return false; }
  restore() {}
  focus() { record('focus', this.webContents.id); }
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => { prevented = true; } });
    record('close', this.webContents.id, prevented ? 'prevented' : 'closed');
    if (prevented) return;
    this.destroyed = true;
    windows.splice(windows.indexOf(this), 1);
    this.emit('closed');
    // As in Electron: not while quitting (app.quit closes the windows itself).
    if (windows.length === 0 && !quitting) app.emit('window-all-closed');
  }
  static getAllWindows() { return [...windows]; }
  static fromWebContents(wc) { return windows.find((w) => w.webContents === wc) ?? null; }
}

const app = new EventEmitter();
const paths = {};
let quitting = false;
let ready = false;
Object.assign(app, {
  isPackaged: false,
  setPath: (name, value) => { paths[name] = value; record('app.setPath', name, value); },
  getPath: (name) => paths[name] ?? join(require('node:os').tmpdir(), `stand-in-${name}`),
  getName: () => 'CampusDesk',
  enableSandbox: () => record('app.enableSandbox', { ready }),
  requestSingleInstanceLock: () => { record('app.requestSingleInstanceLock'); return scenario !== 'second-instance'; },
  isReady: () => ready,
  whenReady: () => new Promise((resolve) => setImmediate(() => { ready = true; resolve(); })),
  quit: () => {
    record('app.quit');
    quitting = true;
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => { prevented = true; } });
    for (const w of [...windows]) w.close();
    if (windows.length) { quitting = false; return; }
    app.emit('will-quit', { preventDefault: () => { prevented = true; record('will-quit deferred'); } });
    if (!prevented) { record('app quits'); setImmediate(finish); }
  },
  exit: (code) => { record('app.exit', code); setImmediate(finish); },
  showAboutPanel: () => {},
});

const sessionHandlers = {};
const session = {
  defaultSession: {
    setPermissionRequestHandler: (h) => { sessionHandlers.permissionRequest = h; },
    setPermissionCheckHandler: (h) => { sessionHandlers.permissionCheck = h; },
    setDevicePermissionHandler: (h) => { sessionHandlers.device = h; },
    setDisplayMediaRequestHandler: (h) => { sessionHandlers.displayMedia = h; },
    webRequest: { onHeadersReceived: (h) => { sessionHandlers.headers = h; } },
    on: (name, h) => { sessionHandlers[name] = h; },
  },
};
const ipcHandlers = new Map();
let protocolHandler = null;
const electron = {
  app,
  BrowserWindow,
  session,
  ipcMain: { handle: (channel, fn) => { ipcHandlers.set(channel, fn); record('ipcMain.handle', channel); } },
  Menu: {
    setApplicationMenu: (m) => record('Menu.setApplicationMenu', m === null ? null : 'menu'),
    buildFromTemplate: (t) => ({ template: t }),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => record('protocol.registerSchemesAsPrivileged', schemes, { ready }),
    handle: (scheme, h) => { protocolHandler = h; record('protocol.handle', scheme); },
  },
  dialog: {
    showErrorBox: (title, message) => record('dialog.showErrorBox', title, message),
    showSaveDialog: async (...a) => { const opts = a[a.length - 1]; record('dialog.showSaveDialog', opts); return { canceled: false, filePath: process.env.SAVE_TO }; },
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};

/** An ipcMain.handle call as Electron would make it, from a window's top frame (or another frame). */
function ipc(channel, win, args, frame) {
  const handler = ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const wc = win ? win.webContents : new WebContents();
  const senderFrame = frame === undefined ? new WebFrameMain(wc.url) : frame;
  return handler({ sender: wc, senderFrame }, ...args);
}
function navigate(win, url) {
  let prevented = false;
  win.webContents.emit('will-navigate', { url, preventDefault: () => { prevented = true; } });
  return prevented ? 'blocked' : 'allowed';
}
async function fetchApp(url, method = 'GET') {
  const res = await protocolHandler(new Request(url, { method }));
  return { status: res.status, csp: res.headers.get('content-security-policy'), type: res.headers.get('content-type'), body: method === 'GET' ? (await res.text()).slice(0, 60) : '' };
}
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  process.stdout.write(`\n@@RESULT ${JSON.stringify({ events, results })}\n`);
  process.exit(0);
}

const scenarios = {
  async main() {
    const win = windows[0];
    results.invoke = await ipc('campusdesk:invoke', win, ['auth.status', {}]);
    results.setup = (await ipc('campusdesk:invoke', win, ['auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada' }])).ok;
    results.me = await ipc('campusdesk:invoke', win, ['auth.me', {}]);
    results.analytics = await ipc('campusdesk:invoke', win, ['analytics.activeByCategory', {}]);
    results.foreignFrame = await ipc('campusdesk:invoke', win, ['auth.me', {}], new WebFrameMain('https://example.com/'));
    results.subFrame = await ipc('campusdesk:invoke', win, ['auth.me', {}], new WebFrameMain(win.webContents.url, new WebFrameMain(win.webContents.url)));
    results.otherContents = await ipc('campusdesk:invoke', null, ['auth.status', {}], new WebFrameMain('app://campusdesk/index.html'));
    results.noFrame = await ipc('campusdesk:invoke', win, ['auth.status', {}], null);
    results.saveFile = await ipc('campusdesk:save-file', win, [{ defaultName: 'chart.csv', data: 'a,b\n1,2\n', filters: [{ name: 'CSV', extensions: ['csv'] }] }]);
    results.saveFileBad = await ipc('campusdesk:save-file', win, [{ defaultName: '../etc/x', data: 1 }]);
    results.kioskExitFromMain = await ipc('campusdesk:kiosk-exit', win, ['admin-password']);
    results.windowOpen = win.webContents.windowOpenHandler({ url: 'https://example.com/' });
    results.navigateAway = navigate(win, 'https://example.com/');
    results.navigateOtherPage = navigate(win, 'app://campusdesk/kiosk.html');
    results.navigateSamePage = navigate(win, 'app://campusdesk/index.html#/tickets/1');
    let webviewPrevented = false;
    win.webContents.emit('will-attach-webview', { preventDefault: () => { webviewPrevented = true; } });
    results.webview = webviewPrevented;
    results.permission = await new Promise((r) => sessionHandlers.permissionRequest(win.webContents, 'geolocation', r));
    results.clipboard = await new Promise((r) => sessionHandlers.permissionRequest(win.webContents, 'clipboard-sanitized-write', r));
    results.index = await fetchApp('app://campusdesk/');
    results.kioskPage = await fetchApp('app://campusdesk/kiosk.html');
    results.traversal = await fetchApp('app://campusdesk/..%2f..%2fsecret.txt');
    results.missing = await fetchApp('app://campusdesk/nope.js');
    results.otherHost = await fetchApp('app://elsewhere/index.html');
    results.post = await fetchApp('app://campusdesk/index.html', 'POST');
    win.close();
  },
  async kiosk() {
    const kiosk = windows[0];
    results.invokeLogin = await ipc('campusdesk:invoke', kiosk, ['auth.login', { username: 'admin', password: 'admin-password' }]);
    kiosk.close();
    results.windowsAfterClose = windows.length;
    results.exitWrong = await ipc('campusdesk:kiosk-exit', kiosk, ['wrong-password']);
    results.exitRight = await ipc('campusdesk:kiosk-exit', kiosk, ['admin-password']);
    await tick();
    results.windows = windows.map((w) => w.webContents.url);
    results.settings = JSON.parse(require('node:fs').readFileSync(join(paths.userData, 'settings.json'), 'utf8'));
    windows[0].close();
  },
  async 'enter-kiosk'() {
    const win = windows[0];
    await ipc('campusdesk:invoke', win, ['auth.login', { username: 'admin', password: 'admin-password' }]);
    results.enter = await ipc('campusdesk:enter-kiosk', win, [process.env.KIOSK_TOKEN]);
    await tick();
    results.windows = windows.map((w) => w.webContents.url);
    results.settings = JSON.parse(require('node:fs').readFileSync(join(paths.userData, 'settings.json'), 'utf8'));
    const kiosk = windows[0];
    app.quit();
    results.kioskClosedOnQuit = kiosk.isDestroyed();
  },
  async 'second-instance'() {},
  async 'not-built'() {},
};

process.argv = [process.execPath, join(__dirname, '..', '..', '..'), ...shellArgs];
require(process.env.SHELL_BUNDLE || join(__dirname, '..', '..', '..', 'dist-electron', 'main.cjs'));
(async () => {
  await tick(200);
  try {
    await scenarios[scenario]();
  } catch (err) {
    results.error = String(err && err.stack || err);
  }
  await tick(300);
  // A quit waits for the app's clean-up (closing the database, and the worker threads once
  // they have loaded): give it time before reporting, so a slow machine does not cut it short.
  const quitAsked = () => events.some((e) => e[0] === 'app.quit');
  const quitDone = () => events.some((e) => e[0] === 'app quits' || e[0] === 'app.exit');
  for (let waited = 0; quitAsked() && !quitDone() && waited < 20_000; waited += 50) await tick(50);
  finish();
})();
