// GET /api/v1/events against a real hub: each user hears exactly what it may see — staff every
// ticket, a reporter only its own tickets and never an internal note; notifications only
// their recipient — authentication by Bearer header, and a clean end when the hub stops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { openSse, type SseEvent } from '../support/sse.ts';

describe('event stream', () => {
  let hub: TestHub;
  let admin: string;
  let agent: { token: string; id: number };
  let rita: { token: string; id: number };
  let ron: { token: string; id: number };
  beforeAll(async () => {
    hub = await startTestHub({ mail: false });
    admin = await hub.setupAdmin();
    agent = await hub.user(admin, 'agnes', 'agent');
    rita = await hub.user(admin, 'rita', 'reporter');
    ron = await hub.user(admin, 'ron', 'reporter');
  });
  afterAll(async () => { await hub.dispose(); });

  const about = (id: number) => (e: SseEvent) => e.data.ticketId === id;

  it('refuses a missing or bad token, and answers other methods as before', async () => {
    expect((await openSse(`${hub.url}/api/v1/events`, null)).status).toBe(401);
    const bad = await fetch(`${hub.url}/api/v1/events`, { headers: { Authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${hub.url}/api/v1/events`, { method: 'POST', headers: { Authorization: `Bearer ${agent.token}` } })).status).toBe(404);
  });

  it('delivers to the right users only', async () => {
    const staff = await openSse(`${hub.url}/api/v1/events`, agent.token);
    const a = await openSse(`${hub.url}/api/v1/events`, rita.token);
    const b = await openSse(`${hub.url}/api/v1/events`, ron.token);
    expect(staff.status).toBe(200);
    await Promise.all([staff, a, b].map((c) => c.waitFor((e) => e.type === 'ready')));

    const t = await hub.ok('tickets.create', { subject: 'Broken chair', description: 'Lab 3', category: 'facility_management' }, rita.token);
    await staff.waitFor((e) => e.type === 'ticket.created' && e.data.ticketId === t.id);
    await a.waitFor((e) => e.type === 'ticket.created' && e.data.ticketId === t.id);
    // The agent is told (notification), the reporter is not.
    const n = await staff.waitFor((e) => e.type === 'notification.created' && e.data.ticketId === t.id);
    expect(n.data).toMatchObject({ type: 'ticket.created', unread: 1 });

    await hub.ok('messages.add', { ticketId: t.id, body: 'Secret note', internal: true }, agent.token);
    await staff.waitFor((e) => e.type === 'message.created' && e.data.ticketId === t.id && e.data.internal === true);
    await hub.ok('messages.add', { ticketId: t.id, body: 'We will replace it' }, agent.token);
    await a.waitFor((e) => e.type === 'message.created' && e.data.ticketId === t.id && e.data.internal === false);
    await a.waitFor((e) => e.type === 'notification.created' && e.data.type === 'ticket.reply');

    // Ron's own ticket last: once Ron has heard of it, it has heard everything before it.
    const own = await hub.ok('tickets.create', { subject: 'Mine', description: 'x', category: 'technical_it' }, ron.token);
    await b.waitFor((e) => e.type === 'ticket.created' && e.data.ticketId === own.id);
    await staff.waitFor((e) => e.type === 'ticket.created' && e.data.ticketId === own.id);
    // A marker Rita hears after everything else.
    await hub.ok('tickets.update', { id: t.id, version: (await hub.ok('tickets.get', { id: t.id }, rita.token)).version, location: 'Lab 4' }, rita.token);
    const last = await a.waitFor((e) => e.type === 'ticket.changed' && e.data.ticketId === t.id && a.events.indexOf(e) > a.events.findIndex((x) => x.type === 'notification.created'));
    expect(last).toBeTruthy();

    expect(b.events.filter(about(t.id))).toEqual([]);
    expect(b.events.filter((e) => e.type === 'notification.created')).toEqual([]);
    expect(a.events.filter(about(own.id))).toEqual([]);
    expect(a.events.filter((e) => e.data.internal === true)).toEqual([]);
    // The note's version bump is staff-only too: Rita's ticket.changed events never follow the note alone.
    const ritaMsgs = a.events.filter((e) => e.type === 'message.created');
    expect(ritaMsgs).toHaveLength(1);
    expect(JSON.stringify(a.events)).not.toContain('Secret');
    expect(a.events.filter((e) => e.type === 'notification.created').map((e) => e.data.type)).toEqual(['ticket.reply']);
    for (const c of [staff, a, b]) c.close();
  });

  it('ends the stream when the session ends', async () => {
    const s = await hub.ok('auth.login', { username: 'ron', password: 'ron-password' });
    const c = await openSse(`${hub.url}/api/v1/events`, s.token);
    await c.waitFor((e) => e.type === 'ready');
    await hub.ok('auth.logout', {}, s.token);
    const t = await hub.ok('tickets.create', { subject: 'After sign-out', description: 'x', category: 'technical_it' }, ron.token);
    await c.ended;
    expect(c.events.at(-1)).toEqual({ type: 'end', data: { reason: 'signed out' } });
    expect(c.events.filter(about(t.id))).toEqual([]);
  });

  it('ends every stream cleanly when the hub stops', async () => {
    const other = await startTestHub({ mail: false });
    const tok = await other.setupAdmin();
    const c = await openSse(`${other.url}/api/v1/events`, tok);
    await c.waitFor((e) => e.type === 'ready');
    await other.dispose();
    await c.ended;
    expect(c.events.at(-1)).toEqual({ type: 'end', data: { reason: 'the hub is stopping' } });
  });
});
