// Locks every web page of the desktop app down (Electron's security checklist): no new
// windows, no navigation away from the page a window was opened on, no <webview>, no
// permissions (except writing to the clipboard from our own pages), downloads only of data
// the page made itself, and the hub's Content-Security-Policy on every response.
import { app, session, type Session, type WebContents } from 'electron';
import { APP_ORIGIN, pageKindOf } from '../transport/ipc.ts';
import { PAGE_HEADERS } from './renderer-files.ts';

/** Same document: equal up to the fragment (the HashRouter's routes live in the fragment). */
export function isSameDocument(current: string, target: string): boolean {
  try {
    const a = new URL(current);
    const b = new URL(target);
    a.hash = '';
    b.hash = '';
    return a.href === b.href;
  } catch {
    return false;
  }
}

function lockDownContents(contents: WebContents, log: (m: string) => void): void {
  // window.open, target=_blank, middle clicks: never a new window.
  contents.setWindowOpenHandler(({ url }) => {
    log(`CampusDesk: blocked a new window for ${url}`);
    return { action: 'deny' };
  });
  // Navigation: only within the same page (reloads included); nothing else, ever.
  contents.on('will-navigate', (event) => {
    if (!isSameDocument(contents.getURL(), event.url)) {
      event.preventDefault();
      log(`CampusDesk: blocked navigation to ${event.url}`);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!pageKindOf(event.url)) {
      event.preventDefault();
      log(`CampusDesk: blocked redirect to ${event.url}`);
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function lockDownSession(ses: Session): void {
  const ours = (origin: string | undefined | null): boolean => origin === APP_ORIGIN;
  ses.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write' && pageKindOf(contents.getURL()) === 'main');
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permission === 'clipboard-sanitized-write' && ours(requestingOrigin));
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  // The CSP also on anything that is not served by our protocol handler.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [PAGE_HEADERS['Content-Security-Policy']!] } });
  });
  // Downloads: only what our page made itself (blob:/data:), with the usual save dialog.
  ses.on('will-download', (event, item) => {
    const url = item.getURL();
    if (!(url.startsWith(`blob:${APP_ORIGIN}/`) || url.startsWith('data:'))) event.preventDefault();
  });
}

/** Installs the hooks; call before the first window opens. */
export function installSecurity(log: (m: string) => void): void {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, log));
  lockDownSession(session.defaultSession);
}
