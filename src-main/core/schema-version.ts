// Which schema a database file has, compared with the migrations this build carries
// (drizzle's `__drizzle_migrations` table against drizzle/meta/_journal.json): current,
// behind (pending migrations), or ahead (written by a newer CampusDesk — refused).
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder } from '../db/migrations.ts';

export interface SchemaState {
  /** Migrations of this build not yet applied to the file. */
  pending: number;
  /** Migrations recorded in the file that this build does not know (a newer version wrote it). */
  unknown: number;
  /** Latest migration time recorded in the file (drizzle's folderMillis), null for a new file. */
  latestApplied: number | null;
  /** Whether the file holds any data worth keeping (users or tickets). */
  hasData: boolean;
}

let known: number[] | null = null;
/** The migrations of this build (their drizzle-kit timestamps), oldest first. */
export function knownMigrations(): number[] {
  return (known ??= readMigrationFiles({ migrationsFolder: migrationsFolder() }).map((m) => m.folderMillis));
}

function tableExists(sqlite: Database.Database, name: string): boolean {
  return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export function schemaState(sqlite: Database.Database): SchemaState {
  const mine = knownMigrations();
  const applied = tableExists(sqlite, '__drizzle_migrations')
    ? (sqlite.prepare('SELECT created_at AS at FROM __drizzle_migrations').all() as { at: number | string }[]).map((r) => Number(r.at))
    : [];
  const latestApplied = applied.length ? Math.max(...applied) : null;
  const knownSet = new Set(mine);
  const unknown = applied.filter((a) => !knownSet.has(a)).length;
  // drizzle applies every migration newer than the latest recorded one.
  const pending = mine.filter((m) => latestApplied === null || m > latestApplied).length;
  const hasData = (tableExists(sqlite, 'users') && sqlite.prepare('SELECT 1 FROM users LIMIT 1').get() !== undefined)
    || (tableExists(sqlite, 'tickets') && sqlite.prepare('SELECT 1 FROM tickets LIMIT 1').get() !== undefined);
  return { pending, unknown, latestApplied, hasData };
}

/** Thrown when a database was written by a newer CampusDesk than this one. */
export class NewerSchemaError extends Error {
  constructor(path: string, unknown: number) {
    super(`The database ${path} was written by a newer version of CampusDesk (${unknown} migration${unknown === 1 ? '' : 's'} this version does not know); ` +
      'open it with that version or newer, or restore a backup made by this one.');
    this.name = 'NewerSchemaError';
  }
}
