// kiosks.* (admins register, list and revoke kiosks) and kiosk.* (the walk-up flow: a kiosk
// token submits; anyone looks a ticket up by number and reference). Rules: core/kiosks.ts.
import { z } from 'zod';
import { defineProcedure, adminOnly, anyone, kioskToken } from '../registry.ts';
import { Id, Subject, Description, Location, Email, Phone, StatusSchema, Empty, EmptyOutput, IsoOutput, text, toIso, toIsoOrNull, AttachmentIds } from '../../../src-shared/schemas.ts';
import { createKiosk, listKiosks, lookupKioskTicket, revokeKiosk, submitFromKiosk, KIOSK_SUBMIT_MAX, LOOKUP_MAX_FAILURES, REFERENCE_LENGTH } from '../../core/kiosks.ts';
import { actorOf } from '../../core/context.ts';
import { ticketReferenceDetails } from '../../core/tickets/commands.ts';
import { listCategories } from '../../core/categories.ts';

export const KioskName = text(1, 100, 'Name');
export const ContactName = text(1, 100, 'Name');
const CategoryRef = z.string().trim().min(1, { message: 'Category must not be empty' }).max(40);

export const KioskSchema = z.object({
  id: Id,
  name: z.string(),
  location: z.string().nullable(),
  active: z.boolean(),
  createdAt: IsoOutput,
  revokedAt: IsoOutput.nullable(),
  submissions: z.number().int().nonnegative().describe('Accepted submissions, all time'),
  lastSubmissionAt: IsoOutput.nullable(),
}).meta({ id: 'Kiosk' });
export type Kiosk = z.infer<typeof KioskSchema>;

export const KioskSubmitInput = z.strictObject({
  category: CategoryRef,
  subject: Subject,
  description: Description,
  location: Location.optional(),
  contactName: ContactName.optional(),
  contactEmail: Email.optional(),
  contactPhone: Phone.optional(),
  attachments: AttachmentIds.optional(),
});

export const KioskLookupOutput = z.object({
  ticketId: Id,
  status: StatusSchema,
  updatedAt: IsoOutput,
  replies: z.array(z.object({ body: z.string(), createdAt: IsoOutput })),
});
export type KioskLookup = z.infer<typeof KioskLookupOutput>;

export const kioskProcedures = [
  defineProcedure({
    name: 'kiosks.create',
    summary: 'Registers a kiosk (admin). The answer carries its token, shown only this once: it has 256 random bits and is stored only as a hash.',
    access: adminOnly,
    writes: true,
    input: z.strictObject({ name: KioskName, location: Location.optional() }),
    output: z.object({ id: Id, name: z.string(), token: z.string() }),
    handler: (ctx, input) => createKiosk(ctx.core, actorOf(ctx), input),
  }),
  defineProcedure({
    name: 'kiosks.list',
    summary: 'Every kiosk (admin), active ones first, with its accepted submissions; never a token.',
    access: adminOnly,
    input: Empty,
    output: z.object({ items: z.array(KioskSchema) }),
    handler: (ctx) => ({
      items: listKiosks(ctx.core).map((k) => ({
        ...k, createdAt: toIso(k.createdAt), revokedAt: toIsoOrNull(k.revokedAt), lastSubmissionAt: toIsoOrNull(k.lastSubmissionAt),
      })),
    }),
  }),
  defineProcedure({
    name: 'kiosks.revoke',
    summary: 'Revokes a kiosk (admin): its token stops working at once. NOT_FOUND for an unknown id; revoking again changes nothing.',
    access: adminOnly,
    writes: true,
    input: z.strictObject({ id: Id }),
    output: EmptyOutput,
    handler: (ctx, input) => { revokeKiosk(ctx.core, input.id); return {}; },
  }),
  defineProcedure({
    name: 'kiosk.submit',
    errors: ['RATE_LIMITED'],
    summary: `Reports a ticket from a kiosk (kiosk token as bearer). The ticket has no reporter, channel kiosk, priority normal; contact details are visible to staff only. Answers the ticket number and a ${REFERENCE_LENGTH}-character reference code for kiosk.lookup. At most ${KIOSK_SUBMIT_MAX} accepted submissions per kiosk in any 10 minutes (RATE_LIMITED beyond; rejected input does not count).`,
    access: kioskToken,
    writes: true,
    input: KioskSubmitInput,
    output: z.object({ ticketId: Id, reference: z.string() }),
    referenceDetails: (ctx, input) => ticketReferenceDetails(ctx.core, null, input),
    handler: (ctx, input) => {
      if (!ctx.kiosk) throw new Error('kiosk.submit called without a kiosk');
      return submitFromKiosk(ctx.core, ctx.kiosk, input);
    },
  }),
  defineProcedure({
    name: 'kiosk.lookup',
    errors: ['RATE_LIMITED'],
    summary: `A kiosk ticket's status and public replies (messages by helpdesk staff that are not internal notes), by ticket number and reference code as issued (upper case, no separators; surrounding spaces are trimmed like all text). Any pair that does not match, a malformed reference included, is NOT_FOUND. After ${LOOKUP_MAX_FAILURES} failed lookups from one client within 10 minutes, further lookups from it are RATE_LIMITED until the window passes (kept in the server's memory).`,
    access: anyone,
    thread: 'main', // its throttle lives in this process's memory (core/kiosks.ts)
    input: z.strictObject({ ticketId: Id, reference: z.string().trim() }),
    output: KioskLookupOutput,
    handler: (ctx, input) => {
      const r = lookupKioskTicket(ctx.core, ctx.client, input);
      return { ...r, updatedAt: toIso(r.updatedAt), replies: r.replies.map((m) => ({ body: m.body, createdAt: toIso(m.createdAt) })) };
    },
  }),
  defineProcedure({
    name: 'kiosk.categories',
    summary: 'The active categories (slug and name, in their order), for the kiosk page\'s tiles: what a walk-up person may report under right now. Needs no token; a category an admin deactivated, added or renamed shows on the next call.',
    access: anyone,
    input: Empty,
    output: z.object({ items: z.array(z.object({ slug: z.string(), name: z.string() })) }),
    handler: (ctx) => ({ items: listCategories(ctx.core).filter((c) => c.active).map((c) => ({ slug: c.slug, name: c.name })) }),
  }),
];
