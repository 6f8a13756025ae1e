// tickets.list: plans the read (list-planner.ts), reads one page (list-sql.ts), cuts it at
// the limit and hands back the cursor of the next page (list-cursor.ts).
import { inArray } from 'drizzle-orm';
import { tickets } from '../../db/schema.ts';
import type { Actor, Core } from '../context.ts';
import { toTickets, type TicketRow } from './mapping.ts';
import { afterCursor, encodeCursor } from './list-cursor.ts';
import { ticketPageQuery } from './list-sql.ts';
import { countMatches, planFilters, walkSortIndex, type ListInput, type ListResult } from './list-planner.ts';

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
    page = ticketPageQuery(plan, input, { walk: total > 0 && walkSortIndex(plan, input, total, limit), searchDrives: counted.searchDrives, onePass: false });
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
