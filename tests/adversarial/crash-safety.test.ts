// Crash safety: a write storm from several concurrent clients (reporters creating tickets and
// replying, agents replying and changing status) against a hub child process that is
// SIGKILLed at random moments ten times and restarted on the same database. Afterwards every
// acknowledged write is present with exactly its content, an acknowledged status is the
// ticket's status (or the one change that was in flight when the hub died), SQLite's
// integrity check and the full-text index's own check pass, and the summary tables
// (ticket_counts, analytics_first_response of migration 0002) equal a recount.
// SIGKILL loses nothing acknowledged with WAL at synchronous=NORMAL; a power cut needs FULL.
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnHub, type HubProcess } from './raw-client.ts';

const KILLS = 10;
const dir = mkdtempSync(join(tmpdir(), 'campusdesk-crash-'));
const dbPath = join(dir, 'crash.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Acked { subject: string; description: string; status: string; inFlight: string | null }

/** Deterministic random numbers (the storm's content and timing are reproducible). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}
const rnd = random(0xc0ffee);
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const WORDS = ['printer', 'Wi-Fi', 'heating', 'Mensa', 'café', 'Zürich', 'projector', 'door', '🖨️', '漢字', 'naïve', 'O\'Brien', '"quoted"', 'line\nbreak'];
const text = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');

describe('crash safety', () => {
  it(`keeps every acknowledged write through ${KILLS} SIGKILLs of the hub during a write storm`, async () => {
    let hub: HubProcess = await spawnHub(dbPath);
    let up: Promise<void> = Promise.resolve();
    let stopping = false;
    const call = async (name: string, input: unknown, token?: string): Promise<{ status: number; body: any } | null> => {
      try {
        const res = await fetch(`${hub.url}/api/v1/${name}`, {
          method: 'POST', body: JSON.stringify(input),
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        });
        return { status: res.status, body: await res.json() };
      } catch {
        return null; // the hub died mid-call: not acknowledged
      }
    };
    const must = async (name: string, input: unknown, token?: string) => {
      const r = await call(name, input, token);
      if (r?.status !== 200) throw new Error(`${name}: ${JSON.stringify(r)}`);
      return r.body;
    };

    const admin = (await must('auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Admin' })).token as string;
    const tokens: Record<string, string> = {};
    for (const [u, role] of [['rita', 'reporter'], ['rolf', 'reporter'], ['agnes', 'agent'], ['arne', 'agent']] as const) {
      await must('users.create', { username: u, password: `${u}-password`, displayName: u, role }, admin);
      tokens[u] = (await must('auth.login', { username: u, password: `${u}-password` })).token;
    }

    const tickets = new Map<number, Acked>();
    const messages = new Map<number, { ticketId: number; body: string }>();
    let acknowledged = 0;
    let lost = 0;

    /** One client: after a failed call it waits for the hub to be back, then goes on with new writes. */
    const client = async (work: () => Promise<boolean>) => {
      while (!stopping) {
        const ok = await work();
        if (ok) acknowledged++;
        else { lost++; await up; await sleep(5); }
      }
    };
    const reporter = (who: string) => async () => {
      const subject = `${who} ${acknowledged} ${text(3)}`.slice(0, 200);
      const description = text(20 + Math.floor(rnd() * 200));
      const r = await call('tickets.create', { subject, description, category: pick(['technical_it', 'facility_management', 'services_complaints']) }, tokens[who]);
      if (r?.status !== 200) return false;
      tickets.set(r.body.id, { subject: r.body.subject, description: r.body.description, status: 'open', inFlight: null });
      expect(r.body.subject).toBe(subject.trim());
      const body = text(5 + Math.floor(rnd() * 50));
      const m = await call('messages.add', { ticketId: r.body.id, body }, tokens[who]);
      if (m?.status !== 200) return false;
      messages.set(m.body.id, { ticketId: r.body.id, body: m.body.body });
      return true;
    };
    const agent = (who: string, lane: number) => async () => {
      const mine = [...tickets.keys()].filter((id) => id % 2 === lane);
      if (mine.length === 0) { await sleep(10); return true; }
      const id = pick(mine);
      const body = text(5 + Math.floor(rnd() * 30));
      const m = await call('messages.add', { ticketId: id, body }, tokens[who]);
      if (m?.status !== 200) return false;
      messages.set(m.body.id, { ticketId: id, body: m.body.body });
      const t = tickets.get(id)!;
      const status = pick(['open', 'in_progress', 'waiting', 'resolved', 'closed']);
      t.inFlight = status; // only this lane changes this ticket's status: at most one change in flight
      const s = await call('tickets.setStatus', { id, status }, tokens[who]);
      if (s?.status !== 200) return false;
      t.status = s.body.status;
      t.inFlight = null;
      return true;
    };

    const storm = Promise.all([
      client(reporter('rita')), client(reporter('rolf')), client(reporter('rita')),
      client(agent('agnes', 0)), client(agent('arne', 1)),
    ]);

    for (let k = 0; k < KILLS; k++) {
      await sleep(200 + Math.floor(rnd() * 500));
      const before = acknowledged;
      let release!: () => void;
      up = new Promise((r) => { release = r; });
      hub.child.kill('SIGKILL');
      await hub.exited;
      hub = await spawnHub(dbPath);
      release();
      // Progress between kills, so every kill lands in the middle of writing.
      while (acknowledged < before + 5) await sleep(20);
    }
    await sleep(300);
    stopping = true;
    await storm;
    expect(await hub.stop('SIGTERM')).toBe(0);

    expect(acknowledged, 'acknowledged writes').toBeGreaterThan(KILLS * 5);
    console.log(`crash safety: ${acknowledged} acknowledged writes, ${lost} calls cut off by ${KILLS} SIGKILLs, ${tickets.size} tickets, ${messages.size} messages`);

    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const getTicket = db.prepare('SELECT subject, description, status FROM tickets WHERE id = ?');
      const wrong: string[] = [];
      for (const [id, t] of tickets) {
        const row = getTicket.get(id) as { subject: string; description: string; status: string } | undefined;
        if (!row) { wrong.push(`ticket ${id} missing`); continue; }
        if (row.subject !== t.subject || row.description !== t.description) wrong.push(`ticket ${id} content differs`);
        if (row.status !== t.status && row.status !== t.inFlight) wrong.push(`ticket ${id} status ${row.status}, acknowledged ${t.status} (in flight: ${t.inFlight})`);
      }
      const getMessage = db.prepare('SELECT ticket_id AS ticketId, body FROM messages WHERE id = ?');
      for (const [id, m] of messages) {
        const row = getMessage.get(id) as { ticketId: number; body: string } | undefined;
        if (!row) wrong.push(`message ${id} missing`);
        else if (row.ticketId !== m.ticketId || row.body !== m.body) wrong.push(`message ${id} differs`);
      }
      expect(wrong).toEqual([]);

      // Summary tables kept by triggers equal a recount from the tickets and messages.
      const counts = db.prepare('SELECT status, category_id, priority, assignee_id, n FROM ticket_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4').all();
      const recount = db.prepare('SELECT status, category_id, priority, coalesce(assignee_id, 0) AS assignee_id, count(*) AS n FROM tickets GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4').all();
      expect(counts).toEqual(recount);
      const firstResponse = db.prepare('SELECT ticket_id, at FROM analytics_first_response ORDER BY ticket_id').all();
      const firstRecount = db.prepare(`SELECT m.ticket_id, min(m.created_at) AS at FROM messages m JOIN users u ON u.id = m.author_id
        WHERE m.internal = 0 AND u.role IN ('agent', 'admin') GROUP BY m.ticket_id ORDER BY m.ticket_id`).all();
      expect(firstResponse).toEqual(firstRecount);
      expect((db.prepare('SELECT count(*) FROM analytics_journal WHERE ticket_id NOT IN (SELECT id FROM tickets)').pluck().get())).toBe(0);
    } finally {
      db.close();
    }
    // The full-text index checks itself against its own structure (needs a writable handle).
    const rw = new Database(dbPath);
    try {
      expect(() => rw.prepare("INSERT INTO ticket_search(ticket_search) VALUES ('integrity-check')").run()).not.toThrow();
    } finally {
      rw.close();
    }
  }, 240_000);
});
