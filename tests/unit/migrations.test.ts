// Migrations tested with data. For each migration N of drizzle's journal, a database is built
// at N by hand (the SQL files 0…N applied statement by statement and recorded in
// __drizzle_migrations exactly as drizzle's migrator records them), filled with users,
// categories, kiosks, tickets (app, kiosk, import; every status and priority; assigned and
// not), public replies, internal notes and history events, and changed afterwards (status,
// priority and assignee updates, as the app of that time would have made them). Then
// openDatabase upgrades it to the current schema, and:
// - every row written at N is still there, unchanged;
// - every summary table equals a recount: ticket_counts (per status, category, priority,
//   assignee), analytics_first_response (first public staff reply per ticket), and the
//   full-text index has one document per ticket that finds its words (staff notes included),
//   notification_unread has each user's unread notifications (0009's backfill);
// - the upgraded database works through the API (tickets.list totals, search, counts), and
//   a search seen before a reply counts the reply's words after it (search_journal, 0008).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { openDatabase } from '../../src-main/db/open.ts';
import { migrationsFolder } from '../../src-main/paths.ts';
import { createApp } from '../../src-main/app.ts';
import { hashPasswordOffline } from '../../src-main/core/auth.ts';
import { runChecks } from '../../src-main/core/db-check.ts';

const MIGRATIONS = readMigrationFiles({ migrationsFolder: migrationsFolder() });
const T0 = Date.parse('2026-01-05T08:00:00Z');
const MIN = 60_000;

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A database file at migration `upTo` (inclusive), as drizzle's migrator would have left it. */
function databaseAt(upTo: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'campusdesk-migrations-'));
  dirs.push(dir);
  const path = join(dir, 'campusdesk.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
  for (const m of MIGRATIONS.slice(0, upTo + 1)) {
    db.transaction(() => {
      for (const statement of m.sql) if (statement.trim()) db.exec(statement);
      db.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)').run(m.hash, m.folderMillis);
    })();
  }
  db.close();
  return path;
}

const WORDS = ['printer', 'projector', 'heating', 'eduroam', 'locker', 'elevator', 'window', 'parking'];

