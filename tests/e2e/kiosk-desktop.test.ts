// The kiosk page as the desktop app's kiosk window runs it: `window.campusdesk` present,
// every call going through the real IPC dispatcher (src-main/transport/ipc.ts) as the
// kiosk window (app://campusdesk/kiosk.html) with the token the app was registered with.
// Electron itself is not needed here: a Playwright binding carries the calls to the
// dispatcher in this process, and a few lines in the page stand in for the preload
// script's pass-through (same envelope unwrapping as src-main/desktop/preload.ts).
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { IpcDispatcher, pageUrl } from '../../src-main/transport/ipc.ts';
import { launch, SCREENS, startGuiHub } from './support.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
  admin = await hub.setupAdmin();
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

const KIOSK_SENDER = { id: 7, url: pageUrl('kiosk') };

async function openDesktopKiosk(kioskToken: string | null): Promise<{ page: Page; exits: number; close: () => Promise<void> }> {
  const dispatcher = new IpcDispatcher(hub.app.registry, { kioskToken: () => kioskToken });
  const state = { exits: 0 };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: hub.url, hasTouch: true });
  await context.exposeBinding('__campusdeskIpc', async (_source, channel: string, ...args: unknown[]) => {
    if (channel === 'invoke') return dispatcher.invoke(KIOSK_SENDER, args[0], args[1]);
    if (channel === 'exit') {
      const reply = await dispatcher.exitKiosk(KIOSK_SENDER, args[0], args[1] ?? undefined);
      if (reply.ok) state.exits++;
      return reply;
    }
    return { ok: false, error: { code: 'NOT_FOUND', message: 'no such channel', details: [] } };
  });
  await context.addInitScript(() => {
    type Reply = { ok: true; result: unknown } | { ok: false; error: unknown };
    const ipc = (window as unknown as { __campusdeskIpc: (channel: string, ...args: unknown[]) => Promise<Reply> }).__campusdeskIpc;
    const call = async (channel: string, ...args: unknown[]) => {
      const reply = await ipc(channel, ...args);
      if (reply.ok) return reply.result;
      throw reply.error;
    };
    Object.defineProperty(window, 'campusdesk', {
      value: Object.freeze({
        platform: 'desktop',
        invoke: (name: string, input?: unknown) => call('invoke', name, input ?? {}),
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the bridge rejects with the API's plain error object
        saveFile: () => Promise.reject({ code: 'FORBIDDEN', message: 'not here', details: [] }),
        kiosk: Object.freeze({ exit: (password: string, username?: string) => call('exit', password, username ?? null).then(() => undefined) }),
      }),
    });
  });
  const page = await context.newPage();
  return { page, get exits() { return state.exits; }, close: () => context.close() };
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.waitForFunction(() => document.fonts.status === 'loaded');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENS, `kiosk-${name}.png`) });
}

describe('kiosk page in the desktop kiosk window', () => {
  it('needs no pairing, reports through IPC with the app’s kiosk token, and leaves kiosk mode only with an admin password', async () => {
    const k = await hub.ok('kiosks.create', { name: 'Desktop kiosk' }, admin);
    const d = await openDesktopKiosk(k.token);
    const { page } = d;
    await page.goto('/kiosk');
    await expect.poll(() => page.locator('[data-screen="home"]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('campusdesk.kioskToken'))).toBeNull();

    await page.locator('[data-category="facility_management"]').tap();
    await page.getByLabel(/^In a few words/).fill('Lift stuck on floor 2');
    await page.getByLabel(/^Building/).fill('Main building');
    await page.getByRole('button', { name: 'Send report' }).tap();
    await expect.poll(() => page.locator('[data-screen="done"]').count()).toBe(1);
    const ticketId = Number(await page.getByTestId('ticket-number').textContent());
    expect(await hub.ok('tickets.get', { id: ticketId }, admin)).toMatchObject({ subject: 'Lift stuck on floor 2', channel: 'kiosk', reporter: null });
    await page.getByRole('button', { name: 'Done' }).tap();

    // Staff leave through the lock: a wrong password is refused, an admin's is accepted.
    await page.getByRole('button', { name: 'Staff: leave kiosk mode' }).tap();
    await page.getByLabel('Admin password').fill('wrong-password');
    await page.getByRole('button', { name: 'Leave kiosk mode' }).tap();
    await expect.poll(() => page.getByText('That is not an admin password.').isVisible()).toBe(true);
    await shot(page, 'desktop-exit');
    expect(d.exits).toBe(0);
    await page.getByLabel('Admin password').fill('admin-password');
    await page.getByRole('button', { name: 'Leave kiosk mode' }).tap();
    await expect.poll(() => d.exits).toBe(1);
    await d.close();
  });

  it('without a registered token the kiosk says it is out of service (no pairing form on the desktop)', async () => {
    const d = await openDesktopKiosk(null);
    const { page } = d;
    await page.goto('/kiosk');
    await expect.poll(() => page.getByRole('heading', { name: 'This kiosk is not in service' }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByLabel('Kiosk token').count()).toBe(0);
    await shot(page, 'desktop-not-in-service');
    // The lock is still there for staff.
    expect(await page.getByRole('button', { name: 'Staff: leave kiosk mode' }).count()).toBe(1);
    await d.close();
  });
});
