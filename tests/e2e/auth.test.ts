// First run, sign-in for each role, sign-in failures and an expired session — in Chromium
// against a real hub on a temporary database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { expectClean, expectNoHorizontalScroll, launch, NARROW, openContext, shot, shotBothThemes, signIn, signOut, startGuiHub } from './support.ts';

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

describe('first run and sign-in', () => {
  it('first run: bad input shows the API limits and creates nothing; then the first admin is created and signed in', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/');
    await page.waitForURL(/#\/setup$/);
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome to CampusDesk' }).isVisible()).toBe(true);
    await shotBothThemes(page, 'setup');

    await page.getByLabel('Your name').fill('Ada Admin');
    await page.getByLabel('Username').fill('Ad');
    await page.getByLabel(/^Password/).fill('short');
    await page.getByLabel('Repeat the password').fill('other');
    await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
    await expect.poll(() => page.getByText('Username must be at least 3 characters').isVisible()).toBe(true);
    await expect(page.getByText('Password must be at least 8 characters').isVisible()).resolves.toBe(true);
    await expect(page.getByText('The passwords do not match').isVisible()).resolves.toBe(true);
    await page.getByLabel('Username').fill('Ada!');
    await expect.poll(() => page.getByText('Username may contain only a-z, 0-9, dot, underscore and hyphen').isVisible()).toBe(true);
    await shot(page, 'setup-validation-light');
    expect((await hub.ok('auth.status', {})).needsSetup).toBe(true);

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel(/^Password/).fill('admin-password');
    await page.getByLabel('Repeat the password').fill('admin-password');
    await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
    await page.waitForURL(/#\/queue/);
    await expect.poll(() => page.getByRole('heading', { name: 'Queue' }).isVisible()).toBe(true);
    expect((await hub.ok('auth.status', {})).needsSetup).toBe(false);
    const users = await hub.ok('auth.login', { username: 'admin', password: 'admin-password' });
    expect(users.user.role).toBe('admin');
    expectClean(w);
    await w.context.close();
  });

  it('each role lands on its home screen, and signs out', async () => {
    const admin = (await hub.ok('auth.login', { username: 'admin', password: 'admin-password' })).token as string;
    await hub.user(admin, 'agnes', 'agent');
    await hub.user(admin, 'rita', 'reporter');
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/');
    await page.waitForURL(/#\/login/);
    await shotBothThemes(page, 'login');

    await signIn(page, 'rita', 'rita-password');
    await page.waitForURL(/#\/my$/);
    await expect.poll(() => page.getByRole('heading', { name: 'My tickets' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Queue' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    // A reporter typing the queue's address lands back on their own list.
    await page.goto('/#/queue');
    await page.waitForURL(/#\/my$/);
    await signOut(page);

    await signIn(page, 'agnes', 'agnes-password');
    await page.waitForURL(/#\/queue$/);
    await expect.poll(() => page.getByRole('link', { name: 'Analytics' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await signOut(page);

    await signIn(page, 'admin', 'admin-password');
    await page.waitForURL(/#\/queue$/);
    await expect.poll(() => page.getByRole('link', { name: 'Admin' }).isVisible()).toBe(true);
    await signOut(page);
    // Signed out for real: the old token no longer works, so a reload shows the login.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expectClean(w);
    await w.context.close();
  });

  it('wrong credentials, throttling and an unreachable hub each get a clear message', async () => {
    const admin = (await hub.ok('auth.login', { username: 'admin', password: 'admin-password' })).token as string;
    await hub.user(admin, 'tom', 'reporter');
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');

    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Enter your username').isVisible()).toBe(true);
    await expect(page.getByText('Enter your password').isVisible()).resolves.toBe(true);

    await signIn(page, 'tom', 'not-the-password');
    const alert = page.locator('[role="alert"][data-code]');
    await expect.poll(() => alert.getAttribute('data-code')).toBe('UNAUTHENTICATED');
    expect(await alert.textContent()).toContain('Wrong username or password.');
    await shotBothThemes(page, 'login-wrong-password');

    for (let i = 0; i < 10; i++) await hub.call('auth.login', { username: 'tom', password: `wrong-${i}` });
    await signIn(page, 'tom', 'tom-password');
    await expect.poll(() => alert.getAttribute('data-code')).toBe('RATE_LIMITED');
    expect(await alert.textContent()).toContain('Too many failed sign-ins');

    await page.route('**/api/v1/auth.login', (route) => route.abort('connectionrefused'));
    await signIn(page, 'admin', 'admin-password');
    await expect.poll(() => alert.getAttribute('data-code')).toBe('NETWORK');
    expect(await alert.textContent()).toContain('Cannot reach the CampusDesk hub');
    await shot(page, 'login-unreachable-light');
    await page.unroute('**/api/v1/auth.login');
    await signIn(page, 'admin', 'admin-password');
    await page.waitForURL(/#\/queue$/);
    expect(w.foreign).toEqual([]);
    await w.context.close();
  });

  it('an expired session goes to the login and, after signing in, back to the same page', async () => {
    const admin = (await hub.ok('auth.login', { username: 'admin', password: 'admin-password' })).token as string;
    const ticket = await hub.ok('tickets.create', { subject: 'Broken chair in the library', description: 'The third chair wobbles.', category: 'facility_management' }, admin);
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'agnes', 'agnes-password');
    await page.waitForURL(/#\/queue$/);
    await page.goto(`/#/tickets/${ticket.id}`);
    await expect.poll(() => page.getByTestId('ticket-subject').textContent()).toBe('Broken chair in the library');

    // The session ends elsewhere (e.g. it expired, or an admin reset the password).
    const token = await page.evaluate(() => localStorage.getItem('campusdesk.token'));
    expect(token).toBeTruthy();
    await hub.ok('auth.logout', {}, token);

    // A half-written reply survives the detour through the login.
    await page.getByLabel('Reply to the reporter').fill('Half-written answer');
    await page.getByRole('button', { name: 'Reload the ticket' }).click();
    await page.waitForURL(/#\/login\?returnTo=/);
    await expect.poll(() => page.getByText('Your session has ended').isVisible()).toBe(true);
    await signIn(page, 'agnes', 'agnes-password');
    await page.waitForURL(new RegExp(`#/tickets/${ticket.id}$`));
    await expect.poll(() => page.getByTestId('ticket-subject').textContent()).toBe('Broken chair in the library');
    expect(await page.getByLabel('Reply to the reporter').inputValue()).toBe('Half-written answer');
    expectClean(w);
    await w.context.close();
  });

  it('a hub that cannot be reached at start gets its own screen and a retry', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.route('**/api/v1/auth.status', (route) => route.abort('connectionrefused'));
    await page.goto('/');
    await page.getByRole('heading', { name: 'CampusDesk is not reachable' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Cannot reach the CampusDesk hub');
    await shotBothThemes(page, 'unreachable');
    await page.unroute('**/api/v1/auth.status');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(w.foreign).toEqual([]);
    await w.context.close();
  });

  it('the login works in a narrow window', async () => {
    const w = await openContext(browser, hub, { viewport: NARROW });
    await w.page.goto('/#/login');
    await w.page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectNoHorizontalScroll(w.page);
    await shotBothThemes(w.page, 'narrow-login');
    await w.context.close();
  });
});
