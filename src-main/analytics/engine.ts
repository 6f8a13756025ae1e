// The analytics computations, on one (read-only) connection: each runs inside one read
// transaction, so every figure of an answer comes from the same snapshot. Counts of active
// tickets come from the trigger-maintained `ticket_counts`; everything over time comes from
// the worker's synced copy of the tickets (store.ts): its hourly counts for opened/closed and
// the backlog (partial hours read from the database), its typed arrays for durations.
// Definitions (what counts where) are documented in docs/analytics.md.
import type Database from 'better-sqlite3';
import { PRIORITIES, STATUSES, type Status } from '../../src-shared/domain.ts';
import type { SearchCountParams } from '../core/tickets/list-planner.ts';
import { matchesId, searchMatches } from '../core/search-matches.ts';
import { toIso } from '../../src-shared/schemas.ts';
import { CATEGORY_SLOTS, STATUS_CODE, TicketStore, hourKey } from './store.ts';
import { HOUR_MS, bucketLength, bucketStarts, type Bucket } from '../../src-shared/period.ts';
import { durationStats } from './stats.ts';
import type { ActiveByCategoryOutput, BacklogOutput, DurationOutput, GroupBy, TicketsByPeriodOutput, WorkloadOutput } from '../../src-shared/analytics-schemas.ts';

/** Parameters after the API handler resolved the period against its clock (ms, half-open). */
export interface PeriodParams { from: number; to: number; bucket: Bucket; categoryId: number | null }
export interface DurationParams { from: number | null; to: number | null; groupBy: GroupBy }

export interface AnalyticsOps {
  ticketsByPeriod(p: PeriodParams): TicketsByPeriodOutput;
  backlog(p: PeriodParams): BacklogOutput;
  resolutionTime(p: DurationParams): DurationOutput;
  firstResponse(p: DurationParams): DurationOutput;
  activeByCategory(p: Record<string, never>): ActiveByCategoryOutput;
  workload(p: Record<string, never>): WorkloadOutput;
  /** Not an analytic: the queue's per-status counts of a staff search (tickets.counts with q). */
  searchCounts(p: SearchCountParams): SearchCounts;
}
export type AnalyticName = keyof AnalyticsOps;
export const ANALYTIC_NAMES: readonly AnalyticName[] = ['ticketsByPeriod', 'backlog', 'resolutionTime', 'firstResponse', 'activeByCategory', 'workload', 'searchCounts'];

export interface SearchCounts { byStatus: Record<Status, number>; total: number }

/** Index of the bucket containing t (t within [starts[0], end of last bucket)). */
function bucketIndexer(starts: Float64Array, bucket: Bucket): (t: number) => number {
  const size = bucketLength(bucket);
  const first = starts[0] ?? 0;
  if (size !== null) return (t) => Math.floor((t - first) / size);
  // Months: a guess from the mean month length, corrected by at most a step or two.
  const last = starts.length - 1;
  return (t) => {
    let i = Math.min(last, Math.floor((t - first) / MEAN_MONTH_MS));
    while (i > 0 && starts[i]! > t) i--;
    while (i < last && starts[i + 1]! <= t) i++;
    return i;
  };
}
const MEAN_MONTH_MS = 365.2425 / 12 * 86_400_000;

/** The number of elements of the sorted array that are ≤ t. */
function upperBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const ZERO_STATUS = () => ({ open: 0, in_progress: 0, waiting: 0 });

export class AnalyticsEngine implements AnalyticsOps {
  readonly db: Database.Database;
  readonly store: TicketStore;
  /** Scratch space for durations and their group keys (grown as needed). */
  private values = new Float64Array(0);
  private keys = new Int32Array(0);
  private readonly categoryRows: Database.Statement<[], { id: number; slug: string; name: string; active: number }>;
  /** Tickets opened / closed in [a, b), optionally of one category (partial hours). */
  private readonly openedRows: Database.Statement<[number, number, number | null, number | null], [number, number]>;
  private readonly closedRows: Database.Statement<[number, number, number | null, number | null], [number, number]>;

  constructor(db: Database.Database) {
    this.db = db;
    this.store = new TicketStore(db);
    this.categoryRows = db.prepare('SELECT id, slug, name, active FROM categories ORDER BY id');
    this.openedRows = db.prepare<[number, number, number | null, number | null], [number, number]>(
      'SELECT opened_at, category_id FROM tickets WHERE opened_at >= ? AND opened_at < ? AND (? IS NULL OR category_id = ?)').raw(true);
    this.closedRows = db.prepare<[number, number, number | null, number | null], [number, number]>(
      'SELECT closed_at, category_id FROM tickets WHERE closed_at >= ? AND closed_at < ? AND (? IS NULL OR category_id = ?)').raw(true);
  }

