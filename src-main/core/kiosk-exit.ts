// Leaving kiosk mode on the desktop app: allowed with an admin's password — with that admin's
// username (checked like a sign-in, so the login throttle of that username applies too), or
// without one, any active admin's password. While no user exists at all there is nothing to
// protect and leaving is allowed. Wrong passwords count towards THROTTLES.kioskExit
// (throttle.ts) for the desktop app; a right one clears its count.
import { and, eq } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import { AppError, unauthenticated } from './errors.ts';
import { checkCredentials, needsSetup, verifyPassword } from './auth.ts';
import { check, record, reset } from './throttle.ts';
import type { Core } from './context.ts';

/** Throws UNAUTHENTICATED (not an admin password) or RATE_LIMITED; returns when leaving is allowed. */
export async function checkKioskExit(core: Core, client: string, password: string, username?: string): Promise<void> {
  check(core, 'kioskExit', client);
  if (needsSetup(core)) return;
  let ok: boolean;
  if (username !== undefined) {
    try {
      const id = await checkCredentials(core, username, password, `${client}:kiosk-exit`);
      const row = core.db.select({ role: users.role }).from(users).where(eq(users.id, id)).get();
      ok = row?.role === 'admin';
    } catch (err) {
      if (err instanceof AppError && err.code === 'RATE_LIMITED') throw err;
      ok = false;
    }
  } else {
    const admins = core.db.select({ hash: users.passwordHash }).from(users)
      .where(and(eq(users.role, 'admin'), eq(users.active, true))).all();
    ok = false;
    for (const a of admins) if (!ok && await verifyPassword(password, a.hash)) ok = true;
  }
  if (!ok) {
    record(core, 'kioskExit', client);
    throw unauthenticated('That is not an admin password.');
  }
  reset(core, 'kioskExit', client);
}
