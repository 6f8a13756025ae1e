// The per-connection sets of search matches (src-main/core/search-matches.ts, kept up to date
// from search_journal, drizzle/0008): after any sequence of changes made through the API
// (new tickets, edits, public replies and internal notes, imports) and of changes outside it
// (a ticket deleted, a message edited), a set brought up to date equals a fresh read of the
// index; and tickets.list totals and tickets.counts through the hub equal a recount.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { matchesId, searchMatches } from '../../src-main/core/search-matches.ts';
import { ftsQuery } from '../../src-main/core/tickets/list-sql.ts';

const WORDS = ['printer', 'wifi', 'door', 'the', 'broken'] as const;
const MATCHES = WORDS.flatMap((w) => [ftsQuery(w, true), ftsQuery(w, false)]);

type Op =
  | { kind: 'create'; words: number[] }
  | { kind: 'edit'; ticket: number; words: number[] }
  | { kind: 'reply'; ticket: number; words: number[]; internal: boolean }
  | { kind: 'import'; words: number[] }
  | { kind: 'delete'; ticket: number }
  | { kind: 'rewrite-message'; ticket: number; words: number[] };

const words = fc.array(fc.nat(WORDS.length - 1), { minLength: 1, maxLength: 3 });
const ticket = fc.nat(1000);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), words }),
  fc.record({ kind: fc.constant('edit' as const), ticket, words }),
  fc.record({ kind: fc.constant('reply' as const), ticket, words, internal: fc.boolean() }),
  fc.record({ kind: fc.constant('import' as const), words }),
  fc.record({ kind: fc.constant('delete' as const), ticket }),
  fc.record({ kind: fc.constant('rewrite-message' as const), ticket, words }),
);
const text = (w: number[]) => `Issue with ${w.map((i) => WORDS[i]).join(' and ')} here`;

describe('search match sets', () => {
  let hub: TestHub;
  let admin: string;
  let reader: Database.Database;
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
    reader = new Database(hub.dbPath, { readonly: true });
  });
  afterAll(async () => { reader?.close(); await hub?.dispose(); });

  const fresh = (match: string): number[] =>
    (reader.prepare('SELECT rowid FROM ticket_search WHERE ticket_search MATCH ? ORDER BY rowid').pluck().all(match) as number[]);
  const ids = (): number[] => reader.prepare('SELECT id FROM tickets ORDER BY id').pluck().all() as number[];
  const pick = (all: number[], n: number): number | undefined => (all.length ? all[n % all.length] : undefined);

  async function apply(o: Op): Promise<void> {
    const all = ids();
    const writer = hub.app.core.sqlite;
    switch (o.kind) {
      case 'create':
        await hub.ok('tickets.create', { subject: text(o.words), description: 'Reported at the desk.', category: 'technical_it' }, admin);
        return;
      case 'import':
        await hub.ok('tickets.import', { tickets: [{ subject: text(o.words), description: 'From the old system.', category: 'services_complaints', status: 'open', openedAt: '2025-01-01T00:00:00Z' }] }, admin);
        return;
      case 'edit': {
        const id = pick(all, o.ticket);
        if (id === undefined) return;
        const t = await hub.ok<{ version: number }>('tickets.get', { id }, admin);
        await hub.ok('tickets.update', { id, version: t.version, description: text(o.words) }, admin);
        return;
      }
      case 'reply': {
        const id = pick(all, o.ticket);
        if (id !== undefined) await hub.ok('messages.add', { ticketId: id, body: text(o.words), internal: o.internal }, admin);
        return;
      }
      case 'delete': {
        // Not an API operation: the journal's triggers cover it anyway.
        const id = pick(all, o.ticket);
        if (id === undefined) return;
        const referencing = (writer.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%`ticket_id`%' AND name NOT LIKE '%journal%'").pluck().all() as string[]);
        writer.transaction(() => {
          for (const table of referencing) writer.prepare(`DELETE FROM \`${table}\` WHERE ticket_id = ?`).run(id);
          writer.prepare('DELETE FROM tickets WHERE id = ?').run(id);
        })();
        return;
      }
      case 'rewrite-message': {
        const id = pick(all, o.ticket);
        if (id !== undefined) writer.prepare('UPDATE messages SET body = ? WHERE id = (SELECT max(id) FROM messages WHERE ticket_id = ?)').run(text(o.words), id);
      }
    }
  }

  it('equal a fresh read of the index after any changes', async () => {
    for (let i = 0; i < 12; i++) await apply({ kind: 'create', words: [i % WORDS.length, (i * 3) % WORDS.length] });
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), fc.nat(MATCHES.length - 1), async (ops, m) => {
      // Seen once before the changes, so the set is brought up to date rather than built.
      reader.transaction(() => searchMatches(reader, MATCHES[m]!))();
      for (const o of ops) await apply(o);
      for (const match of MATCHES) {
        const got = reader.transaction(() => {
          const s = searchMatches(reader, match);
          const on: number[] = [];
          for (let id = 0; id <= s.maxId; id++) if (matchesId(s.bits, id)) on.push(id);
          return { on, hits: s.hits };
        })();
        const want = fresh(match);
        expect(got.on).toEqual(want);
        expect(got.hits).toBe(want.length);
      }
    }), { numRuns: 25 });
  });

  it('give tickets.list and tickets.counts exact totals', async () => {
    for (const w of WORDS) {
      const want = reader.prepare(`SELECT t.status, count(*) n FROM tickets t WHERE t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?) GROUP BY t.status`)
        .all(ftsQuery(w, true)) as { status: string; n: number }[];
      const total = want.reduce((a, r) => a + r.n, 0);
      const list = await hub.ok<{ total: number }>('tickets.list', { q: w, limit: 5 }, admin);
      expect(list.total).toBe(total);
      const open = await hub.ok<{ total: number }>('tickets.list', { q: w, status: ['open'], limit: 5 }, admin);
      expect(open.total).toBe(want.find((r) => r.status === 'open')?.n ?? 0);
      const counts = await hub.ok<{ total: number; byStatus: Record<string, number> }>('tickets.counts', { q: w }, admin);
      expect(counts.total).toBe(total);
      for (const r of want) expect(counts.byStatus[r.status]).toBe(r.n);
    }
  });
});
