import { z } from 'zod';
import { defineProcedure, signedIn, adminOnly } from '../registry.ts';
import { Id, Subject, Description, Location, IsoInput, StatusSchema, PrioritySchema, TicketSchema, EventSchema, AttachmentIds } from '../../../src-shared/schemas.ts';
import { createTicket, setTicketStatus, ticketReferenceDetails, updateTicket } from '../../core/tickets/commands.ts';
import { getTicket } from '../../core/tickets/read.ts';
import { listTickets } from '../../core/tickets/list.ts';
import { SORTS } from '../../core/tickets/list-planner.ts';
import { countTicketsByStatus, searchCountParams } from '../../core/tickets/counts.ts';
import { ticketHistory } from '../../core/tickets/history.ts';
import { analyticsRunner } from '../../analytics/runner.ts';
import type { SearchCounts } from '../../analytics/engine.ts';
import { importReferenceDetails, importTicketsInSteps } from '../../core/import.ts';
import { actorOf } from '../../core/context.ts';
import { STATUSES } from '../../../src-shared/domain.ts';
import { CategoryRef, ImportInput } from '../../../src-shared/import-schema.ts';

export const TicketListInput = z.strictObject({
  status: z.array(StatusSchema).max(5).optional(),
  category: z.array(CategoryRef).max(100).optional(),
  priority: z.array(PrioritySchema).max(4).optional(),
  assigneeId: z.union([Id, z.literal('me'), z.literal('none')]).optional(),
  reporterId: Id.optional(),
  q: z.string().trim().min(1, { message: 'Search text must not be empty' }).max(200).optional(),
  openedFrom: IsoInput.optional(),
  openedTo: IsoInput.optional(),
  sort: z.enum(SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  cursor: z.string().min(1).max(1000).optional(),
});


export const ticketProcedures = [
  defineProcedure({
    name: 'tickets.create',
    errors: ['FORBIDDEN'],
    summary: 'Reports a new ticket; the caller is the reporter, channel app. Reporters may not set priority.',
    access: signedIn,
    writes: true,
    input: z.strictObject({ subject: Subject, description: Description, category: CategoryRef, priority: PrioritySchema.optional(), location: Location.optional(), attachments: AttachmentIds.optional() }),
    output: TicketSchema,
    referenceDetails: (ctx, input) => ticketReferenceDetails(ctx.core, ctx.actor, input),
    handler: (ctx, input) => createTicket(ctx.core, actorOf(ctx), input),
  }),
  defineProcedure({
    name: 'tickets.get',
    summary: 'One ticket. Reporters get NOT_FOUND for tickets they did not report.',
    access: signedIn,
    input: z.strictObject({ id: Id }),
    output: TicketSchema,
    handler: (ctx, input) => getTicket(ctx.core, actorOf(ctx), input.id),
  }),
  defineProcedure({
    name: 'tickets.list',
    summary: 'Tickets matching the filters, newest change first by default; keyset pagination with nextCursor. Reporters see only their own. q searches subject, description and visible messages (whole words, all must occur). openedFrom/openedTo form the half-open range [openedFrom, openedTo).',
    access: signedIn,
    input: TicketListInput,
    output: z.object({ items: z.array(TicketSchema), nextCursor: z.string().nullable(), total: z.number().int().nonnegative() }),
    handler: (ctx, input) => listTickets(ctx.core, actorOf(ctx), input),
  }),
  defineProcedure({
    name: 'tickets.counts',
    summary: 'How many tickets each status has under the tickets.list filters (status, sort, order, limit and cursor left out): the queue\'s counts in one call. Reporters count only their own tickets.',
    access: signedIn,
    input: TicketListInput.omit({ status: true, sort: true, order: true, limit: true, cursor: true }),
    output: z.object({ byStatus: z.object(Object.fromEntries(STATUSES.map((s) => [s, z.number().int().nonnegative()])) as Record<(typeof STATUSES)[number], z.ZodNumber>), total: z.number().int().nonnegative() }),
    handler: (ctx, input) => {
      // A staff search is counted in the analytics worker, off the thread that answers requests.
      const actor = actorOf(ctx);
      const search = searchCountParams(ctx.core, actor, input);
      return search ? analyticsRunner(ctx.core).run('searchCounts', search) as Promise<SearchCounts> : countTicketsByStatus(ctx.core, actor, input);
    },
  }),
  defineProcedure({
    name: 'tickets.update',
    errors: ['FORBIDDEN', 'CONFLICT'],
    summary: 'Edits a ticket; `version` must be current (else CONFLICT with the current ticket). Reporters: subject, description, location of their own active ticket.',
    access: signedIn,
    writes: true,
    input: z.strictObject({
      id: Id, version: z.number().int().positive(),
      subject: Subject.optional(), description: Description.optional(), category: CategoryRef.optional(),
      priority: PrioritySchema.optional(), location: Location.nullable().optional(), assigneeId: Id.nullable().optional(),
    }),
    output: TicketSchema,
    referenceDetails: (ctx, input) => ticketReferenceDetails(ctx.core, ctx.actor, input),
    handler: (ctx, input) => updateTicket(ctx.core, actorOf(ctx), input),
  }),
  defineProcedure({
    name: 'tickets.setStatus',
    errors: ['FORBIDDEN', 'CONFLICT'],
    summary: 'Changes the status (rules: src-main/core/ticket-status.ts). Setting the current status changes nothing.',
    access: signedIn,
    writes: true,
    input: z.strictObject({ id: Id, status: StatusSchema, version: z.number().int().positive().optional() }),
    output: TicketSchema,
    handler: (ctx, input) => setTicketStatus(ctx.core, actorOf(ctx), input),
  }),
  defineProcedure({
    name: 'tickets.history',
    summary: 'Every change to the ticket, oldest first. Reporters do not see internal-note events.',
    access: signedIn,
    input: z.strictObject({ id: Id }),
    output: z.object({ items: z.array(EventSchema) }),
    handler: (ctx, input) => ({ items: ticketHistory(ctx.core, actorOf(ctx), input.id) }),
  }),
  defineProcedure({
    name: 'tickets.import',
    summary: 'Imports 1–10,000 tickets with their messages from an older system, all or nothing (body up to 16 MiB).',
    access: adminOnly,
    writes: true,
    commitsInSteps: true, // short transactions with other calls in between (core/import.ts)
    maxBodyBytes: 16 * 1024 * 1024,
    input: ImportInput,
    output: z.object({ imported: z.number().int(), ids: z.array(Id) }),
    referenceDetails: (ctx, input) => importReferenceDetails(ctx.core, input),
    handler: async (ctx, input) => {
      const ids = await importTicketsInSteps(ctx.core, actorOf(ctx), input.tickets);
      return { imported: ids.length, ids };
    },
  }),
];
