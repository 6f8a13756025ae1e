// A ticket's history: recording change events (the one encoding of their from/to values,
// shared with the demo data) and reading them back for the API (notes hidden from reporters).
import { and, asc, eq, sql } from 'drizzle-orm';
import { ticketEvents } from '../../db/schema.ts';
import { toIso, type TicketEvent } from '../../../src-shared/schemas.ts';
import type { EventType } from '../../../src-shared/domain.ts';
import type { Actor, Core } from '../context.ts';
import { canSeeInternal } from '../permissions.ts';
import { displayNames } from './mapping.ts';
import { loadVisibleTicket } from './read.ts';
import { onTicketEvent } from '../notifications.ts';

/** How an event's from/to value is stored: JSON text, or NULL for none. */
export const encodeEventValue = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
/** A stored from/to value as the API shows it (null for none). */
export const decodeEventValue = (stored: string | null): unknown => (stored === null ? null : JSON.parse(stored) as unknown);

/** The row of one event, as recordEvent writes it (also used by the demo generator's bulk insert). */
export function eventRow(ticketId: number, actorId: number | null, type: EventType, from: unknown, to: unknown, at: number): typeof ticketEvents.$inferInsert {
  return { ticketId, actorId, type, at, fromValue: encodeEventValue(from), toValue: encodeEventValue(to) };
}

export function recordEvent(core: Core, ticketId: number, actorId: number | null, type: EventType, from: unknown, to: unknown, at: number): void {
  core.db.insert(ticketEvents).values(eventRow(ticketId, actorId, type, from, to, at)).run();
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
    from: decodeEventValue(r.fromValue),
    to: decodeEventValue(r.toValue),
    at: toIso(r.at),
  }));
}
