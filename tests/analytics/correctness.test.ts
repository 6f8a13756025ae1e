// Every analytic against an independent plain computation over the same rows (oracle.ts),
// through the real hub and its analytics worker, on generated data with edge cases; then
// again after concurrent-style changes (reopen, close, reassign, recategorize, delete,
// out-of-order insert, new replies), which the worker's copy must pick up exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { NOW, addMessage, insertTicket, seedPeopleAndCategories, seedTickets, type Seeded } from './fixtures.ts';
import {
  snapshot, plainTicketsByPeriod, plainBacklog, plainDurations, plainActiveByCategory, plainWorkload, plainDefaultBucket, type Snapshot,
} from './oracle.ts';

const H = 3_600_000;
const D = 24 * H;
const t = (s: string) => Date.parse(s);

type Stats = { count: number; meanSeconds: number | null; medianSeconds: number | null; p90Seconds: number | null };
function expectStats(actual: Stats, expected: Stats, label: string): void {
  expect(actual.count, `${label} count`).toBe(expected.count);
  for (const k of ['meanSeconds', 'medianSeconds', 'p90Seconds'] as const) {
    if (expected[k] === null) expect(actual[k], `${label} ${k}`).toBeNull();
    else expect(actual[k], `${label} ${k}`).toBeCloseTo(expected[k], 6);
  }
}
type Group = Stats & { key: string | number | null };
function expectDurations(actual: { overall: Stats; groups: Group[] }, expected: { overall: Stats; groups: Group[] }, label: string): void {
  expectStats(actual.overall, expected.overall, `${label} overall`);
  const byKey = (g: Group[]) => [...g].sort((a, b) => String(a.key).localeCompare(String(b.key)));
  const a = byKey(actual.groups);
  const e = byKey(expected.groups);
  expect(a.map((g) => g.key), `${label} keys`).toEqual(e.map((g) => g.key));
  a.forEach((g, i) => expectStats(g, e[i]!, `${label} group ${g.key}`));
  // Largest count first.
  for (let i = 1; i < actual.groups.length; i++) expect(actual.groups[i - 1]!.count).toBeGreaterThanOrEqual(actual.groups[i]!.count);
}

