// Readiness (GET /api/v1/ready): the hub can do its work — the database takes writes,
// every migration this version ships is applied, and the analytics worker is up. Liveness
// stays GET /api/v1/health (the process answers and the database reads).
import type { Core } from './core/context.ts';
import { appliedMigrations, shippedMigrations } from './db/open.ts';

export interface Readiness {
  ok: boolean;
  /** Why not ready (the first failing check), absent when ready. */
  reason?: string;
  checks: { database: string; migrations: string; analytics: string };
}

let shipped: number | null = null;

export function readiness(core: Core): Readiness {
  const checks = { database: 'ok', migrations: 'ok', analytics: 'ok' };
  const problems: string[] = [];
  try {
    if (!core.sqlite.open) throw new Error('the database is closed');
    if (core.sqlite.readonly) throw new Error('the database is open read-only');
    if (!core.sqlite.inTransaction) {
      // Takes the write lock and lets go at once: proves the file and its folder take writes.
      core.sqlite.prepare('BEGIN IMMEDIATE').run();
      core.sqlite.prepare('ROLLBACK').run();
    }
  } catch (err) {
    checks.database = `not writable: ${err instanceof Error ? err.message : String(err)}`;
    problems.push(`the database is ${checks.database}`);
  }
  try {
    shipped ??= shippedMigrations();
    const applied = core.sqlite.open ? appliedMigrations(core.sqlite) : 0;
    if (applied < shipped) {
      checks.migrations = `${applied} of ${shipped} applied`;
      problems.push(`database migrations are not current (${checks.migrations})`);
    } else if (applied > shipped) {
      checks.migrations = `the database has ${applied} migrations, this version knows ${shipped}`;
      problems.push(`the database was written by a newer CampusDesk (${checks.migrations})`);
    }
  } catch (err) {
    checks.migrations = `unknown: ${err instanceof Error ? err.message : String(err)}`;
    problems.push(`database migrations are ${checks.migrations}`);
  }
  const analytics = core.analytics?.status?.();
  if (analytics && !analytics.ready) {
    checks.analytics = 'starting or stopped';
    problems.push('the analytics worker is not running');
  }
  return problems.length === 0 ? { ok: true, checks } : { ok: false, reason: problems.join('; '), checks };
}
