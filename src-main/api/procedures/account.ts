// Your own account (spec 1.1): auth.changePassword and users.updateMe.
import { z } from 'zod';
import { defineProcedure, signedIn } from '../registry.ts';
import { DisplayName, Email, EmptyOutput, Password, UserSchema } from '../../../src-shared/schemas.ts';
import { actorOf } from '../../core/context.ts';
import { changePassword, updateMe } from '../../core/account.ts';
import { NotifyPatchSchema, NotifySchema } from '../../../src-shared/notify.ts';

/** A User plus the caller's notification choices (answered by users.updateMe and auth.me). */
export const MeSchema = UserSchema.extend({ notify: NotifySchema }).meta({ id: 'Me' });

export const accountProcedures = [
  defineProcedure({
    name: 'auth.changePassword',
    errors: ['RATE_LIMITED'],
    summary: 'Changes your password and ends your other sessions (this one stays). A wrong currentPassword is VALIDATION on that field and counts as a failed sign-in for throttling.',
    access: signedIn,
    // Not `writes`: a wrong current password must be recorded although the call fails.
    // It writes all the same, so it runs on the writer's thread, not in a read worker.
    thread: 'main',
    input: z.strictObject({
      currentPassword: z.string().min(1, { message: 'Current password must not be empty' }).max(200),
      newPassword: Password,
    }),
    output: EmptyOutput,
    handler: async (ctx, input) => {
      await changePassword(ctx.core, actorOf(ctx), ctx.client, input);
      return {};
    },
  }),
  defineProcedure({
    name: 'users.updateMe',
    summary: 'Changes your own display name, email and notification choices (notify: any part of { email, app, categories, desktop }; the rest stays).',
    access: signedIn,
    writes: true,
    input: z.strictObject({ displayName: DisplayName.optional(), email: Email.nullable().optional(), notify: NotifyPatchSchema.optional() }),
    output: MeSchema,
    handler: (ctx, input) => updateMe(ctx.core, actorOf(ctx), input),
  }),
];
