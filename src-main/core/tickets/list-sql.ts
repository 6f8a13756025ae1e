// The SQL of tickets.list: the search condition in its three join forms, the FTS5 query of
// free text, and the query of one page (through the sort index or through the filters).
import { and, sql, type SQL } from 'drizzle-orm';
import { tickets } from '../../db/schema.ts';
import { fieldError } from '../errors.ts';
import { decodeCursor, type Cursor } from './list-cursor.ts';
import { SEARCH_MATCH_FUNCTION } from '../search-matches.ts';
import type { ListInput, ListPlan, SortKey } from './list-planner.ts';

export const sortColumn = {
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

/**
 * How the search joins the other conditions:
 * - `drive`: SQLite reads the matching ids from the index and looks each ticket up (few matches);
 * - `set`: the other filters' indexes (or the sort index) drive and each candidate is looked
 *   up in the set of matches this connection keeps (core/search-matches.ts), no table
 *   look-ups when those indexes cover the query.
 */
export type SearchJoin = 'drive' | 'set';
/** The search condition of a plan with a search (plan.match not null). */
export const searchCond = (plan: ListPlan, how: SearchJoin): SQL =>
  how === 'drive'
    ? sql`${tickets.id} IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ${plan.match})`
    : sql`${sql.raw(SEARCH_MATCH_FUNCTION)}(${plan.matches()!.slot}, ${tickets.id}) = 1`;

/** How one page is read. */
export interface PageMode {
  /** Walk the sort order's index (dense matches) rather than read the matches and sort. */
  walk: boolean;
  /** The search's matches drive the read (see searchCond). */
  searchDrives: boolean;
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
  if (plan.match !== null) conds.push(searchCond(plan, !walk && mode.searchDrives ? 'drive' : 'set'));
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
