// Admin mail settings (spec 1.1): settings.get, settings.update (secrets write-only) and
// settings.testEmail (answers VALIDATION quoting the mail server when sending fails).
import { z } from 'zod';
import { and, desc, eq, gt, or, sql } from 'drizzle-orm';
import { defineProcedure, adminOnly } from '../registry.ts';
import { Email, EmptyOutput } from '../../../src-shared/schemas.ts';
import { outbox } from '../../db/schema.ts';
import type { Core } from '../../core/context.ts';
import { fieldError } from '../../core/errors.ts';
import { requireActiveCategory } from '../../core/categories.ts';
import { afterCommit } from '../../core/notifications-bus.ts';
import { applyPatch, publicSettings, readSettings, SettingsOutputSchema, SettingsPatchSchema, writeSettings, type SettingsOutput } from '../../mail/settings.ts';
import { mailServiceOf } from '../../mail/service.ts';
import { messageFor, transportFor } from '../../mail/sender.ts';
import { renderTestMail } from '../../mail/templates.ts';

function mailStatus(core: Core): SettingsOutput['status'] {
  const counts = Object.fromEntries(core.db.select({ state: outbox.state, n: sql<number>`count(*)` }).from(outbox).groupBy(outbox.state).all().map((r) => [r.state, r.n]));
  const problems = core.db.select().from(outbox)
    .where(or(eq(outbox.state, 'failed'), and(eq(outbox.state, 'pending'), gt(outbox.attempts, 0))))
    .orderBy(desc(outbox.id)).limit(20).all()
    .map((r) => ({ id: r.id, to: r.toAddress, kind: r.kind, ticketId: r.ticketId, attempts: r.attempts, lastError: r.lastError, at: new Date(r.createdAt).toISOString() }));
  return {
    pending: (counts.pending ?? 0) + (counts.sending ?? 0), failed: counts.failed ?? 0, sent: counts.sent ?? 0,
    problems, incomingError: mailServiceOf(core)?.incomingError ?? null,
  };
}

const view = (core: Core): SettingsOutput => ({ ...publicSettings(readSettings(core)), status: mailStatus(core) });

export const settingsProcedures = [
  defineProcedure({
    name: 'settings.get',
    summary: 'The mail settings (passwords only as passwordSet) and the state of outgoing mail: pending, sent, failures.',
    access: adminOnly,
    input: z.strictObject({}),
    output: SettingsOutputSchema,
    handler: (ctx) => view(ctx.core),
  }),
  defineProcedure({
    name: 'settings.update',
    summary: 'Changes the mail settings: any part; null clears a value; a password is kept unless given (null removes it).',
    access: adminOnly,
    writes: true,
    input: SettingsPatchSchema,
    output: SettingsOutputSchema,
    handler: (ctx, input) => {
      const next = applyPatch(readSettings(ctx.core), input);
      if (next.unknownSenders.category !== null) requireActiveCategory(ctx.core, next.unknownSenders.category, 'unknownSenders.category');
      if (next.unknownSenders.openTickets && next.unknownSenders.category === null) {
        throw fieldError('unknownSenders.category', 'Choose the category that tickets from unknown senders go to.');
      }
      writeSettings(ctx.core, next);
      afterCommit(ctx.core, () => { void mailServiceOf(ctx.core)?.reconfigure(); });
      return view(ctx.core);
    },
  }),
  defineProcedure({
    name: 'settings.testEmail',
    summary: 'Sends a test email now with the outgoing settings; VALIDATION quoting the mail server when it fails.',
    access: adminOnly,
    // Talks to a mail server and may create the reply-token secret: the writer's thread.
    thread: 'main',
    input: z.strictObject({ to: Email }),
    output: EmptyOutput,
    handler: async (ctx, input) => {
      const s = readSettings(ctx.core);
      if (!s.outgoing.host) throw fieldError('outgoing.host', 'Outgoing mail is not set up: enter the mail server first.');
      if (!s.outgoing.from) throw fieldError('outgoing.from', 'Outgoing mail is not set up: enter the from address first.');
      const transport = transportFor(s.outgoing);
      try {
        const domain = s.outgoing.from.slice(s.outgoing.from.lastIndexOf('@') + 1);
        await transport.sendMail(messageFor(ctx.core, s, { from: s.outgoing.from, to: input.to, messageId: `<test-${Date.now()}.${Math.random().toString(36).slice(2)}@${domain}>`, ticketId: null, mail: renderTestMail() }));
      } catch (err) {
        const e = err as { response?: string; message?: string };
        const answer = (e.response ?? e.message ?? String(err)).slice(0, 500);
        throw fieldError('to', `The mail server answered: ${answer}`);
      } finally {
        transport.close();
      }
      return {};
    },
  }),
];
