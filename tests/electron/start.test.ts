// `npm start` where Electron cannot run: one line says so, the hub starts instead and the
// URL to open is printed; the hub answers and stops cleanly on SIGTERM. Forced with
// CAMPUSDESK_ELECTRON pointing nowhere, so it behaves the same on machines with Electron.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectron, displayProblem } from '../../src-main/cli/electron-runtime.ts';

const root = join(import.meta.dirname, '..', '..');

describe('npm start without an Electron runtime', () => {
  it('says so in one line, then serves the hub and prints its URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'campusdesk-start-'));
    const child = spawn(process.execPath, [join(root, 'src-main/cli/start.ts'), '--db', join(dir, 'x.db'), '--port', '0'], {
      cwd: root,
      env: { ...process.env, CAMPUSDESK_ELECTRON: join(dir, 'no-electron-here'), CAMPUSDESK_NO_BUILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { out += d; });
    try {
      await expect.poll(() => /open (http:\/\/\S+)/.test(out), { timeout: 30_000, interval: 100 }).toBe(true);
      const lines = out.trim().split('\n').filter((l) => !/renderer is not built/.test(l));
      expect(lines[0]).toMatch(/^CampusDesk: the Electron runtime is not available: CAMPUSDESK_ELECTRON=.* does not exist; starting the hub instead/);
      expect(lines[1]).toMatch(/^CampusDesk: open http:\/\/127\.0\.0\.1:\d+\/ in a browser/);
      const url = /open (http:\/\/\S+?)\/? in a browser/.exec(out)![1]!;
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
      const status = await fetch(`${url}/api/v1/auth.status`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(await status.json()).toEqual({ needsSetup: true });
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('detects the runtime without trying to download it', () => {
    const r = findElectron({ env: { ...process.env, CAMPUSDESK_ELECTRON: '/nonexistent/electron' } });
    expect(r).toEqual({ ok: false, reason: 'CAMPUSDESK_ELECTRON=/nonexistent/electron does not exist' });
    // Whatever this machine has, the answer is quick and explains itself.
    const here = findElectron();
    if (!here.ok) expect(here.reason.length).toBeGreaterThan(10);
    else expect(here.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(displayProblem({}, 'linux')).toMatch(/no display/);
    expect(displayProblem({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(displayProblem({}, 'win32')).toBeNull();
  });
});
