// AnalyticsRunner implementations (core/context.ts): the worker thread the app starts by
// default, and an in-process fallback on the main connection (in-memory databases, or an app
// started with `analytics: false`).
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { AnalyticsRunner, Core } from '../core/context.ts';
import { AnalyticsEngine } from './engine.ts';
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
    worker.on('message', (msg: WorkerResponse) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in msg) p.reject(new Error(`analytics worker: ${msg.error}`));
      else p.resolve(msg.result);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
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
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, name, params: input } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}

export function startAnalyticsWorker(dbPath: string, options: WorkerRunnerOptions = {}): AnalyticsRunner {
  return new WorkerAnalyticsRunner(dbPath, options);
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
