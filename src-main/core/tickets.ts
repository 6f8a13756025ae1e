// Tickets: create, read, list (filters, full-text search, keyset pagination), edit, status
// changes (rules in ticket-status.ts), optimistic versions and the change history.
import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { tickets, ticketEvents, users, ticketCounts, categories, kiosks } from '../db/schema.ts';
import { toIso, toIsoOrNull, type Ticket, type TicketEvent } from '../api/schemas.ts';
import { conflict, fieldError, FieldChecks, forbidden, type ErrorDetail } from './errors.ts';
import { isStaff, type Actor, type Core } from './context.ts';
import { priorityName, priorityRank, STAFF_ROLES, STATUSES, type Channel, type EventType, type Priority, type Status } from './domain.ts';
import { assertCanSeeTicket, assertMaySetFields, canSeeContact, canSeeInternal } from './permissions.ts';
import { assertTransitionAllowed, closedAtAfter, reporterMayEdit } from './ticket-status.ts';
import { categorySlugs, requireActiveCategory } from './categories.ts';
import { requireActiveUser } from './users.ts';
import { onTicketEvent } from './notifications.ts';

export type TicketRow = typeof tickets.$inferSelect;

// ---------- rows → API objects ----------

/** Display names for a set of user ids (one query). */
export function displayNames(core: Core, ids: Iterable<number | null>): Map<number, string> {
  const wanted = [...new Set([...ids].filter((x): x is number => x !== null))];
  if (wanted.length === 0) return new Map();
  return new Map(core.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted)).all().map((u) => [u.id, u.name]));
}

export function toTickets(core: Core, actor: Actor | null, rows: TicketRow[]): Ticket[] {
  const slugs = categorySlugs(core);
  const names = displayNames(core, rows.flatMap((r) => [r.reporterId, r.assigneeId]));
  const showContact = actor === null || canSeeContact(actor);
  const person = (id: number | null) => (id === null ? null : { id, displayName: names.get(id) ?? `user #${id}` });
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    description: r.description,
    status: r.status,
    priority: priorityName(r.priority),
    category: slugs.get(r.categoryId) ?? `category-${r.categoryId}`,
    location: r.location,
    reporter: person(r.reporterId),
    contact: showContact && (r.contactName !== null || r.contactEmail !== null || r.contactPhone !== null)
      ? { name: r.contactName, email: r.contactEmail, phone: r.contactPhone }
      : null,
    assignee: person(r.assigneeId),
    channel: r.channel,
    openedAt: toIso(r.openedAt),
    updatedAt: toIso(r.updatedAt),
    closedAt: toIsoOrNull(r.closedAt),
    version: r.version,
  }));
}

const toTicket = (core: Core, actor: Actor | null, row: TicketRow): Ticket => toTickets(core, actor, [row])[0] as Ticket;

// ---------- events ----------

export function recordEvent(core: Core, ticketId: number, actorId: number | null, type: EventType, from: unknown, to: unknown, at: number): void {
  core.db.insert(ticketEvents).values({
    ticketId, actorId, type, at,
    fromValue: from === undefined ? null : JSON.stringify(from),
    toValue: to === undefined ? null : JSON.stringify(to),
  }).run();
  onTicketEvent(core, ticketId, actorId, type, from, to, at);
}

export function ticketHistory(core: Core, actor: Actor, id: number): TicketEvent[] {
  loadVisibleTicket(core, actor, id);
  const where = canSeeInternal(actor)
    ? eq(ticketEvents.ticketId, id)
    : and(eq(ticketEvents.ticketId, id), sql`${ticketEvents.type} <> 'note'`);
  const rows = core.db.select().from(ticketEvents).where(where).orderBy(asc(ticketEvents.at), asc(ticketEvents.id)).all();
  const names = displayNames(core, rows.map((r) => r.actorId));
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticketId,
    actor: r.actorId === null ? null : { id: r.actorId, displayName: names.get(r.actorId) ?? `user #${r.actorId}` },
    type: r.type,
    from: r.fromValue === null ? null : JSON.parse(r.fromValue),
    to: r.toValue === null ? null : JSON.parse(r.toValue),
    at: toIso(r.at),
  }));
}

