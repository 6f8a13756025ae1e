// The analytics screen in Chromium against a real hub: charts and key figures on generated
// data, period and category choices, both themes, and the exports: the PNG decoded (2× the
// chart plus header and legend, not blank) and the CSV parsed back into the numbers the
// API answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { SCREENS, expectClean, launch, openContext, settle, shot, shotBothThemes, signIn, startGuiHub, NARROW, expectNoHorizontalScroll } from './support.ts';
import { seedPeopleAndCategories, seedTickets } from '../analytics/fixtures.ts';
import { decodePng, parseCsv, pngVariety } from '../analytics/png.ts';

const SVG = '.recharts-wrapper > svg.recharts-surface';

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
  const admin = await hub.setupAdmin();
  await hub.user(admin, 'agnes', 'agent');
  const db = hub.app.core.sqlite;
  const seeded = seedPeopleAndCategories(db);
  // Data up to this moment (the browser's presets count back from the real clock).
  seedTickets(db, seeded, 3000, 5, Date.now() - 400 * 86_400_000);
  const shift = Date.now() - Date.parse('2026-03-02T09:00:00Z'); // the fixtures' NOW becomes now
  db.prepare('UPDATE tickets SET opened_at = opened_at + ?, closed_at = closed_at + ?').run(shift, shift);
  db.prepare('UPDATE messages SET created_at = created_at + ?').run(shift);
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

