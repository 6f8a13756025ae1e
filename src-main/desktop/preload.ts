// The preload bridge (sandboxed: only `electron`'s renderer modules are available here).
// Exposes `window.campusdesk` — see src-renderer/api/bridge.d.ts for the contract. The
// main process answers every call with an envelope; failures reject with the API's plain
// error object `{ code, message, details }`.
import { contextBridge, ipcRenderer } from 'electron';
import type {
  CampusDeskApiError, CampusDeskBridge, CampusDeskDesktopBridge, CampusDeskKioskBridge, ConnectionCheck, ConnectionInfo, SaveFileOptions, SaveFileResult,
} from '../../src-renderer/api/bridge.d.ts';
import { IPC_CHANNELS } from './channels.ts';

type Envelope<T> = { ok: true; result: T } | { ok: false; error: CampusDeskApiError };

async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  let reply: Envelope<T>;
  try {
    reply = await ipcRenderer.invoke(channel, ...args) as Envelope<T>;
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
  connection: {
    get: () => call<ConnectionInfo>(IPC_CHANNELS.connectionGet),
    check: (connection) => call<ConnectionCheck>(IPC_CHANNELS.connectionCheck, connection),
    save: (connection) => call<ConnectionCheck>(IPC_CHANNELS.connectionSave, connection),
  },
};

const kiosk: CampusDeskKioskBridge = {
  exit: (adminPassword: string, adminUsername?: string) =>
    call<unknown>(IPC_CHANNELS.exitKiosk, adminPassword, adminUsername).then(() => undefined),
};

const bridge: CampusDeskBridge = {
  platform: 'desktop',
  invoke: <T = unknown>(name: string, input?: unknown) => call<T>(IPC_CHANNELS.invoke, name, input ?? {}),
  saveFile: (opts: SaveFileOptions) => call<SaveFileResult>(IPC_CHANNELS.saveFile, opts),
  ...(page === 'kiosk.html' ? { kiosk } : { desktop }),
};

contextBridge.exposeInMainWorld('campusdesk', bridge);
