// Attachments: uploads, attaching them to tickets and messages, who may download them, and
// clearing away uploads nobody attached. Rules (spec: Additions in 1.1 / Attachments):
//
// - An upload (POST /api/v1/files, or the desktop bridge) belongs to its uploader — a user or
//   a kiosk — for UPLOAD_HOLD_MS. Its type is decided by its content (files-types.ts); photos
//   are stored without metadata (files-images.ts); the bytes go to the blob store
//   (files-store.ts) under their SHA-256.
// - `tickets.create`, `messages.add` and `kiosk.submit` take `attachments` (at most
//   MAX_ATTACHMENTS upload ids): each must be the caller's own, unattached and still held,
//   else VALIDATION on `attachments.N`. Attaching runs in the same transaction as the
//   ticket or message it belongs to. A file attached at ticket creation is the ticket's
//   (`Ticket.attachments`); one attached with a message is the message's.
// - Downloads: an attached file to whoever may see its ticket, and for a file on an internal
//   note to staff only; an unattached upload to its uploader only; everyone else NOT_FOUND.
//   Kiosks never see attached files (they cannot see tickets).
// - Uploads never attached are removed after UPLOAD_HOLD_MS by a background timer; their
//   blob goes only when no row refers to it.
import { and, eq, inArray, isNull, lte, gt, count, sql } from 'drizzle-orm';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { files, messages, tickets } from '../db/schema.ts';
import { AppError, fieldError, invalidFields, notFound } from './errors.ts';
import type { ErrorDetail } from '../../src-shared/errors.ts';
import { isStaff, type Actor, type Core, type KioskActor } from './context.ts';
import { assertCanSeeTicket } from './permissions.ts';
import { allowedType, detectType, isImageType, type AllowedType } from './files-types.ts';
import { cleanImage, makeThumbnail } from './files-images.ts';
import { filesRoot, putBlob, readBlob, removeBlobIfUnused, removeTemp } from './files-store.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const UPLOAD_HOLD_MS = 24 * 60 * 60 * 1000;
export const MAX_ATTACHMENTS = 10;
/** Unattached uploads one caller may hold at once (RATE_LIMITED beyond). */
export const MAX_PENDING_UPLOADS = 100;
export const MAX_NAME_LENGTH = 200;

export type FileRow = typeof files.$inferSelect;

/** Who uploads or downloads: a signed-in user or a kiosk. */
export type FileCaller = { actor: Actor; kiosk?: undefined } | { kiosk: KioskActor; actor?: undefined };

export interface UploadResult { id: number; name: string; type: string; size: number; sha256: string }
export interface AttachmentRef { id: number; name: string; type: string; size: number }

// ---------- names ----------

/** The X-File-Name header (percent-encoded UTF-8) as text; VALIDATION on `name` when malformed. */
export function decodeFileName(header: string | undefined): string | null {
  if (header === undefined || header.trim() === '') return null;
  try {
    return decodeURIComponent(header);
  } catch {
    throw fieldError('name', 'The file name (X-File-Name) must be percent-encoded UTF-8.');
  }
}

/**
 * A name safe to show and to save under: the last path segment, no control characters, at
 * most MAX_NAME_LENGTH characters, and ending in an extension of the detected type (added
 * when missing or different, so that `photo.exe` that is really a PDF saves as `photo.exe.pdf`).
 */
export function safeFileName(raw: string | null, type: AllowedType): string {
  // eslint-disable-next-line no-control-regex
  let name = (raw ?? '').split(/[/\\]/).pop()!.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const wanted = type.extensions[0]!;
  if (name === '') name = 'attachment';
  const suffix = type.extensions.includes(ext) ? '' : `.${wanted}`;
  const room = MAX_NAME_LENGTH - suffix.length;
  if (name.length > room) {
    const keep = suffix === '' && dot > 0 ? name.slice(dot) : '';
    name = [...name.slice(0, name.length - keep.length)].slice(0, room - keep.length).join('') + keep;
  }
  return name + suffix;
}

// ---------- upload ----------

const ownerCond = (caller: FileCaller) =>
  caller.actor ? eq(files.uploaderId, caller.actor.id) : eq(files.kioskId, caller.kiosk.id);

