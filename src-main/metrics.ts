// Prometheus metrics of a running hub (prom-client, one registry per hub): requests by
// procedure and status, latency histograms, the process's own metrics (event-loop lag, memory,
// CPU), the worker threads' queue lengths and busy time, database and WAL size, the last
// successful backup (meta key `backup.lastSuccessAt`) and the outgoing-mail queue (outbox rows
// in state `pending`). Served at GET /metrics by transport/http.ts.
import { statSync } from 'node:fs';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Core, WorkerStatus } from './core/context.ts';

/** Worker pools by name; the analytics worker is there by default, others add themselves. */
const extraPools = new WeakMap<Core, Map<string, () => WorkerStatus>>();

/** Adds a pool of worker threads to the metrics (and nothing else): queue length, busy time, threads. */
export function addWorkerPool(core: Core, name: string, status: () => WorkerStatus): void {
  let pools = extraPools.get(core);
  if (!pools) extraPools.set(core, (pools = new Map<string, () => WorkerStatus>()));
  pools.set(name, status);
}

/** Every worker pool of this core with its current status. */
export function workerPools(core: Core): { pool: string; status: WorkerStatus }[] {
  const out: { pool: string; status: WorkerStatus }[] = [];
  const analytics = core.analytics?.status?.();
  if (analytics) out.push({ pool: 'analytics', status: analytics });
  for (const [pool, status] of extraPools.get(core) ?? []) out.push({ pool, status: status() });
  return out;
}

const fileSize = (path: string): number => {
  try { return statSync(path).size; } catch { return 0; }
};

export interface HubMetrics {
  registry: Registry;
  /** One finished request: its procedure label (bounded set), HTTP status and duration. */
  observe(procedure: string, status: number, seconds: number): void;
  /** The Prometheus text exposition. */
  text(): Promise<string>;
  contentType: string;
}

export function createMetrics(core: Core): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'campusdesk_http_requests_total', help: 'HTTP requests answered, by procedure (or route) and status.',
    labelNames: ['procedure', 'status'] as const, registers: [registry],
  });
  const latency = new Histogram({
    name: 'campusdesk_http_request_duration_seconds', help: 'Time from request to the last byte of the answer, by procedure (or route).',
    labelNames: ['procedure'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'campusdesk_worker_queue_length', help: 'Calls sent to a worker pool and not yet answered.', labelNames: ['pool'] as const, registers: [registry],
    collect() { this.reset(); for (const w of workerPools(core)) this.set({ pool: w.pool }, w.status.queued); },
  });
  new Gauge({
    name: 'campusdesk_worker_busy_seconds_total', help: 'Time a worker pool had at least one call in flight.', labelNames: ['pool'] as const, registers: [registry],
    collect() { this.reset(); for (const w of workerPools(core)) this.set({ pool: w.pool }, w.status.busyMs / 1000); },
  });
  new Gauge({
    name: 'campusdesk_worker_threads', help: 'Threads running in a worker pool.', labelNames: ['pool'] as const, registers: [registry],
    collect() { this.reset(); for (const w of workerPools(core)) this.set({ pool: w.pool }, w.status.threads); },
  });
  new Gauge({
    name: 'campusdesk_database_bytes', help: 'Size of the SQLite database file.', registers: [registry],
    collect() { this.set(core.dbPath === ':memory:' ? 0 : fileSize(core.dbPath)); },
  });
  new Gauge({
    name: 'campusdesk_database_wal_bytes', help: 'Size of the write-ahead log next to the database.', registers: [registry],
    collect() { this.set(core.dbPath === ':memory:' ? 0 : fileSize(`${core.dbPath}-wal`)); },
  });
  const lastBackup = core.sqlite.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'backup.lastSuccessAt'");
  new Gauge({
    name: 'campusdesk_backup_last_success_timestamp_seconds', help: 'When the last backup succeeded (Unix time); absent before the first.', registers: [registry],
    collect() {
      this.reset();
      const at = Date.parse(lastBackup.get()?.value ?? '');
      if (Number.isFinite(at)) this.set(at / 1000);
    },
  });
  const pendingMail = core.sqlite.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending'");
  new Gauge({
    name: 'campusdesk_outbox_pending', help: 'Outgoing emails waiting to be sent.', registers: [registry],
    collect() { this.set(pendingMail.get()?.n ?? 0); },
  });
  return {
    registry,
    observe(procedure, status, seconds) {
      requests.inc({ procedure, status: String(status) });
      latency.observe({ procedure }, seconds);
    },
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
