// Kiosks: walk-up reporting terminals (a tablet on /kiosk, or the desktop app's kiosk window).
//
// - Registration (admins): a kiosk gets a token of 256 random bits, shown once and stored
//   only as its SHA-256 hash. Revoking sets revokedAt; the token stops working at once
//   (every kiosk call resolves it again, nothing is cached).
// - Submissions: a kiosk token may only submit (`kiosk.submit`); lookups (`kiosk.lookup`) need
//   no token at all. A kiosk ticket has no reporter (so no reporter ever sees it), channel
//   `kiosk`, the kiosk's id, and a reference code for walk-up lookups. Contact details go to
//   the ticket's contact fields, which only staff see.
// - Submission limit: at most KIOSK_SUBMIT_MAX accepted submissions per kiosk in any sliding
//   KIOSK_SUBMIT_WINDOW_MS, counted from the tickets themselves (index tickets(kiosk_id,
//   opened_at)), so rejected input never counts. The check runs inside the submit
//   transaction (immediate), so concurrent submissions cannot overshoot.
// - References: REFERENCE_LENGTH characters drawn uniformly (crypto) from REFERENCE_ALPHABET,
//   which leaves out 0/O and 1/I/L. 31^8 ≈ 8.5·10^11 codes; a reference is only ever
//   checked together with its ticket number, so codes need not be unique.
// - Lookup: the pair must match exactly (the API takes the code as issued: upper case, no
//   separators; the kiosk page normalizes what people type). Any mismatch, a malformed code
//   included, is NOT_FOUND. Replies shown are the ticket's public messages written by
//   helpdesk staff (agent or admin); internal notes are never shown, and a kiosk ticket has
//   no reporter to write messages, so reporter-side messages do not occur (and would not be
//   shown). Failed lookups are throttled per client (LOOKUP_MAX_FAILURES per
//   LOOKUP_WINDOW_MS, then RATE_LIMITED even for a right pair until the window passes);
//   that state is kept in memory per running core — enough for one hub or one desktop app,
//   and it resets on restart (documented choice; a guesser gains 20 tries per restart at
//   most, against 8.5·10^11 codes).
import { randomInt } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, isNull, max, sql } from 'drizzle-orm';
import { kiosks, messages, tickets, users } from '../db/schema.ts';
import { hashToken, newToken } from './auth.ts';
import { AppError, notFound } from './errors.ts';
import { requireActiveCategory } from './categories.ts';
import { insertTicket } from './tickets/commands.ts';
import { attachUploads } from './files.ts';
import { STAFF_ROLES, type Status } from '../../src-shared/domain.ts';
import type { Actor, Core, KioskActor } from './context.ts';

export const KIOSK_SUBMIT_MAX = 10;
export const KIOSK_SUBMIT_WINDOW_MS = 10 * 60 * 1000;
export const LOOKUP_MAX_FAILURES = 20;
export const LOOKUP_WINDOW_MS = 10 * 60 * 1000;

/** No 0/O, 1/I/L: a code read off a screen or a photo is typed back without doubt. */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const REFERENCE_LENGTH = 8;
/** What the API accepts as a well-formed reference (spec: 6–12 characters of the alphabet). */
export const REFERENCE_PATTERN = new RegExp(`^[${REFERENCE_ALPHABET}]{6,12}$`);

/** Resolves a kiosk token; null when unknown or revoked. */
export function authenticateKiosk(core: Core, token: string): KioskActor | null {
  const row = core.db.select({ id: kiosks.id, name: kiosks.name, location: kiosks.location })
    .from(kiosks).where(and(eq(kiosks.tokenHash, hashToken(token)), isNull(kiosks.revokedAt))).get();
  return row ?? null;
}

export function newReference(): string {
  let s = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) s += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return s;
}

// ---------- registration (admins) ----------

