// The agent queue in Chromium against a real hub with 130 imported tickets: counts per
// status, keyset pages forward and back, filters and sorting that live in the URL (a
// bookmarked view reproduces the same list), and the keyboard (j/k, Enter, ?, /).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { expectClean, launch, openContext, shotBothThemes, signIn, startGuiHub } from './support.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;
let agnes: { token: string; id: number };

const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const CATEGORIES = ['facility_management', 'technical_it', 'services_complaints'] as const;
const DAY = 24 * 3600 * 1000;
const START = Date.parse('2026-01-01T08:00:00Z');

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
  admin = await hub.setupAdmin();
  agnes = await hub.user(admin, 'agnes', 'agent');
  await hub.user(admin, 'rita', 'reporter');
  const tickets = Array.from({ length: 130 }, (_, i) => {
    const status = STATUSES[i % 5]!;
    const openedAt = new Date(START + i * DAY / 2).toISOString();
    return {
      subject: `Queue ticket ${String(i).padStart(3, '0')}${i % 10 === 0 ? ' radiator cold' : ''}`,
      description: i % 10 === 0 ? 'The radiator stays cold all day.' : `Description of ticket ${i}.`,
      category: CATEGORIES[i % 3]!, status, priority: PRIORITIES[i % 4]!, openedAt,
      ...(status === 'resolved' || status === 'closed' ? { closedAt: new Date(Date.parse(openedAt) + 3600_000).toISOString() } : {}),
      reporterUsername: 'rita',
      ...(i % 4 === 0 ? { assigneeUsername: 'agnes' } : {}),
    };
  });
  await hub.ok('tickets.import', { tickets }, admin);
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

const rowIds = (page: Page) => page.locator('tbody tr[data-ticket-id]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-ticket-id'))));

async function signedInAgent() {
  const w = await openContext(browser, hub);
  await w.page.goto('/#/login');
  await signIn(w.page, 'agnes', 'agnes-password');
  await w.page.waitForURL(/#\/queue$/);
  await w.page.locator('tbody tr[data-ticket-id]').first().waitFor();
  return w;
}

describe('agent queue', () => {
  it('counts per status, and pages forward and back with keyset cursors', async () => {
    const w = await signedInAgent();
    const { page } = w;
    expect(await page.title()).toBe('Queue · CampusDesk');
    for (const s of STATUSES) {
      const total = (await hub.ok('tickets.list', { status: [s], limit: 1 }, agnes.token)).total;
      await expect.poll(() => page.locator(`[data-count="${s}"]`).textContent()).toBe(String(total));
    }
    const active = await hub.ok('tickets.list', { status: ['open', 'in_progress', 'waiting'], limit: 200 }, agnes.token);
    expect(active.total).toBe(78);
    expect(await rowIds(page)).toEqual(active.items.slice(0, 50).map((t: { id: number }) => t.id));
    expect(await page.getByText('1–50 of 78').isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await shotBothThemes(page, 'queue');

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.getByText('51–78 of 78').isVisible()).toBe(true);
    expect(await rowIds(page)).toEqual(active.items.slice(50).map((t: { id: number }) => t.id));
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => page.getByText('1–50 of 78').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    expectClean(w);
    await w.context.close();
  });

  it('filters and sorting live in the URL: clicking changes it, and a bookmarked URL shows the same view', async () => {
    const w = await signedInAgent();
    const { page } = w;
    await page.locator('[data-status-filter="waiting"]').click();
    await page.waitForURL(/status=open%2Cin_progress|status=open,in_progress/);
    await page.getByRole('combobox', { name: 'Assignee' }).click();
    await page.getByRole('option', { name: /^Me/ }).click();
    await page.waitForURL(/assignee=me/);
    await page.getByRole('button', { name: 'Opened' }).click();
    await page.waitForURL(/sort=openedAt/);
    await page.getByRole('button', { name: 'Opened' }).click();
    await page.waitForURL(/order=asc/);
    const expected = await hub.ok('tickets.list', { status: ['open', 'in_progress'], assigneeId: 'me', sort: 'openedAt', order: 'asc' }, agnes.token);
    await expect.poll(() => rowIds(page)).toEqual(expected.items.map((t: { id: number }) => t.id));
    const bookmark = page.url();
    expect(bookmark).toContain('#/queue?');

    // The same address in another browser (signed in there) shows the same list.
    const other = await openContext(browser, hub);
    await other.page.goto(`/${bookmark.slice(bookmark.indexOf('#'))}`);
    await other.page.waitForURL(/#\/login\?returnTo=/);
    await signIn(other.page, 'agnes', 'agnes-password');
    await other.page.waitForURL(/#\/queue\?/);
    expect(other.page.url().slice(other.page.url().indexOf('#'))).toBe(bookmark.slice(bookmark.indexOf('#')));
    await expect.poll(() => rowIds(other.page)).toEqual(expected.items.map((t: { id: number }) => t.id));
    expect(await other.page.locator('[data-status-filter="waiting"]').getAttribute('aria-pressed')).toBe('false');
    await other.context.close();

    // Category, priority and the opened date range (local days, inclusive) from the URL.
    await page.goto('/#/queue?status=all&category=technical_it&priority=high,urgent&from=2026-01-10&to=2026-02-10');
    const ranged = await hub.ok('tickets.list', {
      category: ['technical_it'], priority: ['high', 'urgent'], openedFrom: '2026-01-10T00:00:00+01:00', openedTo: '2026-02-11T00:00:00+01:00', limit: 200,
    }, agnes.token);
    expect(ranged.total).toBeGreaterThan(0);
    await expect.poll(() => rowIds(page)).toEqual(ranged.items.map((t: { id: number }) => t.id));
    expect(await page.getByRole('combobox', { name: 'Category' }).textContent()).toContain('Technical IT');
    expect(await page.getByLabel('Opened from').inputValue()).toBe('2026-01-10');
    await page.mouse.move(0, 0);
    await shotBothThemes(page, 'queue-filtered');

    // Full-text search with no match: the empty state, and one click clears the filters.
    await page.goto('/#/queue?q=nonexistentword');
    await expect.poll(() => page.getByText('No tickets match these filters').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.waitForURL(/#\/queue$/);
    await page.locator('tbody tr[data-ticket-id]').first().waitFor();
    expectClean(w);
    await w.context.close();
  });

  it('keyboard: j/k select, Enter opens, j/k on the ticket page move through the list, ? shows the help, n opens a new ticket', async () => {
    const w = await signedInAgent();
    const { page } = w;
    const ids = await rowIds(page);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('tbody tr[aria-selected="true"]').getAttribute('data-ticket-id')).toBe(String(ids[1]));
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/tickets/${ids[1]}$`));
    await page.getByTestId('ticket-subject').waitFor();
    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`#/tickets/${ids[2]}$`));
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await page.waitForURL(new RegExp(`#/tickets/${ids[0]}$`));
    await page.getByTestId('ticket-subject').waitFor();

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Focus the search field');
    await shotBothThemes(page, 'shortcuts-help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    // Typing in a field is not a shortcut.
    await page.getByLabel('Reply to the reporter').fill('');
    await page.getByLabel('Reply to the reporter').press('n');
    expect(page.url()).toMatch(/#\/tickets\/\d+$/);
    await page.getByLabel('Reply to the reporter').press('Escape');
    await page.keyboard.press('n');
    await page.waitForURL(/#\/new$/);
    expectClean(w);
    await w.context.close();
  });
});
