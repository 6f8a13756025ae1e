// The HTTP transport of the hub: `POST /api/v1/<procedure>` with bearer tokens, the error
// envelope of the spec, body limits, health and readiness, the OpenAPI document, Prometheus
// metrics, and the built renderer (and kiosk page) as static files under a strict
// Content-Security-Policy; over HTTP or HTTPS (certificates reload on SIGHUP via reloadTls),
// behind trusted reverse proxies (./proxy.ts). Every request gets an id (X-Request-Id) and
// one log line. It only translates; every rule lives behind Registry.call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import sirv from 'sirv';
import type { Logger } from '../log.ts';
import { createMetrics, type HubMetrics } from '../metrics.ts';
import { readiness } from '../ready.ts';
import { isLoopback, noProxies, requestOrigin, trustedProxies, type RequestOrigin, type TrustedProxies } from './proxy.ts';
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

export interface TlsFiles {
  /** PEM certificate chain file. */
  cert: string;
  /** PEM private key file. */
  key: string;
}

export interface HttpOptions {
  /** Folder with the built renderer (index.html, kiosk.html, assets/); omitted: API only. */
  staticDir?: string | null;
  /** Request lines, failures (default: the core's logger). */
  log?: Logger;
  /** Reverse proxies whose X-Forwarded-* and X-Request-Id headers count (default: none). */
  trustProxy?: TrustedProxies | readonly string[];
  /** With a token, GET /metrics answers anyone who sends it (Bearer); without, loopback only. */
  metricsToken?: string | null;
  /** Serve HTTPS with these files (startHttpServer). */
  tls?: TlsFiles | null;
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
  /** Re-reads the TLS certificate and key (SIGHUP): false without TLS; throws (keeping the old ones) when they do not load. */
  reloadTls(): boolean;
  /** Stops accepting connections, lets in-flight requests finish (at most `graceMs`), then resolves. */
  close(graceMs?: number): Promise<void>;
}

