import { z } from 'zod';
import { defineProcedure, signedIn } from '../registry.ts';
import { Id, Body, MessageSchema, AttachmentIds } from '../../../src-shared/schemas.ts';
import { addMessage, listMessages } from '../../core/messages.ts';
import { actorOf } from '../../core/context.ts';

export const messageProcedures = [
  defineProcedure({
    name: 'messages.list',
    summary: 'The conversation on a ticket, oldest first. Reporters see public replies only.',
    access: signedIn,
    input: z.strictObject({ ticketId: Id }),
    output: z.object({ items: z.array(MessageSchema) }),
    handler: (ctx, input) => ({ items: listMessages(ctx.core, actorOf(ctx), input.ticketId) }),
  }),
  defineProcedure({
    name: 'messages.add',
    errors: ['FORBIDDEN'],
    summary: 'Adds a public reply, or (staff only) an internal note. Counts as a change to the ticket.',
    access: signedIn,
    writes: true,
    input: z.strictObject({ ticketId: Id, body: Body, internal: z.boolean().optional(), attachments: AttachmentIds.optional() }),
    output: MessageSchema,
    handler: (ctx, input) => addMessage(ctx.core, actorOf(ctx), input),
  }),
];
