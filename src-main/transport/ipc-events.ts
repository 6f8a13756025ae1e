// The live events over IPC on the desktop (what GET /api/v1/events is for browsers): every
// event of the core's bus goes to each window whose signed-in user may hear it (the bus's
// `mayHear` rule), and each event that should raise an operating-system alert for that user
// (core/notifications.ts `desktopAlertFor`) is handed to the shell, which shows it with
// Electron's Notification. No Electron here, so this runs and is tested under plain Node.
import { eq } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import type { Core } from '../core/context.ts';
import { mayHear, subscribe, type LiveEvent } from '../core/notifications-bus.ts';
import { desktopAlertFor, type DesktopAlert } from '../core/notifications.ts';
import { readPrefs } from '../../src-shared/notify.ts';
import type { IpcDispatcher } from './ipc.ts';

export interface LiveEventMessage {
  type: LiveEvent['type'];
  data: Record<string, unknown>;
}

export interface IpcEventTargets {
  /** webContents ids of the main windows (the kiosk window hears nothing). */
  windows(): number[];
  send(windowId: number, event: LiveEventMessage): void;
  alert(windowId: number, alert: DesktopAlert): void;
}

/** Relays live events to the windows; returns the function that stops it. */
export function relayLiveEvents(core: Core, dispatcher: IpcDispatcher, targets: IpcEventTargets): () => void {
  return subscribe(core, (event) => {
    for (const id of targets.windows()) {
      const actor = dispatcher.sessionActor(id);
      if (!actor) continue;
      const listener = { userId: actor.id, role: actor.role };
      if (!mayHear(listener, event)) continue;
      targets.send(id, { type: event.type, data: event.data });
      const row = core.db.select({ notify: users.notify }).from(users).where(eq(users.id, actor.id)).get();
      const alert = desktopAlertFor({ id: actor.id, role: actor.role, prefs: readPrefs(actor.role, row?.notify ?? null) }, event);
      if (alert) targets.alert(id, alert);
    }
  });
}
