// Who may call what, generated from the registry and checked against an EXPLICIT table: every
// registered procedure × nine callers (anonymous, a garbage token, a logged-out token, a
// deactivated user, the reporter who owns the ticket, another reporter, an agent, an admin, a
// kiosk token), each with a valid input made fresh for that call, over HTTP. A changed access
// level fails its row; a procedure with no row fails with a message saying to add one. Rows for
// procedures spec'd in 1.1 but not registered yet are skipped with a printed note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

const CALLERS = ['anonymous', 'garbage', 'loggedOut', 'deactivated', 'owner', 'other', 'agent', 'admin', 'kiosk'] as const;
type Caller = (typeof CALLERS)[number];

/**
 * Expected outcome per caller, in CALLERS order:
 * ok = 200 · U = 401 UNAUTHENTICATED · F = 403 FORBIDDEN · NF = 404 NOT_FOUND (the object is not
 * the caller's to see) · C = 409 CONFLICT · in = past the access check (200, or a 400/404/409 from
 * the input; for 1.1 procedures whose exact input shape is another engineer's choice).
 */
const EXPECTED: Record<string, string> = {
  //                              anon garb lgout deact owner other agent admin kiosk
  'auth.status':                 'ok   ok   ok    ok    ok    ok    ok    ok    ok',
  'auth.setup':                  'C    C    C     C     C     C     C     C     C',
  'auth.login':                  'ok   ok   ok    ok    ok    ok    ok    ok    ok',
  'auth.logout':                 'U    U    U     U     ok    ok    ok    ok    U',
  'auth.me':                     'U    U    U     U     ok    ok    ok    ok    U',
  'users.create':                'U    U    U     U     F     F     F     ok    U',
  'users.list':                  'U    U    U     U     F     F     ok    ok    U',
  'users.update':                'U    U    U     U     F     F     F     ok    U',
  'categories.list':             'U    U    U     U     ok    ok    ok    ok    U',
  'categories.create':           'U    U    U     U     F     F     F     ok    U',
  'categories.update':           'U    U    U     U     F     F     F     ok    U',
  'tickets.create':              'U    U    U     U     ok    ok    ok    ok    U',
  'tickets.get':                 'U    U    U     U     ok    NF    ok    ok    U',
  'tickets.list':                'U    U    U     U     ok    ok    ok    ok    U',
  'tickets.counts':              'U    U    U     U     ok    ok    ok    ok    U',
  'tickets.update':              'U    U    U     U     ok    NF    ok    ok    U',
  'tickets.setStatus':           'U    U    U     U     ok    NF    ok    ok    U',
  'tickets.history':             'U    U    U     U     ok    NF    ok    ok    U',
  'tickets.import':              'U    U    U     U     F     F     F     ok    U',
  'messages.list':               'U    U    U     U     ok    NF    ok    ok    U',
  'messages.add':                'U    U    U     U     ok    NF    ok    ok    U',
  'analytics.ticketsByPeriod':   'U    U    U     U     F     F     ok    ok    U',
  'analytics.resolutionTime':    'U    U    U     U     F     F     ok    ok    U',
  'analytics.activeByCategory':  'U    U    U     U     F     F     ok    ok    U',
  'analytics.firstResponse':     'U    U    U     U     F     F     ok    ok    U',
  'analytics.backlog':           'U    U    U     U     F     F     ok    ok    U',
  'analytics.workload':          'U    U    U     U     F     F     ok    ok    U',
  'kiosks.create':               'U    U    U     U     F     F     F     ok    U',
  'kiosks.list':                 'U    U    U     U     F     F     F     ok    U',
  'kiosks.revoke':               'U    U    U     U     F     F     F     ok    U',
  'kiosk.submit':                'U    U    U     U     U     U     U     U     ok',
  'kiosk.lookup':                'ok   ok   ok    ok    ok    ok    ok    ok    ok',
  'kiosk.categories':            'ok   ok   ok    ok    ok    ok    ok    ok    ok',
  // Spec 1.1 ("Your own account", "Notifications"): rows ready before the procedures land.
  'auth.changePassword':         'U    U    U     U     in    in    in    in    U',
  'users.updateMe':              'U    U    U     U     in    in    in    in    U',
  'notifications.list':          'U    U    U     U     in    in    in    in    U',
  'notifications.markRead':      'U    U    U     U     in    in    in    in    U',
  'settings.get':                'U    U    U     U     F     F     F     in    U',
  'settings.update':             'U    U    U     U     F     F     F     in    U',
  'settings.testEmail':          'U    U    U     U     F     F     F     in    U',
};

