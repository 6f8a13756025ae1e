// Attachments: which files CampusDesk accepts, decided by their content alone (never by the
// name or the claimed Content-Type). Binary formats are recognised by `file-type`; plain text
// and CSV (which have no magic bytes) by a UTF-8 text heuristic; office documents are ZIPs
// that file-type tells apart by their inner structure ([Content_Types].xml and word/, xl/,
// ppt/ for OOXML; the `mimetype` entry for OpenDocument). Anything else — SVG, HTML, XML,
// executables, archives, macro documents — is refused, whatever it is called.
//
// Text that a browser could take for markup (the HTML sniffing patterns of the WHATWG MIME
// Sniffing standard, `<svg`, `<?xml`) is refused as HTML even though it is valid text.
import { fileTypeFromBuffer } from 'file-type';

export interface AllowedType {
  mime: string;
  /** File name extensions for this type (first: the one appended to a name that lacks it). */
  extensions: readonly string[];
  /** Shown in messages and the UI. */
  label: string;
  /** Images are re-encoded (metadata removed), shown inline and have thumbnails. */
  image: boolean;
}

const T = (mime: string, extensions: string[], label: string, image = false): AllowedType => ({ mime, extensions, label, image });

/** The spec's allowlist (Additions in 1.1 / Attachments), by MIME type. */
export const ALLOWED_TYPES: readonly AllowedType[] = [
  T('image/png', ['png'], 'PNG image', true),
  T('image/jpeg', ['jpg', 'jpeg'], 'JPEG image', true),
  T('image/webp', ['webp'], 'WebP image', true),
  T('image/gif', ['gif'], 'GIF image', true),
  T('image/heic', ['heic', 'heif'], 'HEIC photo', true),
  T('application/pdf', ['pdf'], 'PDF document'),
  T('text/plain', ['txt', 'text', 'log'], 'Text'),
  T('text/csv', ['csv'], 'CSV table'),
  T('application/vnd.openxmlformats-officedocument.wordprocessingml.document', ['docx'], 'Word document'),
  T('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['xlsx'], 'Excel workbook'),
  T('application/vnd.openxmlformats-officedocument.presentationml.presentation', ['pptx'], 'PowerPoint presentation'),
  T('application/vnd.oasis.opendocument.text', ['odt'], 'OpenDocument text'),
  T('application/vnd.oasis.opendocument.spreadsheet', ['ods'], 'OpenDocument spreadsheet'),
];

const BY_MIME = new Map(ALLOWED_TYPES.map((t) => [t.mime, t]));
export const allowedType = (mime: string): AllowedType | undefined => BY_MIME.get(mime);
export const isImageType = (mime: string): boolean => BY_MIME.get(mime)?.image === true;

/** file-type's names for HEIF stills that we store as image/heic. */
const HEIC_ALIASES = new Set(['image/heic', 'image/heif']);

export type Detection =
  | { ok: true; type: AllowedType }
  | { ok: false; reason: string };

const refuse = (reason: string): Detection => ({ ok: false, reason });

/**
 * The WHATWG MIME Sniffing "HTML" patterns (a tag name followed by a space or `>`), plus SVG
 * and XML: text containing any of them anywhere is refused as markup.
 */
const MARKUP = /<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|object|embed|meta|link|img|form|math)[\s>/]|<!--|<\?xml/i;

/** Controls other than tab, line feed, vertical tab, form feed, carriage return and escape. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000E-\u001A\u001C-\u001F\u007F]/;

/** Plain text: valid UTF-8 (a BOM allowed), no NUL or other binary controls. */
function asText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  return CONTROL.test(text) ? null : text;
}

/**
 * CSV: at least two non-empty lines (of the first 50) that all have the same number (≥ 1)
 * of one separator (comma, semicolon or tab) outside double quotes.
 */
export function looksLikeCsv(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').slice(0, 50);
  if (lines.length < 2) return false;
  return [',', ';', '\t'].some((sep) => {
    const counts = lines.map((line) => {
      let n = 0;
      let quoted = false;
      for (const ch of line) {
        if (ch === '"') quoted = !quoted;
        else if (ch === sep && !quoted) n++;
      }
      return n;
    });
    return counts[0]! >= 1 && counts.every((c) => c === counts[0]);
  });
}

/** Decides an upload's type from its bytes. */
export async function detectType(bytes: Uint8Array): Promise<Detection> {
  if (bytes.length === 0) return refuse('The file is empty.');
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    const mime = HEIC_ALIASES.has(found.mime) ? 'image/heic' : found.mime;
    const type = BY_MIME.get(mime);
    if (!type || mime === 'text/plain' || mime === 'text/csv') {
      return refuse(`Files of this kind (${found.ext}) cannot be attached; allowed are images (PNG, JPEG, WebP, GIF, HEIC), PDF, plain text, CSV and office documents (docx, xlsx, pptx, odt, ods).`);
    }
    return { ok: true, type };
  }
  const text = asText(bytes);
  if (text === null) {
    return refuse('This file is of a kind that cannot be attached; allowed are images (PNG, JPEG, WebP, GIF, HEIC), PDF, plain text, CSV and office documents (docx, xlsx, pptx, odt, ods).');
  }
  if (MARKUP.test(text)) return refuse('HTML, SVG and XML files cannot be attached (they could run scripts); send a screenshot or a PDF instead.');
  return { ok: true, type: BY_MIME.get(looksLikeCsv(text) ? 'text/csv' : 'text/plain')! };
}
