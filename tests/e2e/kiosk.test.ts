// The browser kiosk (/kiosk) in Chromium against a real hub: pairing, the walk-up report and
// its confirmation, both reset timers under Playwright's controlled clock, "Check my
// ticket", a revoked token, the rate limit, and that nothing leads to staff screens or data.
// Screenshots of every kiosk screen go to tests/artifacts/screens/kiosk-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { launch, SCREENS, startGuiHub } from './support.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;
let agent: string;

const KIOSK_VIEWPORT = { width: 1280, height: 800 }; // a 10" tablet, landscape

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
  admin = await hub.setupAdmin();
  agent = (await hub.user(admin, 'alex', 'agent')).token;
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

interface KioskPage {
  page: Page;
  /** Every /api/v1 procedure the page called, in order. */
  calls: string[];
  /** Every URL the page requested. */
  urls: string[];
  errors: string[];
  close(): Promise<void>;
}

async function openKiosk(opts: { clock?: boolean; viewport?: { width: number; height: number } } = {}): Promise<KioskPage> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? KIOSK_VIEWPORT, hasTouch: true, locale: 'en-GB', timezoneId: 'Europe/Berlin', baseURL: hub.url, colorScheme: 'light',
  });
  const page = await context.newPage();
  if (opts.clock) await page.clock.install();
  const calls: string[] = [];
  const urls: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    urls.push(r.url());
    const m = /\/api\/v1\/([^?]+)/.exec(r.url());
    if (m?.[1]) calls.push(m[1]);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, calls, urls, errors, close: () => context.close() };
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.waitForFunction(() => document.fonts.status === 'loaded');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENS, `kiosk-${name}.png`), fullPage });
}

const newKiosk = async (name: string) => hub.ok<{ id: number; name: string; token: string }>('kiosks.create', { name, location: 'Library, ground floor' }, admin);

const screenIs = (page: Page, kind: string) => expect.poll(() => page.locator(`[data-screen="${kind}"]`).count(), { timeout: 15_000 }).toBe(1);

/** Stops the page's clock where it is: from now on only runFor/fastForward move it. */
async function freezeClock(page: Page): Promise<void> {
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 1000);
}

/** Pairs the page through the kiosk link an admin would open (/kiosk#pair=<token>). */
async function pairByLink(page: Page, token: string): Promise<void> {
  await page.goto(`/kiosk#pair=${token}`);
  await screenIs(page, 'home');
  expect(new URL(page.url()).hash).toBe(''); // the token does not stay in the address bar
}

async function fillReport(page: Page, values: { subject: string; details?: string; building: string; room?: string; name?: string; contact?: string }): Promise<void> {
  await page.getByLabel(/^In a few words/).fill(values.subject);
  if (values.details !== undefined) await page.getByLabel('More details (optional)').fill(values.details);
  await page.getByLabel(/^Building/).fill(values.building);
  if (values.room !== undefined) await page.getByLabel('Room (optional)').fill(values.room);
  if (values.name !== undefined) await page.getByLabel('Your name').fill(values.name);
  if (values.contact !== undefined) await page.getByLabel('Email or phone').fill(values.contact);
}

const countdownSeconds = async (page: Page, testId: string): Promise<number> =>
  Number(/(\d+) s/.exec((await page.getByTestId(testId).textContent()) ?? '')?.[1] ?? NaN);

