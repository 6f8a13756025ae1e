// Accessibility of every screen, in Chromium against a real hub: axe-core (WCAG 2.0/2.1 A and
// AA rules) on login, setup, queue, ticket (staff and reporter), new ticket, my tickets,
// analytics, each admin tab, and the kiosk's home, form, lookup and pairing screens — in the
// light and the dark theme, with no serious or critical violation allowed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it as vitestIt } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { ROOT, launch, settle, startGuiHub, plainPage, signedInPage } from './support.ts';

/** Each test visits several screens and runs axe twice on each: more time than one check needs. */
const it = (name: string, fn: () => Promise<void>) => vitestIt(name, fn, 180_000);

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

let hub: TestHub;
let browser: Browser;
let admin: string;
let ticketId: number;
let kioskToken: string;

interface Violation { id: string; impact: string | null; help: string; nodes: string[] }

/** axe-core on the page as it is (injected by evaluate: the hub's CSP forbids inline scripts). */
async function axe(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const a = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; html: string; failureSummary?: string }[] }[] }> } }).axe;
    const r = await a.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} ${(n.failureSummary ?? '').slice(0, 200)}`) }));
  });
}

/** Runs axe in both themes; returns the serious and critical violations, named by theme. */
async function seriousInBothThemes(page: Page, screen: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await settle(page);
    for (const v of await axe(page)) {
      if (v.impact === 'serious' || v.impact === 'critical') found.push(`${screen} (${scheme}): ${v.id} [${v.impact}] ${v.help} — ${v.nodes.join(' | ')}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (found.length > 0) console.log(found.join('\n'));
  return found;
}

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

const newPage = (): Promise<Page> => plainPage(browser, hub);
const signedIn = (username: string): Promise<Page> => signedInPage(browser, hub, username);

describe('axe-core: no serious or critical violations, light and dark', () => {
  it('setup (first run) and login', async () => {
    const page = await newPage();
    await page.goto('/#/setup');
    await page.getByRole('button', { name: /Create/ }).waitFor();
    const found = await seriousInBothThemes(page, 'setup');
    // Now the first admin exists, and the rest of the world.
    admin = await hub.setupAdmin();
    await hub.user(admin, 'agnes', 'agent');
    await hub.user(admin, 'rita', 'reporter');
    const rita = await hub.ok<{ token: string }>('auth.login', { username: 'rita', password: 'rita-password' });
    ticketId = (await hub.ok<{ id: number }>('tickets.create', { subject: 'Heating in the library is off', description: 'Cold since Monday.', category: 'facility_management', location: 'Library, 2nd floor' }, rita.token)).id;
    await hub.ok('messages.add', { ticketId, body: 'We sent a technician.' }, admin);
    await hub.ok('messages.add', { ticketId, body: 'Valve replaced; check tomorrow.', internal: true }, admin);
    const { version } = await hub.ok<{ version: number }>('tickets.get', { id: ticketId }, admin);
    await hub.ok('tickets.setStatus', { id: ticketId, status: 'waiting', version }, admin);
    kioskToken = (await hub.ok<{ token: string }>('kiosks.create', { name: 'Library entrance' }, admin)).token;

    await page.goto('/#/login');
    await page.reload(); // the page asked whether setup is needed when it loaded
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    found.push(...await seriousInBothThemes(page, 'login'));
    expect(found).toEqual([]);
    await page.context().close();
  });

  it('staff screens: queue, ticket, new ticket, analytics, each admin tab', async () => {
    const page = await signedIn('admin');
    const found: string[] = [];
    await page.locator('tbody tr[data-ticket-id]').first().waitFor();
    found.push(...await seriousInBothThemes(page, 'queue'));
    await page.goto(`/#/tickets/${ticketId}`);
    await page.getByTestId('ticket-subject').waitFor();
    found.push(...await seriousInBothThemes(page, 'ticket (staff)'));
    await page.goto('/#/new');
    await page.getByRole('button', { name: 'Create ticket' }).waitFor();
    found.push(...await seriousInBothThemes(page, 'new ticket'));
    await page.goto('/#/analytics');
    await page.locator('[data-chart="workload"] .recharts-wrapper > svg').waitFor();
    found.push(...await seriousInBothThemes(page, 'analytics'));
    for (const tab of ['users', 'categories', 'kiosks']) {
      await page.goto(`/#/admin/${tab}`);
      await page.locator('table').first().waitFor();
      found.push(...await seriousInBothThemes(page, `admin ${tab}`));
    }
    expect(found).toEqual([]);
    await page.context().close();
  });

  it('reporter screens: my tickets and a ticket', async () => {
    const page = await signedIn('rita');
    const found: string[] = [];
    await page.locator('[data-ticket-id]').first().waitFor();
    found.push(...await seriousInBothThemes(page, 'my tickets'));
    await page.goto(`/#/tickets/${ticketId}`);
    await page.getByTestId('ticket-subject').waitFor();
    found.push(...await seriousInBothThemes(page, 'ticket (reporter)'));
    expect(found).toEqual([]);
    await page.context().close();
  });

  it('kiosk: pairing, home, form, lookup', async () => {
    const page = await newPage();
    const found: string[] = [];
    await page.goto('/kiosk');
    await page.locator('[data-screen="pairing"]').waitFor();
    await settle(page);
    found.push(...await seriousInBothThemes(page, 'kiosk pairing'));
    await page.goto(`/kiosk#pair=${kioskToken}`);
    await page.locator('[data-screen="home"] [data-category]').first().waitFor();
    found.push(...await seriousInBothThemes(page, 'kiosk home'));
    await page.locator('[data-category="technical_it"]').click();
    await page.locator('[data-screen="form"]').waitFor();
    found.push(...await seriousInBothThemes(page, 'kiosk form'));
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    found.push(...await seriousInBothThemes(page, 'kiosk form with errors'));
    await page.getByRole('button', { name: /Start over/ }).click();
    await page.getByRole('button', { name: 'Check my ticket' }).click();
    await page.locator('[data-screen="lookup"]').waitFor();
    found.push(...await seriousInBothThemes(page, 'kiosk lookup'));
    expect(found).toEqual([]);
    await page.context().close();
  });
});

// The keyboard (every control reached by Tab, each with a visible focus, on every screen and
// in both themes; menus and dialogs by keys) is checked in keyboard.test.ts.
