// Email in with attachments, against real servers on 127.0.0.1 (an SMTP server delivering into
// a maildir that Dovecot serves over IMAP, polled by the hub): a reply's JPEG (with GPS EXIF)
// and PDF become attachments of its message, listed by messages.list and downloaded over
// GET /api/v1/files/<id> — the JPEG without its location, the PDF as an attachment; an
// executable named .png is not kept and the message says so, while nothing else changes; the
// same email delivered twice attaches its files once; more than 10 files keep the first 10;
// mail from an unknown sender that opens a ticket (when allowed) brings its files to the ticket.
// Screenshot of what the agent sees: tests/artifacts/screens/email-in-attachments.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import exifr from 'exifr';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { Dovecot, SmtpSink, dovecotAvailable } from './servers.ts';
import { deliver as deliverMail, ticketWithReply as openWithReply, type MailWorld } from './flow.ts';
import { jpegWithGps, pdf, pe, png } from '../attachments/fixtures.ts';
import { download } from '../attachments/support.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openContext, expectClean, RENDERER, shot, signIn } from '../e2e/support.ts';

const FROM = 'helpdesk@campus.test';
const haveDovecot = dovecotAvailable();
const haveRenderer = existsSync(join(RENDERER, 'index.html'));
if (!haveRenderer) console.log('tests/mail/attachments-in.test.ts: the Chromium look at the result is skipped — dist/renderer is missing (npm run build:renderer)');
if (!haveDovecot) console.log('tests/mail/attachments-in.test.ts: skipped — needs Debian\'s dovecot-imapd (/usr/sbin/dovecot) and root; .ci/run installs it');

interface Msg { id: number; body: string; attachments: { id: number; name: string; type: string; size: number }[] }

