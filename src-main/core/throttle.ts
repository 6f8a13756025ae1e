// Every throttle of CampusDesk in one table and one shape: `check(core, kind, key)` throws
// RATE_LIMITED once `max` events for that key lie within the sliding window, `record` counts
// one event now, `reset` forgets a key's events (a success ends a run of failures).
//
// Where the events live is part of each kind's rule:
// - `database`: rows of the login_failures table (key, kind, at), so sign-in throttling
//   survives restarts and holds across every process sharing the database;
// - `memory`: per running core, bounded (the stalest keys are forgotten beyond
//   MAX_TRACKED_KEYS); resets on restart — used where the calling procedure only reads
//   (kiosk.lookup) or the state belongs to one desktop app (kiosk exit);
// - `tickets`: counted from the tickets themselves (index tickets(kiosk_id, opened_at)), so
//   an accepted submission is its own record and rejected input never counts; the check runs
//   inside the submit transaction, so concurrent submissions cannot overshoot.
import { and, desc, eq, gt, lt } from 'drizzle-orm';
import { loginFailures, tickets } from '../db/schema.ts';
import { AppError } from './errors.ts';
import type { Core } from './context.ts';

const MINUTE = 60_000;

export type ThrottleKind = 'login' | 'kioskExit' | 'kioskLookup' | 'kioskSubmit';

export interface ThrottleRule {
  /** Events allowed per key within the window; the next check after that many fails. */
  max: number;
  windowMs: number;
  store: 'database' | 'memory' | 'tickets';
  /** What one event is, and what the key is. */
  counts: string;
  /** The error's message, given the wait until the oldest counted event leaves the window. */
  message: (wait: string) => string;
}

export const THROTTLES: Readonly<Record<ThrottleKind, ThrottleRule>> = {
  login: {
    max: 10, windowMs: 15 * MINUTE, store: 'database',
    counts: 'a failed sign-in; key: username and client (IP address, or the desktop window over IPC)',
    message: () => 'Too many failed sign-ins for this account from here; wait 15 minutes and try again.',
  },
  kioskExit: {
    max: 10, windowMs: 15 * MINUTE, store: 'memory',
    counts: 'a wrong admin password when leaving kiosk mode; key: the desktop app (all its kiosk windows together)',
    message: () => 'Too many wrong admin passwords; wait 15 minutes and try again.',
  },
  kioskLookup: {
    max: 20, windowMs: 10 * MINUTE, store: 'memory',
    counts: 'a kiosk.lookup that found no ticket; key: the client (IP address)',
    message: (wait) => `Too many tickets were not found from here. Please wait ${wait} and try again.`,
  },
  kioskSubmit: {
    max: 10, windowMs: 10 * MINUTE, store: 'tickets',
    counts: 'an accepted kiosk submission (the ticket itself); key: the kiosk id',
    message: (wait) => `This kiosk has taken many reports in the last few minutes. Please try again in ${wait}, or visit the helpdesk in person.`,
  },
};

/** Bound on remembered keys per kind in memory; beyond it the stalest are forgotten. */
export const MAX_TRACKED_KEYS = 10_000;

/** The login throttle's key for a username (as typed: trimmed, lower-cased) and a client. */
export const loginKey = (username: string, client: string): string => `${client}\u0000${username.trim().toLowerCase()}`;

// ---------- stores: the recent event times of a key, oldest first, at most `max` ----------

interface Store {
  recent(core: Core, kind: ThrottleKind, key: string, since: number, max: number): number[];
  add(core: Core, kind: ThrottleKind, key: string, at: number): void;
  clear(core: Core, kind: ThrottleKind, key: string): void;
}

