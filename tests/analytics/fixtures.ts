// Generated helpdesk data for the analytics tests, written straight into the database with
// SQL (the triggers under test see ordinary inserts and updates), with the edge cases the
// issue names: timestamps exactly on bucket boundaries, reopened tickets, ranges across
// months and years, categories without active tickets, deactivated categories.
import type Database from 'better-sqlite3';
import { mulberry32 } from '../../src-main/demo/random.ts';

export const NOW = Date.parse('2026-03-02T09:00:00.000Z'); // a Monday
const H = 3_600_000;
const D = 24 * H;

/** Deterministic pseudo-random numbers: the demo generator's mulberry32. */
export const rng = mulberry32;

/** Instants that sit exactly on hour/day/ISO-week/month/year boundaries. */
export const BOUNDARIES = [
  '2025-01-01T00:00:00.000Z', '2025-06-30T00:00:00.000Z', '2025-12-01T00:00:00.000Z', '2025-12-29T00:00:00.000Z',
  '2026-01-01T00:00:00.000Z', '2026-01-05T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-02-23T00:00:00.000Z',
  '2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-02T08:00:00.000Z', '2026-03-01T09:00:00.000Z',
].map(Date.parse);

export interface Seeded {
  categories: Record<string, number>;
  agents: number[];
  reporters: number[];
  /** An agent deactivated after working tickets. */
  goneAgent: number;
}

export function seedPeopleAndCategories(db: Database.Database): Seeded {
  const cat = (slug: string, name: string, active: boolean) =>
    Number(db.prepare('INSERT INTO categories(slug, name, active, created_at) VALUES (?, ?, ?, 0)').run(slug, name, active ? 1 : 0).lastInsertRowid);
  const ids = Object.fromEntries((db.prepare('SELECT slug, id FROM categories').all() as { slug: string; id: number }[]).map((c) => [c.slug, c.id]));
  ids.network = cat('network', 'Network', true);
  ids.empty_cat = cat('empty_cat', 'Empty category', true); // active, never any ticket
  ids.old_stuff = cat('old_stuff', 'Old stuff', true); // deactivated later, keeps active tickets
  ids.retired = cat('retired', 'Retired', true); // deactivated later, only closed tickets
  const user = (username: string, role: string, active = true) =>
    Number(db.prepare('INSERT INTO users(username, display_name, role, active, password_hash, created_at) VALUES (?, ?, ?, ?, ?, 0)')
      .run(username, username.replace(/^./, (c) => c.toUpperCase()), role, active ? 1 : 0, 'x').lastInsertRowid);
  const agents = ['alice', 'bob', 'carol'].map((u) => user(u, 'agent'));
  agents.push(user('root2', 'admin'));
  const goneAgent = user('gone', 'agent');
  const reporters = ['rita', 'sam', 'tom'].map((u) => user(u, 'reporter'));
  return { categories: ids, agents, reporters, goneAgent };
}

const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'];

export interface TicketSpec {
  id?: number; status: string; priority?: number; categoryId: number; assigneeId?: number | null;
  openedAt: number; closedAt?: number | null; reporterId?: number | null;
}

export function insertTicket(db: Database.Database, t: TicketSpec): number {
  const r = db.prepare(`INSERT INTO tickets(id, subject, description, status, priority, category_id, reporter_id, assignee_id, channel, opened_at, updated_at, closed_at)
    VALUES (?, 'Subject', 'Description', ?, ?, ?, ?, ?, 'app', ?, ?, ?)`)
    .run(t.id ?? null, t.status, t.priority ?? 1, t.categoryId, t.reporterId ?? null, t.assigneeId ?? null, t.openedAt, t.closedAt ?? t.openedAt, t.closedAt ?? null);
  return Number(r.lastInsertRowid);
}

export function addMessage(db: Database.Database, ticketId: number, authorId: number | null, at: number, internal = false): void {
  db.prepare('INSERT INTO messages(ticket_id, author_id, body, internal, created_at) VALUES (?, ?, ?, ?, ?)').run(ticketId, authorId, 'Reply', internal ? 1 : 0, at);
}

/** `n` random tickets between `start` and NOW plus the boundary cases; returns their ids. */
export function seedTickets(db: Database.Database, s: Seeded, n: number, seed = 7, start = Date.parse('2024-10-01T00:00:00Z')): number[] {
  const r = rng(seed);
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const cats = [s.categories.facility_management!, s.categories.technical_it!, s.categories.services_complaints!, s.categories.network!, s.categories.old_stuff!];
  const ids: number[] = [];
  const tx = db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const onBoundary = r() < 0.15;
      const openedAt = onBoundary ? pick(BOUNDARIES) - pick([0, H, D, 7 * D]) : Math.floor(start + r() * (NOW - start));
      let status = r() < 0.75 ? pick(['resolved', 'closed']) : pick(['open', 'in_progress', 'waiting']);
      let closedAt: number | null = null;
      if (status === 'resolved' || status === 'closed') {
        const candidates = BOUNDARIES.filter((b) => b >= openedAt && b <= NOW);
        closedAt = candidates.length > 0 && r() < 0.25 ? pick(candidates) : openedAt + Math.floor(Math.exp(r() * 16) * 1000);
        if (r() < 0.02) closedAt = openedAt; // resolved the instant it was opened
        if (closedAt > NOW) { closedAt = null; status = 'open'; }
      }
      const assigneeId = r() < 0.2 ? null : pick([...s.agents, s.goneAgent]);
      const id = insertTicket(db, { status, priority: Math.floor(r() * 4), categoryId: pick(cats), assigneeId, openedAt, closedAt, reporterId: pick(s.reporters) });
      ids.push(id);
      // Messages: staff public replies (count), internal notes and reporter replies (do not).
      const span = (closedAt ?? NOW) - openedAt;
      if (r() < 0.7) addMessage(db, id, pick(s.agents), openedAt + Math.floor(r() * span));
      if (r() < 0.3) addMessage(db, id, pick(s.agents), openedAt + Math.floor(r() * span), true);
      if (r() < 0.3) addMessage(db, id, pick(s.reporters), openedAt + Math.floor(r() * span));
      if (r() < 0.05) addMessage(db, id, null, openedAt + Math.floor(r() * span));
    }
    // A closed ticket in a category that is then deactivated with nothing active left.
    insertTicket(db, { status: 'closed', categoryId: s.categories.retired!, openedAt: Date.parse('2025-05-05T10:00:00Z'), closedAt: Date.parse('2025-06-01T00:00:00Z'), assigneeId: s.agents[0] });
    // Reopened tickets: once resolved, now active again with closedAt cleared (spec).
    for (let i = 0; i < 5; i++) insertTicket(db, { status: 'open', categoryId: s.categories.technical_it!, openedAt: Date.parse('2025-12-31T23:59:59.999Z') - i * D, closedAt: null, assigneeId: s.agents[1] });
    db.prepare("UPDATE categories SET active = 0 WHERE slug IN ('old_stuff', 'retired')").run();
    db.prepare('UPDATE users SET active = 0 WHERE id = ?').run(s.goneAgent);
  });
  tx();
  return ids;
}

export { STATUSES };
