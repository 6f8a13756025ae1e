// Email out with attachments, against a real SMTP server on 127.0.0.1 and real Chromium: an
// email about a public reply with files lists each by name, type and size with a link into
// the app (never a MIME attachment, never a token); the link opens the file after sign-in
// (signed out: sign in first, then land on it; another reporter: not available); a
// reporter's email never lists a file of an internal note (staff's does); a kiosk contact's
// email lists the files by name and says where they are kept; a new ticket's files are listed
// to staff. Screenshots: tests/artifacts/screens/email-file-link-*.png (the email's HTML part too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { SmtpSink, type Received } from './servers.ts';
import { DIGEST_WINDOW_MS } from '../../src-main/core/notifications-outbox.ts';
import { jpeg, pdf, png } from '../attachments/fixtures.ts';
import { uploaded } from '../attachments/support.ts';
import { launch, openContext, expectClean, RENDERER, SCREENS, shot, signIn } from '../e2e/support.ts';

const FROM = 'helpdesk@campus.test';
const haveRenderer = existsSync(join(RENDERER, 'index.html'));
if (!haveRenderer) console.log('tests/mail/attachments-out.test.ts: the Chromium part is skipped — dist/renderer is missing (npm run build:renderer)');

describe('email out: files as links', () => {
  let hub: TestHub;
  let sink: SmtpSink;
  let browser: Browser | null = null;
  let admin: string;
  let agent: { token: string; id: number };
  let rita: { token: string; id: number };
  let otto: { token: string; id: number };
  let kioskToken: string;
  const clock = new TestClock();
  /** The email about a public reply with a photo and a PDF, and the files. */
  let replyMail: Received;
  let photoId = 0;
  let pdfId = 0;
  let ticketId = 0;

  async function flush(): Promise<Received[]> {
    clock.advance(DIGEST_WINDOW_MS + 1);
    await hub.app.mail!.sender.runOnce();
    return sink.take();
  }
  const to = (got: Received[], address: string): Received[] => got.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    hub = await startTestHub({ clock, ...(haveRenderer ? { staticDir: RENDERER } : {}) });
    admin = await hub.setupAdmin();
    agent = await hub.user(admin, 'agnes', 'agent');
    rita = await hub.user(admin, 'rita', 'reporter');
    otto = await hub.user(admin, 'otto', 'reporter');
    await hub.ok('users.updateMe', { email: 'agnes@campus.test', notify: { email: { 'ticket.created': true }, categories: ['facility_management'] } }, agent.token);
    await hub.ok('users.updateMe', { email: 'rita@campus.test' }, rita.token);
    kioskToken = (await hub.ok('kiosks.create', { name: 'Library kiosk' }, admin)).token;
    await hub.ok('settings.update', { outgoing: { host: '127.0.0.1', port: sink.port, security: 'none', from: FROM }, incoming: { address: FROM }, appUrl: hub.url }, admin);
    if (haveRenderer) browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
    await sink?.stop();
  });

  it('a public reply\'s files are listed by name, type and size with links into the app: no MIME attachments, no tokens', async () => {
    const t = await hub.ok('tickets.create', { subject: 'Radiator leaks', description: 'Room B-204', category: 'facility_management' }, rita.token);
    ticketId = t.id;
    await flush();
    await hub.ok('tickets.update', { id: t.id, version: t.version, assigneeId: agent.id }, admin);
    photoId = await uploaded(hub, agent.token, await jpeg(640, 480), 'valve.jpg');
    pdfId = await uploaded(hub, agent.token, pdf(), 'Repair order.pdf');
    await hub.ok('messages.add', { ticketId: t.id, body: 'The valve is ordered; see the photo and the order.', attachments: [photoId, pdfId] }, agent.token);
    const got = await flush();
    const mails = to(got, 'rita@campus.test');
    expect(mails).toHaveLength(1);
    replyMail = mails[0]!;
    const m = replyMail.mail;
    expect(m.attachments).toEqual([]);
    expect(replyMail.raw.toString()).not.toMatch(/Content-Disposition: attachment/i);
    const size = (await hub.ok('messages.list', { ticketId: t.id }, rita.token)).items[0].attachments.map((a: { size: number }) => a.size);
    const kb = (n: number) => `${Math.round(n / 1024)} KB`;
    expect(m.text).toContain(`Attached files (2):\n- valve.jpg (JPEG image, ${kb(size[0])}): ${hub.url}/#/files/${photoId}?ticket=${t.id}\n- Repair order.pdf (PDF document, ${size[1]} bytes): ${hub.url}/#/files/${pdfId}?ticket=${t.id}`);
    expect(m.text).toContain('The links open the files in CampusDesk after you sign in.');
    expect(m.html).toContain(`<a href="${hub.url}/#/files/${photoId}?ticket=${t.id}">valve.jpg</a>`);
    // No session token of anyone, and no link to the download route itself.
    const raw = replyMail.raw.toString();
    for (const token of [agent.token, rita.token, admin]) expect(raw).not.toContain(token);
    expect(raw).not.toContain('/api/v1/files');
    expect(m.text).toContain(`Open the ticket: ${hub.url}/#/tickets/${t.id}`);
  });

  it('a reporter\'s email never lists a file of an internal note; the assignee\'s does', async () => {
    const noteFile = await uploaded(hub, admin, await png(50, 50), 'SECRET-invoice.png');
    const publicFile = await uploaded(hub, admin, await png(60, 60), 'schedule.png');
    await hub.ok('messages.add', { ticketId, body: 'Internal: the invoice', internal: true, attachments: [noteFile] }, admin);
    await hub.ok('messages.add', { ticketId, body: 'We come on Monday.', attachments: [publicFile] }, admin);
    const got = await flush();
    const hers = to(got, 'rita@campus.test');
    expect(hers).toHaveLength(1);
    expect(hers[0]!.raw.toString()).not.toContain('SECRET-invoice');
    expect(hers[0]!.mail.text).not.toContain(`/#/files/${noteFile}`);
    expect(hers[0]!.mail.text).toContain(`schedule.png (PNG image, `);
    const staff = to(got, 'agnes@campus.test');
    expect(staff).toHaveLength(1);
    expect(staff[0]!.mail.text).toContain(`SECRET-invoice.png (PNG image, `);
    expect(staff[0]!.mail.text).toContain(`/#/files/${noteFile}?ticket=${ticketId}`);
  });

  it('a kiosk contact\'s email lists the files by name and says where they are kept; a new ticket\'s files are listed to staff', async () => {
    const photo = await uploaded(hub, kioskToken, await png(80, 60), 'ceiling.png');
    const k = await hub.ok('kiosk.submit', { category: 'facility_management', subject: 'Ceiling drips', description: 'Above the door', contactEmail: 'walkup@mail.test', attachments: [photo] }, kioskToken);
    const created = await flush();
    const staff = to(created, 'agnes@campus.test');
    expect(staff).toHaveLength(1);
    expect(staff[0]!.mail.text).toContain(`Attached file:\n- ceiling.png (PNG image, `);
    expect(staff[0]!.mail.text).toContain(`/#/files/${photo}?ticket=${k.ticketId}`);
    const file = await uploaded(hub, agent.token, pdf(), 'Refund form.pdf');
    await hub.ok('messages.add', { ticketId: k.ticketId, body: 'Please fill in the form.', attachments: [file] }, agent.token);
    const reply = to(await flush(), 'walkup@mail.test');
    expect(reply).toHaveLength(1);
    const text = reply[0]!.mail.text!;
    expect(text).toMatch(/Attached file:\n- Refund form\.pdf \(PDF document, \d+ bytes\)\n/);
    expect(text).toContain('The files are kept with your ticket at the helpdesk. If you need a copy, reply to this email or ask at the helpdesk.');
    expect(text).not.toContain('/#/files/');
    expect(reply[0]!.mail.attachments).toEqual([]);
  });

  it.skipIf(!haveRenderer)('the link opens the file in Chromium after sign-in; another reporter is told it is not available', async () => {
    const link = new RegExp(`${hub.url.replace(/[.]/g, '\\.')}/#/files/${photoId}\\?ticket=${ticketId}`).exec(replyMail.mail.text!)![0];
    const w = await openContext(browser!, hub);
    const { page } = w;
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(page.url()).toContain(`returnTo=${encodeURIComponent(`/files/${photoId}?ticket=${ticketId}`)}`);
    await shot(page, 'email-file-link-signin');
    await signIn(page, 'rita', 'rita-password');
    await page.getByRole('heading', { name: 'valve.jpg' }).waitFor();
    expect(page.url()).toBe(link);
    const img = page.getByTestId('file-image');
    await img.waitFor();
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(640);
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    await page.getByText(/JPEG image · \d+ KB · on ticket #\d+/).waitFor();
    await shot(page, 'email-file-link-photo');
    // The token never appears in the page.
    const { html, token } = await page.evaluate(() => ({ html: document.documentElement.outerHTML, token: localStorage.getItem('campusdesk.token') }));
    expect(token).toBeTruthy();
    expect(html.includes(token!)).toBe(false);
    // A PDF: shown by name, type and size, saved by the Download button.
    await page.goto(`${hub.url}/#/files/${pdfId}?ticket=${ticketId}`);
    await page.getByRole('heading', { name: 'Repair order.pdf' }).waitFor();
    await shot(page, 'email-file-link-pdf');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(dl.suggestedFilename()).toBe('Repair order.pdf');
    await page.getByRole('link', { name: `Ticket #${ticketId}` }).click();
    await page.getByRole('heading', { name: 'Radiator leaks' }).waitFor();
    expectClean(w);
    await w.context.close();

    // The email itself as a mail program shows its HTML part.
    const mailPage = await browser!.newPage({ viewport: { width: 800, height: 600 } });
    await mailPage.setContent(replyMail.mail.html as string);
    await mailPage.getByRole('link', { name: 'valve.jpg' }).waitFor();
    expect(await mailPage.getByRole('link', { name: 'Repair order.pdf' }).getAttribute('href')).toBe(`${hub.url}/#/files/${pdfId}?ticket=${ticketId}`);
    await mailPage.screenshot({ path: join(SCREENS, 'email-file-link-email.png') });
    await mailPage.close();

    const o = await openContext(browser!, hub);
    await o.page.goto(link);
    await signIn(o.page, 'otto', 'otto-password');
    await o.page.getByText('This file is not available').waitFor();
    await shot(o.page, 'email-file-link-not-available');
    await o.context.close();
    expect(otto.id).toBeGreaterThan(0);
  });
});
