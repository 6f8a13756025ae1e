// Helpdesk PCs on a shared hub. The desktop app's hub mode without Electron: the built renderer
// is served from its own origin (as app://campusdesk serves it), a few lines stand in for the
// preload script, and every bridge call goes through the real HubForwarder to a real hub over
// HTTP — sign-in, work, the offline banner when the hub goes away and the reconnect when it is
// back. Also: the Connection settings screen, and the settings' validation and persistence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sirv from 'sirv';
import type { Browser, Page } from 'playwright-core';
import { HubForwarder } from '../../src-main/desktop/hub-forwarder.ts';
import { checkConnection, compatibleVersion, NETWORK_FS_WARNING, readSettings, writeSettings } from '../../src-main/desktop/settings.ts';
import { pageUrl } from '../../src-main/transport/ipc.ts';
import { startHub } from '../../src-main/hub.ts';
import { APP_VERSION } from '../../src-main/version.ts';
import { silentLogger } from '../../src-main/log.ts';
import { launch, RENDERER, SCREENS, signIn } from '../e2e/support.ts';
import { tempDir } from './support.ts';

const MAIN_SENDER = { id: 7, url: pageUrl('main') };
const dir = tempDir('hubmode');
const dbPath = join(dir, 'hub.db');
let browser: Browser | null = null;
let pageServer: Server | null = null;
let pageOrigin = '';

