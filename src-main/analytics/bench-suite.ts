// `npm run bench` cases for analytics (issue 4, point 6): every analytic through the HTTP
// API, on the screen's default range and on 12 months, next to the same computation as
// hand-tuned SQL on a second connection (the best plain SQL over the schema's indexes and
// the trigger-maintained ticket_counts / analytics_first_response; percentiles by ORDER BY
// with LIMIT/OFFSET). Target: p95 ≤ 100 ms and at most 1.3× the SQL.
import type Database from 'better-sqlite3';
import type { ApiTiming, BenchCase, BenchContext, BenchSuite } from '../bench/types.ts';
import { callAsAgent } from '../bench/tickets-suite.ts';
import { bucketLength, truncate, twelveMonthsBefore, type Bucket } from '../../src-shared/period.ts';

const DAY = 86_400_000;

/** The analytics screen's presets (AnalyticsScreen): 30 days by day, 12 calendar months by month. */
export function benchRanges(now: number): { name: string; from: number; to: number; bucket: Bucket }[] {
  const yearAgo = twelveMonthsBefore(now);
  return [
    { name: '30 days', from: now - 30 * DAY, to: now, bucket: 'day' },
    { name: '12 months', from: yearAgo, to: now, bucket: 'month' },
  ];
}

function apiCaller(ctx: BenchContext) {
  return async (name: string, input: unknown): Promise<ApiTiming> => {
    // A long synchronous SQL side can hold the event loop past the hub's keep-alive timeout,
    // so a pooled connection may be closed under the next request: retry that once.
    const r = await callAsAgent(ctx, name, input).catch(() => callAsAgent(ctx, name, input));
    if (r.status !== 200) throw new Error(`${name} answered ${r.status}: ${r.text.slice(0, 300)}`);
    return { serverMs: r.serverMs };
  };
}

/** Bucket number of a timestamp column, as SQL (fixed sizes by arithmetic, months by strftime). */
function bucketExpr(column: string, bucket: Bucket, origin: number): string {
  const size = bucketLength(bucket);
  return size !== null ? `(${column} - ${origin}) / ${size}` : `strftime('%Y-%m', ${column} / 1000, 'unixepoch')`;
}

function sqlTicketsByPeriod(db: Database.Database, from: number, to: number, bucket: Bucket): () => void {
  const origin = truncate(from, bucket);
  const opened = db.prepare(`SELECT category_id, ${bucketExpr('opened_at', bucket, origin)} AS b, count(*) AS n
    FROM tickets WHERE opened_at >= ? AND opened_at < ? GROUP BY 1, 2`).raw(true);
  const closed = db.prepare(`SELECT ${bucketExpr('closed_at', bucket, origin)} AS b, count(*) AS n
    FROM tickets WHERE closed_at >= ? AND closed_at < ? GROUP BY 1`).raw(true);
  const slugs = db.prepare('SELECT id, slug FROM categories').raw(true);
  return () => db.transaction(() => { opened.all(from, to); closed.all(from, to); slugs.all(); })();
}

function sqlBacklog(db: Database.Database, from: number, to: number, bucket: Bucket): () => void {
  const origin = truncate(from, bucket);
  const before = db.prepare('SELECT (SELECT count(*) FROM tickets WHERE opened_at < ?) - (SELECT count(*) FROM tickets WHERE closed_at < ?)').pluck(true);
  const opened = db.prepare(`SELECT ${bucketExpr('opened_at', bucket, origin)} AS b, count(*) FROM tickets WHERE opened_at >= ? AND opened_at < ? GROUP BY 1`).raw(true);
  const closed = db.prepare(`SELECT ${bucketExpr('closed_at', bucket, origin)} AS b, count(*) FROM tickets WHERE closed_at >= ? AND closed_at < ? GROUP BY 1`).raw(true);
  return () => db.transaction(() => {
    const base = before.get(origin, origin);
    const o = opened.all(origin, to) as [number | string, number][];
    const c = closed.all(origin, to) as [number | string, number][];
    // Running sums per bucket end (the only work outside SQL: a few dozen additions).
    let active = Number(base);
    const delta = new Map<number | string, number>();
    for (const [b, n] of o) delta.set(b, (delta.get(b) ?? 0) + n);
    for (const [b, n] of c) delta.set(b, (delta.get(b) ?? 0) - n);
    for (const n of delta.values()) active += n;
  })();
}

/**
 * count, mean, median and p90 (per category or overall) in one statement: window functions
 * number each duration within its group, and only the ranks around the percentiles are kept.
 */
function sqlDurations(db: Database.Database, source: string, from: number | null, to: number | null, groupByCategory: boolean): () => void {
  const where = `${from !== null ? `AND s.e >= ${from}` : ''} ${to !== null ? `AND s.e < ${to}` : ''}`;
  const stmt = db.prepare(`
    WITH d AS (SELECT ${groupByCategory ? 't.category_id' : '0'} AS k, s.e - t.opened_at AS v
               FROM (${source}) s JOIN tickets t ON t.id = s.id WHERE 1 ${where}),
    r AS (SELECT k, v, row_number() OVER w - 1 AS rn, count(*) OVER p AS n, avg(v) OVER p AS mean
          FROM d WINDOW p AS (PARTITION BY k), w AS (PARTITION BY k ORDER BY v))
    SELECT k, n, mean, rn, v FROM r
    WHERE rn IN (CAST((n - 1) * 0.5 AS INTEGER), CAST((n - 1) * 0.5 AS INTEGER) + 1, CAST((n - 1) * 0.9 AS INTEGER), CAST((n - 1) * 0.9 AS INTEGER) + 1)`).raw(true);
  return () => { stmt.all(); };
}