  /** Runs one analytic in a read transaction (syncing the columnar copy first when it needs it). */
  run(name: string, params: unknown): unknown {
    if (!(ANALYTIC_NAMES as readonly string[]).includes(name)) throw new Error(`unknown analytic ${name}`);
    const op = name as AnalyticName;
    const needsStore = op !== 'activeByCategory' && op !== 'workload';
    return this.db.transaction(() => {
      if (needsStore) this.store.sync();
      return (this[op] as (p: unknown) => unknown).call(this, params);
    })();
  }

  /** Loads the columnar copy now (worker start-up), so the first analytic is not the slow one. */
  warm(): void {
    this.db.transaction(() => this.store.sync())();
  }

  private categories(): Map<number, { slug: string; name: string; active: boolean }> {
    return new Map(this.categoryRows.all().map((c) => [c.id, { slug: c.slug, name: c.name, active: c.active === 1 }]));
  }

  /**
   * Calls fn(hour, category, n) for the hourly counts of hours in [h0, h1) (one category or
   * all): by direct look-ups for short spans, by walking the map for long ones.
   */
  private eachHour(map: Map<number, number>, h0: number, h1: number, categoryId: number | null, categoryIds: readonly number[],
    fn: (hour: number, categoryId: number, n: number) => void): void {
    const cats = categoryId !== null ? [categoryId] : categoryIds;
    if ((h1 - h0) * cats.length <= map.size) {
      for (let h = h0; h < h1; h++) {
        for (const c of cats) {
          const n = map.get(hourKey(h, c));
          if (n !== undefined) fn(h, c, n);
        }
      }
      return;
    }
    for (const [key, n] of map) {
      const h = Math.floor(key / CATEGORY_SLOTS);
      if (h < h0 || h >= h1) continue;
      const c = key - h * CATEGORY_SLOTS;
      if (categoryId === null || c === categoryId) fn(h, c, n);
    }
  }

  /** Calls fn(instant, category) for tickets opened (or closed) in [a, b), from the database (partial hours). */
  private eachRow(which: 'opened' | 'closed', a: number, b: number, categoryId: number | null, fn: (t: number, categoryId: number) => void): void {
    if (a >= b) return;
    for (const [t, c] of (which === 'opened' ? this.openedRows : this.closedRows).iterate(a, b, categoryId, categoryId)) fn(t, c);
  }

  ticketsByPeriod({ from, to, bucket, categoryId }: PeriodParams): TicketsByPeriodOutput {
    const s = this.store;
    const starts = Float64Array.from(bucketStarts(from, to, bucket));
    const indexOf = bucketIndexer(starts, bucket);
    const openedPer = new Int32Array(starts.length);
    const closedPer = new Int32Array(starts.length);
    const categories = this.categories();
    const categoryIds = [...categories.keys()];
    const perCategory = new Int32Array(Math.max(0, ...categoryIds) + 1);
    let total = 0;
    const opened = (t: number, c: number, n: number) => { openedPer[indexOf(t)]! += n; perCategory[c]! += n; total += n; };
    const closed = (t: number, c: number, n: number) => { closedPer[indexOf(t)]! += n; };
    // Whole hours from the maintained hourly counts (buckets are whole hours), the partial
    // hours at either end from the database: both the same snapshot.
    const h0 = Math.ceil(from / HOUR_MS);
    const h1 = Math.floor(to / HOUR_MS);
    if (h0 < h1) {
      this.eachHour(s.openedPerHour, h0, h1, categoryId, categoryIds, (h, c, n) => opened(h * HOUR_MS, c, n));
      this.eachHour(s.closedPerHour, h0, h1, categoryId, categoryIds, (h, c, n) => closed(h * HOUR_MS, c, n));
    }
    const edges: [number, number][] = h0 < h1 ? [[from, h0 * HOUR_MS], [h1 * HOUR_MS, to]] : [[from, to]];
    for (const [a, b] of edges) {
      this.eachRow('opened', a, b, categoryId, (t, c) => opened(t, c, 1));
      this.eachRow('closed', a, b, categoryId, (t, c) => closed(t, c, 1));
    }
    const byCategory: TicketsByPeriodOutput['byCategory'] = [];
    perCategory.forEach((count, id) => { if (count > 0) byCategory.push({ category: categories.get(id)?.slug ?? String(id), count }); });
    byCategory.sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
    return {
      from: toIso(from), to: toIso(to), bucket, total,
      buckets: Array.from(starts, (start, i) => ({ start: toIso(start), opened: openedPer[i]!, closed: closedPer[i]! })),
      byCategory,
    };
  }

