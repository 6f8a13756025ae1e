// The preload bridge of the desktop app: what `src-main/desktop/preload.ts` exposes to the
// renderer as `window.campusdesk` (contextBridge). Absent in a plain browser (the hub), so
// the renderer checks `window.campusdesk` and falls back to HTTP (`POST /api/v1/<name>`).
//
// Sessions over IPC: the renderer never sends a token. After `auth.login` / `auth.setup`
// succeed through `invoke`, the main process remembers the session for that window and
// attaches it to later calls; `auth.logout` forgets it. (The result still has the spec's
// shape `{ token, user, expiresAt }`; the renderer need not keep the token.) In the desktop
// kiosk window the main process attaches the kiosk's token to `kiosk.*` calls.

import type { ApiErrorBody } from './errors.ts';

/** The API's error object (spec: Errors) — what `invoke` rejects with, as a plain object. */
export type CampusDeskApiError = ApiErrorBody;

export interface SaveFileFilter {
  /** Shown in the dialog, e.g. "PNG image". */
  name: string;
  /** Without dots, e.g. ["png"]. */
  extensions: string[];
}

export interface SaveFileOptions {
  /** Suggested file name, e.g. "tickets-by-period.png". */
  defaultName: string;
  /** Bytes (PNG) or text (CSV, written as UTF-8). */
  data: Uint8Array | string;
  filters?: SaveFileFilter[];
}

export interface SaveFileResult {
  /** False when the user cancelled the dialog. */
  saved: boolean;
  /** Where the file was written; null when cancelled. */
  path: string | null;
}

/** An accepted upload (spec: POST /api/v1/files → 201). */
export interface UploadedFile {
  id: number;
  name: string;
  type: string;
  size: number;
  sha256: string;
}

/** An attachment's bytes as the desktop bridge returns them. */
export interface FileBytes {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export interface CampusDeskKioskBridge {
  /**
   * Leaves kiosk mode after checking an admin's password (optionally with the admin's
   * username; without it, any active admin's password is accepted). Rejects with a
   * CampusDeskApiError: UNAUTHENTICATED (wrong password) or RATE_LIMITED (too many tries).
   */
  exit(adminPassword: string, adminUsername?: string): Promise<void>;
}

export interface CampusDeskDesktopBridge {
  /**
   * Admin setting "use this computer as a kiosk": stores the kiosk token (from
   * `kiosks.create`) in the app's settings and switches to the full-screen kiosk window.
   * Needs the window's signed-in user to be an admin (FORBIDDEN otherwise) and a valid,
   * unrevoked kiosk token (VALIDATION otherwise).
   */
  enterKiosk(kioskToken: string): Promise<void>;
}

export interface CampusDeskBridge {
  readonly platform: 'desktop';
  /** Calls a procedure of the public API; rejects with a CampusDeskApiError. */
  invoke<T = unknown>(name: string, input?: unknown): Promise<T>;
  /** Shows a save dialog (in the main process) and writes the data to the chosen file. */
  saveFile(opts: SaveFileOptions): Promise<SaveFileResult>;
  /** Uploads an attachment (at most 10 MiB) as the window's user or kiosk, like POST /api/v1/files. */
  upload(bytes: Uint8Array, name: string): Promise<UploadedFile>;
  /** An attachment's bytes (or its thumbnail), like GET /api/v1/files/<id>[/thumbnail]. */
  file(id: number, thumbnail?: boolean): Promise<FileBytes>;
  /**
   * Listens to the live events of the signed-in user (what GET /api/v1/events streams to
   * browsers: `{ type, data }`); returns the function that stops listening. Main window only.
   */
  onLiveEvent?(listener: (event: { type: string; data: Record<string, unknown> }) => void): () => void;
  /** Desktop-only admin actions (present in the main window). */
  readonly desktop?: CampusDeskDesktopBridge;
  /** Present only in the desktop kiosk window (kiosk.html). */
  readonly kiosk?: CampusDeskKioskBridge;
}

declare global {
  interface Window {
    /** Present in the Electron app only. */
    campusdesk?: CampusDeskBridge;
  }
}
