// Who learns what about a ticket: the one place for the notification rules. Called from
// recordEvent (every change to a ticket is recorded there), inside the transaction of the
// change, it writes the in-app notifications and the outgoing mail (outbox rows) and queues
// the live events that are published once the change commits.
//
// Rules (spec: Notifications), never to the actor themself:
// - created  → `ticket.created` to active staff following the ticket's category; by email
//              also a confirmation with the number to the reporter (if it opted in, the
//              default) or the kiosk contact email (with the walk-up reference).
// - assignee → `ticket.assigned` to the new assignee.
// - reply    → `ticket.reply` to the reporter when someone else replies publicly (by email to
//              the kiosk contact when staff reply on a kiosk ticket); to the assignee when the
//              reporter's side (the reporter, or the contact by email) replies.
// - status   → `ticket.status` to the reporter (in the app for every change; by email when the
//              ticket is resolved or closed, with how to reopen it); the kiosk contact by email
//              when resolved or closed.
// - note     → `ticket.note` to the assignee when staff (not reporters) are the recipient; a
//              note never reaches a reporter or contact in any form.
// Each recipient's choices (notifications-prefs.ts) decide the channels: app, email.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { categories, messages, notifications, tickets, users } from '../db/schema.ts';
import type { Core } from './context.ts';
import { priorityName, STAFF_ROLES, type EventType, type Role, type Status } from '../../src-shared/domain.ts';
import { followsCategory, readPrefs, type NotificationType, type NotifyPrefs } from '../../src-shared/notify.ts';
import { publishAfterCommit, type LiveEvent } from './notifications-bus.ts';
import { enqueueMail, type MailPayload, type TicketSummary } from './notifications-outbox.ts';

interface Recipient {
  id: number;
  role: Role;
  displayName: string;
  email: string | null;
  prefs: NotifyPrefs;
}

type UserRow = typeof users.$inferSelect;
const toRecipient = (u: UserRow): Recipient => ({ id: u.id, role: u.role, displayName: u.displayName, email: u.email, prefs: readPrefs(u.role, u.notify) });

function userById(core: Core, id: number | null): Recipient | null {
  if (id === null) return null;
  const u = core.db.select().from(users).where(eq(users.id, id)).get();
  return u && u.active ? toRecipient(u) : null;
}

const isStaffRole = (r: Role): boolean => r === 'agent' || r === 'admin';
const excerpt = (s: string, n = 80): string => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s).replace(/\s+/g, ' ');

/** Writes one in-app notification (if the user wants it) and queues its live event. */
function notifyInApp(core: Core, to: Recipient, type: NotificationType, ticketId: number, text: string, at: number): void {
  if (!to.prefs.app[type]) return;
  const row = core.db.insert(notifications).values({ userId: to.id, type, ticketId, text, at, readAt: null }).returning({ id: notifications.id }).get();
  const unread = unreadCount(core, to.id);
  publishAfterCommit(core, {
    type: 'notification.created',
    data: { id: row.id, type, ticketId, text, at: new Date(at).toISOString(), unread },
    audience: { kind: 'user', userId: to.id },
  });
}

/** A user's unread in-app notifications: kept by triggers (drizzle/0009_notification_unread.sql). */
export function unreadCount(core: Core, userId: number): number {
  return core.db.get<{ n: number } | undefined>(sql`SELECT n FROM notification_unread WHERE user_id = ${userId}`)?.n ?? 0;
}

/** Queues an email to a user if it has an address and wants this type by email. */
function mailUser(core: Core, to: Recipient, type: NotificationType, ticket: TicketSummary, payload: Omit<MailPayload, 'type' | 'ticket' | 'audience' | 'recipientName'>): void {
  if (!to.email || !to.prefs.email[type]) return;
  enqueueMail(core, {
    kind: type, to: to.email, userId: to.id, ticketId: ticket.id,
    payload: { type, ticket, audience: isStaffRole(to.role) ? 'staff' : 'reporter', recipientName: to.displayName, ...payload },
  });
}