async function openAnalytics(page: Page): Promise<void> {
  await page.goto('/#/login');
  await page.getByLabel('Username').waitFor({ timeout: 10_000 }).catch(async (e) => { await shot(page, 'analytics-debug'); throw e; });
  await signIn(page, 'agnes', 'agnes-password');
  await page.waitForURL(/#\/queue$/);
  await page.goto('/#/analytics');
  await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
  await page.locator(`[data-chart="opened-closed"] ${SVG}`).waitFor();
  await settle(page);
}

describe('analytics screen', () => {
  it('shows key figures and every chart; exports PNG and CSV that match the API', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    const answers = new Map<string, unknown>();
    page.on('response', async (r) => {
      const m = /\/api\/v1\/(analytics\.\w+)$/.exec(r.url());
      if (m && r.status() === 200) answers.set(m[1]!, await r.json().catch(() => null));
    });
    await openAnalytics(page);
    for (const id of ['opened-closed', 'backlog', 'resolution', 'first-response', 'active', 'workload']) {
      await expect.poll(() => page.locator(`[data-chart="${id}"] ${SVG}`).count(), { message: `chart ${id}` }).toBeGreaterThan(0);
    }
    await expect.poll(() => answers.size).toBe(6);
    const active = answers.get('analytics.activeByCategory') as { total: number };
    expect(await page.locator('[data-figure="Active now"]').textContent()).toBe(active.total.toLocaleString('en-GB'));
    const byPeriod = answers.get('analytics.ticketsByPeriod') as { total: number; bucket: string; buckets: { start: string; opened: number; closed: number }[] };
    expect(byPeriod.bucket).toBe('day');
    expect(byPeriod.total).toBeGreaterThan(0);
    expect(await page.locator('[data-figure="Opened in the period"]').textContent()).toBe(byPeriod.total.toLocaleString('en-GB'));
    await shotBothThemes(page, 'analytics-overview', { fullPage: true });

    // PNG of "Tickets opened vs closed": twice the chart's size plus the header and legend.
    const svgBox = (await page.locator(`[data-chart="opened-closed"] ${SVG}`).boundingBox())!;
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Tickets opened vs closed as PNG' }).click()]);
    expect(png.suggestedFilename()).toMatch(/^tickets-opened-vs-closed-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.png$/);
    const image = decodePng(readFileSync((await png.path())));
    mkdirSync(SCREENS, { recursive: true });
    await png.saveAs(join(SCREENS, 'analytics-export-opened-closed.png'));
    expect(image.width).toBe(2 * (Math.ceil(svgBox.width) + 32));
    expect(image.height).toBe(2 * (Math.ceil(svgBox.height) + 52 + 28 + 16));
    const variety = pngVariety(image);
    expect(variety.colors).toBeGreaterThan(20);
    expect(variety.nonBackground).toBeGreaterThan(0.03);

    // CSV of the same chart: the API's numbers, ISO dates, header row.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Tickets opened vs closed data as CSV' }).click()]);
    const rows = parseCsv(readFileSync((await csv.path()), 'utf8'));
    expect(rows[0]).toEqual(['bucket_start', 'opened', 'closed']);
    expect(rows.slice(1).map((r) => ({ start: r[0], opened: Number(r[1]), closed: Number(r[2]) }))).toEqual(byPeriod.buckets);

    // CSV of resolution time by category: durations in whole seconds (the API's means and
    // percentiles are fractions of milliseconds apart; a spreadsheet wants 366783, not 366782.826…).
    const resolution = answers.get('analytics.resolutionTime') as { overall: { count: number; meanSeconds: number; medianSeconds: number; p90Seconds: number }; groups: { key: string; count: number; meanSeconds: number; medianSeconds: number; p90Seconds: number }[] };
    const [csv2] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Resolution time by category data as CSV' }).click()]);
    const rows2 = parseCsv(readFileSync((await csv2.path()), 'utf8'));
    expect(rows2[0]).toEqual(['category', 'name', 'count', 'mean_seconds', 'median_seconds', 'p90_seconds']);
    const num = (s: string) => (s === '' ? null : Number(s));
    for (const r of rows2.slice(1)) for (const cell of r.slice(3)) expect(cell, 'a duration cell').toMatch(/^(\d+)?$/);
    const rounded = (g: { count: number; meanSeconds: number | null; medianSeconds: number | null; p90Seconds: number | null }) => ({
      count: g.count, meanSeconds: g.meanSeconds === null ? null : Math.round(g.meanSeconds),
      medianSeconds: g.medianSeconds === null ? null : Math.round(g.medianSeconds), p90Seconds: g.p90Seconds === null ? null : Math.round(g.p90Seconds),
    });
    expect(resolution.groups.some((g) => g.meanSeconds !== null && !Number.isInteger(g.meanSeconds)), 'the API answers fractions (else this checks nothing)').toBe(true);
    expect(rows2.slice(1).map((r) => ({ key: r[0], count: num(r[2]!), meanSeconds: num(r[3]!), medianSeconds: num(r[4]!), p90Seconds: num(r[5]!) })))
      .toEqual([{ key: '(all)', ...rounded(resolution.overall) }, ...resolution.groups.map((g) => ({ key: g.key, ...rounded(g) }))]);

    // The snapshot charts (now, not a period) are named for the day they were taken.
    const day = await page.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; });
    const [activeCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Active tickets by category data as CSV' }).click()]);
    expect(activeCsv.suggestedFilename()).toBe(`active-tickets-by-category-${day}.csv`);
    const [workloadCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Workload by assignee data as CSV' }).click()]);
    expect(workloadCsv.suggestedFilename()).toBe(`workload-by-assignee-${day}.csv`);

    // PNG of the workload chart in the dark theme: a light background (print, documents) is
    // offered first, the dark one as on screen second.
    await page.emulateMedia({ colorScheme: 'dark' });
    await settle(page);
    await page.getByRole('button', { name: 'Export Workload by assignee as PNG' }).click();
    const [pngLight] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^Light background/ }).click()]);
    const light = decodePng(readFileSync((await pngLight.path())));
    await pngLight.saveAs(join(SCREENS, 'analytics-export-workload-dark-mode-light-background.png'));
    expect(light.pixels[0]! + light.pixels[1]! + light.pixels[2]!).toBeGreaterThan(3 * 240); // white background
    expect(pngVariety(light).colors).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Export Workload by assignee as PNG' }).click();
    const [png2] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^Dark background/ }).click()]);
    const dark = decodePng(readFileSync((await png2.path())));
    await png2.saveAs(join(SCREENS, 'analytics-export-workload-dark.png'));
    expect(dark.pixels[0]! + dark.pixels[1]! + dark.pixels[2]!).toBeLessThan(3 * 80); // dark background
    expect(pngVariety(dark).colors).toBeGreaterThan(20);
    await page.emulateMedia({ colorScheme: 'light' });
    expectClean(w);
    await w.context.close();
  });

  it('switches analysis, period and category', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    await openAnalytics(page);
    await page.getByRole('tab', { name: 'Backlog' }).click();
    await expect.poll(() => page.locator('[data-chart]').count()).toBe(1);
    await page.getByRole('button', { name: 'Last 12 months' }).click();
    await expect.poll(() => page.getByTestId('period').textContent()).toMatch(/by month/);
    await shotBothThemes(page, 'analytics-backlog-12-months');
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Last 24 h' }).click();
    await expect.poll(() => page.getByTestId('period').textContent()).toMatch(/by hour/);
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Technical IT' }).click();
    await expect.poll(() => page.getByTestId('period').textContent()).toMatch(/category: Technical IT/);
    await page.getByRole('button', { name: 'Custom range' }).click();
    await expect.poll(() => page.getByText('Choose the first and last day of the custom range.').isVisible()).toBe(true);
    await page.getByLabel('From (first day)').fill('2025-12-01');
    await page.getByLabel('To (last day, included)').fill('2026-01-31');
    await page.getByRole('combobox', { name: 'Bucket' }).click();
    await page.getByRole('option', { name: 'Week (from Monday)' }).click();
    await expect.poll(() => page.getByTestId('period').textContent()).toMatch(/by ISO week/);
    await page.getByRole('button', { name: 'About these figures' }).click();
    await expect.poll(() => page.getByText('First response time', { exact: true }).isVisible()).toBe(true);
    await shot(page, 'analytics-custom-light');
    expectClean(w);
    await w.context.close();
  });

  it('groups resolution time by category, priority, assignee or not at all', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    const asked: unknown[] = [];
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/analytics.resolutionTime')) asked.push(r.postDataJSON()); });
    await openAnalytics(page);
    await page.getByRole('tab', { name: 'Resolution time' }).click();
    await page.getByRole('heading', { name: 'Resolution time by category' }).waitFor();
    await page.getByRole('combobox', { name: 'Resolution time by' }).click();
    await page.getByRole('option', { name: 'Priority' }).click();
    await page.getByRole('heading', { name: 'Resolution time by priority' }).waitFor();
    await expect.poll(() => asked.some((a) => (a as { groupBy?: string }).groupBy === 'priority')).toBe(true);
    // The bars are labelled with the priorities' names.
    await expect.poll(() => page.locator(`[data-chart="resolution"] ${SVG} .recharts-cartesian-axis-tick-value`).allTextContents()).toEqual(expect.arrayContaining(['Urgent', 'Low']));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Resolution time by priority data as CSV' }).click()]);
    expect(parseCsv(readFileSync((await csv.path()), 'utf8'))[0]![0]).toBe('priority');
    await shotBothThemes(page, 'analytics-resolution-by-priority');
    await page.getByRole('combobox', { name: 'Resolution time by' }).click();
    await page.getByRole('option', { name: 'Assignee' }).click();
    await page.getByRole('heading', { name: 'Resolution time by assignee' }).waitFor();
    await expect.poll(() => asked.some((a) => (a as { groupBy?: string }).groupBy === 'assignee')).toBe(true);
    await page.getByRole('combobox', { name: 'Resolution time by' }).click();
    await page.getByRole('option', { name: 'No grouping (overall)' }).click();
    await page.getByRole('heading', { name: 'Resolution time overall' }).waitFor();
    await expect.poll(() => asked.some((a) => (a as { groupBy?: string }).groupBy === undefined)).toBe(true);
    await expect.poll(() => page.locator(`[data-chart="resolution"] ${SVG} .recharts-cartesian-axis-tick-value`).allTextContents()).toContain('All tickets');
    expectClean(w);
    await w.context.close();
  });

  it('desktop: exports go through the preload bridge\'s save dialog', async () => {
    const w = await openContext(browser, hub);
    const { page } = w;
    // Stand-in for the Electron preload (window.campusdesk): invoke over HTTP, saveFile records.
    await page.addInitScript(() => {
      const saved: { name: string; data: number[] | string; filters: unknown }[] = [];
      (window as unknown as { __saved: typeof saved }).__saved = saved;
      (window as unknown as { campusdesk: unknown }).campusdesk = {
        platform: 'desktop',
        async invoke(name: string, input?: unknown) {
          const token = sessionStorage.getItem('bridge-token');
          const r = await fetch(`/api/v1/${name}`, {
            method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(input ?? {}),
          });
          const body = await r.json();
          if (!r.ok) throw body.error;
          if (name === 'auth.login') sessionStorage.setItem('bridge-token', body.token);
          return body;
        },
        saveFile(opts: { defaultName: string; data: Uint8Array | string; filters?: unknown }) {
          saved.push({ name: opts.defaultName, data: typeof opts.data === 'string' ? opts.data : Array.from(opts.data), filters: opts.filters });
          return Promise.resolve({ saved: true, path: `/home/agnes/${opts.defaultName}` });
        },
      };
    });
    await openAnalytics(page);
    await page.getByRole('button', { name: 'Export Backlog over time as PNG' }).click();
    await expect.poll(() => page.getByText(/^Saved \/home\/agnes\/backlog-over-time-.*\.png$/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Export Backlog over time data as CSV' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __saved: unknown[] }).__saved.length)).toBe(2);
    const saved = await page.evaluate(() => (window as unknown as { __saved: { name: string; data: number[] | string; filters: { extensions: string[] }[] }[] }).__saved);
    expect(saved[0]!.filters[0]!.extensions).toEqual(['png']);
    const image = decodePng(Buffer.from(saved[0]!.data as number[]));
    expect(pngVariety(image).colors).toBeGreaterThan(10);
    expect(saved[1]!.filters[0]!.extensions).toEqual(['csv']);
    const rows = parseCsv(saved[1]!.data as string);
    expect(rows[0]).toEqual(['bucket_start', 'bucket_end', 'active']);
    expect(rows.length).toBeGreaterThan(20);
    expectClean(w);
    await w.context.close();
  });

  it('fits a narrow window', async () => {
    const w = await openContext(browser, hub, { viewport: NARROW });
    await openAnalytics(w.page);
    await expectNoHorizontalScroll(w.page);
    await shot(w.page, 'analytics-narrow-light');
    expectClean(w);
    await w.context.close();
  });
});
