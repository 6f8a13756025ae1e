// Demo data: the generator is deterministic, a generated database keeps the API's invariants
// (closedAt, updatedAt, version, history, full-text index, ticket_counts), and the printed demo
// accounts sign in through the real hub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DemoGenerator, planUsers, DEMO_PASSWORDS, DEMO_AGENT_USERNAMES, type GeneratedTicket } from '../../src-main/demo/generate.ts';
import { ensureDemoData, demoAccountLines, searchAndCountTriggerNames } from '../../src-main/demo/seed.ts';
import { startHub, type RunningHub } from '../../src-main/hub.ts';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const YEAR = 365 * 24 * 3600 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'campusdesk-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generate(tickets: number, seed: number): GeneratedTicket[] {
  const users = planUsers(tickets, seed, NOW);
  return [...new DemoGenerator({ tickets, seed, now: NOW, userIds: users.map((_, i) => 100 + i) })];
}

describe('demo generator', () => {
  it('gives the same rows for the same seed and different rows for another', () => {
    const a = generate(400, 7);
    const b = generate(400, 7);
    const c = generate(400, 8);
    expect(a).toEqual(b);
    expect(a.map((x) => x.ticket.subject)).not.toEqual(c.map((x) => x.ticket.subject));
    expect(planUsers(400, 7, NOW)).toEqual(planUsers(400, 7, NOW));
  });

  it('keeps every ticket consistent with the API rules', () => {
    const all = generate(3000, 11);
    let previousOpened = -Infinity;
    for (const { ticket: t, messages, events } of all) {
      expect(t.openedAt).toBeGreaterThanOrEqual(previousOpened);
      previousOpened = t.openedAt;
      expect(t.openedAt).toBeGreaterThanOrEqual(NOW - YEAR);
      expect(t.updatedAt).toBeLessThanOrEqual(NOW);
      expect(t.closedAt !== null).toBe(t.status === 'resolved' || t.status === 'closed');
      if (t.closedAt !== null) expect(t.closedAt).toBeGreaterThanOrEqual(t.openedAt);
      expect(t.updatedAt).toBeGreaterThanOrEqual(t.openedAt);
      for (const m of messages) expect(t.updatedAt).toBeGreaterThanOrEqual(m.createdAt);
      if (t.channel === 'import') {
        expect(t.version).toBe(1);
        expect(events.map((e) => e.type)).toEqual(['imported']);
      } else {
        expect(events[0]?.type).toBe('created');
        // One change per event after creation; every message is one.
        expect(t.version).toBe(events.length);
        expect(events.filter((e) => e.type === 'reply' || e.type === 'note')).toHaveLength(messages.length);
        const last = events[events.length - 1];
        expect(t.updatedAt).toBe(last?.at);
      }
      if (t.channel === 'kiosk') {
        expect(t.reporterId).toBeNull();
        expect(t.reference).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6,12}$/);
        expect(t.contactName ?? t.contactEmail ?? t.contactPhone).not.toBeNull();
      } else {
        expect(t.reporterId).not.toBeNull();
        expect(t.reference).toBeNull();
      }
      expect(t.subject.length).toBeGreaterThan(0);
      expect(t.subject.length).toBeLessThanOrEqual(200);
    }
    // A realistic mix.
    const count = (f: (x: GeneratedTicket) => boolean) => all.filter(f).length;
    for (const s of ['open', 'in_progress', 'waiting', 'resolved', 'closed']) expect(count((x) => x.ticket.status === s)).toBeGreaterThan(0);
    for (const c of ['app', 'kiosk', 'import']) expect(count((x) => x.ticket.channel === c)).toBeGreaterThan(0);
    const active = count((x) => ['open', 'in_progress', 'waiting'].includes(x.ticket.status));
    expect(active / all.length).toBeGreaterThan(0.02);
    expect(active / all.length).toBeLessThan(0.25);
    // Old tickets are mostly done; the last week's mostly active.
    const old = all.filter((x) => x.ticket.openedAt < NOW - 90 * 24 * 3600e3);
    expect(old.filter((x) => x.ticket.closedAt !== null).length / old.length).toBeGreaterThan(0.9);
    const priorities = new Set(all.map((x) => x.ticket.priority));
    expect([...priorities].sort()).toEqual([0, 1, 2, 3]);
    expect(count((x) => x.ticket.priority === 1) / all.length).toBeGreaterThan(0.5);
    // Resolution times from hours to weeks, skewed (median well below the mean).
    const durations = all.filter((x) => x.ticket.closedAt !== null).map((x) => (x.ticket.closedAt as number) - x.ticket.openedAt).sort((a, b) => a - b);
    const median = durations[Math.floor(durations.length / 2)] as number;
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    expect(median).toBeGreaterThan(3600e3);
    expect(durations[Math.floor(durations.length * 0.95)]).toBeGreaterThan(7 * 24 * 3600e3);
    expect(mean).toBeGreaterThan(median * 1.3);
    const messages = all.flatMap((x) => x.messages);
    expect(messages.length / all.length).toBeGreaterThan(2);
    expect(messages.some((m) => m.internal)).toBe(true);
  });
});

