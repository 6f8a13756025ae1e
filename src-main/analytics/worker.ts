// The analytics worker thread: its own read-only connection to the database file and the
// analytics engine. Requests are { id, name, params }; answers { id, result } or
// { id, error }. Heavy reports run here, so the main thread keeps handling tickets.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open.ts';
import { AnalyticsEngine } from './engine.ts';
import { BUSY_OP, type WorkerData, type WorkerRequest, type WorkerResponse } from './protocol.ts';


const port = parentPort;
if (!port) throw new Error('analytics worker: must run as a worker thread');
const { dbPath } = workerData as WorkerData;
// The main thread already warned about network filesystems; migrations are its job too.
const database = openDatabase(dbPath, { readonly: true, warn: () => {} });
const engine = new AnalyticsEngine(database.sqlite);
// Loaded (the native module included): the runner may terminate this thread from now on.
port.postMessage({ id: 0, result: null } satisfies WorkerResponse);

function busy(ms: number): { busyMs: number } {
  const start = performance.now();
  while (performance.now() - start < ms) { /* spin: a stand-in for a long report */ }
  return { busyMs: ms };
}

port.on('message', (req: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    const result = req.name === BUSY_OP ? busy(Number((req.params as { ms?: number })?.ms ?? 0)) : engine.run(req.name, req.params);
    response = { id: req.id, result };
  } catch (err) {
    response = { id: req.id, error: err instanceof Error ? err.stack ?? err.message : String(err) };
  }
  port.postMessage(response);
});

// Load the columnar copy right away; requests that arrive meanwhile wait in the queue.
setImmediate(() => {
  try { engine.warm(); } catch { /* the first request will sync (and report) instead */ }
});
