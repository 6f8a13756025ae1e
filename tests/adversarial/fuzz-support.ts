// Shared by the two fuzzers (fuzz.test.ts: inputs every procedure's schema rejects, and
// fuzz-writes.test.ts: inputs the write procedures' schemas accept): a raw POST over HTTP,
// the check that a refusal is a documented 4xx with the exact error envelope, and a hash of
// every table's contents (to prove a refused call stored nothing).
import { expect } from 'vitest';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ERROR_STATUS } from '../../src-shared/errors.ts';

export const DOCUMENTED = ['VALIDATION', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'PAYLOAD_TOO_LARGE'];

export interface RawAnswer { status: number; json: any; text: string }

/** POST /api/v1/<name> with a raw JSON body and an optional bearer token. */
export async function post(baseUrl: string, name: string, body: string, token: string | null): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl}/api/v1/${name}`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* asserted by the caller */ }
  return { status: res.status, json, text };
}

/** A refusal: one of the documented codes, its HTTP status, and `{ error: { code, message, details } }` exactly. */
export function expectErrorEnvelope(r: RawAnswer, where: string): void {
  expect(r.json, where).not.toBeNull();
  expect(Object.keys(r.json), where).toEqual(['error']);
  const { code, message, details } = r.json.error;
  expect(DOCUMENTED, where).toContain(code);
  expect(r.status, where).toBe(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
  expect(typeof message, where).toBe('string');
  expect(Array.isArray(details), where).toBe(true);
  for (const d of details) {
    expect(typeof d.path, where).toBe('string');
    expect(typeof d.message, where).toBe('string');
  }
}

/**
 * A hash of each table's rows. Full-text segment storage (<fts>_data, <fts>_idx, …) is
 * rewritten by background merges (core/maintenance.ts) without any change of content and is
 * left out; the rest of each index is compared.
 */
export function hashTables(db: Database.Database): Record<string, string> {
  const all = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string | null }[];
  const fts = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  const tables = all.map((t) => t.name).filter((n) => !fts.includes(n) && !fts.some((f) => n === `${f}_data` || n === `${f}_idx`));
  const out: Record<string, string> = {};
  for (const t of tables) {
    const h = createHash('sha256');
    for (const row of db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}"`).raw().iterate() as Iterable<unknown[]>) {
      h.update(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('hex') : v)));
      h.update('\n');
    }
    out[t] = h.digest('hex').slice(0, 16);
  }
  return out;
}
