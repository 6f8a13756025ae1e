// In-app notifications against a real hub: who gets which type for each change (never the
// actor, never a reporter about a note), choices that turn types off, following categories,
// the list's pages and unread count, markRead (ids of others ignored), and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

type N = { id: number; type: string; ticketId: number | null; text: string; at: string; read: boolean };

describe('notifications', () => {
  let hub: TestHub;
  let admin: string;
  let agent: { token: string; id: number };
  let agent2: { token: string; id: number };
  let rep: { token: string; id: number };
  let rep2: { token: string; id: number };
  const list = async (token: string, input: object = {}) => hub.ok<{ items: N[]; unread: number; nextCursor: string | null }>('notifications.list', input, token);
  const types = async (token: string) => (await list(token, { unreadOnly: true })).items.map((n) => `${n.type}#${n.ticketId}`);
  const clear = async (...tokens: string[]) => { for (const t of tokens) await hub.ok('notifications.markRead', {}, t); };

  beforeAll(async () => {
    hub = await startTestHub({ mail: false });
    admin = await hub.setupAdmin();
    agent = await hub.user(admin, 'agnes', 'agent');
    agent2 = await hub.user(admin, 'bert', 'agent');
    rep = await hub.user(admin, 'rita', 'reporter');
    rep2 = await hub.user(admin, 'ron', 'reporter');
    // agent2 follows only Facility management; the admin turns new tickets off in the app.
    await hub.ok('users.updateMe', { notify: { categories: ['facility_management'] } }, agent2.token);
    await hub.ok('users.updateMe', { notify: { app: { 'ticket.created': false } } }, admin);
  });
  afterAll(async () => { await hub.dispose(); });

  it('tells staff following the category of a new ticket, not the reporter, not other staff', async () => {
    const t = await hub.ok('tickets.create', { subject: 'Printer jammed', description: 'Room 101', category: 'technical_it' }, rep.token);
    expect(await types(agent.token)).toEqual([`ticket.created#${t.id}`]);
    expect(await types(agent2.token)).toEqual([]); // follows facility only
    expect(await types(admin)).toEqual([]); // turned off
    expect(await types(rep.token)).toEqual([]);
    const n = (await list(agent.token)).items[0]!;
    expect(n).toMatchObject({ type: 'ticket.created', ticketId: t.id, read: false });
    expect(n.text).toContain('Printer jammed');
    expect(Number.isNaN(Date.parse(n.at))).toBe(false);
    const f = await hub.ok('tickets.create', { subject: 'Leaking tap', description: 'Kitchen', category: 'facility_management' }, rep2.token);
    expect(await types(agent2.token)).toEqual([`ticket.created#${f.id}`]);
    // A staff member who opens a ticket is not told about it.
    await clear(agent.token, agent2.token);
    await hub.ok('tickets.create', { subject: 'Own ticket', description: 'x', category: 'technical_it' }, agent.token);
    expect(await types(agent.token)).toEqual([]);
    await clear(agent.token, agent2.token, admin);
  });

  it('assignment, replies, notes and status changes reach exactly the right people', async () => {
    const t = await hub.ok('tickets.create', { subject: 'Wifi down', description: 'Library', category: 'services_complaints' }, rep.token);
    await clear(agent.token, agent2.token, admin);
    // agent assigns to itself: nobody is told (the actor); then agent2 assigns to agent: agent is told.
    let cur = await hub.ok('tickets.update', { id: t.id, version: t.version, assigneeId: agent.id }, agent.token);
    expect(await types(agent.token)).toEqual([]);
    cur = await hub.ok('tickets.update', { id: t.id, version: cur.version, assigneeId: null }, agent.token);
    await hub.ok('tickets.update', { id: t.id, version: cur.version, assigneeId: agent.id }, agent2.token);
    expect(await types(agent.token)).toEqual([`ticket.assigned#${t.id}`]);
    // Staff reply publicly: the reporter hears of it; the author does not.
    await hub.ok('messages.add', { ticketId: t.id, body: 'Restart the router please' }, agent2.token);
    expect(await types(rep.token)).toEqual([`ticket.reply#${t.id}`]);
    expect((await list(rep.token)).items[0]!.text).toContain('Restart the router');
    // The reporter replies: the assignee hears of it, the reporter does not.
    await hub.ok('messages.add', { ticketId: t.id, body: 'Did that, still down' }, rep.token);
    expect(await types(agent.token)).toEqual([`ticket.reply#${t.id}`, `ticket.assigned#${t.id}`]);
    expect(await types(rep.token)).toEqual([`ticket.reply#${t.id}`]);
    // An internal note: the assignee (not its author), never the reporter.
    await hub.ok('messages.add', { ticketId: t.id, body: 'Secret: the AP is broken', internal: true }, agent2.token);
    expect((await types(agent.token))[0]).toBe(`ticket.note#${t.id}`);
    const repList = await list(rep.token);
    expect(repList.items.map((n) => n.type)).not.toContain('ticket.note');
    expect(JSON.stringify(repList)).not.toContain('Secret');
    await hub.ok('messages.add', { ticketId: t.id, body: 'My own note', internal: true }, agent.token);
    expect((await types(agent.token)).filter((x) => x.startsWith('ticket.note'))).toHaveLength(1);
    // Status: the reporter hears of changes by others, not of its own.
    await hub.ok('tickets.setStatus', { id: t.id, status: 'resolved' }, agent.token);
    expect((await types(rep.token))[0]).toBe(`ticket.status#${t.id}`);
    await hub.ok('tickets.setStatus', { id: t.id, status: 'open' }, rep.token);
    expect((await types(rep.token)).filter((x) => x.startsWith('ticket.status'))).toHaveLength(1);
    // Nobody else heard anything about this ticket.
    expect((await types(rep2.token)).filter((x) => x.endsWith(`#${t.id}`))).toEqual([]);
    expect((await types(agent2.token)).filter((x) => x.endsWith(`#${t.id}`))).toEqual([]);
  });

  it('respects choices: a type turned off in the app is not written', async () => {
    await hub.ok('users.updateMe', { notify: { app: { 'ticket.reply': false } } }, rep2.token);
    const t = await hub.ok('tickets.create', { subject: 'Door stuck', description: 'B2', category: 'facility_management' }, rep2.token);
    await clear(rep2.token);
    await hub.ok('messages.add', { ticketId: t.id, body: 'On our way' }, agent.token);
    expect(await types(rep2.token)).toEqual([]);
    await hub.ok('tickets.setStatus', { id: t.id, status: 'in_progress' }, agent.token);
    expect(await types(rep2.token)).toEqual([`ticket.status#${t.id}`]);
  });

  it('pages newest first, counts unread, marks read by id (ignoring others\' ids) or all', async () => {
    const u = await hub.user(admin, 'pia', 'agent');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await hub.ok('tickets.create', { subject: `Ticket ${i}`, description: 'x', category: 'technical_it' }, rep.token)).id);
    const all = await list(u.token);
    expect(all.items.map((n) => n.ticketId)).toEqual([...ids].reverse());
    expect(all.unread).toBe(5);
    const p1 = await list(u.token, { limit: 2 });
    expect(p1.items.map((n) => n.ticketId)).toEqual([ids[4], ids[3]]);
    const p2 = await list(u.token, { limit: 2, cursor: p1.nextCursor });
    expect(p2.items.map((n) => n.ticketId)).toEqual([ids[2], ids[1]]);
    const p3 = await list(u.token, { limit: 2, cursor: p2.nextCursor });
    expect(p3.items.map((n) => n.ticketId)).toEqual([ids[0]]);
    expect(p3.nextCursor).toBeNull();
    const agentUnreadBefore = (await list(agent.token)).unread;
    expect(agentUnreadBefore).toBeGreaterThan(0);
    const others = (await list(agent.token)).items.map((n) => n.id);
    expect(await hub.ok('notifications.markRead', { ids: [all.items[0]!.id, ...others, 999999] }, u.token)).toEqual({ unread: 4 });
    expect((await list(agent.token)).unread).toBe(agentUnreadBefore);
    const unreadOnly = await list(u.token, { unreadOnly: true });
    expect(unreadOnly.items).toHaveLength(4);
    expect((await list(u.token)).items[0]!.read).toBe(true);
    expect(await hub.ok('notifications.markRead', {}, u.token)).toEqual({ unread: 0 });
    expect((await list(agent.token)).unread).toBe(agentUnreadBefore);
  });

  it('rejects bad input with VALIDATION on the field', async () => {
    const paths = async (name: string, input: object) => {
      const r = await hub.call(name, input, agent.token);
      expect(r.status).toBe(400);
      return r.body.error.details.map((d: { path: string }) => d.path);
    };
    expect(await paths('notifications.list', { limit: 0 })).toEqual(['limit']);
    expect(await paths('notifications.list', { limit: 201 })).toEqual(['limit']);
    expect(await paths('notifications.list', { cursor: 'garbage' })).toEqual(['cursor']);
    expect(await paths('notifications.list', { unreadOnly: 'yes' })).toEqual(['unreadOnly']);
    expect(await paths('notifications.markRead', { ids: [1, -2] })).toEqual(['ids.1']);
    expect(await paths('notifications.markRead', { ids: 'all' })).toEqual(['ids']);
    expect((await hub.call('notifications.list', {})).status).toBe(401);
  });
});
