// The HTTP transport of the hub: `POST /api/v1/<procedure>` with bearer tokens, the error
// envelope of the spec, body limits, health, the OpenAPI document, and the built renderer
// (and kiosk page) as static files under a strict Content-Security-Policy. It only
// translates; every rule lives behind Registry.call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { AppError, toAppError } from '../core/errors.ts';
import { DEFAULT_MAX_BODY, type Registry } from '../api/registry.ts';
import { buildOpenApi } from '../api/openapi.ts';
import { APP_VERSION } from '../version.ts';
import { closeEventStreams, openEventStream } from './events.ts';
import { handleFiles, isFileRoute } from './files.ts';

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export interface HttpOptions {
  /** Folder with the built renderer (index.html, kiosk.html, assets/); omitted: API only. */
  staticDir?: string | null;
  /** Called for every request that failed with INTERNAL. */
  log?: (message: string) => void;
}

export interface Hub {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

/** When the request arrived (for the Server-Timing header the benchmark reads). */
const started = new WeakMap<ServerResponse, number>();

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const t0 = started.get(res);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...(t0 === undefined ? {} : { 'Server-Timing': `app;dur=${(performance.now() - t0).toFixed(3)}` }),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

const sendError = (res: ServerResponse, err: AppError): void => send(res, err.status, err.toEnvelope());

/** Reads the body up to `limit` bytes; PAYLOAD_TOO_LARGE beyond (without reading the rest). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const tooLarge = (limit: number): AppError =>
  new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${Math.round(limit / 1024 / 1024)} MiB.`);

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1] ?? null;
}

const clientOf = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown';

export function createHttpHandler(registry: Registry, options: HttpOptions = {}) {
  const log = options.log ?? ((m: string) => console.error(m));
  const staticDir = options.staticDir && existsSync(options.staticDir) ? options.staticDir : null;
  const assets = staticDir
    ? sirv(staticDir, { dev: false, etag: true, single: false })
    : null;
  let openapi: unknown = null;

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method === 'GET' && name === 'health') {
      try {
        registry.core.sqlite.prepare('SELECT 1').get();
        send(res, 200, { ok: true, version: APP_VERSION });
      } catch {
        send(res, 503, { ok: false, version: APP_VERSION });
      }
      return;
    }
    if (req.method === 'GET' && name === 'openapi.json') {
      openapi ??= buildOpenApi(registry);
      send(res, 200, openapi);
      return;
    }
    if (req.method === 'GET' && name === 'events') return openEventStream(registry, req, res, bearer(req), SECURITY_HEADERS);
    const procedure = registry.get(name);
    if (!procedure || req.method !== 'POST') {
      const msg = procedure ? `Call ${name} with POST.` : `There is no procedure named "${name}".`;
      sendError(res, new AppError('NOT_FOUND', msg));
      req.resume();
      return;
    }
    const raw = await readBody(req, procedure.maxBodyBytes ?? DEFAULT_MAX_BODY);
    let input: unknown = {};
    const text = raw.toString('utf8');
    if (text.trim() !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        throw new AppError('VALIDATION', 'The request body is not valid JSON.', [{ path: '', message: 'Malformed JSON' }]);
      }
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new AppError('VALIDATION', 'The request body must be a JSON object.', [{ path: '', message: 'Expected an object' }]);
    }
    const result = await registry.call(name, input, { token: bearer(req), client: clientOf(req) });
    send(res, 200, result);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    started.set(res, performance.now());
    const url = new URL(req.url ?? '/', 'http://hub');
    try {
      if (isFileRoute(url.pathname)) { await handleFiles(registry.core, req, res, url.pathname, log); return; }
      if (url.pathname.startsWith('/api/v1/')) {
        await api(req, res, decodeURIComponent(url.pathname.slice('/api/v1/'.length)));
        return;
      }
      if (url.pathname.startsWith('/api/')) throw new AppError('NOT_FOUND', 'Unknown API path; the API lives under /api/v1/.');
      if (!assets || (req.method !== 'GET' && req.method !== 'HEAD')) throw new AppError('NOT_FOUND', 'Not found.');
      // Pages: the kiosk (/kiosk) and the app (everything else: client-side routes).
      if (url.pathname.startsWith('/kiosk/')) {
        // The kiosk page's relative asset paths resolve from /kiosk only.
        res.writeHead(308, { ...SECURITY_HEADERS, Location: `/kiosk${url.search}` });
        res.end();
        return;
      }
      if (url.pathname === '/kiosk') req.url = '/kiosk.html';
      else if (!/\.[a-z0-9]+$/i.test(url.pathname)) req.url = '/index.html';
      // Set before sirv answers: its 304 (If-None-Match) path skips its setHeaders hook.
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
      assets(req, res, () => sendError(res, new AppError('NOT_FOUND', 'Not found.')));
    } catch (err) {
      const appError = toAppError(err);
      // The registry already logged errors that went through it; log only the transport's own.
      if (appError.code === 'INTERNAL' && !(err instanceof AppError)) log(`[campusdesk] ${req.method} ${url.pathname} failed: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) sendError(res, appError);
      else res.end();
    }
  };
}

/** Starts the hub on host:port (port 0: an ephemeral port). */
export function startHttpServer(registry: Registry, opts: HttpOptions & { port: number; host?: string }): Promise<Hub> {
  const host = opts.host ?? '127.0.0.1';
  const handle = createHttpHandler(registry, opts);
  let closing = false;
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    // While shutting down, answer in-flight requests and then drop their connections.
    if (closing) res.shouldKeepAlive = false;
    res.on('finish', () => { if (closing) server.closeIdleConnections(); });
    void handle(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server, port, url: `http://${shownHost}:${port}`,
        close: () => new Promise<void>((done) => {
          closing = true;
          closeEventStreams(registry);
          server.close(() => done());
          server.closeIdleConnections();
        }),
      });
    });
  });
}
