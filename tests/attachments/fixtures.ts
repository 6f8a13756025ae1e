// Test support for attachments: small real files of every allowed type, made in the test
// (images with sharp, a minimal PDF, office documents as ZIPs with the right inner
// structure), photos carrying GPS EXIF, a HEIC made from a real HEIF encode, and the files
// that must be refused (executables, SVG with script, HTML, polyglots).
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** A GPS position in EXIF form (IFD3), 52°31'12"N 13°24'36"E. */
const GPS_EXIF = {
  IFD0: { Make: 'CampusPhone', Model: 'Test 1' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 36/1' },
};

const base = (w = 64, h = 48) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 60, b: 40 } } });

export const png = (w = 64, h = 48): Promise<Buffer> => base(w, h).png().toBuffer();
export const jpeg = (w = 64, h = 48): Promise<Buffer> => base(w, h).jpeg().toBuffer();
export const webp = (w = 64, h = 48): Promise<Buffer> => base(w, h).webp().toBuffer();
export const gif = (w = 64, h = 48): Promise<Buffer> => base(w, h).gif().toBuffer();
/** A JPEG with GPS coordinates and camera data in its EXIF. */
export const jpegWithGps = (w = 800, h = 600): Promise<Buffer> => base(w, h).withExif(GPS_EXIF).jpeg().toBuffer();

/**
 * A HEIC still: a real HEIF file encoded by libheif (AV1 is the codec sharp's libvips
 * bundles; it cannot encode HEVC), with GPS EXIF, its major brand set to `heic` as phones
 * write it. file-type, exifr and libheif read it as the HEIC container it is.
 */
export async function heicWithGps(): Promise<Buffer> {
  const buf = await base(64, 48).withExif(GPS_EXIF).heif({ compression: 'av1', quality: 50 }).toBuffer();
  if (buf.toString('latin1', 4, 8) !== 'ftyp') throw new Error('unexpected HEIF layout');
  buf.write('heic', 8, 'latin1');
  return buf;
}

/** A minimal valid one-page PDF. */
export function pdf(): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A ZIP of stored (uncompressed) entries, in the order given. */
export function zip(entries: [string, string | Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(0, 8);
    local.writeUInt32LE(0, 10); local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10); central.writeUInt32LE(0, 12); central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const OOXML = {
  docx: ['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Leak</w:t></w:r></w:p></w:body></w:document>'],
  xlsx: ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'],
  pptx: ['ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
    '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'],
} as const;

/** A minimal Office Open XML document: [Content_Types].xml, the package relationships, the main part. */
export function ooxml(kind: keyof typeof OOXML, mainContentType?: string): Buffer {
  const [part, type, body] = OOXML[kind];
  return zip([
    ['[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${part}" ContentType="${mainContentType ?? type}"/></Types>`],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${part}"/></Relationships>`],
    [part, `<?xml version="1.0" encoding="UTF-8"?>${body}`],
  ]);
}

/** A minimal OpenDocument file: the stored `mimetype` entry first, then content and manifest. */
export function odf(kind: 'odt' | 'ods'): Buffer {
  const mime = kind === 'odt' ? 'application/vnd.oasis.opendocument.text' : 'application/vnd.oasis.opendocument.spreadsheet';
  return zip([
    ['mimetype', mime],
    ['content.xml', '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body/></office:document-content>'],
    ['META-INF/manifest.xml', `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mime}"/></manifest:manifest>`],
  ]);
}

/** The first bytes of an ELF executable (x86-64), padded out. */
export function elf(): Buffer {
  const b = Buffer.alloc(256);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b, 0);
  b.writeUInt16LE(2, 16); b.writeUInt16LE(0x3e, 18); b.writeUInt32LE(1, 20);
  return b;
}

/** A Windows PE executable: MZ header pointing at a PE signature. */
export function pe(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x14c, 0x84);
  return b;
}

export const svgWithScript = (): Buffer => Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>\n');
export const svgBare = (): Buffer => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
export const html = (): Buffer => Buffer.from('<!DOCTYPE html>\n<html><body><script>fetch("/api/v1/auth.me")</script></body></html>\n');

/** Starts like a GIF but is HTML with script: not decodable as an image. */
export const gifHtmlPolyglot = (): Buffer => Buffer.from('GIF89a/*\x00\x00\x00\x00*/=1;<html><body><script>alert(1)</script></body></html>', 'latin1');

/** A valid PNG with an HTML/script payload after its end. */
export async function pngWithHtmlTail(): Promise<Buffer> {
  return Buffer.concat([await png(), Buffer.from('<html><script>alert(document.domain)</script></html>')]);
}

export const text = (): Buffer => Buffer.from('The radiator in room B-204 is leaking since Monday.\nPlease send someone.\n');
export const csv = (): Buffer => Buffer.from('room,problem,since\nB-204,radiator leaking,2026-03-01\nC-110,"projector, no signal",2026-03-02\n');
