// Demo data (issue 2, point 8): fills a database that has no tickets with the deterministic
// campus dataset of ./generate.ts, fast enough for the benchmark's million tickets.
//
// Bulk load: prepared statements in large transactions with the triggers that maintain derived
// data (the per-ticket full-text index and ticket_counts) dropped; afterwards the search index
// is built in one INSERT … SELECT, ticket_counts is recounted with one GROUP BY, the triggers
// are recreated from the database's own stored definitions (exactly as the migrations made
// them), and the statistics are refreshed (ANALYZE). On a fresh file the journal is switched
// off during the load and WAL restored after.
import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { openDatabase } from '../db/open.ts';
import { hashPasswordOffline, hashToken } from '../core/auth.ts';
import {
  DemoGenerator, planKiosks, planUsers, DEFAULT_DEMO_TICKETS, DEFAULT_SEED, DEMO_PASSWORDS, DEMO_ADMIN_USERNAME, DEMO_AGENT_USERNAMES,
  type DemoKiosk,
} from './generate.ts';

export interface DemoOptions {
  /** Number of tickets (default 5,000). */
  tickets?: number;
  seed?: number;
  /** End of the 12-month window (default: now). */
  now?: number;
  /** Progress and account lines (default: silent). */
  log?: (m: string) => void;
}

export interface DemoResult {
  /** False when the database already had tickets and was left alone. */
  filled: boolean;
  tickets: number;
  messages: number;
  events: number;
  users: number;
  ms: number;
}

/** Written to the meta table once a fill has completed. */
export const DEMO_META_KEY = 'demo';
export interface DemoMeta { tickets: number; seed: number; now: number; messages: number; events: number }

/**
 * Fills `dbPath` with demo data when it has no tickets; otherwise leaves it alone. Either way
 * prints (through `log`) the demo accounts and passwords.
 */
