import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';

describe('tickets.list, search and reporter permissions', () => {
  let hub: TestHub;
  let admin: string;
  let agent: { token: string; id: number };
  let rita: { token: string; id: number };
  let sam: { token: string; id: number };
  const clock = new TestClock(Date.parse('2026-02-01T08:00:00.000Z'));
  const ids: number[] = [];
  let samTicket: number;

  beforeAll(async () => {
    hub = await startTestHub({ clock });
    admin = await hub.setupAdmin();
    agent = await hub.user(admin, 'alex', 'agent');
    rita = await hub.user(admin, 'rita', 'reporter');
    sam = await hub.user(admin, 'sam', 'reporter');
    const cats = ['technical_it', 'facility_management', 'services_complaints'];
    for (let i = 0; i < 30; i++) {
      clock.advance(60_000);
      const t = await hub.ok('tickets.create', {
        subject: i % 5 === 0 ? `Projector broken in lecture hall ${i}` : `Heating problem number ${i}`,
        description: i % 3 === 0 ? 'It is very cold in the seminar room' : 'Please send someone',
        category: cats[i % 3],
      }, rita.token);
      ids.push(t.id);
    }
    // A few changes so that filters have something to find.
    await hub.ok('tickets.update', { id: ids[0], version: 1, priority: 'urgent', assigneeId: agent.id }, agent.token);
    await hub.ok('tickets.update', { id: ids[1], version: 1, priority: 'high', assigneeId: agent.id }, agent.token);
    await hub.ok('tickets.setStatus', { id: ids[2], status: 'resolved' }, agent.token);
    await hub.ok('messages.add', { ticketId: ids[3], body: 'The thermostat firmware needs an update', internal: true }, agent.token);
    await hub.ok('messages.add', { ticketId: ids[4], body: 'We ordered a new radiator valve' }, agent.token);
    clock.advance(60_000);
    samTicket = (await hub.ok('tickets.create', { subject: 'Sam lost his student card', description: 'Secret details about Sam', category: 'services_complaints' }, sam.token)).id;
  });
  afterAll(async () => { await hub.dispose(); });

  it('lists newest change first and pages through everything with cursors, no repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await hub.ok('tickets.list', { limit: 7, ...(cursor ? { cursor } : {}) }, agent.token);
      expect(page.total).toBe(31);
      seen.push(...page.items.map((t: any) => t.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(31);
    const all = await hub.ok('tickets.list', { limit: 200 }, agent.token);
    const updated = all.items.map((t: any) => Date.parse(t.updatedAt));
    expect([...updated].sort((a, b) => b - a)).toEqual(updated);
    expect(all.items.map((t: any) => t.id)).toEqual(seen);
  });

  it('sorts by priority, id and openedAt in both orders', async () => {
    const byPrio = await hub.ok('tickets.list', { sort: 'priority', limit: 3 }, agent.token);
    expect(byPrio.items.map((t: any) => t.priority)).toEqual(['urgent', 'high', 'normal']);
    const asc = await hub.ok('tickets.list', { sort: 'id', order: 'asc', limit: 200 }, agent.token);
    expect(asc.items.map((t: any) => t.id)).toEqual([...ids, samTicket]);
    const p1 = await hub.ok('tickets.list', { sort: 'openedAt', order: 'asc', limit: 10 }, agent.token);
    const p2 = await hub.ok('tickets.list', { sort: 'openedAt', order: 'asc', limit: 10, cursor: p1.nextCursor }, agent.token);
    expect([...p1.items, ...p2.items].map((t: any) => t.id)).toEqual(ids.slice(0, 20));
    const wrong = await hub.call('tickets.list', { sort: 'id', cursor: p1.nextCursor }, agent.token);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('cursor');
    expect((await hub.call('tickets.list', { cursor: 'garbage!!' }, agent.token)).status).toBe(400);
  });

  it('filters by status, category, priority, assignee, reporter and opened range, with exact totals', async () => {
    const r = (input: object) => hub.ok('tickets.list', { limit: 200, ...input }, agent.token);
    expect((await r({ status: ['resolved'] })).items.map((t: any) => t.id)).toEqual([ids[2]]);
    expect((await r({ status: ['open'] })).total).toBe(30);
    expect((await r({ category: ['technical_it'] })).total).toBe(10);
    expect((await r({ category: ['technical_it', 'services_complaints'] })).total).toBe(21);
    expect((await r({ priority: ['urgent', 'high'] })).total).toBe(2);
    expect((await r({ assigneeId: 'me' })).total).toBe(2);
    expect((await r({ assigneeId: agent.id })).total).toBe(2);
    expect((await r({ assigneeId: 'none' })).total).toBe(29);
    expect((await r({ reporterId: sam.id })).items.map((t: any) => t.id)).toEqual([samTicket]);
    const from = '2026-02-01T08:10:00+00:00';
    const to = '2026-02-01T08:13:00Z';
    const ranged = await r({ openedFrom: from, openedTo: to, sort: 'openedAt', order: 'asc' });
    expect(ranged.items.map((t: any) => t.openedAt)).toEqual(["2026-02-01T08:10:00.000Z", "2026-02-01T08:11:00.000Z", "2026-02-01T08:12:00.000Z"]);
    expect((await r({ status: ['open'], category: ['technical_it'], priority: ['urgent'] })).total).toBe(1);
    const unknownCat = await hub.call('tickets.list', { category: ['nope'] }, agent.token);
    expect(unknownCat.status).toBe(400);
    expect(unknownCat.body.error.details[0].path).toBe('category.0');
    expect((await hub.call('tickets.list', { openedFrom: 'yesterday' }, agent.token)).status).toBe(400);
    // Any ISO 8601 form with an offset names the same instants: no seconds, ±hh, ±hhmm, basic format.
    for (const [f, t] of [['2026-02-01T09:10+01:00', '2026-02-01T08:13Z'], ['2026-02-01T09:10:00+01', '20260201T071300-0100'], ['2026-02-01t03:40:00.000-04:30', '2026-02-01T08:13:00,000Z']]) {
      expect((await r({ openedFrom: f, openedTo: t, sort: 'openedAt', order: 'asc' })).items.map((x: any) => x.id), `${f} ${t}`).toEqual(ranged.items.map((x: any) => x.id));
    }
    for (const bad of ['2026-02-01T08:10:00', '2026-02-30T08:10Z', '2026-02-01T24:00Z', '2026-02-01 08:10Z', '2026-02-01T08:10+25:00']) {
      const res = await hub.call('tickets.list', { openedFrom: bad }, agent.token);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.details[0].path, bad).toBe('openedFrom');
    }
  });

  it('pages the same results whatever read plan the list picks (walk, sort, one pass)', async () => {
    const everything = (await hub.ok('tickets.list', { limit: 200, sort: 'id', order: 'asc' }, agent.token)).items as any[];
    const matches = (t: any, words: string[]) => words.every((w) => `${t.subject} ${t.description}`.toLowerCase().includes(w));
    const keys: Record<string, (t: any) => number[]> = {
      updatedAt: (t) => [Date.parse(t.updatedAt), t.id],
      openedAt: (t) => [Date.parse(t.openedAt), t.id],
      priority: (t) => [['low', 'normal', 'high', 'urgent'].indexOf(t.priority), Date.parse(t.updatedAt), t.id],
      id: (t) => [t.id],
    };
    const combos: [Record<string, unknown>, (t: any) => boolean][] = [
      [{ q: 'heating' }, (t) => matches(t, ['heating'])],
      [{ q: 'heating', status: ['open'] }, (t) => matches(t, ['heating']) && t.status === 'open'],
      [{ q: 'seminar', category: ['technical_it', 'facility_management'] }, (t) => t.description.includes('seminar') && ['technical_it', 'facility_management'].includes(t.category)],
      [{ status: ['open'] }, (t) => t.status === 'open'],
      [{ category: ['services_complaints'] }, (t) => t.category === 'services_complaints'],
      [{ priority: ['normal'], assigneeId: 'none' }, (t) => t.priority === 'normal' && t.assignee === null],
    ];
    for (const [filter, pred] of combos) {
      for (const [sort, key] of Object.entries(keys)) {
        for (const order of ['asc', 'desc'] as const) {
          const cmp = (a: any, b: any) => { const x = key(a); const y = key(b); for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i]! - y[i]!) * (order === 'asc' ? 1 : -1); return 0; };
          const expected = everything.filter(pred).sort(cmp).map((t) => t.id);
          const got: number[] = [];
          let cursor: string | null = null;
          do {
            const page: any = await hub.ok('tickets.list', { ...filter, sort, order, limit: 4, ...(cursor ? { cursor } : {}) }, agent.token);
            expect(page.total, JSON.stringify({ filter, sort, order })).toBe(expected.length);
            got.push(...page.items.map((t: any) => t.id));
            cursor = page.nextCursor;
          } while (cursor);
          expect(got, JSON.stringify({ filter, sort, order })).toEqual(expected);
        }
      }
    }
  });

  it('counts tickets per status in one call, equal to the list totals', async () => {
    const statuses = ['open', 'in_progress', 'waiting', 'resolved', 'closed'];
    for (const [token, filter] of [
      [agent.token, {}], [agent.token, { category: ['technical_it'] }], [agent.token, { q: 'heating' }],
      [agent.token, { q: 'seminar', priority: ['normal'] }], [agent.token, { openedFrom: '2026-02-01T08:10:00Z' }],
      // Staff searches are counted by the analytics worker from its copy: every filter it tests.
      [agent.token, { q: 'heating', category: ['technical_it', 'facility_management'], openedFrom: '2026-02-01T08:05:00Z', openedTo: '2026-02-01T08:25:00Z' }],
      [agent.token, { q: 'projector', assigneeId: 'me' }], [agent.token, { q: 'heating', assigneeId: 'none', priority: ['normal', 'high'] }],
      [agent.token, { q: 'thermostat' }], [agent.token, { q: 'heating', reporterId: rita.id }], [rita.token, { q: 'heating' }],
      [rita.token, {}], [sam.token, { q: 'heating' }],
    ] as const) {
      const counts = await hub.ok('tickets.counts', filter, token);
      let sum = 0;
      for (const st of statuses) {
        const n = (await hub.ok('tickets.list', { ...filter, status: [st], limit: 1 }, token)).total;
        expect(counts.byStatus[st], `${JSON.stringify(filter)} ${st}`).toBe(n);
        sum += n;
      }
      expect(counts.total).toBe(sum);
    }
    expect((await hub.ok('tickets.counts', {}, sam.token)).total).toBe(1);
    expect((await hub.call('tickets.counts', { status: ['open'] }, agent.token)).status).toBe(400);
  });

  it('searches subject, description and messages; staff find internal notes, reporters do not', async () => {
    const q = (token: string, text: string) => hub.ok('tickets.list', { q: text, limit: 200 }, token);
    expect((await q(agent.token, 'projector')).total).toBe(6);
    expect((await q(agent.token, 'PROJECTOR hall')).total).toBe(6);
    expect((await q(agent.token, 'seminar')).total).toBe(10);
    expect((await q(agent.token, 'radiator')).items.map((t: any) => t.id)).toEqual([ids[4]]);
    expect((await q(agent.token, 'thermostat')).items.map((t: any) => t.id)).toEqual([ids[3]]);
    expect((await q(rita.token, 'thermostat')).total).toBe(0);
    expect((await q(rita.token, 'radiator')).total).toBe(1);
    expect((await q(agent.token, 'projector', )).items.every((t: any) => t.subject.includes('Projector'))).toBe(true);
    expect((await q(agent.token, '"unbalanced quote AND OR (')).total).toBe(0);
    expect((await hub.call('tickets.list', { q: '   ' }, agent.token)).status).toBe(400);
    expect((await hub.call('tickets.list', { q: '!!!' }, agent.token)).status).toBe(400);
  });

  it('a reporter cannot see, list, search, edit, message or read the history of another reporter\'s ticket', async () => {
    const all = await hub.ok('tickets.list', { limit: 200 }, sam.token);
    expect(all.items.map((t: any) => t.id)).toEqual([samTicket]);
    expect(all.total).toBe(1);
    const filtered = await hub.ok('tickets.list', { reporterId: rita.id }, sam.token);
    expect(filtered.total).toBe(0);
    expect((await hub.ok('tickets.list', { q: 'heating' }, sam.token)).total).toBe(0);
    expect((await hub.ok('tickets.list', { q: 'student card' }, rita.token)).total).toBe(0);
    const other = ids[0];
    for (const [name, input] of [
      ['tickets.get', { id: other }], ['tickets.history', { id: other }], ['messages.list', { ticketId: other }],
      ['messages.add', { ticketId: other, body: 'hello' }], ['tickets.update', { id: other, version: 2, subject: 'mine now' }],
      ['tickets.setStatus', { id: other, status: 'closed' }],
    ] as const) {
      const res = await hub.call(name, input, sam.token);
      expect(res.status, name).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('Heating');
    }
    expect((await hub.ok('tickets.get', { id: other }, agent.token)).version).toBe(2);
  });
});

