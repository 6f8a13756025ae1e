// The two windows of the desktop app. Both: context isolation, the Chromium sandbox, no Node
// in the page, the preload bridge only, our app:// pages only.
// - main: the helpdesk app (index.html), with the application menu.
// - kiosk: full screen, kiosk mode, no menu, no devtools, cannot be closed by the user; it
//   shows only the walk-up flow (kiosk.html). Leaving takes an admin password.
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { pageUrl } from '../transport/ipc.ts';

export interface WindowOptions {
  preload: string;
  /** Called once the window is gone (its webContents id, for forgetting its session). */
  onClosed: (webContentsId: number) => void;
}

const BACKGROUND = '#f5f6f8';

function secureWebPreferences(preload: string, devTools: boolean): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools,
  };
}

function track(win: BrowserWindow, onClosed: (id: number) => void): BrowserWindow {
  const id = win.webContents.id;
  win.once('ready-to-show', () => win.show());
  // A page that fails to load never becomes ready: show the window anyway (Chromium's error page).
  win.webContents.once('did-fail-load', () => { if (!win.isDestroyed()) win.show(); });
  win.on('closed', () => onClosed(id));
  return win;
}

export function createMainWindow(opts: WindowOptions & { devTools: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'CampusDesk',
    backgroundColor: BACKGROUND,
    webPreferences: secureWebPreferences(opts.preload, opts.devTools),
  });
  track(win, opts.onClosed);
  void win.loadURL(pageUrl('main'));
  return win;
}

export interface KioskWindow {
  win: BrowserWindow;
  /** Lets the window close (after an admin's password, or when the app quits). */
  allowClose(): void;
}

export function createKioskWindow(opts: WindowOptions): KioskWindow {
  const win = new BrowserWindow({
    show: false,
    title: 'CampusDesk kiosk',
    backgroundColor: BACKGROUND,
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    closable: false,
    minimizable: false,
    maximizable: false,
    movable: false,
    resizable: false,
    webPreferences: secureWebPreferences(opts.preload, false),
  });
  win.setMenu(null);
  win.removeMenu();
  let closable = false;
  win.on('close', (event) => {
    if (!closable) event.preventDefault();
  });
  // No browser shortcuts at a kiosk: reload, zoom, devtools, print, find.
  win.webContents.on('before-input-event', (event, input) => {
    const key = input.key.toLowerCase();
    const mod = input.control || input.meta;
    if (key === 'f5' || key === 'f12' || (key === 'f4' && input.alt)
      || (mod && ['r', 'w', 'p', 'f', 'i', 'j', 'u', '+', '-', '=', '0', 'q'].includes(key))) {
      event.preventDefault();
    }
  });
  win.webContents.on('devtools-opened', () => win.webContents.closeDevTools());
  track(win, opts.onClosed);
  void win.loadURL(pageUrl('kiosk'));
  return {
    win,
    allowClose() {
      closable = true;
      if (!win.isDestroyed()) win.setClosable(true);
    },
  };
}