// ---------- create / read ----------

export interface NewTicket {
  subject: string;
  description: string;
  categoryId: number;
  priority: Priority;
  location: string | null;
  reporterId: number | null;
  contact: { name: string | null; email: string | null; phone: string | null } | null;
  channel: Channel;
  kioskId?: number | null;
  reference?: string | null;
}

/** Writes a new open ticket and its `created` event (FTS and counts follow by trigger). Returns its id. */
export function insertTicket(core: Core, actorId: number | null, t: NewTicket): number {
  const now = core.clock.now();
  const row = core.db.insert(tickets).values({
    subject: t.subject,
    description: t.description,
    status: 'open',
    priority: priorityRank(t.priority),
    categoryId: t.categoryId,
    location: t.location,
    reporterId: t.reporterId,
    contactName: t.contact?.name ?? null,
    contactEmail: t.contact?.email ?? null,
    contactPhone: t.contact?.phone ?? null,
    channel: t.channel,
    kioskId: t.kioskId ?? null,
    reference: t.reference ?? null,
    openedAt: now,
    updatedAt: now,
    closedAt: null,
    version: 1,
  }).returning({ id: tickets.id }).get();
  const kiosk = t.kioskId == null ? null : core.db.select({ id: kiosks.id, name: kiosks.name }).from(kiosks).where(eq(kiosks.id, t.kioskId)).get() ?? null;
  recordEvent(core, row.id, actorId, 'created', null, { status: 'open', channel: t.channel, ...(kiosk ? { kiosk } : {}) }, now);
  return row.id;
}

export interface CreateTicketInput {
  subject: string;
  description: string;
  category: string;
  priority?: Priority | undefined;
  location?: string | undefined;
}

export function createTicket(core: Core, actor: Actor, input: CreateTicketInput): Ticket {
  if (input.priority !== undefined && !isStaff(actor)) throw forbidden('Only helpdesk staff may set the priority.');
  const category = requireActiveCategory(core, input.category, 'category');
  const id = insertTicket(core, actor.id, {
    subject: input.subject,
    description: input.description,
    categoryId: category.id,
    priority: input.priority ?? 'normal',
    location: input.location ?? null,
    reporterId: actor.id,
    contact: null,
    channel: 'app',
  });
  return getTicket(core, actor, id);
}

/** The ticket row if the actor may see it, else NOT_FOUND. */
export function loadVisibleTicket(core: Core, actor: Actor, id: number): TicketRow {
  const row = core.db.select().from(tickets).where(eq(tickets.id, id)).get();
  assertCanSeeTicket(actor, row, id);
  return row as TicketRow;
}

export function getTicket(core: Core, actor: Actor, id: number): Ticket {
  return toTicket(core, actor, loadVisibleTicket(core, actor, id));
}

// ---------- list ----------

export const SORTS = ['openedAt', 'updatedAt', 'priority', 'id'] as const;
export type SortKey = (typeof SORTS)[number];

export interface ListInput {
  status?: Status[] | undefined;
  category?: string[] | undefined;
  priority?: Priority[] | undefined;
  assigneeId?: number | 'me' | 'none' | undefined;
  reporterId?: number | undefined;
  q?: string | undefined;
  openedFrom?: string | undefined;
  openedTo?: string | undefined;
  sort?: SortKey | undefined;
  order?: 'asc' | 'desc' | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface ListResult {
  items: Ticket[];
  nextCursor: string | null;
  total: number;
}

const sortColumn = {
  openedAt: tickets.openedAt,
  updatedAt: tickets.updatedAt,
  priority: tickets.priority,
  id: tickets.id,
} as const;

/** The index that yields each sort order (null: the table itself, in rowid order). */
const sortIndex: Record<SortKey, string | null> = {
  openedAt: 'tickets_opened_idx',
  updatedAt: 'tickets_updated_idx',
  priority: 'tickets_priority_updated_idx',
  id: null,
};

/** Keyset position: the sort value, (for priority) the updatedAt tie-breaker, and the id. */
interface Cursor { s: SortKey; o: 'asc' | 'desc'; v: number; u?: number; id: number }

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(text: string, sort: SortKey, order: 'asc' | 'desc'): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (c.s === sort && c.o === order && Number.isSafeInteger(c.v) && Number.isSafeInteger(c.id) &&
      (sort !== 'priority' || Number.isSafeInteger(c.u))) return c as Cursor;
  } catch { /* fall through */ }
  throw fieldError('cursor', 'The cursor is not valid for this sort order; start again from the first page.');
}

