// Attachments in Chromium against a real hub: attaching by button (New ticket), by pasting a
// screenshot and by drag and drop (reply box), removing before sending, upload progress on
// a slow link, thumbnails and the image viewer (blob: URLs, no token in the page), download
// links, and "Add a photo" at the kiosk. Screenshots: tests/artifacts/screens/attachments-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { openContext, expectClean, shot, signIn, startGui, stopGui, type GuiWorld } from './support.ts';
import * as fx from '../attachments/fixtures.ts';

let world: GuiWorld;

beforeAll(async () => { world = await startGui([['rita', 'reporter'], ['alex', 'agent']]); });
afterAll(async () => { await stopGui(world); });

/** A photo-like image: a gradient with a few shapes, so thumbnails show something. */
async function photo(width: number, height: number, hue: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hue}"/><stop offset="1" stop-color="#203040"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.3}" cy="${height * 0.4}" r="${height * 0.18}" fill="#f4d35e"/><rect x="${width * 0.55}" y="${height * 0.5}" width="${width * 0.3}" height="${height * 0.3}" fill="#ee964b"/></svg>`;
  return sharp(Buffer.from(svg)).withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 36/1' } }).jpeg().toBuffer();
}

async function noTokenInPage(page: Page): Promise<void> {
  const { html, token } = await page.evaluate(() => ({ html: document.documentElement.outerHTML, token: localStorage.getItem('campusdesk.token') }));
  expect(token).toBeTruthy();
  expect(html.includes(token!)).toBe(false);
}