const STATUS: Record<string, number[]> = { ok: [200], U: [401], F: [403], NF: [404], C: [409], in: [200, 400, 404, 409] };

let hub: TestHub;
let adminToken: string;
const password = (u: string) => `${u}-password`;
const tokens = new Map<Caller, string | null>();
const ids: Record<string, number> = {};
let kioskPair: { ticketId: number; reference: string };
let n = 0;
const unique = (p: string) => `${p}${++n}`;

/** The signed-in callers' tokens stay valid across cells (auth.logout, changePassword end sessions). */
async function tokenOf(caller: Caller): Promise<string | null> {
  const cached = tokens.get(caller) ?? null;
  const user = { owner: 'owner', other: 'other', agent: 'agnes', admin: 'admin' }[caller as string];
  if (!user || !cached) return cached;
  if ((await hub.call('auth.me', {}, cached)).status === 200) return cached;
  const fresh = (await hub.ok('auth.login', { username: user, password: password(user) })).token as string;
  tokens.set(caller, fresh);
  if (caller === 'admin') adminToken = fresh;
  return fresh;
}

async function ownersTicket(): Promise<{ id: number; version: number }> {
  const t = await hub.ok('tickets.create', { subject: unique('Owned '), description: 'For the access matrix', category: 'technical_it' }, await tokenOf('owner'));
  return { id: t.id, version: t.version };
}

/** A valid input for each procedure, made fresh for the call (writes must not collide). */
const INPUTS: Record<string, (caller: Caller) => unknown> = {
  'auth.status': () => ({}),
  'auth.setup': () => ({ username: 'second', password: 'second-password', displayName: 'Second' }),
  'auth.login': () => ({ username: 'agnes', password: password('agnes') }),
  'auth.logout': () => ({}),
  'auth.me': () => ({}),
  'users.create': () => ({ username: unique('new'), password: 'new-password', displayName: 'New', role: 'reporter' }),
  'users.list': () => ({}),
  'users.update': async () => ({ id: (await hub.ok('users.create', { username: unique('target'), password: 'target-password', displayName: 'T', role: 'reporter' }, adminToken)).id, displayName: 'Renamed' }),
  'categories.list': () => ({}),
  'categories.create': () => ({ slug: unique('cat-'), name: 'A category' }),
  'categories.update': () => ({ slug: 'technical_it', name: 'Technical IT' }),
  'tickets.create': () => ({ subject: 'New', description: 'A new ticket', category: 'technical_it' }),
  'tickets.get': async () => ({ id: (await ownersTicket()).id }),
  'tickets.list': () => ({ limit: 5 }),
  'tickets.counts': () => ({}),
  'tickets.update': async () => { const t = await ownersTicket(); return { id: t.id, version: t.version, subject: 'Edited subject' }; },
  'tickets.setStatus': async () => ({ id: (await ownersTicket()).id, status: 'closed' }),
  'tickets.history': async () => ({ id: (await ownersTicket()).id }),
  'tickets.import': () => ({ tickets: [{ subject: 'Imported', description: 'From the old system', category: 'technical_it', status: 'open', openedAt: '2026-01-05T10:00:00Z' }] }),
  'messages.list': async () => ({ ticketId: (await ownersTicket()).id }),
  'messages.add': async () => ({ ticketId: (await ownersTicket()).id, body: 'A public reply' }),
  'analytics.ticketsByPeriod': () => ({ last: '7d' }),
  'analytics.resolutionTime': () => ({}),
  'analytics.activeByCategory': () => ({}),
  'analytics.firstResponse': () => ({}),
  'analytics.backlog': () => ({ last: '7d' }),
  'analytics.workload': () => ({}),
  'kiosks.create': () => ({ name: unique('Kiosk ') }),
  'kiosks.list': () => ({}),
  'kiosks.revoke': async () => ({ id: (await hub.ok('kiosks.create', { name: unique('Spare kiosk ') }, adminToken)).id }),
  'kiosk.submit': () => ({ category: 'facility_management', subject: 'Broken door', description: 'At the entrance' }),
  'kiosk.lookup': () => kioskPair,
  'kiosk.categories': () => ({}),
  'auth.changePassword': (caller) => {
    const user = { owner: 'owner', other: 'other', agent: 'agnes', admin: 'admin' }[caller as string] ?? 'nobody';
    return { currentPassword: password(user), newPassword: password(user) };
  },
  'users.updateMe': () => ({ displayName: 'Same Name' }),
  'notifications.list': () => ({}),
  'notifications.markRead': () => ({}),
  'settings.get': () => ({}),
  'settings.update': () => ({}),
  'settings.testEmail': () => ({ to: 'nobody@campus.example' }),
};

