// The read pool: worker threads (pool-worker.ts), each with its own read-only connection to
// the database file (WAL lets readers run beside the one writer), answering the read
// procedures of the Registry in parallel, while writes stay on the writer's thread, one
// transaction at a time. A call goes to the worker with the fewest calls in flight. A
// worker that dies fails only its own calls (INTERNAL) and is replaced; with no worker
// left that can start, calls run on the writer's thread instead. Sessions' sliding expiry
// and search counts come back from the workers as messages and are handled here.
import { Worker } from 'node:worker_threads';
import { terminateWhenLoaded, whenLoaded } from './worker-stop.ts';
import { availableParallelism } from 'node:os';
import type { CallMeta, ReadRunner } from '../api/registry.ts';
import { AppError } from '../core/errors.ts';
import type { Core } from '../core/context.ts';
import { slideSession } from '../core/auth.ts';
import { analyticsRunner } from '../analytics/runner.ts';
import type { FromWorker, PoolWorkerData, ToWorker } from './pool-protocol.ts';

export interface ReadPoolOptions {
  /** Number of read workers (default: the machine's parallelism, at least 2, at most 4). */
  size?: number;
  /** Check outputs against their schemas in the workers (Registry.validateOutput). */
  validateOutput?: boolean;
  /** The worker's entry file (default pool-worker.ts here, or read-worker.cjs next to the bundle). */
  workerFile?: string | URL;
  /** Runs a call on the writer's thread when no worker can start. */
  fallback: (name: string, input: unknown, meta: CallMeta) => Promise<unknown>;
}

export const defaultReadWorkers = (): number => Math.max(2, Math.min(4, availableParallelism()));

export const defaultPoolWorkerFile = (): URL =>
  new URL(import.meta.url.endsWith('.cjs') ? './read-worker.cjs' : './pool-worker.ts', import.meta.url);

interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void }

interface Slot {
  index: number;
  worker: Worker | null;
  pending: Map<number, Pending>;
  ready: boolean;
  /** Settles when the current worker has loaded (its first message is 'ready'), or stopped. */
  started: Promise<void>;
  /** Consecutive deaths before the worker said it was ready. */
  failedStarts: number;
}


/** After this many deaths in a row before becoming ready, a slot stops restarting. */
const MAX_FAILED_STARTS = 3;

export class ReadPool implements ReadRunner {
  /** Calls answered per worker slot (Int32, Atomics): lets tests see work done in the workers. */
  readonly answered: Int32Array;
  private readonly slots: Slot[];
  private readonly core: Core;
  private readonly options: ReadPoolOptions;
  private readonly workerFile: string | URL;
  private readonly sab: SharedArrayBuffer;
  private nextId = 1;
  private closed = false;
  private readonly slides = new Map<number, number>();
  private slideFlush: NodeJS.Immediate | null = null;
  /** Workers that have been replaced after dying (for tests and metrics). */
  replaced = 0;

  constructor(core: Core, options: ReadPoolOptions) {
    this.core = core;
    this.options = options;
    this.workerFile = options.workerFile ?? defaultPoolWorkerFile();
    const size = Math.max(1, options.size ?? defaultReadWorkers());
    this.sab = new SharedArrayBuffer(4 * size);
    this.answered = new Int32Array(this.sab);
    this.slots = Array.from({ length: size }, (_, index) => ({ index, worker: null, pending: new Map(), ready: false, started: Promise.resolve(), failedStarts: 0 }));
    for (const slot of this.slots) this.start(slot);
  }

  get size(): number { return this.slots.length; }

  /** For /metrics and readiness: calls in flight and live threads (busy time is not tracked here). */
  status(): { ready: boolean; queued: number; busyMs: number; threads: number } {
    let queued = 0;
    let threads = 0;
    for (const slot of this.slots) { queued += slot.pending.size; if (slot.worker) threads++; }
    return { ready: true, queued, busyMs: 0, threads };
  }