/** A stand-in for another program on a port: answers fixed JSON (not a CampusDesk hub of this version). */
async function fixedJsonServer(body: unknown): Promise<{ url: string; close(): void }> {
  const server = createServer((_req, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const haveRenderer = existsSync(join(RENDERER, 'index.html'));
if (!haveRenderer) console.log('skipped: dist/renderer is missing (npm run build:renderer) — the Chromium part of the hub-mode test needs it');

beforeAll(async () => {
  if (!haveRenderer) return;
  const assets = sirv(RENDERER, { dev: false, single: false });
  pageServer = createServer((req, res) => assets(req, res, () => { res.statusCode = 404; res.end(); }));
  await new Promise<void>((r) => pageServer!.listen(0, '127.0.0.1', r));
  pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  pageServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openHubWindow(forwarder: HubForwarder): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 720 }, baseURL: pageOrigin });
  await context.exposeBinding('__campusdeskIpc', (_s, name: string, input: unknown) => forwarder.invoke(MAIN_SENDER, name, input));
  await context.exposeBinding('__campusdeskConnection', async (_s, what: string, input: unknown) => {
    if (what === 'get') return { connection: { mode: 'hub', url: forwarder.baseUrl }, database: null, logFile: '/home/helpdesk/.config/CampusDesk/logs/campusdesk.log' };
    return checkConnection(input);
  });
  await context.addInitScript(() => {
    type Reply = { ok: true; result: unknown } | { ok: false; error: unknown };
    const w = window as unknown as { __campusdeskIpc: (n: string, i: unknown) => Promise<Reply>; __campusdeskConnection: (w: string, i?: unknown) => Promise<unknown> };
    Object.defineProperty(window, 'campusdesk', {
      value: Object.freeze({
        platform: 'desktop',
        invoke: async (name: string, input?: unknown) => {
          const reply = await w.__campusdeskIpc(name, input ?? {});
          if (reply.ok) return reply.result;
          throw reply.error;
        },
        saveFile: () => Promise.reject(Object.assign(new Error('not here'), { code: 'FORBIDDEN', details: [] })),
        desktop: Object.freeze({
          enterKiosk: () => Promise.reject(Object.assign(new Error('not here'), { code: 'FORBIDDEN', details: [] })),
          connection: Object.freeze({
            get: () => w.__campusdeskConnection('get'),
            check: (c: unknown) => w.__campusdeskConnection('check', c),
            save: (c: unknown) => w.__campusdeskConnection('check', c),
          }),
        }),
      }),
    });
  });
  return context.newPage();
}

describe.skipIf(!haveRenderer)('the desktop app on a hub (Chromium, real hub)', () => {
  it('signs in and works through the hub, shows the offline state when it goes away and reconnects by itself', async () => {
    let hub = await startHub(dbPath, { port: 0, staticDir: null, log: silentLogger() });
    const port = hub.hub.port;
    try {
      const setup = await fetch(`${hub.url}/api/v1/auth.setup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password', displayName: 'Ada Admin' }) });
      expect(setup.status).toBe(200);
      const forwarder = new HubForwarder(hub.url);
      const page = await openHubWindow(forwarder);
      const apiRequests: string[] = [];
      page.on('request', (r) => { if (r.url().includes('/api/')) apiRequests.push(r.url()); });
      await page.goto('/index.html');
      await page.waitForURL(/#\/login$/);
      await page.getByRole('link', { name: 'Connection settings' }).waitFor();
      await signIn(page, 'admin', 'admin-password');
      await page.waitForURL(/#\/queue$/);
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
      // The session lives in the forwarder (main), never in the page, and the page never calls HTTP itself.
      expect(forwarder.hasSession(MAIN_SENDER.id)).toBe(true);
      expect(await page.evaluate(() => localStorage.getItem('campusdesk.token'))).toBeNull();
      expect(apiRequests).toEqual([]);

      // Work: a ticket made on the hub by someone else shows up here.
      const token = (await setup.json()).token as string;
      const api = (name: string, input: unknown) => fetch(`${hub.url}/api/v1/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
      const categories = await (await api('categories.list', {})).json() as { items?: { slug: string }[] } | { slug: string }[];
      const slug = (Array.isArray(categories) ? categories : categories.items ?? [])[0]!.slug;
      expect((await api('tickets.create', { subject: 'Projector flickers in lecture hall B', description: 'Since this morning.', category: slug })).status).toBe(200);
      await page.reload();
      await page.getByText('Projector flickers in lecture hall B').first().waitFor();
      await expect.poll(() => page.getByTestId('offline-banner').count()).toBe(0);

      // The hub goes away: the next call fails with NETWORK and the banner says so.
      await hub.stop();
      await page.goto(`${pageOrigin}/index.html#/my`);
      await page.getByTestId('offline-banner').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('offline-banner').textContent()).toMatch(/Offline: the CampusDesk hub cannot be reached/);
      mkdirSync(SCREENS, { recursive: true });
      await page.screenshot({ path: join(SCREENS, 'hub-mode-offline.png') });

      // Back on the same address: the banner goes by itself (no reload, no click).
      hub = await startHub(dbPath, { port, staticDir: null, log: silentLogger() });
      await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 20_000 });
      // The window's session survived the outage (it is kept by the forwarder, and the hub kept it).
      const again = page.getByRole('button', { name: 'Try again' });
      if (await again.count()) await again.click();
      await page.getByText('Projector flickers in lecture hall B').first().waitFor();
      await page.screenshot({ path: join(SCREENS, 'hub-mode-reconnected.png') });
    } finally {
      await hub.stop();
    }
  });

  it('the Connection settings screen checks a hub address before saving', async () => {
    const hub = await startHub(join(dir, 'settings-hub.db'), { port: 0, staticDir: null, log: silentLogger() });
    const other = await fixedJsonServer({ hello: 'world' });
    try {
      const page = await openHubWindow(new HubForwarder(hub.url));
      await page.goto('/index.html#/connection');
      await page.getByRole('heading', { name: 'Connection settings' }).waitFor();
      expect(await page.getByRole('radio', { name: /A CampusDesk hub/ }).isChecked()).toBe(true);
      const address = page.getByLabel('Hub address', { exact: true });
      await address.fill('http://helpdesk.campus.example');
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByText(/must start with https:\/\//).waitFor();
      await address.fill(other.url);
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByText(/is not a CampusDesk hub/).waitFor();
      await address.fill(hub.url);
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByText(`The hub answers (CampusDesk ${APP_VERSION}).`).waitFor();
      await page.screenshot({ path: join(SCREENS, 'connection-settings-hub.png') });
      await page.getByRole('radio', { name: /A database file/ }).check();
      await page.getByLabel('Database file', { exact: true }).fill('relative.db');
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByText(/Enter the full path/).waitFor();
      await page.screenshot({ path: join(SCREENS, 'connection-settings-file.png') });
    } finally {
      other.close();
      await hub.stop();
    }
  });
});

