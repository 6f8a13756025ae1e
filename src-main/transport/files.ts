// Attachments over HTTP (and the helpers the desktop bridge uses for the same):
//
//   POST /api/v1/files                 body = the file's bytes, X-File-Name = its
//                                      percent-encoded name, Bearer = a user's or a kiosk's
//                                      token → 201 { id, name, type, size, sha256 }
//   GET  /api/v1/files/<id>            the bytes, to whoever may see them (core/files.ts)
//   GET  /api/v1/files/<id>/thumbnail  a WebP at most 320 px on its longer side
//
// The body is streamed to a temporary file while it is counted: nothing of an upload is
// held in memory while it arrives, and at MAX_FILE_BYTES + 1 the transport stops storing,
// answers 413 and closes the connection. Every answer of these routes carries
// `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`; downloads of
// anything but images also `Content-Disposition: attachment` with an RFC 5987 filename*.
import { createWriteStream, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, toAppError, unauthenticated, fieldError } from '../core/errors.ts';
import { authenticateToken } from '../core/auth.ts';
import { authenticateKiosk } from '../core/kiosks.ts';
import type { Core } from '../core/context.ts';
import { acceptUpload, decodeFileName, fileContent, fileThumbnail, MAX_FILE_BYTES, type FileCaller, type FileContent, type UploadResult } from '../core/files.ts';
import { isImageType } from '../core/files-types.ts';
import { removeTemp, tempUploadPath } from '../core/files-store.ts';

const FILE_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': 'sandbox',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'private, no-store',
};

/** After refusing a request early, discard at most this much more of its body, then hang up. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

const tooLarge = (): AppError => new AppError('PAYLOAD_TOO_LARGE', 'A file may be at most 10 MiB.');

/** The caller behind a bearer token: a user session, else a kiosk; UNAUTHENTICATED otherwise. */
export function fileCaller(core: Core, token: string | null): FileCaller {
  if (token) {
    const actor = authenticateToken(core, token);
    if (actor) return { actor };
    const kiosk = authenticateKiosk(core, token);
    if (kiosk) return { kiosk };
  }
  throw unauthenticated();
}

function bearer(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1] ?? null;
}

/** Lets the rest of a refused request's body pass (unstored), then closes the connection. */
function drainAndClose(req: IncomingMessage, res: ServerResponse): void {
  if (req.readableEnded || req.destroyed) return;
  let drained = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
  res.once('finish', () => setTimeout(() => { if (!req.readableEnded) req.socket.destroy(); }, 5000).unref());
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, close: boolean): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...FILE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(text);
  if (close) drainAndClose(req, res);
}

/** Receives the body into a temporary file, counting; PAYLOAD_TOO_LARGE past MAX_FILE_BYTES. */
function receive(core: Core, req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_FILE_BYTES) return Promise.reject(tooLarge());
  const path = tempUploadPath(core);
  const out = createWriteStream(path, { flags: 'wx' });
  return new Promise<string>((resolve, reject) => {
    let size = 0;
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      out.destroy();
      removeTemp(path);
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) { fail(tooLarge()); return; }
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    };
    req.on('data', onData);
    req.once('end', () => {
      if (done) return;
      out.end(() => { if (!done) { done = true; resolve(path); } });
    });
    // The client went away before the end (an error, or just a closed connection): nothing is kept.
    const interrupted = () => fail(new AppError('VALIDATION', 'The upload was interrupted.', [{ path: 'file', message: 'Incomplete upload' }]));
    req.once('error', interrupted);
    req.once('close', () => { if (!req.readableEnded) interrupted(); });
    out.once('error', fail);
  });
}

