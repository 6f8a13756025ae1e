// Background upkeep of the database, off the request path: the full-text index's segment
// merges (disabled on writes by migration 0006, so that no single write pays for them).
// A tick runs only after this connection wrote something, and does a bounded amount of work.
import type { Core } from './context.ts';

/** FTS5 merge work per tick, in index pages (a few milliseconds). */
const MERGE_PAGES = 200;

export interface Maintenance {
  /** One round of upkeep now; returns whether it merged anything. */
  tick(): boolean;
  stop(): void;
}

export function startMaintenance(core: Core, everyMs = 3000): Maintenance {
  const changes = core.sqlite.prepare<[], number>('SELECT total_changes()').pluck();
  const merge = core.sqlite.prepare(`INSERT INTO ticket_search(ticket_search, rank) VALUES ('merge', ${MERGE_PAGES})`);
  let seen = -1;
  let pending = true;
  const tick = (): boolean => {
    if (!core.sqlite.open || core.sqlite.readonly || core.sqlite.inTransaction) return false;
    const now = changes.get() ?? 0;
    if (now === seen && !pending) return false;
    const before = now;
    merge.run();
    const after = changes.get() ?? 0;
    seen = after;
    // FTS5: a merge that changed fewer than two rows found nothing left to merge.
    pending = after - before >= 2;
    return pending;
  };
  const timer = setInterval(() => {
    try {
      tick();
    } catch (err) {
      console.warn('[campusdesk] background index merge failed (will retry):', err);
    }
  }, everyMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
