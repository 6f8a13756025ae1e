// Stopping a worker thread that opens the database (read pool, analytics): a thread
// terminated while it is still loading better-sqlite3's native module aborts the whole
// process, so a thread that has not said it finished loading gets a grace period first.
import type { Worker } from 'node:worker_threads';

/** How long a starting thread may take to finish loading before it is terminated anyway. */
export const LOAD_GRACE_MS = 15_000;

/**
 * Resolves when `worker` has sent its first message (it sends one once loaded) or stopped;
 * set up right after creating the worker.
 */
export function whenLoaded(worker: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
}

/** Terminates `worker` once `loaded` settled (or after the grace period). */
export async function terminateWhenLoaded(worker: Worker, loaded: Promise<void>, graceMs = LOAD_GRACE_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([loaded, new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); timer.unref(); })]);
  clearTimeout(timer);
  await worker.terminate();
}