function assertUnderPendingLimit(core: Core, caller: FileCaller): void {
  const pending = core.db.select({ n: count() }).from(files)
    .where(and(isNull(files.attachedAt), gt(files.createdAt, core.clock.now() - UPLOAD_HOLD_MS), ownerCond(caller))).get()?.n ?? 0;
  if (pending >= MAX_PENDING_UPLOADS) {
    throw new AppError('RATE_LIMITED', `You have ${pending} uploads that are not attached to anything yet; send or discard them before uploading more.`);
  }
}

/** A file that passed the checks: its type decided by content, photos cleaned, a safe name. */
export interface PreparedFile { bytes: Buffer; name: string; type: string }

/**
 * The checks and the clean-up every stored file goes through, whether uploaded or received by
 * email: at most MAX_FILE_BYTES, type by content against the allowlist, photos re-encoded
 * without metadata, a safe name. PAYLOAD_TOO_LARGE, or VALIDATION on `file` with the reason.
 */
export async function prepareFile(bytes: Buffer, rawName: string | null): Promise<PreparedFile> {
  if (bytes.length > MAX_FILE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'A file may be at most 10 MiB.');
  const detected = await detectType(bytes);
  if (!detected.ok) throw fieldError('file', detected.reason);
  const type = detected.type;
  let stored = bytes;
  if (type.image) {
    const cleaned = await cleanImage(bytes, type.mime);
    if (!cleaned.ok) throw fieldError('file', cleaned.reason);
    stored = cleaned.bytes;
  }
  return { bytes: stored, name: safeFileName(rawName, type), type: type.mime };
}

/**
 * Stores a prepared file's blob and its row as an unattached upload of `owner` (null: nobody's,
 * e.g. a file received by email, attached by the receiver's transaction). Synchronous, so the
 * clean-up timer cannot run between storing and referring; a row never attached is removed
 * with its blob after UPLOAD_HOLD_MS like any upload.
 */
export function storePrepared(core: Core, owner: FileCaller | null, file: PreparedFile): UploadResult {
  const sha256 = putBlob(core, file.bytes);
  const row = core.db.insert(files).values({
    sha256, name: file.name, type: file.type, size: file.bytes.length,
    uploaderId: owner?.actor?.id ?? null, kioskId: owner?.kiosk?.id ?? null,
    createdAt: core.clock.now(),
  }).returning({ id: files.id }).get();
  return { id: row.id, name: file.name, type: file.type, size: file.bytes.length, sha256 };
}

/**
 * Accepts an upload's bytes (at most MAX_FILE_BYTES; the transports enforce it while
 * receiving): type by content, photos cleaned, stored, held for the caller.
 */
export async function acceptUpload(core: Core, caller: FileCaller, bytes: Buffer, rawName: string | null): Promise<UploadResult> {
  if (bytes.length > MAX_FILE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'A file may be at most 10 MiB.');
  assertUnderPendingLimit(core, caller);
  const prepared = await prepareFile(bytes, rawName);
  // Synchronous from here: the clean-up timer cannot run between storing and referring.
  assertUnderPendingLimit(core, caller);
  return storePrepared(core, caller, prepared);
}

/**
 * Removes uploads that will never be attached (a failed or refused email's files) at once
 * rather than after UPLOAD_HOLD_MS; only rows still unattached, blobs only when unused.
 */
export function discardUnattached(core: Core, ids: readonly number[]): void {
  if (ids.length === 0) return;
  const rows = core.db.select({ sha256: files.sha256 }).from(files).where(and(inArray(files.id, [...ids]), isNull(files.attachedAt))).all();
  core.db.delete(files).where(and(inArray(files.id, [...ids]), isNull(files.attachedAt))).run();
  for (const sha of new Set(rows.map((r) => r.sha256))) removeBlobIfUnused(core, sha);
}

// ---------- attach ----------

export type AttachmentOwner = { userId: number } | { kioskId: number };

/**
 * Attaches the caller's uploads to a ticket (messageId null) or a message. Every id must be
 * the owner's, unattached, still held and named once; else VALIDATION on `attachments.N`
 * (the caller's transaction then rolls everything back).
 */