function mailContact(core: Core, email: string, name: string | null, type: NotificationType, ticket: TicketSummary, payload: Omit<MailPayload, 'type' | 'ticket' | 'audience' | 'recipientName'>): void {
  enqueueMail(core, { kind: type, to: email, userId: null, ticketId: ticket.id, payload: { type, ticket, audience: 'contact', recipientName: name, ...payload } });
}

/** The hook recordEvent calls for every history event (inside the change's transaction). */
export function onTicketEvent(core: Core, ticketId: number, actorId: number | null, type: EventType, _from: unknown, to: unknown, at: number): void {
  if (type === 'imported') return; // history brought over: nobody is told
  const t = core.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
  if (!t) return;
  const category = core.db.select({ slug: categories.slug, name: categories.name }).from(categories).where(eq(categories.id, t.categoryId)).get();
  const summary: TicketSummary = {
    id: t.id, subject: t.subject, status: t.status, priority: priorityName(t.priority),
    category: category?.slug ?? '', categoryName: category?.name ?? '', reference: t.reference, channel: t.channel,
  };
  const actor = userById(core, actorId);
  const actorName = actor?.displayName ?? (actorId === null && t.contactName ? t.contactName : null);
  const audience = { kind: 'ticket' as const, reporterId: t.reporterId, staffOnly: false };
  const live = (e: LiveEvent) => publishAfterCommit(core, e);
  const notMe = (r: Recipient | null): r is Recipient => r !== null && r.id !== actorId;
  const contactEmail = t.reporterId === null ? t.contactEmail : null;

  switch (type) {
    case 'created': {
      live({ type: 'ticket.created', data: { ticketId: t.id, version: t.version, priority: summary.priority, subject: t.subject, category: summary.category, actorId }, audience });
      const staffRows = core.db.select().from(users).where(and(inArray(users.role, [...STAFF_ROLES]), eq(users.active, true))).all();
      const text = `New ticket #${t.id} in ${summary.categoryName}: ${excerpt(t.subject)}`;
      for (const s of staffRows.map(toRecipient)) {
        if (s.id === actorId || !followsCategory(s.prefs, summary.category)) continue;
        notifyInApp(core, s, 'ticket.created', t.id, text, at);
        mailUser(core, s, 'ticket.created', summary, { actor: actorName, body: t.description });
      }
      // The confirmation to whoever opened it (not an in-app notification: they know).
      const reporter = userById(core, t.reporterId);
      if (reporter && !isStaffRole(reporter.role)) mailUser(core, reporter, 'ticket.created', summary, { actor: null, body: t.description, confirmation: true });
      if (contactEmail) mailContact(core, contactEmail, t.contactName, 'ticket.created', summary, { actor: null, body: t.description, confirmation: true });
      return;
    }
    case 'assignee': {
      live({ type: 'ticket.changed', data: { ticketId: t.id, version: t.version, assigneeId: t.assigneeId }, audience });
      const assignee = userById(core, (to as { id?: number } | null)?.id ?? null);
      if (!notMe(assignee)) return;
      notifyInApp(core, assignee, 'ticket.assigned', t.id, `${actorName ?? 'Someone'} assigned #${t.id} to you: ${excerpt(t.subject)}`, at);
      mailUser(core, assignee, 'ticket.assigned', summary, { actor: actorName, body: t.description });
      return;
    }
    case 'reply':
    case 'note': {
      const internal = type === 'note';
      const messageId = (to as { messageId?: number } | null)?.messageId ?? null;
      const msg = messageId === null ? undefined : core.db.select().from(messages).where(eq(messages.id, messageId)).get();
      const byReporterSide = actorId === null || actorId === t.reporterId;
      const messageAudience = { kind: 'ticket' as const, reporterId: t.reporterId, staffOnly: internal };
      live({ type: 'message.created', data: { ticketId: t.id, messageId, internal, assigneeId: t.assigneeId, authorId: actorId, byReporter: !internal && byReporterSide, authorName: actorName }, audience: messageAudience });
      // A note changes the ticket's version too, but reporters must not learn a note exists.
      live({ type: 'ticket.changed', data: { ticketId: t.id, version: t.version }, audience: messageAudience });
      const body = msg?.body ?? '';
      const assignee = userById(core, t.assigneeId);
      if (internal) {
        if (notMe(assignee) && isStaffRole(assignee.role)) {
          notifyInApp(core, assignee, 'ticket.note', t.id, `${actorName ?? 'Someone'} added an internal note on #${t.id}: ${excerpt(body)}`, at);
          mailUser(core, assignee, 'ticket.note', summary, { actor: actorName, body, ...(messageId !== null ? { messageId } : {}) });
        }
        return;
      }
      if (byReporterSide) {
        if (notMe(assignee)) {
          notifyInApp(core, assignee, 'ticket.reply', t.id, `${actorName ?? 'The reporter'} replied on #${t.id}: ${excerpt(body)}`, at);
          mailUser(core, assignee, 'ticket.reply', summary, { actor: actorName, body, ...(messageId !== null ? { messageId } : {}) });
        }
        return;
      }
      const reporter = userById(core, t.reporterId);
      if (notMe(reporter)) {
        notifyInApp(core, reporter, 'ticket.reply', t.id, `${actorName ?? 'The helpdesk'} replied on #${t.id}: ${excerpt(body)}`, at);
        mailUser(core, reporter, 'ticket.reply', summary, { actor: actorName, body, ...(messageId !== null ? { messageId } : {}) });
      } else if (contactEmail && actor && isStaffRole(actor.role)) {
        mailContact(core, contactEmail, t.contactName, 'ticket.reply', summary, { actor: actorName, body, ...(messageId !== null ? { messageId } : {}) });
      }
      return;
    }
    case 'status': {
      live({ type: 'ticket.changed', data: { ticketId: t.id, version: t.version, status: t.status }, audience });
      const status = to as Status;
      const finished = status === 'resolved' || status === 'closed';
      const reporter = userById(core, t.reporterId);
      if (notMe(reporter)) {
        notifyInApp(core, reporter, 'ticket.status', t.id, `#${t.id} is now ${status.replace('_', ' ')}: ${excerpt(t.subject)}`, at);
        if (finished) mailUser(core, reporter, 'ticket.status', summary, { actor: actorName, status });
      } else if (contactEmail && finished && actorId !== null) {
        mailContact(core, contactEmail, t.contactName, 'ticket.status', summary, { actor: actorName, status });
      }
      return;
    }
    default:
      // subject, description, category, priority, location: seen live, nobody notified.
      live({ type: 'ticket.changed', data: { ticketId: t.id, version: t.version }, audience });
  }
}

