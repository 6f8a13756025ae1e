// The helpdesk app as the desktop window runs it: `window.campusdesk` present and every
// call going through the real IPC dispatcher (src-main/transport/ipc.ts) as the main window
// (app://campusdesk/index.html). Electron itself is not needed: a Playwright binding carries
// the calls to the dispatcher in this process, and a few lines in the page stand in for the
// preload script. The renderer must keep no token: the dispatcher holds the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { IpcDispatcher, pageUrl } from '../../src-main/transport/ipc.ts';
import { signIn, signOut, startGui, stopGui } from './support.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;

beforeAll(async () => { ({ hub, browser, admin } = await startGui([['agnes', 'agent']])); });
afterAll(() => stopGui({ hub, browser }));

const MAIN_SENDER = { id: 3, url: pageUrl('main') };

async function openDesktopWindow(): Promise<{ page: Page; context: BrowserContext; dispatcher: IpcDispatcher; calls: string[]; http: string[] }> {
  const dispatcher = new IpcDispatcher(hub.app.registry, { kioskToken: () => null });
  const calls: string[] = [];
  const http: string[] = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, baseURL: hub.url });
  await context.exposeBinding('__campusdeskIpc', async (_source, name: string, input: unknown) => {
    calls.push(name);
    return dispatcher.invoke(MAIN_SENDER, name, input);
  });
  await context.addInitScript(() => {
    type Reply = { ok: true; result: unknown } | { ok: false; error: unknown };
    const ipc = (window as unknown as { __campusdeskIpc: (name: string, input: unknown) => Promise<Reply> }).__campusdeskIpc;
    Object.defineProperty(window, 'campusdesk', {
      value: Object.freeze({
        platform: 'desktop',
        invoke: async (name: string, input?: unknown) => {
          const reply = await ipc(name, input ?? {});
          if (reply.ok) return reply.result;
          throw reply.error;
        },
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the bridge rejects with the API's plain error object
        saveFile: () => Promise.reject({ code: 'FORBIDDEN', message: 'not here', details: [] }),
      }),
    });
  });
  const page = await context.newPage();
  page.on('request', (r) => { if (r.url().includes('/api/')) http.push(r.url()); });
  return { page, context, dispatcher, calls, http };
}

describe('the app in the desktop window (IPC)', () => {
  it('signs in, works and signs out over IPC, keeping no token in the page', async () => {
    const d = await openDesktopWindow();
    const { page } = d;
    await page.goto('/');
    await page.waitForURL(/#\/login$/);
    await signIn(page, 'agnes', 'agnes-password');
    await page.waitForURL(/#\/queue$/);
    expect(d.dispatcher.hasSession(MAIN_SENDER.id)).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('campusdesk.token'))).toBeNull();

    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.keyboard.press('n');
    await page.getByLabel(/^Subject/).fill('Beamer remote missing in H1');
    await page.getByLabel(/^Description/).fill('The remote is gone since Monday.');
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Technical IT' }).click();
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.waitForURL(/#\/tickets\/\d+$/);
    await expect.poll(() => page.getByTestId('ticket-subject').textContent()).toBe('Beamer remote missing in H1');

    // A reload keeps the window's session (held by the main process).
    await page.reload();
    await expect.poll(() => page.getByTestId('ticket-subject').textContent()).toBe('Beamer remote missing in H1');

    // The session ends elsewhere (an admin sets a new password): back to the login, then here.
    const id = Number(page.url().split('/').pop());
    const agnes = (await hub.ok('users.list', { q: 'agnes' }, admin)).items[0];
    await hub.ok('users.update', { id: agnes.id, password: 'agnes-new-password' }, admin);
    await page.getByRole('button', { name: 'Reload the ticket' }).click();
    await page.waitForURL(/#\/login\?returnTo=/);
    await signIn(page, 'agnes', 'agnes-new-password');
    await page.waitForURL(new RegExp(`#/tickets/${id}$`));

    await signOut(page);
    expect(d.dispatcher.hasSession(MAIN_SENDER.id)).toBe(false);
    expect(d.http).toEqual([]);
    expect(d.calls).toContain('auth.logout');
    await d.context.close();
  });
});