/**
 * Turns free text into an FTS5 query over the per-ticket search index: every word (letters
 * and digits) must occur, as a whole (stemmed) word, somewhere in the ticket's subject,
 * description or messages — internal notes only for staff.
 */
export function ftsQuery(q: string, includeNotes: boolean): string {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) throw fieldError('q', 'Search text must contain at least one letter or digit.');
  const terms = words.slice(0, 16).map((w) => `"${w}"`).join(' ');
  return includeNotes ? terms : `{subject description replies} : (${terms})`;
}

interface ListPlan {
  /** Every filter condition except the search (AND). */
  conds: SQL[];
  /** The count of `conds` from the ticket_counts summary when it covers them all, else null. */
  summaryWhere: SQL | undefined | null;
  /** The FTS5 query when searching. */
  match: string | null;
  /** All tickets (from the summary), read at most once per call. */
  allTickets: () => number;
  /** The filters other than status as plain values, or null when one (a reporter) needs the table. */
  values: TicketFilterValues | null;
}

/**
 * tickets.list filters other than status and search, as plain values: what the analytics
 * worker's copy of the tickets can test (it has no reporters). null/undefined: no filter.
 */
export interface TicketFilterValues {
  categoryIds: number[] | null;
  priorities: number[] | null;
  /** A user id, null for unassigned, undefined for anyone. */
  assigneeId: number | null | undefined;
  openedFrom: number | null;
  openedTo: number | null;
}

/** Tickets per status matching a search and TicketFilterValues (counted by the analytics worker). */
export interface SearchCountParams extends TicketFilterValues { match: string }

/**
 * How the search joins the other conditions:
 * - `drive`: SQLite reads the matching ids and looks each ticket up;
 * - `filter` (`+id`): the other filters' indexes drive and each candidate is checked against
 *   the set of matches, built once (~0.1 µs per match), no table lookups when those indexes
 *   cover the query;
 * - `probe`: each candidate is looked up in the search index by its id (~60–100 µs each, no
 *   set built): for walking the sort index through a search that matches most tickets, where
 *   a page needs a few dozen probes but the set would hold nearly every ticket.
 */
type SearchJoin = 'drive' | 'filter' | 'probe';
const searchCond = (match: string, how: SearchJoin): SQL =>
  how === 'drive'
    ? sql`${tickets.id} IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ${match})`
    : how === 'filter'
      ? sql`+${tickets.id} IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ${match})`
      : sql`EXISTS (SELECT 1 FROM ticket_search WHERE ticket_search MATCH ${match} AND rowid = ${tickets.id})`;

/** A probe costs about as much as this many entries of the match set. */
const PROBE_COST = 1000;

/** Filters may name deactivated users (their old tickets remain), not unknown ones. */
function requireUser(core: Core, id: number, path: string): void {
  if (!core.db.select({ id: users.id }).from(users).where(eq(users.id, id)).get()) throw fieldError(path, `There is no user with id ${id}.`);
}