export function ensureDemoData(dbPath: string, opts: DemoOptions = {}): DemoResult {
  const log = opts.log ?? (() => {});
  const existed = existsSync(dbPath) && statSync(dbPath).size > 0;
  const database = openDatabase(dbPath, { warn: log });
  try {
    const sqlite = database.sqlite;
    if (hasTickets(sqlite)) {
      log(`CampusDesk demo: ${dbPath} already has tickets; not adding demo data.`);
      printAccounts(sqlite, log);
      return { filled: false, tickets: 0, messages: 0, events: 0, users: 0, ms: 0 };
    }
    const fresh = !existed || (sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n === 0;
    const result = fillDemoData(sqlite, { ...opts, fastUnsafe: fresh && database.journalMode === 'wal' });
    printAccounts(sqlite, log);
    return result;
  } finally {
    database.close();
  }
}

const hasTickets = (sqlite: Database.Database): boolean =>
  (sqlite.prepare('SELECT EXISTS (SELECT 1 FROM tickets) AS x').get() as { x: number }).x === 1;

/**
 * Names of the triggers that maintain derived data (the per-ticket search index and the
 * ticket_counts summary): dropped during the bulk load and recreated from sqlite_master's own
 * text afterwards, so they come back exactly as the migrations made them.
 */
export function searchAndCountTriggerNames(sqlite: Database.Database): string[] {
  return (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'ticket\\_search\\_%' ESCAPE '\\' OR name LIKE 'tickets\\_counts\\_%' ESCAPE '\\') ORDER BY name").pluck().all() as string[]);
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * Writes the demo dataset into an open, migrated database that has no tickets. With
 * `fastUnsafe` (fresh files only) the journal is off during the load: a crash leaves a broken
 * file, which is fine for a file that held nothing.
 */
export function fillDemoData(sqlite: Database.Database, opts: DemoOptions & { fastUnsafe?: boolean } = {}): DemoResult {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const tickets = opts.tickets ?? DEFAULT_DEMO_TICKETS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const now = opts.now ?? Date.now();
  if (!Number.isSafeInteger(tickets) || tickets < 1) throw new Error(`demo data: the number of tickets must be a positive integer, not ${tickets}`);
  if (hasTickets(sqlite)) throw new Error('demo data: the database already has tickets');
  log(`CampusDesk demo: generating ${fmt(tickets)} tickets (seed ${seed})…`);

  const restore = { cache: sqlite.pragma('cache_size', { simple: true }) as number };
  sqlite.pragma('cache_size = -1048576'); // 1 GiB while loading
  if (opts.fastUnsafe) {
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
  }
  try {
    // ----- users and kiosks -----
    const users = planUsers(tickets, seed, now);
    const hashes = new Map<string, string>();
    const hashFor = (password: string) => {
      let h = hashes.get(password);
      if (h === undefined) { h = hashPasswordOffline(password); hashes.set(password, h); }
      return h;
    };
    const findUser = sqlite.prepare<[string], { id: number }>('SELECT id FROM users WHERE username = ?');
    const insertUser = sqlite.prepare('INSERT INTO users (username, display_name, email, role, active, password_hash, created_at) VALUES (?, ?, ?, ?, 1, ?, ?)');
    const userIds: number[] = [];
    let usersAdded = 0;
    sqlite.transaction(() => {
      for (const u of users) {
        const existing = findUser.get(u.username);
        if (existing) { userIds.push(existing.id); continue; }
        userIds.push(Number(insertUser.run(u.username, u.displayName, u.email, u.role, hashFor(u.password), u.createdAt).lastInsertRowid));
        usersAdded++;
      }
    })();
    const adminId = userIds[0] as number;
    const kiosks = planKiosks(seed, now);
    const kioskIds = insertKiosks(sqlite, kiosks, adminId);
    const categoryIds = new Map((sqlite.prepare('SELECT id, slug FROM categories').all() as { id: number; slug: string }[]).map((c) => [c.slug, c.id]));
    log(`CampusDesk demo: ${fmt(users.length)} users (${fmt(usersAdded)} new), ${kiosks.length} kiosks.`);

    // ----- tickets, messages, events (triggers off) -----
    const triggerNames = searchAndCountTriggerNames(sqlite);
    const saved = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${triggerNames.map(() => '?').join(', ')})`)
      .all(...triggerNames) as { name: string; sql: string }[];
    const firstTicketId = ((sqlite.prepare('SELECT max(id) AS m FROM tickets').get() as { m: number | null }).m ?? 0) + 1;
    const firstMessageId = ((sqlite.prepare('SELECT max(id) AS m FROM messages').get() as { m: number | null }).m ?? 0) + 1;
    const gen = new DemoGenerator({ tickets, seed, now, userIds, firstTicketId, firstMessageId });

    const insTicket = sqlite.prepare(`INSERT INTO tickets (id, subject, description, status, priority, category_id, location, reporter_id,
      contact_name, contact_email, contact_phone, assignee_id, channel, kiosk_id, reference, opened_at, updated_at, closed_at, version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insMessage = sqlite.prepare('INSERT INTO messages (id, ticket_id, author_id, body, internal, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const insEvent = sqlite.prepare('INSERT INTO ticket_events (ticket_id, actor_id, type, from_value, to_value, at) VALUES (?, ?, ?, ?, ?, ?)');

    let messages = 0;
    let events = 0;
    const BATCH = 10_000;
    const loadBatch = sqlite.transaction((n: number) => {
      for (let i = 0; i < n && !gen.done; i++) {
        const { ticket: t, messages: ms, events: es } = gen.next();
        const categoryId = categoryIds.get(t.category);
        if (categoryId === undefined) throw new Error(`demo data: the database has no category "${t.category}"`);
        insTicket.run(t.id, t.subject, t.description, t.status, t.priority, categoryId, t.location, t.reporterId,
          t.contactName, t.contactEmail, t.contactPhone, t.assigneeId, t.channel, t.kioskIndex === null ? null : kioskIds[t.kioskIndex] ?? null,
          t.reference, t.openedAt, t.updatedAt, t.closedAt, t.version);
        for (const m of ms) insMessage.run(m.id, m.ticketId, m.authorId, m.body, m.internal ? 1 : 0, m.createdAt);
        for (const e of es) insEvent.run(e.ticketId, e.actorId, e.type, e.fromValue, e.toValue, e.at);
        messages += ms.length;
        events += es.length;
      }
    });

    for (const t of saved) sqlite.exec(`DROP TRIGGER IF EXISTS "${t.name}"`);
    const progressEvery = Math.max(BATCH, Math.ceil(tickets / 20 / BATCH) * BATCH);
    let done = 0;
    let lastLogged = 0;
    try {
      while (!gen.done) {
        loadBatch(BATCH);
        done = Math.min(tickets, done + BATCH);
        if (done - lastLogged >= progressEvery && done < tickets) {
          lastLogged = done;
          const s = (performance.now() - t0) / 1000;
          log(`  ${fmt(done)} / ${fmt(tickets)} tickets, ${fmt(messages)} messages (${s.toFixed(0)} s)`);
        }
      }
      log(`CampusDesk demo: ${fmt(tickets)} tickets, ${fmt(messages)} messages, ${fmt(events)} events written in ${((performance.now() - t0) / 1000).toFixed(1)} s; indexing…`);

      // ----- derived data -----
      const step = (label: string, fn: () => void) => {
        const s = performance.now();
        fn();
        log(`  ${label} (${((performance.now() - s) / 1000).toFixed(1)} s)`);
      };
      step('full-text search index built', () => sqlite.exec(`INSERT INTO ticket_search(rowid, subject, description, replies, notes)
        SELECT t.id, t.subject, t.description,
          (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 0),
          (SELECT group_concat(m.body, char(10)) FROM messages m WHERE m.ticket_id = t.id AND m.internal = 1)
        FROM tickets t WHERE t.id >= ${firstTicketId}`));
      step('ticket_counts recounted', () => sqlite.transaction(() => {
        sqlite.exec('DELETE FROM ticket_counts');
        sqlite.exec(`INSERT INTO ticket_counts (status, category_id, priority, assignee_id, n)
          SELECT status, category_id, priority, coalesce(assignee_id, 0), count(*) FROM tickets GROUP BY 1, 2, 3, 4`);
      })());
    } finally {
      // The triggers come back exactly as the migrations created them, whatever happened.
      sqlite.transaction(() => { for (const t of saved) sqlite.exec(t.sql); })();
    }
    const meta: DemoMeta = { tickets, seed, now, messages, events };
    sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(DEMO_META_KEY, JSON.stringify(meta));
    const sa = performance.now();
    sqlite.exec('ANALYZE');
    log(`  statistics refreshed (${((performance.now() - sa) / 1000).toFixed(1)} s)`);
    const ms = performance.now() - t0;
    log(`CampusDesk demo: done in ${(ms / 1000).toFixed(1)} s.`);
    return { filled: true, tickets, messages, events, users: usersAdded, ms };
  } finally {
    if (opts.fastUnsafe) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma(`cache_size = ${restore.cache}`);
  }
}

function insertKiosks(sqlite: Database.Database, kiosks: readonly DemoKiosk[], adminId: number): number[] {
  const find = sqlite.prepare<[string], { id: number }>('SELECT id FROM kiosks WHERE token_hash = ?');
  const insert = sqlite.prepare('INSERT INTO kiosks (name, location, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
  return sqlite.transaction(() => kiosks.map((k) => {
    const hash = hashToken(k.token);
    return find.get(hash)?.id ?? Number(insert.run(k.name, k.location, hash, k.createdAt, adminId).lastInsertRowid);
  }))();
}

export function readDemoMeta(sqlite: Database.Database): DemoMeta | null {
  try {
    const row = sqlite.prepare('SELECT value FROM meta WHERE key = ?').get(DEMO_META_KEY) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as DemoMeta) : null;
  } catch {
    return null;
  }
}

/** The demo accounts, passwords and kiosk tokens, as lines to print. */
export function demoAccountLines(sqlite: Database.Database): string[] {
  const meta = readDemoMeta(sqlite);
  if (!meta) return ['CampusDesk demo: this database was not filled by the demo generator, so it has no demo accounts.'];
  const reporters = sqlite.prepare(`SELECT u.username AS username FROM users u
    WHERE u.role = 'reporter' AND u.active = 1 AND EXISTS (SELECT 1 FROM tickets t WHERE t.reporter_id = u.id)
    ORDER BY u.id LIMIT 3`).all() as { username: string }[];
  const reporterCount = (sqlite.prepare(`SELECT count(*) AS n FROM users WHERE role = 'reporter'`).get() as { n: number }).n;
  const kiosks = planKiosks(meta.seed, meta.now);
  const pad = (s: string) => s.padEnd(11);
  return [
    'CampusDesk demo accounts (demo passwords; change them before real use):',
    `  ${pad('admin')}${DEMO_ADMIN_USERNAME} / ${DEMO_PASSWORDS.admin}`,
    `  ${pad('agents')}${DEMO_AGENT_USERNAMES.join(', ')} — password ${DEMO_PASSWORDS.agent}`,
    `  ${pad('reporters')}${reporters.map((r) => r.username).join(', ')}, … (${fmt(reporterCount)} in all) — password ${DEMO_PASSWORDS.reporter}`,
    ...kiosks.map((k, i) => `  ${pad(i === 0 ? 'kiosks' : '')}${k.name} (${k.location}): token ${k.token}`),
  ];
}

function printAccounts(sqlite: Database.Database, log: (m: string) => void): void {
  for (const line of demoAccountLines(sqlite)) log(line);
}
