// The IPC transport of the desktop app, without Electron: the Electron shell
// (src-main/desktop/main.ts) hands every `ipcMain.handle` call to this dispatcher as
// (sender window id, sender frame URL, name, input) and sends back the envelope it returns.
//
// - Only our own pages may call: the main app (app://campusdesk/index.html) and the kiosk
//   page (app://campusdesk/kiosk.html). Anything else is FORBIDDEN.
// - The renderer never sends a token. After `auth.login` / `auth.setup` succeed, the
//   dispatcher remembers the session for that window and attaches it to the window's later
//   calls; `auth.logout` (and closing the window) ends and forgets it. Another window has
//   its own session (or none).
// - The kiosk window signs nobody in: it may call only the walk-up procedures, and its
//   calls carry the kiosk token the desktop app was registered with.
// - The input gets the same treatment as an HTTP body: JSON semantics, the procedure's size
//   limit, an object at the top level. Every rule beyond that lives behind Registry.call.
// - Failures come back as `{ ok: false, error: { code, message, details } }` (Electron
//   would reduce a thrown error to its message).
import { AppError, forbidden, toAppError, unauthenticated } from '../core/errors.ts';
import type { IpcResult } from '../../src-shared/errors.ts';
import { DEFAULT_MAX_BODY, type Registry } from '../api/registry.ts';
import { authenticateToken } from '../core/auth.ts';
import { authenticateKiosk } from '../core/kiosks.ts';
import { downloadOverIpc, uploadOverIpc } from './files.ts';
import { checkKioskExit } from '../core/kiosk-exit.ts';
import type { Actor } from '../core/context.ts';
import { WindowSessions } from './window-sessions.ts';

/** The privileged scheme the desktop shell serves dist/renderer from. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'campusdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export type PageKind = 'main' | 'kiosk';
export const PAGE_FILES: Record<PageKind, string> = { main: 'index.html', kiosk: 'kiosk.html' };

/** The URL a window of this kind loads. */
export const pageUrl = (kind: PageKind): string => `${APP_ORIGIN}/${PAGE_FILES[kind]}`;

/** Which of our pages a URL is (hash and query ignored); null for anything else. */
export function pageKindOf(url: string | null | undefined): PageKind | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.hostname !== APP_HOST || u.port !== '' || u.username !== '' || u.password !== '') return null;
  if (u.pathname === '/' || u.pathname === `/${PAGE_FILES.main}`) return 'main';
  if (u.pathname === `/${PAGE_FILES.kiosk}`) return 'kiosk';
  return null;
}

/** Who called: the window's webContents id and the URL of the frame that sent the message. */
export interface IpcSender {
  id: number;
  url: string | null | undefined;
}

export interface IpcDispatcherOptions {
  /** The kiosk token attached to the kiosk window's calls (null: not registered yet). */
  kioskToken?: () => string | null;
  /** Throttling identity of the desktop app for sign-ins (default "ipc:desktop"). */
  client?: string;
  /** Where INTERNAL failures are reported (default: the core's logger). */
  log?: (message: string) => void;
}

/** Procedures that start a session; their result's token is kept for the calling window. */
const SIGN_IN = new Set(['auth.login', 'auth.setup']);

const MiB = 1024 * 1024;