  backlog({ from, to, bucket, categoryId }: PeriodParams): BacklogOutput {
    const s = this.store;
    const starts = bucketStarts(from, to, bucket);
    // The instant each bucket ends (the last one: `to`), ascending; all but the last are whole hours.
    const ends = Float64Array.from(starts, (_, i) => Math.min(starts[i + 1] ?? to, to));
    const n = ends.length;
    // Active at instant e = opened before e − closed before e (+ tickets closed before they were
    // opened, with closedAt < e ≤ openedAt: never active, yet counted as closed). An hour h
    // counts for every end after it: a difference array over the ends.
    const endHours = Float64Array.from(ends, (e) => Math.floor(e / HOUR_MS));
    const diff = new Float64Array(n + 1);
    if (n > 0) {
      const lastHour = endHours[n - 1]!;
      const all = [...this.categories().keys()];
      const add = (sign: 1 | -1) => (h: number, _c: number, count: number) => { diff[upperBound(endHours, h)]! += sign * count; };
      this.eachHour(s.openedPerHour, -Infinity, lastHour, categoryId, all, add(1));
      this.eachHour(s.closedPerHour, -Infinity, lastHour, categoryId, all, add(-1));
      // The last end may fall inside an hour: that hour's part before it, from the database.
      let partial = 0;
      this.eachRow('opened', lastHour * HOUR_MS, ends[n - 1]!, categoryId, () => { partial++; });
      this.eachRow('closed', lastHour * HOUR_MS, ends[n - 1]!, categoryId, () => { partial--; });
      diff[n - 1]! += partial;
      for (const id of s.inverted) {
        if (categoryId !== null && s.category[id] !== categoryId) continue;
        const lo = upperBound(ends, s.closed[id]!); // first end after closedAt
        const hi = upperBound(ends, s.opened[id]!); // … through the last end ≤ openedAt
        if (lo < hi) { diff[lo]!++; diff[hi]!--; }
      }
    }
    let active = 0;
    return {
      from: toIso(from), to: toIso(to), bucket,
      buckets: starts.map((start, i) => {
        active += diff[i]!;
        return { start: toIso(start), end: toIso(ends[i]!), active };
      }),
    };
  }

  resolutionTime(p: DurationParams): DurationOutput {
    return this.durations(p, 'resolution');
  }

  firstResponse(p: DurationParams): DurationOutput {
    return this.durations(p, 'firstResponse');
  }

  /**
   * Stats of (end − openedAt) over the tickets whose end lies in [from, to), optionally
   * grouped; end = closedAt of resolved/closed tickets, or the first public staff reply.
   */
  private durations({ from, to, groupBy }: DurationParams, measure: 'resolution' | 'firstResponse'): DurationOutput {
    const s = this.store;
    const lo = from ?? -Infinity;
    const hi = to ?? Infinity;
    if (this.values.length < s.maxId) {
      this.values = new Float64Array(s.maxId + 1024);
      this.keys = new Int32Array(s.maxId + 1024);
    }
    const values = this.values;
    const keys = this.keys;
    const keyOf = groupBy === 'category' ? s.category : groupBy === 'priority' ? s.priority : groupBy === 'assignee' ? s.assignee : null;
    const ends = measure === 'resolution' ? s.closed : s.firstResponse;
    const status = s.status;
    const opened = s.opened;
    const minStatus = measure === 'resolution' ? STATUS_CODE.resolved : STATUS_CODE.open; // resolved/closed only, or any ticket
    let n = 0;
    let maxKey = 0;
    for (let id = 1; id <= s.maxId; id++) {
      const end = ends[id]!;
      if (end >= lo && end < hi && status[id]! >= minStatus) {
        values[n] = end - opened[id]!;
        if (keyOf) {
          const k = keyOf[id]!;
          keys[n] = k;
          if (k > maxKey) maxKey = k;
        }
        n++;
      }
    }
    if (!keyOf) return { overall: durationStats(values, 0, n), groups: [] };

    // Counting sort by key into a second buffer, then stats per contiguous group.
    const counts = new Int32Array(maxKey + 1);
    for (let i = 0; i < n; i++) counts[keys[i]!]!++;
    const fill = new Int32Array(maxKey + 1);
    for (let k = 0, at = 0; k <= maxKey; k++) { fill[k] = at; at += counts[k]!; }
    const offsets = fill.slice();
    const grouped = new Float64Array(n);
    for (let i = 0; i < n; i++) grouped[fill[keys[i]!]!++] = values[i]!;
    const overall = durationStats(values, 0, n);
    const categories = groupBy === 'category' ? this.categories() : null;
    const label = (k: number): string | number | null =>
      groupBy === 'category' ? categories!.get(k)?.slug ?? String(k)
        : groupBy === 'priority' ? PRIORITIES[k] ?? String(k)
          : k === 0 ? null : k;
    const groups: DurationOutput['groups'] = [];
    for (let k = 0; k <= maxKey; k++) {
      if (counts[k] === 0) continue;
      groups.push({ key: label(k), ...durationStats(grouped, offsets[k]!, offsets[k]! + counts[k]!) });
    }
    groups.sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
    return { overall, groups };
  }

