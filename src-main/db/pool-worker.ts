// A read worker of the read pool (pool.ts): its own read-only connection to the database
// file, a read-only Core over it and the very same Registry and procedures as the main
// thread. It answers read procedures only; each call runs in one read transaction (one WAL
// snapshot), so it sees every write committed before the call arrived. It never writes:
// a session's sliding expiry goes to the writer as a message, analytics go through the
// writer's thread to the analytics workers.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './open.ts';
import { Registry } from '../api/registry.ts';
import { allProcedures } from '../api/procedures/index.ts';
import { CommitListeners, type AnalyticsRunner, type Core } from '../core/context.ts';
import { AppError, toAppError } from '../core/errors.ts';
import { createLogger, envLevel } from '../log.ts';
import { POOL_BUSY_OP, POOL_CRASH_OP, type FromWorker, type PoolWorkerData, type ToWorker } from './pool-protocol.ts';

const port = parentPort;
if (!port) throw new Error('read worker: must run as a worker thread');
const data = workerData as PoolWorkerData;
const answered = new Int32Array(data.answered);
const post = (msg: FromWorker): void => port.postMessage(msg);

// The main thread already warned about network filesystems and ran the migrations.
const database = openDatabase(data.dbPath, { readonly: true, warn: () => {} });

const analyticsWaiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextAnalyticsId = 1;
const analytics: AnalyticsRunner = {
  run(name, params) {
    const id = nextAnalyticsId++;
    return new Promise((resolve, reject) => {
      analyticsWaiting.set(id, { resolve, reject });
      post({ type: 'analytics', id, name, params });
    });
  },
  async close() { /* the writer's thread owns the analytics workers */ },
};

const base: Core = {
  sqlite: database.sqlite,
  db: database.db,
  clock: { now: () => Date.now() },
  dbPath: data.dbPath,
  analytics,
  afterCommit: new CommitListeners(),
  slideSession: (sessionId, expiresAt) => post({ type: 'slide', sessionId, expiresAt }),
  log: createLogger({ level: envLevel('warn') }).child({ readWorker: data.slot }),
};
const registry = new Registry(base, allProcedures);
registry.readSnapshot = true;
registry.validateOutput = data.validateOutput;
registry.onInternalError = (err, name) => base.log.error({ err, procedure: name }, `${name} failed in a read worker`);

function spin(ms: number): { busyMs: number } {
  const start = performance.now();
  while (performance.now() - start < ms) { /* a stand-in for a long read (tests) */ }
  return { busyMs: ms };
}

async function answer(msg: Extract<ToWorker, { type: 'call' }>): Promise<FromWorker> {
  try {
    if (msg.name === POOL_CRASH_OP) process.exit(1);
    if (msg.name === POOL_BUSY_OP) return { type: 'answer', id: msg.id, result: spin(Number((msg.input as { ms?: unknown } | null)?.ms ?? 0)) };
    const procedure = registry.get(msg.name);
    if (!procedure) throw new AppError('NOT_FOUND', `There is no procedure named "${msg.name}".`);
    const now = msg.now;
    const core: Core = { ...base, clock: { now: () => now } };
    return { type: 'answer', id: msg.id, result: await registry.callIn(core, procedure, msg.input, msg.meta) };
  } catch (err) {
    const e = toAppError(err);
    return { type: 'answer', id: msg.id, error: { code: e.code, message: e.message, details: e.details } };
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'analytics-answer') {
    const w = analyticsWaiting.get(msg.id);
    if (!w) return;
    analyticsWaiting.delete(msg.id);
    if ('error' in msg) w.reject(new Error(msg.error));
    else w.resolve(msg.result);
    return;
  }
  void answer(msg).then((reply) => {
    post(reply);
    Atomics.add(answered, data.slot, 1);
    Atomics.notify(answered, data.slot);
  });
});
post({ type: 'ready' });
