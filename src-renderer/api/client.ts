// The renderer's one API client. Inside Electron it calls `window.campusdesk.invoke` (the
// main process keeps the session, so no token is sent); in a browser served by the hub it
// POSTs to /api/v1/<name> with the bearer token kept in localStorage. Either way a failure
// is an ApiError { code, message, details, status }; a hub that cannot be reached is
// code NETWORK (status 0).
//
// Every call is typed from the procedure definitions (no untyped escape hatch). Screens use
// the query hooks in ./hooks.ts (TanStack Query) and `call` for one-off changes.
import { ERROR_STATUS, type ErrorCode as ApiErrorCode, type ErrorDetail } from '../../src-shared/errors.ts';
import type { Category, Message, Session, Ticket, TicketEvent, User } from '../../src-shared/schemas.ts';
import type { Priority, Role, Status } from '../../src-shared/domain.ts';
import type { InputOf, OutputOf, ProcedureName, ProcedureTypes } from '../../src-shared/procedures.ts';

export type { Category, Message, Session, Ticket, TicketEvent, User, Priority, Role, Status };

/** The API's codes, plus NETWORK (status 0) for a hub that cannot be reached. */
export type ErrorCode = ApiErrorCode | 'NETWORK';
export type { ErrorDetail };

const STATUS_OF_CODE: Record<ErrorCode, number> = { ...ERROR_STATUS, NETWORK: 0 };

/** A failed call, normalized across HTTP and IPC. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** HTTP status (or the status the code maps to over IPC); 0 when the hub was unreachable. */
  readonly status: number;
  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], status?: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
    this.status = status ?? STATUS_OF_CODE[code] ?? 500;
  }
  /** The detail message for one field path (e.g. "subject"), if the API reported one. */
  fieldMessage(path: string): string | undefined {
    return this.details.find((d) => d.path === path)?.message;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

const KNOWN_CODES = new Set<string>(Object.keys(STATUS_OF_CODE));

/** Anything thrown by a transport, as an ApiError. */
export function toApiError(err: unknown, status?: number): ApiError {
  if (err instanceof ApiError) return err;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string' && KNOWN_CODES.has((err as { code: string }).code)) {
    const e = err as { code: ErrorCode; message?: unknown; details?: unknown };
    return new ApiError(e.code, typeof e.message === 'string' ? e.message : e.code, Array.isArray(e.details) ? (e.details as ErrorDetail[]) : [], status);
  }
  const msg = err instanceof Error ? err.message : String(err);
  // Electron wraps rejections from the main process as "Error invoking remote method ...: {...}".
  const json = /\{.*\}$/s.exec(msg)?.[0];
  if (json) {
    try { return toApiError(JSON.parse(json) as unknown, status); } catch { /* not JSON */ }
  }
  return new ApiError('INTERNAL', msg || 'Something went wrong.', [], status ?? 500);
}

// ---------- the procedures the GUI uses, typed from the API's zod schemas ----------

export type TicketListInput = InputOf<'tickets.list'>;
export type TicketList = OutputOf<'tickets.list'>;

/** Input and output types of every procedure, derived from their one definition in src-main/api/procedures (src-shared/procedures.ts). */
export type Procedures = ProcedureTypes;
export type { ProcedureName, InputOf, OutputOf };

/** Procedures that do not need a session: UNAUTHENTICATED there is an answer, not an expiry. */
const PUBLIC = new Set(['auth.status', 'auth.setup', 'auth.login', 'kiosk.submit', 'kiosk.lookup', 'kiosk.categories']);

// ---------- session token (HTTP mode) ----------

const TOKEN_KEY = 'campusdesk.token';

export const isDesktop = (): boolean => typeof window !== 'undefined' && !!window.campusdesk;

function readToken(): string | null {
  try { return localStorage.getItem(TOKEN_KEY); } catch { return null; }
}
function writeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch { /* storage unavailable: the session lasts as long as the page */ }
}

/** Whether a session token is kept (HTTP mode); in the desktop app the main process keeps it. */
export const hasStoredToken = (): boolean => readToken() !== null;
/** The session token kept in HTTP mode (the live-event stream sends it as its Bearer header). */
export const storedToken = (): string | null => readToken();

type Listener = (err: ApiError, name: string) => void;
const expiryListeners = new Set<Listener>();

/** Called when a call that needs a session answers UNAUTHENTICATED (expired or revoked session). */
export function onSessionExpired(listener: Listener): () => void {
  expiryListeners.add(listener);
  return () => { expiryListeners.delete(listener); };
}

// ---------- calling ----------

const REQUEST_TIMEOUT_MS = 60_000;

async function httpCall(name: string, input: unknown): Promise<unknown> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = readToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`/api/v1/${name}`, {
      method: 'POST', headers, body: JSON.stringify(input ?? {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), cache: 'no-store',
    });
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
    throw new ApiError('NETWORK', timedOut
      ? 'The CampusDesk hub did not answer in time. Check the connection and try again.'
      : 'Cannot reach the CampusDesk hub. Check the network connection and try again.');
  }
  let body: unknown = null;
  const text = await res.text().catch(() => '');
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (res.ok) return body;
  const envelope = body && typeof body === 'object' && 'error' in body ? (body as { error: unknown }).error : null;
  if (envelope) throw toApiError(envelope, res.status);
  if (res.status >= 502 && res.status <= 504) throw new ApiError('NETWORK', 'Cannot reach the CampusDesk hub. Check the network connection and try again.', [], res.status);
  throw new ApiError('INTERNAL', `The hub answered ${res.status} ${res.statusText}.`, [], res.status);
}

/** Calls a procedure of the public API. Rejects with ApiError. */
export async function call<N extends ProcedureName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
  try {
    const bridge = typeof window !== 'undefined' ? window.campusdesk : undefined;
    const result = bridge ? await bridge.invoke(name, input).catch((e: unknown) => { throw toApiError(e); }) : await httpCall(name, input);
    if ((name === 'auth.login' || name === 'auth.setup') && !bridge) {
      writeToken((result as Session).token);
    }
    if (name === 'auth.logout') writeToken(null);
    return result as OutputOf<N>;
  } catch (e) {
    const err = toApiError(e);
    if (err.code === 'UNAUTHENTICATED' && !PUBLIC.has(name)) {
      writeToken(null);
      if (name !== 'auth.logout') for (const l of expiryListeners) l(err, name);
    }
    throw err;
  }
}

/** Forgets the local session without calling the API (e.g. after a failed logout). */
export function forgetSession(): void {
  writeToken(null);
}

/** A short human sentence for an error, suitable for an Alert. */
export function errorText(err: unknown): string {
  const e = toApiError(err);
  switch (e.code) {
    case 'NETWORK': return e.message;
    case 'FORBIDDEN': return `Not allowed: ${e.message}`;
    case 'NOT_FOUND': return e.message || 'Not found.';
    case 'RATE_LIMITED': return e.message || 'Too many attempts; wait a while and try again.';
    case 'INTERNAL': return `Something went wrong on the server. ${e.message}`;
    default: return e.message;
  }
}
