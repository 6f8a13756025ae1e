// `campusdesk check`: named checks of a database file, each answering a list of problems
// (empty = fine). Other modules add their own with `registerCheck` (attachments: every files
// row's blob exists and matches its sha256); backups and restore run the same list.
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../db/schema.ts';
import { checkFiles } from './files-store.ts';

export interface CheckContext {
  sqlite: Database.Database;
  /** Path of the database file being checked. */
  dbPath: string;
}

export interface DatabaseCheck {
  name: string;
  /** One sentence per problem found; an empty list when the check passes. */
  run(ctx: CheckContext): string[];
}

export interface CheckResult {
  name: string;
  ok: boolean;
  problems: string[];
}

const tableExists = (sqlite: Database.Database, name: string): boolean =>
  sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

export const integrityCheck: DatabaseCheck = {
  name: 'integrity',
  run: ({ sqlite }) => {
    const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).filter((m) => m !== 'ok').slice(0, 50);
  },
};

export const foreignKeyCheck: DatabaseCheck = {
  name: 'foreign keys',
  run: ({ sqlite }) => {
    const rows = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    const byTable = new Map<string, number>();
    for (const r of rows) byTable.set(`${r.table} → ${r.parent}`, (byTable.get(`${r.table} → ${r.parent}`) ?? 0) + 1);
    return [...byTable].map(([k, n]) => `${n} row(s) of ${k.replace(' → ', ' refer to missing rows of ')}`);
  },
};

/** ticket_counts (kept by triggers) against a recount of the tickets. */
export const ticketCountsCheck: DatabaseCheck = {
  name: 'ticket_counts summary',
  run: ({ sqlite }) => {
    if (!tableExists(sqlite, 'ticket_counts')) return [];
    const rows = sqlite.prepare(`
      WITH recount AS (
        SELECT status, category_id, priority, coalesce(assignee_id, 0) AS assignee_id, count(*) AS n
        FROM tickets GROUP BY 1, 2, 3, 4)
      SELECT status, category_id AS c, priority AS p, assignee_id AS a, sum(stored) AS stored, sum(counted) AS counted FROM (
        SELECT status, category_id, priority, assignee_id, n AS stored, 0 AS counted FROM ticket_counts
        UNION ALL SELECT status, category_id, priority, assignee_id, 0, n FROM recount)
      GROUP BY 1, 2, 3, 4 HAVING sum(stored) <> sum(counted) LIMIT 20`).all() as { status: string; c: number; p: number; a: number; stored: number; counted: number }[];
    return rows.map((r) => `ticket_counts says ${r.stored} ticket(s) for status ${r.status}, category ${r.c}, priority ${r.p}, assignee ${r.a}; a recount finds ${r.counted}`);
  },
};

/** analytics_first_response (kept by triggers) against a recount from the messages. */
export const firstResponseCheck: DatabaseCheck = {
  name: 'analytics_first_response summary',
  run: ({ sqlite }) => {
    if (!tableExists(sqlite, 'analytics_first_response')) return [];
    const rows = sqlite.prepare(`
      WITH recount AS (
        SELECT m.ticket_id, min(m.created_at) AS at FROM messages m JOIN users u ON u.id = m.author_id
        WHERE m.internal = 0 AND u.role IN ('agent', 'admin') GROUP BY m.ticket_id)
      SELECT coalesce(s.ticket_id, r.ticket_id) AS ticket, s.at AS stored, r.at AS counted
      FROM analytics_first_response s FULL OUTER JOIN recount r ON r.ticket_id = s.ticket_id
      WHERE s.at IS NOT r.at LIMIT 20`).all() as { ticket: number; stored: number | null; counted: number | null }[];
    const iso = (ms: number | null) => (ms === null ? 'none' : new Date(ms).toISOString());
    return rows.map((r) => `analytics_first_response says ticket ${r.ticket}'s first staff reply is at ${iso(r.stored)}; a recount finds ${iso(r.counted)}`);
  },
};

/** notification_unread (kept by triggers) against a recount of the unread notifications. */
export const notificationUnreadCheck: DatabaseCheck = {
  name: 'notification_unread summary',
  run: ({ sqlite }) => {
    if (!tableExists(sqlite, 'notification_unread')) return [];
    const rows = sqlite.prepare(`
      WITH recount AS (SELECT user_id, count(*) AS n FROM notifications WHERE read_at IS NULL GROUP BY user_id)
      SELECT coalesce(s.user_id, r.user_id) AS user, coalesce(s.n, 0) AS stored, coalesce(r.n, 0) AS counted
      FROM notification_unread s FULL OUTER JOIN recount r ON r.user_id = s.user_id
      WHERE coalesce(s.n, 0) <> coalesce(r.n, 0) LIMIT 20`).all() as { user: number; stored: number; counted: number }[];
    return rows.map((r) => `notification_unread says user ${r.user} has ${r.stored} unread notification(s); a recount finds ${r.counted}`);
  },
};

/** Every attachment's blob exists beside the database and still has its SHA-256 (files-store.ts). */
export const attachmentFilesCheck: DatabaseCheck = {
  name: 'attachment files',
  run: ({ sqlite, dbPath }) => (tableExists(sqlite, 'files') ? checkFiles({ db: drizzle(sqlite, { schema }), dbPath }).map((p) => p.message) : []),
};

const checks: DatabaseCheck[] = [integrityCheck, foreignKeyCheck, ticketCountsCheck, firstResponseCheck, notificationUnreadCheck, attachmentFilesCheck];

/** Adds a check to every `check`, backup verification and restore (by name; a second registration replaces the first). */
export function registerCheck(check: DatabaseCheck): void {
  const i = checks.findIndex((c) => c.name === check.name);
  if (i >= 0) checks[i] = check;
  else checks.push(check);
}

export const databaseChecks = (): readonly DatabaseCheck[] => checks;

/** Runs the checks (all by default); a check that throws counts as a problem. */
export function runChecks(ctx: CheckContext, only: readonly DatabaseCheck[] = checks): CheckResult[] {
  return only.map((c) => {
    let problems: string[];
    try { problems = c.run(ctx); } catch (err) { problems = [`the check failed: ${err instanceof Error ? err.message : String(err)}`]; }
    return { name: c.name, ok: problems.length === 0, problems };
  });
}