beforeAll(async () => {
  hub = await startTestHub();
  adminToken = await hub.setupAdmin();
  tokens.set('admin', adminToken);
  tokens.set('anonymous', null);
  tokens.set('garbage', 'not-a-token-' + 'x'.repeat(40));
  for (const [name, role, caller] of [['owner', 'reporter', 'owner'], ['other', 'reporter', 'other'], ['agnes', 'agent', 'agent']] as const) {
    const u = await hub.user(adminToken, name, role);
    ids[name] = u.id;
    tokens.set(caller, u.token);
  }
  const lo = await hub.user(adminToken, 'leaver', 'agent');
  await hub.ok('auth.logout', {}, lo.token);
  tokens.set('loggedOut', lo.token);
  const gone = await hub.user(adminToken, 'gone', 'admin');
  await hub.ok('users.update', { id: gone.id, active: false }, adminToken);
  tokens.set('deactivated', gone.token);
  const kiosk = await hub.ok('kiosks.create', { name: 'Lobby' }, adminToken);
  tokens.set('kiosk', kiosk.token);
  kioskPair = await hub.ok('kiosk.submit', { category: 'technical_it', subject: 'Wi-Fi down', description: 'In the lobby' }, kiosk.token);
});
afterAll(async () => { await hub?.dispose(); });

describe('access matrix', () => {
  it('has a row for every registered procedure', () => {
    const registered = [...hub.app.registry.procedures.keys()];
    const missing = registered.filter((name) => !(name in EXPECTED));
    expect(missing, `procedures without a row in the access matrix (add one to EXPECTED and INPUTS in tests/adversarial/access-matrix.test.ts): ${missing.join(', ')}`).toEqual([]);
    const noInput = registered.filter((name) => !(name in INPUTS));
    expect(noInput, 'procedures without a valid input in INPUTS').toEqual([]);
  });

  for (const [name, row] of Object.entries(EXPECTED)) {
    it(`${name}: ${row.replace(/\s+/g, ' ')}`, async (ctx) => {
      if (!hub.app.registry.get(name)) {
        console.log(`access matrix: ${name} is not registered yet (spec 1.1); its row is skipped`);
        ctx.skip();
        return;
      }
      const expected = row.trim().split(/\s+/);
      expect(expected).toHaveLength(CALLERS.length);
      const seen: string[] = [];
      for (const [i, caller] of CALLERS.entries()) {
        const input = await INPUTS[name]!(caller);
        const r = await hub.call(name, input, await tokenOf(caller));
        const want = expected[i]!;
        const fits = STATUS[want]!.includes(r.status);
        seen.push(fits ? want : `${want}≠${r.status} ${r.body?.error?.code ?? ''}`);
        if (r.status !== 200) {
          expect(Object.keys(r.body), `${name} as ${caller}: the error envelope`).toEqual(['error']);
          expect(typeof r.body.error.message).toBe('string');
        }
      }
      expect(seen.join(' '), `${name} by ${CALLERS.join(' ')}`).toBe(expected.join(' '));
    });
  }
});