async function upload(core: Core, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const caller = fileCaller(core, bearer(req));
  const rawName = header(req, 'x-file-name');
  const name = decodeFileName(rawName);
  const path = await receive(core, req);
  let result: UploadResult;
  try {
    result = await acceptUpload(core, caller, readFileSync(path), name);
  } finally {
    removeTemp(path);
  }
  sendJson(req, res, 201, result, false);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<RFC 5987>` (inline for images). */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function sendFile(res: ServerResponse, content: FileContent, thumbnail: boolean): void {
  const { row, bytes, type } = content;
  const image = isImageType(row.type);
  res.writeHead(200, {
    ...FILE_HEADERS,
    'Content-Type': type.startsWith('text/') ? `${type}; charset=utf-8` : type,
    'Content-Length': bytes.length,
    'Content-Disposition': contentDisposition(image ? 'inline' : 'attachment', thumbnail ? `${row.name}.thumbnail.webp` : row.name),
  });
  res.end(bytes);
}

const FILE_PATH = /^\/api\/v1\/files(?:\/([^/]*)(\/thumbnail)?)?\/?$/;

/** Whether this request is for the file routes (then handleFiles answers it). */
export const isFileRoute = (pathname: string): boolean => pathname === '/api/v1/files' || pathname.startsWith('/api/v1/files/');

/** Answers a request on the file routes; never throws. */
export async function handleFiles(core: Core, req: IncomingMessage, res: ServerResponse, pathname: string, log: (m: string) => void = (m) => core.log.error(m)): Promise<void> {
  let bodyConsumed = false;
  try {
    const m = FILE_PATH.exec(pathname);
    if (!m) throw new AppError('NOT_FOUND', 'Unknown file path: use /api/v1/files, /api/v1/files/<id> or /api/v1/files/<id>/thumbnail.');
    const [, idText, thumb] = m;
    if (idText === undefined) {
      if (req.method !== 'POST') throw new AppError('NOT_FOUND', 'Upload a file with POST /api/v1/files.');
      await upload(core, req, res);
      bodyConsumed = true;
      return;
    }
    if (req.method !== 'GET') throw new AppError('NOT_FOUND', 'Download a file with GET.');
    const id = /^[1-9][0-9]{0,14}$/.test(idText) ? Number(idText) : null;
    const caller = fileCaller(core, bearer(req));
    if (id === null) throw new AppError('NOT_FOUND', `There is no file "${idText.slice(0, 40)}".`);
    const content = thumb ? await fileThumbnail(core, caller, id) : fileContent(core, caller, id);
    sendFile(res, content, thumb !== undefined);
    req.resume();
  } catch (err) {
    const appError = toAppError(err);
    if (appError.code === 'INTERNAL') log(`[campusdesk] ${req.method} ${pathname} failed: ${err instanceof Error ? err.stack : String(err)}`);
    if (res.headersSent) { res.end(); return; }
    // A request whose body was not read (refused early, or too large) ends its connection.
    const close = !bodyConsumed && !req.readableEnded;
    sendJson(req, res, appError.status, appError.toEnvelope(), close);
  }
}

// ---------- the desktop bridge (transport/ipc.ts) ----------

/** An upload's bridge arguments, checked the same way for the local core and the hub forwarder. */
export function ipcUploadArgs(bytes: unknown, name: unknown): { bytes: Buffer; name: string | null } {
  if (!(bytes instanceof Uint8Array)) throw fieldError('file', 'Send the file as bytes (a Uint8Array).');
  if (bytes.byteLength > MAX_FILE_BYTES) throw tooLarge();
  if (name !== undefined && name !== null && (typeof name !== 'string' || name.length > 1000)) throw fieldError('name', 'The file name must be text of at most 1,000 characters.');
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name: typeof name === 'string' && name.trim() !== '' ? name : null };
}

/** A download's bridge argument (the file id), checked the same way for the local core and the hub forwarder. */
export function ipcFileId(id: unknown): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw fieldError('id', 'The file id must be a positive integer.');
  return id;
}

/** An upload over IPC: the bytes arrive whole (the preload checks the size before sending). */
export async function uploadOverIpc(core: Core, token: string | null, bytes: unknown, name: unknown): Promise<UploadResult> {
  const caller = fileCaller(core, token);
  const args = ipcUploadArgs(bytes, name);
  return acceptUpload(core, caller, args.bytes, args.name);
}

/** A download over IPC: the same rules as GET /api/v1/files/<id>[/thumbnail]. */
export async function downloadOverIpc(core: Core, token: string | null, id: unknown, thumbnail: unknown): Promise<{ name: string; type: string; bytes: Uint8Array }> {
  const caller = fileCaller(core, token);
  const fileId = ipcFileId(id);
  const content = thumbnail === true ? await fileThumbnail(core, caller, fileId) : fileContent(core, caller, fileId);
  return { name: content.row.name, type: content.type, bytes: new Uint8Array(content.bytes) };
}
