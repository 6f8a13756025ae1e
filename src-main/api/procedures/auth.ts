import { z } from 'zod';
import { defineProcedure, anyone, signedIn } from '../registry.ts';
import { Empty, EmptyOutput, Username, Password, DisplayName, SessionSchema, UserSchema, toIso } from '../../../src-shared/schemas.ts';
import { checkCredentials, createSession, endSession, hashPassword, insertUser, needsSetup } from '../../core/auth.ts';
import { getUser } from '../../core/users.ts';
import { actorOf, type CallContext } from '../../core/context.ts';
import { conflict } from '../../core/errors.ts';
import { getMe } from '../../core/account.ts';
import { NotifySchema } from '../../../src-shared/notify.ts';

function sessionFor(ctx: CallContext, userId: number) {
  const s = createSession(ctx.core, userId);
  return { token: s.token, user: getUser(ctx.core, userId), expiresAt: toIso(s.expiresAt) };
}

export const authProcedures = [
  defineProcedure({
    name: 'auth.status',
    summary: 'Whether the database still needs its first admin (true while no user exists).',
    access: anyone,
    input: Empty,
    output: z.object({ needsSetup: z.boolean() }),
    handler: (ctx) => ({ needsSetup: needsSetup(ctx.core) }),
  }),
  defineProcedure({
    name: 'auth.setup',
    errors: ['CONFLICT'],
    summary: 'Creates the first admin and signs in. Only while no user exists; CONFLICT after.',
    access: anyone,
    writes: true,
    input: z.strictObject({ username: Username, password: Password, displayName: DisplayName }),
    output: SessionSchema,
    prepare: (_ctx, input) => hashPassword(input.password),
    handler: (ctx, input, passwordHash) => {
      if (!needsSetup(ctx.core)) throw conflict('CampusDesk is already set up; sign in instead.');
      const id = insertUser(ctx.core, { ...input, passwordHash, role: 'admin' });
      return sessionFor(ctx, id);
    },
  }),
  defineProcedure({
    name: 'auth.login',
    errors: ['UNAUTHENTICATED', 'RATE_LIMITED'],
    summary: 'Signs in with username and password. Throttled: 10 failures per username and client in 15 minutes.',
    access: anyone,
    input: z.strictObject({ username: z.string().trim().min(1, { message: 'Username must not be empty' }).max(200), password: z.string().min(1, { message: 'Password must not be empty' }).max(200) }),
    output: SessionSchema,
    // Not `writes`: a failed attempt must be recorded even though the call fails. It writes,
    // so it runs on the writer's thread; the password check itself is asynchronous.
    thread: 'main',
    handler: async (ctx, input) => sessionFor(ctx, await checkCredentials(ctx.core, input.username, input.password, ctx.client)),
  }),
  defineProcedure({
    name: 'auth.logout',
    summary: 'Ends this session: its token stops working.',
    access: signedIn,
    writes: true,
    input: Empty,
    output: EmptyOutput,
    handler: (ctx) => {
      if (ctx.token) endSession(ctx.core, ctx.token);
      return {};
    },
  }),
  defineProcedure({
    name: 'auth.me',
    summary: 'The signed-in user, and (an addition) its notification choices.',
    access: signedIn,
    input: Empty,
    output: z.object({ user: UserSchema, notify: NotifySchema }),
    handler: (ctx) => ({ user: getUser(ctx.core, actorOf(ctx).id), notify: getMe(ctx.core, actorOf(ctx).id).notify }),
  }),
];
