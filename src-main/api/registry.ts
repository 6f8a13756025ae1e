// The procedure registry: the single list of what CampusDesk can do. Each procedure is
// defined once (input schema, output schema, who may call it, handler); every transport
// (IPC, HTTP, tests, CLI) calls through `Registry.call`, which authenticates, checks the
// role, validates input and output, and maps failures to the API's error codes.
// Reads go to the read pool when the app has one (src-main/db/pool.ts): the same Registry
// runs there, in each worker thread, over that worker's read-only connection. Writes run
// here, on the one writer connection, each in one immediate transaction.
import { z } from 'zod';
import type { Statement } from 'better-sqlite3';
import { AppError, forbidden, invalidFields, toAppError, unauthenticated } from '../core/errors.ts';
import type { ErrorCode, ErrorDetail } from '../../src-shared/errors.ts';
import type { CallContext, Core } from '../core/context.ts';
import type { Role } from '../../src-shared/domain.ts';
import { authenticateToken } from '../core/auth.ts';
import { authenticateKiosk } from '../core/kiosks.ts';
import { inTransaction } from '../core/notifications-bus.ts';
import { illFormedText } from './well-formed.ts';

/** Who may call: anyone, any signed-in user (optionally only some roles), or a kiosk token. */
export type Access =
  | { kind: 'anyone' }
  | { kind: 'user'; roles: readonly Role[] | 'any' }
  | { kind: 'kiosk' };

export const anyone: Access = { kind: 'anyone' };
export const signedIn: Access = { kind: 'user', roles: 'any' };
export const staff: Access = { kind: 'user', roles: ['agent', 'admin'] };
export const adminOnly: Access = { kind: 'user', roles: ['admin'] };
export const kioskToken: Access = { kind: 'kiosk' };

export interface Procedure<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, N extends string = string, P = unknown> {
  name: N;
  summary: string;
  access: Access;
  input: I;
  output: O;
  /** Error codes this procedure answers beyond those its access implies (documented in OpenAPI). */
  errors?: readonly ErrorCode[];
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Synchronous handlers that write run inside one immediate SQLite transaction, so a
   * failure half-way changes nothing. Async handlers (analytics) must only read.
   */
  writes?: boolean;
  /**
   * A `writes` procedure whose handler commits in several short transactions of its own,
   * letting other calls run in between (tickets.import); the registry does not wrap it.
   */
  commitsInSteps?: boolean;
  /**
   * Runs on the thread that owns the writer even though the procedure is not `writes`: it
   * writes outside a transaction (auth.login records failures), keeps state in this process's
   * memory (kiosk.lookup's throttle), or only hands work to another worker (analytics).
   */
  thread?: 'main';
  /**
   * Slow work that must not run inside the write transaction nor on the request thread,
   * e.g. hashing a password (asynchronous). Runs after the input is valid; its result is the
   * handler's third argument.
   */
  prepare?(ctx: CallContext, input: z.output<I>): Promise<P>;
  handler(ctx: CallContext, input: z.output<I>, prepared: P): z.input<O> | Promise<z.input<O>>;
  /**
   * When the input fails its schema, the reference problems (unknown or inactive categories
   * and users) among the raw input's other fields, so that one VALIDATION answer lists every
   * offending field. Without it, references are checked by the handler once the shape is right.
   */
  referenceDetails?(ctx: CallContext, input: unknown): ErrorDetail[];
}

/** Typed helper: infers the handler's input from the schema and keeps the literal name (for clients' types). */
export function defineProcedure<const N extends string, I extends z.ZodType, O extends z.ZodType, P = undefined>(p: Procedure<I, O, N, P>): Procedure<I, O, N, P> {
  return p;
}

export const DEFAULT_MAX_BODY = 1024 * 1024;

export interface CallMeta {
  token: string | null;
  client: string;
  /** Filled in by the registry for the caller's request log: who the call turned out to be. */
  trace?: { userId?: number | null; kioskId?: number | null };
}

/** Where the registry sends read procedures when the app runs a read pool (src-main/db/pool.ts). */
export interface ReadRunner {
  /** Runs `name` through the Registry of a read worker; rejects with the AppError it answered. */
  call(name: string, input: unknown, meta: CallMeta, now: number): Promise<unknown>;
}

/** Whether a procedure runs on the writer's thread (never in a read worker). */
export const runsOnWriter = (p: Procedure): boolean => p.writes === true || p.thread === 'main';

/** Zod issues as the API's `details`: one entry per offending field (its first problem), dotted path. */
export function zodDetails(error: z.ZodError, prefix: (string | number)[] = []): ErrorDetail[] {
  const byPath = new Map<string, ErrorDetail>();
  const details = { push: (d: ErrorDetail) => { if (!byPath.has(d.path)) byPath.set(d.path, d); } };
  for (const issue of error.issues) {
    const base = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ path: [...base, key].join('.'), message: `Unknown field "${key}"` });
    } else {
      details.push({ path: base.join('.'), message: issue.message });
    }
  }
  return [...byPath.values()];
}

export function validationError(error: z.ZodError, more: readonly ErrorDetail[] = []): AppError {
  const details = zodDetails(error);
  for (const d of more) if (!details.some((x) => x.path === d.path)) details.push(d);
  return invalidFields(details);
}

