// The independent, plain computation the analytics are checked against: rows read straight
// from the database, filtered and sorted with ordinary array code. It shares nothing with
// src-main/analytics except the definitions written in docs/analytics.md.
import type Database from 'better-sqlite3';

export interface Row {
  id: number; status: string; priority: number; categoryId: number; assigneeId: number | null;
  openedAt: number; closedAt: number | null; firstResponseAt: number | null;
}
export interface Cat { id: number; slug: string; name: string; active: boolean }
export interface Person { id: number; displayName: string; role: string; active: boolean }
export interface Snapshot { rows: Row[]; cats: Cat[]; users: Person[] }

const PRIORITY_NAMES = ['low', 'normal', 'high', 'urgent'];
const ACTIVE = ['open', 'in_progress', 'waiting'];
const H = 3_600_000;
const D = 24 * H;

export function snapshot(db: Database.Database): Snapshot {
  const firstReply = new Map<number, number>();
  const msgs = db.prepare(`SELECT m.ticket_id AS t, m.created_at AS at, m.internal AS internal, u.role AS role
    FROM messages m LEFT JOIN users u ON u.id = m.author_id`).all() as { t: number; at: number; internal: number; role: string | null }[];
  for (const m of msgs) {
    if (m.internal !== 0 || (m.role !== 'agent' && m.role !== 'admin')) continue;
    const cur = firstReply.get(m.t);
    if (cur === undefined || m.at < cur) firstReply.set(m.t, m.at);
  }
  const rows = (db.prepare('SELECT id, status, priority, category_id, assignee_id, opened_at, closed_at FROM tickets').all() as {
    id: number; status: string; priority: number; category_id: number; assignee_id: number | null; opened_at: number; closed_at: number | null;
  }[]).map((r) => ({
    id: r.id, status: r.status, priority: r.priority, categoryId: r.category_id, assigneeId: r.assignee_id,
    openedAt: r.opened_at, closedAt: r.closed_at, firstResponseAt: firstReply.get(r.id) ?? null,
  }));
  const cats = (db.prepare('SELECT id, slug, name, active FROM categories').all() as { id: number; slug: string; name: string; active: number }[])
    .map((c) => ({ ...c, active: c.active === 1 }));
  const users = (db.prepare('SELECT id, display_name, role, active FROM users').all() as { id: number; display_name: string; role: string; active: number }[])
    .map((u) => ({ id: u.id, displayName: u.display_name, role: u.role, active: u.active === 1 }));
  return { rows, cats, users };
}

// ---------- buckets, written the long way with Date's calendar fields ----------

function startOf(t: number, bucket: string): number {
  const d = new Date(t);
  const y = d.getUTCFullYear(), mo = d.getUTCMonth(), day = d.getUTCDate(), h = d.getUTCHours();
  if (bucket === 'hour') return Date.UTC(y, mo, day, h);
  if (bucket === 'day') return Date.UTC(y, mo, day);
  if (bucket === 'month') return Date.UTC(y, mo, 1);
  const sinceMonday = (d.getUTCDay() + 6) % 7; // Sunday 0 → 6, Monday 1 → 0
  return Date.UTC(y, mo, day - sinceMonday);
}
function after(start: number, bucket: string): number {
  const d = new Date(start);
  const y = d.getUTCFullYear(), mo = d.getUTCMonth(), day = d.getUTCDate(), h = d.getUTCHours();
  if (bucket === 'hour') return Date.UTC(y, mo, day, h + 1);
  if (bucket === 'day') return Date.UTC(y, mo, day + 1);
  if (bucket === 'month') return Date.UTC(y, mo + 1, 1);
  return Date.UTC(y, mo, day + 7);
}
export function plainBuckets(from: number, to: number, bucket: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (to <= from) return out;
  for (let s = startOf(from, bucket); s <= to - 1; s = after(s, bucket)) out.push({ start: s, end: after(s, bucket) });
  return out;
}
export function plainDefaultBucket(from: number, to: number): string {
  return to - from <= 48 * H ? 'hour' : to - from <= 90 * D ? 'day' : 'week';
}

const iso = (t: number) => new Date(t).toISOString();
const slugOf = (s: Snapshot, id: number) => s.cats.find((c) => c.id === id)!.slug;