export interface KioskInfo {
  id: number;
  name: string;
  location: string | null;
  active: boolean;
  createdAt: number;
  revokedAt: number | null;
  /** Accepted submissions, all time. */
  submissions: number;
  lastSubmissionAt: number | null;
}

export function createKiosk(core: Core, actor: Actor, input: { name: string; location?: string | undefined }): { id: number; name: string; token: string } {
  const token = newToken();
  const row = core.db.insert(kiosks).values({
    name: input.name,
    location: input.location ?? null,
    tokenHash: hashToken(token),
    createdAt: core.clock.now(),
    createdBy: actor.id,
    revokedAt: null,
  }).returning({ id: kiosks.id, name: kiosks.name }).get();
  return { id: row.id, name: row.name, token };
}

/** Every kiosk, active ones first, newest first; never a token. */
export function listKiosks(core: Core): KioskInfo[] {
  const stats = new Map(core.db
    .select({ kioskId: tickets.kioskId, n: count(), last: max(tickets.openedAt) })
    .from(tickets).where(sql`${tickets.kioskId} IS NOT NULL`).groupBy(tickets.kioskId).all()
    .map((r) => [r.kioskId, r]));
  const rows = core.db.select().from(kiosks)
    .orderBy(sql`${kiosks.revokedAt} IS NOT NULL`, desc(kiosks.createdAt), desc(kiosks.id)).all();
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    location: k.location,
    active: k.revokedAt === null,
    createdAt: k.createdAt,
    revokedAt: k.revokedAt,
    submissions: stats.get(k.id)?.n ?? 0,
    lastSubmissionAt: stats.get(k.id)?.last ?? null,
  }));
}

/** Revokes a kiosk's token (NOT_FOUND for an unknown id; revoking twice keeps the first time). */
export function revokeKiosk(core: Core, id: number): void {
  const row = core.db.select({ id: kiosks.id, revokedAt: kiosks.revokedAt }).from(kiosks).where(eq(kiosks.id, id)).get();
  if (!row) throw notFound(`There is no kiosk #${id}.`);
  if (row.revokedAt === null) core.db.update(kiosks).set({ revokedAt: core.clock.now() }).where(eq(kiosks.id, id)).run();
}

// ---------- walk-up submissions ----------

export interface KioskSubmission {
  category: string;
  subject: string;
  description: string;
  location?: string | undefined;
  contactName?: string | undefined;
  contactEmail?: string | undefined;
  contactPhone?: string | undefined;
  /** Upload ids of this kiosk (core/files.ts). */
  attachments?: number[] | undefined;
}

const minutes = (ms: number): string => {
  const m = Math.max(1, Math.ceil(ms / 60_000));
  return m === 1 ? '1 minute' : `${m} minutes`;
};

/** Throws RATE_LIMITED when the kiosk already has KIOSK_SUBMIT_MAX tickets in the window. */
function assertUnderSubmitLimit(core: Core, kiosk: KioskActor, now: number): void {
  const recent = core.db.select({ openedAt: tickets.openedAt }).from(tickets)
    .where(and(eq(tickets.kioskId, kiosk.id), gt(tickets.openedAt, now - KIOSK_SUBMIT_WINDOW_MS)))
    .orderBy(desc(tickets.openedAt)).limit(KIOSK_SUBMIT_MAX).all();
  if (recent.length < KIOSK_SUBMIT_MAX) return;
  // The oldest of the last KIOSK_SUBMIT_MAX leaves the window first.
  const oldest = recent[recent.length - 1]?.openedAt ?? now;
  const wait = oldest + KIOSK_SUBMIT_WINDOW_MS - now;
  throw new AppError('RATE_LIMITED',
    `This kiosk has taken many reports in the last few minutes. Please try again in ${minutes(wait)}, or visit the helpdesk in person.`,
    [{ path: '', message: 'Kiosk submission limit reached', retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) }]);
}

