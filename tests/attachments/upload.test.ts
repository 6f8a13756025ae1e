// Uploads over the real HTTP route: every allowed type accepted and typed by its content,
// refused kinds (executables renamed .png, SVG with script, HTML, polyglots), the 10 MiB
// limit enforced while streaming, EXIF (GPS) removed from photos, thumbnails, download
// headers, names, and deduplication of equal content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { filesFolderOf } from '../../src-shared/files-folder.ts';
import * as fx from './fixtures.ts';
import { download, upload } from './support.ts';

const MiB = 1024 * 1024;

describe('attachments: uploads', () => {
  let hub: TestHub;
  let admin: string;
  let reporter: string;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
    reporter = (await hub.user(admin, 'rita', 'reporter')).token;
  });
  afterAll(async () => { await hub.dispose(); });

  it('accepts every allowed type, decided by the content whatever the name and claimed type', async () => {
    const cases: [string, Buffer, string][] = [
      ['PNG', await fx.png(), 'image/png'],
      ['JPEG', await fx.jpeg(), 'image/jpeg'],
      ['WebP', await fx.webp(), 'image/webp'],
      ['GIF', await fx.gif(), 'image/gif'],
      ['HEIC', await fx.heicWithGps(), 'image/heic'],
      ['PDF', fx.pdf(), 'application/pdf'],
      ['text', fx.text(), 'text/plain'],
      ['CSV', fx.csv(), 'text/csv'],
      ['docx', fx.ooxml('docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['xlsx', fx.ooxml('xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['pptx', fx.ooxml('pptx'), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
      ['odt', fx.odf('odt'), 'application/vnd.oasis.opendocument.text'],
      ['ods', fx.odf('ods'), 'application/vnd.oasis.opendocument.spreadsheet'],
    ];
    for (const [label, bytes, type] of cases) {
      // A misleading name and claimed type: neither counts.
      const r = await upload(hub, reporter, bytes, `${label} upload.bin`, 'application/x-whatever');
      expect(r.status, `${label}: ${JSON.stringify(r.body)}`).toBe(201);
      expect(Object.keys(r.body).sort()).toEqual(['id', 'name', 'sha256', 'size', 'type']);
      expect(r.body.type, label).toBe(type);
      expect(r.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      const got = await download(hub, reporter, r.body.id);
      expect(got.status).toBe(200);
      expect(got.bytes.length).toBe(r.body.size);
      expect(got.headers.get('content-type')?.split(';')[0]).toBe(type);
      // Documents are kept byte for byte; images are re-encoded.
      if (!type.startsWith('image/')) expect(got.bytes.equals(bytes), label).toBe(true);
    }
  });

  it('refuses executables, SVG, HTML and undecodable polyglots whatever they are called (VALIDATION on file)', async () => {
    const cases: [string, Buffer, string][] = [
      ['ELF executable renamed .png', fx.elf(), 'photo.png'],
      ['PE executable renamed .png', fx.pe(), 'screenshot.png'],
      ['SVG with script', fx.svgWithScript(), 'drawing.png'],
      ['SVG without XML prolog', fx.svgBare(), 'icon.svg'],
      ['HTML', fx.html(), 'notes.txt'],
      ['GIF header + HTML polyglot', fx.gifHtmlPolyglot(), 'funny.gif'],
      ['macro-enabled Word document', fx.ooxml('docx', 'application/vnd.ms-word.document.macroEnabled.main+xml'), 'letter.docx'],
      ['plain ZIP', fx.zip([['a.txt', 'hello']]), 'archive.docx'],
      ['binary noise', Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 9, 9]), 'data.txt'],
      ['empty file', Buffer.alloc(0), 'empty.txt'],
    ];
    for (const [label, bytes, name] of cases) {
      const r = await upload(hub, reporter, bytes, name, 'image/png');
      expect(r.status, label).toBe(400);
      expect(r.body.error.code, label).toBe('VALIDATION');
      expect(r.body.error.details.map((d: { path: string }) => d.path), label).toEqual(['file']);
    }
    // Nothing was stored for them.
    const listed = hub.app.core.sqlite.prepare("SELECT count(*) AS n FROM files WHERE name IN ('photo.png','screenshot.png','drawing.png','icon.svg','notes.txt','funny.gif','letter.docx','archive.docx','data.txt','empty.txt')").get() as { n: number };
    expect(listed.n).toBe(0);
  });

  it('neutralises a valid image carrying an HTML payload by re-encoding it', async () => {
    const poly = await fx.pngWithHtmlTail();
    expect(poly.includes('<script>')).toBe(true);
    const r = await upload(hub, reporter, poly, 'poly.png');
    expect(r.status).toBe(201);
    expect(r.body.type).toBe('image/png');
    const got = await download(hub, reporter, r.body.id);
    expect(got.bytes.includes('<script>')).toBe(false);
    expect(got.bytes.includes('<html>')).toBe(false);
    expect((await sharp(got.bytes).metadata()).format).toBe('png');
  });

  it('removes EXIF (GPS above all) from a JPEG and applies its orientation', async () => {
    const photo = await fx.jpegWithGps();
    expect(await exifr.gps(photo)).toMatchObject({ latitude: expect.any(Number), longitude: expect.any(Number) });
    const r = await upload(hub, reporter, photo, 'ceiling.jpg', 'image/jpeg');
    expect(r.status).toBe(201);
    const got = await download(hub, reporter, r.body.id);
    expect(await exifr.gps(got.bytes)).toBeUndefined();
    const tags = await exifr.parse(got.bytes, true);
    expect(tags?.Make).toBeUndefined();
    expect(tags?.GPSLatitude).toBeUndefined();
    expect(got.bytes.includes('CampusPhone')).toBe(false);
    // Orientation 6 (rotate 90° clockwise): the stored pixels are upright, without the tag.
    const turned = await sharp({ create: { width: 80, height: 40, channels: 3, background: '#3366cc' } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const t = await upload(hub, reporter, turned, 'turned.jpg');
    const meta = await sharp((await download(hub, reporter, t.body.id)).bytes).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([40, 80, 1]);
  });

  it('removes the EXIF item from a HEIC photo', async () => {
    const photo = await fx.heicWithGps();
    const before = (await sharp(photo).metadata()).exif;
    expect(before && (await exifr.gps(before.subarray(6)))?.latitude).toBeCloseTo(52.52, 2);
    const r = await upload(hub, reporter, photo, 'IMG_0001.HEIC');
    expect(r.status).toBe(201);
    const got = await download(hub, reporter, r.body.id);
    expect(got.bytes.includes('CampusPhone')).toBe(false);
    const after = (await sharp(got.bytes).metadata()).exif;
    expect(after === undefined || after.every((b) => b === 0)).toBe(true);
    expect(await exifr.gps(got.bytes).catch(() => undefined)).toBeUndefined();
  });

  it('answers thumbnails of images (decodable, at most 320 px) and none for documents', async () => {
    const big = await upload(hub, reporter, await fx.jpegWithGps(1200, 900), 'big.jpg');
    const t = await download(hub, reporter, big.body.id, true);
    expect(t.status).toBe(200);
    expect(t.headers.get('content-type')).toBe('image/webp');
    expect(t.headers.get('x-content-type-options')).toBe('nosniff');
    expect(t.headers.get('content-security-policy')).toBe('sandbox');
    const meta = await sharp(t.bytes).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width, meta.height)).toBe(320);
    expect(meta.exif).toBeUndefined();
    const tall = await upload(hub, reporter, await fx.png(100, 1000), 'tall.png');
    const tm = await sharp((await download(hub, reporter, tall.body.id, true)).bytes).metadata();
    expect([tm.width, tm.height]).toEqual([32, 320]);
    const small = await upload(hub, reporter, await fx.gif(40, 30), 'small.gif');
    const sm = await sharp((await download(hub, reporter, small.body.id, true)).bytes).metadata();
    expect([sm.width, sm.height]).toEqual([40, 30]);
    const heic = await upload(hub, reporter, await fx.heicWithGps(), 'photo.heic');
    expect((await download(hub, reporter, heic.body.id, true)).status).toBe(200);
    const doc = await upload(hub, reporter, fx.pdf(), 'form.pdf');
    const none = await download(hub, reporter, doc.body.id, true);
    expect(none.status).toBe(404);
    expect(none.json.error.code).toBe('NOT_FOUND');
  });

  it('sends nosniff, CSP sandbox, and Content-Disposition attachment (RFC 5987 name) for everything but images', async () => {
    const doc = await upload(hub, reporter, fx.pdf(), 'Rechnung März "final".pdf');
    expect(doc.body.name).toBe('Rechnung März "final".pdf');
    const d = await download(hub, reporter, doc.body.id);
    expect(d.headers.get('x-content-type-options')).toBe('nosniff');
    expect(d.headers.get('content-security-policy')).toBe('sandbox');
    const cd = d.headers.get('content-disposition') ?? '';
    expect(cd.startsWith('attachment;')).toBe(true);
    expect(cd).toContain(`filename*=UTF-8''Rechnung%20M%C3%A4rz%20%22final%22.pdf`);
    expect(cd).toMatch(/filename="Rechnung Ma_rz _final_.pdf"/);
    const txt = await upload(hub, reporter, fx.text(), 'leak.txt');
    const t = await download(hub, reporter, txt.body.id);
    expect(t.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(t.headers.get('content-disposition')?.startsWith('attachment;')).toBe(true);
    const img = await upload(hub, reporter, await fx.png(), 'shot.png');
    const i = await download(hub, reporter, img.body.id);
    expect(i.headers.get('content-security-policy')).toBe('sandbox');
    expect(i.headers.get('x-content-type-options')).toBe('nosniff');
    expect(i.headers.get('content-disposition') ?? '').not.toMatch(/^attachment/);
    // Error answers of these routes carry them too.
    const missing = await download(hub, reporter, 999999);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe('sandbox');
  });

  it('keeps names safe: last path segment, no controls, the extension of the real type', async () => {
    const exe = await upload(hub, reporter, await fx.png(), 'C:\\Users\\rita\\photo.exe');
    expect(exe.body.name).toBe('photo.exe.png');
    const noName = await upload(hub, reporter, fx.pdf(), '');
    expect(noName.body.name).toBe('attachment.pdf');
    const ctl = await upload(hub, reporter, fx.text(), '../../etc/pass\u0007wd\u202Etxt.log');
    expect(ctl.body.name).toBe('passwdtxt.log');
    const bad = await fetch(`${hub.url}/api/v1/files`, { method: 'POST', headers: { Authorization: `Bearer ${reporter}`, 'X-File-Name': '%E0%A4%A' }, body: new Uint8Array(fx.text()) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe('name');
  });

  it('stores equal content once (content-addressed by SHA-256)', async () => {
    const bytes = fx.pdf();
    const a = await upload(hub, reporter, bytes, 'a.pdf');
    const b = await upload(hub, admin, bytes, 'b.pdf');
    expect(a.body.id).not.toBe(b.body.id);
    expect(a.body.sha256).toBe(b.body.sha256);
    const folder = filesFolderOf(hub.dbPath);
    const blob = join(folder, a.body.sha256.slice(0, 2), a.body.sha256);
    expect(existsSync(blob)).toBe(true);
    expect(readdirSync(join(folder, a.body.sha256.slice(0, 2))).filter((n) => n === a.body.sha256)).toHaveLength(1);
    // The same photo twice: re-encoding is deterministic, so one blob again.
    const photo = await fx.jpegWithGps(300, 200);
    const p1 = await upload(hub, reporter, photo, 'p1.jpg');
    const p2 = await upload(hub, reporter, photo, 'p2.jpg');
    expect(p1.body.sha256).toBe(p2.body.sha256);
  });

  it('refuses more than 10 MiB with 413, declared or streamed, without storing it; 10 MiB exactly is fine', async () => {
    const line = 'x'.repeat(1023) + '\n';
    const exactly = Buffer.from(line.repeat(10 * 1024));
    expect(exactly.length).toBe(10 * MiB);
    const ok = await upload(hub, reporter, exactly, 'big.txt');
    expect(ok.status).toBe(201);
    expect(ok.body.size).toBe(10 * MiB);

    const over = Buffer.concat([exactly, Buffer.from('x')]);
    const declared = await upload(hub, reporter, over, 'too-big.txt');
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    // Streamed without a length (up to 200 MiB): counted while it arrives, refused at
    // 10 MiB + 1 — the answer comes long before the client could have sent it all.
    const LIMITLESS = 200 * MiB;
    let sent = 0;
    const chunk = Buffer.alloc(256 * 1024, 'x');
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= LIMITLESS) { controller.close(); return; }
        sent += chunk.length;
        controller.enqueue(new Uint8Array(chunk));
      },
    });
    const res = await fetch(`${hub.url}/api/v1/files`, { method: 'POST', headers: { Authorization: `Bearer ${reporter}`, 'X-File-Name': 'streamed.txt' }, body: stream, duplex: 'half' } as RequestInit);
    const sentWhenAnswered = sent;
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(sentWhenAnswered).toBeLessThan(40 * MiB);
    const stored = hub.app.core.sqlite.prepare("SELECT count(*) AS n FROM files WHERE name IN ('too-big.txt','streamed.txt')").get() as { n: number };
    expect(stored.n).toBe(0);
    expect(readdirSync(join(filesFolderOf(hub.dbPath), 'tmp'))).toEqual([]);
    // The hub still answers.
    expect((await hub.call('auth.me', {}, reporter)).status).toBe(200);
  });

  it('keeps nothing of an upload the client abandons half-way, and goes on answering', async () => {
    const ctrl = new AbortController();
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * MiB) { ctrl.abort(); return; }
        sent += 256 * 1024;
        controller.enqueue(new Uint8Array(256 * 1024).fill(120));
      },
    });
    const r = fetch(`${hub.url}/api/v1/files`, { method: 'POST', headers: { Authorization: `Bearer ${reporter}`, 'X-File-Name': 'half.txt' }, body: stream, duplex: 'half', signal: ctrl.signal } as RequestInit);
    await expect(r).rejects.toThrow();
    const tmp = join(filesFolderOf(hub.dbPath), 'tmp');
    await expect.poll(() => readdirSync(tmp).length, { timeout: 5000 }).toBe(0);
    expect((hub.app.core.sqlite.prepare("SELECT count(*) AS n FROM files WHERE name = 'half.txt'").get() as { n: number }).n).toBe(0);
    expect((await upload(hub, reporter, fx.text(), 'after.txt')).status).toBe(201);
  });

  it('needs a user or kiosk token, and answers unknown paths and methods with NOT_FOUND', async () => {
    const anon = await upload(hub, null, fx.text(), 'a.txt');
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('UNAUTHENTICATED');
    const wrong = await upload(hub, 'not-a-token', fx.text(), 'a.txt');
    expect(wrong.status).toBe(401);
    expect((await download(hub, null, 1)).status).toBe(401);
    expect((await download(hub, reporter, 'abc')).status).toBe(404);
    expect((await download(hub, reporter, '1/other')).status).toBe(404);
    const get = await fetch(`${hub.url}/api/v1/files`, { headers: { Authorization: `Bearer ${reporter}` } });
    expect(get.status).toBe(404);
    const post = await fetch(`${hub.url}/api/v1/files/1`, { method: 'POST', headers: { Authorization: `Bearer ${reporter}` }, body: 'x' });
    expect(post.status).toBe(404);
  });
});