export function plainTicketsByPeriod(s: Snapshot, from: number, to: number, bucket: string, categoryId: number | null) {
  const rows = s.rows.filter((r) => categoryId === null || r.categoryId === categoryId);
  const inRange = (t: number | null) => t !== null && t >= from && t < to;
  const opened = rows.filter((r) => inRange(r.openedAt));
  const counts = new Map<string, number>();
  for (const r of opened) counts.set(slugOf(s, r.categoryId), (counts.get(slugOf(s, r.categoryId)) ?? 0) + 1);
  return {
    from: iso(from), to: iso(to), bucket, total: opened.length,
    buckets: plainBuckets(from, to, bucket).map((b) => ({
      start: iso(b.start),
      opened: rows.filter((r) => inRange(r.openedAt) && r.openedAt >= b.start && r.openedAt < b.end).length,
      closed: rows.filter((r) => inRange(r.closedAt) && r.closedAt! >= b.start && r.closedAt! < b.end).length,
    })),
    byCategory: [...counts].map(([category, count]) => ({ category, count }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
  };
}

export function plainBacklog(s: Snapshot, from: number, to: number, bucket: string, categoryId: number | null) {
  const rows = s.rows.filter((r) => categoryId === null || r.categoryId === categoryId);
  return {
    from: iso(from), to: iso(to), bucket,
    buckets: plainBuckets(from, to, bucket).map((b) => {
      const e = Math.min(b.end, to);
      return { start: iso(b.start), end: iso(e), active: rows.filter((r) => r.openedAt < e && (r.closedAt === null || r.closedAt >= e)).length };
    }),
  };
}

/** NumPy's default percentile on an ascending array. */
export function plainPercentile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
export function plainStats(durationsMs: number[]) {
  if (durationsMs.length === 0) return { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null };
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    meanSeconds: sorted.reduce((a, b) => a + b, 0) / sorted.length / 1000,
    medianSeconds: plainPercentile(sorted, 0.5) / 1000,
    p90Seconds: plainPercentile(sorted, 0.9) / 1000,
  };
}

export function plainDurations(s: Snapshot, kind: 'resolution' | 'firstResponse', from: number | null, to: number | null, groupBy: string) {
  const end = (r: Row) => (kind === 'resolution' ? (r.status === 'resolved' || r.status === 'closed' ? r.closedAt : null) : r.firstResponseAt);
  const picked = s.rows.filter((r) => {
    const e = end(r);
    return e !== null && (from === null || e >= from) && (to === null || e < to);
  });
  const keyOf = (r: Row): string | number | null =>
    groupBy === 'category' ? slugOf(s, r.categoryId) : groupBy === 'priority' ? PRIORITY_NAMES[r.priority]! : r.assigneeId;
  const groups = new Map<string | number | null, number[]>();
  if (groupBy !== 'none') for (const r of picked) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), end(r)! - r.openedAt]);
  return {
    overall: plainStats(picked.map((r) => end(r)! - r.openedAt)),
    groups: [...groups].map(([key, d]) => ({ key, ...plainStats(d) })),
  };
}

export function plainActiveByCategory(s: Snapshot) {
  const categories = s.cats.map((c) => {
    const active = s.rows.filter((r) => r.categoryId === c.id && ACTIVE.includes(r.status));
    const n = (st: string) => active.filter((r) => r.status === st).length;
    return { category: c.slug, name: c.name, active: c.active, count: active.length, byStatus: { open: n('open'), in_progress: n('in_progress'), waiting: n('waiting') } };
  }).filter((c) => c.active || c.count > 0).map(({ active: _a, ...c }) => c);
  return { total: s.rows.filter((r) => ACTIVE.includes(r.status)).length, categories };
}

export function plainWorkload(s: Snapshot) {
  const active = s.rows.filter((r) => ACTIVE.includes(r.status));
  const ids = new Set<number | null>([null, ...s.users.filter((u) => u.active && (u.role === 'agent' || u.role === 'admin')).map((u) => u.id), ...active.map((r) => r.assigneeId)]);
  return {
    total: active.length,
    assignees: [...ids].map((id) => {
      const mine = active.filter((r) => r.assigneeId === id);
      const u = s.users.find((x) => x.id === id);
      const st = (v: string) => mine.filter((r) => r.status === v).length;
      const pr = (v: number) => mine.filter((r) => r.priority === v).length;
      return {
        assignee: id === null ? null : { id, displayName: u!.displayName, active: u!.active },
        count: mine.length,
        byStatus: { open: st('open'), in_progress: st('in_progress'), waiting: st('waiting') },
        byPriority: { low: pr(0), normal: pr(1), high: pr(2), urgent: pr(3) },
      };
    }),
  };
}
