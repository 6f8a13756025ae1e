// Email out: the files an email tells about, looked up when it is rendered (the outbox payload
// is written inside the change's transaction, before messages.add has attached its uploads,
// and is sent after the digest window, long after the commit). Emails never carry files as
// MIME attachments, and never a token or a public download link: each file is listed by name,
// type and size, with a link into the app (`<appUrl>/#/files/<id>?ticket=<n>`) that opens it after
// sign-in (the renderer's FileScreen fetches it with the session).
//
// - A reply or note: the files of that message. A new ticket: the files attached when it was
//   opened. Nothing else lists files.
// - Visibility: a file of an internal note is only ever listed to staff. Notes are emailed to
//   staff only (core/notifications.ts); the check below keeps it so even if that changed.
// - Kiosk contacts have no account: their email lists the files by name and says they are kept
//   with the ticket at the helpdesk (templates.ts).
import { inArray } from 'drizzle-orm';
import { messages } from '../db/schema.ts';
import type { Core } from '../core/context.ts';
import { attachmentsOfMessages, attachmentsOfTickets, type AttachmentRef } from '../core/files.ts';
import { allowedType } from '../core/files-types.ts';
import { formatSize } from '../../src-shared/file-size.ts';
import type { MailPayload } from '../core/notifications-outbox.ts';

export interface MailFile extends AttachmentRef {
  /** "JPEG image, 2.4 MB". */
  description: string;
}

/** The files each payload tells about (same order as the payloads; [] for none). */
export function filesOfPayloads(core: Core, payloads: readonly MailPayload[]): MailFile[][] {
  const messageIds = [...new Set(payloads.flatMap((p) => (p.messageId !== undefined && (p.type === 'ticket.reply' || p.type === 'ticket.note') ? [p.messageId] : [])))];
  const ticketIds = [...new Set(payloads.filter((p) => p.type === 'ticket.created').map((p) => p.ticket.id))];
  const byMessage = attachmentsOfMessages(core, messageIds);
  const byTicket = attachmentsOfTickets(core, ticketIds);
  const internal = new Set(messageIds.length === 0 ? [] : core.db.select({ id: messages.id, internal: messages.internal }).from(messages)
    .where(inArray(messages.id, messageIds)).all().filter((m) => m.internal).map((m) => m.id));
  return payloads.map((p) => {
    let refs: AttachmentRef[] = [];
    if (p.type === 'ticket.created') refs = byTicket.get(p.ticket.id) ?? [];
    else if (p.messageId !== undefined && (p.type === 'ticket.reply' || p.type === 'ticket.note')) {
      if (internal.has(p.messageId) && p.audience !== 'staff') refs = [];
      else refs = byMessage.get(p.messageId) ?? [];
    }
    return refs.map((r) => ({ ...r, description: `${allowedType(r.type)?.label ?? r.type}, ${formatSize(r.size)}` }));
  });
}

/** The link into the app that opens a file after sign-in. */
export const fileLink = (appUrl: string, id: number, ticketId: number): string => `${appUrl.replace(/\/$/, '')}/#/files/${id}?ticket=${ticketId}`;
