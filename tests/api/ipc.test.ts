// The IPC transport (what the Electron shell hands its ipcMain calls to), against the real
// registry and a real SQLite file: sessions kept per window in main, sender checks, the
// kiosk window's restrictions and token, kiosk exit/enter, and the error envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createApp, type App } from '../../src-main/app.ts';
import { Registry, defineProcedure, kioskToken } from '../../src-main/api/registry.ts';
import { allProcedures } from '../../src-main/api/procedures/index.ts';
import { hashToken } from '../../src-main/core/auth.ts';
import { kiosks } from '../../src-main/db/schema.ts';
import { IpcDispatcher, pageKindOf, pageUrl, type IpcSender } from '../../src-main/transport/ipc.ts';
import type { IpcResult } from '../../src-shared/errors.ts';
import { TestClock } from '../support/hub.ts';

const MAIN = pageUrl('main');
const KIOSK = pageUrl('kiosk');
const KIOSK_TOKEN = 'test-kiosk-token-with-plenty-of-random-looking-bits-0123456789';

/** A test-only procedure that shows which kiosk a call was made as. */
const whichKiosk = defineProcedure({
  name: 'test.whichKiosk',
  summary: 'test: the calling kiosk',
  access: kioskToken,
  input: z.strictObject({}),
  output: z.object({ id: z.number(), name: z.string() }),
  handler: (ctx) => ({ id: ctx.kiosk!.id, name: ctx.kiosk!.name }),
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test results are checked field by field
function ok(r: IpcResult<unknown>): any {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.result;
}
function err(r: IpcResult<unknown>) {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.result)}`);
  return r.error;
}

describe('IPC dispatcher', () => {
  let dir: string;
  let app: App;
  let ipc: IpcDispatcher;
  let kioskTokenNow: string | null = null;
  const clock = new TestClock();
  const win1: IpcSender = { id: 1, url: `${MAIN}#/tickets` };
  const win2: IpcSender = { id: 2, url: MAIN };
  const kioskWin: IpcSender = { id: 3, url: KIOSK };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'campusdesk-ipc-'));
    app = createApp(join(dir, 'campusdesk.db'), { clock });
    const registry = new Registry(app.core, [...allProcedures, whichKiosk]);
    ipc = new IpcDispatcher(registry, { kioskToken: () => kioskTokenNow });
  });
  afterAll(async () => {
    await ipc.forgetAll();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recognises only our own pages', () => {
    expect(pageKindOf('app://campusdesk/index.html#/login')).toBe('main');
    expect(pageKindOf('app://campusdesk/')).toBe('main');
    expect(pageKindOf('app://campusdesk/kiosk.html?x=1')).toBe('kiosk');
    for (const url of ['https://campusdesk/index.html', 'app://evil/index.html', 'app://campusdesk/other.html',
      'file:///work/main/dist/renderer/index.html', 'app://campusdesk:81/index.html', 'app://u:p@campusdesk/index.html', '', null, undefined, 'not a url']) {
      expect(pageKindOf(url), String(url)).toBeNull();
    }
  });

  it('keeps the session of auth.setup / auth.login for the calling window only', async () => {
    expect(ok(await ipc.invoke(win1, 'auth.status', {}))).toEqual({ needsSetup: true });
    const setup = ok(await ipc.invoke(win1, 'auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada Admin' }));
    expect(setup.user.role).toBe('admin');
    expect(ipc.hasSession(win1.id)).toBe(true);
    // The renderer sends no token: the window's session is attached in main.
    expect(ok(await ipc.invoke(win1, 'auth.me', {})).user.username).toBe('admin');
    expect(ok(await ipc.invoke(win1, 'auth.me')).user.username).toBe('admin');
    // Another window has no session.
    expect(err(await ipc.invoke(win2, 'auth.me', {})).code).toBe('UNAUTHENTICATED');
    expect(ipc.hasSession(win2.id)).toBe(false);

    ok(await ipc.invoke(win1, 'users.create', { username: 'rita', password: 'rita-password', displayName: 'Rita', role: 'reporter' }));
    const login = ok(await ipc.invoke(win2, 'auth.login', { username: 'rita', password: 'rita-password' }));
    expect(login.user.username).toBe('rita');
    expect(ok(await ipc.invoke(win2, 'auth.me', {})).user.username).toBe('rita');
    expect(ok(await ipc.invoke(win1, 'auth.me', {})).user.username).toBe('admin');
  });

  it('dispatches to the same handlers: create and open a ticket, with role rules applied', async () => {
    const t = ok(await ipc.invoke(win2, 'tickets.create', { subject: 'Projector in B12 flickers', description: 'Since Monday.', category: 'technical_it' }));
    expect(t).toMatchObject({ subject: 'Projector in B12 flickers', status: 'open', channel: 'app', reporter: { displayName: 'Rita' } });
    expect(ok(await ipc.invoke(win1, 'tickets.get', { id: t.id })).id).toBe(t.id);
    const list = ok(await ipc.invoke(win2, 'tickets.list', {}));
    expect(list.items.map((x: { id: number }) => x.id)).toContain(t.id);
    // A reporter may not list users: FORBIDDEN, as over HTTP.
    expect(err(await ipc.invoke(win2, 'users.list', {})).code).toBe('FORBIDDEN');
  });

  it('answers failures with the error envelope of the spec', async () => {
    const v = err(await ipc.invoke(win1, 'tickets.create', { subject: '', description: 'x', category: 'technical_it', bogus: 1 }));
    expect(v.code).toBe('VALIDATION');
    expect(typeof v.message).toBe('string');
    expect(v.details.map((d) => d.path).sort()).toEqual(['bogus', 'subject']);
    expect(err(await ipc.invoke(win1, 'no.such', {}))).toMatchObject({ code: 'NOT_FOUND', details: [] });
    expect(err(await ipc.invoke(win1, 42, {})).code).toBe('NOT_FOUND');
    expect(err(await ipc.invoke(win1, 'tickets.get', { id: 999999 })).code).toBe('NOT_FOUND');
    expect(err(await ipc.invoke(win1, 'auth.me', [1, 2])).code).toBe('VALIDATION');
    expect(err(await ipc.invoke(win1, 'auth.me', 'text')).code).toBe('VALIDATION');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(err(await ipc.invoke(win1, 'auth.me', cyclic)).code).toBe('VALIDATION');
    const big = err(await ipc.invoke(win1, 'tickets.create', { subject: 's', description: 'x'.repeat(1024 * 1024 + 10), category: 'technical_it' }));
    expect(big.code).toBe('PAYLOAD_TOO_LARGE');
    expect(err(await ipc.invoke(win1, 'users.update', { id: 1, version: 'x' })).code).toBe('VALIDATION');
    // Wrong password: UNAUTHENTICATED, and the window's existing session stays.
    expect(err(await ipc.invoke(win1, 'auth.login', { username: 'admin', password: 'wrong-password' })).code).toBe('UNAUTHENTICATED');
    expect(ok(await ipc.invoke(win1, 'auth.me', {})).user.username).toBe('admin');
  });

  it('rejects senders that are not our renderer', async () => {
    for (const url of ['https://example.com/', 'file:///tmp/evil.html', 'app://campusdesk/assets/x.js', null]) {
      const e = err(await ipc.invoke({ id: win1.id, url }, 'auth.me', {}));
      expect(e.code, String(url)).toBe('FORBIDDEN');
    }
    // Even a window with a session gets nothing when its frame is foreign.
    expect(err(await ipc.invoke({ id: win1.id, url: 'https://example.com/' }, 'tickets.list', {})).code).toBe('FORBIDDEN');
  });

  it('auth.logout ends the session and forgets it; forget() ends a closed window\'s session', async () => {
    ok(await ipc.invoke(win2, 'auth.logout', {}));
    expect(ipc.hasSession(win2.id)).toBe(false);
    expect(err(await ipc.invoke(win2, 'auth.me', {})).code).toBe('UNAUTHENTICATED');
    // A second logout is UNAUTHENTICATED (no session), still forgotten.
    expect(err(await ipc.invoke(win2, 'auth.logout', {})).code).toBe('UNAUTHENTICATED');

    const w4: IpcSender = { id: 4, url: MAIN };
    const s = ok(await ipc.invoke(w4, 'auth.login', { username: 'admin', password: 'admin-password' }));
    await ipc.forget(w4.id);
    expect(ipc.hasSession(w4.id)).toBe(false);
    // The token handed out with the result stopped working too.
    await expect(app.registry.call('auth.me', {}, { token: s.token, client: 'test' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('signing in again in a window ends the window\'s previous session', async () => {
    const w5: IpcSender = { id: 5, url: MAIN };
    const first = ok(await ipc.invoke(w5, 'auth.login', { username: 'admin', password: 'admin-password' }));
    ok(await ipc.invoke(w5, 'auth.login', { username: 'admin', password: 'admin-password' }));
    await expect(app.registry.call('auth.me', {}, { token: first.token, client: 'test' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(ok(await ipc.invoke(w5, 'auth.me', {})).user.username).toBe('admin');
    await ipc.forget(w5.id);
  });

  it('lets the kiosk window call only walk-up procedures, carrying the kiosk token', async () => {
    expect(err(await ipc.invoke(kioskWin, 'auth.login', { username: 'admin', password: 'admin-password' })).code).toBe('FORBIDDEN');
    expect(err(await ipc.invoke(kioskWin, 'auth.status', {})).code).toBe('FORBIDDEN');
    expect(err(await ipc.invoke(kioskWin, 'tickets.list', {})).code).toBe('FORBIDDEN');
    expect(ipc.hasSession(kioskWin.id)).toBe(false);
    // Not registered yet: kiosk procedures are UNAUTHENTICATED.
    expect(err(await ipc.invoke(kioskWin, 'test.whichKiosk', {})).code).toBe('UNAUTHENTICATED');
    const row = app.core.db.insert(kiosks).values({ name: 'Library entrance', tokenHash: hashToken(KIOSK_TOKEN), createdAt: clock.now() })
      .returning({ id: kiosks.id }).get();
    kioskTokenNow = KIOSK_TOKEN;
    expect(ok(await ipc.invoke(kioskWin, 'test.whichKiosk', {}))).toEqual({ id: row.id, name: 'Library entrance' });
    // The main window does not carry the kiosk token.
    expect(err(await ipc.invoke(win1, 'test.whichKiosk', {})).code).toBe('UNAUTHENTICATED');
  });

  it('a kiosk registered through the app submits walk-up reports from the kiosk window', async () => {
    const created = ok(await ipc.invoke(win1, 'kiosks.create', { name: 'Mensa' }));
    kioskTokenNow = created.token;
    const sub = ok(await ipc.invoke(kioskWin, 'kiosk.submit', { category: 'facility_management', subject: 'Tap leaks', description: 'In the Mensa kitchen.', contactName: 'Sam' }));
    expect(sub).toMatchObject({ ticketId: expect.any(Number), reference: expect.any(String) });
    expect(ok(await ipc.invoke(kioskWin, 'kiosk.lookup', { ticketId: sub.ticketId, reference: sub.reference }))).toMatchObject({ ticketId: sub.ticketId, status: 'open' });
    expect(ok(await ipc.invoke(win1, 'tickets.get', { id: sub.ticketId }))).toMatchObject({ channel: 'kiosk', subject: 'Tap leaks' });
    // Rejected input is VALIDATION with the kiosk's token attached (not UNAUTHENTICATED).
    expect(err(await ipc.invoke(kioskWin, 'kiosk.submit', {})).code).toBe('VALIDATION');
    kioskTokenNow = KIOSK_TOKEN;
  });

  it('enters kiosk mode only for an admin window with a valid kiosk token', async () => {
    expect(err(await ipc.enterKiosk(win2, KIOSK_TOKEN)).code).toBe('UNAUTHENTICATED');
    const w6: IpcSender = { id: 6, url: MAIN };
    ok(await ipc.invoke(w6, 'auth.login', { username: 'rita', password: 'rita-password' }));
    expect(err(await ipc.enterKiosk(w6, KIOSK_TOKEN)).code).toBe('FORBIDDEN');
    await ipc.forget(w6.id);
    expect(err(await ipc.enterKiosk(win1, 'nope')).code).toBe('VALIDATION');
    expect(err(await ipc.enterKiosk(win1, 17)).code).toBe('VALIDATION');
    expect(ok(await ipc.enterKiosk(win1, KIOSK_TOKEN))).toMatchObject({ kiosk: { name: 'Library entrance' } });
    expect(err(await ipc.enterKiosk(kioskWin, KIOSK_TOKEN)).code).toBe('FORBIDDEN');
  });

  it('leaves kiosk mode only with an admin password, throttled', async () => {
    expect(err(await ipc.exitKiosk(win1, 'admin-password')).code).toBe('FORBIDDEN'); // only from the kiosk page
    expect(err(await ipc.exitKiosk(kioskWin, '')).code).toBe('VALIDATION');
    expect(err(await ipc.exitKiosk(kioskWin, 'rita-password')).code).toBe('UNAUTHENTICATED'); // not an admin
    expect(err(await ipc.exitKiosk(kioskWin, 'rita-password', 'rita')).code).toBe('UNAUTHENTICATED');
    expect(ok(await ipc.exitKiosk(kioskWin, 'admin-password'))).toEqual({});
    expect(ok(await ipc.exitKiosk(kioskWin, 'admin-password', 'admin'))).toEqual({});
    for (let i = 0; i < 10; i++) expect(err(await ipc.exitKiosk(kioskWin, `wrong-${i}`)).code).toBe('UNAUTHENTICATED');
    expect(err(await ipc.exitKiosk(kioskWin, 'admin-password')).code).toBe('RATE_LIMITED');
    clock.advance(15 * 60 * 1000 + 1);
    expect(ok(await ipc.exitKiosk(kioskWin, 'admin-password'))).toEqual({});
  });
});