describe('attachments in the browser', () => {
  let ticketId = 0;

  it('attaches by button on New ticket, removes one before sending, and shows thumbnails, viewer and download links', async () => {
    const w = await openContext(world.browser, world.hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'rita', 'rita-password');
    await page.waitForURL(/#\/my$/);
    await page.goto('/#/new');
    await page.getByLabel(/^Subject/).fill('Water stain on the ceiling in B-204');
    await page.getByLabel(/^Description/).fill('A brown stain grows above the window; it drips when it rains. Photos attached.');
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Facility management' }).click();
    await page.getByTestId('attach-input').setInputFiles([
      { name: 'ceiling.jpg', mimeType: 'image/jpeg', buffer: await photo(1200, 800, '#6c8ebf') },
      { name: 'window.jpg', mimeType: 'image/jpeg', buffer: await photo(800, 1000, '#82b366') },
      { name: 'floor plan.pdf', mimeType: 'application/pdf', buffer: fx.pdf() },
      { name: 'wrong.txt', mimeType: 'text/plain', buffer: fx.text() },
    ]);
    const files = page.getByRole('list', { name: 'Files to send' });
    await expect.poll(() => files.locator('li[data-state="done"]').count(), { timeout: 15_000 }).toBe(4);
    await shot(page, 'attachments-new-ticket');
    await page.getByRole('button', { name: 'Remove wrong.txt' }).click();
    await expect.poll(() => files.locator('li').count()).toBe(3);
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.waitForURL(/#\/tickets\/\d+$/);
    ticketId = Number(/#\/tickets\/(\d+)$/.exec(page.url())![1]);

    const t = await world.hub.ok('tickets.get', { id: ticketId }, world.admin);
    expect(t.attachments.map((a: { name: string }) => a.name)).toEqual(['ceiling.jpg', 'window.jpg', 'floor plan.pdf']);

    const thumbs = page.getByTestId('attachment-thumbnail');
    await expect.poll(() => thumbs.count(), { timeout: 15_000 }).toBe(2);
    expect(await thumbs.first().getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => thumbs.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await expect.poll(() => page.getByRole('button', { name: /Download floor plan\.pdf \(PDF, \d+ bytes\)/ }).isVisible()).toBe(true);
    await noTokenInPage(page);
    await shot(page, 'attachments-ticket');

    await page.getByRole('button', { name: 'View ceiling.jpg' }).click();
    const viewer = page.getByRole('dialog', { name: /ceiling\.jpg/ });
    await viewer.waitFor();
    await expect.poll(() => viewer.getByTestId('image-viewer-image').evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 15_000 }).toBe(1200);
    await shot(page, 'attachments-viewer');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('dialog', { name: /window\.jpg/ }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download floor plan\.pdf/ }).click()]);
    expect(download.suggestedFilename()).toBe('floor plan.pdf');
    expectClean(w);
    await w.context.close();
  });

  it('attaches a pasted screenshot and a dropped file to a reply, with progress on a slow link', async () => {
    const w = await openContext(world.browser, world.hub);
    const { page } = w;
    await page.goto('/#/login');
    await signIn(page, 'alex', 'alex-password');
    await page.waitForURL(/#\/(?!login)/);
    await page.goto(`/#/tickets/${ticketId}`);
    const box = page.getByLabel('Reply to the reporter');
    await box.waitFor();
    await box.fill('Thanks, a roofer comes on Thursday. Is this the spot?');

    // Paste a screenshot (what the clipboard holds after PrtScn): a PNG named image.png.
    const shotPng = await sharp({ create: { width: 900, height: 560, channels: 3, background: '#dde6f0' } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="560"><rect x="40" y="40" width="820" height="60" fill="#3465a4"/><rect x="40" y="140" width="400" height="360" fill="#fff"/><text x="60" y="80" font-size="28" fill="#fff">Room booking — error 500</text></svg>') }]).png().toBuffer();
    await box.evaluate((el, bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, [...shotPng]);
    const files = page.getByRole('list', { name: 'Files to send' });
    await expect.poll(() => files.locator('li[data-state="done"]').count(), { timeout: 15_000 }).toBe(1);
    expect(await files.locator('li').first().getAttribute('aria-label')).toMatch(/^screenshot-\d{4}-\d{2}-\d{2}-\d{6}\.png, ready$/);
    // The text was not replaced by the paste.
    expect(await box.inputValue()).toBe('Thanks, a roofer comes on Thursday. Is this the spot?');

    // Drop a file onto the reply box.
    const dropped = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'quote.csv', { type: 'text/csv' }));
      return dt;
    }, fx.csv().toString('utf8'));
    const zone = page.getByTestId('drop-zone');
    await zone.dispatchEvent('dragenter', { dataTransfer: dropped });
    const showComposer = () => zone.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await showComposer();
    await shot(page, 'attachments-dragover');
    await zone.dispatchEvent('drop', { dataTransfer: dropped });
    await expect.poll(() => files.locator('li[data-state="done"]').count(), { timeout: 15_000 }).toBe(2);

    // A large file on a slow link shows its progress; it is removed before sending.
    const cdp = await w.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
    const big = Buffer.from(('Temperature log, sensor B-204: 21.5 C\n').repeat(160_000));
    await page.getByTestId('attach-input').setInputFiles({ name: 'sensor-log.txt', mimeType: 'text/plain', buffer: big });
    const uploading = files.locator('li[data-state="uploading"]');
    await uploading.waitFor({ timeout: 10_000 });
    await expect.poll(async () => Number(/uploading (\d+)%/.exec((await uploading.getAttribute('aria-label')) ?? '')?.[1] ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('button', { name: 'Uploading…' }).isDisabled()).toBe(true);
    await showComposer();
    await shot(page, 'attachments-reply-uploading');
    await page.getByRole('button', { name: 'Remove sensor-log.txt' }).click();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect.poll(() => files.locator('li').count()).toBe(2);
    await showComposer();
    await shot(page, 'attachments-reply-ready');

    await page.getByRole('button', { name: 'Send reply' }).click();
    const reply = page.locator('li[aria-label="Reply"]').last();
    await expect.poll(() => reply.getByTestId('attachment-thumbnail').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => reply.getByRole('button', { name: /Download quote\.csv \(CSV/ }).isVisible()).toBe(true);
    await page.getByRole('button', { name: /^View screenshot-/ }).scrollIntoViewIfNeeded();
    await shot(page, 'attachments-conversation');
    const messages = await world.hub.ok('messages.list', { ticketId }, world.admin);
    expect(messages.items.at(-1).attachments.map((a: { type: string }) => a.type)).toEqual(['image/png', 'text/csv']);
    expect(messages.items.at(-1).attachments.some((a: { name: string }) => a.name === 'sensor-log.txt')).toBe(false);
    expectClean(w);
    await w.context.close();
  });

  it('adds a photo from the camera at the kiosk and sends it with the report', async () => {
    const k = await world.hub.ok('kiosks.create', { name: 'Library tablet', location: 'Library' }, world.admin);
    const context = await world.browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true, baseURL: world.hub.url, locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/kiosk#pair=${k.token}`);
    await page.locator('[data-category="facility_management"]').tap();
    await page.getByLabel(/^In a few words/).fill('Broken window in the reading room');
    await page.getByLabel(/^Building/).fill('Library');
    const input = page.getByTestId('kiosk-photo-input');
    expect(await input.getAttribute('accept')).toBe('image/*');
    expect(await input.getAttribute('capture')).not.toBeNull();
    await expect.poll(() => page.getByRole('button', { name: 'Add a photo' }).isVisible()).toBe(true);
    await input.setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await photo(1600, 1200, '#b85450') });
    await expect.poll(() => page.locator('li[data-state="done"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Add another photo' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Add another photo' }).scrollIntoViewIfNeeded();
    await shot(page, 'attachments-kiosk-photo');
    await page.getByRole('button', { name: 'Send report' }).tap();
    await page.locator('[data-screen="done"]').waitFor({ timeout: 15_000 });
    const ticketNo = Number(await page.getByTestId('ticket-number').textContent());
    const t = await world.hub.ok('tickets.get', { id: ticketNo }, world.admin);
    expect(t.attachments).toEqual([{ id: expect.any(Number), name: 'IMG_2041.jpg', type: 'image/jpeg', size: expect.any(Number) }]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
