// `npm run serve` as a real process: prints its URL, serves, and on SIGTERM finishes the
// request in flight before closing the database cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'campusdesk-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run serve', () => {
  it('serves on the given port and shuts down gracefully on SIGTERM', async () => {
    const dbPath = join(dir, 'hub.db');
    const child = spawn(process.execPath, ['src-main/cli/serve.ts', '--port', '0', '--host', '127.0.0.1', '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (d) => { out += d; });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /CampusDesk hub on (http:\/\/[^\s]+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await (await fetch(`${url}/api/v1/health`)).json();
    expect(health).toMatchObject({ ok: true });

    // A request whose body is still arriving when SIGTERM comes must still be answered.
    const body = JSON.stringify({ username: 'admin', password: 'admin-password', displayName: 'Admin' });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${url}/api/v1/auth.setup`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).user.username).toBe('admin');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('stopped');
    // Closed cleanly: the last connection checkpointed and removed the WAL file.
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
  });
});