describe('HubForwarder (main\'s side of hub mode, under Node against a real hub)', () => {
  it('keeps the page rules, attaches the kiosk token, checks kiosk tokens and admins, and answers NETWORK when the hub is away', async () => {
    const hub = await startHub(join(dir, 'forwarder-hub.db'), { port: 0, staticDir: null, log: silentLogger() });
    const KIOSK_SENDER = { id: 9, url: pageUrl('kiosk') };
    let kioskToken: string | null = null;
    const forwarder = new HubForwarder(hub.url, { kioskToken: () => kioskToken });
    try {
      const setup = await forwarder.invoke(MAIN_SENDER, 'auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada' });
      expect(setup.ok).toBe(true);
      expect(forwarder.hasSession(MAIN_SENDER.id)).toBe(true);
      const created = await forwarder.invoke(MAIN_SENDER, 'kiosks.create', { name: 'Library' });
      expect(created).toMatchObject({ ok: true, result: { name: 'Library' } });
      const token = (created as { result: { token: string } }).result.token;
      expect(await forwarder.enterKiosk(MAIN_SENDER, 'not-a-kiosk-token')).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: 'kioskToken' }] } });
      expect(await forwarder.enterKiosk(MAIN_SENDER, token)).toMatchObject({ ok: true });
      // The kiosk window: walk-up procedures only, with the kiosk token attached by main.
      expect(await forwarder.invoke(KIOSK_SENDER, 'auth.login', { username: 'admin', password: 'admin-password' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await forwarder.invoke(KIOSK_SENDER, 'users.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await forwarder.invoke({ id: 11, url: 'https://evil.example/' }, 'auth.status', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await forwarder.invoke(MAIN_SENDER, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const submit = { category: 'facility', subject: 'Door stuck', description: 'The side door does not open.' };
      expect(await forwarder.invoke(KIOSK_SENDER, 'kiosk.submit', submit)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      kioskToken = token;
      const cats = await forwarder.invoke(MAIN_SENDER, 'categories.list', {}) as { ok: true; result: { items: { slug: string }[] } };
      expect(await forwarder.invoke(KIOSK_SENDER, 'kiosk.submit', { ...submit, category: cats.result.items[0]!.slug })).toMatchObject({ ok: true, result: { ticketId: 1 } });
      // Leaving kiosk mode on a hub: an admin's username and password.
      expect(await forwarder.exitKiosk(KIOSK_SENDER, 'admin-password')).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: 'username' }] } });
      expect(await forwarder.exitKiosk(KIOSK_SENDER, 'wrong', 'admin')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(await forwarder.exitKiosk(KIOSK_SENDER, 'admin-password', 'admin')).toEqual({ ok: true, result: {} });
      expect(await forwarder.invoke(MAIN_SENDER, 'auth.logout', {})).toMatchObject({ ok: true });
      expect(forwarder.hasSession(MAIN_SENDER.id)).toBe(false);
    } finally {
      await hub.stop();
    }
    expect(await forwarder.invoke(MAIN_SENDER, 'auth.status', {})).toMatchObject({ ok: false, error: { code: 'NETWORK', message: expect.stringMatching(/Cannot reach the CampusDesk hub/) } });
  });
});

