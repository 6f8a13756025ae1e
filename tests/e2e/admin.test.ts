// Administration in Chromium against a real hub: users (create with checked input, change
// role, reset password, deactivate) and categories (add, rename, deactivate).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { choose, expectClean, openContext, shotBothThemes, signIn, startGui, stopGui } from './support.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;

beforeAll(async () => { ({ hub, browser, admin } = await startGui([['rita', 'reporter']])); });
afterAll(() => stopGui({ hub, browser }));


describe('administration', () => {
  it('an admin creates a user (bad input first: messages, nothing created), changes the role, resets the password; the user signs in', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'admin', 'admin-password');
    await page.waitForURL(/#\/queue$/);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL(/#\/admin\/users$/);
    await page.locator('tr[data-username="rita"]').waitFor();
    await shotBothThemes(page, 'admin-users');

    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel(/^Username/).fill('Nina Newbie');
    await dialog.getByLabel(/^Email/).fill('nina-at-campus');
    await dialog.getByLabel(/^Initial password/).fill('short');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => dialog.getByText('Display name must not be empty').isVisible()).toBe(true);
    expect(await dialog.getByText('Username may contain only a-z, 0-9, dot, underscore and hyphen').isVisible()).toBe(true);
    expect(await dialog.getByText('Email must look like name@example.edu').isVisible()).toBe(true);
    expect(await dialog.getByText('Password must be at least 8 characters').isVisible()).toBe(true);
    await shotBothThemes(page, 'admin-create-user-validation');
    expect((await hub.ok('users.list', {}, admin)).items.map((u: { username: string }) => u.username).sort()).toEqual(['admin', 'rita']);

    // A taken username comes back from the API as a message on the field.
    await dialog.getByLabel(/^Name/).fill('Nina Newbie');
    await dialog.getByLabel(/^Username/).fill('rita');
    await dialog.getByLabel(/^Email/).fill('nina@campus.example.edu');
    await dialog.getByLabel(/^Initial password/).fill('nina-first-password');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => dialog.getByText('This username is already taken').isVisible()).toBe(true);

    await dialog.getByLabel(/^Username/).fill('nina');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tr[data-username="nina"]');
    await row.waitFor();
    const created = (await hub.ok('users.list', { q: 'nina' }, admin)).items[0];
    expect(created).toMatchObject({ username: 'nina', displayName: 'Nina Newbie', email: 'nina@campus.example.edu', role: 'reporter', active: true });

    await choose(page, 'Role of nina', 'Agent');
    await expect.poll(async () => (await hub.ok('users.list', { q: 'nina' }, admin)).items[0].role).toBe('agent');

    await row.getByRole('button', { name: 'Reset password of nina' }).click();
    const reset = page.getByRole('dialog');
    await reset.getByLabel(/^New password/).fill('1234');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => reset.getByText('Password must be at least 8 characters').isVisible()).toBe(true);
    await reset.getByLabel(/^New password/).fill('nina-second-password');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await reset.waitFor({ state: 'detached' });

    const n = await openContext(browser, hub);
    await n.page.goto('/#/login');
    await signIn(n.page, 'nina', 'nina-first-password');
    await expect.poll(() => n.page.locator('[role="alert"][data-code]').getAttribute('data-code')).toBe('UNAUTHENTICATED');
    await signIn(n.page, 'nina', 'nina-second-password');
    await n.page.waitForURL(/#\/queue$/);
    await expect.poll(() => n.page.getByRole('button', { name: 'Account: Nina Newbie' }).isVisible()).toBe(true);
    expectClean(n);
    await n.context.close();

    // Deactivating asks first, then signs the person out for good.
    await page.locator('tr[data-username="rita"]').getByRole('button', { name: 'Deactivate rita' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => page.locator('tr[data-username="rita"]').textContent()).toContain('Deactivated');
    expect((await hub.call('auth.login', { username: 'rita', password: 'rita-password' })).status).toBe(401);
    expectClean(w);
    await w.context.close();
  });

  it('an admin adds, renames and deactivates a category; bad input shows messages and creates nothing', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'admin', 'admin-password');
    await page.waitForURL(/#\/queue$/);
    await page.goto('/#/admin/categories');
    await page.locator('tr[data-slug="technical_it"]').waitFor();

    const form = page.getByRole('form', { name: 'Add category' });
    await form.getByLabel(/^Slug/).fill('Parking Lots!');
    await form.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => form.getByText('Name must not be empty').isVisible()).toBe(true);
    expect(await form.getByText('Slug may contain only a-z, 0-9, _ and -, and must start with a letter or digit').isVisible()).toBe(true);
    expect((await hub.ok('categories.list', {}, admin)).items).toHaveLength(3);

    await form.getByLabel(/^Slug/).fill('');
    await form.getByLabel(/^Name/).fill('Parking');
    await form.getByLabel(/^Slug/).fill('parking');
    await form.getByRole('button', { name: 'Add' }).click();
    await page.locator('tr[data-slug="parking"]').waitFor();
    await shotBothThemes(page, 'admin-categories');

    await page.getByRole('button', { name: 'Rename Parking' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Name/).fill('Parking and traffic');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => page.locator('tr[data-slug="parking"]').textContent()).toContain('Parking and traffic');

    await page.getByRole('button', { name: 'Deactivate Parking and traffic' }).click();
    await expect.poll(() => page.locator('tr[data-slug="parking"]').textContent()).toContain('Inactive');
    expect((await hub.ok('categories.list', {}, admin)).items.find((c: { slug: string }) => c.slug === 'parking')).toEqual({ slug: 'parking', name: 'Parking and traffic', active: false });

    // An inactive category is not offered for new tickets.
    await page.goto('/#/new');
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Technical IT' }).waitFor();
    expect(await page.getByRole('option', { name: 'Parking and traffic' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    expectClean(w);
    await w.context.close();
  });
});