describe('demo database', () => {
  const dbPath = join(dir, 'demo.db');
  const TICKETS = 1500;
  let sqlite: Database.Database;
  const lines: string[] = [];

  beforeAll(() => {
    const result = ensureDemoData(dbPath, { tickets: TICKETS, now: NOW, log: (m) => lines.push(m) });
    expect(result.filled).toBe(true);
    sqlite = new Database(dbPath);
  });
  afterAll(() => sqlite?.close());

  const all = <T>(q: string, ...p: unknown[]) => sqlite.prepare(q).all(...p) as T[];
  const one = <T>(q: string, ...p: unknown[]) => sqlite.prepare(q).get(...p) as T;

  it('has the tickets, users, kiosks and a WAL journal again', () => {
    expect(one<{ n: number }>('SELECT count(*) n FROM tickets').n).toBe(TICKETS);
    expect(one<{ n: number }>(`SELECT count(*) n FROM users WHERE role = 'agent'`).n).toBe(DEMO_AGENT_USERNAMES.length);
    expect(one<{ n: number }>(`SELECT count(*) n FROM users WHERE role = 'reporter'`).n).toBeGreaterThan(100);
    expect(one<{ n: number }>('SELECT count(*) n FROM kiosks').n).toBe(3);
    expect(String(sqlite.pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(lines.join('\n')).toContain(`admin / ${DEMO_PASSWORDS.admin}`);
  });

  it('keeps closedAt, updatedAt and version consistent', () => {
    expect(one<{ n: number }>(`SELECT count(*) n FROM tickets WHERE (closed_at IS NOT NULL) <> (status IN ('resolved', 'closed'))`).n).toBe(0);
    expect(one<{ n: number }>('SELECT count(*) n FROM tickets WHERE updated_at < opened_at OR closed_at < opened_at').n).toBe(0);
    expect(one<{ n: number }>('SELECT count(*) n FROM tickets t WHERE updated_at < (SELECT max(created_at) FROM messages m WHERE m.ticket_id = t.id)').n).toBe(0);
    expect(one<{ n: number }>(`SELECT count(*) n FROM tickets t WHERE channel <> 'import'
      AND version <> (SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.id)`).n).toBe(0);
    expect(one<{ n: number }>(`SELECT count(*) n FROM tickets WHERE channel = 'import' AND version <> 1`).n).toBe(0);
  });

  it('records history: a created or imported event for every ticket, one event per message', () => {
    expect(one<{ n: number }>(`SELECT count(*) n FROM tickets t WHERE NOT EXISTS
      (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.type IN ('created', 'imported'))`).n).toBe(0);
    const types = all<{ type: string }>('SELECT DISTINCT type FROM ticket_events').map((r) => r.type).sort();
    expect(types).toEqual(['assignee', 'created', 'imported', 'note', 'priority', 'reply', 'status']);
    expect(one<{ n: number }>(`SELECT count(*) n FROM messages m WHERE NOT EXISTS (SELECT 1 FROM ticket_events e
      WHERE e.ticket_id = m.ticket_id AND e.type IN ('reply', 'note') AND e.to_value = json_object('messageId', m.id))
      AND (SELECT channel FROM tickets WHERE id = m.ticket_id) <> 'import'`).n).toBe(0);
  });

  it('has a full-text index that finds generated words', () => {
    for (const word of ['eduroam', 'heating', 'printer']) {
      const fts = one<{ n: number }>('SELECT count(*) n FROM ticket_search WHERE ticket_search MATCH ?', `{subject description} : "${word}"`).n;
      const like = one<{ n: number }>(`SELECT count(*) n FROM tickets WHERE subject LIKE '%' || ? || '%' OR description LIKE '%' || ? || '%'`, word, word).n;
      expect(fts).toBeGreaterThan(0);
      expect(fts).toBe(like);
    }
    const inReplies = one<{ n: number }>(`SELECT count(*) n FROM ticket_search WHERE ticket_search MATCH '{replies notes} : "escalated"'`).n;
    expect(inReplies).toBe(one<{ n: number }>(`SELECT count(DISTINCT ticket_id) n FROM messages WHERE body LIKE '%escalated%'`).n);
    expect(inReplies).toBeGreaterThan(0);
    expect(() => sqlite.exec(`INSERT INTO ticket_search(ticket_search) VALUES ('integrity-check')`)).not.toThrow();
  });

  it('has ticket_counts equal to a recount, and the triggers back in place', () => {
    const recount = all<{ k: string; n: number }>(`SELECT status || '/' || category_id || '/' || priority || '/' || coalesce(assignee_id, 0) k, count(*) n
      FROM tickets GROUP BY 1 ORDER BY 1`);
    const stored = all<{ k: string; n: number }>(`SELECT status || '/' || category_id || '/' || priority || '/' || assignee_id k, n
      FROM ticket_counts WHERE n > 0 ORDER BY 1`);
    expect(stored).toEqual(recount);
    const names = searchAndCountTriggerNames(sqlite);
    expect(names.length).toBeGreaterThanOrEqual(9);
    const present = all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).map((r) => r.name);
    for (const n of names) expect(present).toContain(n);
  });

  it('is the same dataset when generated again with the same seed', () => {
    const other = join(dir, 'again.db');
    ensureDemoData(other, { tickets: TICKETS, now: NOW });
    const db2 = new Database(other, { readonly: true });
    try {
      for (const q of [
        'SELECT * FROM tickets ORDER BY id',
        'SELECT * FROM messages ORDER BY id',
        'SELECT * FROM ticket_events ORDER BY id',
        'SELECT id, username, display_name, email, role, created_at FROM users ORDER BY id',
      ]) {
        expect(db2.prepare(q).all()).toEqual(sqlite.prepare(q).all());
      }
    } finally {
      db2.close();
    }
  });

  it('leaves a database with tickets alone but prints the accounts', () => {
    const again: string[] = [];
    const result = ensureDemoData(dbPath, { tickets: 10, log: (m) => again.push(m) });
    expect(result.filled).toBe(false);
    expect(one<{ n: number }>('SELECT count(*) n FROM tickets').n).toBe(TICKETS);
    expect(again.join('\n')).toContain(DEMO_PASSWORDS.agent);
    expect(demoAccountLines(sqlite).join('\n')).toContain(DEMO_PASSWORDS.reporter);
  });

  describe('through the real hub', () => {
    let hub: RunningHub;
    beforeAll(async () => { hub = await startHub(dbPath, { port: 0, staticDir: null }); });
    afterAll(async () => { await hub?.stop(); });

    const call = async (name: string, input: unknown, token?: string) => {
      const res = await fetch(`${hub.url}/api/v1/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(input),
      });
      return { status: res.status, body: await res.json() };
    };
    const login = async (username: string, password: string) => {
      const r = await call('auth.login', { username, password });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.token as string;
    };

    it('lets the printed accounts sign in and work', async () => {
      const admin = await login('admin', DEMO_PASSWORDS.admin);
      expect((await call('auth.me', {}, admin)).body.user.role).toBe('admin');
      const agent = await login(DEMO_AGENT_USERNAMES[0] as string, DEMO_PASSWORDS.agent);
      const list = await call('tickets.list', { limit: 20 }, agent);
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(TICKETS);
      expect(list.body.items).toHaveLength(20);
      const search = await call('tickets.list', { q: 'eduroam' }, agent);
      expect(search.status).toBe(200);
      expect(search.body.total).toBeGreaterThan(0);
      const id = list.body.items[0].id as number;
      expect((await call('messages.list', { ticketId: id }, agent)).status).toBe(200);
      expect((await call('tickets.history', { id }, agent)).status).toBe(200);

      const reporterLine = lines.find((l) => l.includes('reporters')) as string;
      const reporter = /reporters\s+([a-z0-9._-]+)/.exec(reporterLine)?.[1] as string;
      const rtoken = await login(reporter, DEMO_PASSWORDS.reporter);
      const mine = await call('tickets.list', { limit: 200 }, rtoken);
      expect(mine.status).toBe(200);
      expect(mine.body.total).toBeGreaterThan(0);
      const me = (await call('auth.me', {}, rtoken)).body.user.id as number;
      for (const t of mine.body.items) expect(t.reporter.id).toBe(me);
      // The printed kiosk token submits; a generated kiosk ticket's reference looks it up.
      const kioskLine = lines.find((l) => l.includes('token demo-')) as string;
      const kioskToken = /token (demo-\S+)/.exec(kioskLine)?.[1] as string;
      const submitted = await call('kiosk.submit', { category: 'technical_it', subject: 'Printer jammed', description: 'Paper jam in the lobby printer' }, kioskToken);
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      const kioskTicket = one<{ id: number; reference: string }>(`SELECT id, reference FROM tickets WHERE channel = 'kiosk' AND id <= ? ORDER BY id DESC LIMIT 1`, TICKETS);
      const lookup = await call('kiosk.lookup', { ticketId: kioskTicket.id, reference: kioskTicket.reference });
      expect(lookup.status, JSON.stringify(lookup.body)).toBe(200);
      expect(lookup.body.ticketId).toBe(kioskTicket.id);

      // Reporters never see internal notes.
      for (const t of mine.body.items.slice(0, 10)) {
        const msgs = await call('messages.list', { ticketId: t.id }, rtoken);
        for (const m of msgs.body.items) expect(m.internal).toBe(false);
      }
    });
  });
});
