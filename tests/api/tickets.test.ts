import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';

describe('tickets', () => {
  let hub: TestHub;
  let admin: string;
  let agent: { token: string; id: number };
  let rita: { token: string; id: number };
  const clock = new TestClock();
  beforeAll(async () => {
    hub = await startTestHub({ clock });
    admin = await hub.setupAdmin();
    agent = await hub.user(admin, 'alex', 'agent');
    rita = await hub.user(admin, 'rita', 'reporter');
  });
  afterAll(async () => { await hub.dispose(); });

  const create = (token: string, extra: Record<string, unknown> = {}) =>
    hub.ok('tickets.create', { subject: 'Wi-Fi drops in library', description: 'eduroam disconnects every 5 minutes on floor 3', category: 'technical_it', ...extra }, token);

  it('creates a ticket with the caller as reporter, channel app, version 1', async () => {
    const t = await create(rita.token, { location: ' Library, 3rd floor ', subject: '  Wi-Fi drops in library ' });
    expect(t).toMatchObject({
      subject: 'Wi-Fi drops in library', status: 'open', priority: 'normal', category: 'technical_it',
      location: 'Library, 3rd floor', reporter: { id: rita.id, displayName: 'Rita' }, assignee: null, contact: null,
      channel: 'app', closedAt: null, version: 1,
    });
    expect(t.openedAt).toBe(new Date(clock.now()).toISOString());
    expect(t.updatedAt).toBe(t.openedAt);
    expect(await hub.ok('tickets.get', { id: t.id }, rita.token)).toEqual(t);
  });

  it('refuses a priority from a reporter, and unknown or inactive categories, creating nothing', async () => {
    const before = (await hub.ok('tickets.list', {}, admin)).total;
    const p = await hub.call('tickets.create', { subject: 'S', description: 'D', category: 'technical_it', priority: 'urgent' }, rita.token);
    expect(p.status).toBe(403);
    const c = await hub.call('tickets.create', { subject: 'S', description: 'D', category: 'parking' }, rita.token);
    expect(c.status).toBe(400);
    expect(c.body.error.details).toEqual([{ path: 'category', message: expect.any(String) }]);
    await hub.ok('categories.create', { slug: 'old_stuff', name: 'Old stuff' }, admin);
    await hub.ok('categories.update', { slug: 'old_stuff', active: false }, admin);
    expect((await hub.call('tickets.create', { subject: 'S', description: 'D', category: 'old_stuff' }, rita.token)).status).toBe(400);
    // One answer names every offending field: shapes and references together.
    const both = await hub.call('tickets.create', { subject: '  ', description: 'D', category: 'parking' }, rita.token);
    expect(both.status).toBe(400);
    expect(both.body.error.details.map((d: any) => d.path).sort()).toEqual(['category', 'subject']);
    expect((await hub.ok('tickets.list', {}, admin)).total).toBe(before);
    const staff = await create(agent.token, { priority: 'urgent' });
    expect(staff.priority).toBe('urgent');
  });

  it('applies the closedAt rules through resolve, close, reopen', async () => {
    const t = await create(rita.token);
    clock.advance(60_000);
    const prog = await hub.ok('tickets.setStatus', { id: t.id, status: 'in_progress', version: 1 }, agent.token);
    expect(prog).toMatchObject({ status: 'in_progress', closedAt: null, version: 2 });
    clock.advance(60_000);
    const resolved = await hub.ok('tickets.setStatus', { id: t.id, status: 'resolved' }, agent.token);
    const resolvedAt = new Date(clock.now()).toISOString();
    expect(resolved).toMatchObject({ status: 'resolved', closedAt: resolvedAt, updatedAt: resolvedAt, version: 3 });
    clock.advance(60_000);
    const closed = await hub.ok('tickets.setStatus', { id: t.id, status: 'closed' }, agent.token);
    expect(closed).toMatchObject({ status: 'closed', closedAt: resolvedAt, version: 4 }); // kept
    clock.advance(60_000);
    const reopened = await hub.ok('tickets.setStatus', { id: t.id, status: 'open' }, rita.token);
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, version: 5 });
    clock.advance(60_000);
    const closedByReporter = await hub.ok('tickets.setStatus', { id: t.id, status: 'closed' }, rita.token);
    expect(closedByReporter.closedAt).toBe(new Date(clock.now()).toISOString());
    // Same status again: nothing changes.
    const same = await hub.ok('tickets.setStatus', { id: t.id, status: 'closed' }, agent.token);
    expect(same.version).toBe(closedByReporter.version);
    const history = await hub.ok('tickets.history', { id: t.id }, agent.token);
    expect(history.items.filter((e: any) => e.type === 'status').map((e: any) => [e.from, e.to])).toEqual([
      ['open', 'in_progress'], ['in_progress', 'resolved'], ['resolved', 'closed'], ['closed', 'open'], ['open', 'closed'],
    ]);
  });

  it('lets reporters only close and reopen; agents move anywhere', async () => {
    const t = await create(rita.token);
    for (const status of ['in_progress', 'waiting', 'resolved']) {
      const r = await hub.call('tickets.setStatus', { id: t.id, status }, rita.token);
      expect(r.status).toBe(403);
    }
    await hub.ok('tickets.setStatus', { id: t.id, status: 'waiting' }, agent.token);
    expect((await hub.call('tickets.setStatus', { id: t.id, status: 'open' }, rita.token)).status).toBe(403); // reopen is only from resolved/closed
    await hub.ok('tickets.setStatus', { id: t.id, status: 'resolved' }, agent.token);
    await hub.ok('tickets.setStatus', { id: t.id, status: 'waiting' }, agent.token);
    expect((await hub.ok('tickets.get', { id: t.id }, agent.token)).closedAt).toBeNull();
    expect((await hub.call('tickets.setStatus', { id: t.id, status: 'bogus' }, agent.token)).status).toBe(400);
  });

  it('updates fields with optimistic versions and records each change', async () => {
    const t = await create(rita.token);
    const u = await hub.ok('tickets.update', { id: t.id, version: 1, priority: 'high', assigneeId: agent.id, category: 'facility_management', location: 'Room A1' }, agent.token);
    expect(u).toMatchObject({ priority: 'high', assignee: { id: agent.id, displayName: 'Alex' }, category: 'facility_management', location: 'Room A1', version: 2 });
    const stale = await hub.call('tickets.update', { id: t.id, version: 1, subject: 'Overwrite' }, rita.token);
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0]).toMatchObject({ path: 'version', current: { id: t.id, version: 2, subject: t.subject } });
    expect((await hub.ok('tickets.get', { id: t.id }, agent.token)).subject).toBe(t.subject);
    const noVersion = await hub.call('tickets.update', { id: t.id, subject: 'x' }, agent.token);
    expect(noVersion.status).toBe(400);
    const staleStatus = await hub.call('tickets.setStatus', { id: t.id, status: 'waiting', version: 1 }, agent.token);
    expect(staleStatus.status).toBe(409);
    const cleared = await hub.ok('tickets.update', { id: t.id, version: 2, location: null, assigneeId: null }, agent.token);
    expect(cleared).toMatchObject({ location: null, assignee: null, version: 3 });
    const badAssignee = await hub.call('tickets.update', { id: t.id, version: 3, assigneeId: rita.id }, agent.token);
    expect(badAssignee.status).toBe(400);
    expect(badAssignee.body.error.details[0].path).toBe('assigneeId');
    expect((await hub.call('tickets.update', { id: t.id, version: 3, assigneeId: 9999 }, agent.token)).status).toBe(400);
    // Every offending field in one answer: two bad references; and with a bad shape besides.
    const twoRefs = await hub.call('tickets.update', { id: t.id, version: 3, category: 'nope', assigneeId: 9999 }, agent.token);
    expect(twoRefs.body.error.details.map((d: any) => d.path).sort()).toEqual(['assigneeId', 'category']);
    const threeFields = await hub.call('tickets.update', { id: t.id, version: 3, subject: '', category: 'nope', assigneeId: rita.id }, agent.token);
    expect(threeFields.body.error.details.map((d: any) => d.path).sort()).toEqual(['assigneeId', 'category', 'subject']);
    // A reporter learns nothing about users that way.
    const asReporter = await hub.call('tickets.update', { id: t.id, version: 3, subject: '', assigneeId: 9999 }, rita.token);
    expect(asReporter.body.error.details.map((d: any) => d.path)).toEqual(['subject']);
    const h = await hub.ok('tickets.history', { id: t.id }, agent.token);
    const types = h.items.map((e: any) => e.type);
    expect(types).toEqual(['created', 'category', 'priority', 'location', 'assignee', 'location', 'assignee']);
    expect(h.items[2]).toMatchObject({ from: 'normal', to: 'high', actor: { id: agent.id } });
    expect(h.items[4].to).toEqual({ id: agent.id, displayName: 'Alex' });
  });

  it('reporters edit subject, description and location of their own active ticket only', async () => {
    const t = await create(rita.token);
    const e = await hub.ok('tickets.update', { id: t.id, version: 1, subject: 'Wi-Fi drops everywhere', location: 'Main building' }, rita.token);
    expect(e).toMatchObject({ subject: 'Wi-Fi drops everywhere', location: 'Main building', version: 2 });
    for (const field of [{ priority: 'low' }, { category: 'facility_management' }, { assigneeId: agent.id }]) {
      expect((await hub.call('tickets.update', { id: t.id, version: 2, ...field }, rita.token)).status).toBe(403);
    }
    await hub.ok('tickets.setStatus', { id: t.id, status: 'closed' }, rita.token);
    expect((await hub.call('tickets.update', { id: t.id, version: 3, subject: 'Again' }, rita.token)).status).toBe(403);
  });

  it('messages bump version and updatedAt; notes are staff-only', async () => {
    const t = await create(rita.token);
    clock.advance(1000);
    const reply = await hub.ok('messages.add', { ticketId: t.id, body: 'Which access point?' }, agent.token);
    expect(reply).toMatchObject({ ticketId: t.id, internal: false, author: { id: agent.id, role: 'agent' } });
    clock.advance(1000);
    await hub.ok('messages.add', { ticketId: t.id, body: 'AP-3F-12 is flaky, known issue', internal: true }, agent.token);
    clock.advance(1000);
    await hub.ok('messages.add', { ticketId: t.id, body: 'Near the windows' }, rita.token);
    const after = await hub.ok('tickets.get', { id: t.id }, agent.token);
    expect(after.version).toBe(4);
    expect(after.updatedAt).toBe(new Date(clock.now()).toISOString());
    expect((await hub.ok('messages.list', { ticketId: t.id }, agent.token)).items.map((m: any) => m.body)).toEqual(['Which access point?', 'AP-3F-12 is flaky, known issue', 'Near the windows']);
    expect((await hub.ok('messages.list', { ticketId: t.id }, rita.token)).items.map((m: any) => m.body)).toEqual(['Which access point?', 'Near the windows']);
    expect((await hub.call('messages.add', { ticketId: t.id, body: 'sneaky note', internal: true }, rita.token)).status).toBe(403);
    expect((await hub.call('messages.add', { ticketId: t.id, body: '   ' }, rita.token)).status).toBe(400);
    expect((await hub.call('messages.add', { ticketId: 99999, body: 'hi' }, agent.token)).status).toBe(404);
    const rh = await hub.ok('tickets.history', { id: t.id }, rita.token);
    expect(rh.items.map((e: any) => e.type)).toEqual(['created', 'reply', 'reply']);
    const ah = await hub.ok('tickets.history', { id: t.id }, agent.token);
    expect(ah.items.map((e: any) => e.type)).toEqual(['created', 'reply', 'note', 'reply']);
  });

  it('tickets.get of an unknown id is NOT_FOUND', async () => {
    expect((await hub.call('tickets.get', { id: 424242 }, agent.token)).status).toBe(404);
    expect((await hub.call('tickets.history', { id: 424242 }, agent.token)).status).toBe(404);
  });
});
