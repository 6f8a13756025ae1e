// XSS: HTML, <script>, <img onerror>, SVG onload and javascript: payloads stored in every text
// field (subject, description, location, message bodies, display names, category names,
// kiosk names, kiosk contact fields), then rendered in Chromium on the queue, the ticket
// screen, the admin screens (users, categories, kiosks), the analytics screen and the kiosk
// lookup. No payload may run (they set window.__xss and call alert: dialogs are listened for)
// and each shows as literal text. Also: the analytics CSV export of a category named
// `=HYPERLINK("http://x","y")` is neutralised (spec 1.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { SCREENS, launch, openContext, settle, shot, signIn, startGuiHub, type Watched } from '../e2e/support.ts';
import { parseCsv } from '../analytics/png.ts';

/** A payload for field `tag`, short enough for 100-character fields. */
const short = (tag: string) => `${tag}<img src=x onerror="window.__xss='${tag}';alert(1)"><svg onload="alert(2)">`;
/** A longer payload for subjects, descriptions and message bodies. */
const long = (tag: string) => `${short(tag)}<script>window.__xss='${tag}';alert(3)</script><a href="javascript:alert(4)">go</a><iframe src="javascript:alert(5)"></iframe>`;
const FORMULA = '=HYPERLINK("http://x","y")';

const P = {
  subject: long('S'), description: long('D'), location: short('L'), reply: long('R'), note: long('N'),
  reporterName: short('RN'), agentName: short('AN'), categoryName: short('CN'), kioskName: short('KN'),
  kioskSubject: long('KS'), kioskDescription: long('KD'), contactName: short('CT'), contactEmail: '<svg/onload=alert(6)>@x.io',
  kioskReply: long('KR'),
};

let hub: TestHub;
let browser: Browser;
let ticketId = 0;
let kioskTicket = { ticketId: 0, reference: '' };

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
  const admin = await hub.setupAdmin();
  const rep = await hub.ok('users.create', { username: 'rita', password: 'rita-password', displayName: P.reporterName, role: 'reporter' }, admin);
  const agent = await hub.ok('users.create', { username: 'agnes', password: 'agnes-password', displayName: P.agentName, role: 'agent' }, admin);
  const reporter = (await hub.ok('auth.login', { username: 'rita', password: 'rita-password' })).token as string;
  const agentToken = (await hub.ok('auth.login', { username: 'agnes', password: 'agnes-password' })).token as string;
  await hub.ok('categories.create', { slug: 'xss', name: P.categoryName }, admin);
  await hub.ok('categories.create', { slug: 'formula', name: FORMULA }, admin);
  const t = await hub.ok('tickets.create', { subject: P.subject, description: P.description, category: 'xss', location: P.location }, reporter);
  ticketId = t.id;
  await hub.ok('tickets.create', { subject: 'Formula category ticket', description: 'For the CSV export', category: 'formula' }, reporter);
  await hub.ok('messages.add', { ticketId, body: P.reply }, reporter);
  await hub.ok('messages.add', { ticketId, body: P.note, internal: true }, agentToken);
  const current = await hub.ok('tickets.get', { id: ticketId }, admin);
  await hub.ok('tickets.update', { id: ticketId, version: current.version, assigneeId: agent.id }, admin);
  const k = await hub.ok('kiosks.create', { name: P.kioskName }, admin);
  kioskTicket = await hub.ok('kiosk.submit', {
    category: 'xss', subject: P.kioskSubject, description: P.kioskDescription, location: P.location, contactName: P.contactName, contactEmail: P.contactEmail,
  }, k.token);
  await hub.ok('messages.add', { ticketId: kioskTicket.ticketId, body: P.kioskReply }, agentToken);
  expect(rep.displayName).toBe(P.reporterName); // stored exactly as sent
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

/** Listens for dialogs (alert, confirm, prompt) and records them. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  return dialogs;
}

/** Nothing ran, no payload became markup, and each payload shows as literal text. */
async function expectInert(w: Watched, dialogs: string[], where: string, shown: readonly string[]): Promise<void> {
  await settle(w.page);
  expect(dialogs, `${where}: dialogs`).toEqual([]);
  expect(await w.page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `${where}: window.__xss`).toBeUndefined();
  const injected = await w.page.evaluate(() => [...document.querySelectorAll('img[onerror], svg[onload], script:not([src]), iframe, a[href^="javascript:"]')].map((e) => e.outerHTML.slice(0, 80)));
  expect(injected, `${where}: payload elements in the DOM`).toEqual([]);
  const text = await w.page.evaluate(() => document.documentElement.textContent ?? '');
  for (const p of shown) expect(text, `${where}: shows ${p.slice(0, 30)}… as text`).toContain(p);
}