// ---------- desktop alerts (decided here, shown by src-main/desktop/) ----------

export interface DesktopAlert {
  title: string;
  body: string;
  ticketId: number;
}

/**
 * Whether a live event raises an operating-system alert for this signed-in user: staff with
 * desktop alerts on, for a new urgent ticket, or a reporter's reply on a ticket assigned to
 * them. Never for what they did themselves.
 */
export function desktopAlertFor(user: { id: number; role: Role; prefs: NotifyPrefs }, event: LiveEvent): DesktopAlert | null {
  if (!isStaffRole(user.role) || !user.prefs.desktop) return null;
  const d = event.data;
  const ticketId = typeof d.ticketId === 'number' ? d.ticketId : null;
  if (ticketId === null) return null;
  if (event.type === 'ticket.created' && d.priority === 'urgent' && d.actorId !== user.id) {
    return { title: `New urgent ticket #${ticketId}`, body: typeof d.subject === 'string' ? d.subject : '', ticketId };
  }
  if (event.type === 'message.created' && d.byReporter === true && d.internal === false && d.assigneeId === user.id && d.authorId !== user.id) {
    return { title: `Reply on #${ticketId}`, body: `${typeof d.authorName === 'string' ? d.authorName : 'The reporter'} replied on a ticket assigned to you.`, ticketId };
  }
  return null;
}