function planFilters(core: Core, actor: Actor, input: ListInput): ListPlan {
  if (input.openedFrom && input.openedTo && Date.parse(input.openedFrom) > Date.parse(input.openedTo)) {
    throw fieldError('openedTo', 'openedTo must not be before openedFrom.');
  }
  const conds: SQL[] = [];
  const summary: SQL[] = [];
  let summaryOk = true;
  const values: TicketFilterValues = { categoryIds: null, priorities: null, assigneeId: undefined, openedFrom: null, openedTo: null };
  let valuesOk = true;
  if (!isStaff(actor)) {
    // Reporters get only their own tickets whatever the filters say (another reporterId: nothing).
    conds.push(eq(tickets.reporterId, input.reporterId === undefined || input.reporterId === actor.id ? actor.id : -1));
    summaryOk = valuesOk = false;
  } else if (input.reporterId !== undefined) {
    requireUser(core, input.reporterId, 'reporterId');
    conds.push(eq(tickets.reporterId, input.reporterId));
    summaryOk = valuesOk = false;
  }
  if (input.status?.length) {
    conds.push(inArray(tickets.status, input.status));
    summary.push(inArray(ticketCounts.status, input.status));
  }
  if (input.category?.length) {
    // Deactivated categories may be filtered on (their tickets remain); unknown ones are input errors.
    const rows = core.db.select({ id: categories.id, slug: categories.slug }).from(categories).where(inArray(categories.slug, input.category)).all();
    const unknown = input.category.findIndex((slug) => !rows.some((r) => r.slug === slug));
    if (unknown >= 0) throw fieldError(`category.${unknown}`, `There is no category "${input.category[unknown]}".`);
    const ids = rows.map((r) => r.id);
    values.categoryIds = ids;
    conds.push(inArray(tickets.categoryId, ids));
    summary.push(inArray(ticketCounts.categoryId, ids));
  }
  if (input.priority?.length) {
    const ranks = input.priority.map(priorityRank);
    values.priorities = ranks;
    conds.push(inArray(tickets.priority, ranks));
    summary.push(inArray(ticketCounts.priority, ranks));
  }
  if (input.assigneeId !== undefined) {
    if (input.assigneeId === 'none') {
      values.assigneeId = null;
      conds.push(isNull(tickets.assigneeId));
      summary.push(eq(ticketCounts.assigneeId, 0));
    } else {
      const id = input.assigneeId === 'me' ? actor.id : input.assigneeId;
      if (input.assigneeId !== 'me') requireUser(core, id, 'assigneeId');
      values.assigneeId = id;
      conds.push(eq(tickets.assigneeId, id));
      summary.push(eq(ticketCounts.assigneeId, id));
    }
  }
  if (input.openedFrom !== undefined) { values.openedFrom = Date.parse(input.openedFrom); conds.push(gte(tickets.openedAt, values.openedFrom)); summaryOk = false; }
  if (input.openedTo !== undefined) { values.openedTo = Date.parse(input.openedTo); conds.push(lt(tickets.openedAt, values.openedTo)); summaryOk = false; }
  const match = input.q === undefined ? null : ftsQuery(input.q, canSeeInternal(actor));
  let all: number | null = null;
  const allTickets = () => (all ??= totalTickets(core));
  return { conds, summaryWhere: summaryOk ? (summary.length ? and(...summary) : undefined) : null, match, allTickets, values: valuesOk ? values : null };
}

/** How many tickets the non-search filters select (exact; from the summary where it can). */
function countFiltered(core: Core, plan: ListPlan): number {
  if (plan.summaryWhere !== null) {
    return core.db.select({ n: sql<number>`coalesce(sum(${ticketCounts.n}), 0)` }).from(ticketCounts).where(plan.summaryWhere).get()?.n ?? 0;
  }
  return core.db.select({ n: sql<number>`count(*)` }).from(tickets).where(and(...plan.conds)).get()?.n ?? 0;
}

interface Counted {
  /** The exact total, or null when the one-pass read below will count. */
  total: number | null;
  /** Whether the search's matches drive the reads (else the other filters do). */
  searchDrives: boolean;
  /** Tickets the search matches (0 without a search). */
  hits: number;
}

