// Tickets per status for the list's filters (tickets.counts): from the summary table, one
// grouped count, or (a staff search) the parameters for the analytics worker to count.
import { and, sql } from 'drizzle-orm';
import { tickets, ticketCounts } from '../../db/schema.ts';
import { STATUSES, type Status } from '../../../src-shared/domain.ts';
import type { Actor, Core } from '../context.ts';
import { searchCond } from './list-sql.ts';
import { planFilters, searchCost, type ListInput, type SearchCountParams } from './list-planner.ts';

export type StatusCounts = Record<Status, number>;

/**
 * The parameters for counting a staff search per status in the analytics worker (off this
 * thread: a common word matches 10⁵–10⁶ tickets, whose statuses the table would give only by
 * one look-up each), or null where countTicketsByStatus counts (no search; a
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
    if (plan.match !== null) conds.push(searchCond(plan, searchCost(core, plan).searchDrives ? 'drive' : 'set'));
    rows = core.db.select({ status: tickets.status, n: sql<number>`count(*)` }).from(tickets).where(and(...conds)).groupBy(tickets.status).all();
  }
  const byStatus = Object.fromEntries(STATUSES.map((st) => [st, 0])) as StatusCounts;
  for (const r of rows) byStatus[r.status] = r.n;
  return { byStatus, total: rows.reduce((a, r) => a + r.n, 0) };
}
