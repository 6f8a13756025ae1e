// Every page the hub serves loads under its strict Content-Security-Policy without a single
// violation or console error: the setup page, the sign-in page, the staff screens (queue,
// ticket, analytics, admin) and the kiosk page, in Chromium. A library that probes for
// `eval` (zod 4's JIT does unless `jitless` is set) shows up here as a
// `securitypolicyviolation` event, even when the library swallows the error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { launch, openContext, signIn, startGuiHub, settle } from '../e2e/support.ts';

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

/** Records CSP violations from the first script on, before any of the page's own code runs. */
async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

const violations = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

describe('pages under the Content-Security-Policy', () => {
  it('the setup page, the staff screens and the kiosk page load without a CSP violation or console error', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await watchCsp(page);
    const seen: Record<string, string[]> = {};

    // First load of `/` on a new database: the setup page, which validates with zod.
    await page.goto('/');
    await page.getByRole('button', { name: /create/i }).first().waitFor();
    await settle(page);
    seen['/ (setup)'] = await violations(page);
    const admin = await hub.setupAdmin();
    const { id } = await hub.ok('tickets.create', { subject: 'Projector flickers', description: 'Room 101', category: 'technical_it' }, admin);

    await page.goto('/#/login');
    await page.reload(); // the setup page learns about the new admin on a fresh load
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    seen['/ (sign-in)'] = await violations(page);
    await signIn(page, 'admin', 'admin-password');
    await page.waitForURL(/#\/queue$/);
    await settle(page);
    seen['/#/queue'] = await violations(page);
    for (const [route, ready] of [
      [`/#/tickets/${id}`, 'Projector flickers'],
      ['/#/analytics', 'Analytics'],
      ['/#/admin/users', 'Ada Admin'],
    ] as const) {
      await page.goto(route);
      await page.getByText(ready).first().waitFor();
      await settle(page);
      seen[route] = await violations(page);
    }

    const k = await openContext(browser, hub);
    await watchCsp(k.page);
    await k.page.goto('/kiosk');
    await k.page.locator('button').first().waitFor();
    await settle(k.page);
    seen['/kiosk'] = await violations(k.page);

    expect(seen).toEqual({
      '/ (setup)': [], '/ (sign-in)': [], '/#/queue': [], [`/#/tickets/${id}`]: [], '/#/analytics': [], '/#/admin/users': [], '/kiosk': [],
    });
    expect(w.errors, 'console errors of the staff app').toEqual([]);
    expect(k.errors, 'console errors of the kiosk page').toEqual([]);
    expect(w.foreign).toEqual([]);
    await w.context.close();
    await k.context.close();
  });
});
