// The `app://campusdesk/` protocol: the built renderer served from disk (or from inside the
// asar archive) with the hub's security headers. A privileged, standard, secure scheme, so
// the pages get a real origin (CSP 'self', module scripts, localStorage) — unlike file://,
// where every local file would be same-origin.
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME } from '../transport/ipc.ts';
import { PAGE_HEADERS, resolveAppRequest } from './renderer-files.ts';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves `rendererDir` under app://campusdesk/ (after the app is ready). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const target = resolveAppRequest(request.url, request.method, rendererDir);
    if (target.status !== 200) return new Response(target.reason, { status: target.status, headers: PAGE_HEADERS });
    try {
      const body = request.method === 'HEAD' ? null : await readFile(target.file);
      return new Response(body, { status: 200, headers: { ...PAGE_HEADERS, 'Content-Type': target.contentType } });
    } catch {
      return new Response('Not found', { status: 404, headers: PAGE_HEADERS });
    }
  });
}
