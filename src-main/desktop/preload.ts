// The preload bridge (sandboxed: only `electron`'s renderer modules are available here).
// Exposes `window.campusdesk` — see src-shared/bridge.d.ts for the contract. The
// main process answers every call with an envelope; failures reject with the API's plain
// error object `{ code, message, details }`.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcResult } from '../../src-shared/errors.ts';
import type {
  CampusDeskApiError, CampusDeskBridge, CampusDeskDesktopBridge, CampusDeskKioskBridge, SaveFileOptions, SaveFileResult, UploadedFile, FileBytes,
} from '../../src-shared/bridge.d.ts';
import { IPC_CHANNELS } from './channels.ts';

async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  let reply: IpcResult<T>;
  try {
    reply = await ipcRenderer.invoke(channel, ...args) as IpcResult<T>;
  } catch (err) {
    // The message never reached main: typically an input that cannot be cloned (a function, a DOM node).
    const message = err instanceof Error ? err.message : String(err);
    const cloneProblem = /clone/i.test(message);
    const error: CampusDeskApiError = cloneProblem
      ? { code: 'VALIDATION', message: 'The input cannot be sent: it must be plain JSON data.', details: [{ path: '', message }] }
      : { code: 'INTERNAL', message: 'The desktop app did not answer; see its log.', details: [] };
    throw error;
  }
  if (reply.ok) return reply.result;
  const { code, message, details } = reply.error;
  const error: CampusDeskApiError = { code, message, details };
  throw error;
}

const page = window.location.pathname.replace(/^\//, '') || 'index.html';

const desktop: CampusDeskDesktopBridge = {
  enterKiosk: (kioskToken: string) => call<unknown>(IPC_CHANNELS.enterKiosk, kioskToken).then(() => undefined),
};

const kiosk: CampusDeskKioskBridge = {
  exit: (adminPassword: string, adminUsername?: string) =>
    call<unknown>(IPC_CHANNELS.exitKiosk, adminPassword, adminUsername).then(() => undefined),
};

const bridge: CampusDeskBridge = {
  platform: 'desktop',
  invoke: <T = unknown>(name: string, input?: unknown) => call<T>(IPC_CHANNELS.invoke, name, input ?? {}),
  saveFile: (opts: SaveFileOptions) => call<SaveFileResult>(IPC_CHANNELS.saveFile, opts),
  upload: (bytes: Uint8Array, name: string) => call<UploadedFile>(IPC_CHANNELS.upload, bytes, name),
  file: (id: number, thumbnail?: boolean) => call<FileBytes>(IPC_CHANNELS.file, id, thumbnail === true),
  ...(page === 'kiosk.html' ? { kiosk } : {
    desktop,
    onLiveEvent: (listener: (event: { type: string; data: Record<string, unknown> }) => void) => {
      const handler = (_e: unknown, event: { type: string; data: Record<string, unknown> }) => listener(event);
      ipcRenderer.on(IPC_CHANNELS.liveEvent, handler);
      return () => { ipcRenderer.removeListener(IPC_CHANNELS.liveEvent, handler); };
    },
  }),
};

contextBridge.exposeInMainWorld('campusdesk', bridge);
