// Browser tests support: Debian's Chromium through playwright-core, against a real hub
// (temporary SQLite database, ephemeral port) serving the built renderer (dist/renderer;
// `npm test` builds it first). Screenshots go to tests/artifacts/screens/.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER = join(ROOT, 'dist/renderer');
export const SCREENS = join(ROOT, 'tests/artifacts/screens');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const WIDE = { width: 1280, height: 720 };
export const NARROW = { width: 390, height: 844 };

export async function startGuiHub(): Promise<TestHub> {
  if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('dist/renderer is missing: run `npx vite build` (npm test builds it) first');
  return startTestHub({ staticDir: RENDERER });
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
}

export interface GuiWorld {
  hub: TestHub;
  browser: Browser;
  /** The first admin's token. */
  admin: string;
}

/** A hub with the built renderer, Chromium, the first admin, and the given users (password `<name>-password`). */
export async function startGui(users: readonly [string, 'reporter' | 'agent' | 'admin'][] = []): Promise<GuiWorld> {
  const [hub, browser] = await Promise.all([startGuiHub(), launch()]);
  const admin = await hub.setupAdmin();
  for (const [name, role] of users) await hub.user(admin, name, role);
  return { hub, browser, admin };
}

export async function stopGui(world: Partial<GuiWorld>): Promise<void> {
  await world.browser?.close();
  await world.hub?.dispose();
}

/** Picks `option` in the MUI select labelled `label`. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** Requests that went anywhere but the hub (must stay empty: nothing leaves the machine). */
  foreign: string[];
  /** Console errors and page errors (CSP violations land here). */
  errors: string[];
}

/** A fresh browser context (own localStorage) watching for foreign requests and errors. */
export async function openContext(browser: Browser, hub: TestHub, opts: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<Watched> {
  const context = await browser.newContext({
    viewport: opts.viewport ?? WIDE, colorScheme: opts.colorScheme ?? 'light', locale: 'en-GB', timezoneId: 'Europe/Berlin', baseURL: hub.url,
  });
  const page = await context.newPage();
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(hub.url) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  page.on('console', (m) => {
    // Expected API failures (401 on a wrong password, 409 on a conflict…) show up as resource errors.
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (4\d\d)/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { context, page, foreign, errors };
}

/** Nothing left the machine and nothing was blocked or thrown. */
export function expectClean(w: Watched): void {
  expect(w.foreign, 'requests to other hosts').toEqual([]);
  expect(w.errors.filter((e) => !e.includes('net::ERR_FAILED')), 'console errors').toEqual([]);
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A fresh page on the hub (1280×800, en-GB, Europe/Berlin), no console watching. */
export async function plainPage(browser: Browser, hub: TestHub): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/Berlin', baseURL: hub.url });
  return context.newPage();
}

/** plainPage, signed in as `username` (password `<username>-password`), on its home screen. */
export async function signedInPage(browser: Browser, hub: TestHub, username: string): Promise<Page> {
  const page = await plainPage(browser, hub);
  await page.goto('/#/login');
  await signIn(page, username, `${username}-password`);
  await page.waitForURL(username === 'rita' ? /#\/my$/ : /#\/queue$/);
  return page;
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Account:/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
}

/** Waits until no progress indicator is shown and fonts are in. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.fonts.status === 'loaded');
  await page.locator('[role="status"] .MuiCircularProgress-root').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
  await page.waitForTimeout(250);
}

/** Saves <name>-light.png and <name>-dark.png (the OS preference switched; the app follows it). */
export async function shotBothThemes(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await settle(page);
    await page.screenshot({ path: join(SCREENS, `${name}-${scheme}.png`), fullPage: opts.fullPage ?? false });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await settle(page);
  await page.screenshot({ path: join(SCREENS, `${name}.png`) });
}

/** The page's content fits the viewport's width (no sideways scrolling in a narrow window). */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(1);
}

/** Every visible control has an accessible name (label, aria-label, aria-labelledby, text or title). */
export async function expectLabelled(page: Page): Promise<void> {
  const unnamed = await page.evaluate(() => {
    const visible = (el: Element) => {
      const r = (el as HTMLElement).getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const text = (el: Element | null) => (el?.textContent ?? '').trim();
    const nameOf = (el: Element): string => {
      const aria = el.getAttribute('aria-label');
      if (aria?.trim()) return aria;
      const by = el.getAttribute('aria-labelledby');
      if (by) {
        const t = by.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
        if (t) return t;
      }
      const labels = (el as HTMLInputElement).labels;
      if (labels && labels.length > 0 && text(labels[0]!)) return text(labels[0]!);
      if (el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA' && text(el)) return text(el);
      return el.getAttribute('title') ?? '';
    };
    const controls = document.querySelectorAll('input:not([type="hidden"]):not([aria-hidden="true"]), textarea:not([aria-hidden="true"]), select, button, a[href], [role="combobox"], [role="button"], [role="tab"], [role="menuitem"]');
    return [...controls].filter((el) => visible(el) && !el.closest('[aria-hidden="true"]') && !nameOf(el)).map((el) => el.outerHTML.slice(0, 160));
  });
  expect(unnamed, 'controls without an accessible name').toEqual([]);
}
