// Email in against real servers on 127.0.0.1: an SMTP server (servers.ts SmtpSink) delivers
// into a maildir that Dovecot serves over IMAP; the hub polls that mailbox (imapflow). A reply
// carrying the ticket's token lands on its ticket, stripped of quoted history (the raw email
// kept); forged ones (wrong or missing token, another ticket's number in the subject, a forged
// header) do not; auto-replies, bounces and our own mail are ignored; a Message-ID seen
// before is dropped; unknown senders open tickets only when allowed. The hub's own SMTP
// listener takes replies too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { Dovecot, SmtpSink, dovecotAvailable } from './servers.ts';
import { deliver as deliverMail, ticketWithReply as openWithReply, type MailWorld } from './flow.ts';

const FROM = 'helpdesk@campus.test';
const haveDovecot = dovecotAvailable();
if (!haveDovecot) console.log('tests/mail/incoming.test.ts: skipped — needs Debian\'s dovecot-imapd (/usr/sbin/dovecot) and root; .ci/run installs it');

describe.skipIf(!haveDovecot)('email in', () => {
  let hub: TestHub;
  let sink: SmtpSink;
  let dovecot: Dovecot;
  let admin: string;
  let agent: { token: string; id: number };
  let rita: { token: string; id: number };
  const clock = new TestClock();
  let mta: Transporter;

  const inbound = () => hub.app.core.sqlite.prepare('SELECT message_id AS messageId, outcome, reason, ticket_id AS ticketId, raw FROM inbound_mail ORDER BY id').all() as { messageId: string; outcome: string; reason: string | null; ticketId: number | null; raw: string }[];
  const bodies = async (ticketId: number) => (await hub.ok('messages.list', { ticketId }, agent.token)).items.map((m: { body: string }) => m.body);
  const world = (): MailWorld => ({ hub, sink, mta, clock, helpdesk: FROM, reporter: { token: rita.token, email: 'rita@campus.test' } });
  const deliver = (mail: SendMailOptions) => deliverMail(world(), mail);
  const ticketWithReply = (subject: string) => openWithReply(world(), subject);

  beforeAll(async () => {
    dovecot = await new Dovecot().start();
    sink = await new SmtpSink().start();
    sink.maildir = { dir: dovecot.maildir, uid: dovecot.uid, gid: dovecot.gid };
    mta = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
    hub = await startTestHub({ clock });
    admin = await hub.setupAdmin();
    agent = await hub.user(admin, 'agnes', 'agent');
    rita = await hub.user(admin, 'rita', 'reporter');
    await hub.ok('users.updateMe', { email: 'agnes@campus.test' }, agent.token);
    await hub.ok('users.updateMe', { email: 'rita@campus.test' }, rita.token);
    await hub.ok('settings.update', {
      outgoing: { host: '127.0.0.1', port: sink.port, security: 'none', from: FROM },
      incoming: { mode: 'imap', address: FROM, imap: { host: '127.0.0.1', port: dovecot.port, security: 'none', user: dovecot.user, password: dovecot.password, pollSeconds: 3600 } },
    }, admin);
    const s = await hub.ok('settings.get', {}, admin);
    expect(s.incoming.imap).toMatchObject({ passwordSet: true, user: dovecot.user });
    expect(JSON.stringify(s)).not.toContain(dovecot.password);
  });
  afterAll(async () => {
    await hub?.dispose();
    mta?.close();
    await sink?.stop();
    await dovecot?.stop();
  });

  it('a reply with the token lands on its ticket, without the quoted history; the raw email is kept', async () => {
    const { t, replyTo, subject, messageId } = await ticketWithReply('Laptop will not boot');
    expect(replyTo).toMatch(new RegExp(`^helpdesk\\+${t.id}\\.[0-9a-f]{32}@campus\\.test$`));
    await deliver({
      to: replyTo, subject: `Re: ${subject}`, inReplyTo: messageId, messageId: '<reply-1@campus.test>',
      text: 'It shows a blinking cursor now.\n\n-- \nRita, Biology\n\nOn Tue, 1 Dec 2026 at 10:00, CampusDesk <helpdesk@campus.test> wrote:\n> Hello Rita,\n> We received your report\n',
    });
    expect(await bodies(t.id)).toEqual(['It shows a blinking cursor now.']);
    const row = inbound().find((r) => r.messageId === '<reply-1@campus.test>')!;
    expect(row).toMatchObject({ outcome: 'message', ticketId: t.id });
    expect(row.raw).toContain('We received your report');
    const msgs = (await hub.ok('messages.list', { ticketId: t.id }, rita.token)).items;
    expect(msgs[0]).toMatchObject({ internal: false, author: { id: rita.id } });
    // Our own emails that came back through the mailbox were ignored, not imported.
    const own = inbound().filter((r) => r.messageId.startsWith('<outbox-'));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.outcome === 'ignored')).toBe(true);
  });

  it('forged replies do not land: wrong token, no token with the number in the subject, a forged header, another ticket\'s token', async () => {
    const a = await ticketWithReply('Printer offline');
    const b = await ticketWithReply('Mouse broken');
    await deliver({ to: `helpdesk+${a.t.id}.${'0'.repeat(32)}@campus.test`, subject: `Re: [#${a.t.id}] Printer offline`, text: 'FORGED wrong token', messageId: '<forged-1@x.test>' });
    await deliver({ to: FROM, subject: `Re: [#${a.t.id}] Printer offline`, text: 'FORGED no token', messageId: '<forged-2@x.test>' });
    await deliver({ to: FROM, subject: `Re: [#${a.t.id}]`, headers: { 'X-CampusDesk-Reply-Token': `${a.t.id}.${'f'.repeat(32)}` }, text: 'FORGED header', messageId: '<forged-3@x.test>' });
    // B's valid token with A's number in the subject: it lands on B, never on A.
    await deliver({ to: b.replyTo, subject: `Re: [#${a.t.id}] Printer offline`, text: 'About the mouse', messageId: '<cross-1@x.test>' });
    // A stranger holding A's valid token is not the reporter, the contact or staff.
    await deliver({ from: 'stranger@else.test', to: a.replyTo, subject: 'Re: hi', text: 'FORGED stranger', messageId: '<forged-4@x.test>' });
    expect(await bodies(a.t.id)).toEqual([]);
    expect(await bodies(b.t.id)).toEqual(['About the mouse']);
    expect(inbound().filter((r) => r.messageId.startsWith('<forged-')).map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  });

  it('loop protection: auto-replies and bounces are ignored; a Message-ID seen before is dropped', async () => {
    const { t, replyTo } = await ticketWithReply('Monitor flickers');
    await deliver({ to: replyTo, subject: 'Out of office', headers: { 'Auto-Submitted': 'auto-replied' }, text: 'I am away', messageId: '<ooo-1@campus.test>' });
    await deliver({ from: 'MAILER-DAEMON@campus.test', to: replyTo, subject: 'Undelivered Mail Returned to Sender', text: 'bounce', messageId: '<bounce-1@campus.test>' });
    await deliver({ to: replyTo, subject: 'Re: flicker', text: 'Only once please', messageId: '<dup-1@campus.test>' });
    await deliver({ to: replyTo, subject: 'Re: flicker', text: 'Only once please', messageId: '<dup-1@campus.test>' });
    expect(await bodies(t.id)).toEqual(['Only once please']);
    const rows = inbound();
    expect(rows.find((r) => r.messageId === '<ooo-1@campus.test>')).toMatchObject({ outcome: 'ignored', reason: 'Auto-Submitted: auto-replied' });
    expect(rows.find((r) => r.messageId === '<bounce-1@campus.test>')?.outcome).toBe('ignored');
    expect(rows.filter((r) => r.messageId === '<dup-1@campus.test>')).toHaveLength(1);
  });

  it('an email over 10 MiB is rejected, keeping only its start', async () => {
    const { t, replyTo } = await ticketWithReply('Scanner jams');
    await deliver({ to: replyTo, subject: 'Re: scan', text: 'Big scan attached', messageId: '<huge-1@campus.test>',
      attachments: [{ filename: 'scan.bin', content: Buffer.alloc(11 * 1024 * 1024, 7) }] });
    expect(await bodies(t.id)).toEqual([]);
    const row = hub.app.core.sqlite.prepare("SELECT outcome, reason, length(raw) AS n FROM inbound_mail WHERE raw LIKE '%huge-1@campus.test%'").get() as { outcome: string; reason: string; n: number };
    expect(row.outcome).toBe('rejected');
    expect(row.reason).toMatch(/larger than/);
    expect(row.n).toBeLessThanOrEqual(64 * 1024);
  });

  it('mail from unknown senders opens a ticket only when the admin allows it', async () => {
    await deliver({ from: 'visitor@guest.test', to: FROM, subject: 'Lost my umbrella', text: 'Blue, in the library', messageId: '<unknown-1@guest.test>' });
    expect(inbound().find((r) => r.messageId === '<unknown-1@guest.test>')?.outcome).toBe('rejected');
    const bad = await hub.call('settings.update', { unknownSenders: { openTickets: true } }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('unknownSenders.category');
    await hub.ok('settings.update', { unknownSenders: { openTickets: true, category: 'services_complaints' } }, admin);
    await deliver({ from: 'Vera Visitor <visitor@guest.test>', to: FROM, subject: 'Lost my umbrella', text: 'Blue, in the library', messageId: '<unknown-2@guest.test>' });
    const row = inbound().find((r) => r.messageId === '<unknown-2@guest.test>')!;
    expect(row.outcome).toBe('ticket');
    const t = await hub.ok('tickets.get', { id: row.ticketId }, agent.token);
    expect(t).toMatchObject({ subject: 'Lost my umbrella', description: 'Blue, in the library', category: 'services_complaints', reporter: null, contact: { email: 'visitor@guest.test', name: 'Vera Visitor' } });
    await hub.ok('settings.update', { unknownSenders: { openTickets: false } }, admin);
  });

  it('the hub\'s own SMTP listener takes replies as well', async () => {
    const { t, replyTo } = await ticketWithReply('Keyboard sticky');
    await hub.ok('settings.update', { incoming: { mode: 'smtp', smtp: { host: '127.0.0.1', port: 0 } } }, admin);
    let port: number | null = null;
    for (let i = 0; i < 100 && !port; i++) { port = hub.app.mail!.smtpPort(); if (!port) await new Promise((r) => setTimeout(r, 20)); }
    const direct = nodemailer.createTransport({ host: '127.0.0.1', port: port!, secure: false, ignoreTLS: true });
    await direct.sendMail({ from: 'agnes@campus.test', to: replyTo, subject: 'Re: keyboard', text: 'Bring it to the desk, we have spares.', messageId: '<listener-1@campus.test>' });
    direct.close();
    const msgs = (await hub.ok('messages.list', { ticketId: t.id }, rita.token)).items;
    expect(msgs.map((m: { body: string; author: { id: number } }) => [m.body, m.author.id])).toEqual([['Bring it to the desk, we have spares.', agent.id]]);
    await hub.ok('settings.update', { incoming: { mode: 'imap' } }, admin);
  });
});
