// The desktop app on a shared hub (electron-free): the same bridge calls as the local
// IpcDispatcher (../transport/ipc.ts), answered by a CampusDesk hub over HTTPS instead of the
// local database. The renderer does not change: it keeps calling window.campusdesk.invoke,
// main keeps each window's session token (the page never sees it) and attaches the kiosk token
// to the kiosk window's calls, exactly as in local mode. The same page rules apply (only our
// pages; the kiosk window only the walk-up procedures).
//
// A hub that cannot be reached answers { code: 'NETWORK' } (status 0 in the renderer's
// ApiError), which the renderer shows as its offline state while it retries by itself.
//
// Attachments (window.campusdesk.upload / file) go to the hub's file routes with the window's
// session token (the kiosk window: the kiosk's token): POST /api/v1/files with the bytes and
// X-File-Name, GET /api/v1/files/<id>[/thumbnail]; the bridge arguments are checked as for the
// local core (transport/files.ts), so the limits and errors are the same in both modes.
import { AppError, forbidden, toAppError, unauthenticated } from '../core/errors.ts';
import type { ErrorCode, ErrorDetail, IpcResult } from '../../src-shared/errors.ts';
import { allProcedures } from '../api/procedures/index.ts';
import { pageKindOf, type IpcSender, type PageKind } from '../transport/ipc.ts';
import { WindowSessions } from '../transport/window-sessions.ts';
import { ipcFileId, ipcUploadArgs } from '../transport/files.ts';
import type { UploadResult } from '../core/files.ts';

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface HubForwarderOptions {
  kioskToken?: () => string | null;
  /** The fetch to use (Electron: net.fetch, which trusts the OS's certificate store). */
  fetch?: Fetch;
  /** Per-call time limit (default 60 s, like the renderer's HTTP client). */
  timeoutMs?: number;
  log?: (message: string) => void;
}

/** A failure answered by the hub (its error envelope) or by the network. */
class HubError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly details: ErrorDetail[];
  constructor(code: ErrorCode | 'NETWORK', message: string, details: ErrorDetail[] = []) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/** The file name of a Content-Disposition header (RFC 5987 filename* first, as the hub sends it). */
function fileNameOf(header: string | null): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  if (star) {
    try { return decodeURIComponent(star[1]!.trim()); } catch { /* fall back */ }
  }
  return /filename="([^"]*)"/i.exec(header ?? '')?.[1] ?? 'attachment';
}

const ACCESS = new Map(allProcedures.map((p) => [p.name, p.access.kind]));
const SIGN_IN = new Set(['auth.login', 'auth.setup']);

export class HubForwarder {
  readonly baseUrl: string;
  private readonly sessions = new WindowSessions((token) => this.endSession(token));
  private readonly kioskToken: () => string | null;
  private readonly fetchImpl: Fetch;
  private readonly timeoutMs: number;
  private readonly log: (message: string) => void;

  constructor(baseUrl: string, options: HubForwarderOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.kioskToken = options.kioskToken ?? (() => null);
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.log = options.log ?? (() => {});
  }