/** Explicit ranges: across months and years, aligned to boundaries, tiny, empty, far past. */
const RANGES: { from: string; to: string }[] = [
  { from: '2025-11-15T13:37:00.123Z', to: '2026-02-10T08:00:00.000Z' },
  { from: '2024-12-30T00:00:00.000Z', to: '2026-01-05T00:00:00.000Z' },
  { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
  { from: '2025-12-31T22:00:00.000Z', to: '2026-01-01T02:00:00.000Z' },
  { from: '2026-03-01T09:00:00.000Z', to: '2026-03-02T09:00:00.000Z' },
  { from: '2025-06-30T00:00:00.000Z', to: '2025-06-30T00:00:00.000Z' },
  { from: '2010-01-01T00:00:00.000Z', to: '2010-03-01T00:00:00.000Z' },
];
const BUCKETS = ['hour', 'day', 'week', 'month'] as const;

describe('analytics match a plain computation over the same rows', () => {
  let hub: TestHub;
  let token: string;
  let seeded: Seeded;
  let snap: Snapshot;
  const clock = new TestClock(NOW);

  beforeAll(async () => {
    hub = await startTestHub({ clock });
    const admin = await hub.setupAdmin();
    token = (await hub.user(admin, 'agent1', 'agent')).token;
    seeded = seedPeopleAndCategories(hub.app.core.sqlite);
    seedTickets(hub.app.core.sqlite, seeded, 2500);
    snap = snapshot(hub.app.core.sqlite);
  });
  afterAll(async () => { await hub?.dispose(); });

  async function checkPeriods(s: Snapshot): Promise<void> {
    for (const last of ['24h', '48h', '49h', '7d', '30d', '90d', '91d', '12w', '52w']) {
      const unit = last.endsWith('h') ? H : last.endsWith('d') ? D : 7 * D;
      const from = NOW - Number(last.slice(0, -1)) * unit;
      const bucket = plainDefaultBucket(from, NOW);
      expect(await hub.ok('analytics.ticketsByPeriod', { last }, token), `last ${last}`).toEqual(plainTicketsByPeriod(s, from, NOW, bucket, null));
      expect(await hub.ok('analytics.backlog', { last }, token), `backlog last ${last}`).toEqual(plainBacklog(s, from, NOW, bucket, null));
    }
    for (const r of RANGES) {
      for (const bucket of BUCKETS) {
        if (bucket === 'hour' && t(r.to) - t(r.from) > 120 * D) continue;
        const input = { ...r, bucket };
        expect(await hub.ok('analytics.ticketsByPeriod', input, token), JSON.stringify(input)).toEqual(plainTicketsByPeriod(s, t(r.from), t(r.to), bucket, null));
        expect(await hub.ok('analytics.backlog', input, token), `backlog ${JSON.stringify(input)}`).toEqual(plainBacklog(s, t(r.from), t(r.to), bucket, null));
      }
    }
    // Category filter, `to` defaulting to now.
    for (const slug of ['technical_it', 'network', 'empty_cat']) {
      const id = seeded.categories[slug]!;
      const input = { from: '2025-09-01T00:00:00Z', bucket: 'month', category: slug };
      expect(await hub.ok('analytics.ticketsByPeriod', input, token), slug).toEqual(plainTicketsByPeriod(s, t('2025-09-01T00:00:00Z'), NOW, 'month', id));
      expect(await hub.ok('analytics.backlog', input, token), slug).toEqual(plainBacklog(s, t('2025-09-01T00:00:00Z'), NOW, 'month', id));
    }
  }

  async function checkDurations(s: Snapshot): Promise<void> {
    const ranges: { from?: string; to?: string }[] = [{}, ...RANGES, { from: '2025-06-01T00:00:00Z' }, { to: '2026-01-01T00:00:00Z' }];
    for (const r of ranges) {
      for (const groupBy of ['none', 'category', 'priority', 'assignee'] as const) {
        const from = r.from ? t(r.from) : null;
        const to = r.to ? t(r.to) : null;
        const label = `${groupBy} ${JSON.stringify(r)}`;
        expectDurations(await hub.ok('analytics.resolutionTime', { ...r, groupBy }, token), plainDurations(s, 'resolution', from, to, groupBy), `resolution ${label}`);
        expectDurations(await hub.ok('analytics.firstResponse', { ...r, groupBy }, token), plainDurations(s, 'firstResponse', from, to, groupBy), `first response ${label}`);
      }
    }
    // groupBy defaults to none.
    const plain = await hub.ok('analytics.resolutionTime', {}, token);
    expect(plain.groups).toEqual([]);
  }

  async function checkNow(s: Snapshot): Promise<void> {
    const active = await hub.ok('analytics.activeByCategory', {}, token);
    const expected = plainActiveByCategory(s);
    expect(active.total).toBe(expected.total);
    const bySlug = (c: { category: string }[]) => [...c].sort((a, b) => a.category.localeCompare(b.category));
    expect(bySlug(active.categories)).toEqual(bySlug(expected.categories));
    for (let i = 1; i < active.categories.length; i++) expect(active.categories[i - 1].count).toBeGreaterThanOrEqual(active.categories[i].count);

    const work = await hub.ok('analytics.workload', {}, token);
    const expectedWork = plainWorkload(s);
    expect(work.total).toBe(expectedWork.total);
    const byId = (a: { assignee: { id: number } | null }[]) => [...a].sort((x, y) => (x.assignee?.id ?? 0) - (y.assignee?.id ?? 0));
    expect(byId(work.assignees)).toEqual(byId(expectedWork.assignees));
  }

  it('tickets by period and backlog: default buckets, all buckets, ranges across months and years, empty ranges, category filter', async () => {
    await checkPeriods(snap);
  });

  it('resolution time and first response: every grouping, all time and bounded ranges', async () => {
    await checkDurations(snap);
  });

  it('active by category and workload', async () => {
    await checkNow(snap);
    const active = await hub.ok('analytics.activeByCategory', {}, token);
    const slugs = active.categories.map((c: { category: string }) => c.category);
    expect(slugs).toContain('empty_cat'); // active category, zero active tickets
    expect(slugs).toContain('old_stuff'); // deactivated, still has active tickets
    expect(slugs).not.toContain('retired'); // deactivated, nothing active
    expect(active.categories.find((c: { category: string }) => c.category === 'empty_cat')).toMatchObject({ count: 0, byStatus: { open: 0, in_progress: 0, waiting: 0 } });
    const work = await hub.ok('analytics.workload', {}, token);
    expect(work.assignees.some((a: { assignee: unknown }) => a.assignee === null)).toBe(true);
    // The deactivated agent still holds active tickets, so it is listed, flagged inactive.
    expect(work.assignees.find((a: { assignee: { id: number } | null }) => a.assignee?.id === seeded.goneAgent)?.assignee.active).toBe(false);
  });

  it('buckets: ISO weeks start on Monday 00:00 UTC, months on the 1st, the first bucket is `from` truncated', async () => {
    const weeks = await hub.ok('analytics.ticketsByPeriod', { from: '2025-12-31T15:00:00+02:00', to: '2026-01-20T00:00:00Z', bucket: 'week' }, token);
    expect(weeks.buckets.map((b: { start: string }) => b.start)).toEqual(['2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z', '2026-01-12T00:00:00.000Z', '2026-01-19T00:00:00.000Z']);
    expect(weeks.from).toBe('2025-12-31T13:00:00.000Z');
    const months = await hub.ok('analytics.ticketsByPeriod', { from: '2025-11-30T23:59:59.999Z', to: '2026-02-01T00:00:00.001Z', bucket: 'month' }, token);
    expect(months.buckets.map((b: { start: string }) => b.start)).toEqual(['2025-11-01T00:00:00.000Z', '2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    const empty = await hub.ok('analytics.ticketsByPeriod', { from: '2026-01-01T10:30:00Z', to: '2026-01-01T10:30:00Z' }, token);
    expect(empty).toMatchObject({ total: 0, buckets: [], byCategory: [], bucket: 'hour' });
  });

  it('stays exact after writes: reopen, close, reassign, recategorize, delete, out-of-order insert, replies', async () => {
    const db = hub.app.core.sqlite;
    // Make sure the worker has loaded its copy before the writes.
    await hub.ok('analytics.resolutionTime', {}, token);
    const ids = (db.prepare('SELECT id FROM tickets ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    const closedIds = (db.prepare("SELECT id FROM tickets WHERE status IN ('resolved', 'closed') ORDER BY id LIMIT 40").all() as { id: number }[]).map((r) => r.id);
    const activeIds = (db.prepare("SELECT id FROM tickets WHERE status IN ('open', 'waiting') ORDER BY id LIMIT 40").all() as { id: number }[]).map((r) => r.id);
    db.transaction(() => {
      for (const id of closedIds.slice(0, 20)) db.prepare("UPDATE tickets SET status = 'open', closed_at = NULL WHERE id = ?").run(id); // reopen
      for (const id of closedIds.slice(20, 30)) db.prepare("UPDATE tickets SET status = 'closed' WHERE id = ?").run(id); // resolved → closed keeps closedAt
      for (const id of activeIds.slice(0, 20)) db.prepare("UPDATE tickets SET status = 'resolved', closed_at = ? WHERE id = ?").run(t('2026-03-01T00:00:00Z'), id);
      for (const id of activeIds.slice(20, 40)) db.prepare('UPDATE tickets SET assignee_id = ?, priority = 3 WHERE id = ?').run(seeded.agents[2], id);
      for (const id of ids.slice(100, 120)) db.prepare('UPDATE tickets SET category_id = ? WHERE id = ?').run(seeded.categories.network, id);
      db.prepare('DELETE FROM messages WHERE ticket_id = ?').run(ids[5]);
      db.prepare('DELETE FROM ticket_events WHERE ticket_id = ?').run(ids[5]);
      db.prepare('DELETE FROM tickets WHERE id = ?').run(ids[5]);
      addMessage(db, ids[7]!, seeded.agents[0]!, t('2024-01-01T00:00:00Z')); // earlier than any reply: new first response
      addMessage(db, ids[8]!, seeded.reporters[0]!, t('2024-01-01T00:00:00Z')); // a reporter's reply: no effect
    })();
    // An insert below the highest id (ids are otherwise increasing).
    insertTicket(db, { id: ids[5]! , status: 'waiting', categoryId: seeded.categories.empty_cat!, openedAt: t('2026-02-02T00:00:00Z'), assigneeId: seeded.agents[3] });
    const after = snapshot(db);
    await checkPeriods(after);
    await checkDurations(after);
    await checkNow(after);
  });

  it('the real flow through the API: reply, resolve, close, reopen', async () => {
    const admin = (await hub.ok('auth.login', { username: 'admin', password: 'admin-password' })).token;
    const rep = await hub.user(admin, 'flowrep', 'reporter');
    const ticket = await hub.ok('tickets.create', { subject: 'Projector', description: 'No image', category: 'technical_it' }, rep.token);
    clock.advance(90_000);
    await hub.ok('messages.add', { ticketId: ticket.id, body: 'Internal note', internal: true }, token);
    clock.advance(30_000);
    await hub.ok('messages.add', { ticketId: ticket.id, body: 'On my way' }, token);
    clock.advance(3600_000);
    await hub.ok('tickets.setStatus', { id: ticket.id, status: 'resolved' }, token);
    const range = { from: new Date(NOW).toISOString(), to: new Date(clock.now() + 1).toISOString() };
    let res = await hub.ok('analytics.resolutionTime', range, token);
    expect(res.overall).toMatchObject({ count: 1, medianSeconds: 3720, p90Seconds: 3720, meanSeconds: 3720 });
    const first = await hub.ok('analytics.firstResponse', range, token);
    expect(first.overall).toMatchObject({ count: 1, medianSeconds: 120 });
    clock.advance(60_000);
    await hub.ok('tickets.setStatus', { id: ticket.id, status: 'closed' }, token);
    res = await hub.ok('analytics.resolutionTime', range, token);
    expect(res.overall.medianSeconds).toBe(3720); // closedAt kept from resolved to closed
    await hub.ok('tickets.setStatus', { id: ticket.id, status: 'open' }, rep.token); // reopen
    res = await hub.ok('analytics.resolutionTime', range, token);
    expect(res.overall.count).toBe(0);
    expect(res.overall.medianSeconds).toBeNull();
    await checkNow(snapshot(hub.app.core.sqlite));
  });
  it('stays exact while writes run concurrently with analytics', async () => {
    const admin = (await hub.ok('auth.login', { username: 'admin', password: 'admin-password' })).token;
    const rep = await hub.user(admin, 'busyrep', 'reporter');
    const categories = ['facility_management', 'technical_it', 'network'];
    let writing = true;
    const writes = (async () => {
      for (let i = 0; i < 40; i++) {
        const t1 = await hub.ok('tickets.create', { subject: `Concurrent ${i}`, description: 'x', category: categories[i % 3] }, rep.token);
        clock.advance(60_000);
        if (i % 2 === 0) await hub.ok('messages.add', { ticketId: t1.id, body: 'Looking into it' }, token);
        if (i % 3 === 0) await hub.ok('tickets.setStatus', { id: t1.id, status: 'resolved' }, token);
        if (i % 6 === 0) await hub.ok('tickets.setStatus', { id: t1.id, status: 'open' }, rep.token);
      }
      writing = false;
    })();
    let rounds = 0;
    while (writing) {
      const [byPeriod, active, work] = await Promise.all([
        hub.ok('analytics.ticketsByPeriod', { from: '2024-01-01T00:00:00Z', to: new Date(clock.now() + 1).toISOString(), bucket: 'month' }, token),
        hub.ok('analytics.activeByCategory', {}, token),
        hub.ok('analytics.workload', {}, token),
      ]);
      // Every answer is one consistent snapshot.
      expect(byPeriod.buckets.reduce((a: number, b: { opened: number }) => a + b.opened, 0)).toBe(byPeriod.total);
      expect(byPeriod.byCategory.reduce((a: number, b: { count: number }) => a + b.count, 0)).toBe(byPeriod.total);
      expect(active.categories.reduce((a: number, c: { count: number }) => a + c.count, 0)).toBe(active.total);
      expect(work.assignees.reduce((a: number, c: { count: number }) => a + c.count, 0)).toBe(work.total);
      rounds++;
    }
    await writes;
    expect(rounds).toBeGreaterThan(0);
    const s = snapshot(hub.app.core.sqlite);
    await checkNow(s);
    const to = clock.now() + 1;
    expect(await hub.ok('analytics.ticketsByPeriod', { from: new Date(NOW).toISOString(), to: new Date(to).toISOString(), bucket: 'hour' }, token))
      .toEqual(plainTicketsByPeriod(s, NOW, to, 'hour', null));
    expect(await hub.ok('analytics.backlog', { from: new Date(NOW - 2 * D).toISOString(), to: new Date(to).toISOString() }, token))
      .toEqual(plainBacklog(s, NOW - 2 * D, to, plainDefaultBucket(NOW - 2 * D, to), null));
    for (const groupBy of ['none', 'category'] as const) {
      expectDurations(await hub.ok('analytics.resolutionTime', { groupBy }, token), plainDurations(s, 'resolution', null, null, groupBy), `concurrent resolution ${groupBy}`);
      expectDurations(await hub.ok('analytics.firstResponse', { groupBy }, token), plainDurations(s, 'firstResponse', null, null, groupBy), `concurrent first response ${groupBy}`);
    }
  });
});

describe('a database with a single ticket', () => {
  let hub: TestHub;
  let token: string;
  const clock = new TestClock(NOW);
  beforeAll(async () => {
    hub = await startTestHub({ clock });
    token = await hub.setupAdmin();
  });
  afterAll(async () => { await hub?.dispose(); });

  it('answers zeros and nulls before the ticket, and exact figures with it', async () => {
    expect(await hub.ok('analytics.resolutionTime', { groupBy: 'category' }, token)).toEqual({ overall: { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null }, groups: [] });
    expect((await hub.ok('analytics.ticketsByPeriod', { last: '7d' }, token)).total).toBe(0);
    expect(await hub.ok('analytics.activeByCategory', {}, token)).toMatchObject({ total: 0 });
    const db = hub.app.core.sqlite;
    const cat = (db.prepare("SELECT id FROM categories WHERE slug = 'technical_it'").get() as { id: number }).id;
    insertTicket(db, { status: 'resolved', categoryId: cat, openedAt: t('2026-03-01T00:00:00Z'), closedAt: t('2026-03-01T10:00:00Z'), priority: 2 });
    const res = await hub.ok('analytics.resolutionTime', { groupBy: 'priority' }, token);
    expect(res).toEqual({
      overall: { count: 1, meanSeconds: 36000, medianSeconds: 36000, p90Seconds: 36000 },
      groups: [{ key: 'high', count: 1, meanSeconds: 36000, medianSeconds: 36000, p90Seconds: 36000 }],
    });
    const s = snapshot(db);
    expect(await hub.ok('analytics.ticketsByPeriod', { last: '7d' }, token)).toEqual(plainTicketsByPeriod(s, NOW - 7 * D, NOW, 'day', null));
    expect(await hub.ok('analytics.backlog', { last: '48h' }, token)).toEqual(plainBacklog(s, NOW - 48 * H, NOW, 'hour', null));
  });
});