/** At most this many expected matches: read them all (ids and sort keys) at once, count and page in one pass. */
const ONE_PASS_MAX = 20_000;

const totalTickets = (core: Core): number =>
  core.db.select({ n: sql<number>`coalesce(sum(${ticketCounts.n}), 0)` }).from(ticketCounts).get()?.n ?? 0;

interface SearchCost {
  /** Tickets the search matches (every ticket has exactly one search document). */
  hits: number;
  /** Tickets the other filters select. */
  filtered: number;
  /**
   * Driving from the matches costs a table lookup per match; driving from the filters' index
   * costs a (covering) index entry per candidate plus building the match set: ~10× cheaper each.
   */
  searchDrives: boolean;
}

function searchCost(core: Core, plan: ListPlan, match: string): SearchCost {
  const hits = core.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ticket_search WHERE ticket_search MATCH ${match}`).n;
  const filtered = plan.conds.length === 0 ? plan.allTickets() : countFiltered(core, plan);
  return { hits, filtered, searchDrives: hits * 10 <= filtered };
}

/** The exact total by the cheapest exact route, or null where a one-pass read is cheaper. */
function countMatches(core: Core, plan: ListPlan): Counted {
  if (plan.match === null) return { total: countFiltered(core, plan), searchDrives: false, hits: 0 };
  const { hits, filtered, searchDrives } = searchCost(core, plan, plan.match);
  if (plan.conds.length === 0) return { total: hits, searchDrives, hits };
  // Search and filters are roughly independent: expect hits · filtered / all matches.
  if ((hits * filtered) / Math.max(1, plan.allTickets()) <= ONE_PASS_MAX) return { total: null, searchDrives, hits };
  const total = core.db.select({ n: sql<number>`count(*)` }).from(tickets).where(and(...plan.conds, searchCond(plan.match, searchDrives ? 'drive' : 'filter'))).get()?.n ?? 0;
  return { total, searchDrives, hits };
}

/**
 * Chooses how to read one page. Walking the sort order's index and skipping non-matches
 * costs about (limit / density) row checks; reading every match through the filters'
 * indexes and sorting them costs about `total`. Walk the sort index when that is cheaper
 * (total² > (limit + 1) · all tickets), else read the matches and sort. SQLite's planner
 * cannot know the density, so the choice is made here from the exact counts.
 */
function walkSortIndex(plan: ListPlan, input: ListInput, total: number, limit: number): boolean {
  if (plan.conds.length === 0 && plan.match === null) return true;
  // Opening dates and the other sort keys go together (new tickets are the recently changed
  // ones), so a walk would pass every ticket outside the range first: read the range instead.
  if ((input.openedFrom !== undefined || input.openedTo !== undefined) && input.sort !== 'openedAt') return false;
  return total * total > (limit + 1) * plan.allTickets();
}

/** How one page is read. */
export interface PageMode {
  /** Walk the sort order's index (dense matches) rather than read the matches and sort. */
  walk: boolean;
  /** The search's matches drive the read (see searchCond). */
  searchDrives: boolean;
  /**
   * While walking, probe each candidate in the search index instead of building the set of
   * matches: when a page needs fewer probes (about (limit + 1) · all / hits) than the set's
   * size (hits) divided by PROBE_COST.
   */
  probe?: boolean;
  /** Every match with its sort keys, no cursor, no limit: counted and paged by the caller. */
  onePass: boolean;
}

/** The SQL of one page: the ids (and sort keys) of up to limit + 1 tickets after the cursor, in order. */
export function ticketPageQuery(plan: ListPlan, input: ListInput, mode: PageMode): { sql: SQL; sort: SortKey; order: 'asc' | 'desc'; limit: number; cursor: Cursor | null } {
  const sort = input.sort ?? 'updatedAt';
  const order = input.order ?? 'desc';
  const limit = input.limit ?? 50;
  const walk = mode.walk && !mode.onePass;
  const col = sortColumn[sort];
  const conds = [...plan.conds];
  if (plan.match !== null) conds.push(searchCond(plan.match, walk ? (mode.probe ? 'probe' : 'filter') : mode.searchDrives ? 'drive' : 'filter'));
  const cursor = input.cursor === undefined ? null : decodeCursor(input.cursor, sort, order);
  if (cursor !== null && !mode.onePass) {
    const c = cursor;
    const op = sql.raw(order === 'desc' ? '<' : '>');
    conds.push(sort === 'id'
      ? sql`${tickets.id} ${op} ${c.id}`
      : sort === 'priority'
        ? sql`(${col}, ${tickets.updatedAt}, ${tickets.id}) ${op} (${c.v}, ${c.u}, ${c.id})`
        : sql`(${col}, ${tickets.id}) ${op} (${c.v}, ${c.id})`);
  }
  const dir = sql.raw(order === 'desc' ? 'DESC' : 'ASC');
  // Reading through the filters: `+col` keeps SQLite from ordering by the sort index.
  const key = (c: typeof col) => (walk ? sql`${c}` : sql`+${c}`);
  const orderBy = sort === 'id' ? sql`${key(tickets.id)} ${dir}`
    : sort === 'priority' ? sql`${key(col)} ${dir}, ${key(tickets.updatedAt)} ${dir}, ${tickets.id} ${dir}`
      : sql`${key(col)} ${dir}, ${tickets.id} ${dir}`;
  const index = sortIndex[sort];
  const from = !walk || conds.length === 0 ? sql.raw('tickets') : sql.raw(index ? `tickets INDEXED BY ${index}` : 'tickets NOT INDEXED');
  const where = conds.length ? sql` WHERE ${and(...conds)}` : sql``;
  const query = mode.onePass
    ? sql`SELECT ${tickets.id} AS id, ${col} AS v, ${tickets.updatedAt} AS u FROM ${from}${where} ORDER BY ${orderBy}`
    : sql`SELECT ${tickets.id} AS id FROM ${from}${where} ORDER BY ${orderBy} LIMIT ${limit + 1}`;
  return { sql: query, sort, order, limit, cursor };
}

/** Whether the row (v, u, id) comes after the cursor in the list's order. */
function afterCursor(sort: SortKey, order: 'asc' | 'desc', c: Cursor, r: { v: number; u: number; id: number }): boolean {
  const cmp = sort === 'id' ? r.id - c.id
    : r.v !== c.v ? r.v - c.v
      : sort === 'priority' && r.u !== c.u ? r.u - (c.u ?? 0)
        : r.id - c.id;
  return order === 'desc' ? cmp < 0 : cmp > 0;
}

export function listTickets(core: Core, actor: Actor, input: ListInput): ListResult {
  const plan = planFilters(core, actor, input);
  const counted = countMatches(core, plan);
  const limit = input.limit ?? 50;
  let total: number;
  let ids: number[];
  let page: ReturnType<typeof ticketPageQuery>;
  if (counted.total === null) {
    // Few matches expected: read them all with their sort keys, count them, cut the page here.
    page = ticketPageQuery(plan, input, { walk: false, searchDrives: counted.searchDrives, onePass: true });
    const all = core.db.all<{ id: number; v: number; u: number }>(page.sql);
    const c = page.cursor;
    const start = c === null ? 0 : all.findIndex((r) => afterCursor(page.sort, page.order, c, r));
    total = all.length;
    ids = start < 0 ? [] : all.slice(start, start + limit + 1).map((r) => r.id);
  } else {
    total = counted.total;
    const probe = counted.hits * counted.hits > PROBE_COST * (limit + 1) * plan.allTickets();
    page = ticketPageQuery(plan, input, { walk: total > 0 && walkSortIndex(plan, input, total, limit), searchDrives: counted.searchDrives, probe, onePass: false });
    ids = total === 0 && input.cursor === undefined ? [] : core.db.all<{ id: number }>(page.sql).map((r) => r.id);
  }
  const more = ids.length > limit;
  if (more) ids.pop();
  const byId = new Map(ids.length ? core.db.select().from(tickets).where(inArray(tickets.id, ids)).all().map((r) => [r.id, r]) : []);
  const rows = ids.map((id) => byId.get(id)).filter((r): r is TicketRow => r !== undefined);
  const last = rows[rows.length - 1];
  const { sort, order } = page;
  const nextCursor = more && last
    ? encodeCursor({ s: sort, o: order, v: sort === 'id' ? last.id : last[sort], ...(sort === 'priority' ? { u: last.updatedAt } : {}), id: last.id })
    : null;
  return { items: toTickets(core, actor, rows), nextCursor, total };
}

export type StatusCounts = Record<Status, number>;

/**
 * The parameters for counting a staff search per status in the analytics worker (off this
 * thread: a common word matches 10⁵–10⁶ tickets, whose statuses the table would give only by
 * one look-up each, 60–400 ms here), or null where countTicketsByStatus counts (no search; a
 * reporter; a reporterId filter). Validates the input like tickets.list.
 */
export function searchCountParams(core: Core, actor: Actor, input: Omit<ListInput, 'status' | 'sort' | 'order' | 'limit' | 'cursor'>): SearchCountParams | null {
  const plan = planFilters(core, actor, input);
  return plan.match === null || plan.values === null ? null : { match: plan.match, ...plan.values };
}

/** Tickets per status for the list's filters (any `status` filter is ignored): one read. */
export function countTicketsByStatus(core: Core, actor: Actor, input: Omit<ListInput, 'status' | 'sort' | 'order' | 'limit' | 'cursor'>): { byStatus: StatusCounts; total: number } {
  const plan = planFilters(core, actor, input);
  let rows: { status: Status; n: number }[];
  if (plan.match === null && plan.summaryWhere !== null) {
    rows = core.db.select({ status: sql<Status>`${ticketCounts.status}`, n: sql<number>`sum(${ticketCounts.n})` })
      .from(ticketCounts).where(plan.summaryWhere).groupBy(ticketCounts.status).all();
  } else {
    const conds = [...plan.conds];
    if (plan.match !== null) conds.push(searchCond(plan.match, searchCost(core, plan, plan.match).searchDrives ? 'drive' : 'filter'));
    rows = core.db.select({ status: tickets.status, n: sql<number>`count(*)` }).from(tickets).where(and(...conds)).groupBy(tickets.status).all();
  }
  const byStatus = Object.fromEntries(STATUSES.map((st) => [st, 0])) as StatusCounts;
  for (const r of rows) byStatus[r.status] = r.n;
  return { byStatus, total: rows.reduce((a, r) => a + r.n, 0) };
}

// ---------- change ----------

/** CONFLICT with the current ticket when `version` is given and stale. */
export function assertVersion(core: Core, actor: Actor, row: TicketRow, version: number | undefined): void {
  if (version === undefined || version === row.version) return;
  throw conflict(`Ticket #${row.id} was changed meanwhile (you have version ${version}, it is at ${row.version}); reload it and try again.`, [
    { path: 'version', message: `Stale version ${version}; current is ${row.version}`, current: toTicket(core, actor, row) },
  ]);
}

