// AnalyticsRunner implementations (core/context.ts): the worker threads the app starts by
// default (two queues: the queue's search counts and the summary-table analytics on one
// worker, the dashboards' long reports on another, so neither waits behind the other), and an
// in-process fallback on the main connection (in-memory databases, or `analytics: false`).
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { AnalyticsRunner, Core, WorkerStatus } from '../core/context.ts';
import { AnalyticsEngine } from './engine.ts';
import { terminateWhenLoaded, whenLoaded } from '../db/worker-stop.ts';
import type { WorkerData, WorkerRequest, WorkerResponse } from './protocol.ts';

export interface WorkerRunnerOptions {
  /**
   * The worker's entry file. Default: worker.ts next to this module (Node runs TypeScript
   * natively), or analytics-worker.cjs next to the bundle (scripts/build-electron.ts).
   */
  workerFile?: string | URL;
}

/** worker.ts next to this module; in the Electron bundle (dist-electron/*.cjs) its bundled twin. */
export const defaultWorkerFile = (): URL =>
  new URL(import.meta.url.endsWith('.cjs') ? './analytics-worker.cjs' : './worker.ts', import.meta.url);

interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void }

/** Runs analytics in a worker thread with its own read-only connection; restarts it after a crash. */
export class WorkerAnalyticsRunner implements AnalyticsRunner {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** The current thread has started (its 'online' event). */
  private online = false;
  private started: Promise<void> = Promise.resolve();
  /** Settles once the current thread has loaded its modules (its first message, id 0) or stopped. */
  private loaded: Promise<void> = Promise.resolve();
  private busySince: number | null = null;
  private busyTotal = 0;
  private readonly dbPath: string;
  private readonly workerFile: string | URL;

  constructor(dbPath: string, options: WorkerRunnerOptions = {}) {
    this.dbPath = dbPath;
    this.workerFile = options.workerFile ?? defaultWorkerFile();
    this.start();
  }

  private start(): Worker {
    const worker = new Worker(this.workerFile, { workerData: { dbPath: this.dbPath } satisfies WorkerData });
    worker.unref(); // keeps the process alive only while a request is pending (see run)
    this.online = false;
    this.started = new Promise<void>((resolve) => {
      worker.once('online', () => { if (this.worker === worker) this.online = true; resolve(); });
      worker.once('error', () => resolve());
      worker.once('exit', () => resolve());
    });
    this.loaded = whenLoaded(worker);
    worker.on('message', (msg: WorkerResponse) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (this.pending.size === 0) { worker.unref(); this.idle(); }
      if ('error' in msg) p.reject(new Error(`analytics worker: ${msg.error}`));
      else p.resolve(msg.result);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) { this.worker = null; this.online = false; }
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.idle();
    };
    worker.on('error', (err: Error) => fail(new Error(`analytics worker crashed: ${err.message}`)));
    worker.on('exit', (code) => fail(new Error(`analytics worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  run(name: string, input: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('analytics runner is closed'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) { worker.ref(); this.busySince = performance.now(); }
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, name, params: input } satisfies WorkerRequest);
    });
  }

  private idle(): void {
    if (this.busySince !== null) this.busyTotal += performance.now() - this.busySince;
    this.busySince = null;
  }

  whenReady(): Promise<void> {
    return this.started;
  }

  status(): WorkerStatus {
    const running = this.busySince === null ? 0 : performance.now() - this.busySince;
    // A thread that exited is restarted by the next call: not ready until then.
    return { ready: !this.closed && this.worker !== null && this.online, queued: this.pending.size, busyMs: this.busyTotal + running, threads: this.worker ? 1 : 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.online = false;
    const worker = this.worker;
    this.worker = null;
    if (worker) await terminateWhenLoaded(worker, this.loaded);
  }
}

/**
 * What runs on the quick queue: the queue's search counts. Every other analytic scans a
 * period of tickets and runs on the reports queue, so a search never waits behind a long
 * report. (Active per category and workload read only the summary tables: they run on the
 * caller's own connection, see summaryAnalytics.)
 */
export const QUICK_QUEUE: ReadonlySet<string> = new Set(['searchCounts']);

const summaryEngines = new WeakMap<Database.Database, AnalyticsEngine>();
/**
 * The analytics read from the summary tables alone (a few rows, no copy of the tickets):
 * answered on the calling connection (a read worker's, in the call's read transaction), so
 * a dashboard's snapshot charts wait neither for an analytics thread nor behind a search.
 */
export function summaryAnalytics(sqlite: Database.Database): Pick<AnalyticsEngine, 'activeByCategory' | 'workload'> {
  let e = summaryEngines.get(sqlite);
  if (!e) summaryEngines.set(sqlite, (e = new AnalyticsEngine(sqlite)));
  return e;
}

/** Two runners as one: quick work (QUICK_QUEUE) on one, long reports on the other. */
export class SplitAnalyticsRunner implements AnalyticsRunner {
  readonly reports: AnalyticsRunner;
  readonly quick: AnalyticsRunner;
  constructor(reports: AnalyticsRunner, quick: AnalyticsRunner) {
    this.reports = reports;
    this.quick = quick;
  }
  run(name: string, input: unknown): Promise<unknown> {
    return (QUICK_QUEUE.has(name) ? this.quick : this.reports).run(name, input);
  }
  async close(): Promise<void> {
    await Promise.all([this.reports.close(), this.quick.close()]);
  }
  /** Both queues as one status: ready when both threads are, queues and busy time added. */
  status(): WorkerStatus {
    const none: WorkerStatus = { ready: true, queued: 0, busyMs: 0, threads: 0 };
    const a = this.reports.status?.() ?? none;
    const b = this.quick.status?.() ?? none;
    return { ready: a.ready && b.ready, queued: a.queued + b.queued, busyMs: a.busyMs + b.busyMs, threads: a.threads + b.threads };
  }
  async whenReady(): Promise<void> {
    await Promise.all([this.reports.whenReady?.(), this.quick.whenReady?.()]);
  }
}

export function startAnalyticsWorker(dbPath: string, options: WorkerRunnerOptions = {}): AnalyticsRunner {
  return new SplitAnalyticsRunner(new WorkerAnalyticsRunner(dbPath, options), new WorkerAnalyticsRunner(dbPath, options));
}

/** Runs analytics on the given connection, in this thread. */
export class InlineAnalyticsRunner implements AnalyticsRunner {
  private readonly engine: AnalyticsEngine;
  constructor(sqlite: Database.Database) { this.engine = new AnalyticsEngine(sqlite); }
  run(name: string, input: unknown): Promise<unknown> { return Promise.resolve(this.engine.run(name, input)); }
  async close(): Promise<void> { /* the connection belongs to the caller */ }
}

const inline = new WeakMap<Core, AnalyticsRunner>();

/** The app's analytics worker, or (no worker: in-memory database, tests) the same engine in-process. */
export function analyticsRunner(core: Core): AnalyticsRunner {
  if (core.analytics) return core.analytics;
  let r = inline.get(core);
  if (!r) inline.set(core, (r = new InlineAnalyticsRunner(core.sqlite)));
  return r;
}
