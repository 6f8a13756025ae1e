// Reading and clearing your in-app notifications (notifications.list / notifications.markRead).
// The list is newest first with a keyset cursor (the last id seen); markRead with ids that are
// not the caller's (another user's, or none at all) ignores them, so it tells nobody whether a
// notification exists; absent ids mark all of the caller's notifications read.
import { and, desc, eq, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import { notifications } from '../db/schema.ts';
import { fieldError } from './errors.ts';
import type { Core } from './context.ts';
import { unreadCount } from './notifications.ts';
import { afterCommit, publishNow } from './notifications-bus.ts';
import type { NotificationType } from '../../src-shared/notify.ts';

export interface NotificationItem {
  id: number;
  type: NotificationType;
  ticketId: number | null;
  text: string;
  at: string;
  read: boolean;
}

const encodeCursor = (id: number): string => Buffer.from(`n:${id}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^n:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw fieldError('cursor', 'The cursor is not valid; start again from the first page.');
  return Number(m[1]);
}

export function listNotifications(core: Core, userId: number, input: { unreadOnly?: boolean | undefined; limit?: number | undefined; cursor?: string | undefined }) {
  const limit = input.limit ?? 50;
  const where: SQL[] = [eq(notifications.userId, userId)];
  if (input.unreadOnly) where.push(isNull(notifications.readAt));
  if (input.cursor !== undefined) where.push(lt(notifications.id, decodeCursor(input.cursor)));
  const rows = core.db.select().from(notifications).where(and(...where)).orderBy(desc(notifications.id)).limit(limit + 1).all();
  const more = rows.length > limit;
  if (more) rows.pop();
  const items: NotificationItem[] = rows.map((r) => ({
    id: r.id, type: r.type as NotificationType, ticketId: r.ticketId, text: r.text, at: new Date(r.at).toISOString(), read: r.readAt !== null,
  }));
  const last = rows[rows.length - 1];
  return { items, unread: unreadCount(core, userId), nextCursor: more && last ? encodeCursor(last.id) : null };
}

export function markRead(core: Core, userId: number, ids: number[] | undefined): { unread: number } {
  const now = core.clock.now();
  const where: SQL[] = [eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (ids !== undefined) where.push(inArray(notifications.id, ids.length ? ids : [-1]));
  core.db.update(notifications).set({ readAt: now }).where(and(...where)).run();
  const unread = unreadCount(core, userId);
  afterCommit(core, () => publishNow(core, { type: 'notifications.read', data: { unread }, audience: { kind: 'user', userId } }));
  return { unread };
}
