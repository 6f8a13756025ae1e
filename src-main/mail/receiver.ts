// Email in: one received message (from the IMAP poller or the SMTP listener) → a message on
// its ticket, a new ticket, or nothing; every message is kept whole in `inbound_mail` with
// what became of it.
//
// - A reply joins a ticket only when it carries that ticket's reply token (the +tag of a
//   recipient address, or the X-CampusDesk-Reply-Token header) and comes from the ticket's
//   reporter, its kiosk contact address or a staff member; a number in the subject counts for
//   nothing. The text is stripped of quoted history and signatures (strip.ts).
// - Without a token, mail opens a new ticket only when the admin allows mail from unknown
//   senders (settings: unknownSenders) — a sender that is a user becomes the reporter, anyone
//   else the ticket's contact; otherwise it is rejected.
// - Loop protection: nothing is answered or imported from Auto-Submitted mail (auto-replies),
//   bounces (multipart/report, MAILER-DAEMON/postmaster, empty Return-Path), bulk/list mail
//   or our own outgoing mail; a Message-ID seen before is dropped (polls may overlap).
// - Size: at most MAX_INBOUND_BYTES per email (bigger ones are rejected, the first 64 KiB kept).
// - Attachments (attachments.ts) of a reply, or of mail that opens a ticket, are checked and
//   stored before the write transaction and attached inside it, to the message (or the new
//   ticket); those not kept are named, with the reason, in a line appended to the text. A
//   duplicate or rejected email's files are discarded: nothing is attached twice.
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { inboundMail, messages, tickets, users } from '../db/schema.ts';
import type { Core } from '../core/context.ts';
import { STAFF_ROLES } from '../../src-shared/domain.ts';
import { inTransaction } from '../core/notifications-bus.ts';
import { insertTicket, touchTicket } from '../core/tickets/commands.ts';
import { recordEvent } from '../core/tickets/history.ts';
import { requireActiveCategory } from '../core/categories.ts';
import { readSettings } from './settings.ts';
import { verifyReplyKey } from './tokens.ts';
import { stripReply } from './strip.ts';
import { prepareMailAttachments, refusedNote, storeMailAttachments } from './attachments.ts';
import { attachStored, discardUnattached } from '../core/files.ts';

export const MAX_INBOUND_BYTES = 10 * 1024 * 1024;
const MAX_BODY = 20_000;

export type InboundOutcome = 'message' | 'ticket' | 'ignored' | 'rejected' | 'duplicate';
export interface InboundResult {
  outcome: InboundOutcome;
  reason: string | null;
  ticketId: number | null;
  messageRowId: number | null;
}

const addressesOf = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);

function headerText(mail: ParsedMail, name: string): string {
  const v = mail.headers.get(name);
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(String).join(' ');
  if (typeof v === 'object' && v !== null && 'value' in v) return String((v as { value: unknown }).value);
  if (v instanceof Date) return v.toString();
  return ''; // list-* headers (ListHeaders): no single text, and none of them is read here
}

/** Why this mail must not be answered or imported (loop protection), or null. */
export function loopReason(mail: ParsedMail, ownAddresses: string[]): string | null {
  const auto = headerText(mail, 'auto-submitted').trim().toLowerCase();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  const type = headerText(mail, 'content-type').toLowerCase();
  const from = addressesOf(mail.from)[0] ?? '';
  if (type.startsWith('multipart/report') || /^(mailer-daemon|postmaster)@/i.test(from)) return 'bounce';
  if (/^\s*<\s*>\s*$/.test(headerText(mail, 'return-path'))) return 'bounce (empty Return-Path)';
  const precedence = headerText(mail, 'precedence').trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'auto-reply';
  if (from && ownAddresses.includes(from)) return 'our own mail';
  return null;
}