/** Marks a ticket changed: updatedAt = now, version + 1, plus the given columns. */
export function touchTicket(core: Core, row: TicketRow, set: Partial<TicketRow>, now: number): void {
  core.db.update(tickets).set({ ...set, updatedAt: now, version: row.version + 1 }).where(eq(tickets.id, row.id)).run();
}

export interface UpdateTicketInput {
  id: number;
  version: number;
  subject?: string | undefined;
  description?: string | undefined;
  category?: string | undefined;
  priority?: Priority | undefined;
  location?: string | null | undefined;
  assigneeId?: number | null | undefined;
}

/**
 * The reference problems of a ticket input that failed its schema (for the registry's
 * referenceDetails): the category, and for staff the assignee (reporters learn nothing
 * about users this way).
 */
export function ticketReferenceDetails(core: Core, actor: Actor | null, input: unknown): ErrorDetail[] {
  const r = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const refs = new FieldChecks();
  const category = r.category;
  if (typeof category === 'string') refs.check(() => requireActiveCategory(core, category.trim(), 'category'));
  const assigneeId = r.assigneeId;
  if (actor && isStaff(actor) && typeof assigneeId === 'number' && Number.isSafeInteger(assigneeId) && assigneeId > 0) {
    refs.check(() => requireActiveUser(core, assigneeId, 'assigneeId', STAFF_ROLES));
  }
  return refs.details;
}

