// The tickets.import input (spec: ImportTicket) as zod schemas: one definition for the
// procedure (src-main/api/procedures/tickets.ts) and for the command line, which checks a
// whole file against it before sending the first batch to a hub (cli/campusdesk/import-hub.ts).
// Imports only zod, the domain lists and the shared field rules, so it is safe anywhere.
import { z } from 'zod';
import { isActive } from './domain.ts';
import { Subject, Description, Location, Body, Username, IsoInput, StatusSchema, PrioritySchema } from './schemas.ts';

/** A category slug given as a reference (the category must exist; procedures check that). */
export const CategoryRef = z.string().trim().min(1, { message: 'Category must not be empty' }).max(40);

/** Most tickets one tickets.import call takes. */
export const IMPORT_MAX = 10_000;

export const ImportMessage = z.strictObject({
  authorUsername: Username.optional(),
  body: Body,
  internal: z.boolean().optional(),
  createdAt: IsoInput,
});

export const ImportTicket = z.strictObject({
  subject: Subject,
  description: Description,
  category: CategoryRef,
  status: StatusSchema,
  priority: PrioritySchema.optional(),
  location: Location.optional(),
  openedAt: IsoInput,
  updatedAt: IsoInput.optional(),
  closedAt: IsoInput.optional(),
  reporterUsername: Username.optional(),
  assigneeUsername: Username.optional(),
  messages: z.array(ImportMessage).max(1000).optional(),
}).superRefine((t, ctx) => {
  const opened = Date.parse(t.openedAt);
  if (isActive(t.status) && t.closedAt !== undefined) ctx.addIssue({ code: 'custom', path: ['closedAt'], message: `closedAt must be absent for an ${t.status} ticket` });
  if (!isActive(t.status) && t.closedAt === undefined) ctx.addIssue({ code: 'custom', path: ['closedAt'], message: `closedAt is required for a ${t.status} ticket` });
  if (t.closedAt !== undefined && Date.parse(t.closedAt) < opened) ctx.addIssue({ code: 'custom', path: ['closedAt'], message: 'closedAt must not be before openedAt' });
  if (t.updatedAt !== undefined && Date.parse(t.updatedAt) < opened) ctx.addIssue({ code: 'custom', path: ['updatedAt'], message: 'updatedAt must not be before openedAt' });
  t.messages?.forEach((m, j) => {
    if (Date.parse(m.createdAt) < opened) ctx.addIssue({ code: 'custom', path: ['messages', j, 'createdAt'], message: 'A message must not be older than its ticket' });
  });
}).meta({ id: 'ImportTicket' });

export const ImportInput = z.strictObject({
  tickets: z.array(ImportTicket).min(1, { message: 'Import at least one ticket' }).max(IMPORT_MAX, { message: 'Import at most 10,000 tickets at once' }),
});
