// Smoke test of `npm run bench` on a tiny database: it builds the database, measures every
// case and prints the table (no timing assertions: figures are for humans, see DEVELOPERS.md).
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const dir = mkdtempSync(join(tmpdir(), 'campusdesk-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['src-main/cli/bench.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run bench', () => {
  it('builds a small database, measures every case and prints the table', async () => {
    const dbPath = join(dir, 'bench.db');
    const outFile = join(dir, 'results.md');
    const args = ['--db', dbPath, '--tickets', '2000', '--iterations', '5', '--warmup', '1', '--deep-pages', '5', '--out', outFile];
    const first = await run(args);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('bench: building');
    const table = readFileSync(outFile, 'utf8');
    expect(first.out).toContain(table.trim().split('\n').at(-1));
    expect(table).toContain('| case | n | API p50 | API p95 | server p95 | SQL p50 | SQL p95 | API/SQL (p95) | target | result |');
    for (const name of ['auth.status (the HTTP floor', 'tickets.create', 'tickets.list first page', 'tickets.list deep page', 'tickets.list status active + category',
      'tickets.list assigneeId', 'tickets.list q="printer"', 'tickets.list q="harpsichord"', 'tickets.list q="projector hdmi"', 'tickets.get + messages.list']) {
      expect(table).toContain(`| ${name}`);
    }
    expect(table).not.toContain('error:');
    // Every timed row has figures for both sides.
    const rows = table.split('\n').filter((l) => l.startsWith('| tickets.'));
    for (const row of rows) expect(row.split('|').map((c) => c.trim())[7], row).toMatch(/^\d/);

    // What the create case wrote is gone again; a second run reuses the database.
    const db = new Database(dbPath, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n).toBe(2000);
    db.close();
    const second = await run([...args, '--no-analytics']);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('bench: reusing');
    expect(existsSync(outFile)).toBe(true);
  });
});
