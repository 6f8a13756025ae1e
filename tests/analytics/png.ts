// A small PNG reader for tests (8-bit RGB/RGBA, non-interlaced — what a canvas writes):
// checks the signature, inflates IDAT with node:zlib and undoes the row filters.
import { inflateSync } from 'node:zlib';

export interface DecodedPng { width: number; height: number; channels: number; pixels: Uint8Array }

export function decodePng(buf: Buffer): DecodedPng {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  signature.forEach((b, i) => { if (buf[i] !== b) throw new Error('not a PNG'); });
  let pos = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8]!, color = data[9]!, interlace = data[12]!;
      if (depth !== 8 || interlace !== 0 || (color !== 2 && color !== 6)) throw new Error(`unsupported PNG (depth ${depth}, color ${color}, interlace ${interlace})`);
      channels = color === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[row + x - channels]! : 0;
      const b = y > 0 ? pixels[row - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[row - stride + x - channels]! : 0;
      let v = src[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[row + x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

/** How many distinct colours, and the share of pixels that differ from the top-left one. */
export function pngVariety(png: DecodedPng): { colors: number; nonBackground: number } {
  const colors = new Set<number>();
  const { pixels, channels } = png;
  const bg = [pixels[0], pixels[1], pixels[2]];
  let differ = 0;
  for (let i = 0; i < pixels.length; i += channels) {
    colors.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
    if (pixels[i] !== bg[0] || pixels[i + 1] !== bg[1] || pixels[i + 2] !== bg[2]) differ++;
  }
  return { colors: colors.size, nonBackground: differ / (pixels.length / channels) };
}

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF), for reading exports back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      field += ch; i++; continue;
    }
    if (ch === '"' && field === '') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(field); field = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    if (ch === '\n' || ch === '\r') throw new Error(`bare line break at ${i} (RFC 4180 wants CRLF)`);
    field += ch; i++;
  }
  if (field !== '' || row.length > 0) throw new Error('the last line does not end with CRLF');
  return rows;
}