export function attachUploads(core: Core, owner: AttachmentOwner, ids: readonly number[] | undefined, target: { ticketId: number; messageId: number | null }): void {
  if (!ids || ids.length === 0) return;
  const now = core.clock.now();
  const rows = new Map(core.db.select().from(files).where(inArray(files.id, [...new Set(ids)])).all().map((r) => [r.id, r]));
  const details: ErrorDetail[] = [];
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    const path = `attachments.${i}`;
    const row = rows.get(id);
    const mine = row !== undefined && ('userId' in owner ? row.uploaderId === owner.userId : row.kioskId === owner.kioskId);
    if (i >= MAX_ATTACHMENTS) details.push({ path, message: `At most ${MAX_ATTACHMENTS} files may be attached at once` });
    else if (!row || !mine) details.push({ path, message: `There is no upload #${id} of yours` });
    else if (seen.has(id)) details.push({ path, message: `Upload #${id} is named twice` });
    else if (row.attachedAt !== null) details.push({ path, message: `Upload #${id} is already attached` });
    else if (row.createdAt <= now - UPLOAD_HOLD_MS) details.push({ path, message: `Upload #${id} has expired (uploads are kept 24 hours); upload it again` });
    seen.add(id);
  });
  if (details.length) throw invalidFields(details);
  attachStored(core, ids, target);
}

/**
 * Attaches stored files, already checked by the caller (attachUploads, or the email receiver
 * for the files it stored itself), to a ticket or a message; inside the caller's transaction.
 */
export function attachStored(core: Core, ids: readonly number[], target: { ticketId: number; messageId: number | null }): void {
  if (ids.length === 0) return;
  core.db.update(files).set({ ticketId: target.ticketId, messageId: target.messageId, attachedAt: core.clock.now() })
    .where(and(inArray(files.id, [...ids]), isNull(files.attachedAt))).run();
}

const refOf = (r: Pick<FileRow, 'id' | 'name' | 'type' | 'size'>): AttachmentRef => ({ id: r.id, name: r.name, type: r.type, size: r.size });

function groupBy(rows: (AttachmentRef & { key: number | null })[]): Map<number, AttachmentRef[]> {
  const out = new Map<number, AttachmentRef[]>();
  for (const r of rows) {
    if (r.key === null) continue;
    const list = out.get(r.key) ?? [];
    list.push(refOf(r));
    out.set(r.key, list);
  }
  return out;
}

/**
 * The query behind attachmentsOfTickets: by files_ticket_idx (`+message_id` keeps SQLite from
 * choosing files_message_idx, where NULL also holds every unattached upload).
 */
export const ticketAttachmentsQuery = (core: Core, ticketIds: readonly number[]) =>
  core.db.select({ id: files.id, name: files.name, type: files.type, size: files.size, key: files.ticketId }).from(files)
    .where(and(inArray(files.ticketId, [...ticketIds]), sql`+${files.messageId} IS NULL`)).orderBy(files.id);

/** The files attached at creation to each of these tickets (one indexed query), in upload order. */
export function attachmentsOfTickets(core: Core, ticketIds: readonly number[]): Map<number, AttachmentRef[]> {
  if (ticketIds.length === 0) return new Map();
  return groupBy(ticketAttachmentsQuery(core, ticketIds).all());
}

export const messageAttachmentsQuery = (core: Core, messageIds: readonly number[]) =>
  core.db.select({ id: files.id, name: files.name, type: files.type, size: files.size, key: files.messageId }).from(files)
    .where(inArray(files.messageId, [...messageIds])).orderBy(files.id);

/** The files of each of these messages (one indexed query), in upload order. */
export function attachmentsOfMessages(core: Core, messageIds: readonly number[]): Map<number, AttachmentRef[]> {
  if (messageIds.length === 0) return new Map();
  return groupBy(messageAttachmentsQuery(core, messageIds).all());
}

// ---------- download ----------

