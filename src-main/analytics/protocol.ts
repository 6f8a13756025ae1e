// Messages between the main thread (runner.ts) and the analytics worker (worker.ts).
export interface WorkerRequest { id: number; name: string; params: unknown }
export type WorkerResponse = { id: number; result: unknown } | { id: number; error: string };
export interface WorkerData { dbPath: string }

/** Not an analytic: keeps the worker busy for `params.ms` (tests show the main thread stays responsive). */
export const BUSY_OP = '__busy';
