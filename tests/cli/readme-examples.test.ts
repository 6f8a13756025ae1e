// The README's "Command line" examples run as written: the ```sh block of that section is
// read from README.md (so the test and the text cannot drift apart) and run by bash, line by
// line with `set -e`, with `npx campusdesk` as this repo's bin/campusdesk.js, /tmp/ as a temp
// folder of the test's own and the example hub address as a real hub (`npm run serve`
// spawned on an ephemeral port); then the database, the files and the hub are checked.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bin, cleanEnv, root, tempDir } from './support.ts';
import { startServe, type ServeProcess } from '../deploy/support.ts';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });
const EXAMPLE_HUB = 'http://127.0.0.1:4780';
const dir = tempDir('readme');
let serve: ServeProcess;

/** The sh code blocks of the README's "## Command line" section. */
function commandLineBlocks(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Command line\n');
  expect(start, 'README.md has a "## Command line" section').toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  serve = await startServe(['--db', join(dir, 'hub.db'), '--no-backups']);
  // The hub's first admin, with the README's credentials.
  const r = await fetch(`${serve.url}/api/v1/auth.setup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password', displayName: 'Ada Admin' }) });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  serve?.child.kill();
  await serve?.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('README: Command line examples', () => {
  it('run as written, each command exiting 0', async () => {
    const blocks = commandLineBlocks();
    expect(blocks).toHaveLength(1);
    const block = blocks[0]!;
    const commands = block.split('\n').filter((l) => l.startsWith('npx campusdesk ') || l.includes('| npx campusdesk '));
    expect(commands.length).toBeGreaterThanOrEqual(12);
    expect(block).toContain(EXAMPLE_HUB);
    const script = [
      'set -euo pipefail',
      'campusdesk() { "$CD_NODE" "$CD_BIN" "$@"; echo "EXAMPLE EXIT $?" >&2; }',
      block.replaceAll('npx campusdesk ', 'campusdesk ').replaceAll('/tmp/', `${dir}/`).replaceAll(EXAMPLE_HUB, serve.url),
    ].join('\n');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { cwd: root, env: cleanEnv({ CD_NODE: process.execPath, CD_BIN: bin }), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '', stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    // Every example ran (set -e stops at the first that fails).
    expect(run.stderr.split('\n').filter((l) => l === 'EXAMPLE EXIT 0')).toHaveLength(commands.length);

    // What they did: on the database, in the files, on the hub.
    const dbPath = join(dir, 'campusdesk-demo.db');
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.prepare("SELECT id, subject, status FROM tickets").all()).toEqual([{ id: 1, subject: 'Projector broken', status: 'in_progress' }]);
      expect(db.prepare('SELECT body FROM messages WHERE ticket_id = 1').all()).toEqual([{ body: 'A technician is on the way.' }]);
    } finally { db.close(); }
    expect(readFileSync(join(dir, 'campusdesk-tickets.csv'), 'utf8')).toContain('Projector broken,"Hall B, no image",technical_it,in_progress,high');
    expect(existsSync(join(dir, 'campusdesk-backup.db'))).toBe(true);
    expect(run.stdout).toContain('Imported 1 ticket(s)');
    const listed = JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('\n{\n  "items"'))) as { items: { subject: string; status: string }[] };
    expect(listed.items.map((t) => [t.subject, t.status])).toEqual([['Projector broken', 'in_progress']]);
  });
});
