// Every main screen in a narrow window (390 px) in both themes: no sideways scrolling,
// navigation through the drawer, and nothing loaded from outside the hub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { expectClean, expectLabelled, expectNoHorizontalScroll, launch, NARROW, openContext, settle, shotBothThemes, signIn, startGuiHub, WIDE } from './support.ts';

let hub: TestHub;
let browser: Browser;
let ticketId: number;
let kioskTicketId: number;

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
  const admin = await hub.setupAdmin();
  const agent = await hub.user(admin, 'agnes', 'agent');
  const rita = await hub.user(admin, 'rita', 'reporter');
  const subjects = ['Heating in lecture hall A is off', 'Printer on floor 2 jams constantly', 'Cafeteria card reader rejects student cards', 'Broken window latch in room C112'];
  for (const [i, subject] of subjects.entries()) {
    const t = await hub.ok('tickets.create', { subject, description: `${subject}. Noticed this morning; a long description that wraps over several lines in a narrow window so that wrapping can be checked.`, category: ['facility_management', 'technical_it', 'services_complaints', 'facility_management'][i], location: 'Main Building' }, rita.token);
    ticketId ??= t.id;
  }
  await hub.ok('messages.add', { ticketId, body: 'We sent a technician; the valve is being replaced.' }, agent.token);
  await hub.ok('messages.add', { ticketId, body: 'Valve part number 12-345, billed to facilities.', internal: true }, agent.token);
  await hub.ok('messages.add', { ticketId, body: 'Thank you! It is still a bit cold near the windows.' }, rita.token);
  const t = await hub.ok('tickets.get', { id: ticketId }, agent.token);
  await hub.ok('tickets.update', { id: ticketId, version: t.version, priority: 'high', assigneeId: agent.id }, agent.token);
  const kiosk = await hub.ok('kiosks.create', { name: 'Library lobby kiosk', location: 'Library' }, admin);
  const submitted = await hub.ok('kiosk.submit', { category: 'facility_management', subject: 'Lift stuck on floor 3', description: 'The lift does not move.', contactName: 'Walk-up Will', contactEmail: 'will@student.example.edu' }, kiosk.token);
  kioskTicketId = submitted.ticketId;
  const t2 = await hub.ok('tickets.get', { id: ticketId + 1 }, agent.token);
  await hub.ok('tickets.setStatus', { id: ticketId + 1, status: 'resolved', version: t2.version }, agent.token);
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

describe('screens in a narrow window', () => {
  it('reporter screens fit a 390 px window', async () => {
    const w = await openContext(browser, hub, { viewport: NARROW });
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'rita', 'rita-password');
    await page.waitForURL(/#\/my$/);
    await page.locator('[data-ticket-id]').first().waitFor();
    await expectNoHorizontalScroll(page);
    await expectLabelled(page);
    await shotBothThemes(page, 'narrow-my-tickets');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('link', { name: 'New ticket' }).waitFor();
    await shotBothThemes(page, 'narrow-drawer');
    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.waitForURL(/#\/new$/);
    await expectNoHorizontalScroll(page);
    await expectLabelled(page);
    await shotBothThemes(page, 'narrow-new-ticket');
    await page.goto(`/#/tickets/${ticketId}`);
    await page.getByTestId('ticket-subject').waitFor();
    await expectNoHorizontalScroll(page);
    await expectLabelled(page);
    await shotBothThemes(page, 'narrow-ticket-reporter', { fullPage: true });
    expectClean(w);
    await w.context.close();
  });

  it('agent and admin screens fit a 390 px window', async () => {
    const w = await openContext(browser, hub, { viewport: NARROW });
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'admin', 'admin-password');
    await page.waitForURL(/#\/queue$/);
    await page.locator('[data-ticket-id]').first().waitFor();
    await expectNoHorizontalScroll(page);
    await expectLabelled(page);
    await shotBothThemes(page, 'narrow-queue');
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByRole('combobox', { name: 'Assignee' }).waitFor();
    await expectNoHorizontalScroll(page);
    await expectLabelled(page);
    await page.goto(`/#/tickets/${ticketId}`);
    await page.getByTestId('ticket-subject').waitFor();
    await expectNoHorizontalScroll(page);
    await expectLabelled(page);
    await shotBothThemes(page, 'narrow-ticket-agent', { fullPage: true });
    for (const [route, name] of [['/admin/users', 'narrow-admin-users'], ['/admin/categories', 'narrow-admin-categories']] as const) {
      await page.goto(`/#${route}`);
      await page.getByRole('tab', { selected: true }).waitFor();
      await settle(page);
      await expectNoHorizontalScroll(page);
      await expectLabelled(page);
      await shotBothThemes(page, name);
    }
    expectClean(w);
    await w.context.close();
  });

  it('wide: the agent ticket page in full, the theme toggle overrides the OS, and the analytics entry opens', async () => {
    const w = await openContext(browser, hub, { viewport: WIDE });
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'agnes', 'agnes-password');
    await page.waitForURL(/#\/queue$/);
    await page.locator('[data-ticket-id]').first().waitFor();
    await expectLabelled(page);
    await page.goto(`/#/tickets/${ticketId}`);
    await page.getByTestId('ticket-subject').waitFor();
    await expectLabelled(page);
    await shotBothThemes(page, 'ticket-agent-full', { fullPage: true });

    // A walk-up ticket from a kiosk: the contact and the kiosk are named.
    await page.goto(`/#/tickets/${kioskTicketId}`);
    await page.getByTestId('ticket-subject').waitFor();
    await expect.poll(() => page.locator('[data-event-type="created"]').textContent()).toContain('reported the ticket at the kiosk “Library lobby kiosk”');
    expect(await page.getByText('will@student.example.edu').isVisible()).toBe(true);
    await shotBothThemes(page, 'ticket-kiosk-walkup');
    await page.goto(`/#/tickets/${ticketId}`);
    await page.getByTestId('ticket-subject').waitFor();

    // The toggle: system → light → dark, kept across reloads, and it beats the OS setting.
    const isDark = () => page.evaluate(() => document.documentElement.classList.contains('dark'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(isDark).toBe(true);
    await page.getByRole('button', { name: /^Theme: follows the system/ }).click();
    await expect.poll(isDark).toBe(false);
    await page.getByRole('button', { name: /^Theme: light/ }).click();
    await expect.poll(isDark).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await page.getByTestId('ticket-subject').waitFor();
    await expect.poll(isDark).toBe(true);
    await page.getByRole('button', { name: /^Theme: dark/ }).click();
    await expect.poll(isDark).toBe(false);

    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.waitForURL(/#\/analytics$/);
    await settle(page);
    expectClean(w);
    await w.context.close();
  });
});
