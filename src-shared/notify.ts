// A user's notification choices (shared: the API validates them, the renderer's account screen edits them) (`users.notify`, JSON; null = the defaults for the role):
//
//   { email: { "ticket.created": bool, "ticket.assigned": bool, "ticket.reply": bool,
//              "ticket.status": bool, "ticket.note": bool },
//     app:   { same five types },
//     categories: "all" | string[],   // staff: the categories whose new tickets they follow
//     desktop: bool }                 // staff: operating-system alerts in the desktop app
//
// Defaults: every type in the app; by email everything except `ticket.created` for staff
// (new tickets in followed categories by email is opt-in, it would flood a busy desk), and for
// a reporter `ticket.created` by email is the confirmation of a ticket it opened; staff follow
// all categories; desktop alerts on. `users.updateMe` merges a partial `notify` over this.
import { z } from 'zod';
import type { Role } from './domain.ts';

export const NOTIFICATION_TYPES = ['ticket.created', 'ticket.assigned', 'ticket.reply', 'ticket.status', 'ticket.note'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

const typeFlags = z.strictObject({
  'ticket.created': z.boolean(),
  'ticket.assigned': z.boolean(),
  'ticket.reply': z.boolean(),
  'ticket.status': z.boolean(),
  'ticket.note': z.boolean(),
});
export type TypeFlags = z.infer<typeof typeFlags>;

const SlugRef = z.string().trim().min(1).max(64);

export const NotifySchema = z.object({
  email: typeFlags,
  app: typeFlags,
  categories: z.union([z.literal('all'), z.array(SlugRef).max(200)]),
  desktop: z.boolean(),
}).meta({ id: 'NotifyPreferences' });
export type NotifyPrefs = z.infer<typeof NotifySchema>;

/** What `users.updateMe` accepts: any part of the preferences; the rest stays. */
export const NotifyPatchSchema = z.strictObject({
  email: typeFlags.partial().optional(),
  app: typeFlags.partial().optional(),
  categories: z.union([z.literal('all'), z.array(SlugRef).max(200)]).optional(),
  desktop: z.boolean().optional(),
});
export type NotifyPatch = z.infer<typeof NotifyPatchSchema>;

const all = (on: boolean): TypeFlags => ({ 'ticket.created': on, 'ticket.assigned': on, 'ticket.reply': on, 'ticket.status': on, 'ticket.note': on });

export function defaultPrefs(role: Role): NotifyPrefs {
  const staff = role !== 'reporter';
  return { email: { ...all(true), 'ticket.created': !staff }, app: all(true), categories: 'all', desktop: true };
}

/** The stored JSON over the role's defaults (unreadable or partial JSON falls back field by field). */
export function readPrefs(role: Role, stored: string | null): NotifyPrefs {
  const base = defaultPrefs(role);
  if (!stored) return base;
  let value: unknown;
  try { value = JSON.parse(stored); } catch { return base; }
  const patch = NotifyPatchSchema.safeParse(value);
  return patch.success ? mergePrefs(base, patch.data) : base;
}

export function mergePrefs(base: NotifyPrefs, patch: NotifyPatch): NotifyPrefs {
  const clean = <T extends object>(o: T | undefined): Partial<T> =>
    Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    email: { ...base.email, ...clean(patch.email) },
    app: { ...base.app, ...clean(patch.app) },
    categories: patch.categories ?? base.categories,
    desktop: patch.desktop ?? base.desktop,
  };
}

export const followsCategory = (prefs: NotifyPrefs, slug: string): boolean =>
  prefs.categories === 'all' || prefs.categories.includes(slug);