export function updateTicket(core: Core, actor: Actor, input: UpdateTicketInput): Ticket {
  const row = loadVisibleTicket(core, actor, input.id);
  const { id: _id, version, ...fields } = input;
  const named = Object.keys(fields).filter((k) => fields[k as keyof typeof fields] !== undefined);
  assertMaySetFields(actor, named);
  if (!isStaff(actor) && !reporterMayEdit(row.status)) throw forbidden(`Ticket #${row.id} is ${row.status}; reopen it before editing.`);
  assertVersion(core, actor, row, version);

  const now = core.clock.now();
  const set: Partial<TicketRow> = {};
  const events: [EventType, unknown, unknown][] = [];
  if (fields.subject !== undefined && fields.subject !== row.subject) { set.subject = fields.subject; events.push(['subject', row.subject, fields.subject]); }
  if (fields.description !== undefined && fields.description !== row.description) { set.description = fields.description; events.push(['description', row.description, fields.description]); }
  const refs = new FieldChecks();
  const cat = fields.category === undefined ? undefined : refs.check(() => requireActiveCategory(core, fields.category!, 'category'));
  const newAssignee = fields.assigneeId === undefined || fields.assigneeId === null || fields.assigneeId === row.assigneeId
    ? undefined : refs.check(() => requireActiveUser(core, fields.assigneeId as number, 'assigneeId', STAFF_ROLES));
  refs.throwIfAny();
  if (cat !== undefined) {
    if (cat.id !== row.categoryId) {
      set.categoryId = cat.id;
      events.push(['category', categorySlugs(core).get(row.categoryId) ?? null, cat.slug]);
    }
  }
  if (fields.priority !== undefined && priorityRank(fields.priority) !== row.priority) {
    set.priority = priorityRank(fields.priority);
    events.push(['priority', priorityName(row.priority), fields.priority]);
  }
  if (fields.location !== undefined && fields.location !== row.location) { set.location = fields.location; events.push(['location', row.location, fields.location]); }
  if (fields.assigneeId !== undefined && fields.assigneeId !== row.assigneeId) {
    const assignee = newAssignee ?? null;
    set.assigneeId = assignee?.id ?? null;
    const names = displayNames(core, [row.assigneeId]);
    events.push(['assignee',
      row.assigneeId === null ? null : { id: row.assigneeId, displayName: names.get(row.assigneeId) ?? null },
      assignee === null ? null : { id: assignee.id, displayName: assignee.displayName }]);
  }
  if (events.length > 0) {
    touchTicket(core, row, set, now);
    for (const [type, from, to] of events) recordEvent(core, row.id, actor.id, type, from, to, now);
  }
  return getTicket(core, actor, row.id);
}

export function setTicketStatus(core: Core, actor: Actor, input: { id: number; status: Status; version?: number | undefined }): Ticket {
  const row = loadVisibleTicket(core, actor, input.id);
  assertVersion(core, actor, row, input.version);
  if (row.status === input.status) return toTicket(core, actor, row);
  assertTransitionAllowed(actor.role, row.status, input.status);
  const now = core.clock.now();
  touchTicket(core, row, { status: input.status, closedAt: closedAtAfter(row.status, input.status, row.closedAt, now) }, now);
  recordEvent(core, row.id, actor.id, 'status', row.status, input.status, now);
  return getTicket(core, actor, row.id);
}


