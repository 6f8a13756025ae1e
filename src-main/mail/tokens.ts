// Reply tokens: the unguessable part of a ticket's reply address. token = the first 128 bits
// of HMAC-SHA256(secret, "ticket:<id>") in hex; the secret is 256 random bits kept in the
// `meta` table (made on first use). A reply address is `<local>+<id>.<token>@<domain>` and
// every email also carries `X-CampusDesk-Reply-Token: <id>.<token>`; an incoming mail is
// attached to a ticket only when one of them verifies (never from a number in the subject).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { meta } from '../db/schema.ts';
import type { Core } from '../core/context.ts';

const SECRET_KEY = 'mail.replySecret';

function secretOf(core: Core): Buffer {
  const row = core.db.select().from(meta).where(eq(meta.key, SECRET_KEY)).get();
  if (row) return Buffer.from(row.value, 'base64url');
  const secret = randomBytes(32);
  core.db.insert(meta).values({ key: SECRET_KEY, value: secret.toString('base64url') }).onConflictDoNothing().run();
  return Buffer.from(core.db.select().from(meta).where(eq(meta.key, SECRET_KEY)).get()!.value, 'base64url');
}

export function replyToken(core: Core, ticketId: number): string {
  return createHmac('sha256', secretOf(core)).update(`ticket:${ticketId}`).digest('hex').slice(0, 32);
}

/** `<id>.<token>` as carried in the header and the address. */
export const replyKey = (core: Core, ticketId: number): string => `${ticketId}.${replyToken(core, ticketId)}`;

/** The reply address for a ticket, from the mailbox address replies go to. */
export function replyAddress(core: Core, mailbox: string, ticketId: number): string {
  const at = mailbox.lastIndexOf('@');
  const local = mailbox.slice(0, at).replace(/\+.*$/, '');
  return `${local}+${replyKey(core, ticketId)}@${mailbox.slice(at + 1)}`;
}

const KEY = /(?:^|[+\s<])(\d{1,15})\.([0-9a-f]{32})(?=@|\s|>|$)/i;

/** The ticket id a string (address or header) carries a valid token for, else null. */
export function verifyReplyKey(core: Core, text: string): number | null {
  const m = KEY.exec(text.trim());
  if (!m) return null;
  const id = Number(m[1]);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const expected = Buffer.from(replyToken(core, id), 'utf8');
  const given = Buffer.from(m[2]!.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}
