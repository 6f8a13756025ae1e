// What every service call receives: the database, a clock, and who is calling.
import type Database from 'better-sqlite3';
import type { Db } from '../db/open.ts';
import type { Role } from '../../src-shared/domain.ts';

export interface Clock {
  /** Milliseconds since the epoch (UTC). */
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/** The signed-in person behind a call. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  sessionId: number;
}

/** A registered kiosk behind a `kiosk.*` call. */
export interface KioskActor {
  id: number;
  name: string;
  location: string | null;
}

/** Long-running read-only work (analytics) runs elsewhere; this is how handlers reach it. */
export interface AnalyticsRunner {
  run(name: string, input: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export interface Core {
  sqlite: Database.Database;
  db: Db;
  clock: Clock;
  /** Path of the database file (workers open their own read-only connection to it). */
  dbPath: string;
  analytics: AnalyticsRunner | null;
}

export interface CallContext {
  core: Core;
  actor: Actor | null;
  kiosk: KioskActor | null;
  /** Who is on the other end, for throttling: an IP address, or "ipc:<window>". */
  client: string;
  /** The bearer token of this call, if any (auth.logout ends it). */
  token: string | null;
}

/** The actor of a call whose procedure requires sign-in (the registry guarantees it). */
export function actorOf(ctx: CallContext): Actor {
  if (!ctx.actor) throw new Error('actorOf: procedure called without a signed-in actor');
  return ctx.actor;
}
export const isStaff = (actor: Actor): boolean => actor.role === 'agent' || actor.role === 'admin';
