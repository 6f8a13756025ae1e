// The background mail sender: outbox rows → SMTP (nodemailer), never on a request's path.
//
// State machine per row: pending → sending → sent | pending (retry later) | failed.
// - Claim: the earliest due pending row, together with every other pending row for the same
//   recipient and ticket (a digest: changes within the window go out as one email), is moved
//   to `sending` in one transaction and given the email's Message-ID, kept for good.
// - Sent: `sent` with sentAt. Refused or unreachable: attempts + 1 and due again after
//   RETRY_BASE_MS · 2^(attempts − 1) (capped at RETRY_MAX_MS), until MAX_ATTEMPTS: `failed`,
//   listed for admins in settings.get.
// - Restart: rows left in `sending` (the process ended mid-send) go back to `pending` with
//   their Message-ID. Delivery is therefore at-least-once: if the process died after the mail
//   server accepted the email but before the row was marked sent, the email goes out again
//   with the same Message-ID, which lets receiving systems drop the copy. Exactly-once would
//   need the SMTP server to take part in our transaction, which SMTP cannot do; losing mail is
//   the worse failure for a helpdesk.
// One sender per database: the claim is a conditional UPDATE, so a second process would not
// send a row twice, but rows it finds in `sending` at its start would be re-sent.
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { outbox } from '../db/schema.ts';
import type { Core } from '../core/context.ts';
import { renderMail, type RenderedMail } from './templates.ts';
import { filesOfPayloads } from './file-links.ts';
import { readSettings, replyMailbox, type MailSettings } from './settings.ts';
import { replyAddress, replyKey } from './tokens.ts';
import { onMailQueued, type MailPayload } from '../core/notifications-outbox.ts';

export const MAX_ATTEMPTS = 8;
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 60 * 60 * 1000;
const TICK_MS = 1000;

export const backoffMs = (attempts: number): number => Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));

export function transportFor(s: MailSettings['outgoing']) {
  return nodemailer.createTransport({
    host: s.host ?? undefined,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

export interface Envelope {
  from: string;
  to: string;
  messageId: string;
  ticketId: number | null;
  mail: RenderedMail;
}

/** Builds the headers: Reply-To with the ticket's token, the token header, Auto-Submitted, List-Unsubscribe. */
export function messageFor(core: Core, s: MailSettings, e: Envelope) {
  const domain = e.from.slice(e.from.lastIndexOf('@') + 1);
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };
  const mailbox = replyMailbox(s);
  let replyTo: string | undefined;
  let references: string | undefined;
  if (e.ticketId !== null) {
    headers['X-CampusDesk-Reply-Token'] = replyKey(core, e.ticketId);
    if (mailbox) replyTo = replyAddress(core, mailbox, e.ticketId);
    references = `<ticket-${e.ticketId}.campusdesk@${domain}>`;
    if (s.appUrl) headers['List-Unsubscribe'] = `<${s.appUrl.replace(/\/$/, '')}/#/account>`;
  }
  return {
    from: e.from, to: e.to, subject: e.mail.subject, text: e.mail.text, html: e.mail.html,
    messageId: e.messageId, headers,
    ...(replyTo ? { replyTo } : {}),
    ...(references ? { references, inReplyTo: references } : {}),
  };
}

type Row = typeof outbox.$inferSelect;

export class MailSender {
  private readonly core: Core;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;

  constructor(core: Core) {
    this.core = core;
  }

  /** Puts rows a previous process left mid-send back in line, then sends on a timer. */
  start(): void {
    this.core.db.update(outbox).set({ state: 'pending' }).where(eq(outbox.state, 'sending')).run();
    onMailQueued(this.core, () => this.wake());
    this.timer = setInterval(() => this.wake(), TICK_MS);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => 0);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) { this.again = true; return; }
    void this.runOnce().catch((err: unknown) => this.core.log.error({ err }, 'mail sender failed'));
  }

  /** Sends everything due now (waits for a run in progress first). Resolves to the emails sent. */
  async runOnce(): Promise<number> {
    while (this.running) await this.running.catch(() => 0);
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) { this.again = false; this.wake(); }
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    const settings = readSettings(this.core);
    const from = settings.outgoing.from;
    if (!settings.outgoing.host || !from) return 0; // not set up: rows wait (settings.get shows them)
    const transport = transportFor(settings.outgoing);
    let sent = 0;
    try {
      for (let guard = 0; guard < 500 && !this.stopped; guard++) {
        const group = this.claim(from);
        if (!group) break;
        const payloads = group.rows.map((r) => JSON.parse(r.payload) as MailPayload);
        const mail = renderMail(payloads, { appUrl: settings.appUrl, repliesWork: settings.incoming.mode !== 'off', files: filesOfPayloads(this.core, payloads) });
        const to = group.rows[0]!.toAddress;
        try {
          await transport.sendMail(messageFor(this.core, settings, { from, to, messageId: group.messageId, ticketId: group.rows[0]!.ticketId, mail }));
          this.finish(group.rows, { state: 'sent', sentAt: this.core.clock.now() });
          sent++;
        } catch (err) {
          const attempts = Math.max(...group.rows.map((r) => r.attempts)) + 1;
          const message = err instanceof Error ? err.message : String(err);
          this.finish(group.rows, attempts >= MAX_ATTEMPTS
            ? { state: 'failed', attempts, lastError: message }
            : { state: 'pending', attempts, lastError: message, dueAt: this.core.clock.now() + backoffMs(attempts) });
          // The server is likely down for every row: stop this round, the timer retries.
          if (/ECONNREFUSED|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENOTFOUND|Greeting never received|Connection closed/i.test(message)) break;
        }
      }
    } finally {
      transport.close();
    }
    return sent;
  }

  private claim(from: string): { rows: Row[]; messageId: string } | null {
    const now = this.core.clock.now();
    return this.core.sqlite.transaction(() => {
      const due = this.core.db.select().from(outbox).where(and(eq(outbox.state, 'pending'), lte(outbox.dueAt, now)))
        .orderBy(asc(outbox.dueAt), asc(outbox.id)).limit(1).get();
      if (!due) return null;
      const rows = this.core.db.select().from(outbox).where(and(
        eq(outbox.state, 'pending'), eq(outbox.toAddress, due.toAddress),
        due.ticketId === null ? isNull(outbox.ticketId) : eq(outbox.ticketId, due.ticketId),
      )).orderBy(asc(outbox.id)).limit(50).all();
      const messageId = rows.find((r) => r.messageId)?.messageId
        ?? `<outbox-${rows[0]!.id}.${randomBytes(8).toString('hex')}@${from.slice(from.lastIndexOf('@') + 1)}>`;
      this.core.db.update(outbox).set({ state: 'sending', messageId }).where(and(inArray(outbox.id, rows.map((r) => r.id)), eq(outbox.state, 'pending'))).run();
      return { rows, messageId };
    }).immediate();
  }

  private finish(rows: Row[], set: Partial<Row>): void {
    this.core.db.update(outbox).set(set).where(and(inArray(outbox.id, rows.map((r) => r.id)), eq(outbox.state, 'sending'))).run();
  }
}