/** Per request: where it came from, its id, and what the log line and metrics record. */
interface RequestInfo extends RequestOrigin {
  t0: number;
  /** A bounded label: a procedure's name, or a route (static, health, ready, metrics, unknown). */
  procedure: string;
  trace: { userId?: number | null; kioskId?: number | null };
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

const requests = new WeakMap<IncomingMessage, RequestInfo>();

const clientOf = (req: IncomingMessage): string => requests.get(req)?.client ?? req.socket.remoteAddress ?? 'unknown';

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function createHttpHandler(registry: Registry, options: HttpOptions = {}) {
  const log = options.log ?? registry.core.log;
  const proxies = Array.isArray(options.trustProxy) ? trustedProxies(options.trustProxy as readonly string[])
    : (options.trustProxy as TrustedProxies | undefined) ?? noProxies;
  const tls = !!options.tls;
  const metrics: HubMetrics = createMetrics(registry.core);
  const staticDir = options.staticDir && existsSync(options.staticDir) ? options.staticDir : null;
  const assets = staticDir
    ? sirv(staticDir, { dev: false, etag: true, single: false })
    : null;
  let openapi: unknown = null;

  async function serveMetrics(req: IncomingMessage, res: ServerResponse, info: RequestInfo): Promise<void> {
    info.procedure = 'metrics';
    if (options.metricsToken) {
      const given = bearer(req);
      if (!given || !sameSecret(given, options.metricsToken)) throw new AppError('UNAUTHENTICATED', 'GET /metrics needs the metrics token (Authorization: Bearer <token>).');
    } else if (!isLoopback(info.peer) || !isLoopback(info.client)) {
      throw new AppError('FORBIDDEN', 'GET /metrics answers only on loopback unless a metrics token is configured.');
    }
    if (req.method !== 'GET') throw new AppError('NOT_FOUND', 'Call /metrics with GET.');
    const text = await metrics.text();
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
    res.end(text);
  }

  async function api(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const info = requests.get(req);
    if (info) info.procedure = registry.get(name) || ['health', 'ready', 'openapi.json'].includes(name) ? name : 'unknown';
    if (req.method === 'GET' && name === 'ready') {
      const r = readiness(registry.core);
      send(res, r.ok ? 200 : 503, { ...r, version: APP_VERSION });
      return;
    }
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
    const result = await registry.call(name, input, { token: bearer(req), client: clientOf(req), trace: info?.trace ?? {} });
    send(res, 200, result);
  }

  /** One log line and the metrics for a finished (or aborted) request. */
  function finished(req: IncomingMessage, res: ServerResponse, info: RequestInfo): void {
    const seconds = (performance.now() - info.t0) / 1000;
    const status = res.writableFinished ? res.statusCode : 499;
    metrics.observe(info.procedure, status, seconds);
    const line = {
      reqId: info.requestId, method: req.method, procedure: info.procedure, status, ms: Math.round(seconds * 1e4) / 10,
      userId: info.trace.userId ?? undefined, kioskId: info.trace.kioskId ?? undefined, client: info.client,
      ...(info.proxied ? { proto: info.proto } : {}),
    };
    if (info.procedure === 'static') log.debug(line, 'request');
    else log.info(line, 'request');
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    started.set(res, performance.now());
    const info: RequestInfo = { ...requestOrigin(req, proxies, tls), t0: performance.now(), procedure: 'static', trace: {} };
    requests.set(req, info);
    res.setHeader('X-Request-Id', info.requestId);
    let logged = false;
    const done = () => { if (!logged) { logged = true; finished(req, res, info); } };
    res.once('finish', done);
    res.once('close', done);
    let url: URL | null = null;
    try {
      url = requestTarget(req);
      if (url.pathname === '/metrics') {
        await serveMetrics(req, res, info);
        return;
      }
      if (isFileRoute(url.pathname)) {
        info.procedure = 'files';
        await handleFiles(registry.core, req, res, url.pathname, (m) => log.error(m));
        return;
      }
      if (url.pathname.startsWith('/api/v1/')) {
        await api(req, res, procedureName(url.pathname.slice('/api/v1/'.length)));
        return;
      }
      if (url.pathname.startsWith('/api/')) { info.procedure = 'unknown'; throw new AppError('NOT_FOUND', 'Unknown API path; the API lives under /api/v1/.'); }
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
      if (appError.code === 'INTERNAL' && !(err instanceof AppError)) log.error({ err, reqId: info.requestId, method: req.method, procedure: info.procedure, path: url?.pathname ?? String(req.url) }, 'request failed');
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

/** Starts the hub on host:port (port 0: an ephemeral port), over HTTPS when `tls` is given. */
export function startHttpServer(registry: Registry, opts: HttpOptions & { port: number; host?: string }): Promise<Hub> {
  const host = opts.host ?? '127.0.0.1';
  const handle = createHttpHandler(registry, opts);
  const log = opts.log ?? registry.core.log;
  const limits = { ...REQUEST_LIMITS, ...opts.limits };
  let closing = false;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    // While shutting down, answer in-flight requests and then drop their connections.
    if (closing) res.shouldKeepAlive = false;
    res.on('finish', () => { if (closing) server.closeIdleConnections(); });
    // handle answers every failure itself; this is the last guard, so nothing ends the process.
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'request handling failed');
      try {
        if (!res.headersSent) sendError(res, new AppError('INTERNAL', 'Something went wrong on the hub.'));
        else res.destroy();
      } catch {
        res.destroy();
      }
    });
  };
  const serverOptions = {
    // Idle kept-alive connections: the hub advertises 5 s (`Keep-Alive: timeout=5`; fetch
    // closes its side a second before) but holds them 30 s, so the client always closes
    // first. A hub closing first races a client that reuses the connection at that moment
    // (one whose event loop was busy when its own timer was due), and that request fails
    // with a reset. Idle connections cost the hub a socket each.
    keepAliveTimeout: 5000,
    keepAliveTimeoutBuffer: 25_000,
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  };
  const readTls = (files: TlsFiles) => ({ cert: readFileSync(files.cert), key: readFileSync(files.key) });
  const tlsFiles = opts.tls ?? null;
  const server: Server = tlsFiles
    ? createHttpsServer({ ...serverOptions, ...readTls(tlsFiles) }, onRequest)
    : createServer(serverOptions, onRequest);
  server.on('clientError', answerClientError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server, port, url: `${tlsFiles ? 'https' : 'http'}://${shownHost}:${port}`,
        reloadTls() {
          if (!tlsFiles) return false;
          (server as unknown as import('node:tls').Server).setSecureContext(readTls(tlsFiles));
          return true;
        },
        close: (graceMs = 10_000) => new Promise<void>((done) => {
          closing = true;
          closeEventStreams(registry);
          // In-flight calls get `graceMs`; then the remaining connections are cut.
          const force = setTimeout(() => server.closeAllConnections(), graceMs);
          force.unref();
          server.close(() => { clearTimeout(force); done(); });
          server.closeIdleConnections();
        }),
      });
    });
  });
}
