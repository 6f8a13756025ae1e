// Operating-system alerts for agents (Electron's Notification): which events alert whom is
// decided in core (core/notifications.ts desktopAlertFor, relayed by transport/ipc-events.ts);
// this only shows them, and a click brings the window to the ticket.
import { Notification, type BrowserWindow } from 'electron';
import type { DesktopAlert } from '../core/notifications.ts';

export function showDesktopAlert(alert: DesktopAlert, win: BrowserWindow | null): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: alert.title, body: alert.body, silent: false });
  n.on('click', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    // The renderer routes with a HashRouter: move it to the ticket.
    void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/tickets/${alert.ticketId}`)}`).catch(() => undefined);
  });
  n.show();
}
