// Changing tickets: create (app and kiosk), update fields, set the status (rules in
// ../ticket-status.ts), optimistic versions, and the reference checks of a ticket input.
import { eq } from 'drizzle-orm';
import { tickets, kiosks } from '../../db/schema.ts';
import type { Ticket } from '../../../src-shared/schemas.ts';
import type { ErrorDetail } from '../../../src-shared/errors.ts';
import { priorityName, priorityRank, STAFF_ROLES, type Channel, type EventType, type Priority, type Status } from '../../../src-shared/domain.ts';
import { conflict, FieldChecks, forbidden } from '../errors.ts';
import { isStaff, type Actor, type Core } from '../context.ts';
import { assertMaySetFields } from '../permissions.ts';
import { assertTransitionAllowed, closedAtAfter, reporterMayEdit } from '../ticket-status.ts';
import { categorySlugs, requireActiveCategory } from '../categories.ts';
import { requireActiveUser } from '../users.ts';
import { displayNames, toTicket, type TicketRow } from './mapping.ts';
import { getTicket, loadVisibleTicket } from './read.ts';
import { recordEvent } from './history.ts';
import { attachUploads } from '../files.ts';

export interface NewTicket {
  subject: string;
  description: string;
  categoryId: number;
  priority: Priority;
  location: string | null;
  reporterId: number | null;
  contact: { name: string | null; email: string | null; phone: string | null } | null;
  channel: Channel;
  kioskId?: number | null;
  reference?: string | null;
}

/** Writes a new open ticket and its `created` event (FTS and counts follow by trigger). Returns its id. */
export function insertTicket(core: Core, actorId: number | null, t: NewTicket): number {
  const now = core.clock.now();
  const row = core.db.insert(tickets).values({
    subject: t.subject,
    description: t.description,
    status: 'open',
    priority: priorityRank(t.priority),
    categoryId: t.categoryId,
    location: t.location,
    reporterId: t.reporterId,
    contactName: t.contact?.name ?? null,
    contactEmail: t.contact?.email ?? null,
    contactPhone: t.contact?.phone ?? null,
    channel: t.channel,
    kioskId: t.kioskId ?? null,
    reference: t.reference ?? null,
    openedAt: now,
    updatedAt: now,
    closedAt: null,
    version: 1,
  }).returning({ id: tickets.id }).get();
  const kiosk = t.kioskId == null ? null : core.db.select({ id: kiosks.id, name: kiosks.name }).from(kiosks).where(eq(kiosks.id, t.kioskId)).get() ?? null;
  recordEvent(core, row.id, actorId, 'created', null, { status: 'open', channel: t.channel, ...(kiosk ? { kiosk } : {}) }, now);
  return row.id;
}

export interface CreateTicketInput {
  subject: string;
  description: string;
  category: string;
  priority?: Priority | undefined;
  location?: string | undefined;
  /** Upload ids of the caller (core/files.ts). */
  attachments?: number[] | undefined;
}

export function createTicket(core: Core, actor: Actor, input: CreateTicketInput): Ticket {
  if (input.priority !== undefined && !isStaff(actor)) throw forbidden('Only helpdesk staff may set the priority.');
  const category = requireActiveCategory(core, input.category, 'category');
  const id = insertTicket(core, actor.id, {
    subject: input.subject,
    description: input.description,
    categoryId: category.id,
    priority: input.priority ?? 'normal',
    location: input.location ?? null,
    reporterId: actor.id,
    contact: null,
    channel: 'app',
  });
  attachUploads(core, { userId: actor.id }, input.attachments, { ticketId: id, messageId: null });
  return getTicket(core, actor, id);
}

/** CONFLICT with the current ticket when `version` is given and stale. */
export function assertVersion(core: Core, actor: Actor, row: TicketRow, version: number | undefined): void {
  if (version === undefined || version === row.version) return;
  throw conflict(`Ticket #${row.id} was changed meanwhile (you have version ${version}, it is at ${row.version}); reload it and try again.`, [
    { path: 'version', message: `Stale version ${version}; current is ${row.version}`, current: toTicket(core, actor, row) },
  ]);
}

/** Marks a ticket changed: updatedAt = now, version + 1, plus the given columns. */
export function touchTicket(core: Core, row: TicketRow, set: Partial<TicketRow>, now: number): void {
  core.db.update(tickets).set({ ...set, updatedAt: now, version: row.version + 1 }).where(eq(tickets.id, row.id)).run();
}

