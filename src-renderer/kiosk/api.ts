// The kiosk page's connection to CampusDesk. Two homes:
// - a browser (tablet) on the hub's /kiosk: POST /api/v1/<name>, with the kiosk token this
//   device was paired with (kept in localStorage) as the bearer token of kiosk.submit;
//   kiosk.lookup goes without a token;
// - the desktop app's kiosk window: window.campusdesk.invoke; the main process attaches the
//   kiosk token itself, so there is no pairing here.
// The page calls nothing but kiosk.submit and kiosk.lookup.
import { ApiError, toApiError } from '../api/client.ts';
import type { Status } from '../../src-shared/domain.ts';

export { ApiError };

export interface SubmitInput {
  category: string;
  subject: string;
  description: string;
  location?: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
}
export interface SubmitResult { ticketId: number; reference: string }
export interface LookupResult {
  ticketId: number;
  status: Status;
  updatedAt: string;
  replies: { body: string; createdAt: string }[];
}

const TOKEN_KEY = 'campusdesk.kioskToken';
const REQUEST_TIMEOUT_MS = 30_000;

export const isDesktopKiosk = (): boolean => typeof window !== 'undefined' && !!window.campusdesk;

export function storedToken(): string | null {
  try { return localStorage.getItem(TOKEN_KEY); } catch { return null; }
}
export function storeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch { /* storage unavailable: paired for as long as the page lives */ }
}

/** Whether this device can submit without pairing first. */
export const isPaired = (): boolean => isDesktopKiosk() || storedToken() !== null;

async function httpCall(name: string, input: unknown, token: string | null): Promise<unknown> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`/api/v1/${name}`, {
      method: 'POST', headers, body: JSON.stringify(input), cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new ApiError('NETWORK', 'The helpdesk server cannot be reached right now.');
  }
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (res.ok) return body;
  const envelope = body && typeof body === 'object' && 'error' in body ? (body as { error: unknown }).error : null;
  if (envelope) throw toApiError(envelope, res.status);
  throw new ApiError(res.status >= 502 && res.status <= 504 ? 'NETWORK' : 'INTERNAL', `The server answered ${res.status}.`, [], res.status);
}

async function call(name: 'kiosk.submit' | 'kiosk.lookup', input: unknown, token: string | null): Promise<unknown> {
  const bridge = window.campusdesk;
  if (bridge) {
    try {
      return await bridge.invoke(name, input);
    } catch (e) {
      throw toApiError(e);
    }
  }
  return httpCall(name, input, token);
}

export const submitReport = async (input: SubmitInput): Promise<SubmitResult> =>
  (await call('kiosk.submit', input, storedToken())) as SubmitResult;

export const lookupTicket = async (ticketId: number, reference: string): Promise<LookupResult> =>
  (await call('kiosk.lookup', { ticketId, reference }, null)) as LookupResult;

/**
 * Checks a kiosk token without creating anything: the API authenticates a call before it
 * looks at the input, so an empty kiosk.submit answers UNAUTHENTICATED for an unknown or
 * revoked token and VALIDATION for a good one (rejected input changes nothing and does not
 * count against the kiosk's limit). Resolves true/false; rejects on network trouble.
 */
export async function checkToken(token: string | null): Promise<boolean> {
  try {
    await call('kiosk.submit', {}, token);
    return true; // cannot happen (empty input), but it would mean the token works
  } catch (e) {
    const err = toApiError(e);
    if (err.code === 'VALIDATION') return true;
    if (err.code === 'UNAUTHENTICATED') return false;
    throw err;
  }
}