describe('stored XSS payloads render as text', () => {
  it('on the queue, the ticket screen, the admin screens and the analytics screen', async () => {
    const w = await openContext(browser, hub);
    const dialogs = watchDialogs(w.page);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'admin', 'admin-password');
    await page.waitForURL(/#\/queue$/);
    await page.getByText('S<img').first().waitFor();
    await expectInert(w, dialogs, 'queue', [P.subject, P.reporterName, P.agentName]);
    await shot(page, 'xss-queue');

    await page.goto(`/#/tickets/${ticketId}`);
    await page.getByText(P.reply).first().waitFor();
    await expectInert(w, dialogs, 'ticket', [P.subject, P.description, P.location, P.reply, P.note, P.reporterName, P.agentName]);
    await shot(page, 'xss-ticket');

    await page.goto(`/#/tickets/${kioskTicket.ticketId}`);
    await page.getByText(P.kioskReply).first().waitFor();
    await expectInert(w, dialogs, 'kiosk ticket', [P.kioskSubject, P.kioskDescription, P.contactName, P.contactEmail, P.kioskName]);
    await shot(page, 'xss-kiosk-ticket');

    for (const [route, shown] of [
      ['/#/admin/users', [P.reporterName, P.agentName]],
      ['/#/admin/categories', [P.categoryName, FORMULA]],
      ['/#/admin/kiosks', [P.kioskName]],
    ] as const) {
      await page.goto(route);
      await page.getByText(shown[0]).first().waitFor();
      await expectInert(w, dialogs, route, shown);
      await shot(page, `xss-${route.split('/').pop()}`);
    }

    await page.goto('/#/analytics');
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    await page.locator('[data-chart="active"] .recharts-wrapper > svg.recharts-surface').waitFor();
    await expectInert(w, dialogs, 'analytics', []);
    // The category names reach the charts as text (SVG text or legend), never as markup.
    expect(await page.locator('[data-chart="active"]').textContent()).toContain('CN<img');
    await page.locator('[data-chart="active"]').scrollIntoViewIfNeeded();
    await page.locator('[data-chart="active"]').screenshot({ path: join(SCREENS, 'xss-analytics-active.png') });

    // The active-by-category export: the formula name leads with an apostrophe; the payload stays literal.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Active tickets by category data as CSV' }).click()]);
    const csv = readFileSync((await download.path()), 'utf8');
    const rows = parseCsv(csv);
    const names = rows.slice(1).map((r) => r[1]);
    expect(names).toContain(`'${FORMULA}`);
    expect(names).toContain(P.categoryName);
    for (const row of rows) for (const cell of row) expect(cell, `live formula in ${JSON.stringify(row)}`).not.toMatch(/^[=+\-@\t\r]/);

    expect(w.errors, 'console errors').toEqual([]);
    await w.context.close();
  });

  it('on the kiosk lookup', async () => {
    const w = await openContext(browser, hub);
    const dialogs = watchDialogs(w.page);
    const { page } = w;
    // The kiosk page asks to be paired first (lookup itself needs no token on the API).
    const admin = (await hub.ok('auth.login', { username: 'admin', password: 'admin-password' })).token as string;
    const k = await hub.ok('kiosks.create', { name: 'Lookup tablet' }, admin);
    await page.goto(`/kiosk#pair=${k.token}`);
    await page.getByRole('button', { name: 'Check my ticket' }).click();
    await page.getByLabel('Ticket number').fill(String(kioskTicket.ticketId));
    await page.getByLabel('Reference code').fill(kioskTicket.reference);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByTestId('lookup-replies').waitFor();
    await expectInert(w, dialogs, 'kiosk lookup', [P.kioskReply]);
    await shot(page, 'xss-kiosk-lookup');
    expect(w.errors, 'console errors').toEqual([]);
    await w.context.close();
  });
});
