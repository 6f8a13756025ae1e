// The HTTP transport of the hub: `POST /api/v1/<procedure>` with bearer tokens, the error
// envelope of the spec, body limits, health, the OpenAPI document, and the built renderer
// (and kiosk page) as static files under a strict Content-Security-Policy. It only
// translates; every rule lives behind Registry.call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import sirv from 'sirv';
import { AppError, toAppError } from '../core/errors.ts';
import { DEFAULT_MAX_BODY, type Registry } from '../api/registry.ts';
import { buildOpenApi } from '../api/openapi.ts';
import { APP_VERSION } from '../version.ts';

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
  /** Limits on slow clients (slowloris, slow bodies); defaults in REQUEST_LIMITS. */
  limits?: Partial<RequestLimits>;
}

/** How long a client may take to send a request, and how often the server checks. */
export interface RequestLimits {
  /** The request line and every header must have arrived within this time. */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived within this time. */
  requestTimeoutMs: number;
  /** How often the server looks for connections over those limits. */
  checkIntervalMs: number;
}

export const REQUEST_LIMITS: RequestLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, checkIntervalMs: 1_000 };
/** Node's limit on the request line plus headers; beyond it the answer is 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

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
    // The client went away (or timed out) mid-body: nothing to answer, and not a bug to log.
    req.on('error', () => reject(new AppError('VALIDATION', 'The request body did not arrive completely.')));
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
    const procedure = registry.get(name);
    if (!procedure || req.method !== 'POST') {
      const msg = procedure ? `Call ${name} with POST.` : `There is no procedure named "${name}".`;
      sendError(res, new AppError('NOT_FOUND', msg));
      req.resume();
      return;
    }
    const raw = await readBody(req, procedure.maxBodyBytes ?? DEFAULT_MAX_BODY);
    let input: unknown = {};
    const text = decodeUtf8(raw);
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
    let url: URL | null = null;
    try {
      url = requestTarget(req);
      if (url.pathname.startsWith('/api/v1/')) {
        await api(req, res, procedureName(url.pathname.slice('/api/v1/'.length)));
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
      if (appError.code === 'INTERNAL' && !(err instanceof AppError)) log(`[campusdesk] ${req.method} ${url?.pathname ?? JSON.stringify(req.url)} failed: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) sendError(res, appError);
      else res.end();
      // An unread body (an error answered before reading it) must not stall the connection.
      if (!req.complete) req.resume();
    }
  };
}

/** The request target as a URL (origin- or absolute-form); VALIDATION when it is not one. */
function requestTarget(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://hub');
  } catch {
    throw new AppError('VALIDATION', 'The request target is not a valid URL.', [{ path: '', message: 'Invalid request target' }]);
  }
}

/** The percent-decoded procedure name; a name that cannot be decoded names no procedure. */
function procedureName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new AppError('NOT_FOUND', 'There is no procedure with that name (it is not valid percent-encoded UTF-8).');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; a body that is not valid UTF-8 is VALIDATION (never silently replaced with U+FFFD). */
function decodeUtf8(raw: Buffer): string {
  try {
    return utf8.decode(raw);
  } catch {
    throw new AppError('VALIDATION', 'The request body is not valid UTF-8.', [{ path: '', message: 'Invalid UTF-8' }]);
  }
}

/**
 * Answers what Node's HTTP parser rejects before a request exists (bad request line or
 * headers, headers over MAX_HEADER_BYTES, a client over REQUEST_LIMITS) with the error
 * envelope, then closes the connection.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, reason, error] = err.code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'Request Header Fields Too Large', new AppError('PAYLOAD_TOO_LARGE', `The request line and headers are larger than ${MAX_HEADER_BYTES / 1024} KiB.`)]
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', new AppError('VALIDATION', 'The request did not arrive in time.')]
      : [400, 'Bad Request', new AppError('VALIDATION', 'The request could not be parsed as HTTP/1.1.', [{ path: '', message: err.code ?? 'Malformed request' }])];
  const body = JSON.stringify(error.toEnvelope());
  const headers = { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);
}

/** Starts the hub on host:port (port 0: an ephemeral port). */
export function startHttpServer(registry: Registry, opts: HttpOptions & { port: number; host?: string }): Promise<Hub> {
  const host = opts.host ?? '127.0.0.1';
  const handle = createHttpHandler(registry, opts);
  const log = opts.log ?? ((m: string) => console.error(m));
  const limits = { ...REQUEST_LIMITS, ...opts.limits };
  let closing = false;
  const server = createServer({
    keepAliveTimeout: 5000,
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  }, (req, res) => {
    // While shutting down, answer in-flight requests and then drop their connections.
    if (closing) res.shouldKeepAlive = false;
    res.on('finish', () => { if (closing) server.closeIdleConnections(); });
    // handle answers every failure itself; this is the last guard, so nothing ends the process.
    handle(req, res).catch((err: unknown) => {
      log(`[campusdesk] request handling failed: ${err instanceof Error ? err.stack : String(err)}`);
      try {
        if (!res.headersSent) sendError(res, new AppError('INTERNAL', 'Something went wrong on the hub.'));
        else res.destroy();
      } catch {
        res.destroy();
      }
    });
  });
  server.on('clientError', answerClientError);
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
          server.close(() => done());
          server.closeIdleConnections();
        }),
      });
    });
  });
}
