// The GUI defects of issue 13, each tried as a person would in Chromium against a real hub:
// the kiosk's categories as they are now (1), the queue at 1024×768 (2), status chips that
// meet WCAG AA contrast in both themes (3), a reversed date range said once and asked
// nothing (5), admins editing a user's name and email (6), toasts that stay on their screen
// and close/reopen that say what they did (8). Analytics grouping and exports (4, 7) are in
// analytics.test.ts. Screenshots: tests/artifacts/screens/defect-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { expectClean, launch, openContext, shot, shotBothThemes, signIn, startGuiHub } from './support.ts';

let hub: TestHub;
let browser: Browser;
let admin: string;
let rita: { token: string; id: number };

const STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
const START = Date.parse('2026-03-01T08:00:00Z');

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
  admin = await hub.setupAdmin();
  await hub.user(admin, 'agnes', 'agent');
  rita = await hub.user(admin, 'rita', 'reporter');
  const tickets = Array.from({ length: 20 }, (_, i) => {
    const status = STATUSES[i % 5]!;
    const openedAt = new Date(START + i * 3600_000).toISOString();
    return {
      subject: `Projector in lecture hall ${i} shows a flickering blue picture after ten minutes`,
      description: `Ticket ${i}.`, category: i % 2 ? 'facility_management' : 'technical_it', status, priority: 'normal', openedAt,
      location: `Building B, room ${100 + i}`,
      ...(status === 'resolved' || status === 'closed' ? { closedAt: new Date(Date.parse(openedAt) + 3600_000).toISOString() } : {}),
      reporterUsername: 'rita', ...(i % 3 === 0 ? { assigneeUsername: 'agnes' } : {}),
    };
  });
  await hub.ok('tickets.import', { tickets }, admin);
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

