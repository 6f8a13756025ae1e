// Your own account: change your password (ends your other sessions; a wrong current password
// counts as a failed sign-in for throttling, like auth.login) and your own details and
// notification choices (users.updateMe).
import { and, eq, ne } from 'drizzle-orm';
import { categories, sessions, users } from '../db/schema.ts';
import { fieldError, FieldChecks } from './errors.ts';
import { hashPassword, verifyPassword } from './auth.ts';
import { check, loginKey, record, reset } from './throttle.ts';
import { getUser } from './users.ts';
import { mergePrefs, readPrefs, type NotifyPatch, type NotifyPrefs } from '../../src-shared/notify.ts';
import type { Actor, Core } from './context.ts';
import type { User } from '../../src-shared/schemas.ts';
import { inTransaction } from './notifications-bus.ts';

export async function changePassword(core: Core, actor: Actor, client: string, input: { currentPassword: string; newPassword: string }): Promise<void> {
  // The same throttle as auth.login (throttle.ts): a wrong current password is a failed sign-in.
  const key = loginKey(actor.username, client);
  check(core, 'login', key);
  const row = core.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.id)).get();
  if (!row || !(await verifyPassword(input.currentPassword, row.hash))) {
    // Recorded outside any transaction: the failure must count although the call fails.
    record(core, 'login', key);
    throw fieldError('currentPassword', 'The current password is not right.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  inTransaction(core, () => {
    core.db.update(users).set({ passwordHash }).where(eq(users.id, actor.id)).run();
    core.db.delete(sessions).where(and(eq(sessions.userId, actor.id), ne(sessions.id, actor.sessionId))).run();
    reset(core, 'login', key);
  });
}

export type Me = User & { notify: NotifyPrefs };

export function getMe(core: Core, userId: number): Me {
  const row = core.db.select({ role: users.role, notify: users.notify }).from(users).where(eq(users.id, userId)).get();
  return { ...getUser(core, userId), notify: readPrefs(row?.role ?? 'reporter', row?.notify ?? null) };
}

export function updateMe(core: Core, actor: Actor, input: { displayName?: string | undefined; email?: string | null | undefined; notify?: NotifyPatch | undefined }): Me {
  const current = core.db.select().from(users).where(eq(users.id, actor.id)).get();
  if (!current) throw fieldError('', 'Your account no longer exists.');
  const set: Partial<typeof users.$inferSelect> = {};
  if (input.displayName !== undefined) set.displayName = input.displayName;
  if (input.email !== undefined) set.email = input.email;
  if (input.notify !== undefined) {
    const followed = input.notify.categories;
    if (Array.isArray(followed)) {
      const known = new Set(core.db.select({ slug: categories.slug }).from(categories).all().map((c) => c.slug));
      const checks = new FieldChecks();
      followed.forEach((slug, i) => checks.check(() => { if (!known.has(slug)) throw fieldError(`notify.categories.${i}`, `There is no category "${slug}".`); }));
      checks.throwIfAny();
    }
    set.notify = JSON.stringify(mergePrefs(readPrefs(current.role, current.notify), input.notify));
  }
  if (Object.keys(set).length > 0) core.db.update(users).set(set).where(eq(users.id, actor.id)).run();
  return getMe(core, actor.id);
}
