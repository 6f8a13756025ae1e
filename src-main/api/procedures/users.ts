import { z } from 'zod';
import { defineProcedure, adminOnly, staff } from '../registry.ts';
import { Id, Username, Password, DisplayName, Email, RoleSchema, UserSchema } from '../../../src-shared/schemas.ts';
import { createUser, listUsers, updateUser } from '../../core/users.ts';
import { hashPassword } from '../../core/auth.ts';

export const userProcedures = [
  defineProcedure({
    name: 'users.create',
    errors: ['CONFLICT'],
    summary: 'Creates a user (admin). CONFLICT when the username is taken.',
    access: adminOnly,
    writes: true,
    input: z.strictObject({ username: Username, password: Password, displayName: DisplayName, email: Email.nullish(), role: RoleSchema }),
    output: UserSchema,
    prepare: (_ctx, input) => hashPassword(input.password),
    handler: (ctx, input, passwordHash) => createUser(ctx.core, { ...input, passwordHash }),
  }),
  defineProcedure({
    name: 'users.list',
    summary: 'Lists users, optionally by role and a search over username, name and email.',
    access: staff,
    input: z.strictObject({ role: RoleSchema.optional(), q: z.string().trim().max(200).optional() }),
    output: z.object({ items: z.array(UserSchema) }),
    handler: (ctx, input) => ({ items: listUsers(ctx.core, input) }),
  }),
  defineProcedure({
    name: 'users.update',
    errors: ['CONFLICT'],
    summary: 'Changes a user (admin). Deactivating or a new password ends that user\'s sessions.',
    access: adminOnly,
    writes: true,
    input: z.strictObject({ id: Id, displayName: DisplayName.optional(), email: Email.nullable().optional(), role: RoleSchema.optional(), active: z.boolean().optional(), password: Password.optional() }),
    output: UserSchema,
    prepare: async (_ctx, input) => (input.password === undefined ? null : hashPassword(input.password)),
    handler: (ctx, { id, ...changes }, passwordHash) => updateUser(ctx.core, id, changes, passwordHash),
  }),
];