describe.skipIf(!haveDovecot)('email in: attachments', () => {
  let hub: TestHub;
  let sink: SmtpSink;
  let dovecot: Dovecot;
  let admin: string;
  let agent: { token: string; id: number };
  let rita: { token: string; id: number };
  const clock = new TestClock();
  let mta: Transporter;

  const messagesOf = async (ticketId: number): Promise<Msg[]> => (await hub.ok('messages.list', { ticketId }, agent.token)).items;
  const fileRows = () => hub.app.core.sqlite.prepare('SELECT id, sha256, ticket_id AS ticketId, message_id AS messageId, attached_at AS attachedAt FROM files ORDER BY id').all() as { id: number; sha256: string; ticketId: number | null; messageId: number | null; attachedAt: number | null }[];
  const inbound = (messageId: string) => hub.app.core.sqlite.prepare('SELECT outcome, reason FROM inbound_mail WHERE message_id = ?').all(messageId) as { outcome: string; reason: string | null }[];

  const world = (): MailWorld => ({ hub, sink, mta, clock, helpdesk: FROM, reporter: { token: rita.token, email: 'rita@campus.test' } });
  const deliver = (mail: SendMailOptions) => deliverMail(world(), mail);
  const ticketWithReply = (subject: string) => openWithReply(world(), subject);

  beforeAll(async () => {
    dovecot = await new Dovecot().start();
    sink = await new SmtpSink().start();
    sink.maildir = { dir: dovecot.maildir, uid: dovecot.uid, gid: dovecot.gid };
    mta = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
    hub = await startTestHub({ clock, ...(haveRenderer ? { staticDir: RENDERER } : {}) });
    admin = await hub.setupAdmin();
    agent = await hub.user(admin, 'agnes', 'agent');
    rita = await hub.user(admin, 'rita', 'reporter');
    await hub.ok('users.updateMe', { email: 'agnes@campus.test' }, agent.token);
    await hub.ok('users.updateMe', { email: 'rita@campus.test' }, rita.token);
    await hub.ok('settings.update', {
      outgoing: { host: '127.0.0.1', port: sink.port, security: 'none', from: FROM },
      incoming: { mode: 'imap', address: FROM, imap: { host: '127.0.0.1', port: dovecot.port, security: 'none', user: dovecot.user, password: dovecot.password, pollSeconds: 3600 } },
    }, admin);
  });
  afterAll(async () => {
    await hub?.dispose();
    mta?.close();
    await sink?.stop();
    await dovecot?.stop();
  });

  it('a reply\'s JPEG and PDF become the message\'s attachments: the JPEG without GPS, the PDF as a download', async () => {
    const { t, replyTo } = await ticketWithReply('Water on the floor');
    const photo = await jpegWithGps();
    expect(await exifr.gps(photo)).toMatchObject({ latitude: expect.any(Number) });
    await deliver({
      to: replyTo, subject: 'Re: water', messageId: '<att-1@campus.test>', text: 'Here is a photo and the floor plan.',
      attachments: [
        { filename: 'IMG_0042.JPG', content: photo, contentType: 'image/jpeg' },
        { filename: 'floor plan.pdf', content: pdf(), contentType: 'application/pdf' },
      ],
    });
    const msgs = await messagesOf(t.id);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.body).toBe('Here is a photo and the floor plan.');
    expect(msgs[0]!.attachments.map((a) => [a.name, a.type])).toEqual([['IMG_0042.JPG', 'image/jpeg'], ['floor plan.pdf', 'application/pdf']]);
    // The reporter sees them on her own ticket too.
    const hers = (await hub.ok('messages.list', { ticketId: t.id }, rita.token)).items as Msg[];
    expect(hers[0]!.attachments).toHaveLength(2);
    const [jpg, doc] = msgs[0]!.attachments;
    const got = await download(hub, rita.token, jpg!.id);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(await exifr.gps(got.bytes)).toBeUndefined();
    expect(got.bytes.length).toBe(jpg!.size);
    const d = await download(hub, agent.token, doc!.id);
    expect(d.status).toBe(200);
    expect(d.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(d.bytes.equals(pdf())).toBe(true);
    // A thumbnail is made like for any upload.
    expect((await download(hub, agent.token, jpg!.id, true)).status).toBe(200);
  });

  it('an executable named .png is not kept, the message says so, and nothing else changes', async () => {
    const { t, replyTo } = await ticketWithReply('Printer driver');
    const filesBefore = fileRows().length;
    const ticketBefore = await hub.ok('tickets.get', { id: t.id }, agent.token);
    await deliver({
      to: replyTo, subject: 'Re: driver', messageId: '<att-exe@campus.test>', text: 'The screenshot of the error is attached.',
      attachments: [{ filename: 'screenshot.png', content: pe(), contentType: 'image/png' }],
    });
    const msgs = await messagesOf(t.id);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.attachments).toEqual([]);
    expect(msgs[0]!.body).toMatch(/^The screenshot of the error is attached\.\n\n\[CampusDesk did not keep 1 attachment of this email:\n- “screenshot\.png”: Files of this kind \(exe\) cannot be attached/);
    expect(fileRows()).toHaveLength(filesBefore);
    const ticketAfter = await hub.ok('tickets.get', { id: t.id }, agent.token);
    expect(ticketAfter.attachments).toEqual(ticketBefore.attachments);
    expect(inbound('<att-exe@campus.test>')).toEqual([{ outcome: 'message', reason: null }]);
  });

  it('the same email delivered twice attaches its files once', async () => {
    const { t, replyTo } = await ticketWithReply('Broken chair');
    const mail = {
      to: replyTo, subject: 'Re: chair', messageId: '<att-dup@campus.test>', text: 'Photo of the chair.',
      attachments: [{ filename: 'chair.png', content: await png(120, 90), contentType: 'image/png' }],
    };
    const before = fileRows().length;
    await deliver(mail);
    await deliver(mail);
    const msgs = await messagesOf(t.id);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.attachments).toHaveLength(1);
    const rows = fileRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.filter((r) => r.attachedAt === null)).toEqual([]);
    expect(inbound('<att-dup@campus.test>')).toHaveLength(1);
  });

  it('a rejected email keeps none of its files; more than 10 files keep the first 10 and name the rest', async () => {
    const { t, replyTo } = await ticketWithReply('Many photos');
    const before = fileRows().length;
    await deliver({ from: 'stranger@else.test', to: replyTo, subject: 'Re: hi', text: 'Not allowed here', messageId: '<att-stranger@x.test>',
      attachments: [{ filename: 'x.png', content: await png(10, 10) }] });
    expect(inbound('<att-stranger@x.test>')[0]!.outcome).toBe('rejected');
    expect(fileRows()).toHaveLength(before);

    const attachments = await Promise.all(Array.from({ length: 12 }, async (_, i) => ({ filename: `photo-${i + 1}.png`, content: await png(20 + i, 20) })));
    await deliver({ to: replyTo, subject: 'Re: photos', text: 'All the photos', messageId: '<att-12@campus.test>', attachments });
    const msgs = await messagesOf(t.id);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.attachments.map((a) => a.name)).toEqual(Array.from({ length: 10 }, (_, i) => `photo-${i + 1}.png`));
    expect(msgs[0]!.body).toContain('CampusDesk did not keep 2 attachments of this email:\n- “photo-11.png”: At most 10 files are kept per message.\n- “photo-12.png”: At most 10 files are kept per message.]');
  });

  it('mail from an unknown sender that opens a ticket (when allowed) brings its files as the ticket\'s', async () => {
    await hub.ok('settings.update', { unknownSenders: { openTickets: true, category: 'facility_management' } }, admin);
    try {
      await deliver({ from: 'Vera Visitor <visitor@guest.test>', to: FROM, subject: 'Broken window', text: 'In the library, see photo', messageId: '<att-unknown@guest.test>',
        attachments: [{ filename: 'window.png', content: await png(90, 60) }, { filename: 'run-me.png', content: pe() }] });
      const row = hub.app.core.sqlite.prepare('SELECT outcome, ticket_id AS ticketId FROM inbound_mail WHERE message_id = ?').get('<att-unknown@guest.test>') as { outcome: string; ticketId: number };
      expect(row.outcome).toBe('ticket');
      const t = await hub.ok('tickets.get', { id: row.ticketId }, agent.token);
      expect(t.attachments.map((a: { name: string; type: string }) => [a.name, a.type])).toEqual([['window.png', 'image/png']]);
      expect(t.description).toContain('In the library, see photo');
      expect(t.description).toContain('- “run-me.png”: Files of this kind (exe) cannot be attached');
      expect(await messagesOf(row.ticketId)).toEqual([]);
    } finally {
      await hub.ok('settings.update', { unknownSenders: { openTickets: false } }, admin);
    }
  });

  it.skipIf(!haveRenderer)('the agent sees the emailed photo as a thumbnail and the note on what was not kept', async () => {
    const { t, replyTo } = await ticketWithReply('Projector lamp');
    await deliver({
      to: replyTo, subject: 'Re: lamp', messageId: '<att-gui@campus.test>', text: 'The lamp flickers, photo attached. The driver is attached too.',
      attachments: [
        { filename: 'lamp.jpg', content: await jpegWithGps(640, 480), contentType: 'image/jpeg' },
        { filename: 'driver.png', content: pe(), contentType: 'image/png' },
      ],
    });
    const browser = await launch();
    try {
      const w = await openContext(browser, hub);
      await w.page.goto('/#/login');
      await signIn(w.page, 'agnes', 'agnes-password');
      await w.page.waitForURL(/#\/queue/);
      await w.page.goto(`/#/tickets/${t.id}`);
      await w.page.getByText('CampusDesk did not keep 1 attachment of this email:').waitFor();
      await w.page.getByTestId('attachment-thumbnail').first().waitFor();
      await shot(w.page, 'email-in-attachments');
      expectClean(w);
      await w.context.close();
    } finally {
      await browser.close();
    }
  });
});