const RESOLVED = "SELECT id, closed_at AS e FROM tickets WHERE status IN ('resolved', 'closed') AND closed_at IS NOT NULL";
const FIRST_RESPONSE = 'SELECT ticket_id AS id, at AS e FROM analytics_first_response';

export const analyticsBenchSuite: BenchSuite = async (ctx) => {
  const call = apiCaller(ctx);
  const db = ctx.sqlite;
  const iso = (t: number) => new Date(t).toISOString();
  const cases: BenchCase[] = [];
  /** The SQL sides of the duration statistics sort up to a million rows: fewer rounds there. */
  const add = (name: string, procedure: string, input: unknown, sql: () => void, iterations?: number) =>
    cases.push({ name, api: () => call(procedure, input), sql, targetP95Ms: 100, targetRatio: 1.3, ...(iterations ? { iterations } : {}) });

  const [month, year] = benchRanges(Date.now());
  for (const r of [month!, year!]) {
    const period = { from: iso(r.from), to: iso(r.to), bucket: r.bucket };
    add(`analytics.ticketsByPeriod ${r.name}`, 'analytics.ticketsByPeriod', period, sqlTicketsByPeriod(db, r.from, r.to, r.bucket));
    add(`analytics.backlog ${r.name}`, 'analytics.backlog', period, sqlBacklog(db, r.from, r.to, r.bucket));
  }
  add('analytics.resolutionTime all time', 'analytics.resolutionTime', {}, sqlDurations(db, RESOLVED, null, null, false), 30);
  add('analytics.resolutionTime 12 months by category', 'analytics.resolutionTime', { from: iso(year!.from), to: iso(year!.to), groupBy: 'category' },
    sqlDurations(db, RESOLVED, year!.from, year!.to, true), 30);
  add('analytics.firstResponse all time', 'analytics.firstResponse', {}, sqlDurations(db, FIRST_RESPONSE, null, null, false), 30);
  add('analytics.firstResponse 12 months by category', 'analytics.firstResponse', { from: iso(year!.from), to: iso(year!.to), groupBy: 'category' },
    sqlDurations(db, FIRST_RESPONSE, year!.from, year!.to, true), 30);

  const activeSql = db.prepare(`SELECT c.slug, c.name, tc.status, sum(tc.n) FROM categories c
    LEFT JOIN ticket_counts tc ON tc.category_id = c.id AND tc.status IN ('open', 'in_progress', 'waiting') GROUP BY c.id, tc.status`).raw(true);
  add('analytics.activeByCategory', 'analytics.activeByCategory', {}, () => { activeSql.all(); });
  const workloadSql = db.prepare(`SELECT tc.assignee_id, u.display_name, tc.status, tc.priority, sum(tc.n) FROM ticket_counts tc
    LEFT JOIN users u ON u.id = tc.assignee_id WHERE tc.status IN ('open', 'in_progress', 'waiting') GROUP BY 1, 3, 4`).raw(true);
  const staffSql = db.prepare("SELECT id, display_name FROM users WHERE role IN ('agent', 'admin') AND active = 1").raw(true);
  add('analytics.workload', 'analytics.workload', {}, () => db.transaction(() => { workloadSql.all(); staffSql.all(); })());
  // The same two against plain SQL over the tickets table (what they cost without the
  // trigger-maintained summary): the rows above compare with reading the summary itself, which
  // takes less time than one HTTP round trip (see the auth.status floor), so no API can be
  // within 1.3× of it.
  const activePlain = db.prepare(`SELECT c.slug, c.name, a.status, a.n FROM categories c LEFT JOIN
    (SELECT category_id, status, count(*) AS n FROM tickets WHERE status IN ('open', 'in_progress', 'waiting') GROUP BY 1, 2) a
    ON a.category_id = c.id`).raw(true);
  add('analytics.activeByCategory (vs plain SQL over tickets)', 'analytics.activeByCategory', {}, () => { activePlain.all(); }, 30);
  const workloadPlain = db.prepare(`SELECT t.assignee_id, u.display_name, t.status, t.priority, count(*) FROM tickets t
    LEFT JOIN users u ON u.id = t.assignee_id WHERE t.status IN ('open', 'in_progress', 'waiting') GROUP BY 1, 3, 4`).raw(true);
  add('analytics.workload (vs plain SQL over tickets)', 'analytics.workload', {}, () => db.transaction(() => { workloadPlain.all(); staffSql.all(); })(), 30);

  // Warm the worker's copy once (its first load of a big database takes a few seconds).
  await call('analytics.resolutionTime', {});
  return cases;
};
