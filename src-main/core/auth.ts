// Authentication: password hashes (scrypt), session tokens (random, stored only as
// SHA-256 hashes, 12 h sliding expiry), failed-login throttling (rule in throttle.ts),
// first-run setup. Hashing is asynchronous (libuv's thread pool), never on the thread that
// answers requests.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, createHash, type ScryptOptions } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { and, eq, lt } from 'drizzle-orm';
import { users, sessions } from '../db/schema.ts';
import { conflict, unauthenticated } from './errors.ts';
import { check, loginKey, record, reset } from './throttle.ts';
import type { Actor, Core } from './context.ts';
import type { Role } from '../../src-shared/domain.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** A sliding session's expiry is pushed forward at most this often (saves a write per call). */
const SLIDE_GRANULARITY_MS = 60 * 1000;

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

/** crypto.scrypt as a promise (runs on libuv's thread pool). */
function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** The same hash, computed synchronously: for offline tools only (the demo generator), never on the request path. */
export function hashPasswordOffline(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A dummy hash to spend the same time on unknown usernames as on wrong passwords. */
let dummyHash: Promise<string> | null = null;
const burnTime = async (password: string): Promise<false> => {
  dummyHash ??= hashPassword('campusdesk-dummy-password');
  await verifyPassword(password, await dummyHash);
  return false;
};

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
export const newToken = (): string => randomBytes(32).toString('base64url');

interface SessionRow {
  sessionId: number;
  expiresAt: number;
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: number;
}

/** The token lookup runs on every call: one statement per connection, prepared once. */
const sessionLookups = new WeakMap<Core['sqlite'], Statement<[string], SessionRow>>();
function sessionLookup(core: Core): Statement<[string], SessionRow> {
  let stmt = sessionLookups.get(core.sqlite);
  if (!stmt) {
    stmt = core.sqlite.prepare<[string], SessionRow>(`SELECT s.id AS sessionId, s.expires_at AS expiresAt, u.id, u.username,
      u.display_name AS displayName, u.role, u.active FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`);
    sessionLookups.set(core.sqlite, stmt);
  }
  return stmt;
}

/** Resolves a bearer token to the signed-in actor, sliding its expiry; null when invalid or expired. */
export function authenticateToken(core: Core, token: string): Actor | null {
  const now = core.clock.now();
  const row = sessionLookup(core).get(hashToken(token));
  if (!row || !row.active || row.expiresAt <= now) return null;
  const slid = now + SESSION_TTL_MS;
  if (slid - row.expiresAt >= SLIDE_GRANULARITY_MS) {
    // A read-only core (a read worker) hands the write to the writer (core/context.ts).
    if (core.slideSession) core.slideSession(row.sessionId, slid);
    else slideSession(core, row.sessionId, slid);
  }
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, sessionId: row.sessionId };
}

/** Pushes a session's expiry forward (never backward: a late report from a worker changes nothing). */
export function slideSession(core: Core, sessionId: number, expiresAt: number): void {
  core.db.update(sessions).set({ expiresAt }).where(and(eq(sessions.id, sessionId), lt(sessions.expiresAt, expiresAt))).run();
}

export interface NewSession {
  token: string;
  userId: number;
  expiresAt: number;
}

export function createSession(core: Core, userId: number): NewSession {
  const now = core.clock.now();
  const token = newToken();
  const expiresAt = now + SESSION_TTL_MS;
  core.db.insert(sessions).values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt }).run();
  // Housekeeping: expired sessions are useless; drop them while we are here.
  core.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
  return { token, userId, expiresAt };
}

export function endSession(core: Core, token: string): void {
  core.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).run();
}

export function endSessionsOfUser(core: Core, userId: number): void {
  core.db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function needsSetup(core: Core): boolean {
  return core.db.select({ id: users.id }).from(users).limit(1).get() === undefined;
}

const WRONG_CREDENTIALS = 'Wrong username or password.';

/**
 * Sign-ins whose password is being checked right now, per throttle key: they count as
 * failures for the throttle until they finish, so that many attempts sent at once cannot
 * all pass the check while the hashes are computed.
 */
const attemptsInFlight = new WeakMap<Core['sqlite'], Map<string, number>>();

/**
 * Checks credentials. After THROTTLES.login.max failures for one username from one client
 * within its window, every attempt (even a right one) is RATE_LIMITED until the window passes.
 * Returns the user's id; throws UNAUTHENTICATED (same message for every cause) or RATE_LIMITED.
 */
export async function checkCredentials(core: Core, username: string, password: string, client: string): Promise<number> {
  const name = username.trim().toLowerCase();
  const key = loginKey(name, client);
  let inFlight = attemptsInFlight.get(core.sqlite);
  if (!inFlight) attemptsInFlight.set(core.sqlite, (inFlight = new Map<string, number>()));
  check(core, 'login', key, inFlight.get(key) ?? 0);
  const user = core.db.select({ id: users.id, hash: users.passwordHash, active: users.active }).from(users).where(eq(users.username, name)).get();
  inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
  let ok: boolean;
  try {
    ok = user ? await verifyPassword(password, user.hash) : await burnTime(password);
  } finally {
    const left = (inFlight.get(key) ?? 1) - 1;
    if (left > 0) inFlight.set(key, left);
    else inFlight.delete(key);
  }
  if (!user || !ok || !user.active) {
    record(core, 'login', key);
    throw unauthenticated(WRONG_CREDENTIALS);
  }
  reset(core, 'login', key);
  return user.id;
}

export interface NewUserFields {
  username: string;
  /** From hashPassword, computed before the write transaction (hashing is asynchronous). */
  passwordHash: string;
  displayName: string;
  email?: string | null;
  role: Role;
}

/** Inserts a user; CONFLICT when the username is taken. Returns the new id. */
export function insertUser(core: Core, fields: NewUserFields): number {
  const taken = core.db.select({ id: users.id }).from(users).where(eq(users.username, fields.username)).get();
  if (taken) throw conflict(`The username "${fields.username}" is already taken.`, [{ path: 'username', message: 'Already taken' }]);
  const row = core.db.insert(users).values({
    username: fields.username,
    displayName: fields.displayName,
    email: fields.email ?? null,
    role: fields.role,
    active: true,
    passwordHash: fields.passwordHash,
    createdAt: core.clock.now(),
  }).returning({ id: users.id }).get();
  return row.id;
}