describe('tickets.list with a word in nearly every ticket', () => {
  // 2,500 tickets, 98 % of them with "the": a first page of one walks the sort index and looks
  // each candidate up in the kept set of matches (core/search-matches.ts, searchCond's `set`
  // join in core/tickets/list-sql.ts). The pages must be those of a plain filter.
  let hub: TestHub;
  let admin: string;
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  const statuses = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
  const rows = Array.from({ length: 2500 }, (_, i) => {
    const status = statuses[i % 5]!;
    const openedAt = base + ((i * 7919) % 2500) * 3_600_000;
    return {
      subject: i % 50 === 7 ? `Lamp ${i} flickers` : `The lamp ${i} flickers`,
      description: 'Reported by import',
      category: 'facility_management',
      priority: (['low', 'normal', 'high', 'urgent'] as const)[i % 4],
      status,
      openedAt: new Date(openedAt).toISOString(),
      ...(status === 'resolved' || status === 'closed' ? { closedAt: new Date(openedAt + 86_400_000).toISOString() } : {}),
    };
  });

  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
    expect((await hub.ok('tickets.import', { tickets: rows }, admin)).imported).toBe(2500);
  });
  afterAll(async () => { await hub.dispose(); });

  it('pages "the" one ticket at a time in every sort, alone and with a status filter, like a plain filter would', async () => {
    for (const extra of [{}, { status: ['open', 'in_progress', 'waiting'] }]) {
      for (const sort of ['updatedAt', 'priority', 'id'] as const) {
        for (const order of ['desc', 'asc'] as const) {
          const label = JSON.stringify({ extra, sort, order });
          // The reference: the same list without the search, minus the tickets without "the".
          const reference: number[] = [];
          let cursor: string | null = null;
          do {
            const page: any = await hub.ok('tickets.list', { ...extra, sort, order, limit: 200, ...(cursor ? { cursor } : {}) }, admin);
            reference.push(...page.items.filter((t: any) => t.subject.startsWith('The ')).map((t: any) => t.id));
            cursor = page.nextCursor;
          } while (cursor);
          const got: number[] = [];
          let total = -1;
          cursor = null;
          for (let n = 0; n < 12; n++) {
            const page: any = await hub.ok('tickets.list', { ...extra, q: 'the', sort, order, limit: 1, ...(cursor ? { cursor } : {}) }, admin);
            total = page.total;
            got.push(...page.items.map((t: any) => t.id));
            cursor = page.nextCursor;
          }
          expect(total, label).toBe(reference.length);
          expect(got, label).toEqual(reference.slice(0, 12));
        }
      }
    }
  });
});
