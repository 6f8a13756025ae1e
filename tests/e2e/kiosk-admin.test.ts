// Admin → Kiosks in the staff app (Chromium, real hub): register a kiosk and see its token
// once (copy button, kiosk link that pairs a tablet), the list with reports, revoke. And
// the other side: the kiosk's tickets in the agents' view with channel kiosk and contact.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { SCREENS, expectClean, openContext, signIn, startGui, stopGui } from './support.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;

beforeAll(async () => { ({ hub, browser, admin } = await startGui([])); });
afterAll(() => stopGui({ hub, browser }));

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.waitForFunction(() => document.fonts.status === 'loaded');
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENS, `kiosk-${name}.png`), fullPage });
}

describe('Admin → Kiosks', () => {
  it('registers a kiosk, shows its token once with a copy button, lists and revokes it', async () => {
    const w = await openContext(browser, hub);
    const { page, context } = w;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
    await page.goto('/#/login');
    await signIn(page, 'admin', 'admin-password');
    await page.waitForURL(/#\/(queue|tickets)/);
    await page.goto('/#/admin/kiosks');
    await expect.poll(() => page.getByRole('heading', { name: 'Register a kiosk' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByText('No kiosks yet').isVisible()).toBe(true);
    await shot(page, 'admin-empty');

    // Bad input is caught before sending.
    await page.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => page.getByText('Name must not be empty').isVisible()).toBe(true);

    await page.getByLabel(/^Name/).fill('Library entrance');
    await page.getByLabel('Location (optional)').fill('Library, ground floor, next to the lifts');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: /Kiosk “Library entrance” registered/ }).isVisible()).toBe(true);
    const token = await page.getByTestId('kiosk-token').inputValue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const link = await page.getByTestId('kiosk-link').inputValue();
    expect(link).toBe(`${hub.url}/kiosk#pair=${token}`);
    await page.getByRole('button', { name: 'Copy kiosk token' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await expect.poll(() => page.getByRole('tooltip', { name: 'Copied' }).isVisible().catch(() => false)).toBe(true);
    await shot(page, 'admin-token');
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // The token is not shown again anywhere.
    expect(await page.content()).not.toContain(token);

    // The kiosk link pairs a tablet, which then reports.
    const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tp = await tablet.newPage();
    await tp.goto(link);
    await expect.poll(() => tp.locator('[data-screen="home"]').count(), { timeout: 15_000 }).toBe(1);
    await tablet.close();
    const sent = await hub.ok('kiosk.submit', {
      category: 'technical_it', subject: 'Printer out of toner', description: 'The printer by the entrance prints blank pages.',
      location: 'Library, ground floor', contactName: 'Kim Walker', contactPhone: '+49 30 1234567',
    }, token);

    await page.reload();
    const row = page.locator('tr', { hasText: 'Library entrance' });
    await expect.poll(() => row.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await row.textContent()).toContain('Active');
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('1');
    await shot(page, 'admin-list');

    // Revoke, after a confirmation.
    await row.getByRole('button', { name: 'Revoke Library entrance' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: /Revoke “Library entrance”/ }).isVisible()).toBe(true);
    await shot(page, 'admin-revoke');
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.textContent()).toContain('Revoked');
    expect(await row.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    await shot(page, 'admin-revoked');
    expect((await hub.call('kiosk.submit', { category: 'technical_it', subject: 'S', description: 'D' }, token)).status).toBe(401);

    // The agents' side: the kiosk ticket with channel kiosk and the contact.
    await page.goto(`/#/tickets/${sent.ticketId}`);
    await expect.poll(() => page.getByText('Printer out of toner').first().isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByText('Kim Walker').first().isVisible()).toBe(true);
    await shot(page, 'ticket-for-agents', true);
    expectClean(w);
    await context.close();
  });

  it('is for admins only: an agent gets no kiosk data', async () => {
    await hub.user(admin, 'alex', 'agent');
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'alex', 'alex-password');
    await page.waitForURL(/#\/(queue|tickets)/);
    const calls: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/v1/kiosks.')) calls.push(r.url()); });
    await page.goto('/#/admin/kiosks');
    await page.waitForTimeout(1000);
    expect(await page.getByRole('heading', { name: 'Register a kiosk' }).count()).toBe(0);
    expect(calls).toEqual([]);
    await w.context.close();
  });
});