  /**
   * Tickets per status among a search's matches that pass the other filters: the matches
   * from this connection's set of recent searches (core/search-matches.ts), every other
   * field from the synced copy (one array read per match).
   */
  searchCounts(p: SearchCountParams): SearchCounts {
    const s = this.store;
    const categories = p.categoryIds && new Set(p.categoryIds);
    const priorities = p.priorities && new Set(p.priorities);
    const assignee = p.assigneeId === undefined ? undefined : p.assigneeId ?? 0;
    const from = p.openedFrom ?? -Infinity;
    const to = p.openedTo ?? Infinity;
    const perCode = new Array<number>(6).fill(0);
    const { bits, maxId } = searchMatches(this.db, p.match);
    for (let id = 1; id <= maxId; id++) {
      if ((id & 7) === 0 && bits[id >> 3] === 0) { id += 7; continue; } // eight non-matches at once
      if (!matchesId(bits, id)) continue;
      const code = s.status[id] ?? 0;
      if (code === 0) continue;
      if (categories && !categories.has(s.category[id]!)) continue;
      if (priorities && !priorities.has(s.priority[id]!)) continue;
      if (assignee !== undefined && s.assignee[id] !== assignee) continue;
      const opened = s.opened[id]!;
      if (opened < from || opened >= to) continue;
      perCode[code]!++;
    }
    const byStatus = Object.fromEntries(STATUSES.map((st) => [st, perCode[STATUS_CODE[st]]!])) as Record<Status, number>;
    return { byStatus, total: perCode.reduce((a, n) => a + n, 0) };
  }

  activeByCategory(): ActiveByCategoryOutput {
    const rows = this.db.prepare<[], { category_id: number; status: 'open' | 'in_progress' | 'waiting'; n: number }>(
      `SELECT category_id, status, sum(n) AS n FROM ticket_counts
       WHERE status IN ('open', 'in_progress', 'waiting') GROUP BY category_id, status`).all();
    const perCategory = new Map<number, { open: number; in_progress: number; waiting: number }>();
    for (const r of rows) {
      const by = perCategory.get(r.category_id) ?? ZERO_STATUS();
      by[r.status] += r.n;
      perCategory.set(r.category_id, by);
    }
    let total = 0;
    const categories: ActiveByCategoryOutput['categories'] = [];
    for (const [id, c] of this.categories()) {
      const byStatus = perCategory.get(id) ?? ZERO_STATUS();
      const count = byStatus.open + byStatus.in_progress + byStatus.waiting;
      total += count;
      if (c.active || count > 0) categories.push({ category: c.slug, name: c.name, count, byStatus });
    }
    categories.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return { total, categories };
  }

  workload(): WorkloadOutput {
    const rows = this.db.prepare<[], { assignee_id: number; status: 'open' | 'in_progress' | 'waiting'; priority: number; n: number }>(
      `SELECT assignee_id, status, priority, sum(n) AS n FROM ticket_counts
       WHERE status IN ('open', 'in_progress', 'waiting') GROUP BY assignee_id, status, priority`).all();
    const staff = this.db.prepare<[], { id: number; display_name: string; active: number; role: string }>(
      "SELECT id, display_name, active, role FROM users WHERE role IN ('agent', 'admin') OR id IN (SELECT assignee_id FROM ticket_counts)").all();
    const users = new Map(staff.map((u) => [u.id, u]));
    type Entry = WorkloadOutput['assignees'][number];
    const entries = new Map<number, Entry>();
    const entry = (id: number): Entry => {
      let e = entries.get(id);
      if (!e) {
        const u = users.get(id);
        e = {
          assignee: id === 0 ? null : { id, displayName: u?.display_name ?? `User ${id}`, active: u ? u.active === 1 : false },
          count: 0, byStatus: ZERO_STATUS(), byPriority: { low: 0, normal: 0, high: 0, urgent: 0 },
        };
        entries.set(id, e);
      }
      return e;
    };
    entry(0);
    for (const u of staff) if (u.active === 1 && (u.role === 'agent' || u.role === 'admin')) entry(u.id);
    let total = 0;
    for (const r of rows) {
      if (r.n === 0) continue;
      const e = entry(r.assignee_id);
      e.count += r.n;
      e.byStatus[r.status] += r.n;
      const p = PRIORITIES[r.priority];
      if (p) e.byPriority[p] += r.n;
      total += r.n;
    }
    const assignees = [...entries.values()].sort((a, b) => b.count - a.count
      || (a.assignee === null ? -1 : b.assignee === null ? 1 : a.assignee.displayName.localeCompare(b.assignee.displayName)));
    return { total, assignees };
  }
}

function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}
