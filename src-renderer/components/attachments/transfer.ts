// Moving attachment bytes between the renderer and CampusDesk, outside the JSON `call`:
// uploads (XHR in a browser, for upload progress; the preload bridge in the desktop app) and
// downloads into Blobs (fetch with the Authorization header, so no token ever appears in
// a URL or the page; the bridge in the desktop app). Failures are ApiErrors like `call`'s.
import { ApiError, toApiError } from '../../api/client.ts';

/** The spec's limit, checked here too so that a too-large file is refused before it is sent. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;

export interface UploadedFile { id: number; name: string; type: string; size: number; sha256: string }

export interface UploadOptions {
  /** The bearer token (a user's session or a kiosk's token); ignored in the desktop app. */
  token: string | null;
  /** Fraction sent so far, 0–1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

function errorOf(status: number, text: string): ApiError {
  let body: unknown;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  const envelope = body && typeof body === 'object' && 'error' in body ? (body).error : null;
  if (envelope) return toApiError(envelope, status);
  if (status === 0) return new ApiError('NETWORK', 'Cannot reach the CampusDesk hub. Check the network connection and try again.');
  return new ApiError('INTERNAL', `The hub answered ${status}.`, [], status);
}

export function uploadFile(file: Blob, name: string, opts: UploadOptions): Promise<UploadedFile> {
  if (file.size > MAX_FILE_BYTES) return Promise.reject(new ApiError('PAYLOAD_TOO_LARGE', `“${name}” is larger than 10 MiB.`));
  const bridge = typeof window !== 'undefined' ? window.campusdesk : undefined;
  if (bridge) {
    return file.arrayBuffer().then((buf) => {
      if (opts.signal?.aborted) throw new ApiError('NETWORK', 'Upload cancelled.');
      opts.onProgress?.(0.5);
      return bridge.upload(new Uint8Array(buf), name);
    }).then((r) => { opts.onProgress?.(1); return r; }, (e: unknown) => { throw toApiError(e); });
  }
  return new Promise<UploadedFile>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/files');
    if (opts.token) xhr.setRequestHeader('Authorization', `Bearer ${opts.token}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(name));
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total); };
    xhr.onload = () => {
      if (xhr.status === 201) {
        try { resolve(JSON.parse(xhr.responseText) as UploadedFile); } catch { reject(errorOf(500, '')); }
      } else reject(errorOf(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(errorOf(0, ''));
    xhr.onabort = () => reject(new ApiError('NETWORK', 'Upload cancelled.'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** An attachment (or its thumbnail) as a Blob. */
export async function fetchFile(id: number, thumbnail: boolean, token: string | null): Promise<Blob> {
  return (await fetchNamedFile(id, thumbnail, token)).blob;
}

/** The file name of a download's Content-Disposition (RFC 5987 filename* first). */
function dispositionName(header: string | null): string | null {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  if (star) {
    try { return decodeURIComponent(star[1]!.trim()); } catch { /* fall back */ }
  }
  return /filename="([^"]*)"/i.exec(header ?? '')?.[1] ?? null;
}

/** An attachment (or its thumbnail) as a Blob with its stored name (a page that knows only the id: FileScreen). */
export async function fetchNamedFile(id: number, thumbnail: boolean, token: string | null): Promise<{ blob: Blob; name: string }> {
  const bridge = typeof window !== 'undefined' ? window.campusdesk : undefined;
  if (bridge) {
    try {
      const r = await bridge.file(id, thumbnail);
      return { blob: new Blob([r.bytes as Uint8Array<ArrayBuffer>], { type: r.type }), name: r.name };
    } catch (e) {
      throw toApiError(e);
    }
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1/files/${id}${thumbnail ? '/thumbnail' : ''}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
  } catch {
    throw errorOf(0, '');
  }
  if (!res.ok) throw errorOf(res.status, await res.text().catch(() => ''));
  return { blob: await res.blob(), name: dispositionName(res.headers.get('content-disposition')) ?? `file-${id}` };
}

export { formatSize } from '../../../src-shared/file-size.ts';

const TYPE_LABELS: Record<string, string> = {
  'image/png': 'PNG image', 'image/jpeg': 'JPEG image', 'image/webp': 'WebP image', 'image/gif': 'GIF image', 'image/heic': 'HEIC photo',
  'application/pdf': 'PDF', 'text/plain': 'Text', 'text/csv': 'CSV',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
};
export const typeLabel = (type: string): string => TYPE_LABELS[type] ?? type;
export const isImage = (type: string): boolean => type.startsWith('image/');

/**
 * Frees a blob: URL a little later rather than at once: an image element that is being
 * replaced may still be (re)decoding it, and a revoked URL then shows as a failed load.
 */
export function revokeLater(url: string): void {
  setTimeout(() => URL.revokeObjectURL(url), 2000);
}
