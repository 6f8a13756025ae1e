// What the desktop shell's `app://campusdesk/…` protocol serves (electron-free): files of the
// built renderer (dist/renderer) and nothing else, each with the hub's security headers.
// The renderer uses a HashRouter, so only real files are ever requested: `/` is index.html,
// anything missing is a 404 (no SPA fallback), and paths that leave the folder are refused.
import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from '../transport/ipc.ts';
import { CSP } from '../transport/http.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Headers of every response of the app protocol (the same policy as the hub's pages). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

export type AppRequestTarget =
  | { status: 200; file: string; contentType: string }
  | { status: 403 | 404 | 405; reason: string };

/** Maps a request of the app protocol to a file inside `root` (the built renderer). */
export function resolveAppRequest(url: string, method: string, root: string): AppRequestTarget {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, reason: 'Only GET and HEAD' };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { status: 404, reason: 'Malformed URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.hostname !== APP_HOST) return { status: 404, reason: 'Unknown host' };
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return { status: 404, reason: 'Malformed path' };
  }
  if (path === '/' || path === '') path = '/index.html';
  if (path.includes('\0') || path.includes('\\')) return { status: 403, reason: 'Forbidden path' };
  const base = resolve(root);
  const file = resolve(base, `.${path}`);
  if (!file.startsWith(base + sep)) return { status: 403, reason: 'Outside the renderer folder' };
  const contentType = TYPES[extname(file).toLowerCase()];
  if (!contentType) return { status: 404, reason: 'Unknown file type' };
  return { status: 200, file, contentType };
}
