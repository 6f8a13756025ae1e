// People: helpdesk staff (agent, admin) and reporters. Admins manage them.
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import { toIso, type User } from '../../src-shared/schemas.ts';
import { conflict, fieldError, notFound } from './errors.ts';
import { endSessionsOfUser, insertUser, type NewUserFields } from './auth.ts';
import type { Core } from './context.ts';
import type { Role } from '../../src-shared/domain.ts';

type UserRow = typeof users.$inferSelect;

export const toUser = (u: UserRow): User => ({
  id: u.id, username: u.username, displayName: u.displayName, email: u.email,
  role: u.role, active: u.active, createdAt: toIso(u.createdAt),
});

export function getUser(core: Core, id: number): User {
  const row = core.db.select().from(users).where(eq(users.id, id)).get();
  if (!row) throw notFound(`There is no user with id ${id}.`);
  return toUser(row);
}

export function createUser(core: Core, fields: NewUserFields): User {
  return getUser(core, insertUser(core, fields));
}

export function listUsers(core: Core, filter: { role?: Role; q?: string }): User[] {
  const where: SQL[] = [];
  if (filter.role) where.push(eq(users.role, filter.role));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const cond = or(
      sql`${users.username} LIKE ${pattern} ESCAPE '\\'`,
      sql`${users.displayName} LIKE ${pattern} ESCAPE '\\'`,
      sql`coalesce(${users.email}, '') LIKE ${pattern} ESCAPE '\\'`,
    );
    if (cond) where.push(cond);
  }
  return core.db.select().from(users).where(and(...where)).orderBy(asc(users.displayName), asc(users.id)).limit(1000).all().map(toUser);
}

export interface UserChanges {
  displayName?: string;
  email?: string | null;
  role?: Role;
  active?: boolean;
  password?: string;
}

const activeAdmins = (core: Core): number =>
  core.db.select({ n: sql<number>`count(*)` }).from(users).where(and(eq(users.role, 'admin'), eq(users.active, true))).get()?.n ?? 0;

/**
 * Updates a user. Deactivating (or a new password) ends that user's sessions. The last active
 * admin stays an active admin. A new password arrives as `passwordHash` (hashPassword, computed
 * before the write transaction); `changes.password` only says that there is one.
 */
export function updateUser(core: Core, id: number, changes: UserChanges, passwordHash: string | null = null): User {
  const current = core.db.select().from(users).where(eq(users.id, id)).get();
  if (!current) throw notFound(`There is no user with id ${id}.`);
  const losesAdmin = current.role === 'admin' && current.active &&
    ((changes.role !== undefined && changes.role !== 'admin') || changes.active === false);
  if (losesAdmin && activeAdmins(core) <= 1) {
    throw conflict('This is the last active admin; make another admin first.', [{ path: changes.active === false ? 'active' : 'role', message: 'Last active admin' }]);
  }
  const set: Partial<UserRow> = {};
  if (changes.displayName !== undefined) set.displayName = changes.displayName;
  if (changes.email !== undefined) set.email = changes.email;
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.active !== undefined) set.active = changes.active;
  if (changes.password !== undefined) {
    if (passwordHash === null) throw new Error('updateUser: a new password needs its hash (hashPassword)');
    set.passwordHash = passwordHash;
  }
  if (Object.keys(set).length > 0) core.db.update(users).set(set).where(eq(users.id, id)).run();
  if (changes.active === false || changes.password !== undefined) endSessionsOfUser(core, id);
  return getUser(core, id);
}

/** A user referenced by an input field must exist and be active (else VALIDATION on that field). */
export function requireActiveUser(core: Core, id: number, path: string, roles?: readonly Role[]): UserRow {
  const row = core.db.select().from(users).where(eq(users.id, id)).get();
  if (!row || !row.active) throw fieldError(path, `There is no active user with id ${id}.`);
  if (roles && !roles.includes(row.role)) throw fieldError(path, `User ${row.username} is a ${row.role}; expected ${roles.join(' or ')}.`);
  return row;
}
