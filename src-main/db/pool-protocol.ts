// Messages between the read pool (pool.ts, on the writer's thread) and its read workers
// (pool-worker.ts). A call carries the caller's clock reading, so a worker's time is the
// writer's time (tests move a clock on the main thread).
import type { CallMeta } from '../api/registry.ts';
import type { ErrorCode, ErrorDetail } from '../../src-shared/errors.ts';

export interface PoolWorkerData {
  dbPath: string;
  validateOutput: boolean;
  /** One Int32 per worker slot: calls answered so far (Atomics; wakes Atomics.wait). */
  answered: SharedArrayBuffer;
  slot: number;
}

export type ToWorker =
  | { type: 'call'; id: number; name: string; input: unknown; meta: CallMeta; now: number }
  | { type: 'analytics-answer'; id: number; result: unknown }
  | { type: 'analytics-answer'; id: number; error: string };

export interface WireError { code: ErrorCode; message: string; details: ErrorDetail[] }

export type FromWorker =
  | { type: 'ready' }
  | { type: 'answer'; id: number; result: unknown }
  | { type: 'answer'; id: number; error: WireError }
  /** Authentication in a worker wants a session's expiry pushed forward: the writer does it. */
  | { type: 'slide'; sessionId: number; expiresAt: number }
  /** A read in a worker needs the analytics worker (tickets.counts with a search). */
  | { type: 'analytics'; id: number; name: string; params: unknown };

/** Not procedures (the registry never sends them): a worker ends itself / spins for `input.ms` (tests). */
export const POOL_CRASH_OP = '__crash';
export const POOL_BUSY_OP = '__busy';