export function submitFromKiosk(core: Core, kiosk: KioskActor, input: KioskSubmission): { ticketId: number; reference: string } {
  const category = requireActiveCategory(core, input.category, 'category');
  assertUnderSubmitLimit(core, kiosk, core.clock.now());
  const contact = input.contactName !== undefined || input.contactEmail !== undefined || input.contactPhone !== undefined
    ? { name: input.contactName ?? null, email: input.contactEmail ?? null, phone: input.contactPhone ?? null }
    : null;
  const reference = newReference();
  const ticketId = insertTicket(core, null, {
    subject: input.subject,
    description: input.description,
    categoryId: category.id,
    priority: 'normal',
    location: input.location ?? null,
    reporterId: null,
    contact,
    channel: 'kiosk',
    kioskId: kiosk.id,
    reference,
  });
  attachUploads(core, { kioskId: kiosk.id }, input.attachments, { ticketId, messageId: null });
  return { ticketId, reference };
}

// ---------- walk-up lookups ----------

/** Failed lookups per client, per running core (see the header). */
const lookupFailures = new WeakMap<Core, Map<string, number[]>>();
/** Bound on remembered clients; beyond it the stalest are forgotten. */
const MAX_TRACKED_CLIENTS = 10_000;

function failuresOf(core: Core, client: string, now: number): number[] {
  let byClient = lookupFailures.get(core);
  if (!byClient) lookupFailures.set(core, (byClient = new Map()));
  const recent = (byClient.get(client) ?? []).filter((t) => t > now - LOOKUP_WINDOW_MS);
  if (recent.length === 0) byClient.delete(client);
  else byClient.set(client, recent);
  return recent;
}

function recordLookupFailure(core: Core, client: string, now: number): void {
  const byClient = lookupFailures.get(core) ?? new Map<string, number[]>();
  lookupFailures.set(core, byClient);
  const list = byClient.get(client) ?? [];
  byClient.delete(client); // re-insert: Map order is then "least recently failed first"
  byClient.set(client, [...list, now]);
  while (byClient.size > MAX_TRACKED_CLIENTS) {
    const stalest = byClient.keys().next().value;
    if (stalest === undefined) break;
    byClient.delete(stalest);
  }
}

export interface LookupResult {
  ticketId: number;
  status: Status;
  updatedAt: number;
  replies: { body: string; createdAt: number }[];
}

const LOOKUP_NOT_FOUND = 'No ticket matches this ticket number and reference code.';

export function lookupKioskTicket(core: Core, client: string, input: { ticketId: number; reference: string }): LookupResult {
  const now = core.clock.now();
  const failures = failuresOf(core, client, now);
  if (failures.length >= LOOKUP_MAX_FAILURES) {
    const wait = (failures[0] ?? now) + LOOKUP_WINDOW_MS - now;
    throw new AppError('RATE_LIMITED', `Too many tickets were not found from here. Please wait ${minutes(wait)} and try again.`,
      [{ path: '', message: 'Lookup limit reached', retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) }]);
  }
  const row = REFERENCE_PATTERN.test(input.reference)
    ? core.db.select({ id: tickets.id, status: tickets.status, updatedAt: tickets.updatedAt }).from(tickets)
      .where(and(eq(tickets.id, input.ticketId), eq(tickets.reference, input.reference))).get()
    : undefined;
  if (!row) {
    recordLookupFailure(core, client, now);
    throw notFound(LOOKUP_NOT_FOUND);
  }
  const replies = core.db.select({ body: messages.body, createdAt: messages.createdAt })
    .from(messages).innerJoin(users, eq(users.id, messages.authorId))
    .where(and(eq(messages.ticketId, row.id), eq(messages.internal, false), inArray(users.role, [...STAFF_ROLES])))
    .orderBy(asc(messages.createdAt), asc(messages.id)).all();
  return { ticketId: row.id, status: row.status, updatedAt: row.updatedAt, replies };
}
