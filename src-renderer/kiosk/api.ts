// The kiosk page's connection to CampusDesk. Two homes:
// - a browser (tablet) on the hub's /kiosk: POST /api/v1/<name>, with the kiosk token this
//   device was paired with (kept in localStorage) as the bearer token of kiosk.submit;
//   kiosk.lookup goes without a token;
// - the desktop app's kiosk window: window.campusdesk.invoke; the main process attaches the
//   kiosk token itself, so there is no pairing here.
// The page calls nothing but kiosk.categories, kiosk.submit and kiosk.lookup; their types come
// from the procedure definitions.
import { ApiError, toApiError, type InputOf, type OutputOf } from '../api/client.ts';
import { reportOffline, reportOnline } from '../api/connectivity.ts';

export { ApiError };

/** The walk-up procedures, the only ones this page calls. */
export type KioskProcedure = 'kiosk.categories' | 'kiosk.submit' | 'kiosk.lookup';
/** Includes `attachments`: upload ids of this kiosk's photos (POST /api/v1/files with the kiosk token). */
export type SubmitInput = InputOf<'kiosk.submit'>;
export type SubmitResult = OutputOf<'kiosk.submit'>;
export type LookupResult = OutputOf<'kiosk.lookup'>;
export type KioskCategoryItem = OutputOf<'kiosk.categories'>['items'][number];

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
  let body: unknown;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (res.ok) return body;
  const envelope = body && typeof body === 'object' && 'error' in body ? (body).error : null;
  if (envelope) throw toApiError(envelope, res.status);
  throw new ApiError(res.status >= 502 && res.status <= 504 ? 'NETWORK' : 'INTERNAL', `The server answered ${res.status}.`, [], res.status);
}

export async function kioskCall<N extends KioskProcedure>(name: N, input: InputOf<N>, token: string | null): Promise<OutputOf<N>> {
  try {
    const result = await callOnce(name, input, token);
    reportOnline();
    return result;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NETWORK') reportOffline(err.message);
    else reportOnline();
    throw err;
  }
}

async function callOnce<N extends KioskProcedure>(name: N, input: InputOf<N>, token: string | null): Promise<OutputOf<N>> {
  const bridge = window.campusdesk;
  if (bridge) {
    try {
      return await bridge.invoke<OutputOf<N>>(name, input);
    } catch (e) {
      throw toApiError(e);
    }
  }
  return await httpCall(name, input, token) as OutputOf<N>;
}

export const submitReport = (input: SubmitInput): Promise<SubmitResult> => kioskCall('kiosk.submit', input, storedToken());

export const lookupTicket = (ticketId: number, reference: string): Promise<LookupResult> =>
  kioskCall('kiosk.lookup', { ticketId, reference }, null);

/** The active categories as they are now (no token needed). */
export const fetchCategories = async (): Promise<KioskCategoryItem[]> => (await kioskCall('kiosk.categories', {}, null)).items;

/**
 * Checks a kiosk token without creating anything: the API authenticates a call before it
 * looks at the input, so an empty kiosk.submit answers UNAUTHENTICATED for an unknown or
 * revoked token and VALIDATION for a good one (rejected input changes nothing and does not
 * count against the kiosk's limit). Resolves true/false; rejects on network trouble.
 */
export async function checkToken(token: string | null): Promise<boolean> {
  try {
    await kioskCall('kiosk.submit', {} as SubmitInput, token);
    return true; // cannot happen (empty input), but it would mean the token works
  } catch (e) {
    const err = toApiError(e);
    if (err.code === 'VALIDATION') return true;
    if (err.code === 'UNAUTHENTICATED') return false;
    throw err;
  }
}