  private start(slot: Slot): void {
    const worker = new Worker(this.workerFile, {
      workerData: { dbPath: this.core.dbPath, validateOutput: this.options.validateOutput ?? true, answered: this.sab, slot: slot.index } satisfies PoolWorkerData,
    });
    worker.unref(); // keeps the process alive only while calls are in flight
    slot.worker = worker;
    slot.ready = false;
    slot.started = whenLoaded(worker);
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, worker, msg));
    let gone = false;
    const died = (why: string) => {
      if (gone) return;
      gone = true;
      if (slot.worker !== worker) return;
      slot.worker = null;
      if (!slot.ready) slot.failedStarts++;
      const failure = new AppError('INTERNAL', 'A read worker stopped while answering; try again.');
      for (const p of slot.pending.values()) p.reject(failure);
      slot.pending.clear();
      if (!this.closed) {
        this.core.log.error({ worker: slot.index }, `read worker ${why}${slot.failedStarts >= MAX_FAILED_STARTS ? '; not restarting it' : '; starting a new one'}`);
        if (slot.failedStarts < MAX_FAILED_STARTS) {
          this.replaced++;
          this.start(slot);
        }
      }
    };
    worker.on('error', (err: unknown) => died(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    worker.on('exit', (code) => died(`exited (code ${code})`));
  }

  private onMessage(slot: Slot, worker: Worker, msg: FromWorker): void {
    switch (msg.type) {
      case 'ready':
        slot.ready = true;
        slot.failedStarts = 0;
        return;
      case 'answer': {
        const p = slot.pending.get(msg.id);
        if (!p) return;
        slot.pending.delete(msg.id);
        if (slot.pending.size === 0) worker.unref();
        if ('error' in msg) p.reject(new AppError(msg.error.code, msg.error.message, msg.error.details));
        else p.resolve(msg.result);
        return;
      }
      case 'slide':
        this.slide(msg.sessionId, msg.expiresAt);
        return;
      case 'analytics':
        analyticsRunner(this.core).run(msg.name, msg.params).then(
          (result) => worker.postMessage({ type: 'analytics-answer', id: msg.id, result } satisfies ToWorker),
          (err: unknown) => worker.postMessage({ type: 'analytics-answer', id: msg.id, error: err instanceof Error ? err.message : String(err) } satisfies ToWorker),
        );
        return;
    }
  }

  /** Session expiry pushes from the workers, written together once this turn of the event loop ends. */
  private slide(sessionId: number, expiresAt: number): void {
    this.slides.set(sessionId, Math.max(expiresAt, this.slides.get(sessionId) ?? 0));
    this.slideFlush ??= setImmediate(() => {
      this.slideFlush = null;
      const batch = [...this.slides];
      this.slides.clear();
      if (this.closed || !this.core.sqlite.open) return;
      try {
        this.core.sqlite.transaction(() => { for (const [id, at] of batch) slideSession(this.core, id, at); }).immediate();
      } catch (err) {
        this.core.log.error({ err }, 'could not extend sessions (they stay valid until their old expiry)');
      }
    });
  }

  private pick(): Slot | null {
    let best: Slot | null = null;
    for (const s of this.slots) {
      if (!s.worker) continue;
      if (!best || s.pending.size < best.pending.size || (s.ready && !best.ready && s.pending.size === best.pending.size)) best = s;
    }
    return best;
  }

  call(name: string, input: unknown, meta: CallMeta, now: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new AppError('INTERNAL', 'The server is shutting down.'));
    const slot = this.pick();
    const worker = slot?.worker;
    if (!slot || !worker) return this.options.fallback(name, input, meta);
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => {
      if (slot.pending.size === 0) worker.ref();
      slot.pending.set(id, { resolve, reject });
    });
    try {
      worker.postMessage({ type: 'call', id, name, input, meta, now } satisfies ToWorker);
    } catch {
      // An input the structured clone cannot copy (nested thousands deep) never reached the
      // worker: this thread answers it, with the same registry, which refuses it as it should.
      slot.pending.delete(id);
      if (slot.pending.size === 0) worker.unref();
      void answer.catch(() => {});
      return this.options.fallback(name, input, meta);
    }
    return answer;
  }

  /** Calls in flight per worker (metrics). */
  inFlight(): number[] { return this.slots.map((s) => s.pending.size); }

  async close(): Promise<void> {
    this.closed = true;
    if (this.slideFlush) { clearImmediate(this.slideFlush); this.slideFlush = null; }
    // Pending expiry pushes are written now, while the writer is still open.
    const batch = [...this.slides];
    this.slides.clear();
    if (batch.length && this.core.sqlite.open) {
      try { this.core.sqlite.transaction(() => { for (const [id, at] of batch) slideSession(this.core, id, at); }).immediate(); } catch { /* closing anyway */ }
    }
    await Promise.all(this.slots.map(async (s) => {
      const w = s.worker;
      s.worker = null;
      for (const p of s.pending.values()) p.reject(new AppError('INTERNAL', 'The server is shutting down.'));
      s.pending.clear();
      if (w) await terminateWhenLoaded(w, s.ready ? Promise.resolve() : s.started);
    }));
  }
}
