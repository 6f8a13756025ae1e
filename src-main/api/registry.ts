// The procedure registry: the single list of what CampusDesk can do. Each procedure is
// defined once (input schema, output schema, who may call it, handler); every transport
// (IPC, HTTP, tests, CLI) calls through `Registry.call`, which authenticates, checks the
// role, validates input and output, and maps failures to the API's error codes.
import { z } from 'zod';
import { AppError, forbidden, invalidFields, toAppError, unauthenticated, type ErrorCode, type ErrorDetail } from '../core/errors.ts';
import type { CallContext, Core } from '../core/context.ts';
import type { Role } from '../core/domain.ts';
import { authenticateToken } from '../core/auth.ts';
import { authenticateKiosk } from '../core/kiosks.ts';
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

export interface Procedure<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, N extends string = string> {
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
  handler(ctx: CallContext, input: z.output<I>): z.input<O> | Promise<z.input<O>>;
  /**
   * When the input fails its schema, the reference problems (unknown or inactive categories
   * and users) among the raw input's other fields, so that one VALIDATION answer lists every
   * offending field. Without it, references are checked by the handler once the shape is right.
   */
  referenceDetails?(ctx: CallContext, input: unknown): ErrorDetail[];
}

/** Typed helper: infers the handler's input from the schema and keeps the literal name (for clients' types). */
export function defineProcedure<const N extends string, I extends z.ZodType, O extends z.ZodType>(p: Procedure<I, O, N>): Procedure<I, O, N> {
  return p;
}

export const DEFAULT_MAX_BODY = 1024 * 1024;

export interface CallMeta {
  token: string | null;
  client: string;
}

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

export class Registry {
  readonly procedures = new Map<string, Procedure>();
  readonly core: Core;
  /** Check outputs against their schemas (on by default; the contract is the schema). */
  validateOutput = true;
  /** Where unexpected errors are reported. */
  onInternalError: (err: unknown, procedure: string) => void = (err, name) => console.error(`[campusdesk] ${name} failed:`, err);

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
    try {
      const ctx = this.authorize(procedure, meta);
      const illFormed = illFormedText(input);
      if (illFormed.length > 0) throw invalidFields(illFormed);
      const parsed = procedure.input.safeParse(input ?? {});
      if (!parsed.success) throw validationError(parsed.error, procedure.referenceDetails?.(ctx, input) ?? []);
      const result = procedure.writes
        ? this.core.sqlite.transaction(() => procedure.handler(ctx, parsed.data)).immediate()
        : await procedure.handler(ctx, parsed.data);
      if (!this.validateOutput) return result;
      const out = procedure.output.safeParse(result);
      if (!out.success) throw new Error(`output of ${name} does not match its schema: ${out.error.message}`);
      return out.data;
    } catch (err) {
      const appError = toAppError(err);
      if (appError.code === 'INTERNAL') this.onInternalError(err, name);
      throw appError;
    }
  }

  private authorize(procedure: Procedure, meta: CallMeta): CallContext {
    const ctx: CallContext = { core: this.core, actor: null, kiosk: null, client: meta.client, token: meta.token };
    const access = procedure.access;
    if (access.kind === 'kiosk') {
      ctx.kiosk = meta.token ? authenticateKiosk(this.core, meta.token) : null;
      if (!ctx.kiosk) throw unauthenticated('This kiosk is not registered or its token was revoked.');
    } else if (access.kind === 'user') {
      ctx.actor = meta.token ? authenticateToken(this.core, meta.token) : null;
      if (!ctx.actor) throw unauthenticated();
      if (access.roles !== 'any' && !access.roles.includes(ctx.actor.role)) throw forbidden(`Your role (${ctx.actor.role}) may not call ${procedure.name}.`);
    } else if (meta.token) {
      // Optional sign-in for open procedures (auth.status): ignore bad tokens there.
      ctx.actor = authenticateToken(this.core, meta.token);
    }
    return ctx;
  }
}