/** The input as an HTTP body would arrive: JSON semantics, within the size limit, an object. */
function normalizeInput(input: unknown, limit: number): Record<string, unknown> {
  if (input === undefined) return {};
  let text: string | undefined;
  try {
    text = JSON.stringify(input);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new AppError('VALIDATION', 'The input is not valid JSON.', [{ path: '', message: 'Not representable as JSON' }]);
  if (Buffer.byteLength(text) > limit) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The input is larger than ${Math.round(limit / MiB)} MiB.`);
  }
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('VALIDATION', 'The input must be a JSON object.', [{ path: '', message: 'Expected an object' }]);
  }
  return value as Record<string, unknown>;
}

const tokenOf = (result: unknown): string | null => {
  if (typeof result !== 'object' || result === null) return null;
  const token = (result as { token?: unknown }).token;
  return typeof token === 'string' ? token : null;
};

export class IpcDispatcher {
  readonly registry: Registry;
  private readonly sessions = new WindowSessions((token) => this.endSession(token));
  private readonly kioskToken: () => string | null;
  private readonly client: string;
  private readonly log: (message: string) => void;

  constructor(registry: Registry, options: IpcDispatcherOptions = {}) {
    this.registry = registry;
    this.kioskToken = options.kioskToken ?? (() => null);
    this.client = options.client ?? 'ipc:desktop';
    this.log = options.log ?? ((m) => registry.core.log.error(m));
  }

  /** Runs `fn` for a sender on one of `pages`; every failure becomes the error envelope. */
  async guarded<T>(sender: IpcSender, pages: readonly PageKind[], fn: (page: PageKind) => T | Promise<T>): Promise<IpcResult<T>> {
    try {
      const page = pageKindOf(sender.url);
      if (!page || !pages.includes(page)) throw forbidden('This page may not call CampusDesk.');
      return { ok: true, result: await fn(page) };
    } catch (err) {
      const appError = toAppError(err);
      if (appError.code === 'INTERNAL' && !(err instanceof AppError)) {
        this.log(`[campusdesk] IPC call failed: ${err instanceof Error ? err.stack : String(err)}`);
      }
      return { ok: false, error: { code: appError.code, message: appError.message, details: appError.details } };
    }
  }

  /** `window.campusdesk.invoke(name, input)`: one procedure call through the registry. */
  invoke(sender: IpcSender, name: unknown, input?: unknown): Promise<IpcResult> {
    return this.guarded(sender, ['main', 'kiosk'], async (page) => {
      const procedure = typeof name === 'string' ? this.registry.get(name) : undefined;
      if (!procedure) {
        const shown = typeof name === 'string' ? name.slice(0, 100) : String(name).slice(0, 100);
        throw new AppError('NOT_FOUND', `There is no procedure named "${shown}".`);
      }
      const procName = procedure.name;
      const body = normalizeInput(input, procedure.maxBodyBytes ?? DEFAULT_MAX_BODY);

      if (page === 'kiosk') {
        if (procName.startsWith('auth.') || procedure.access.kind === 'user') {
          throw forbidden('The kiosk window offers only the walk-up procedures.');
        }
        return this.registry.call(procName, body, { token: this.kioskToken(), client: this.client });
      }

      const token = this.sessions.get(sender.id) ?? null;
      if (procName === 'auth.logout') {
        try {
          return await this.registry.call(procName, body, { token, client: this.client });
        } finally {
          this.sessions.delete(sender.id);
        }
      }
      let result: unknown;
      try {
        result = await this.registry.call(procName, body, { token, client: this.client });
      } catch (err) {
        // The window's session expired or was ended elsewhere: forget it.
        if (token && err instanceof AppError && err.code === 'UNAUTHENTICATED' && !SIGN_IN.has(procName)
          && this.sessions.get(sender.id) === token && !authenticateToken(this.registry.core, token)) {
          this.sessions.delete(sender.id);
        }
        throw err;
      }
      if (SIGN_IN.has(procName)) {
        const fresh = tokenOf(result);
        if (fresh) {
          const previous = this.sessions.get(sender.id);
          this.sessions.set(sender.id, fresh);
          if (previous && previous !== fresh) await this.endSession(previous);
        }
      }
      return result;
    });
  }

  /** Leaves kiosk mode: the kiosk page, with an admin's password (rules: core/kiosk-exit.ts). */
  exitKiosk(sender: IpcSender, password: unknown, username?: unknown): Promise<IpcResult<Record<string, never>>> {
    return this.guarded(sender, ['kiosk'], async () => {
      if (typeof password !== 'string' || password.length === 0 || password.length > 200) {
        throw new AppError('VALIDATION', 'Enter an admin password.', [{ path: 'password', message: 'Must be 1–200 characters' }]);
      }
      if (username !== undefined && username !== null && (typeof username !== 'string' || username.trim() === '' || username.length > 200)) {
        throw new AppError('VALIDATION', 'The username is not valid.', [{ path: 'username', message: 'Must be 1–200 characters' }]);
      }
      await checkKioskExit(this.registry.core, this.client, password, typeof username === 'string' ? username : undefined);
      return {};
    });
  }

  /**
   * The admin setting "use this computer as a kiosk": the calling window's user must be an
   * admin and the kiosk token valid. Storing the token and switching windows is the shell's job.
   */
  enterKiosk(sender: IpcSender, kioskToken: unknown): Promise<IpcResult<{ kiosk: { id: number; name: string } }>> {
    return this.guarded(sender, ['main'], () => {
      const core = this.registry.core;
      const session = this.sessions.get(sender.id);
      const actor = session ? authenticateToken(core, session) : null;
      if (!actor) throw unauthenticated();
      if (actor.role !== 'admin') throw forbidden('Only an admin may turn this computer into a kiosk.');
      if (typeof kioskToken !== 'string' || kioskToken.trim() === '' || kioskToken.length > 200) {
        throw new AppError('VALIDATION', 'Enter the kiosk token shown when the kiosk was created.', [{ path: 'kioskToken', message: 'Must be 1–200 characters' }]);
      }
      const kiosk = authenticateKiosk(core, kioskToken.trim());
      if (!kiosk) {
        throw new AppError('VALIDATION', 'This kiosk token is unknown or was revoked.', [{ path: 'kioskToken', message: 'Unknown or revoked kiosk token' }]);
      }
      return { kiosk: { id: kiosk.id, name: kiosk.name } };
    });
  }

  /** `window.campusdesk.upload(bytes, name)`: an attachment upload as the window's user (or kiosk); rules in transport/files.ts. */
  upload(sender: IpcSender, bytes: unknown, name: unknown): Promise<IpcResult> {
    return this.guarded(sender, ['main', 'kiosk'], (page) =>
      uploadOverIpc(this.registry.core, page === 'kiosk' ? this.kioskToken() : this.sessions.get(sender.id) ?? null, bytes, name));
  }

  /** `window.campusdesk.file(id, thumbnail)`: an attachment's bytes, as GET /api/v1/files/<id>[/thumbnail]. */
  file(sender: IpcSender, id: unknown, thumbnail: unknown): Promise<IpcResult> {
    return this.guarded(sender, ['main', 'kiosk'], (page) =>
      downloadOverIpc(this.registry.core, page === 'kiosk' ? this.kioskToken() : this.sessions.get(sender.id) ?? null, id, thumbnail));
  }

  /** The signed-in user of a window (null: none, or its session ended) — for the live-event relay. */
  sessionActor(senderId: number): Actor | null {
    const token = this.sessions.get(senderId);
    return token ? authenticateToken(this.registry.core, token) : null;
  }

  /** Whether a window currently has a session. */
  hasSession(senderId: number): boolean {
    return this.sessions.has(senderId);
  }

  /** A window went away: end its session (best effort) and forget it. */
  async forget(senderId: number): Promise<void> {
    await this.sessions.forget(senderId);
  }

  /** Ends every window's session (before the database closes at quit). */
  async forgetAll(): Promise<void> {
    await this.sessions.forgetAll();
  }

  private async endSession(token: string): Promise<void> {
    try {
      await this.registry.call('auth.logout', {}, { token, client: this.client });
    } catch {
      // Already expired or ended: nothing to do.
    }
  }
}
