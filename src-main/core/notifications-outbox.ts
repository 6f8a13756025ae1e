// The outbox: outgoing mail written as rows in the same transaction as the change that
// causes it, and sent later by the background sender (sender.ts). A row is due DIGEST_WINDOW_MS
// after it was written, so several changes to one ticket for one recipient within that
// window go out as one digest email (grouped by recipient and ticket at send time).
import { outbox } from '../db/schema.ts';
import type { Core } from './context.ts';
import type { NotificationType } from '../../src-shared/notify.ts';
import { afterCommit } from './notifications-bus.ts';

export const DIGEST_WINDOW_MS = 60_000;

export interface TicketSummary {
  id: number;
  subject: string;
  status: string;
  priority: string;
  category: string;
  categoryName: string;
  /** Kiosk reference (walk-up lookups), for the kiosk contact. */
  reference: string | null;
  channel: string;
}

/** What a template needs, captured when the change happened. */
export interface MailPayload {
  type: NotificationType;
  ticket: TicketSummary;
  /** reporter: a signed-in reporter; contact: a kiosk contact email; staff: agents and admins. */
  audience: 'reporter' | 'contact' | 'staff';
  recipientName: string | null;
  /** Who made the change (display name), null for the system or the reporter themself. */
  actor: string | null;
  /** The message (public reply; for staff also an internal note) or the description. */
  body?: string;
  /** The new status (ticket.status). */
  status?: string;
  /** The confirmation of a ticket the recipient opened (ticket.created to the reporter side). */
  confirmation?: boolean;
  /** The message of a reply or note: its files are listed (with links) when the email is rendered (mail/file-links.ts). */
  messageId?: number;
}

export interface NewMail {
  kind: NotificationType;
  to: string;
  userId: number | null;
  ticketId: number;
  payload: MailPayload;
}

/** Listeners woken after a commit that queued mail (the sender). */
const wakers = new WeakMap<Core['sqlite'], () => void>();
export const onMailQueued = (core: Core, fn: () => void): void => { wakers.set(core.sqlite, fn); };

export function enqueueMail(core: Core, mail: NewMail): void {
  const now = core.clock.now();
  core.db.insert(outbox).values({
    kind: mail.kind, toAddress: mail.to.toLowerCase(), userId: mail.userId, ticketId: mail.ticketId,
    payload: JSON.stringify(mail.payload), createdAt: now, dueAt: now + DIGEST_WINDOW_MS, state: 'pending', attempts: 0,
  }).run();
  afterCommit(core, () => wakers.get(core.sqlite)?.());
}
