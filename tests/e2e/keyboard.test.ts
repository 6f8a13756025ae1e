// Keyboard reachability of every screen, in Chromium against a real hub: on each screen the
// axe check visits (setup, login, queue, ticket, new ticket, my tickets, analytics, each admin
// tab, account, the kiosk's pairing, home, form and lookup), in the light and the dark theme,
// Tab goes once around the page; every interactive element (links, buttons, inputs, tabs,
// chips and rows that act, anything with a pointer cursor) must be reached, and each stop must
// look different focused than at rest (outline, ring, background, border or a focus ripple).
// Then the popups: menus open, move and close with the keyboard and give focus back, dialogs
// keep focus inside and return it to their opener. Screenshots of focused states go to
// tests/artifacts/screens/keyboard-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it as vitestIt } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestHub } from '../support/hub.ts';
import { SCREENS, launch, settle, startGuiHub, plainPage, signedInPage } from './support.ts';

/** Each test walks several screens twice (light, dark), one key press at a time. */
const it = (name: string, fn: () => Promise<void>) => vitestIt(name, fn, 240_000);

let hub: TestHub;
let browser: Browser;
let admin: string;
let ticketId: number;
let kioskToken: string;

beforeAll(async () => {
  [hub, browser] = await Promise.all([startGuiHub(), launch()]);
});
afterAll(async () => {
  await browser?.close();
  await hub?.dispose();
});

const newPage = (): Promise<Page> => plainPage(browser, hub);
const signedIn = (username: string): Promise<Page> => signedInPage(browser, hub, username);

interface KeyboardReport {
  /** Tab stops, in order. */
  stops: string[];
  /** Interactive elements Tab never reached. */
  unreached: string[];
  /** Stops that look the same focused as at rest. */
  invisible: string[];
}

/**
 * In the page: remembers how every interactive element looks at rest (nothing focused), so a
 * stop can later be compared with itself. The look is the computed outline, box-shadow,
 * background, border, colour and underline of the element, its descendants, its parent and the
 * parent's other descendants that belong to no other control (an MUI input's outline is a
 * sibling fieldset; a checkbox's ripple sits beside its input), plus how many nodes there are
 * (MUI's focus ripple is an added child).
 */
async function takeRest(page: Page): Promise<void> {
  await page.evaluate(() => {
    const CONTROL = 'a[href], button, input, textarea, select, [tabindex], [role="button"], [role="link"], [role="tab"], [role="menuitem"], [role="combobox"], [role="checkbox"], [role="radio"], [role="switch"], [role="option"], [role="row"]';
    const look = (el: Element): string => {
      const nodes: Element[] = [el, ...[...el.querySelectorAll('*')].slice(0, 60)];
      const parent = el.parentElement;
      if (parent) {
        nodes.push(parent);
        for (const n of [...parent.querySelectorAll('*')].slice(0, 60)) {
          if (n === el || el.contains(n)) continue;
          const owner = n.closest(CONTROL);
          if (owner && owner !== el && parent.contains(owner)) continue;
          nodes.push(n);
        }
      }
      const props = (n: Element, pseudo?: string) => {
        const s = getComputedStyle(n, pseudo);
        const outline = s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
        return `outline=${outline}; shadow=${s.boxShadow}; bg=${s.backgroundColor}; border=${s.borderTopColor} ${s.borderBottomColor} ${s.borderTopWidth} ${s.borderBottomWidth}; color=${s.color}; deco=${s.textDecorationLine}; transform=${s.transform}`;
      };
      return [`${nodes.length} nodes`, ...nodes.map((n) => `${n.tagName}.${typeof n.className === 'string' ? n.className.split(' ')[0] : ''} ${props(n)}/${props(n, '::after')}/${props(n, '::before')}`)].join('\n');
    };
    const w = window as unknown as { __kbd: { look: (el: Element) => string; rest: Map<Element, string>; control: string } };
    const rest = new Map<Element, string>();
    for (const el of document.querySelectorAll('*')) rest.set(el, look(el));
    w.__kbd = { look, rest, control: CONTROL };
  });
}

