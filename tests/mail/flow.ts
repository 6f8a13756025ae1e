// The steps the incoming-mail tests share: deliver an email through the real SMTP server
// into the Dovecot mailbox and let the hub poll it, and open a ticket as a reporter whose
// confirmation email gives the reply address and token a reply must carry.
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { TestClock, TestHub } from '../support/hub.ts';
import type { SmtpSink } from './servers.ts';
import { DIGEST_WINDOW_MS } from '../../src-main/core/notifications-outbox.ts';

export interface MailWorld {
  hub: TestHub;
  sink: SmtpSink;
  /** A client of the SMTP server (the sender's mail system). */
  mta: Transporter;
  clock: TestClock;
  /** The hub's mail address. */
  helpdesk: string;
  /** The reporter: its token and email address. */
  reporter: { token: string; email: string };
}

/** Sends the email (from the reporter unless `mail.from` says otherwise) into the mailbox, then lets the hub poll it. */
export async function deliver(w: MailWorld, mail: SendMailOptions): Promise<void> {
  const before = w.sink.received.length;
  await w.mta.sendMail({ from: w.reporter.email, to: w.helpdesk, ...mail });
  await w.sink.waitFor(before + 1);
  await w.hub.app.mail!.pollNow();
}

/** Creates a ticket as the reporter and returns it with the reply address, token, subject and Message-ID of its confirmation email. */
export async function ticketWithReply(w: MailWorld, subject: string) {
  const t = await w.hub.ok('tickets.create', { subject, description: 'Please help', category: 'technical_it' }, w.reporter.token);
  w.clock.advance(DIGEST_WINDOW_MS + 1);
  const before = w.sink.received.length;
  await w.hub.app.mail!.sender.runOnce();
  const mails = await w.sink.waitFor(before + 1);
  const conf = mails.slice(before).find((m) => m.to[0] === w.reporter.email && m.mail.subject?.includes(`[#${t.id}]`))!;
  await w.hub.app.mail!.pollNow(); // our own email lands in the mailbox too: ignored
  return { t, replyTo: conf.mail.replyTo!.value[0]!.address!, token: conf.mail.headers.get('x-campusdesk-reply-token') as string, subject: conf.mail.subject!, messageId: conf.mail.messageId! };
}