/** Fills a database at any migration with the data the app of that time could have written. */
function fill(path: string): void {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  const hash = hashPasswordOffline('migration-password');
  const user = db.prepare('INSERT INTO users (username, display_name, email, role, active, password_hash, created_at) VALUES (?, ?, ?, ?, 1, ?, ?)');
  db.transaction(() => {
    const admin = Number(user.run('admin', 'Ada Admin', 'ada@campus.edu', 'admin', hash, T0).lastInsertRowid);
    const agents = [Number(user.run('agent1', 'Ben Agent', null, 'agent', hash, T0).lastInsertRowid), Number(user.run('agent2', 'Cleo Agent', null, 'agent', hash, T0).lastInsertRowid)];
    const reporters = [Number(user.run('rita', 'Rita Reporter', 'rita@campus.edu', 'reporter', hash, T0).lastInsertRowid), Number(user.run('sam', 'Sam Student', null, 'reporter', hash, T0).lastInsertRowid)];
    // Before 0001 there are no default categories (0001 inserts them): use slugs of our own.
    const category = db.prepare('INSERT INTO categories (slug, name, active, created_at) VALUES (?, ?, ?, ?)');
    category.run('parking_lots', 'Parking lots', 1, T0);
    category.run('old_category', 'Old category', 0, T0);
    const categoryIds = (db.prepare('SELECT id FROM categories ORDER BY id').pluck().all() as number[]);
    const kiosk = Number(db.prepare('INSERT INTO kiosks (name, location, token_hash, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run('Library entrance', 'Library', 'hash-of-a-kiosk-token', T0, admin, null).lastInsertRowid);
    db.prepare('INSERT INTO kiosks (name, location, token_hash, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run('Old canteen', null, 'hash-of-a-revoked-token', T0, admin, T0 + 10 * MIN);

    const ticket = db.prepare(`INSERT INTO tickets (subject, description, status, priority, category_id, location, reporter_id,
      contact_name, contact_email, contact_phone, assignee_id, channel, kiosk_id, reference, opened_at, updated_at, closed_at, version)
      VALUES (@subject, @description, 'open', @priority, @categoryId, @location, @reporterId, @contactName, @contactEmail, NULL, NULL,
      @channel, @kioskId, @reference, @openedAt, @openedAt, NULL, 1)`);
    const message = db.prepare('INSERT INTO messages (ticket_id, author_id, body, internal, created_at) VALUES (?, ?, ?, ?, ?)');
    const event = db.prepare('INSERT INTO ticket_events (ticket_id, actor_id, type, from_value, to_value, at) VALUES (?, ?, ?, ?, ?, ?)');
    const statuses = ['open', 'in_progress', 'waiting', 'resolved', 'closed'];
    for (let i = 0; i < 40; i++) {
      const channel = i % 7 === 3 ? 'kiosk' : i % 11 === 5 ? 'import' : 'app';
      const openedAt = T0 + i * 90 * MIN;
      const reporterId = channel === 'kiosk' ? null : reporters[i % 2] as number;
      const word = WORDS[i % WORDS.length] as string;
      const id = Number(ticket.run({
        subject: `The ${word} in room ${100 + i} does not work`, description: `Reported ${i}: the ${word} needs a look.`,
        priority: i % 4, categoryId: categoryIds[i % categoryIds.length], location: i % 3 === 0 ? null : `Building ${i % 5}`,
        reporterId, contactName: channel === 'kiosk' ? 'Walk-up visitor' : null, contactEmail: channel === 'kiosk' ? 'visitor@example.edu' : null,
        channel, kioskId: channel === 'kiosk' ? kiosk : null, reference: channel === 'kiosk' ? `REF${String(i).padStart(5, '2')}` : null, openedAt,
      }).lastInsertRowid);
      event.run(id, reporterId, channel === 'import' ? 'imported' : 'created', null, JSON.stringify({ status: 'open', channel }), openedAt);
      // Later changes, as the app makes them: they move tickets between summary buckets.
      let at = openedAt + 5 * MIN;
      const assignee = i % 3 === 0 ? null : agents[i % 2] as number;
      if (assignee !== null) {
        db.prepare('UPDATE tickets SET assignee_id = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(assignee, at, id);
        event.run(id, admin, 'assignee', 'null', JSON.stringify({ id: assignee, displayName: 'Agent' }), at);
      }
      if (i % 5 !== 0) {
        at += 5 * MIN;
        message.run(id, agents[0], `Looking at the ${word} now`, 0, at);
        event.run(id, agents[0], 'reply', 'null', '{"messageId":0}', at);
        at += MIN;
        message.run(id, agents[1], `Internal: ${word} spare part ordered (notesword${i})`, 1, at);
        event.run(id, agents[1], 'note', 'null', '{"messageId":0}', at);
      }
      if (reporterId !== null && i % 4 === 1) message.run(id, reporterId, `Thanks, the ${word} is urgent`, 0, at + MIN);
      const status = statuses[i % statuses.length] as string;
      if (status !== 'open') {
        at += 10 * MIN;
        const closed = status === 'resolved' || status === 'closed' ? at : null;
        db.prepare('UPDATE tickets SET status = ?, priority = ?, closed_at = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(status, (i + 1) % 4, closed, at, id);
        event.run(id, agents[0], 'status', '"open"', JSON.stringify(status), at);
      }
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('demo', '{}')").run();
    // In-app notifications (0007 on): some read, most not, for three users.
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'notifications'").get()) {
      const notify = db.prepare('INSERT INTO notifications (user_id, type, ticket_id, text, at, read_at) VALUES (?, ?, ?, ?, ?, ?)');
      for (let k = 0; k < 30; k++) notify.run([admin, agents[0], reporters[0]][k % 3], 'ticket.created', 1 + (k % 40), `New ticket ${k}`, T0 + k * MIN, k % 4 === 0 ? T0 + 999 * MIN : null);
    }
  })();
  db.close();
}

const TABLES: Record<string, string> = {
  users: 'id, username, display_name, email, role, active, password_hash, created_at',
  categories: 'id, slug, name, active, created_at',
  kiosks: 'id, name, location, token_hash, created_at, created_by, revoked_at',
  tickets: 'id, subject, description, status, priority, category_id, location, reporter_id, contact_name, contact_email, contact_phone, assignee_id, channel, kiosk_id, reference, opened_at, updated_at, closed_at, version',
  messages: 'id, ticket_id, author_id, body, internal, created_at',
  ticket_events: 'id, ticket_id, actor_id, type, from_value, to_value, at',
  meta: 'key, value',
};

function snapshot(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(Object.entries(TABLES).map(([t, cols]) => [t, db.prepare(`SELECT ${cols} FROM ${t} ORDER BY 1`).raw(true).all()]));
  } finally { db.close(); }
}

describe('migrations with data', () => {
  it('the journal lists every migration file in order', () => {
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(8);
    const times = MIGRATIONS.map((m) => m.folderMillis);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  for (let n = 0; n < MIGRATIONS.length; n++) {
    it(`a database at migration ${String(n).padStart(4, '0')} with data upgrades with nothing lost and every summary equal to a recount`, async () => {
      const path = databaseAt(n);
      fill(path);
      const before = snapshot(path);
      expect(before.tickets).toHaveLength(40);

      const opened = openDatabase(path);
      const s = opened.sqlite;
      try {
        expect(s.prepare('SELECT count(*) FROM "__drizzle_migrations"').pluck().get()).toBe(MIGRATIONS.length);
        // The current schema: 0007's column and tables exist.
        expect(s.prepare("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'notify'").pluck().get()).toBe(1);
        expect(s.prepare('SELECT count(*) FROM users WHERE notify IS NOT NULL').pluck().get()).toBe(0);
        // Nothing lost: every row as written.
        const after = snapshot(path);
        for (const table of Object.keys(TABLES)) {
          const added = table === 'categories' && n === 0 ? 3 : 0; // 0001's default categories
          expect(after[table], table).toHaveLength((before[table]?.length ?? 0) + added);
          expect(after[table]?.filter((row) => before[table]?.some((b) => JSON.stringify(b) === JSON.stringify(row))), table).toHaveLength(before[table]?.length ?? 0);
        }
        // ticket_counts equals a recount.
        const counts = s.prepare('SELECT status, category_id, priority, assignee_id, n FROM ticket_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4').raw(true).all();
        const recount = s.prepare('SELECT status, category_id, priority, coalesce(assignee_id, 0), count(*) FROM tickets GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4').raw(true).all();
        expect(counts).toEqual(recount);
        // analytics_first_response equals a recount.
        const first = s.prepare('SELECT ticket_id, at FROM analytics_first_response ORDER BY 1').raw(true).all();
        const firstRecount = s.prepare(`SELECT m.ticket_id, min(m.created_at) FROM messages m JOIN users u ON u.id = m.author_id
          WHERE m.internal = 0 AND u.role IN ('agent', 'admin') GROUP BY m.ticket_id ORDER BY 1`).raw(true).all();
        expect(first).toEqual(firstRecount);
        expect(first.length).toBeGreaterThan(0);
        // notification_unread (0009) equals a recount (every check of `campusdesk check` passes).
        if (n >= 7) expect(s.prepare('SELECT sum(n) FROM notification_unread').pluck().get()).toBe(22);
        expect(runChecks({ sqlite: s, dbPath: path }).filter((c) => !c.ok)).toEqual([]);
        // The search index: one document per ticket, finding subject words, replies and notes.
        const match = s.prepare('SELECT rowid FROM ticket_search WHERE ticket_search MATCH ? ORDER BY rowid').pluck();
        const ticketsWith = s.prepare("SELECT id FROM tickets WHERE subject LIKE '%' || ? || '%' ORDER BY id").pluck();
        for (const word of WORDS) expect(match.all(word), word).toEqual(ticketsWith.all(word));
        const noted = s.prepare("SELECT DISTINCT ticket_id FROM messages WHERE internal = 1 AND body LIKE '%notesword7)%'").pluck().all();
        expect(match.all('notesword7')).toEqual(noted);
        expect(noted).toHaveLength(1);
      } finally {
        opened.close();
      }

      // The upgraded database works through the API.
      const app = createApp(path, { analytics: false });
      try {
        const session = await app.registry.call('auth.login', { username: 'admin', password: 'migration-password' }, { token: null, client: 'test' }) as { token: string };
        const meta = { token: session.token, client: 'test' };
        const list = await app.registry.call('tickets.list', { limit: 5 }, meta) as { total: number };
        expect(list.total).toBe(40);
        const counts = await app.registry.call('tickets.counts', {}, meta) as { total: number; byStatus: Record<string, number> };
        expect(counts.total).toBe(40);
        expect(counts.byStatus.closed).toBe(8);
        const found = await app.registry.call('tickets.list', { q: 'eduroam' }, meta) as { total: number; items: { id: number }[] };
        expect(found.total).toBe(5);
        // A reply changes the search document: the set of matches (search_journal, 0008) follows.
        const other = (await app.registry.call('tickets.list', { q: 'parking', limit: 1 }, meta) as { items: { id: number }[] }).items[0]!;
        await app.registry.call('messages.add', { ticketId: other.id, body: 'Also eduroam drops here.' }, meta);
        const again = await app.registry.call('tickets.list', { q: 'eduroam' }, meta) as { total: number };
        expect(again.total).toBe(found.items.some((t) => t.id === other.id) ? 5 : 6);
      } finally {
        await app.close();
      }
    });
  }
});
