// The live events over IPC on the desktop (transport/ipc-events.ts) with the real registry and
// a real SQLite file: each window hears what its signed-in user may see, and agents get
// desktop alerts for new urgent tickets and reporters' replies on tickets assigned to them,
// unless they turned desktop alerts off (core/notifications.ts desktopAlertFor).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src-main/app.ts';
import { IpcDispatcher, pageUrl } from '../../src-main/transport/ipc.ts';
import { relayLiveEvents, type LiveEventMessage } from '../../src-main/transport/ipc-events.ts';
import type { DesktopAlert } from '../../src-main/core/notifications.ts';

describe('live events over IPC and desktop alerts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'campusdesk-ipc-events-'));
  let app: App;
  let ipc: IpcDispatcher;
  const sent = new Map<number, LiveEventMessage[]>();
  const alerts = new Map<number, DesktopAlert[]>();
  const windows = [1, 2, 3, 4];
  const as = (id: number) => ({ id, url: pageUrl('main') });
   
  const call = async (win: number, name: string, input: object = {}): Promise<any> => {
    const r = await ipc.invoke(as(win), name, input);
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
    return r.result;
  };
  beforeAll(async () => {
    app = createApp(join(dir, 'db.sqlite'), { analytics: false, mail: false });
    ipc = new IpcDispatcher(app.registry);
    relayLiveEvents(app.core, ipc, {
      windows: () => windows,
      send: (id, e) => { sent.set(id, [...(sent.get(id) ?? []), e]); },
      alert: (id, a) => { alerts.set(id, [...(alerts.get(id) ?? []), a]); },
    });
    await call(1, 'auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada' });
    for (const [u, role] of [['agnes', 'agent'], ['rita', 'reporter'], ['quiet', 'agent']] as const) {
      await call(1, 'users.create', { username: u, password: `${u}-password`, displayName: u, role });
    }
    await call(2, 'auth.login', { username: 'agnes', password: 'agnes-password' });
    await call(3, 'auth.login', { username: 'rita', password: 'rita-password' });
    await call(4, 'auth.login', { username: 'quiet', password: 'quiet-password' });
    await call(4, 'users.updateMe', { notify: { desktop: false } });
  });
  afterAll(async () => { await app.close(); rmSync(dir, { recursive: true, force: true }); });

  it('relays events by visibility and alerts agents for urgent tickets and reporters\' replies on their tickets', async () => {
    const normal = await call(3, 'tickets.create', { subject: 'Chair wobbles', description: 'x', category: 'facility_management' });
    const urgent = await call(2, 'tickets.create', { subject: 'Fire alarm panel beeping', description: 'Building C', category: 'facility_management', priority: 'urgent' });
    expect(alerts.get(2)).toBeUndefined(); // its own urgent ticket: no alert for agnes
    expect(alerts.get(1)?.map((a) => a.title)).toEqual([`New urgent ticket #${urgent.id}`]);
    expect(alerts.get(4)).toBeUndefined(); // alerts off
    expect(sent.get(4)?.some((e) => e.type === 'ticket.created' && e.data.ticketId === urgent.id)).toBe(true); // still hears it
    expect(sent.get(3)?.filter((e) => e.data.ticketId === urgent.id)).toEqual([]); // not rita's ticket
    expect(alerts.get(3)).toBeUndefined(); // reporters never get desktop alerts

    await call(2, 'tickets.update', { id: normal.id, version: normal.version, assigneeId: 2 });
    await call(2, 'messages.add', { ticketId: normal.id, body: 'internal thought', internal: true });
    await call(3, 'messages.add', { ticketId: normal.id, body: 'Still wobbly' });
    expect(alerts.get(2)?.map((a) => [a.title, a.ticketId])).toEqual([[`Reply on #${normal.id}`, normal.id]]);
    expect(alerts.get(1)?.length).toBe(1); // not assigned to the admin
    expect(sent.get(3)?.some((e) => e.data.internal === true)).toBe(false);
  });
});
