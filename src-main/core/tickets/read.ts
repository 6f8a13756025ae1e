// Reading one ticket: the row if the caller may see it (else NOT_FOUND), and as an API object.
import { eq } from 'drizzle-orm';
import { tickets } from '../../db/schema.ts';
import type { Ticket } from '../../../src-shared/schemas.ts';
import type { Actor, Core } from '../context.ts';
import { assertCanSeeTicket } from '../permissions.ts';
import { toTicket, type TicketRow } from './mapping.ts';

/** The ticket row if the actor may see it, else NOT_FOUND. */
export function loadVisibleTicket(core: Core, actor: Actor, id: number): TicketRow {
  const row = core.db.select().from(tickets).where(eq(tickets.id, id)).get();
  assertCanSeeTicket(actor, row, id);
  return row as TicketRow;
}

export function getTicket(core: Core, actor: Actor, id: number): Ticket {
  return toTicket(core, actor, loadVisibleTicket(core, actor, id));
}
