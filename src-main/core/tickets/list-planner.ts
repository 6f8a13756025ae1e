// Planning a tickets.list read at 1M tickets: the filters as SQL conditions (and as plain
// values for the analytics worker), exact totals by the cheapest route (summary table or one
// count), and the cost model that decides whether the search or the filters drive and
// whether a page walks the sort index or reads the matches and sorts them.
import { and, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { tickets, users, ticketCounts, categories } from '../../db/schema.ts';
import type { Ticket } from '../../../src-shared/schemas.ts';
import { priorityRank, type Priority, type Status } from '../../../src-shared/domain.ts';
import { fieldError } from '../errors.ts';
import { isStaff, type Actor, type Core } from '../context.ts';
import { canSeeInternal } from '../permissions.ts';
import { ftsQuery, searchCond } from './list-sql.ts';
import { searchMatches, type SearchMatchSet } from '../search-matches.ts';

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

export interface ListPlan {
  /** Every filter condition except the search (AND). */
  conds: SQL[];
  /** The count of `conds` from the ticket_counts summary when it covers them all, else null. */
  summaryWhere: SQL | undefined | null;
  /** The FTS5 query when searching. */
  match: string | null;
  /** The tickets `match` matches, from this connection's kept sets (read once per plan); null without a search. */
  matches: () => SearchMatchSet | null;
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

/** Filters may name deactivated users (their old tickets remain), not unknown ones. */
function requireUser(core: Core, id: number, path: string): void {
  if (!core.db.select({ id: users.id }).from(users).where(eq(users.id, id)).get()) throw fieldError(path, `There is no user with id ${id}.`);
}

export function planFilters(core: Core, actor: Actor, input: ListInput): ListPlan {
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
  let set: SearchMatchSet | null = null;
  const matches = () => (match === null ? null : (set ??= searchMatches(core.sqlite, match)));
  return { conds, summaryWhere: summaryOk ? (summary.length ? and(...summary) : undefined) : null, match, matches, allTickets, values: valuesOk ? values : null };
}

/** How many tickets the non-search filters select (exact; from the summary where it can). */
export function countFiltered(core: Core, plan: ListPlan): number {
  if (plan.summaryWhere !== null) {
    return core.db.select({ n: sql<number>`coalesce(sum(${ticketCounts.n}), 0)` }).from(ticketCounts).where(plan.summaryWhere).get()?.n ?? 0;
  }
  return core.db.select({ n: sql<number>`count(*)` }).from(tickets).where(and(...plan.conds)).get()?.n ?? 0;
}

export interface Counted {
  /** The exact total, or null when the one-pass read below will count. */
  total: number | null;
  /** Whether the search's matches drive the reads (else the other filters do). */
  searchDrives: boolean;
  /** Tickets the search matches (0 without a search). */
  hits: number;
}

/** At most this many expected matches: read them all (ids and sort keys) at once, count and page in one pass. */
const ONE_PASS_MAX = 20_000;

export const totalTickets = (core: Core): number =>
  core.db.select({ n: sql<number>`coalesce(sum(${ticketCounts.n}), 0)` }).from(ticketCounts).get()?.n ?? 0;

interface SearchCost {
  /** Tickets the search matches (every ticket has exactly one search document). */
  hits: number;
  /** Tickets the other filters select. */
  filtered: number;
  /**
   * Driving from the matches costs an index entry and a table lookup per match; driving from
   * the filters' index costs a (covering) index entry and a look-up in the kept set of
   * matches (core/search-matches.ts) per candidate, which the model counts as a quarter of
   * the former.
   */
  searchDrives: boolean;
}

export function searchCost(core: Core, plan: ListPlan): SearchCost {
  const hits = plan.matches()?.hits ?? 0;
  const filtered = plan.conds.length === 0 ? plan.allTickets() : countFiltered(core, plan);
  return { hits, filtered, searchDrives: hits * 4 <= filtered };
}

/** The exact total by the cheapest exact route, or null where a one-pass read is cheaper. */
export function countMatches(core: Core, plan: ListPlan): Counted {
  if (plan.match === null) return { total: countFiltered(core, plan), searchDrives: false, hits: 0 };
  const { hits, filtered, searchDrives } = searchCost(core, plan);
  if (plan.conds.length === 0) return { total: hits, searchDrives, hits };
  // Search and filters are roughly independent: expect hits · filtered / all matches.
  if ((hits * filtered) / Math.max(1, plan.allTickets()) <= ONE_PASS_MAX) return { total: null, searchDrives, hits };
  const total = core.db.select({ n: sql<number>`count(*)` }).from(tickets).where(and(...plan.conds, searchCond(plan, searchDrives ? 'drive' : 'set'))).get()?.n ?? 0;
  return { total, searchDrives, hits };
}

/**
 * Chooses how to read one page. Walking the sort order's index and skipping non-matches
 * costs about (limit / density) row checks; reading every match through the filters'
 * indexes and sorting them costs about `total`. Walk the sort index when that is cheaper
 * (total² > (limit + 1) · all tickets), else read the matches and sort. SQLite's planner
 * cannot know the density, so the choice is made here from the exact counts.
 */
export function walkSortIndex(plan: ListPlan, input: ListInput, total: number, limit: number): boolean {
  if (plan.conds.length === 0 && plan.match === null) return true;
  // Opening dates and the other sort keys go together (new tickets are the recently changed
  // ones), so a walk would pass every ticket outside the range first: read the range instead.
  if ((input.openedFrom !== undefined || input.openedTo !== undefined) && input.sort !== 'openedAt') return false;
  return total * total > (limit + 1) * plan.allTickets();
}
