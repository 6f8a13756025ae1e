// The public API's shapes (spec: Conventions, Objects) as zod schemas. One source for the
// procedures' input/output validation, the OpenAPI document, and the renderer's forms
// (which show the same limits before submitting). Imports only zod and the domain lists,
// so it is safe in the browser bundle.
import { z } from 'zod';
import { ROLES, STATUSES, PRIORITIES, CHANNELS } from './domain.ts';

// ---------- field rules (spec: Conventions) ----------

/** A trimmed string of min–max characters; empty after trimming is an error. */
export const text = (min: number, max: number, label: string) =>
  z.string().trim()
    .min(Math.max(min, 1), { message: min <= 1 ? `${label} must not be empty` : `${label} must be at least ${min} characters` })
    .max(max, { message: `${label} must be at most ${max.toLocaleString('en')} characters` });

export const Id = z.number().int().positive();
export const Subject = text(1, 200, 'Subject');
export const Description = text(1, 20_000, 'Description');
export const Body = text(1, 20_000, 'Message');
export const Location = text(1, 200, 'Location');
export const DisplayName = text(1, 100, 'Display name');
export const Username = z.string().trim()
  .min(3, { message: 'Username must be at least 3 characters' })
  .max(64, { message: 'Username must be at most 64 characters' })
  .regex(/^[a-z0-9._-]+$/, { message: 'Username may contain only a-z, 0-9, dot, underscore and hyphen' });
/** Passwords are not trimmed (spaces may be part of them) but must not be blank. */
export const Password = z.string()
  .min(8, { message: 'Password must be at least 8 characters' })
  .max(200, { message: 'Password must be at most 200 characters' })
  .refine((s) => s.trim().length > 0, { message: 'Password must not be blank' });
export const Email = z.string().trim()
  .max(254, { message: 'Email must be at most 254 characters' })
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'Email must look like name@example.edu' });
export const Phone = z.string().trim()
  .min(3, { message: 'Phone must be at least 3 characters' })
  .max(32, { message: 'Phone must be at most 32 characters' })
  .regex(/^[0-9 +\-()]+$/, { message: 'Phone may contain only digits, spaces and + - ( )' });
export const Slug = z.string().trim()
  .min(1, { message: 'Slug must not be empty' })
  .max(64, { message: 'Slug must be at most 64 characters' })
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'Slug may contain only a-z, 0-9, _ and -, and must start with a letter or digit' });
export const CategoryName = text(1, 100, 'Name');

const ISO_EXTENDED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?:\d{2})?)$/i;

/**
 * Milliseconds since the epoch of an ISO 8601 date-time with an offset, or null: extended
 * (2026-03-01T09:30:00.000+01:00) or basic (20260301T093000Z) format, minutes and seconds
 * optional, a fraction after "." or "," (cut to milliseconds), offsets Z, ±hh, ±hhmm, ±hh:mm.
 * Impossible dates (2026-02-30, 25:00) are null.
 */
export function parseIsoDateTime(text: string): number | null {
  const m = ISO_EXTENDED.exec(text) ?? ISO_BASIC.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate() || hour > 23 || minute > 59 || second > 59) return null;
  const zone = (m[8] as string).toUpperCase();
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years 0–99 as written
  utc.setUTCHours(hour, minute, second, ms);
  return utc.getTime() - offsetMinutes * 60_000;
}

/**
 * Inputs accept any ISO 8601 date-time with an offset (or Z), see parseIsoDateTime; handlers
 * receive it as the same instant in UTC (2026-03-01T08:30:00.000Z). Outputs are always UTC with Z.
 */