async function signedIn(username: string, opts: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}) {
  const w = await openContext(browser, hub, opts);
  await w.page.goto('/#/login');
  await signIn(w.page, username, `${username}-password`);
  await w.page.waitForURL(username === 'rita' ? /#\/my$/ : /#\/queue$/);
  return w;
}

/** The procedures the page called, in order (with their inputs). */
function watchCalls(page: Page): { name: string; input: unknown }[] {
  const calls: { name: string; input: unknown }[] = [];
  page.on('request', (r) => {
    const m = /\/api\/v1\/([\w.]+)$/.exec(r.url());
    if (m && r.method() === 'POST') calls.push({ name: m[1]!, input: r.postDataJSON() as unknown });
  });
  return calls;
}

describe('defect 1: the kiosk shows the categories as they are now', () => {
  it('offers no deactivated tile, shows an added one and the new name, and follows later changes', async () => {
    const kiosk = await hub.ok<{ token: string }>('kiosks.create', { name: 'Library entrance' }, admin);
    await hub.ok('categories.update', { slug: 'technical_it', active: false }, admin);
    await hub.ok('categories.create', { slug: 'parking', name: 'Parking' }, admin);
    await hub.ok('categories.update', { slug: 'services_complaints', name: 'Campus services' }, admin);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'en-GB', baseURL: hub.url });
    const page = await context.newPage();
    await page.goto(`/kiosk#pair=${kiosk.token}`);
    await page.locator('[data-screen="home"] [data-category]').first().waitFor();
    const tiles = () => page.locator('[data-screen="home"] [data-category]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-category')}=${e.getAttribute('data-category-name')}`));
    expect(await tiles()).toEqual(['facility_management=Facility management', 'services_complaints=Campus services', 'parking=Parking']);
    await shot(page, 'defect-1-kiosk-current-categories');

    // The new category can be reported under; the form offers the same categories.
    await page.locator('[data-category="parking"]').tap();
    await page.locator('[data-screen="form"]').waitFor();
    expect(await page.getByRole('group', { name: 'Category' }).getByRole('button').allTextContents()).toEqual(['Facility management', 'Campus services', 'Parking']);
    await page.getByLabel('In a few words').fill('Barrier at the north gate stays closed');
    await page.getByLabel('Building').fill('North gate');
    await page.getByRole('button', { name: 'Send report' }).tap();
    await page.locator('[data-screen="done"]').waitFor();
    const latest = await hub.ok<{ items: { category: string; subject: string }[] }>('tickets.list', { limit: 1, sort: 'id' }, admin);
    expect(latest.items[0]).toMatchObject({ category: 'parking', subject: 'Barrier at the north gate stays closed' });

    // An admin changes the categories while the kiosk is in use: back at the start, it shows them.
    await hub.ok('categories.update', { slug: 'parking', active: false }, admin);
    await hub.ok('categories.update', { slug: 'technical_it', active: true }, admin);
    await page.getByRole('button', { name: 'Done' }).tap();
    await page.locator('[data-screen="home"]').waitFor();
    await expect.poll(tiles).toEqual(['facility_management=Facility management', 'technical_it=Technical IT', 'services_complaints=Campus services']);
    await context.close();
    await hub.ok('categories.update', { slug: 'services_complaints', name: 'Services complaints' }, admin);
  });
});

describe('defect 2: the queue at 1024×768', () => {
  it('gives the subject the room; category, assignee and opened fold under it', async () => {
    const w = await signedIn('agnes', { viewport: { width: 1024, height: 768 } });
    const { page } = w;
    await page.locator('tbody tr[data-ticket-id]').first().waitFor();
    const widths = await page.evaluate(() => {
      const table = document.querySelector('table[aria-label="Tickets"]')!;
      const heads = [...table.querySelectorAll('thead th')].map((th) => ({ text: th.textContent?.trim() ?? '', width: th.getBoundingClientRect().width }));
      return { table: table.getBoundingClientRect().width, heads };
    });
    const subject = widths.heads.find((h) => h.text === 'Subject')!;
    expect(subject.width / widths.table, 'share of the table the subject gets').toBeGreaterThan(0.45);
    expect(widths.heads.map((h) => h.text)).not.toContain('Assignee');
    // What folded is still there, under the subject.
    const details = await page.locator('tbody tr[data-ticket-id]').first().getByTestId('row-details').textContent();
    expect(details).toMatch(/^(Technical IT|Facility management|Parking) · \S.* · /);
    await shotBothThemes(page, 'defect-2-queue-1024');
    // A wide window keeps every column.
    await page.setViewportSize({ width: 1400, height: 800 });
    await expect.poll(() => page.locator('thead th').allTextContents()).toContain('Assignee');
    expectClean(w);
    await w.context.close();
  });
});

describe('defect 3: status chips meet WCAG AA contrast', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`every status chip in the ${scheme} theme has at least 4.5:1`, async () => {
      const w = await signedIn('agnes', { colorScheme: scheme });
      const { page } = w;
      await page.goto('/#/queue?status=all');
      for (const s of STATUSES) await page.locator(`tbody [data-status="${s}"]`).first().waitFor();
      const ratios = await page.evaluate((statuses) => {
        const rgb = (c: string): [number, number, number, number] => {
          const m = /rgba?\(([^)]+)\)/.exec(c)!;
          const [r, g, b, a] = m[1]!.split(',').map((x) => Number(x.trim()));
          return [r!, g!, b!, a ?? 1];
        };
        const lum = ([r, g, b]: number[]) => {
          const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
        };
        /** The colour behind an element: its own background over its ancestors'. */
        const background = (el: Element | null): [number, number, number] => {
          const layers: [number, number, number, number][] = [];
          for (let e = el; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) layers.push(c);
            if (c[3] === 1) break;
          }
          let out: [number, number, number] = [255, 255, 255];
          for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
          return out;
        };
        return statuses.map((s) => {
          const chip = document.querySelector(`tbody [data-status="${s}"]`)!;
          const label = chip.querySelector('.MuiChip-label')!;
          const [r, g, b, a] = rgb(getComputedStyle(label).color);
          const bg = background(chip);
          const fg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
          const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
          return { status: s, ratio: Math.round(((l1! + 0.05) / (l2! + 0.05)) * 100) / 100 };
        });
      }, [...STATUSES]);
      for (const r of ratios) expect(r.ratio, `${r.status} chip contrast`).toBeGreaterThanOrEqual(4.5);
      await shot(page, `defect-3-status-chips-${scheme}`);
      expectClean(w);
      await w.context.close();
    });
  }
});

describe('defect 5: a reversed date range', () => {
  it('says so once and sends no request for it', async () => {
    const w = await signedIn('agnes');
    const { page } = w;
    await page.locator('tbody tr[data-ticket-id]').first().waitFor();
    const calls = watchCalls(page);
    await page.getByLabel('Opened from').fill('2026-03-10');
    await page.getByLabel('Opened to').fill('2026-03-01');
    await page.getByTestId('date-range-error').waitFor();
    await expect.poll(() => page.getByRole('alert').count(), { message: 'one message on the page' }).toBe(1);
    expect(await page.getByTestId('date-range-error').textContent()).toMatch(/“Opened to” \(1 Mar 2026\) is before “Opened from” \(10 Mar 2026\)/);
    expect(await page.getByText(/openedFrom|openedTo/).count(), 'no raw API field names').toBe(0);
    expect(await page.getByText('No tickets match these filters').count(), 'no empty state').toBe(0);
    await page.waitForTimeout(500);
    const reversed = calls.filter((c) => {
      const input = c.input as { openedFrom?: string; openedTo?: string };
      return (c.name === 'tickets.list' || c.name === 'tickets.counts') && input.openedFrom && input.openedTo && input.openedFrom > input.openedTo;
    });
    expect(reversed, 'requests with the reversed range').toEqual([]);
    await shot(page, 'defect-5-reversed-range');
    // Putting it right asks again.
    await page.getByLabel('Opened to').fill('2026-03-20');
    await expect.poll(() => page.getByTestId('date-range-error').count()).toBe(0);
    await expect.poll(() => calls.some((c) => c.name === 'tickets.list')).toBe(true);
    expect(w.errors.filter((e) => !e.includes('net::ERR_FAILED'))).toEqual([]);
    await w.context.close();
  });
});

describe('defect 6: admins edit a user\'s display name and email', () => {
  it('changes both in the Users admin, validates first, and the API has them', async () => {
    const w = await signedIn('admin');
    const { page } = w;
    await page.goto('/#/admin/users');
    await page.getByRole('button', { name: 'Edit name and email of rita' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit rita' });
    await dialog.getByLabel('Email').fill('not an address');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByText(/Email must look like/).count()).toBeGreaterThan(0);
    await dialog.getByLabel('Name').fill('Rita Reyes-Okafor');
    await dialog.getByLabel('Email').fill('rita.reyes@campus.example.edu');
    await shot(page, 'defect-6-edit-user');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved the details of rita').waitFor();
    await expect.poll(() => page.locator('tr[data-username="rita"]').textContent()).toMatch(/Rita Reyes-Okafor.*rita\.reyes@campus\.example\.edu/);
    const me = await hub.ok<{ user: { displayName: string; email: string } }>('auth.me', {}, rita.token);
    expect(me.user).toMatchObject({ displayName: 'Rita Reyes-Okafor', email: 'rita.reyes@campus.example.edu' });
    // An empty email removes it.
    await page.getByRole('button', { name: 'Edit name and email of rita' }).click();
    await page.getByRole('dialog', { name: 'Edit rita' }).getByLabel('Email').fill('');
    await page.getByRole('dialog', { name: 'Edit rita' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await hub.ok<{ user: { email: string | null } }>('auth.me', {}, rita.token)).user.email).toBeNull();
    expectClean(w);
    await w.context.close();
  });
});

describe('defect 8: toasts', () => {
  it('a toast from one admin tab does not follow to the next', async () => {
    const w = await signedIn('admin');
    const { page } = w;
    await hub.ok('categories.create', { slug: 'lost_found', name: 'Lost and found' }, admin);
    await page.goto('/#/admin/categories');
    await page.getByRole('button', { name: /^Deactivate Lost and found/ }).click();
    await page.getByText(/was deactivated/).waitFor();
    await page.getByRole('tab', { name: 'Kiosks' }).click();
    await page.getByRole('heading', { name: 'Register a kiosk' }).waitFor();
    await expect.poll(() => page.getByText(/was deactivated/).count()).toBe(0);
    await shot(page, 'defect-8-kiosks-tab-no-stale-toast');
    expectClean(w);
    await w.context.close();
  });

  it('Close and Reopen say what they did; "Reply sent" does not linger', async () => {
    const t = await hub.ok<{ id: number }>('tickets.create', { subject: 'Window in B12 does not close', description: 'Cold air all day.', category: 'facility_management' }, rita.token);
    const w = await signedIn('rita');
    const { page } = w;
    await page.goto(`/#/tickets/${t.id}`);
    await page.getByTestId('ticket-subject').waitFor();
    await page.getByLabel('Your reply').fill('It is still open this morning.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply sent').waitFor();
    await page.getByRole('button', { name: 'Close ticket' }).click();
    await page.getByText(`Ticket #${t.id} closed`).waitFor();
    expect(await page.getByText('Reply sent').count()).toBe(0);
    await shot(page, 'defect-8-closed-toast');
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByText(`Ticket #${t.id} reopened; the helpdesk will look at it again`).waitFor();
    expect((await hub.ok<{ status: string }>('tickets.get', { id: t.id }, rita.token)).status).toBe('open');
    // Leaving the ticket leaves its toast behind.
    await page.getByRole('link', { name: 'My tickets' }).first().click();
    await page.waitForURL(/#\/my/);
    await expect.poll(() => page.getByText(/reopened/).count()).toBe(0);
    expectClean(w);
    await w.context.close();
  });
});