const snapshotStatements = new WeakMap<Core['sqlite'], { begin: Statement; commit: Statement }>();

export class Registry {
  readonly procedures = new Map<string, Procedure>();
  readonly core: Core;
  /** Check outputs against their schemas (on by default; the contract is the schema). */
  validateOutput = true;
  /** Where unexpected errors are reported. */
  onInternalError: (err: unknown, procedure: string) => void = (err, name) => this.core.log.error({ err, procedure: name }, `${name} failed`);
  /** The read pool; null: every procedure runs here (in-memory databases, read workers themselves). */
  readers: ReadRunner | null = null;
  /**
   * Run each read procedure in one read transaction (one snapshot for all its statements).
   * On in read workers, whose connection other threads' commits change between statements.
   */
  readSnapshot = false;

  constructor(core: Core, procedures: readonly Procedure[]) {
    this.core = core;
    for (const p of procedures) {
      if (this.procedures.has(p.name)) throw new Error(`procedure ${p.name} defined twice`);
      this.procedures.set(p.name, p);
    }
  }

  get(name: string): Procedure | undefined {
    return this.procedures.get(name);
  }

  /** Calls a procedure by name; throws AppError on every failure. */
  async call(name: string, input: unknown, meta: CallMeta): Promise<unknown> {
    const procedure = this.procedures.get(name);
    if (!procedure) throw new AppError('NOT_FOUND', `There is no procedure named "${name}".`);
    if (this.readers && !runsOnWriter(procedure)) return this.readers.call(name, input, meta, this.core.clock.now());
    return this.callIn(this.core, procedure, input, meta);
  }

  /** Runs a procedure here, on `core`'s connection (a read worker passes its per-call core). */
  async callIn(core: Core, procedure: Procedure, input: unknown, meta: CallMeta): Promise<unknown> {
    try {
      const ctx = this.authorize(core, procedure, meta);
      if (meta.trace) { meta.trace.userId = ctx.actor?.id ?? null; meta.trace.kioskId = ctx.kiosk?.id ?? null; }
      const illFormed = illFormedText(input);
      if (illFormed.length > 0) throw invalidFields(illFormed);
      const parsed = procedure.input.safeParse(input ?? {});
      if (!parsed.success) throw validationError(parsed.error, procedure.referenceDetails?.(ctx, input) ?? []);
      const prepared: unknown = procedure.prepare ? await procedure.prepare(ctx, parsed.data) : undefined;
      let result: unknown;
      if (procedure.writes && procedure.commitsInSteps) {
        result = await procedure.handler(ctx, parsed.data, prepared);
      } else if (procedure.writes) {
        result = inTransaction(core, () => procedure.handler(ctx, parsed.data, prepared));
      } else if (this.readSnapshot && !core.sqlite.inTransaction) {
        result = await this.inSnapshot(core, () => procedure.handler(ctx, parsed.data, prepared));
      } else {
        result = await procedure.handler(ctx, parsed.data, prepared);
      }
      let answer = result;
      if (this.validateOutput) {
        const out = procedure.output.safeParse(result);
        if (!out.success) throw new Error(`output of ${procedure.name} does not match its schema: ${out.error.message}`);
        answer = out.data;
      }
      if (procedure.writes && core.afterCommit.size > 0) core.afterCommit.emit({ procedure: procedure.name, actor: ctx.actor, kiosk: ctx.kiosk, result: answer });
      return answer;
    } catch (err) {
      const appError = toAppError(err);
      if (appError.code === 'INTERNAL') this.onInternalError(err, procedure.name);
      throw appError;
    }
  }

  /** The synchronous part of a read in one read transaction (what it hands to other threads runs after). */
  private inSnapshot<T>(core: Core, fn: () => T): T {
    let s = snapshotStatements.get(core.sqlite);
    if (!s) snapshotStatements.set(core.sqlite, (s = { begin: core.sqlite.prepare('BEGIN DEFERRED'), commit: core.sqlite.prepare('COMMIT') }));
    s.begin.run();
    try {
      return fn();
    } finally {
      if (core.sqlite.inTransaction) s.commit.run();
    }
  }

  private authorize(core: Core, procedure: Procedure, meta: CallMeta): CallContext {
    const ctx: CallContext = { core, actor: null, kiosk: null, client: meta.client, token: meta.token };
    const access = procedure.access;
    if (access.kind === 'kiosk') {
      ctx.kiosk = meta.token ? authenticateKiosk(core, meta.token) : null;
      if (!ctx.kiosk) throw unauthenticated('This kiosk is not registered or its token was revoked.');
    } else if (access.kind === 'user') {
      ctx.actor = meta.token ? authenticateToken(core, meta.token) : null;
      if (!ctx.actor) throw unauthenticated();
      if (access.roles !== 'any' && !access.roles.includes(ctx.actor.role)) throw forbidden(`Your role (${ctx.actor.role}) may not call ${procedure.name}.`);
    } else if (meta.token) {
      // Optional sign-in for open procedures (auth.status): ignore bad tokens there.
      ctx.actor = authenticateToken(core, meta.token);
    }
    return ctx;
  }
}
