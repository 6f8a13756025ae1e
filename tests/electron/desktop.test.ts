// The desktop app for real: Playwright's `_electron` launches the bundled shell
// (dist-electron/main.cjs) on a temp database and user-data folder, signs in and opens a
// ticket through the preload bridge, and checks the window's lock-down. Skipped, with the
// reason, where no Electron runtime can run (offline machines never get the binary).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { createApp } from '../../src-main/app.ts';
import { findElectron, displayProblem } from '../../src-main/cli/electron-runtime.ts';

const root = join(import.meta.dirname, '..', '..');
const runtime = findElectron();
/** Linux without a display: an Xvfb of our own, when the machine has one. */
const xvfb = existsSync('/usr/bin/Xvfb') ? '/usr/bin/Xvfb' : null;
const skipReason = !runtime.ok
  ? `Electron runtime not available: ${runtime.reason}`
  : displayProblem() && !xvfb ? `Electron runtime not available: ${displayProblem()} and no Xvfb` : null;

describe('desktop app (Electron)', () => {
  let dir: string;
  let app: ElectronApplication | null = null;
  let page: Page;
  let display: ChildProcess | null = null;
  let ticketId = 0;

  beforeAll(async () => {
    if (skipReason || !runtime.ok) return;
    dir = mkdtempSync(join(tmpdir(), 'campusdesk-electron-'));
    const dbPath = join(dir, 'campusdesk.db');
    // The data the test opens: an admin and one ticket, written through the real registry.
    const core = createApp(dbPath);
    const s = await core.registry.call('auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada Admin' }, { token: null, client: 'test' }) as { token: string };
    const t = await core.registry.call('tickets.create', { subject: 'Heating in lecture hall A is off', description: 'Cold since the morning.', category: 'facility_management' }, { token: s.token, client: 'test' }) as { id: number };
    ticketId = t.id;
    await core.close();

    // `npm test` builds first; build here only what is missing (a renderer rebuild would pull
    // dist/renderer from under the browser tests running alongside).
    for (const [script, what] of [['build:renderer', 'dist/renderer/index.html'], ['build:electron', 'dist-electron/main.cjs']] as const) {
      if (existsSync(join(root, what))) continue;
      const r = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
      if (r.status !== 0 || !existsSync(join(root, what))) throw new Error(`npm run ${script} failed`);
    }

    const env: Record<string, string> = { ...(process.env as Record<string, string>), CAMPUSDESK_USER_DATA: join(dir, 'user-data') };
    delete env.ELECTRON_RUN_AS_NODE;
    delete env.CAMPUSDESK_KIOSK_TOKEN;
    if (displayProblem() && xvfb) {
      display = spawn(xvfb, [':97', '-screen', '0', '1400x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
      env.DISPLAY = ':97';
      await new Promise((r) => setTimeout(r, 1000));
    }
    app = await _electron.launch({ executablePath: runtime.path, args: [root, '--db', dbPath], env, cwd: root, timeout: 60_000 });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (display?.pid) process.kill(display.pid);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens a locked-down window on our page with the preload bridge', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    expect(page.url()).toMatch(/^app:\/\/campusdesk\/index\.html/);
    // Context isolation + sandbox + no Node integration, as the page sees it: no Node, no
    // Electron internals, only the bridge's members.
    expect(await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys(window.campusdesk ?? {}).sort(),
      platform: window.campusdesk?.platform,
    }))).toEqual({ require: 'undefined', process: 'undefined', bridge: ['desktop', 'file', 'invoke', 'platform', 'saveFile', 'upload'], platform: 'desktop' });
    expect(await app!.evaluate(({ app: electronApp }) => electronApp.getPath('userData'))).toBe(join(dir, 'user-data'));
    // window.open and navigation elsewhere are refused.
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    await page.evaluate(() => { window.location.href = 'https://example.com/'; });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/campusdesk\//);
    expect((await app!.windows()).length).toBe(1);
    // The bridge rejects with the API's plain error object.
    const e = await page.evaluate(() => window.campusdesk!.invoke('auth.me', {}).then(() => null, (err: unknown) => err));
    expect(e).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('signs in and opens a ticket', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('admin-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Heating in lecture hall A is off' }).first().click({ timeout: 30_000 });
    await page.waitForURL(new RegExp(`#/tickets/${ticketId}$`), { timeout: 30_000 });
    await expect.poll(() => page.getByText('Cold since the morning.').first().isVisible(), { timeout: 30_000 }).toBe(true);
    await page.screenshot({ path: join(root, 'tests', 'artifacts', 'electron-ticket.png') });
  });
});