export const IsoInput = z.string().trim().transform((value, ctx) => {
  const ms = parseIsoDateTime(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: 'Must be an ISO 8601 date-time with offset, e.g. 2026-03-01T09:30:00Z' });
    return z.NEVER;
  }
  const year = new Date(ms).getUTCFullYear();
  if (year < 0 || year > 9999) {
    ctx.addIssue({ code: 'custom', message: 'Must lie within the years 0000–9999 (UTC)' });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
}).describe('ISO 8601 date-time with an offset or Z, e.g. 2026-03-01T09:30:00+01:00');
export const IsoOutput = z.string().describe('ISO 8601 UTC timestamp with milliseconds, e.g. 2026-03-01T09:30:00.000Z');

export const RoleSchema = z.enum(ROLES);
export const StatusSchema = z.enum(STATUSES);
export const PrioritySchema = z.enum(PRIORITIES);
export const ChannelSchema = z.enum(CHANNELS);

// ---------- attachments (Additions in 1.1 / Attachments) ----------

/** At most this many upload ids in one `attachments` list. */
export const MAX_ATTACHMENTS = 10;

export const AttachmentSchema = z.object({
  id: Id,
  name: z.string(),
  type: z.string().describe('MIME type decided by the content'),
  size: z.number().int().nonnegative().describe('Bytes as stored'),
}).meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof AttachmentSchema>;

/** `attachments` on tickets.create, messages.add, kiosk.submit: up to 10 distinct upload ids. */
export const AttachmentIds = z.array(Id).superRefine((ids, ctx) => {
  if (ids.length > MAX_ATTACHMENTS) ctx.addIssue({ code: 'custom', path: [MAX_ATTACHMENTS], message: `At most ${MAX_ATTACHMENTS} files may be attached at once` });
  ids.forEach((id, i) => {
    if (i < MAX_ATTACHMENTS && ids.indexOf(id) < i) ctx.addIssue({ code: 'custom', path: [i], message: `Upload #${id} is named twice` });
  });
}).describe('Upload ids (POST /api/v1/files) of the caller, each attachable once');

// ---------- objects (spec: Objects) ----------

export const UserSchema = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: RoleSchema,
  active: z.boolean(),
  createdAt: IsoOutput,
}).meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const CategorySchema = z.object({
  slug: z.string(),
  name: z.string(),
  active: z.boolean(),
}).meta({ id: 'Category' });
export type Category = z.infer<typeof CategorySchema>;

const PersonRef = z.object({ id: Id, displayName: z.string() });

export const TicketSchema = z.object({
  id: Id,
  subject: z.string(),
  description: z.string(),
  status: StatusSchema,
  priority: PrioritySchema,
  category: z.string(),
  location: z.string().nullable(),
  reporter: PersonRef.nullable(),
  contact: z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  assignee: PersonRef.nullable(),
  channel: ChannelSchema,
  openedAt: IsoOutput,
  updatedAt: IsoOutput,
  closedAt: IsoOutput.nullable(),
  version: z.number().int().positive(),
  attachments: z.array(AttachmentSchema),
}).meta({ id: 'Ticket' });
export type Ticket = z.infer<typeof TicketSchema>;

export const MessageSchema = z.object({
  id: Id,
  ticketId: Id,
  author: z.object({ id: Id, displayName: z.string(), role: RoleSchema }).nullable(),
  body: z.string(),
  internal: z.boolean(),
  createdAt: IsoOutput,
  attachments: z.array(AttachmentSchema),
}).meta({ id: 'Message' });
export type Message = z.infer<typeof MessageSchema>;

export const EventSchema = z.object({
  id: Id,
  ticketId: Id,
  actor: PersonRef.nullable(),
  type: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  at: IsoOutput,
}).meta({ id: 'Event' });
export type TicketEvent = z.infer<typeof EventSchema>;

export const SessionSchema = z.object({ token: z.string(), user: UserSchema, expiresAt: IsoOutput });
export type Session = z.infer<typeof SessionSchema>;

export const Empty = z.strictObject({});
export const EmptyOutput = z.object({});

// ---------- time ----------

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));
export const fromIso = (s: string): number => Date.parse(s);
