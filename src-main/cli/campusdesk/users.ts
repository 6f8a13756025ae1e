// `campusdesk users …` (add, list, passwd, deactivate, role) and `campusdesk setup` (the
// first admin of a database without users). Passwords are prompted on a terminal, or read
// from stdin with --password-stdin (scripts), never taken as a flag.
import { AppError } from '../../core/errors.ts';
import type { Connection, In, Out } from './connection.ts';
import { interactive } from './connection.ts';
import { shortTime, type Column } from './output.ts';
import { ask, prompts, readStdin } from './prompting.ts';
import { UsageError, str, type ApiCommand, type Values } from './command.ts';

type User = Out<'users.list'>['items'][number];

export const userColumns: Column<User>[] = [
  { header: 'ID', key: 'id', get: (u) => u.id, right: true },
  { header: 'USERNAME', key: 'username', get: (u) => u.username },
  { header: 'NAME', key: 'displayName', get: (u) => u.displayName, max: 30 },
  { header: 'ROLE', key: 'role', get: (u) => u.role },
  { header: 'EMAIL', key: 'email', get: (u) => u.email, max: 32 },
  { header: 'ACTIVE', key: 'active', raw: (u) => u.active, get: (u) => (u.active ? 'yes' : 'no'), style: (u) => (u.active ? null : 'gray') },
  { header: 'CREATED', key: 'createdAt', raw: (u) => u.createdAt, get: (u) => shortTime(u.createdAt) },
];

/** A new password: from stdin (--password-stdin), else asked twice on a terminal. */
export async function newPassword(v: Values, what = 'Password'): Promise<string> {
  if (v['password-stdin']) return readStdin();
  if (!interactive()) throw new UsageError('No terminal to ask for the password on: pass it on stdin with --password-stdin.');
  const passwordPrompt = (await prompts()).password;
  for (;;) {
    const first = await ask(passwordPrompt, { message: what, mask: '*', validate: (s: string) => (s.length >= 8 ? true : 'Password must be at least 8 characters') });
    const again = await ask(passwordPrompt, { message: `${what} again`, mask: '*' });
    if (first === again) return first;
    process.stderr.write('The two passwords differ; try again.\n');
  }
}

/** The user with exactly this username (users.list matches parts of names). */
export async function userByName(conn: Connection, username: string): Promise<User> {
  const { items } = await conn.call('users.list', { q: username });
  const u = items.find((x) => x.username === username.trim().toLowerCase());
  if (!u) throw new AppError('NOT_FOUND', `There is no user named "${username}".`);
  return u;
}

const printUser = (ctx: { out: { format: string; json(v: unknown): void; line(s: string): void; rows: (c: Column<User>[], r: User[], j?: unknown) => void } }, u: User, said: string) => {
  if (ctx.out.format === 'table') ctx.out.line(said);
  else ctx.out.rows(userColumns, [u], u);
};

export const userCommands: ApiCommand[] = [
  {
    name: 'setup', args: '[--username U] [--display-name NAME] [--password-stdin]', positionals: [0, 0], needs: 'connection',
    summary: 'Create the first admin of a database without users.',
    help: 'Without flags it asks on the terminal; CAMPUSDESK_USER / CAMPUSDESK_PASSWORD are used when set.',
    options: { username: { type: 'string' }, 'display-name': { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    async run({ conn, out }, v) {
      const status = await conn.call('auth.status', {});
      if (!status.needsSetup) throw new AppError('CONFLICT', 'This database already has users; sign in as an admin and use "campusdesk users add".');
      const username = str(v.username) ?? process.env.CAMPUSDESK_USER ?? (interactive() ? await ask((await prompts()).input, { message: 'Admin username' }) : undefined);
      if (!username) throw new UsageError('--username is required (no terminal to ask on).');
      const displayName = str(v['display-name']) ?? (interactive() ? await ask((await prompts()).input, { message: 'Display name' }) : undefined);
      if (!displayName) throw new UsageError('--display-name is required (no terminal to ask on).');
      const password = !v['password-stdin'] && process.env.CAMPUSDESK_PASSWORD ? process.env.CAMPUSDESK_PASSWORD : await newPassword(v);
      const session = await conn.call('auth.setup', { username, displayName, password });
      await conn.call('auth.logout', {}).catch(() => {});
      conn.token = null;
      if (out.format === 'json') out.json(session.user);
      else out.line(`Admin "${session.user.username}" created; sign in with it.`);
    },
  },
  {
    name: 'users add', args: 'USERNAME --role reporter|agent|admin --display-name NAME [--email E] [--password-stdin]', positionals: [1, 1], needs: 'user',
    summary: 'Create a user (the password is asked, or read from stdin).',
    options: { role: { type: 'string' }, 'display-name': { type: 'string' }, email: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    async run(ctx, v, [username]) {
      if (!str(v.role)) throw new UsageError('--role is required.');
      if (!str(v['display-name'])) throw new UsageError('--display-name is required.');
      const password = await newPassword(v);
      const input: Record<string, unknown> = { username, password, displayName: str(v['display-name']), role: str(v.role) };
      if (str(v.email) !== undefined) input.email = str(v.email);
      const u = await ctx.conn.call('users.create', input as In<'users.create'>);
      printUser(ctx, u, `User "${u.username}" (${u.role}) created with id ${u.id}.`);
    },
  },
  {
    name: 'users list', args: '[--role ROLE] [--q TEXT]', positionals: [0, 0], needs: 'user',
    summary: 'Users by display name (at most 1,000; narrow with --q).',
    options: { role: { type: 'string' }, q: { type: 'string' } },
    async run({ conn, out }, v) {
      const input: Record<string, unknown> = {};
      if (str(v.role) !== undefined) input.role = str(v.role);
      if (str(v.q) !== undefined) input.q = str(v.q);
      const res = await conn.call('users.list', input);
      out.rows(userColumns, res.items, res);
    },
  },
  {
    name: 'users passwd', args: 'USERNAME [--password-stdin]', positionals: [1, 1], needs: 'user',
    summary: 'Set a user\'s password (ends their sessions).',
    options: { 'password-stdin': { type: 'boolean' } },
    async run(ctx, v, [username]) {
      const u = await userByName(ctx.conn, username!);
      const password = await newPassword(v, 'New password');
      const updated = await ctx.conn.call('users.update', { id: u.id, password });
      printUser(ctx, updated, `Password of "${u.username}" changed.`);
    },
  },
  {
    name: 'users deactivate', args: 'USERNAME', positionals: [1, 1], needs: 'user',
    summary: 'Deactivate a user (ends their sessions; their tickets remain).',
    async run(ctx, _v, [username]) {
      const u = await userByName(ctx.conn, username!);
      const updated = await ctx.conn.call('users.update', { id: u.id, active: false });
      printUser(ctx, updated, `User "${u.username}" deactivated.`);
    },
  },
  {
    name: 'users role', args: 'USERNAME ROLE', positionals: [2, 2], needs: 'user',
    summary: 'Change a user\'s role (reporter, agent, admin).',
    async run(ctx, _v, [username, role]) {
      const u = await userByName(ctx.conn, username!);
      const updated = await ctx.conn.call('users.update', { id: u.id, role: role as In<'users.update'>['role'] });
      printUser(ctx, updated, `User "${u.username}" is now ${updated.role}.`);
    },
  },
];
