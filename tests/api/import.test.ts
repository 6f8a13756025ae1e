import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

describe('tickets.import', () => {
  let hub: TestHub;
  let admin: string;
  let agent: { token: string; id: number };
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
    agent = await hub.user(admin, 'alex', 'agent');
    await hub.user(admin, 'rita', 'reporter');
  });
  afterAll(async () => { await hub.dispose(); });

  const good = (i: number) => ({
    subject: `Old ticket ${i}`, description: 'From the old osTicket', category: 'facility_management', status: 'closed',
    priority: 'high', openedAt: '2025-01-10T08:00:00+01:00', closedAt: '2025-01-12T10:30:00Z',
    reporterUsername: 'rita', assigneeUsername: 'alex',
    messages: [
      { authorUsername: 'alex', body: 'On it', createdAt: '2025-01-10T09:00:00Z' },
      { authorUsername: 'alex', body: 'Ordered parts', internal: true, createdAt: '2025-01-13T09:00:00Z' },
    ],
  });

  it('imports tickets with their messages, dates as given, channel import', async () => {
    const r = await hub.ok('tickets.import', { tickets: [good(1), { subject: 'Still open', description: 'x', category: 'technical_it', status: 'waiting', openedAt: '2025-02-01T00:00:00Z' }] }, admin);
    expect(r.imported).toBe(2);
    expect(r.ids).toHaveLength(2);
    const t = await hub.ok('tickets.get', { id: r.ids[0] }, agent.token);
    expect(t).toMatchObject({
      channel: 'import', status: 'closed', priority: 'high', openedAt: '2025-01-10T07:00:00.000Z', closedAt: '2025-01-12T10:30:00.000Z',
      updatedAt: '2025-01-13T09:00:00.000Z', // latest of openedAt, closedAt, message times
      reporter: { displayName: 'Rita' }, assignee: { id: agent.id }, version: 1,
    });
    const msgs = await hub.ok('messages.list', { ticketId: r.ids[0] }, agent.token);
    expect(msgs.items.map((m: any) => [m.body, m.internal, m.createdAt])).toEqual([
      ['On it', false, '2025-01-10T09:00:00.000Z'], ['Ordered parts', true, '2025-01-13T09:00:00.000Z'],
    ]);
    const open = await hub.ok('tickets.get', { id: r.ids[1] }, agent.token);
    expect(open).toMatchObject({ status: 'waiting', closedAt: null, updatedAt: '2025-02-01T00:00:00.000Z', reporter: null });
    expect((await hub.ok('tickets.list', { q: 'osTicket' }, agent.token)).total).toBe(1);
  });

  it('rejects the whole batch with one detail per bad field, importing nothing', async () => {
    const before = (await hub.ok('tickets.list', {}, admin)).total;
    const bad = [
      good(1),
      { ...good(2), closedAt: undefined },                       // closed without closedAt
      { ...good(3), status: 'open' },                            // open with closedAt
      { ...good(4), category: 'nope' },                          // unknown category
      { ...good(5), reporterUsername: 'ghost' },                 // unknown user
      { ...good(6), priority: 'meh', extra: 1 },                 // bad enum + unknown field
    ];
    const r = await hub.call('tickets.import', { tickets: bad }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    const paths = r.body.error.details.map((d: any) => d.path).sort();
    // Shape problems and unknown references in one answer.
    expect(paths).toEqual(['tickets.1.closedAt', 'tickets.2.closedAt', 'tickets.3.category', 'tickets.4.reporterUsername', 'tickets.5.extra', 'tickets.5.priority']);
    // Only references: found once the shapes are right, by the same look-ups.
    const refs = await hub.call('tickets.import', { tickets: [good(1), { ...good(2), category: 'nope' }, { ...good(3), reporterUsername: 'ghost', assigneeUsername: 'rita' }] }, admin);
    expect(refs.status).toBe(400);
    expect(refs.body.error.details.map((d: any) => d.path).sort()).toEqual(['tickets.1.category', 'tickets.2.assigneeUsername', 'tickets.2.reporterUsername']);
    expect((await hub.ok('tickets.list', {}, admin)).total).toBe(before);
  });

  it('refuses empty and oversized batches and non-admins', async () => {
    expect((await hub.call('tickets.import', { tickets: [] }, admin)).status).toBe(400);
    const many = Array.from({ length: 10_001 }, (_, i) => ({ subject: `s${i}`, description: 'd', category: 'technical_it', status: 'open', openedAt: '2025-01-01T00:00:00Z' }));
    const r = await hub.call('tickets.import', { tickets: many }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('tickets');
    expect((await hub.call('tickets.import', { tickets: [good(1)] }, agent.token)).status).toBe(403);
  });

  it('accepts bodies over 1 MiB up to 16 MiB for import only', async () => {
    const tickets = Array.from({ length: 300 }, (_, i) => ({ subject: `Bulk ${i}`, description: 'y'.repeat(5000), category: 'technical_it', status: 'open', openedAt: '2025-03-01T00:00:00Z' }));
    const r = await hub.call('tickets.import', { tickets }, admin);
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(300);
    const huge = await hub.call('tickets.import', undefined, admin, { raw: JSON.stringify({ tickets: [{ ...tickets[0], description: 'z'.repeat(17 * 1024 * 1024) }] }) });
    expect(huge.status).toBe(413);
  });
});