export interface UpdateTicketInput {
  id: number;
  version: number;
  subject?: string | undefined;
  description?: string | undefined;
  category?: string | undefined;
  priority?: Priority | undefined;
  location?: string | null | undefined;
  assigneeId?: number | null | undefined;
}

/**
 * The reference problems of a ticket input that failed its schema (for the registry's
 * referenceDetails): the category, and for staff the assignee (reporters learn nothing
 * about users this way).
 */
export function ticketReferenceDetails(core: Core, actor: Actor | null, input: unknown): ErrorDetail[] {
  const r = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const refs = new FieldChecks();
  const category = r.category;
  if (typeof category === 'string') refs.check(() => requireActiveCategory(core, category.trim(), 'category'));
  const assigneeId = r.assigneeId;
  if (actor && isStaff(actor) && typeof assigneeId === 'number' && Number.isSafeInteger(assigneeId) && assigneeId > 0) {
    refs.check(() => requireActiveUser(core, assigneeId, 'assigneeId', STAFF_ROLES));
  }
  return refs.details;
}

export function updateTicket(core: Core, actor: Actor, input: UpdateTicketInput): Ticket {
  const row = loadVisibleTicket(core, actor, input.id);
  const { id: _id, version, ...fields } = input;
  const named = Object.keys(fields).filter((k) => fields[k as keyof typeof fields] !== undefined);
  assertMaySetFields(actor, named);
  if (!isStaff(actor) && !reporterMayEdit(row.status)) throw forbidden(`Ticket #${row.id} is ${row.status}; reopen it before editing.`);
  assertVersion(core, actor, row, version);

  const now = core.clock.now();
  const set: Partial<TicketRow> = {};
  const events: [EventType, unknown, unknown][] = [];
  if (fields.subject !== undefined && fields.subject !== row.subject) { set.subject = fields.subject; events.push(['subject', row.subject, fields.subject]); }
  if (fields.description !== undefined && fields.description !== row.description) { set.description = fields.description; events.push(['description', row.description, fields.description]); }
  const refs = new FieldChecks();
  const cat = fields.category === undefined ? undefined : refs.check(() => requireActiveCategory(core, fields.category!, 'category'));
  const newAssignee = fields.assigneeId === undefined || fields.assigneeId === null || fields.assigneeId === row.assigneeId
    ? undefined : refs.check(() => requireActiveUser(core, fields.assigneeId as number, 'assigneeId', STAFF_ROLES));
  refs.throwIfAny();
  if (cat !== undefined) {
    if (cat.id !== row.categoryId) {
      set.categoryId = cat.id;
      events.push(['category', categorySlugs(core).get(row.categoryId) ?? null, cat.slug]);
    }
  }
  if (fields.priority !== undefined && priorityRank(fields.priority) !== row.priority) {
    set.priority = priorityRank(fields.priority);
    events.push(['priority', priorityName(row.priority), fields.priority]);
  }
  if (fields.location !== undefined && fields.location !== row.location) { set.location = fields.location; events.push(['location', row.location, fields.location]); }
  if (fields.assigneeId !== undefined && fields.assigneeId !== row.assigneeId) {
    const assignee = newAssignee ?? null;
    set.assigneeId = assignee?.id ?? null;
    const names = displayNames(core, [row.assigneeId]);
    events.push(['assignee',
      row.assigneeId === null ? null : { id: row.assigneeId, displayName: names.get(row.assigneeId) ?? null },
      assignee === null ? null : { id: assignee.id, displayName: assignee.displayName }]);
  }
  if (events.length > 0) {
    touchTicket(core, row, set, now);
    for (const [type, from, to] of events) recordEvent(core, row.id, actor.id, type, from, to, now);
  }
  return getTicket(core, actor, row.id);
}

export function setTicketStatus(core: Core, actor: Actor, input: { id: number; status: Status; version?: number | undefined }): Ticket {
  const row = loadVisibleTicket(core, actor, input.id);
  assertVersion(core, actor, row, input.version);
  if (row.status === input.status) return toTicket(core, actor, row);
  assertTransitionAllowed(actor.role, row.status, input.status);
  const now = core.clock.now();
  touchTicket(core, row, { status: input.status, closedAt: closedAtAfter(row.status, input.status, row.closedAt, now) }, now);
  recordEvent(core, row.id, actor.id, 'status', row.status, input.status, now);
  return getTicket(core, actor, row.id);
}