describe('browser kiosk', () => {
  it('pairs once with the kiosk token (kept in the browser), refusing a wrong one', async () => {
    const k = await newKiosk('Pairing tablet');
    const kp = await openKiosk();
    const { page } = kp;
    await page.goto('/kiosk');
    await screenIs(page, 'pairing');
    await expect.poll(() => page.getByRole('heading', { name: 'Set up this kiosk' }).isVisible()).toBe(true);
    await shot(page, 'pairing');

    await page.getByLabel('Kiosk token').fill('not-a-real-kiosk-token-000000000000');
    await page.getByRole('button', { name: 'Pair this kiosk' }).click();
    await expect.poll(() => page.getByText('This kiosk token is unknown or was revoked').isVisible()).toBe(true);
    await shot(page, 'pairing-wrong-token');

    await page.getByLabel('Kiosk token').fill(k.token);
    await page.getByRole('button', { name: 'Pair this kiosk' }).click();
    await screenIs(page, 'home');
    expect(await page.evaluate(() => localStorage.getItem('campusdesk.kioskToken'))).toBe(k.token);
    // Checking the token created nothing.
    expect((await hub.ok('kiosks.list', {}, admin)).items.find((i: { id: number }) => i.id === k.id).submissions).toBe(0);

    await page.reload();
    await screenIs(page, 'home');
    await expect.poll(() => page.locator('[data-category]').count()).toBe(3);
    await shot(page, 'home');
    expect(kp.errors).toEqual([]);
    await kp.close();
  });

  it('submits a report: category tile → form → confirmation with number and reference; back to the start after 20 s', async () => {
    const k = await newKiosk('Report tablet');
    const kp = await openKiosk({ clock: true });
    const { page } = kp;
    await pairByLink(page, k.token);
    await freezeClock(page);

    await page.locator('[data-category="technical_it"]').tap();
    await screenIs(page, 'form');
    await expect.poll(() => page.getByRole('button', { name: /Technical IT/, pressed: true }).isVisible()).toBe(true);
    await shot(page, 'form-empty');

    // Nothing filled in: the form says what is missing and sends nothing.
    const callsBefore = kp.calls.length;
    await page.getByRole('button', { name: 'Send report' }).tap();
    await expect.poll(() => page.getByText('Tell us briefly what is wrong').isVisible()).toBe(true);
    await expect(page.getByText('Tell us which building').isVisible()).resolves.toBe(true);
    expect(kp.calls.length).toBe(callsBefore);

    await fillReport(page, {
      subject: 'Projector does not turn on', details: 'The projector in the lecture hall stays dark; the remote does nothing.',
      building: 'Main building', room: '204', name: 'Kim Walker', contact: 'kim@example',
    });
    await page.getByRole('button', { name: 'Send report' }).tap();
    await expect.poll(() => page.getByText('Email must look like name@example.edu').isVisible()).toBe(true);
    await shot(page, 'form-errors', true);
    await page.getByLabel('Email or phone').fill('kim@example.edu');
    await shot(page, 'form-filled', true);

    await page.getByRole('button', { name: 'Send report' }).tap();
    await screenIs(page, 'done');
    const ticketId = Number(await page.getByTestId('ticket-number').textContent());
    const reference = ((await page.getByTestId('reference').textContent()) ?? '').replace(/\s/g, '');
    expect(reference).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    await expect.poll(() => countdownSeconds(page, 'confirmation-countdown')).toBe(20);
    await shot(page, 'confirmation');

    // What the agents get.
    const t = await hub.ok('tickets.get', { id: ticketId }, agent);
    expect(t).toMatchObject({
      subject: 'Projector does not turn on', description: 'The projector in the lecture hall stays dark; the remote does nothing.',
      category: 'technical_it', location: 'Main building, room 204', channel: 'kiosk', reporter: null, status: 'open',
      contact: { name: 'Kim Walker', email: 'kim@example.edu', phone: null },
    });
    expect(await hub.ok('kiosk.lookup', { ticketId, reference })).toMatchObject({ ticketId, status: 'open' });

    // The 20-second timer, on the page's controlled clock.
    await page.clock.runFor(10_000);
    await screenIs(page, 'done');
    await expect.poll(() => countdownSeconds(page, 'confirmation-countdown')).toBe(10);
    await page.clock.runFor(9_000);
    await screenIs(page, 'done');
    await page.clock.runFor(1_000);
    await screenIs(page, 'home');

    // A one-line report: the description repeats the subject; no contact, no room.
    await page.locator('[data-category="facility_management"]').tap();
    await fillReport(page, { subject: 'Broken chair', building: 'Library' });
    await page.getByRole('button', { name: 'Send report' }).tap();
    await screenIs(page, 'done');
    const second = await hub.ok('tickets.get', { id: Number(await page.getByTestId('ticket-number').textContent()) }, agent);
    expect(second).toMatchObject({ subject: 'Broken chair', description: 'Broken chair', location: 'Library', contact: null, category: 'facility_management' });
    // "Done" goes back at once.
    await page.getByRole('button', { name: 'Done' }).tap();
    await screenIs(page, 'home');
    expect(kp.errors).toEqual([]);
    await kp.close();
  });

  it('clears a half-filled form after 90 s idle, after a visible countdown; a touch keeps it', async () => {
    const k = await newKiosk('Idle tablet');
    const kp = await openKiosk({ clock: true });
    const { page } = kp;
    await pairByLink(page, k.token);
    await freezeClock(page);
    await page.locator('[data-category="services_complaints"]').tap();
    await fillReport(page, { subject: 'Canteen closed early', building: 'Student centre', name: 'Sam' });

    // 60 s idle: nothing yet.
    await page.clock.fastForward(60_000);
    await page.clock.runFor(500);
    expect(await page.getByTestId('idle-countdown').count()).toBe(0);
    // 80 s idle: the countdown shows.
    await page.clock.fastForward(20_000);
    await page.clock.runFor(500);
    await expect.poll(() => page.getByTestId('idle-countdown').isVisible()).toBe(true);
    expect(await countdownSeconds(page, 'idle-countdown')).toBe(9); // 81 s idle
    await shot(page, 'idle-countdown');

    // "I'm still here" keeps the form as it was and restarts the 90 s.
    await page.getByRole('button', { name: 'I’m still here' }).tap();
    await page.clock.runFor(1000);
    await expect.poll(() => page.getByTestId('idle-countdown').count()).toBe(0);
    expect(await page.getByLabel(/^In a few words/).inputValue()).toBe('Canteen closed early');
    await page.clock.fastForward(70_000);
    await page.clock.runFor(500);
    expect(await page.getByTestId('idle-countdown').count()).toBe(0);
    await screenIs(page, 'form');

    // Typing counts as activity too.
    await page.getByLabel('Room (optional)').fill('Ground floor');
    await page.clock.fastForward(70_000);
    await page.clock.runFor(500);
    expect(await page.getByTestId('idle-countdown').count()).toBe(0);

    // Then nobody (80 s since the typing): the countdown runs out and the start screen comes back; the form is empty.
    await page.clock.fastForward(10_000);
    await page.clock.runFor(500);
    await expect.poll(() => page.getByTestId('idle-countdown').isVisible()).toBe(true);
    await page.clock.runFor(16_000);
    await screenIs(page, 'home');
    await expect.poll(() => page.getByTestId('idle-countdown').count()).toBe(0);
    await page.locator('[data-category="services_complaints"]').tap();
    expect(await page.getByLabel(/^In a few words/).inputValue()).toBe('');
    expect(await page.getByLabel('Your name').inputValue()).toBe('');
    // Nothing was sent.
    expect((await hub.ok('kiosks.list', {}, admin)).items.find((i: { id: number }) => i.id === k.id).submissions).toBe(0);

    // The lookup screens clear the same way.
    await page.getByRole('button', { name: 'Start over' }).tap();
    await page.getByRole('button', { name: 'Check my ticket' }).tap();
    await page.getByLabel('Ticket number').fill('12');
    await page.clock.fastForward(91_000);
    await page.clock.runFor(16_000);
    await screenIs(page, 'home');
    expect(kp.errors).toEqual([]);
    await kp.close();
  });

  it('"Check my ticket" shows the status and public replies, never internal notes; a wrong pair finds nothing', async () => {
    const k = await newKiosk('Lookup tablet');
    const { ticketId, reference } = await hub.ok('kiosk.submit', {
      category: 'facility_management', subject: 'Heating off in room 12', description: 'Radiators cold since Monday.', location: 'Old building, room 12',
    }, k.token);
    await hub.ok('messages.add', { ticketId, body: 'Thanks! A technician will come by tomorrow morning.' }, agent);
    await hub.ok('messages.add', { ticketId, body: 'INTERNAL: boiler part on order, supplier is slow', internal: true }, agent);
    const t = await hub.ok('tickets.get', { id: ticketId }, agent);
    await hub.ok('tickets.setStatus', { id: ticketId, status: 'in_progress', version: t.version }, agent);
    await hub.ok('messages.add', { ticketId, body: 'The valve is replaced; please tell us if it is still cold.' }, agent);

    const kp = await openKiosk();
    const { page } = kp;
    await pairByLink(page, k.token);
    await page.getByRole('button', { name: 'Check my ticket' }).tap();
    await screenIs(page, 'lookup');
    await shot(page, 'lookup');

    // Wrong reference: nothing found.
    await page.getByLabel('Ticket number').fill(String(ticketId));
    await page.getByLabel('Reference code').fill(reference === 'ABCD2345' ? 'ABCD2346' : 'ABCD2345');
    await page.getByRole('button', { name: 'Check', exact: true }).tap();
    await expect.poll(() => page.getByText('No ticket matches this number and reference code').isVisible()).toBe(true);
    await shot(page, 'lookup-not-found');

    // The right pair, typed in lower case with a space as people do.
    await page.getByLabel('Reference code').fill(`${reference.slice(0, 4).toLowerCase()} ${reference.slice(4).toLowerCase()}`);
    await page.getByRole('button', { name: 'Check', exact: true }).tap();
    await screenIs(page, 'lookupResult');
    await expect.poll(() => page.getByTestId('lookup-status').getAttribute('data-status')).toBe('in_progress');
    const replies = await page.getByTestId('lookup-replies').locator('li').allTextContents();
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain('A technician will come by tomorrow morning.');
    expect(replies[1]).toContain('The valve is replaced');
    expect(await page.content()).not.toContain('boiler part');
    await shot(page, 'lookup-result', true);

    await page.getByRole('button', { name: 'Done' }).tap();
    await screenIs(page, 'home');
    expect(kp.errors).toEqual([]);
    await kp.close();
  });

  it('a revoked kiosk leaves service: the next report is refused and the kiosk asks to be paired again', async () => {
    const k = await newKiosk('Revoked tablet');
    const kp = await openKiosk();
    const { page } = kp;
    await pairByLink(page, k.token);
    await page.locator('[data-category="technical_it"]').tap();
    await fillReport(page, { subject: 'Printer jammed', building: 'Library' });
    await hub.ok('kiosks.revoke', { id: k.id }, admin);
    await page.getByRole('button', { name: 'Send report' }).tap();
    await screenIs(page, 'pairing');
    await expect.poll(() => page.getByTestId('kiosk-revoked').isVisible()).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('campusdesk.kioskToken'))).toBeNull();
    await shot(page, 'revoked');
    expect((await hub.ok('tickets.list', { q: 'Printer jammed' }, agent)).total).toBe(0);

    // A kiosk revoked while idle on the start screen notices on the next load as well.
    const k2 = await newKiosk('Revoked while idle');
    await pairByLink(page, k2.token);
    await hub.ok('kiosks.revoke', { id: k2.id }, admin);
    await page.reload();
    await screenIs(page, 'pairing');
    await expect.poll(() => page.getByTestId('kiosk-revoked').isVisible()).toBe(true);
    await kp.close();
  });

  it('tells people kindly when the kiosk has taken too many reports', async () => {
    const k = await newKiosk('Busy tablet');
    for (let i = 0; i < 10; i++) {
      await hub.ok('kiosk.submit', { category: 'technical_it', subject: `Report ${i}`, description: 'Filling the allowance' }, k.token);
    }
    const kp = await openKiosk();
    const { page } = kp;
    await pairByLink(page, k.token);
    await page.locator('[data-category="technical_it"]').tap();
    await fillReport(page, { subject: 'Wi-Fi is down', building: 'Library', room: '1.12' });
    await page.getByRole('button', { name: 'Send report' }).tap();
    await expect.poll(() => page.getByTestId('kiosk-problem').isVisible()).toBe(true);
    const text = await page.getByTestId('kiosk-problem').textContent();
    expect(text).toContain('Please wait a few minutes');
    expect(text).toMatch(/try again in \d+ minutes?/);
    // The form keeps what was typed.
    await screenIs(page, 'form');
    expect(await page.getByLabel(/^In a few words/).inputValue()).toBe('Wi-Fi is down');
    await shot(page, 'rate-limited');
    expect((await hub.ok('tickets.list', { q: 'Wi-Fi is down' }, agent)).total).toBe(0);
    await kp.close();
  });

  it('offers no way to any staff screen or data', async () => {
    const k = await newKiosk('Locked tablet');
    const kp = await openKiosk();
    const { page } = kp;
    await pairByLink(page, k.token);
    // Walk every screen.
    await page.locator('[data-category="facility_management"]').tap();
    await fillReport(page, { subject: 'Door stuck', building: 'Gym' });
    await page.getByRole('button', { name: 'Send report' }).tap();
    await screenIs(page, 'done');
    await page.getByRole('button', { name: 'Done' }).tap();
    await page.getByRole('button', { name: 'Check my ticket' }).tap();
    await screenIs(page, 'lookup');

    // No links at all, no router: the page is one document with its own screens.
    expect(await page.locator('a[href]').count()).toBe(0);
    expect(await page.evaluate(() => document.body.querySelectorAll('[href], [action], iframe, form[target]').length)).toBe(0);
    // The page called nothing but the walk-up procedures, and loaded nothing of the staff app.
    expect(new Set(kp.calls)).toEqual(new Set(['kiosk.categories', 'kiosk.submit']));
    expect(kp.urls.filter((u) => !u.startsWith(hub.url))).toEqual([]);
    const scripts = kp.urls.filter((u) => u.endsWith('.js')).map((u) => new URL(u).pathname);
    expect(scripts.some((s) => /\/assets\/index-/.test(s))).toBe(false);
    const html = await (await fetch(`${hub.url}/kiosk`)).text();
    expect(html).not.toMatch(/index-[\w-]+\.js/);
    // Keyboard "back" does not lead anywhere either.
    await page.keyboard.press('Alt+ArrowLeft');
    expect(new URL(page.url()).pathname).toBe('/kiosk');

    // The token the page holds opens nothing but kiosk.submit.
    const answers = await page.evaluate(async () => {
      const token = localStorage.getItem('campusdesk.kioskToken');
      const out: Record<string, number> = {};
      for (const name of ['auth.me', 'tickets.list', 'tickets.get', 'messages.list', 'users.list', 'categories.list', 'kiosks.list', 'analytics.activeByCategory']) {
        const r = await fetch(`/api/v1/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(name.startsWith('tickets.get') ? { id: 1 } : name === 'messages.list' ? { ticketId: 1 } : {}) });
        out[name] = r.status;
      }
      return out;
    });
    expect(Object.values(answers).every((s) => s === 401), JSON.stringify(answers)).toBe(true);
    // The kiosk page is served with the CSP.
    const res = await fetch(`${hub.url}/kiosk`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(kp.errors).toEqual([]);
    await kp.close();
  });

  it('fits a phone-sized screen without sideways scrolling', async () => {
    const k = await newKiosk('Small tablet');
    const kp = await openKiosk({ viewport: { width: 390, height: 844 } });
    const { page } = kp;
    await pairByLink(page, k.token);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(1);
    await shot(page, 'home-narrow', true);
    await page.locator('[data-category="technical_it"]').tap();
    await screenIs(page, 'form');
    expect(await overflow()).toBeLessThanOrEqual(1);
    await shot(page, 'form-narrow', true);
    await kp.close();
  });
});
