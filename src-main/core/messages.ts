// The conversation on a ticket: public replies (seen by the reporter) and internal notes
// (staff only). A new message is a change to the ticket: updatedAt and version move.
import { and, asc, eq } from 'drizzle-orm';
import { messages, users } from '../db/schema.ts';
import { toIso, type Message } from '../../src-shared/schemas.ts';
import { assertMayAddInternal, canSeeInternal } from './permissions.ts';
import { loadVisibleTicket } from './tickets/read.ts';
import { recordEvent } from './tickets/history.ts';
import { touchTicket } from './tickets/commands.ts';
import type { Actor, Core } from './context.ts';
import type { Role } from '../../src-shared/domain.ts';
import { attachmentsOfMessages, attachUploads, type AttachmentRef } from './files.ts';

type MessageRow = typeof messages.$inferSelect;

export function listMessages(core: Core, actor: Actor, ticketId: number): Message[] {
  loadVisibleTicket(core, actor, ticketId);
  const where = canSeeInternal(actor) ? eq(messages.ticketId, ticketId) : and(eq(messages.ticketId, ticketId), eq(messages.internal, false));
  const rows = core.db
    .select({ m: messages, name: users.displayName, role: users.role })
    .from(messages).leftJoin(users, eq(users.id, messages.authorId))
    .where(where).orderBy(asc(messages.createdAt), asc(messages.id)).all();
  const files = attachmentsOfMessages(core, rows.map(({ m }) => m.id));
  return rows.map(({ m, name, role }) => toMessage(m, name, role, files.get(m.id) ?? []));
}

function toMessage(m: MessageRow, name: string | null, role: Role | null, attachments: AttachmentRef[]): Message {
  return {
    id: m.id,
    ticketId: m.ticketId,
    author: m.authorId !== null && name !== null && role !== null ? { id: m.authorId, displayName: name, role } : null,
    body: m.body,
    internal: m.internal,
    createdAt: toIso(m.createdAt),
    attachments,
  };
}

export function addMessage(core: Core, actor: Actor, input: { ticketId: number; body: string; internal?: boolean | undefined; attachments?: number[] | undefined }): Message {
  const internal = input.internal ?? false;
  const ticket = loadVisibleTicket(core, actor, input.ticketId);
  assertMayAddInternal(actor, internal);
  const now = core.clock.now();
  const row = core.db.insert(messages).values({ ticketId: ticket.id, authorId: actor.id, body: input.body, internal, createdAt: now }).returning().get();
  touchTicket(core, ticket, {}, now);
  recordEvent(core, ticket.id, actor.id, internal ? 'note' : 'reply', null, { messageId: row.id }, now);
  attachUploads(core, { userId: actor.id }, input.attachments, { ticketId: ticket.id, messageId: row.id });
  return toMessage(row, actor.displayName, actor.role, attachmentsOfMessages(core, [row.id]).get(row.id) ?? []);
}
