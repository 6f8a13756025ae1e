// The notification screens in Chromium against a real hub: the bell's unread count and the
// queue update live from the event stream (no reload), a notification opens its ticket, the
// "changed since you last looked" mark appears, My account saves details, choices and a new
// password, and the admin's Mail settings save and send a test email to a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { expectClean, launch, openContext, shot, shotBothThemes, signIn, startGuiHub } from './support.ts';
import { SmtpSink } from '../mail/servers.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;
let rita: { token: string; id: number };
let sink: SmtpSink;

beforeAll(async () => {
  [hub, browser, sink] = await Promise.all([startGuiHub(), launch(), new SmtpSink().start()]);
  admin = await hub.setupAdmin();
  await hub.user(admin, 'agnes', 'agent');
  rita = await hub.user(admin, 'rita', 'reporter');
  await hub.ok('tickets.create', { subject: 'Heating in lecture hall A is off', description: 'Cold', category: 'facility_management' }, rita.token);
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
  await sink?.stop();
});

describe('notifications in the app', () => {
  it('the bell and the queue update live; a notification opens its ticket; changed tickets are marked', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'agnes', 'agnes-password');
    await page.waitForURL(/#\/queue/);
    await page.locator('[data-ticket-id]').first().waitFor();
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');

    // A new ticket arrives while the queue is open: row and bell update without a reload.
    const t = await hub.ok('tickets.create', { subject: 'Projector in room 12 shows no picture', description: 'HDMI', category: 'technical_it' }, rita.token);
    await page.locator(`[data-ticket-id="${t.id}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 2 unread');
    await bell.click();
    const dialog = page.getByRole('dialog', { name: 'Notifications' });
    await dialog.getByText(`New ticket #${t.id} in Technical IT: Projector in room 12 shows no picture`).waitFor();
    await shot(page, 'notifications-bell-open');
    await dialog.getByText(`New ticket #${t.id}`).click();
    await page.waitForURL(new RegExp(`#/tickets/${t.id}$`));
    await page.getByRole('heading', { name: /Projector in room 12/ }).first().waitFor();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');

    // Back in the queue; Rita changes the ticket: it is marked as changed since Agnes looked.
    await page.goto('/#/queue');
    const row = page.locator(`[data-ticket-id="${t.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('changed-mark').count()).toBe(0);
    const cur = await hub.ok('tickets.get', { id: t.id }, rita.token);
    await hub.ok('tickets.update', { id: t.id, version: cur.version, location: 'Room 12, second floor' }, rita.token);
    await row.getByTestId('changed-mark').waitFor({ timeout: 10_000 });
    await shot(page, 'notifications-queue-changed-mark');
    expectClean(w);
    await w.context.close();
  });

  it('My account saves details, notification choices and a new password', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'rita', 'rita-password');
    await page.waitForURL(/#\/my/);
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitem', { name: 'My account' }).click();
    await page.waitForURL(/#\/account$/);
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    await shotBothThemes(page, 'account-screen', { fullPage: true });

    await page.getByLabel('Display name').fill('Rita Reporter');
    await page.getByLabel('Email', { exact: true }).fill('rita@campus.test');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('button', { name: 'Account: Rita Reporter' }).waitFor();
    await page.getByRole('checkbox', { name: 'The helpdesk replies on my ticket: by email' }).uncheck();
    await page.getByRole('button', { name: 'Save notification choices' }).click();
    await page.getByText('Notification choices saved').waitFor();
    const me = await hub.ok('auth.me', {}, rita.token);
    expect(me.user).toMatchObject({ displayName: 'Rita Reporter', email: 'rita@campus.test' });
    expect(me.notify.email['ticket.reply']).toBe(false);
    expect(me.notify.app['ticket.reply']).toBe(true);

    await page.getByLabel('Current password').fill('wrong-password');
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-1');
    await page.getByLabel('Repeat the new password').fill('a-new-password-1');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The current password is not right.').waitFor();
    await page.getByLabel('Current password').fill('rita-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed; your other sessions were signed out').waitFor();
    expect((await hub.call('auth.me', {}, rita.token)).status).toBe(401); // the API session was another one
    expect((await hub.call('auth.login', { username: 'rita', password: 'a-new-password-1' })).status).toBe(200);
    expectClean(w);
    await w.context.close();
  });

  it('Mail settings save (passwords write-only) and send a test email', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'admin', 'admin-password');
    await page.waitForURL(/#\/queue/);
    await page.goto('/#/admin/mail');
    await page.getByRole('tab', { name: 'Mail settings' }).waitFor();
    await page.getByLabel('Mail server').fill('127.0.0.1');
    await page.getByLabel('Port').first().fill(String(sink.port));
    await page.getByRole('combobox', { name: 'Security' }).first().click();
    await page.getByRole('option', { name: 'None', exact: true }).click();
    await page.getByLabel('From address').fill('helpdesk@campus.test');
    await page.getByLabel('User name').first().fill('mailer');
    await page.getByLabel('Password').first().fill('smtp-secret-1');
    await page.getByRole('button', { name: 'Save mail settings' }).click();
    await page.getByText('Mail settings saved').waitFor();
    await expect.poll(async () => page.getByLabel('Password').first().getAttribute('placeholder')).toContain('set; type to replace');
    const s = await hub.ok('settings.get', {}, admin);
    expect(s.outgoing).toMatchObject({ host: '127.0.0.1', port: sink.port, security: 'none', user: 'mailer', passwordSet: true, from: 'helpdesk@campus.test' });
    expect(JSON.stringify(s)).not.toContain('smtp-secret-1');
    // A refusing server: the screen quotes its answer.
    sink.refuse = '5.7.1 Relaying denied for this address';
    await page.getByLabel('Send a test email to').fill('ada@campus.test');
    await page.getByRole('button', { name: 'Send a test email' }).click();
    await page.getByText(/The mail server answered: .*Relaying denied for this address/).waitFor();
    sink.refuse = null;
    await page.getByRole('button', { name: 'Send a test email' }).click();
    await page.getByText('Test email sent to ada@campus.test').waitFor();
    const got = await sink.waitFor(1);
    expect(got.map((m) => [m.to[0], m.mail.subject])).toContainEqual(['ada@campus.test', 'CampusDesk test email']);
    await shotBothThemes(page, 'mail-settings', { fullPage: true });
    expectClean(w);
    await w.context.close();
  });
});
