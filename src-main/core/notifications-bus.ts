// The live-event bus of one running core: what happened (tickets created or changed, new
// messages, new notifications), published only after the transaction that caused it has
// committed, to the subscribers (the SSE stream, the desktop's IPC events and alerts, the
// mail sender's wake-up). Each event carries its audience, so every subscriber filters with
// the same rule (`mayHear`): staff hear of every ticket, a reporter only of its own tickets
// and never of internal notes; a notification reaches only its recipient.
//
// After-commit: core code calls `afterCommit(core, fn)` while writing; the registry runs the
// queue when a write procedure's transaction commits and drops it when it rolls back
// (`runAfterCommit` / `dropAfterCommit`). Work outside the registry (mail received) does the
// same around its own transaction.
import type { Core } from './context.ts';
import type { Role } from '../../src-shared/domain.ts';

export type LiveEventType = 'ticket.created' | 'ticket.changed' | 'message.created' | 'notification.created' | 'notifications.read';

export type Audience =
  /** About a ticket: staff always; its reporter unless `staffOnly` (internal notes). */
  | { kind: 'ticket'; reporterId: number | null; staffOnly: boolean }
  /** For one user only. */
  | { kind: 'user'; userId: number };

export interface LiveEvent {
  type: LiveEventType;
  /** What the stream sends (JSON): never more than the audience may see. */
  data: Record<string, unknown>;
  audience: Audience;
}

export interface Listener {
  userId: number;
  role: Role;
}

export function mayHear(listener: Listener, event: LiveEvent): boolean {
  const a = event.audience;
  if (a.kind === 'user') return a.userId === listener.userId;
  if (listener.role === 'agent' || listener.role === 'admin') return true;
  return !a.staffOnly && a.reporterId !== null && a.reporterId === listener.userId;
}

type Subscriber = (event: LiveEvent) => void;

interface CoreState {
  subscribers: Set<Subscriber>;
  pending: (() => void)[];
}
const states = new WeakMap<Core['sqlite'], CoreState>();
function stateOf(core: Core): CoreState {
  let s = states.get(core.sqlite);
  if (!s) states.set(core.sqlite, (s = { subscribers: new Set(), pending: [] }));
  return s;
}

/** Listens to every live event of this core; returns the unsubscribe function. */
export function subscribe(core: Core, fn: Subscriber): () => void {
  const s = stateOf(core);
  s.subscribers.add(fn);
  return () => { s.subscribers.delete(fn); };
}

/** Publishes at once (only for work that has already committed). */
export function publishNow(core: Core, event: LiveEvent): void {
  for (const fn of [...stateOf(core).subscribers]) {
    try { fn(event); } catch (err) { core.log.error({ err }, 'a live event subscriber failed'); }
  }
}

/** Runs `fn` once the current write transaction commits (dropped if it rolls back). */
export function afterCommit(core: Core, fn: () => void): void {
  stateOf(core).pending.push(fn);
}

/** Publishes `event` once the current write transaction commits. */
export function publishAfterCommit(core: Core, event: LiveEvent): void {
  afterCommit(core, () => publishNow(core, event));
}

export function runAfterCommit(core: Core): void {
  const s = stateOf(core);
  if (s.pending.length === 0) return;
  const queue = s.pending;
  s.pending = [];
  for (const fn of queue) {
    try { fn(); } catch (err) { core.log.error({ err }, 'after-commit work failed'); }
  }
}

export function dropAfterCommit(core: Core): void {
  stateOf(core).pending = [];
}

/** Runs `fn` in an immediate transaction, then the after-commit work (or drops it on failure). */
export function inTransaction<T>(core: Core, fn: () => T): T {
  let result: T;
  try {
    result = core.sqlite.transaction(fn).immediate();
  } catch (err) {
    dropAfterCommit(core);
    throw err;
  }
  runAfterCommit(core);
  return result;
}