/** In the page: what the focused element is and whether it looks different than at rest. */
async function focusedStop(page: Page): Promise<{ key: number; what: string; visible: boolean; changed: string } | null> {
  return page.evaluate(async () => {
    const w = window as unknown as { __kbd: { look: (el: Element) => string; rest: Map<Element, string>; ids?: Map<Element, number> } };
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    w.__kbd.ids ??= new Map();
    let key = w.__kbd.ids.get(el);
    if (key === undefined) { key = w.__kbd.ids.size; w.__kbd.ids.set(el, key); }
    const label = (el.getAttribute('aria-label') ?? el.getAttribute('placeholder') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const what = `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} “${label}”`;
    const rest = w.__kbd.rest.get(el);
    // MUI adds its focus-visible class, ring and ripple a frame or more later: look again on
    // each frame until the stop looks different, for at most half a second.
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
    const until = performance.now() + 500;
    await frame();
    let now = w.__kbd.look(el);
    while (rest !== undefined && now === rest && performance.now() < until) { await frame(); now = w.__kbd.look(el); }
    const visible = rest === undefined ? true : now !== rest;
    // What changed (for KBD_DEBUG): the first line that differs.
    const before = (rest ?? '').split('\n');
    const lines = now.split('\n');
    const at = lines.findIndex((l, i) => l !== before[i]);
    const changed = at < 0 ? '' : `${lines[at]!.split(' ')[0]}: ${lines[at]!.split(/[/;]/).filter((f) => !(before[at] ?? '').split(/[/;]/).includes(f)).join(';')}`;
    return { key, what, visible, changed };
  });
}

/** In the page: the interactive elements (visible, enabled) not reached by any stop. */
async function unreachedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __kbd: { ids?: Map<Element, number>; control: string } };
    const reached = [...(w.__kbd.ids?.keys() ?? [])];
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[aria-hidden="true"], [inert]');
    };
    const enabled = (el: Element) => !(el as HTMLButtonElement).disabled && el.getAttribute('aria-disabled') !== 'true' && !el.closest('fieldset:disabled');
    const covered = (el: Element) => reached.some((r) => r === el || el.contains(r) || r.contains(el));
    // A roving group (tabs, radios, a menu) is one tab stop: reached when one of its members is.
    const groupOf = (el: Element): Element | null => {
      const role = el.getAttribute('role');
      if (role === 'tab') return el.closest('[role="tablist"]');
      if (el.closest('.MuiToggleButtonGroup-root')) return el.closest('.MuiToggleButtonGroup-root');
      if ((el as HTMLInputElement).type === 'radio' || role === 'radio') return el.closest('[role="radiogroup"], fieldset, form');
      return null;
    };
    const candidates = new Set<Element>();
    for (const el of document.querySelectorAll('a[href], button, input:not([type="hidden"]), textarea, select, [role="button"], [role="link"], [role="tab"], [role="combobox"], [role="checkbox"], [role="switch"], [role="radio"], .MuiChip-clickable, tr[data-ticket-id], [tabindex]:not([tabindex="-1"])')) candidates.add(el);
    // Anything that shows a pointer where its parent does not: it acts on a click.
    for (const el of document.querySelectorAll('body *')) {
      if (getComputedStyle(el).cursor === 'pointer' && el.parentElement && getComputedStyle(el.parentElement).cursor !== 'pointer') candidates.add(el);
    }
    const out: string[] = [];
    for (const el of candidates) {
      if (!shown(el) && !((el as HTMLInputElement).type === 'checkbox' || (el as HTMLInputElement).type === 'radio')) continue;
      if (el.closest('[aria-hidden="true"], [inert]')) continue;
      if (!enabled(el) || covered(el)) continue;
      const groups = [el, ...el.querySelectorAll('input, button, [role="tab"]')].map(groupOf).filter((g): g is Element => g !== null);
      if (groups.some((g) => reached.some((r) => g.contains(r)))) continue;
      const label = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} “${label}”`);
    }
    return out;
  });
}

/** Goes once around the page with Tab (from wherever focus is) and reports what it found. */
async function walk(page: Page, max = 250): Promise<KeyboardReport> {
  await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); });
  await page.waitForTimeout(700); // ripples and transitions of the last focus run out
  await takeRest(page);
  const stops: string[] = [];
  const invisible: string[] = [];
  const seen = new Set<number>();
  const problemsInGroups: string[] = [];
  let last = -1;
  let same = 0;
  let empty = 0;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await focusedStop(page);
    if (!stop) { if (++empty > 3) break; continue; }
    // A date input's day, month and year are stops of one element.
    if (stop.key === last && ++same < 4) continue;
    if (stop.key !== last) same = 0;
    last = stop.key;
    if (seen.has(stop.key)) break; // around once
    seen.add(stop.key);
    stops.push(process.env.KBD_DEBUG ? `${stop.what} [${stop.changed.slice(0, 300)}]` : stop.what);
    if (await rovingMember(page)) {
      // One stop for a group (tabs, toggle buttons): the arrow keys must move within it.
      const moved = await arrowMoves(page);
      if (!moved) problemsInGroups.push(`${stop.what}: the arrow keys do not move to the group's other members`);
    }
    if (!stop.visible) invisible.push(stop.what);
  }
  return { stops, unreached: [...await unreachedControls(page), ...problemsInGroups], invisible };
}

/** The focused element belongs to a group with one tab stop, moved in with the arrow keys. */
const ROVING = '[role="tablist"], .MuiToggleButtonGroup-root';