export async function receiveMail(core: Core, raw: Buffer, opts: { oversize?: boolean } = {}): Promise<InboundResult> {
  const now = core.clock.now();
  const keep = (r: InboundResult, mail: { messageId: string | null; from: string | null; subject: string | null }, rawText: string) => {
    inTransaction(core, () => {
      core.db.insert(inboundMail).values({
        messageId: mail.messageId, fromAddress: mail.from, subject: mail.subject, receivedAt: now, raw: rawText,
        outcome: r.outcome, reason: r.reason, ticketId: r.ticketId, messageRowId: r.messageRowId,
      }).run();
    });
    return r;
  };
  if (raw.length > MAX_INBOUND_BYTES || opts.oversize) {
    return keep({ outcome: 'rejected', reason: `larger than ${MAX_INBOUND_BYTES} bytes`, ticketId: null, messageRowId: null },
      { messageId: null, from: null, subject: null }, raw.subarray(0, 64 * 1024).toString('latin1'));
  }
  const rawText = raw.toString('latin1'); // byte for byte: Buffer.from(raw, 'latin1') gives the email back
  const mail = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  const messageId = mail.messageId?.trim() || null;
  const from = addressesOf(mail.from)[0] ?? null;
  const fromField = mail.from as AddressObject | AddressObject[] | undefined;
  const fromName = (Array.isArray(fromField) ? fromField[0] : fromField)?.value[0]?.name?.trim() || null;
  const subject = mail.subject?.trim() || null;
  const info = { messageId, from, subject };
  if (messageId && core.db.select({ id: inboundMail.id }).from(inboundMail).where(eq(inboundMail.messageId, messageId)).get()) {
    return { outcome: 'duplicate', reason: 'Message-ID seen before', ticketId: null, messageRowId: null };
  }
  const settings = readSettings(core);
  const own = [settings.outgoing.from, settings.incoming.address].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  const loop = loopReason(mail, own);
  if (loop) return keep({ outcome: 'ignored', reason: loop, ticketId: null, messageRowId: null }, info, rawText);
  if (!from) return keep({ outcome: 'rejected', reason: 'no sender address', ticketId: null, messageRowId: null }, info, rawText);

  const text = stripReply(mail.text ?? '').slice(0, MAX_BODY).trim();
  const candidates = [headerText(mail, 'x-campusdesk-reply-token'),
    ...addressesOf(mail.to), ...addressesOf(mail.cc), headerText(mail, 'delivered-to'), headerText(mail, 'x-original-to')];
  let ticketId: number | null = null;
  for (const c of candidates) {
    if (!c) continue;
    ticketId = verifyReplyKey(core, c);
    if (ticketId !== null) break;
  }
  const opensTicket = ticketId === null && settings.unknownSenders.openTickets && !!settings.unknownSenders.category;

  // The file work (hashing, sharp) before the write transaction; only for mail that may land.
  const prepared = ticketId !== null || opensTicket ? await prepareMailAttachments(mail.attachments) : { files: [], refused: [] };
  const note = refusedNote(prepared.refused);
  const content: MailContent = {
    text: [text || (prepared.files.length + prepared.refused.length > 0 ? '(The email had no text, only attachments.)' : ''), note].filter(Boolean).join('\n\n'),
    substantive: text !== '' || mail.attachments.length > 0,
    fileIds: [],
  };
  // Synchronous from here to the transaction: stored as unattached uploads, attached inside it.
  content.fileIds = storeMailAttachments(core, prepared.files);

  try {
    const result = inTransaction(core, () => {
      let result: InboundResult;
      if (ticketId !== null) {
        result = addReply(core, ticketId, from, content, now);
      } else if (opensTicket) {
        result = openTicket(core, settings.unknownSenders.category!, from, fromName, subject, content);
      } else {
        result = { outcome: 'rejected', reason: 'no valid reply token, and mail from unknown senders does not open tickets', ticketId: null, messageRowId: null };
      }
      core.db.insert(inboundMail).values({ messageId, fromAddress: from, subject, receivedAt: now, raw: rawText, outcome: result.outcome, reason: result.reason, ticketId: result.ticketId, messageRowId: result.messageRowId }).run();
      return result;
    });
    if (result.outcome !== 'message' && result.outcome !== 'ticket') discardUnattached(core, content.fileIds);
    return result;
  } catch (err) {
    discardUnattached(core, content.fileIds);
    // A duplicate that raced in between (unique Message-ID), or a ticket that cannot take it.
    if (err instanceof Error && /UNIQUE/.test(err.message)) return { outcome: 'duplicate', reason: 'Message-ID seen before', ticketId: null, messageRowId: null };
    const reason = err instanceof Error ? err.message : String(err);
    return keep({ outcome: 'rejected', reason, ticketId: null, messageRowId: null }, info, rawText);
  }
}

/** What a received email brings: its text (with the note on refused attachments) and its stored files. */
interface MailContent {
  text: string;
  /** Whether the email had text of its own (after stripping quotes and signatures) or attachments. */
  substantive: boolean;
  fileIds: number[];
}

function addReply(core: Core, ticketId: number, from: string, content: MailContent, now: number): InboundResult {
  const t = core.db.select().from(tickets).where(eq(tickets.id, ticketId)).get();
  if (!t) return { outcome: 'rejected', reason: 'the ticket no longer exists', ticketId: null, messageRowId: null };
  if (!content.substantive) return { outcome: 'rejected', reason: 'no text after removing the quoted history', ticketId, messageRowId: null };
  const text = content.text;
  const sender = core.db.select().from(users).where(and(sql`lower(${users.email}) = ${from}`, eq(users.active, true))).all();
  const reporter = t.reporterId === null ? undefined : sender.find((u) => u.id === t.reporterId);
  const staffUser = sender.find((u) => STAFF_ROLES.includes(u.role));
  const isContact = t.reporterId === null && t.contactEmail?.toLowerCase() === from;
  const author = reporter ?? staffUser ?? null;
  if (!author && !isContact) return { outcome: 'rejected', reason: `${from} is neither the reporter, the contact nor staff`, ticketId, messageRowId: null };
  const row = core.db.insert(messages).values({ ticketId, authorId: author?.id ?? null, body: text, internal: false, createdAt: now }).returning({ id: messages.id }).get();
  attachStored(core, content.fileIds, { ticketId, messageId: row.id });
  touchTicket(core, t, {}, now);
  recordEvent(core, ticketId, author?.id ?? null, 'reply', null, { messageId: row.id, via: 'email' }, now);
  return { outcome: 'message', reason: null, ticketId, messageRowId: row.id };
}

function openTicket(core: Core, categorySlug: string, from: string, fromName: string | null, subject: string | null, content: MailContent): InboundResult {
  const text = content.text;
  const category = requireActiveCategory(core, categorySlug, 'category');
  const user = core.db.select().from(users).where(and(sql`lower(${users.email}) = ${from}`, eq(users.active, true), inArray(users.role, ['reporter']))).get();
  const id = insertTicket(core, user?.id ?? null, {
    subject: (subject ?? '(no subject)').slice(0, 200),
    description: text || '(The email had no text.)',
    categoryId: category.id,
    priority: 'normal',
    location: null,
    reporterId: user?.id ?? null,
    contact: user ? null : { name: fromName?.slice(0, 100) ?? null, email: from.slice(0, 254), phone: null },
    channel: 'app',
  });
  attachStored(core, content.fileIds, { ticketId: id, messageId: null });
  return { outcome: 'ticket', reason: null, ticketId: id, messageRowId: null };
}
