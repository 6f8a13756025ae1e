// Two people change the same ticket from two browser contexts: the second change meets a
// clear conflict message and a one-click reload — never a silent overwrite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { choose, expectClean, openContext, shotBothThemes, signIn, startGui, stopGui, type Watched } from './support.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;

beforeAll(async () => { ({ hub, browser, admin } = await startGui([['agnes', 'agent'], ['bruno', 'agent']])); });
afterAll(() => stopGui({ hub, browser }));


async function openAs(username: string, id: number): Promise<Watched> {
  const w = await openContext(browser, hub);
  // Without the live event stream (as on a connection that dropped it), so each page keeps
  // the version it loaded and the second change really is concurrent; live updates are
  // tested in notifications.test.ts.
  await w.context.route('**/api/v1/events', (route) => route.abort());
  await w.page.goto(`/#/tickets/${id}`);
  await w.page.waitForURL(/#\/login\?returnTo=/);
  await signIn(w.page, username, `${username}-password`);
  await w.page.waitForURL(new RegExp(`#/tickets/${id}$`));
  await w.page.getByTestId('ticket-subject').waitFor();
  return w;
}

describe('concurrent edits', () => {
  it('the second of two concurrent changes gets the conflict message and a one-click reload', async () => {
    const t = await hub.ok('tickets.create', { subject: 'Wi-Fi drops in the library', description: 'Every few minutes.', category: 'technical_it' }, admin);
    const a = await openAs('agnes', t.id);
    const b = await openAs('bruno', t.id);

    // Agnes raises the priority; Bruno, still looking at the old version, sets another.
    await choose(a.page, 'Priority', 'High');
    await expect.poll(async () => (await hub.ok('tickets.get', { id: t.id }, admin)).priority).toBe('high');
    await choose(b.page, 'Priority', 'Urgent');
    const conflict = b.page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Someone else changed this ticket meanwhile');
    expect(await conflict.textContent()).toContain('Your priority change was not saved');
    expect(await conflict.textContent()).toContain('priority High');
    await expect.poll(() => conflict.textContent()).toContain('Agnes changed the priority from Normal to High');
    // Editing stays locked until the reload; nothing was overwritten.
    expect(await b.page.getByRole('combobox', { name: 'Status' }).getAttribute('aria-disabled')).toBe('true');
    expect((await hub.ok('tickets.get', { id: t.id }, admin)).priority).toBe('high');
    await b.page.mouse.move(0, 0);
    await shotBothThemes(b.page, 'ticket-conflict');

    await b.page.getByRole('button', { name: 'Reload ticket' }).click();
    await conflict.waitFor({ state: 'detached' });
    await expect.poll(() => b.page.getByRole('combobox', { name: 'Priority' }).textContent()).toBe('High');

    // After the reload Bruno's change goes through on the current version.
    await choose(b.page, 'Priority', 'Urgent');
    await expect.poll(async () => (await hub.ok('tickets.get', { id: t.id }, admin)).priority).toBe('urgent');

    // A text edit meets the same protection: Agnes still holds the older version.
    await a.page.getByRole('button', { name: 'Edit' }).click();
    await a.page.getByLabel(/^Subject/).fill('Wi-Fi drops in the library, 2nd floor');
    await a.page.getByRole('button', { name: 'Save' }).click();
    await a.page.getByTestId('conflict').waitFor();
    expect(await a.page.getByTestId('conflict').textContent()).toContain('Your edit was not saved');
    expect((await hub.ok('tickets.get', { id: t.id }, admin)).subject).toBe('Wi-Fi drops in the library');

    const history = await hub.ok('tickets.history', { id: t.id }, admin);
    expect(history.items.filter((e: { type: string }) => e.type === 'priority').map((e: { to: string }) => e.to)).toEqual(['high', 'urgent']);
    expectClean(a);
    expectClean(b);
    await a.context.close();
    await b.context.close();
  });
});