async function rovingMember(page: Page): Promise<boolean> {
  return page.evaluate((roving) => {
    const group = document.activeElement?.closest(roving);
    if (!group) return false;
    const members = [...group.querySelectorAll('button, a[href], [role="tab"]')].filter((m) => !(m as HTMLButtonElement).disabled);
    return members.length > 1;
  }, ROVING);
}

/** ArrowRight (or ArrowLeft at the end) moves focus to another member of the group; then back. */
async function arrowMoves(page: Page): Promise<boolean> {
  const at = () => page.evaluate(() => (document.activeElement?.textContent ?? '') + (document.activeElement?.getAttribute('aria-label') ?? ''));
  const before = await at();
  for (const [there, back] of [['ArrowRight', 'ArrowLeft'], ['ArrowLeft', 'ArrowRight']] as const) {
    await page.keyboard.press(there);
    const now = await at();
    const inGroup = await page.evaluate((roving) => document.activeElement?.closest(roving) !== null, ROVING);
    if (now !== before && inGroup) { await page.keyboard.press(back); return true; }
  }
  return false;
}

/** Walks the screen in the light and the dark theme; answers the problems, named by screen and theme. */
async function checkScreen(page: Page, screen: string): Promise<string[]> {
  const problems: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await settle(page);
    const r = await walk(page);
    if (process.env.KBD_DEBUG) console.log(`${screen} (${scheme}) stops: ${r.stops.join(' → ')}`);
    if (r.stops.length < 2) problems.push(`${screen} (${scheme}): only ${r.stops.length} tab stops`);
    for (const u of r.unreached) problems.push(`${screen} (${scheme}): not reachable by Tab: ${u}`);
    for (const v of r.invisible) problems.push(`${screen} (${scheme}): no visible focus: ${v}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (problems.length > 0) console.log(problems.join('\n'));
  return problems;
}

async function shotFocused(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENS, `keyboard-${name}.png`) });
}

/** Tabs until the element matching `selector` has focus (at most `max` presses). */
async function tabTo(page: Page, selector: string, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('every screen: each control reached by Tab, each with a visible focus (light and dark)', () => {
  it('setup and login', async () => {
    const page = await newPage();
    await page.goto('/#/setup');
    await page.getByRole('button', { name: /Create/ }).waitFor();
    const problems = await checkScreen(page, 'setup');
    admin = await hub.setupAdmin();
    await hub.user(admin, 'agnes', 'agent');
    await hub.user(admin, 'rita', 'reporter');
    const rita = await hub.ok<{ token: string }>('auth.login', { username: 'rita', password: 'rita-password' });
    ticketId = (await hub.ok<{ id: number }>('tickets.create', { subject: 'Heating in the library is off', description: 'Cold since Monday.', category: 'facility_management', location: 'Library, 2nd floor' }, rita.token)).id;
    for (let i = 0; i < 3; i++) await hub.ok('tickets.create', { subject: `Projector ${i} flickers`, description: 'In room A.', category: 'technical_it' }, rita.token);
    await hub.ok('messages.add', { ticketId, body: 'We sent a technician.' }, admin);
    await hub.ok('messages.add', { ticketId, body: 'Valve replaced; check tomorrow.', internal: true }, admin);
    kioskToken = (await hub.ok<{ token: string }>('kiosks.create', { name: 'Library entrance' }, admin)).token;
    await page.goto('/#/login');
    await page.reload(); // the page asked whether setup is needed when it loaded
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    problems.push(...await checkScreen(page, 'login'));
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('staff: queue, ticket, new ticket, analytics, each admin tab, account', async () => {
    const page = await signedIn('admin');
    const problems: string[] = [];
    for (const [screen, path, ready] of [
      ['queue', '/#/queue', 'tbody tr[data-ticket-id]'],
      ['ticket (staff)', `/#/tickets/${ticketId}`, '[data-testid="ticket-subject"]'],
      ['new ticket', '/#/new', 'form'],
      ['analytics', '/#/analytics', '[data-chart="workload"] .recharts-wrapper > svg'],
      ['admin users', '/#/admin/users', 'table'],
      ['admin categories', '/#/admin/categories', 'table'],
      ['admin kiosks', '/#/admin/kiosks', 'table'],
      ['admin mail', '/#/admin/mail', 'main form, main input'],
      ['account', '/#/account', 'main input'],
    ] as const) {
      await page.goto(path);
      await page.locator(ready).first().waitFor();
      problems.push(...await checkScreen(page, screen));
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('reporter: my tickets, a ticket, account', async () => {
    const page = await signedIn('rita');
    const problems: string[] = [];
    await page.locator('[data-ticket-id]').first().waitFor();
    problems.push(...await checkScreen(page, 'my tickets'));
    await page.goto(`/#/tickets/${ticketId}`);
    await page.getByTestId('ticket-subject').waitFor();
    problems.push(...await checkScreen(page, 'ticket (reporter)'));
    await page.goto('/#/account');
    await page.locator('main input').first().waitFor();
    problems.push(...await checkScreen(page, 'account (reporter)'));
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('kiosk: pairing, home, form, lookup', async () => {
    const page = await newPage();
    const problems: string[] = [];
    await page.goto('/kiosk');
    await page.locator('[data-screen="pairing"]').waitFor();
    problems.push(...await checkScreen(page, 'kiosk pairing'));
    await page.goto(`/kiosk#pair=${kioskToken}`);
    await page.locator('[data-screen="home"] [data-category]').first().waitFor();
    problems.push(...await checkScreen(page, 'kiosk home'));
    // The walk-up path by keyboard alone: a category tile, then the form.
    await page.locator('[data-category="technical_it"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-screen="form"]').waitFor();
    problems.push(...await checkScreen(page, 'kiosk form'));
    await page.getByRole('button', { name: /Start over/ }).click();
    await page.getByRole('button', { name: 'Check my ticket' }).click();
    await page.locator('[data-screen="lookup"]').waitFor();
    problems.push(...await checkScreen(page, 'kiosk lookup'));
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe('the check itself', () => {
  it('sees a removed focus indicator and a control taken out of the tab order', async () => {
    const page = await signedIn('admin');
    await page.locator('tbody tr[data-ticket-id] a').first().waitFor();
    await settle(page);
    // The row links lose their focus outline; the first row's link leaves the tab order.
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'tbody tr[data-ticket-id] a, tbody tr[data-ticket-id] a:focus-visible { outline: none !important; box-shadow: none !important; }';
      document.head.append(style);
      document.querySelector('tbody tr[data-ticket-id] a')?.setAttribute('tabindex', '-1');
    });
    const r = await walk(page);
    expect(r.invisible.some((s) => s.startsWith('a “')), `invisible: ${r.invisible.join(', ')}`).toBe(true);
    expect(r.unreached.length, 'the link taken out of the tab order').toBeGreaterThan(0);
    await page.context().close();
  });
});

describe('popups and actions by keyboard', () => {
  it('a queue row opens with Enter; j and k move between tickets; the account menu works by keys', async () => {
    const page = await signedIn('admin');
    await page.locator('tbody tr[data-ticket-id] a').first().waitFor();
    await settle(page);
    // The focus ring on an outlined status chip (it had none), in both themes.
    await tabTo(page, '[data-status-filter="closed"]');
    await shotFocused(page, 'status-chip-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shotFocused(page, 'status-chip-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await tabTo(page, 'tbody tr[data-ticket-id] a');
    await shotFocused(page, 'queue-row');
    const id = await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-ticket-id'));
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/tickets/${id}$`));
    await page.getByTestId('ticket-subject').waitFor();
    await page.keyboard.press('j');
    await page.waitForURL((u) => !u.hash.endsWith(`/tickets/${id}`));
    await page.keyboard.press('k');
    await page.waitForURL(new RegExp(`#/tickets/${id}$`));

    // The account menu: Enter opens it with focus on the first item, Escape closes it and
    // gives focus back to the button.
    const account = page.getByRole('button', { name: /^Account:/ });
    await account.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.closest('[role="menu"]') !== null)).toBe(true);
    await shotFocused(page, 'account-menu');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(/^Account:/);
    await page.context().close();
  });

  it('a chart\'s export menu opens, moves and closes by keys (dark theme), focus comes back', async () => {
    const page = await signedIn('admin');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/#/analytics');
    await page.locator('[data-chart="workload"] .recharts-wrapper > svg').waitFor();
    await settle(page);
    const png = page.locator('[data-chart="workload"]').getByRole('button', { name: /PNG/ });
    await png.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await page.keyboard.press('ArrowDown');
    await shotFocused(page, 'chart-export-menu-dark');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    expect(await png.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.context().close();
  });

  it('a dialog keeps focus inside while open and gives it back to its opener', async () => {
    const page = await signedIn('admin');
    await page.locator('tbody tr[data-ticket-id]').first().waitFor();
    await settle(page);
    // The shortcuts help (?), opened from the page.
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null), `Tab ${i + 1} stays in the dialog`).toBe(true);
    }
    await shotFocused(page, 'shortcuts-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // A dialog opened from a button: focus returns to that button.
    await page.goto('/#/admin/users');
    await page.locator('table').first().waitFor();
    await settle(page);
    const opener = page.getByRole('button', { name: /Add user|New user|Create user/ }).first();
    await opener.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null), `Tab ${i + 1} stays in the dialog`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.context().close();
  });
});
