// Attachments in the desktop app connected to a hub, without Electron: the real HubForwarder
// (what main.ts answers window.campusdesk.upload / file with in hub mode) against a real hub on
// an ephemeral port. Uploads as the window's user and as the kiosk, downloads and thumbnails
// with the same answers as the hub's own routes, the same limits (10 MiB + 1 byte is
// PAYLOAD_TOO_LARGE, an executable named .png VALIDATION on `file`) and the same visibility
// (another reporter gets NOT_FOUND, a window without a session UNAUTHENTICATED).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import exifr from 'exifr';
import sharp from 'sharp';
import { HubForwarder } from '../../src-main/desktop/hub-forwarder.ts';
import { pageUrl } from '../../src-main/transport/ipc.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { download } from './support.ts';
import { jpegWithGps, pdf, pe, png } from './fixtures.ts';

const RITA = { id: 1, url: pageUrl('main') };
const OTTO = { id: 2, url: pageUrl('main') };
const NOBODY = { id: 3, url: pageUrl('main') };
const KIOSK = { id: 4, url: pageUrl('kiosk') };

describe('desktop app on a hub: attachments through the hub forwarder', () => {
  let hub: TestHub;
  let admin: string;
  let kioskToken: string | null = null;
  let forwarder: HubForwarder;
  let ritaToken: string;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
    await hub.user(admin, 'rita', 'reporter');
    await hub.user(admin, 'otto', 'reporter');
    kioskToken = (await hub.ok('kiosks.create', { name: 'Library kiosk' }, admin)).token;
    forwarder = new HubForwarder(hub.url, { kioskToken: () => kioskToken });
    const r = await forwarder.invoke(RITA, 'auth.login', { username: 'rita', password: 'rita-password' });
    expect(r.ok).toBe(true);
    ritaToken = (r as { ok: true; result: { token: string } }).result.token;
    expect((await forwarder.invoke(OTTO, 'auth.login', { username: 'otto', password: 'otto-password' })).ok).toBe(true);
  });
  afterAll(async () => {
    await forwarder?.forgetAll();
    await hub?.dispose();
  });

  const ok = <T>(r: { ok: boolean }): T => {
    if (!r.ok) throw new Error(`bridge call failed: ${JSON.stringify(r)}`);
    return (r as { ok: true; result: T }).result;
  };

  it('uploads as the window\'s user, attaches, downloads and gets thumbnails as the hub answers them', async () => {
    const photo = await jpegWithGps(800, 600);
    const up = ok<{ id: number; name: string; type: string; size: number; sha256: string }>(await forwarder.upload(RITA, new Uint8Array(photo), 'Kaputte Tür.jpg'));
    expect(up).toMatchObject({ name: 'Kaputte Tür.jpg', type: 'image/jpeg' });
    const doc = ok<{ id: number }>(await forwarder.upload(RITA, new Uint8Array(pdf()), 'form.pdf'));
    const t = ok<{ id: number; attachments: { id: number }[] }>(await forwarder.invoke(RITA, 'tickets.create', { subject: 'Door', description: 'Broken', category: 'facility_management', attachments: [up.id, doc.id] }));
    expect(t.attachments.map((a) => a.id)).toEqual([up.id, doc.id]);

    const got = ok<{ name: string; type: string; bytes: Uint8Array }>(await forwarder.file(RITA, up.id, false));
    expect(got).toMatchObject({ name: 'Kaputte Tür.jpg', type: 'image/jpeg' });
    const direct = await download(hub, ritaToken, up.id);
    expect(Buffer.from(got.bytes).equals(direct.bytes)).toBe(true);
    expect(await exifr.gps(Buffer.from(got.bytes))).toBeUndefined();

    const pdfGot = ok<{ name: string; type: string; bytes: Uint8Array }>(await forwarder.file(RITA, doc.id, false));
    expect(pdfGot).toMatchObject({ name: 'form.pdf', type: 'application/pdf' });
    expect(Buffer.from(pdfGot.bytes).equals(pdf())).toBe(true);

    const thumb = ok<{ name: string; type: string; bytes: Uint8Array }>(await forwarder.file(RITA, up.id, true));
    expect(thumb).toMatchObject({ name: 'Kaputte Tür.jpg', type: 'image/webp' });
    const meta = await sharp(Buffer.from(thumb.bytes)).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(320);
    expect(await forwarder.file(RITA, doc.id, true)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('applies the same limits and errors: 10 MiB + 1 byte, an executable named .png, bad arguments', async () => {
    const count = () => (hub.app.core.sqlite.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
    const before = count();
    expect(await forwarder.upload(RITA, new Uint8Array(10 * 1024 * 1024 + 1), 'big.txt')).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    const exe = await forwarder.upload(RITA, new Uint8Array(pe()), 'screenshot.png');
    expect(exe).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: 'file' }] } });
    expect(await forwarder.upload(RITA, 'not bytes', 'x.txt')).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: 'file' }] } });
    expect(await forwarder.file(RITA, 'one', false)).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ path: 'id' }] } });
    expect(count()).toBe(before);
  });

  it('follows the hub\'s visibility: another reporter NOT_FOUND, no session UNAUTHENTICATED, the kiosk its own uploads', async () => {
    const mine = ok<{ id: number }>(await forwarder.upload(RITA, new Uint8Array(await png()), 'mine.png'));
    expect(await forwarder.file(OTTO, mine.id, false)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await forwarder.file(NOBODY, mine.id, false)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await forwarder.upload(NOBODY, new Uint8Array(await png()), 'x.png')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const k = ok<{ id: number }>(await forwarder.upload(KIOSK, new Uint8Array(await png(30, 30)), 'photo.png'));
    expect(ok<{ type: string }>(await forwarder.file(KIOSK, k.id, false)).type).toBe('image/png');
    expect(await forwarder.file(KIOSK, mine.id, false)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const submitted = ok<{ ticketId: number }>(await forwarder.invoke(KIOSK, 'kiosk.submit', { category: 'facility_management', subject: 'Leak', description: 'Ceiling', attachments: [k.id] }));
    const seen = await hub.ok('tickets.get', { id: submitted.ticketId }, (await hub.ok('auth.login', { username: 'admin', password: 'admin-password' })).token);
    expect(seen.attachments.map((a: { id: number }) => a.id)).toEqual([k.id]);
  });

  it('an expired session on the hub ends the window\'s session; an unreachable hub is NETWORK', async () => {
    const s = { id: 5, url: pageUrl('main') };
    const login = ok<{ token: string }>(await forwarder.invoke(s, 'auth.login', { username: 'rita', password: 'rita-password' }));
    const up = ok<{ id: number }>(await forwarder.upload(s, new Uint8Array(await png()), 'a.png'));
    await hub.ok('auth.logout', {}, login.token);
    expect(await forwarder.file(s, up.id, false)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(forwarder.hasSession(s.id)).toBe(false);
    const away = new HubForwarder('http://127.0.0.1:9', { timeoutMs: 5000 });
    expect(await away.file(KIOSK, 1, false)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } }); // no kiosk token: refused before sending
    const awayKiosk = new HubForwarder('http://127.0.0.1:9', { timeoutMs: 5000, kioskToken: () => 'k' });
    expect(await awayKiosk.upload(KIOSK, new Uint8Array(await png()), 'a.png')).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });
});
