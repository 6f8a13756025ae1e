// Attachments: what happens to photos and screenshots before they are stored, and their
// thumbnails. JPEG, PNG, WebP and GIF are decoded and re-encoded with sharp: the EXIF
// orientation is applied to the pixels and every metadata block (EXIF with GPS, XMP, IPTC,
// comments) is left behind; anything hidden after or inside the image data (an HTML or
// script payload of a polyglot file) does not survive re-encoding. HEIC photos cannot be
// re-encoded with the bundled libvips (no HEVC), so their metadata items are zeroed in place
// (files-heic.ts). Thumbnails are WebP, at most THUMB_MAX px on the longer side.
import sharp from 'sharp';
import { stripHeicMetadata } from './files-heic.ts';

export const THUMB_MAX = 320;
/** Larger images (in pixels) are refused: decoding them would take too much memory. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export type CleanResult = { ok: true; bytes: Buffer } | { ok: false; reason: string };

const UNREADABLE = 'The image could not be read; it may be damaged or not really an image.';

export async function cleanImage(bytes: Buffer, mime: string): Promise<CleanResult> {
  if (mime === 'image/heic') {
    const out = stripHeicMetadata(bytes);
    return out ? { ok: true, bytes: out } : { ok: false, reason: 'The HEIC photo could not be read; it may be damaged.' };
  }
  try {
    const animated = mime === 'image/gif' || mime === 'image/webp';
    const input = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS, animated });
    const info = await input.metadata();
    const multiPage = (info.pages ?? 1) > 1;
    const img = multiPage ? input : input.autoOrient();
    const out = mime === 'image/jpeg' ? img.jpeg({ quality: 90 })
      : mime === 'image/png' ? img.png()
        : mime === 'image/webp' ? img.webp({ quality: 90 })
          : img.gif();
    return { ok: true, bytes: await out.toBuffer() };
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/pixel limit/i.test(message)) return { ok: false, reason: `The image has more than ${MAX_IMAGE_PIXELS / 1_000_000} million pixels; send a smaller one.` };
    return { ok: false, reason: UNREADABLE };
  }
}

/** A re-encoded WebP at most THUMB_MAX px on its longer side (first frame), or null if undecodable. */
export async function makeThumbnail(bytes: Buffer): Promise<Buffer | null> {
  try {
    return await sharp(bytes, { failOn: 'none', limitInputPixels: MAX_IMAGE_PIXELS })
      .autoOrient()
      .resize(THUMB_MAX, THUMB_MAX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch {
    return null;
  }
}
