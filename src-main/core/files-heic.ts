// Removes the metadata items (Exif, and XMP carried as an `application/rdf+xml` item) from a
// HEIC/HEIF file without decoding it: the photo's HEVC data cannot be decoded by the bundled
// image library, so instead of re-encoding, the bytes of those items are overwritten with
// zeros in place (boxes `meta` → `iinf`/`infe` name the items, `iloc` says where their bytes
// are). The image data and the file's layout stay untouched; a reader finds no Exif data.
// A file whose boxes cannot be read is refused (null).

interface Box { type: string; start: number; body: number; end: number }

function boxes(buf: Buffer, from: number, to: number): Box[] | null {
  const out: Box[] = [];
  let p = from;
  while (p + 8 <= to) {
    let size = buf.readUInt32BE(p);
    const type = buf.toString('latin1', p + 4, p + 8);
    let header = 8;
    if (size === 1) {
      if (p + 16 > to) return null;
      const big = buf.readBigUInt64BE(p + 8);
      if (big > BigInt(to - p)) return null;
      size = Number(big);
      header = 16;
    } else if (size === 0) {
      size = to - p;
    }
    if (size < header || p + size > to) return null;
    out.push({ type, start: p, body: p + header, end: p + size });
    p += size;
  }
  return out;
}

/** Reads an unsigned big-endian integer of 0, 4 or 8 bytes. */
function readSized(buf: Buffer, p: number, n: number): number {
  if (n === 0) return 0;
  if (n === 4) return buf.readUInt32BE(p);
  if (n === 8) return Number(buf.readBigUInt64BE(p));
  throw new RangeError(`unsupported field size ${n}`);
}

/** Item ids of Exif and XMP items listed in `iinf`. */
function metadataItems(buf: Buffer, iinf: Box): Set<number> {
  const ids = new Set<number>();
  const version = buf[iinf.body]!;
  const first = iinf.body + 4 + (version === 0 ? 2 : 4);
  for (const infe of boxes(buf, first, iinf.end) ?? []) {
    if (infe.type !== 'infe') continue;
    const v = buf[infe.body]!;
    if (v < 2) continue;
    let p = infe.body + 4;
    const id = v === 2 ? buf.readUInt16BE(p) : buf.readUInt32BE(p);
    p += (v === 2 ? 2 : 4) + 2;
    const itemType = buf.toString('latin1', p, p + 4);
    p += 4;
    if (itemType === 'Exif') ids.add(id);
    if (itemType === 'mime') {
      const nameEnd = buf.indexOf(0, p);
      if (nameEnd < 0 || nameEnd >= infe.end) continue;
      const typeEnd = buf.indexOf(0, nameEnd + 1);
      const contentType = buf.toString('latin1', nameEnd + 1, typeEnd < 0 || typeEnd > infe.end ? infe.end : typeEnd);
      if (/rdf\+xml|xmp/i.test(contentType)) ids.add(id);
    }
  }
  return ids;
}

/** Zeroes the extents of the given items (`iloc`); false when the box is not understood. */
function zeroItems(buf: Buffer, iloc: Box, ids: Set<number>, idat: Box | undefined): boolean {
  const version = buf[iloc.body]!;
  let p = iloc.body + 4;
  const offsetSize = buf[p]! >> 4;
  const lengthSize = buf[p]! & 15;
  const baseOffsetSize = buf[p + 1]! >> 4;
  const indexSize = version === 1 || version === 2 ? buf[p + 1]! & 15 : 0;
  p += 2;
  const count = version < 2 ? buf.readUInt16BE(p) : buf.readUInt32BE(p);
  p += version < 2 ? 2 : 4;
  for (let i = 0; i < count; i++) {
    const id = version < 2 ? buf.readUInt16BE(p) : buf.readUInt32BE(p);
    p += version < 2 ? 2 : 4;
    let method = 0;
    if (version === 1 || version === 2) { method = buf.readUInt16BE(p) & 15; p += 2; }
    p += 2; // data_reference_index
    const base = readSized(buf, p, baseOffsetSize);
    p += baseOffsetSize;
    const extents = buf.readUInt16BE(p);
    p += 2;
    for (let e = 0; e < extents; e++) {
      p += indexSize;
      const offset = readSized(buf, p, offsetSize);
      p += offsetSize;
      const length = readSized(buf, p, lengthSize);
      p += lengthSize;
      if (!ids.has(id)) continue;
      if (method === 2) return false;
      const origin = method === 1 ? (idat ? idat.body : -1) : 0;
      if (origin < 0) return false;
      const start = origin + base + offset;
      const end = length === 0 ? (method === 1 && idat ? idat.end : buf.length) : start + length;
      if (start < 0 || end > buf.length || start > end) return false;
      buf.fill(0, start, end);
    }
    if (p > iloc.end) return false;
  }
  return true;
}

/** A copy of the HEIC file with its Exif and XMP items zeroed, or null when it cannot be read. */
export function stripHeicMetadata(input: Uint8Array): Buffer | null {
  const buf = Buffer.from(input);
  try {
    const top = boxes(buf, 0, buf.length);
    const meta = top?.find((b) => b.type === 'meta');
    if (!top || top[0]?.type !== 'ftyp' || !meta) return null;
    const inner = boxes(buf, meta.body + 4, meta.end);
    if (!inner) return null;
    const iinf = inner.find((b) => b.type === 'iinf');
    const iloc = inner.find((b) => b.type === 'iloc');
    if (!iinf || !iloc) return null;
    const ids = metadataItems(buf, iinf);
    if (ids.size > 0 && !zeroItems(buf, iloc, ids, inner.find((b) => b.type === 'idat'))) return null;
    return buf;
  } catch {
    return null;
  }
}
