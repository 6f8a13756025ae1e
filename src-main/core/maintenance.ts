// Background upkeep of the database, off the request path: the full-text index's segment
// merges (disabled on writes by migration 0006, so that no single write pays for them).
// A tick runs only after this connection wrote something, and does a bounded amount of work:
// it runs on the connection's thread, so requests wait while it runs. Ticks come once a
// second while there is nothing to merge, and faster (every BUSY_EVERY_MS) while the last
// one found more to do, so that merging keeps pace with a steady stream of replies (each
// re-indexes its ticket's document) instead of letting segments and deleted entries pile up
// and slow every search down — yet never more than about 5 % of the thread's time.
import type { Core } from './context.ts';

/**
 * Main-thread time a tick aims at. The merge step's size (in index pages) adapts to it: a
 * fixed large step stalls the requests that wait behind it (see the README's benchmarks).
 */
const TICK_BUDGET_MS = 4;
const MIN_PAGES = 8;
const MAX_PAGES = 256;
/** Shortest tick interval while a merge is pending. */
const BUSY_EVERY_MS = 100;
/** While merging, the pause after a tick is at least this many times the tick's own time (≤ 5 % of the thread). */
const DUTY_FACTOR = 19;

export interface Maintenance {
  /** One round of upkeep now; returns whether there is more to merge. */
  tick(): boolean;
  /** Milliseconds the last tick took (0 before the first). */
  readonly lastTickMs: number;
  stop(): void;
}

export function startMaintenance(core: Core, everyMs = 1000): Maintenance {
  const changes = core.sqlite.prepare<[], number>('SELECT total_changes()').pluck();
  const merge = core.sqlite.prepare<[number]>("INSERT INTO ticket_search(ticket_search, rank) VALUES ('merge', ?)");
  let pages = 32;
  let seen = -1;
  let pending = true;
  let lastTickMs = 0;
  const tick = (): boolean => {
    if (!core.sqlite.open || core.sqlite.readonly || core.sqlite.inTransaction) return false;
    const now = changes.get() ?? 0;
    if (now === seen && !pending) return false;
    const before = now;
    const t0 = performance.now();
    merge.run(pages);
    const took = performance.now() - t0;
    lastTickMs = took;
    if (took > 2 * TICK_BUDGET_MS) pages = Math.max(MIN_PAGES, pages >> 1);
    else if (took < TICK_BUDGET_MS / 2) pages = Math.min(MAX_PAGES, pages << 1);
    const after = changes.get() ?? 0;
    seen = after;
    // FTS5: a merge that changed fewer than two rows found nothing left to merge.
    pending = after - before >= 2;
    return pending;
  };
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      let more = false;
      try {
        more = tick();
      } catch (err) {
        core.log.warn({ err }, 'background index merge failed (will retry)');
      }
      schedule(more ? Math.min(everyMs, Math.max(BUSY_EVERY_MS, DUTY_FACTOR * lastTickMs)) : everyMs);
    }, ms);
    timer.unref();
  };
  schedule(everyMs);
  return { tick, get lastTickMs() { return lastTickMs; }, stop: () => { stopped = true; if (timer) clearTimeout(timer); } };
}