describe('connection settings (without Electron)', () => {
  it('accepts a hub only when /api/v1/health answers with a compatible version', async () => {
    const hub = await startHub(join(dir, 'check-hub.db'), { port: 0, staticDir: null, log: silentLogger() });
    const newer = await fixedJsonServer({ ok: true, version: '7.0.0' });
    const broken = await fixedJsonServer({ ok: false, version: APP_VERSION });
    try {
      expect(await checkConnection({ mode: 'hub', url: `${hub.url}/` })).toEqual({ ok: true, connection: { mode: 'hub', url: hub.url }, warning: null, hubVersion: APP_VERSION });
      expect(await checkConnection({ mode: 'hub', url: newer.url })).toMatchObject({ ok: false, field: 'url', message: expect.stringMatching(/runs CampusDesk 7\.0\.0/) });
      expect(await checkConnection({ mode: 'hub', url: broken.url })).toMatchObject({ ok: false, field: 'url', message: expect.stringMatching(/database is not working/) });
      expect(await checkConnection({ mode: 'hub', url: 'https://helpdesk.campus.invalid' })).toMatchObject({ ok: false, field: 'url', message: expect.stringMatching(/No CampusDesk hub answered/) });
      expect(await checkConnection({ mode: 'hub', url: 'ftp://x' })).toMatchObject({ ok: false, field: 'url' });
      expect(await checkConnection({ mode: 'hub', url: '' })).toMatchObject({ ok: false, field: 'url' });
      expect(await checkConnection({ mode: 'elsewhere' })).toMatchObject({ ok: false, field: 'mode' });
    } finally {
      newer.close();
      broken.close();
      await hub.stop();
    }
    expect(compatibleVersion('0.1.9', '0.1.0')).toBe(true);
    expect(compatibleVersion('0.2.0', '0.1.0')).toBe(false);
    expect(compatibleVersion('1.4.0', '1.0.2')).toBe(true);
    expect(compatibleVersion('2.0.0', '1.0.2')).toBe(false);
  });

  it('checks a database file path and warns on a network filesystem', async () => {
    const file = join(dir, 'shared', 'campusdesk.db');
    expect(await checkConnection({ mode: 'file', path: 'campusdesk.db' })).toMatchObject({ ok: false, field: 'path', message: expect.stringMatching(/full path/) });
    expect(await checkConnection({ mode: 'file', path: file })).toMatchObject({ ok: false, field: 'path', message: expect.stringMatching(/does not exist/) });
    mkdirSync(join(dir, 'shared'), { recursive: true });
    expect(await checkConnection({ mode: 'file', path: join(dir, 'shared') })).toMatchObject({ ok: false, field: 'path', message: expect.stringMatching(/is a folder/) });
    expect(await checkConnection({ mode: 'file', path: file }, { networkFs: () => false })).toEqual({ ok: true, connection: { mode: 'file', path: file }, warning: null });
    expect(await checkConnection({ mode: 'file', path: file }, { networkFs: () => true })).toEqual({ ok: true, connection: { mode: 'file', path: file }, warning: NETWORK_FS_WARNING });
  });

  it('keeps the connection in settings.json and falls back to this PC on a broken one', () => {
    const file = join(dir, 'settings', 'settings.json');
    expect(readSettings(file).connection).toEqual({ mode: 'local' });
    writeSettings(file, { kiosk: { enabled: false, token: null }, connection: { mode: 'hub', url: 'https://helpdesk.campus.example' } });
    expect(readSettings(file)).toEqual({ kiosk: { enabled: false, token: null }, connection: { mode: 'hub', url: 'https://helpdesk.campus.example' } });
    writeFileSync(file, JSON.stringify({ connection: { mode: 'hub' } }));
    const warnings: string[] = [];
    expect(readSettings(file, (m) => warnings.push(m)).connection).toEqual({ mode: 'local' });
    expect(warnings).toHaveLength(1);
  });
});