/** The file row if the caller may download it, else NOT_FOUND (whether or not it exists). */
export function visibleFile(core: Core, caller: FileCaller, id: number): FileRow {
  const missing = notFound(`There is no file #${id}.`);
  const row = core.db.select().from(files).where(eq(files.id, id)).get();
  if (!row) throw missing;
  if (row.attachedAt === null || row.ticketId === null) {
    const mine = caller.actor ? row.uploaderId === caller.actor.id : row.kioskId === caller.kiosk.id;
    if (!mine || row.createdAt <= core.clock.now() - UPLOAD_HOLD_MS) throw missing;
    return row;
  }
  const actor = caller.actor;
  if (!actor) throw missing;
  const ticket = core.db.select({ id: tickets.id, reporterId: tickets.reporterId }).from(tickets).where(eq(tickets.id, row.ticketId)).get();
  try {
    assertCanSeeTicket(actor, ticket, row.ticketId);
  } catch {
    throw missing;
  }
  if (row.messageId !== null && !isStaff(actor)) {
    const message = core.db.select({ internal: messages.internal }).from(messages).where(eq(messages.id, row.messageId)).get();
    if (!message || message.internal) throw missing;
  }
  return row;
}

export interface FileContent { row: FileRow; bytes: Buffer; type: string }

export function fileContent(core: Core, caller: FileCaller, id: number): FileContent {
  const row = visibleFile(core, caller, id);
  const bytes = readBlob(core, row.sha256);
  if (!bytes) throw new Error(`file #${row.id}: blob ${row.sha256} is missing from ${filesRoot(core)}`);
  return { row, bytes, type: row.type };
}

/** Recent thumbnails by blob hash (they are derived from immutable content). */
const thumbnails = new Map<string, Buffer>();
const THUMB_CACHE = 200;

export async function fileThumbnail(core: Core, caller: FileCaller, id: number): Promise<FileContent> {
  const { row, bytes } = fileContent(core, caller, id);
  if (!isImageType(row.type)) throw notFound(`File #${id} is not an image and has no thumbnail.`);
  let thumb = thumbnails.get(row.sha256);
  if (!thumb) {
    const made = await makeThumbnail(bytes);
    if (!made) throw notFound(`No thumbnail can be made of file #${id} (${allowedType(row.type)?.label ?? row.type}); download it instead.`);
    thumb = made;
    thumbnails.set(row.sha256, thumb);
    if (thumbnails.size > THUMB_CACHE) thumbnails.delete(thumbnails.keys().next().value!);
  }
  return { row, bytes: thumb, type: 'image/webp' };
}

// ---------- clean-up ----------

/** Temporary upload files older than this are leftovers of a crash. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** Removes uploads held longer than UPLOAD_HOLD_MS and never attached; returns how many. */
export function removeExpiredUploads(core: Core): number {
  const cutoff = core.clock.now() - UPLOAD_HOLD_MS;
  const expired = core.db.select({ id: files.id, sha256: files.sha256 }).from(files)
    .where(and(isNull(files.attachedAt), lte(files.createdAt, cutoff))).all();
  if (expired.length === 0) return 0;
  core.sqlite.transaction(() => {
    core.db.delete(files).where(and(isNull(files.attachedAt), lte(files.createdAt, cutoff))).run();
  }).immediate();
  for (const sha of new Set(expired.map((r) => r.sha256))) removeBlobIfUnused(core, sha);
  return expired.length;
}

function removeStaleTemps(core: Core): void {
  const dir = join(filesRoot(core), 'tmp');
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  const cutoff = Date.now() - STALE_TEMP_MS;
  for (const n of names) {
    const p = join(dir, n);
    try { if (statSync(p).mtimeMs < cutoff) removeTemp(p); } catch { /* gone */ }
  }
}

export interface FileCleanup {
  /** One round now; returns the number of expired uploads removed. */
  tick(): number;
  stop(): void;
}

/** The background timer that removes expired uploads (and stale temporary files). */
export function startFileCleanup(core: Core, everyMs = 10 * 60 * 1000): FileCleanup {
  const tick = (): number => {
    if (!core.sqlite.open || core.sqlite.readonly || core.sqlite.inTransaction) return 0;
    const n = removeExpiredUploads(core);
    removeStaleTemps(core);
    return n;
  };
  const timer = setInterval(() => {
    try { tick(); } catch (err) { core.log.warn({ err }, 'removing expired uploads failed (will retry)'); }
  }, everyMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