const databaseStore: Store = {
  recent(core, kind, key, since, max) {
    return core.db.select({ at: loginFailures.at }).from(loginFailures)
      .where(and(eq(loginFailures.username, key), eq(loginFailures.client, kind), gt(loginFailures.at, since)))
      .orderBy(desc(loginFailures.at)).limit(max).all().map((r) => r.at).reverse();
  },
  add(core, kind, key, at) {
    core.db.insert(loginFailures).values({ username: key, client: kind, at }).run();
    // Housekeeping: events older than the window never count again.
    core.db.delete(loginFailures).where(and(eq(loginFailures.client, kind), lt(loginFailures.at, at - THROTTLES[kind].windowMs))).run();
  },
  clear(core, kind, key) {
    core.db.delete(loginFailures).where(and(eq(loginFailures.username, key), eq(loginFailures.client, kind))).run();
  },
};

const memory = new WeakMap<Core, Map<ThrottleKind, Map<string, number[]>>>();
function keysOf(core: Core, kind: ThrottleKind): Map<string, number[]> {
  let kinds = memory.get(core);
  if (!kinds) memory.set(core, (kinds = new Map<ThrottleKind, Map<string, number[]>>()));
  let keys = kinds.get(kind);
  if (!keys) kinds.set(kind, (keys = new Map<string, number[]>()));
  return keys;
}

const memoryStore: Store = {
  recent(core, kind, key, since, max) {
    const keys = keysOf(core, kind);
    const times = (keys.get(key) ?? []).filter((t) => t > since).slice(-max);
    if (times.length === 0) keys.delete(key);
    else keys.set(key, times);
    return times;
  },
  add(core, kind, key, at) {
    const keys = keysOf(core, kind);
    const times = keys.get(key) ?? [];
    keys.delete(key); // re-insert: Map order is then "least recently counted first"
    keys.set(key, [...times.slice(-(THROTTLES[kind].max - 1)), at]);
    while (keys.size > MAX_TRACKED_KEYS) {
      const stalest = keys.keys().next().value;
      if (stalest === undefined) break;
      keys.delete(stalest);
    }
  },
  clear(core, kind, key) {
    keysOf(core, kind).delete(key);
  },
};

const ticketsStore: Store = {
  recent(core, _kind, key, since, max) {
    return core.db.select({ openedAt: tickets.openedAt }).from(tickets)
      .where(and(eq(tickets.kioskId, Number(key)), gt(tickets.openedAt, since)))
      .orderBy(desc(tickets.openedAt)).limit(max).all().map((r) => r.openedAt).reverse();
  },
  // The accepted submission is the ticket itself: nothing else to write or forget.
  add() {},
  clear() {},
};

const STORES: Record<ThrottleRule['store'], Store> = { database: databaseStore, memory: memoryStore, tickets: ticketsStore };

// ---------- the one shape ----------

const minutes = (ms: number): string => {
  const m = Math.max(1, Math.ceil(ms / MINUTE));
  return m === 1 ? '1 minute' : `${m} minutes`;
};

/**
 * Throws RATE_LIMITED (with `retryAfterSeconds`) while `max` events of this key lie within the
 * window; `pending` events not yet recorded (sign-ins being checked) count too.
 */
export function check(core: Core, kind: ThrottleKind, key: string, pending = 0): void {
  const rule = THROTTLES[kind];
  const now = core.clock.now();
  const times = STORES[rule.store].recent(core, kind, key, now - rule.windowMs, rule.max);
  if (times.length + pending < rule.max) return;
  // The oldest of the last `max` leaves the window first.
  const wait = (times[0] ?? now) + rule.windowMs - now;
  throw new AppError('RATE_LIMITED', rule.message(minutes(wait)),
    [{ path: '', message: `Limit of ${rule.max} per ${minutes(rule.windowMs)} reached`, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) }]);
}

/** Counts one event of this key now. */
export function record(core: Core, kind: ThrottleKind, key: string): void {
  STORES[THROTTLES[kind].store].add(core, kind, key, core.clock.now());
}

/** Forgets this key's events (e.g. a successful sign-in ends a run of failures). */
export function reset(core: Core, kind: ThrottleKind, key: string): void {
  STORES[THROTTLES[kind].store].clear(core, kind, key);
}
