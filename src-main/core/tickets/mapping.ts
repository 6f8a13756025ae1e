// Ticket rows as the API's Ticket objects (the one place that makes them: ISO times, priority
// and category names, person references, contact details only for those who may see them).
import { inArray } from 'drizzle-orm';
import { tickets, users } from '../../db/schema.ts';
import { toIso, toIsoOrNull, type Ticket } from '../../../src-shared/schemas.ts';
import { priorityName } from '../../../src-shared/domain.ts';
import type { Actor, Core } from '../context.ts';
import { canSeeContact } from '../permissions.ts';
import { categorySlugs } from '../categories.ts';
import { attachmentsOfTickets } from '../files.ts';

export type TicketRow = typeof tickets.$inferSelect;

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
  const files = attachmentsOfTickets(core, rows.map((r) => r.id));
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
    attachments: files.get(r.id) ?? [],
  }));
}

export const toTicket = (core: Core, actor: Actor | null, row: TicketRow): Ticket => toTickets(core, actor, [row])[0] as Ticket;
