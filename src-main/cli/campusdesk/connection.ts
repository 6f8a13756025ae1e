// How the command line reaches CampusDesk: in-process on a local database file (the same
// createApp and procedure registry as the app: same permissions, validation and history) or
// over HTTP to a hub (`--hub URL`, the public API as written). Signing in: CAMPUSDESK_TOKEN,
// or CAMPUSDESK_USER + CAMPUSDESK_PASSWORD, or a prompt on a terminal.
import type { App } from '../../app.ts';
import { AppError } from '../../core/errors.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import type { ProcedureTypes } from '../../../src-shared/procedures.ts';
import { resolveDbPath } from '../../paths.ts';
import { ask, prompts } from './prompting.ts';

export type Name = keyof ProcedureTypes;
export type In<N extends Name> = ProcedureTypes[N]['input'];
export type Out<N extends Name> = ProcedureTypes[N]['output'];

export interface Connection {
  readonly kind: 'local' | 'hub';
  /** The database file (local) or the hub's URL. */
  readonly where: string;
  /** Local connections: the app itself (import runs its batches in one transaction). */
  readonly app: App | null;
  token: string | null;
  call<N extends Name>(name: N, input: In<N>): Promise<Out<N>>;
  close(): Promise<void>;
}

/**
 * The core is loaded only for local work (help, usage errors and hub commands start faster).
 * A command makes a few calls, one after another: it runs them on its own thread, analytics
 * included (the same engine in-process: no read pool's or analytics worker threads to
 * start, each loading the core again). It starts no mail service either: what a command queues
 * in the outbox is sent by the app or hub that delivers the database's mail (a second
 * sender would put that one's messages in flight back in the queue, and a second incoming
 * listener would want the same port).
 */
export async function openLocal(dbFlag: string | undefined): Promise<Connection> {
  const dbPath = resolveDbPath(dbFlag);
  const { createApp } = await import('../../app.ts');
  const app = createApp(dbPath, { instance: 'cli', readers: 0, mail: false, analytics: false });
  app.registry.onInternalError = (err, name) => process.stderr.write(`campusdesk: ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
  const conn: Connection = {
    kind: 'local', where: dbPath, app, token: null,
    call: async (name, input) => (await app.registry.call(name, input, { token: conn.token, client: 'cli' })) as never,
    close: () => app.close(),
  };
  return conn;
}

export function openHub(url: string): Connection {
  const base = url.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base)) throw new AppError('VALIDATION', `--hub must be an http:// or https:// URL, not "${url}".`);
  const conn: Connection = {
    kind: 'hub', where: base, app: null, token: null,
    async call(name, input) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (conn.token) headers.Authorization = `Bearer ${conn.token}`;
      let res: Response;
      try {
        res = await fetch(`${base}/api/v1/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new Error(`cannot reach the hub at ${base}: ${cause?.code ?? cause?.message ?? (err as Error).message}.`, { cause: err });
      }
      const text = await res.text();
      let body: unknown;
      try { body = JSON.parse(text); } catch { throw new Error(`the hub at ${base} answered ${res.status} with something that is not JSON.`); }
      if (res.ok) return body as never;
      const e = (body as { error?: { code?: ErrorCode; message?: string; details?: [] } }).error;
      throw new AppError(e?.code ?? 'INTERNAL', e?.message ?? `The hub answered ${res.status}.`, e?.details ?? []);
    },
    close: async () => {},
  };
  return conn;
}

export async function connect(opts: { db?: string | undefined; hub?: string | undefined }): Promise<Connection> {
  const hub = opts.hub ?? process.env.CAMPUSDESK_HUB;
  return hub ? openHub(hub) : openLocal(opts.db);
}

export const interactive = (): boolean => process.stdin.isTTY === true && process.stdout.isTTY === true;

/** Signs in from the environment or, on a terminal, by asking; remembers whether to log out at the end. */
export async function signIn(conn: Connection, env: NodeJS.ProcessEnv = process.env): Promise<{ user: Out<'auth.me'>['user']; ownSession: boolean }> {
  if (env.CAMPUSDESK_TOKEN) {
    conn.token = env.CAMPUSDESK_TOKEN;
    const { user } = await conn.call('auth.me', {});
    return { user, ownSession: false };
  }
  let username = env.CAMPUSDESK_USER;
  let password = env.CAMPUSDESK_PASSWORD;
  if (!username || !password) {
    if (!interactive()) {
      throw new AppError('UNAUTHENTICATED', 'Sign in first: set CAMPUSDESK_USER and CAMPUSDESK_PASSWORD, or CAMPUSDESK_TOKEN (no terminal to ask on).');
    }
    const status = await conn.call('auth.status', {});
    if (status.needsSetup) throw new AppError('UNAUTHENTICATED', 'This database has no users yet: run "campusdesk setup" to create the first admin.');
    const { input, password: secret } = await prompts();
    username ??= await ask(input, { message: 'Username' });
    password ??= await ask(secret, { message: 'Password', mask: '*' });
  }
  const session = await conn.call('auth.login', { username, password });
  conn.token = session.token;
  return { user: session.user, ownSession: true };
}