  /** POST /api/v1/<name> on the hub; resolves with the result or throws HubError. */
  async call(name: string, input: unknown, token: string | null): Promise<unknown> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await this.send(`/api/v1/${encodeURIComponent(name)}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
    return this.answer(res);
  }

  /** One request to the hub; NETWORK when it cannot be reached. */
  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      this.log(`hub ${this.baseUrl} unreachable: ${err instanceof Error ? err.message : String(err)}`);
      throw new HubError('NETWORK', `Cannot reach the CampusDesk hub at ${this.baseUrl}. Check the network connection; CampusDesk keeps trying.`);
    }
  }

  /** A JSON answer's body, or its error envelope as HubError. */
  private async answer(res: Response): Promise<unknown> {
    const text = await res.text().catch(() => '');
    let body: unknown;
    try { body = text ? JSON.parse(text) : null; } catch { body = null; }
    if (res.ok) return body;
    const error = body && typeof body === 'object' && 'error' in body ? (body as { error: { code?: unknown; message?: unknown; details?: unknown } }).error : null;
    if (error && typeof error.code === 'string') {
      throw new HubError(error.code as ErrorCode, typeof error.message === 'string' ? error.message : error.code, Array.isArray(error.details) ? error.details as ErrorDetail[] : []);
    }
    if (res.status >= 502 && res.status <= 504) throw new HubError('NETWORK', `The CampusDesk hub at ${this.baseUrl} is not answering (HTTP ${res.status}); CampusDesk keeps trying.`);
    throw new HubError('INTERNAL', `The hub answered HTTP ${res.status}.`);
  }

  /** Runs `fn` for a sender on one of `pages`; every failure becomes the error envelope. */
  async guarded<T>(sender: IpcSender, pages: readonly PageKind[], fn: (page: PageKind) => T | Promise<T>): Promise<IpcResult<T>> {
    try {
      const page = pageKindOf(sender.url);
      if (!page || !pages.includes(page)) throw forbidden('This page may not call CampusDesk.');
      return { ok: true, result: await fn(page) };
    } catch (err) {
      if (err instanceof HubError) return { ok: false, error: { code: err.code as ErrorCode, message: err.message, details: err.details } };
      const appError = toAppError(err);
      if (appError.code === 'INTERNAL' && !(err instanceof AppError)) this.log(`hub call failed: ${err instanceof Error ? err.stack : String(err)}`);
      return { ok: false, error: { code: appError.code, message: appError.message, details: appError.details } };
    }
  }

  invoke(sender: IpcSender, name: unknown, input?: unknown): Promise<IpcResult> {
    return this.guarded(sender, ['main', 'kiosk'], async (page) => {
      const access = typeof name === 'string' ? ACCESS.get(name) : undefined;
      if (typeof name !== 'string' || !access) {
        throw new AppError('NOT_FOUND', `There is no procedure named "${String(name).slice(0, 100)}".`);
      }
      if (page === 'kiosk') {
        if (name.startsWith('auth.') || access === 'user') throw forbidden('The kiosk window offers only the walk-up procedures.');
        return this.call(name, input, this.kioskToken());
      }
      const token = this.sessions.get(sender.id) ?? null;
      if (name === 'auth.logout') {
        try {
          return await this.call(name, input, token);
        } finally {
          this.sessions.delete(sender.id);
        }
      }
      let result: unknown;
      try {
        result = await this.call(name, input, token);
      } catch (err) {
        if (err instanceof HubError && err.code === 'UNAUTHENTICATED' && !SIGN_IN.has(name) && this.sessions.get(sender.id) === token) this.sessions.delete(sender.id);
        throw err;
      }
      if (SIGN_IN.has(name) && result && typeof result === 'object' && typeof (result as { token?: unknown }).token === 'string') {
        const previous = this.sessions.get(sender.id);
        this.sessions.set(sender.id, (result as { token: string }).token);
        if (previous) await this.endSession(previous);
      }
      return result;
    });
  }

  /** The token a window's calls carry: the kiosk's for the kiosk window, else the window's session. */
  private tokenOf(sender: IpcSender, page: PageKind): string | null {
    return page === 'kiosk' ? this.kioskToken() : this.sessions.get(sender.id) ?? null;
  }

  /** A hub's UNAUTHENTICATED for a window's session ends that session here too (as invoke does). */
  private async withSession<T>(sender: IpcSender, page: PageKind, token: string | null, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (page === 'main' && err instanceof HubError && err.code === 'UNAUTHENTICATED' && token !== null && this.sessions.get(sender.id) === token) this.sessions.delete(sender.id);
      throw err;
    }
  }

  /** `window.campusdesk.upload(bytes, name)`: POST /api/v1/files on the hub as the window's user (or kiosk). */
  upload(sender: IpcSender, bytes: unknown, name: unknown): Promise<IpcResult> {
    return this.guarded(sender, ['main', 'kiosk'], (page) => {
      const args = ipcUploadArgs(bytes, name);
      const token = this.tokenOf(sender, page);
      if (!token) throw unauthenticated();
      const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${token}` };
      if (args.name !== null) headers['X-File-Name'] = encodeURIComponent(args.name);
      return this.withSession(sender, page, token, async () =>
        await this.answer(await this.send('/api/v1/files', { method: 'POST', headers, body: new Uint8Array(args.bytes) })) as UploadResult);
    });
  }

  /** `window.campusdesk.file(id, thumbnail)`: GET /api/v1/files/<id>[/thumbnail] on the hub, as the local bridge answers it. */
  file(sender: IpcSender, id: unknown, thumbnail: unknown): Promise<IpcResult> {
    return this.guarded(sender, ['main', 'kiosk'], (page) => {
      const fileId = ipcFileId(id);
      const token = this.tokenOf(sender, page);
      if (!token) throw unauthenticated();
      const thumb = thumbnail === true;
      return this.withSession(sender, page, token, async () => {
        const res = await this.send(`/api/v1/files/${fileId}${thumb ? '/thumbnail' : ''}`, { method: 'GET', headers: { Authorization: `Bearer ${token}` } });
        if (!res.ok) await this.answer(res); // throws the hub's error
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await res.arrayBuffer());
        } catch {
          throw new HubError('NETWORK', `The download from the CampusDesk hub at ${this.baseUrl} was interrupted; try again.`);
        }
        const type = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
        const name = fileNameOf(res.headers.get('content-disposition'));
        return { name: thumb ? name.replace(/\.thumbnail\.webp$/, '') : name, type, bytes };
      });
    });
  }

  /** Leaving kiosk mode on a hub: the admin's username and password, checked by signing in to the hub. */
  exitKiosk(sender: IpcSender, password: unknown, username?: unknown): Promise<IpcResult<Record<string, never>>> {
    return this.guarded(sender, ['kiosk'], async () => {
      if (typeof password !== 'string' || password.length === 0 || password.length > 200) {
        throw new AppError('VALIDATION', 'Enter an admin password.', [{ path: 'password', message: 'Must be 1–200 characters' }]);
      }
      if (typeof username !== 'string' || username.trim() === '' || username.length > 200) {
        throw new AppError('VALIDATION', 'On a hub, enter the admin\'s username as well.', [{ path: 'username', message: 'Required when this computer uses a hub' }]);
      }
      const session = await this.call('auth.login', { username: username.trim(), password }, null) as { token: string; user: { role: string } };
      await this.endSession(session.token);
      if (session.user.role !== 'admin') throw unauthenticated('Only an admin may leave kiosk mode.');
      return {};
    });
  }

  /** The admin setting "use this computer as a kiosk" on a hub: the window's user must be an admin, the token valid. */
  enterKiosk(sender: IpcSender, kioskToken: unknown): Promise<IpcResult<{ kiosk: { id: number; name: string } }>> {
    return this.guarded(sender, ['main'], async () => {
      const token = this.sessions.get(sender.id);
      if (!token) throw unauthenticated();
      const status = await this.call('auth.me', {}, token) as { user: { role: string } | null };
      if (!status.user) throw unauthenticated();
      if (status.user.role !== 'admin') throw forbidden('Only an admin may turn this computer into a kiosk.');
      if (typeof kioskToken !== 'string' || kioskToken.trim() === '' || kioskToken.length > 200) {
        throw new AppError('VALIDATION', 'Enter the kiosk token shown when the kiosk was created.', [{ path: 'kioskToken', message: 'Must be 1–200 characters' }]);
      }
      // The hub authenticates a kiosk call before it validates the input: an empty submission
      // with a valid token is VALIDATION (nothing created), with a bad one UNAUTHENTICATED.
      try {
        await this.call('kiosk.submit', {}, kioskToken.trim());
      } catch (err) {
        if (err instanceof HubError && err.code === 'UNAUTHENTICATED') {
          throw new AppError('VALIDATION', 'This kiosk token is unknown or was revoked.', [{ path: 'kioskToken', message: 'Unknown or revoked kiosk token' }]);
        }
        if (!(err instanceof HubError && err.code === 'VALIDATION')) throw err;
      }
      return { kiosk: { id: 0, name: 'kiosk' } };
    });
  }

  hasSession(senderId: number): boolean {
    return this.sessions.has(senderId);
  }

  async forget(senderId: number): Promise<void> {
    await this.sessions.forget(senderId);
  }

  async forgetAll(): Promise<void> {
    await this.sessions.forgetAll();
  }

  private async endSession(token: string): Promise<void> {
    try { await this.call('auth.logout', {}, token); } catch { /* expired, or the hub is away */ }
  }
}
