// Attachments over the desktop bridge (the IPC dispatcher the Electron shell hands its calls
// to), against the real registry and a real SQLite file: uploads as the window's user or the
// kiosk window's kiosk, the same type rules and size limit, downloads with the HTTP rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createApp, type App } from '../../src-main/app.ts';
import { IpcDispatcher, pageUrl, type IpcSender } from '../../src-main/transport/ipc.ts';
import type { IpcResult } from '../../src-shared/errors.ts';
import * as fx from './fixtures.ts';

 
const ok = (r: IpcResult<unknown>): any => { if (!r.ok) throw new Error(JSON.stringify(r.error)); return r.result; };
const err = (r: IpcResult<unknown>) => { if (r.ok) throw new Error('expected an error'); return r.error; };

describe('attachments over IPC', () => {
  let dir: string;
  let app: App;
  let ipc: IpcDispatcher;
  let kioskToken: string | null = null;
  const win: IpcSender = { id: 1, url: pageUrl('main') };
  const other: IpcSender = { id: 2, url: pageUrl('main') };
  const kioskWin: IpcSender = { id: 3, url: pageUrl('kiosk') };
  const stranger: IpcSender = { id: 4, url: 'https://evil.example/' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'campusdesk-ipc-files-'));
    app = createApp(join(dir, 'campusdesk.db'), { analytics: false });
    ipc = new IpcDispatcher(app.registry, { kioskToken: () => kioskToken });
    ok(await ipc.invoke(win, 'auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada' }));
    kioskToken = ok(await ipc.invoke(win, 'kiosks.create', { name: 'Hall' })).token;
    ok(await ipc.invoke(win, 'users.create', { username: 'rita', password: 'rita-password', displayName: 'Rita', role: 'reporter' }));
    ok(await ipc.invoke(other, 'auth.login', { username: 'rita', password: 'rita-password' }));
  });
  afterAll(async () => {
    await ipc.forgetAll();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads bytes as the window user and attaches them; downloads follow the ticket rules', async () => {
    const up = ok(await ipc.upload(win, new Uint8Array(await fx.jpegWithGps(400, 300)), 'photo.jpg'));
    expect(up).toMatchObject({ name: 'photo.jpg', type: 'image/jpeg' });
    const note = ok(await ipc.invoke(win, 'tickets.create', { subject: 'Leak', description: 'Drips.', category: 'facility_management', attachments: [up.id] }));
    expect(note.attachments.map((a: { id: number }) => a.id)).toEqual([up.id]);
    const file = ok(await ipc.file(win, up.id, false));
    expect(file.type).toBe('image/jpeg');
    expect(file.bytes).toBeInstanceOf(Uint8Array);
    const thumb = ok(await ipc.file(win, up.id, true));
    const meta = await sharp(thumb.bytes).metadata();
    expect([meta.format, Math.max(meta.width, meta.height)]).toEqual(['webp', 320]);
    // Another reporter's window: NOT_FOUND.
    expect(err(await ipc.file(other, up.id, false)).code).toBe('NOT_FOUND');
  });

  it('applies the same type rules and limit, and needs a session or the kiosk token', async () => {
    const exe = err(await ipc.upload(win, new Uint8Array(fx.elf()), 'x.png'));
    expect([exe.code, exe.details[0]?.path]).toEqual(['VALIDATION', 'file']);
    expect(err(await ipc.upload(win, new Uint8Array(10 * 1024 * 1024 + 1), 'big.txt')).code).toBe('PAYLOAD_TOO_LARGE');
    expect(err(await ipc.upload(win, 'not bytes', 'a.txt')).details[0]?.path).toBe('file');
    expect(err(await ipc.upload({ id: 9, url: pageUrl('main') }, new Uint8Array(fx.text()), 'a.txt')).code).toBe('UNAUTHENTICATED');
    expect(err(await ipc.upload(stranger, new Uint8Array(fx.text()), 'a.txt')).code).toBe('FORBIDDEN');
    expect(err(await ipc.file(win, 'one', false)).details[0]?.path).toBe('id');
  });

  it('uploads from the kiosk window as the kiosk, for its own submissions', async () => {
    const up = ok(await ipc.upload(kioskWin, new Uint8Array(await fx.png()), 'door.png'));
    const sub = ok(await ipc.invoke(kioskWin, 'kiosk.submit', { category: 'facility_management', subject: 'Door', description: 'Stuck.', attachments: [up.id] }));
    const t = ok(await ipc.invoke(win, 'tickets.get', { id: sub.ticketId }));
    expect(t.attachments.map((a: { id: number }) => a.id)).toEqual([up.id]);
    expect(err(await ipc.file(kioskWin, up.id, false)).code).toBe('NOT_FOUND');
  });
});
