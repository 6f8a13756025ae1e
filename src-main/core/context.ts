// What every service call receives: the database, a clock, and who is calling.
import type Database from 'better-sqlite3';
import type { Db } from '../db/open.ts';
import type { Role } from '../../src-shared/domain.ts';
import type { Logger } from 'pino';

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
  /** For /ready and /metrics: whether its thread is up, calls waiting or running, busy time. */
  status?(): WorkerStatus;
  /** Resolves once the thread has started (or failed to); the hub waits for it before serving. */
  whenReady?(): Promise<void>;
}

export interface WorkerStatus {
  ready: boolean;
  /** Calls sent and not yet answered. */
  queued: number;
  /** Total time with at least one call in flight, in milliseconds. */
  busyMs: number;
  threads: number;
}

/** What listeners of `Core.afterCommit` hear: a write procedure's transaction committed. */
export interface CommitEvent {
  procedure: string;
  /** Who called (null for kiosks and anonymous procedures such as auth.setup). */
  actor: Actor | null;
  kiosk: KioskActor | null;
  /** The procedure's answer (already checked against its output schema when that is on). */
  result: unknown;
}

/**
 * "After a write procedure committed" (e.g. to publish live events): listeners run on the
 * writer's thread right after the commit, in registration order, before the caller gets its
 * answer; a listener that throws is logged and does not change the answer. `add` returns the
 * function that removes the listener.
 */
export class CommitListeners {
  private readonly listeners = new Set<(event: CommitEvent) => void>();
  /** Where a listener's failure is reported (the app sets the core's logger). */
  onError: (err: unknown, procedure: string) => void = () => {};
  add(listener: (event: CommitEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }
  emit(event: CommitEvent): void {
    for (const l of this.listeners) {
      try { l(event); } catch (err) { this.onError(err, event.procedure); }
    }
  }
  get size(): number { return this.listeners.size; }
}

export interface Core {
  /** The writer connection on the main thread; a read-only connection in a read worker. */
  sqlite: Database.Database;
  db: Db;
  clock: Clock;
  /** Path of the database file (workers open their own read-only connection to it). */
  dbPath: string;
  analytics: AnalyticsRunner | null;
  /** Hooks run after every committed write procedure (see CommitListeners). */
  afterCommit: CommitListeners;
  /**
   * Set on read-only cores (read workers): authentication hands the session's sliding-expiry
   * write to the writer through this instead of writing itself.
   */
  slideSession?: (sessionId: number, expiresAt: number) => void;
  /** The one logger (pino); pass it down, never use the console. */
  log: Logger;
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
