// The helpdesk's main path in Chromium against a real hub: a reporter reports, an agent
// finds the ticket by full-text search, replies, adds an internal note and moves it to
// in_progress and resolved; the reporter sees only the public reply and reopens.
// Bad input in "New ticket" shows the API's messages and creates nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { choose, expectClean, openContext, shotBothThemes, signIn, startGui, stopGui } from './support.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;

beforeAll(async () => { ({ hub, browser, admin } = await startGui([['agnes', 'agent'], ['rita', 'reporter']])); });
afterAll(() => stopGui({ hub, browser }));


const SUBJECT = 'Projector in B204 shows no picture';
const DESCRIPTION = 'The projector flickers and turns itself off after ten minutes. Lecture at 10:00 tomorrow.';
const REPLY = 'We will replace the lamp tomorrow morning before your lecture.';
const NOTE = 'Lamp ordered from the AV store, cost centre 4711.';

describe('reporter and agent', () => {
  it('"New ticket" shows the API limits before submitting and creates nothing on bad input', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'rita', 'rita-password');
    await page.waitForURL(/#\/my$/);
    await expect.poll(() => page.getByText('You have not reported anything yet').isVisible()).toBe(true);
    await shotBothThemes(page, 'my-tickets-empty');

    await page.keyboard.press('n');
    await page.waitForURL(/#\/new$/);
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await expect.poll(() => page.getByText('Subject must not be empty').isVisible()).toBe(true);
    expect(await page.getByText('Description must not be empty').isVisible()).toBe(true);
    expect(await page.getByText('Choose a category').isVisible()).toBe(true);

    await page.getByLabel(/^Subject/).fill('x'.repeat(201));
    await page.getByLabel(/^Description/).fill('   ');
    await page.getByLabel(/^Location/).fill('y'.repeat(201));
    await expect.poll(() => page.getByText('Subject must be at most 200 characters').isVisible()).toBe(true);
    expect(await page.getByText('Description must not be empty').isVisible()).toBe(true);
    expect(await page.getByText('Location must be at most 200 characters').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await shotBothThemes(page, 'new-ticket-validation');
    expect((await hub.ok('tickets.list', {}, admin)).total).toBe(0);

    await page.getByLabel(/^Subject/).fill(SUBJECT);
    await page.getByLabel(/^Description/).fill(DESCRIPTION);
    await page.getByLabel(/^Location/).fill('Main Building, room B204');
    await choose(page, 'Category', 'Technical IT');
    expect(await page.getByText('must be at most').count()).toBe(0);
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.waitForURL(/#\/tickets\/\d+$/);
    await expect.poll(() => page.getByTestId('ticket-subject').textContent()).toBe(SUBJECT);
    const list = await hub.ok('tickets.list', {}, admin);
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ subject: SUBJECT, category: 'technical_it', location: 'Main Building, room B204', status: 'open', channel: 'app' });
    expectClean(w);
    await w.context.close();
  });

  it('an agent finds it by full-text search, replies, adds an internal note, moves it to in progress and resolved', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'agnes', 'agnes-password');
    await page.waitForURL(/#\/queue$/);
    await page.getByRole('row').nth(1).waitFor();

    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await page.keyboard.type('flickers');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=flickers/);
    const link = page.getByRole('link', { name: SUBJECT });
    await link.waitFor();
    expect(await page.getByRole('row').count()).toBe(2);
    await shotBothThemes(page, 'queue-search');
    await link.click();
    await page.waitForURL(/#\/tickets\/\d+$/);
    const id = Number(page.url().split('/').pop());
    await expect.poll(() => page.getByTestId('ticket-description').textContent()).toBe(DESCRIPTION);

    await page.getByLabel('Reply to the reporter').fill(REPLY);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => page.locator('[data-internal="false"]').filter({ hasText: REPLY }).count()).toBe(1);

    await page.getByRole('button', { name: 'Internal note' }).click();
    await page.getByLabel('Internal note (only staff see this)').fill(NOTE);
    await page.getByRole('button', { name: 'Add internal note' }).click();
    const note = page.locator('[data-internal="true"]').filter({ hasText: NOTE });
    await expect.poll(() => note.count()).toBe(1);
    expect(await note.textContent()).toContain('Internal note · staff only');

    // Triage: category, priority, assignee, and the text fields through "Edit".
    await choose(page, 'Category', 'Facility management');
    await expect.poll(() => page.locator('[data-event-type="category"]').count()).toBe(1);
    await choose(page, 'Priority', 'High');
    await expect.poll(() => page.locator('[data-event-type="priority"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => page.locator('[data-event-type="assignee"]').textContent()).toContain('Agnes assigned it to Agnes');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel(/^Location/).fill('Main Building, room B204 (ceiling mount)');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('[data-event-type="location"]').count()).toBe(1);
    await choose(page, 'Category', 'Technical IT');
    await expect.poll(() => page.locator('[data-event-type="category"]').count()).toBe(2);

    await choose(page, 'Status', 'In progress');
    await expect.poll(() => page.locator('[data-event-type="status"]').count()).toBe(1);
    await choose(page, 'Status', 'Resolved');
    await expect.poll(() => page.locator('[data-event-type="status"]').count()).toBe(2);
    expect(await page.locator('[data-event-type="status"]').last().textContent()).toContain('Agnes changed the status from In progress to Resolved');
    expect(await page.getByTestId('ticket-dates').textContent()).not.toContain('Not closed');
    await page.mouse.move(0, 0);
    await shotBothThemes(page, 'ticket-agent');

    const stored = await hub.ok('tickets.get', { id }, admin);
    expect(stored).toMatchObject({ status: 'resolved', priority: 'high', category: 'technical_it', location: 'Main Building, room B204 (ceiling mount)', assignee: { displayName: 'Agnes' } });
    expect(stored.closedAt).not.toBeNull();
    const messages = await hub.ok('messages.list', { ticketId: id }, admin);
    expect(messages.items.map((m: { body: string; internal: boolean }) => [m.body, m.internal])).toEqual([[REPLY, false], [NOTE, true]]);
    expectClean(w);
    await w.context.close();
  });

  it('the reporter sees the public reply only, and reopens the ticket', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'rita', 'rita-password');
    await page.waitForURL(/#\/my$/);
    const row = page.getByRole('link', { name: SUBJECT });
    await row.waitFor();
    expect(await page.locator('[data-status="resolved"]').count()).toBe(1);
    await shotBothThemes(page, 'my-tickets');
    await row.click();
    await page.waitForURL(/#\/tickets\/\d+$/);
    await expect.poll(() => page.getByText(REPLY).isVisible()).toBe(true);
    expect(await page.getByText(NOTE).count()).toBe(0);
    expect(await page.locator('[data-internal="true"]').count()).toBe(0);
    expect(await page.locator('[data-event-type="note"]').count()).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Priority' }).count()).toBe(0);
    await page.mouse.move(0, 0);
    await shotBothThemes(page, 'ticket-reporter');

    await page.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => page.locator('[data-status]').first().getAttribute('data-status')).toBe('open');
    await expect.poll(() => page.getByTestId('ticket-dates').textContent()).toContain('Not closed');
    const id = Number(page.url().split('/').pop());
    const stored = await hub.ok('tickets.get', { id }, admin);
    expect(stored.status).toBe('open');
    expect(stored.closedAt).toBeNull();

    // The reporter's reply goes into the same conversation.
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('Still flickering today, sorry!');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('[data-internal="false"]').count()).toBe(2);

    // …and closes it for good.
    await page.getByRole('button', { name: 'Close ticket' }).click();
    await expect.poll(() => page.locator('[data-status]').first().getAttribute('data-status')).toBe('closed');
    expect((await hub.ok('tickets.get', { id }, admin)).status).toBe('closed');
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expectClean(w);
    await w.context.close();
  });
});
