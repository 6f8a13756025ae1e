// In-app notifications (spec 1.1): notifications.list and notifications.markRead.
import { z } from 'zod';
import { defineProcedure, signedIn } from '../registry.ts';
import { Id } from '../../../src-shared/schemas.ts';
import { actorOf } from '../../core/context.ts';
import { listNotifications, markRead } from '../../core/notifications-store.ts';
import { NOTIFICATION_TYPES } from '../../../src-shared/notify.ts';

export const NotificationSchema = z.object({
  id: Id,
  type: z.enum(NOTIFICATION_TYPES),
  ticketId: Id.nullable(),
  text: z.string(),
  at: z.string(),
  read: z.boolean(),
}).meta({ id: 'Notification' });

export const notificationProcedures = [
  defineProcedure({
    name: 'notifications.list',
    summary: 'Your notifications, newest first (keyset pages: pass nextCursor), with the number unread.',
    access: signedIn,
    input: z.strictObject({
      unreadOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(200).optional(),
      cursor: z.string().min(1).max(100).optional(),
    }),
    output: z.object({ items: z.array(NotificationSchema), unread: z.number().int().min(0), nextCursor: z.string().nullable() }),
    handler: (ctx, input) => listNotifications(ctx.core, actorOf(ctx).id, input),
  }),
  defineProcedure({
    name: 'notifications.markRead',
    summary: 'Marks your notifications read: the given ids (ids that are not yours are ignored), or all when ids is absent.',
    access: signedIn,
    writes: true,
    input: z.strictObject({ ids: z.array(Id).max(1000).optional() }),
    output: z.object({ unread: z.number().int().min(0) }),
    handler: (ctx, input) => markRead(ctx.core, actorOf(ctx).id, input.ids),
  }),
];
