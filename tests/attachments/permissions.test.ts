// Attaching uploads on tickets.create, messages.add and kiosk.submit, the wire objects'
// `attachments`, and who may download what: every role, internal notes, another
// reporter's ticket, kiosks, unattached uploads; bad attachment lists change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';
import * as fx from './fixtures.ts';
import { download, upload, uploaded } from './support.ts';

describe('attachments: attaching and visibility', () => {
  let hub: TestHub;
  let admin: string;
  let agent: string;
  let rita: string; // reporter who owns the ticket
  let otto: string; // another reporter
  let kiosk: string;
  let ticketId: number;
  let onTicket: number;
  let onReply: number;
  let onNote: number;
  let onRitaReply: number;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
    agent = (await hub.user(admin, 'alex', 'agent')).token;
    rita = (await hub.user(admin, 'rita', 'reporter')).token;
    otto = (await hub.user(admin, 'otto', 'reporter')).token;
    kiosk = (await hub.ok('kiosks.create', { name: 'Library entrance' }, admin)).token;

    onTicket = await uploaded(hub, rita, await fx.jpegWithGps(320, 240), 'ceiling.jpg');
    const pdfId = await uploaded(hub, rita, fx.pdf(), 'floor-plan.pdf');
    const t = await hub.ok('tickets.create', { subject: 'Ceiling leaks', description: 'Water drips in B-204.', category: 'facility_management', attachments: [onTicket, pdfId] }, rita);
    ticketId = t.id;
    expect(t.attachments).toEqual([
      { id: onTicket, name: 'ceiling.jpg', type: 'image/jpeg', size: expect.any(Number) },
      { id: pdfId, name: 'floor-plan.pdf', type: 'application/pdf', size: fx.pdf().length },
    ]);
    onReply = await uploaded(hub, agent, fx.text(), 'instructions.txt');
    onNote = await uploaded(hub, agent, fx.csv(), 'costs.csv');
    onRitaReply = await uploaded(hub, rita, await fx.png(), 'after.png');
    const reply = await hub.ok('messages.add', { ticketId, body: 'Put a bucket under it.', attachments: [onReply] }, agent);
    expect(reply.attachments).toEqual([{ id: onReply, name: 'instructions.txt', type: 'text/plain', size: fx.text().length }]);
    const note = await hub.ok('messages.add', { ticketId, body: 'Roofer quote attached.', internal: true, attachments: [onNote] }, agent);
    expect(note.attachments).toHaveLength(1);
    await hub.ok('messages.add', { ticketId, body: 'Bucket is full already.', attachments: [onRitaReply] }, rita);
  });
  afterAll(async () => { await hub.dispose(); });

  it('shows attachments on Ticket (get and list) and Message (list, add), without internal ones for reporters', async () => {
    const got = await hub.ok('tickets.get', { id: ticketId }, rita);
    expect(got.attachments.map((a: { id: number }) => a.id)).toEqual([onTicket, expect.any(Number)]);
    const list = await hub.ok('tickets.list', {}, agent);
    expect(list.items.find((i: { id: number }) => i.id === ticketId).attachments).toHaveLength(2);
    const other = await hub.ok('tickets.create', { subject: 'No files', description: 'Nothing attached.', category: 'technical_it' }, otto);
    expect(other.attachments).toEqual([]);
    const staffView = await hub.ok('messages.list', { ticketId }, agent);
    expect(staffView.items.map((m: { attachments: { id: number }[] }) => m.attachments.map((a) => a.id))).toEqual([[onReply], [onNote], [onRitaReply]]);
    const ritaView = await hub.ok('messages.list', { ticketId }, rita);
    expect(ritaView.items.map((m: { attachments: { id: number }[] }) => m.attachments.map((a) => a.id))).toEqual([[onReply], [onRitaReply]]);
  });

  it('lets each role download exactly what it may see; everyone else gets NOT_FOUND', async () => {
    const expectations: [string, string | null, Record<number, number>][] = [
      ['admin', admin, { [onTicket]: 200, [onReply]: 200, [onNote]: 200, [onRitaReply]: 200 }],
      ['agent', agent, { [onTicket]: 200, [onReply]: 200, [onNote]: 200, [onRitaReply]: 200 }],
      ['reporter of the ticket', rita, { [onTicket]: 200, [onReply]: 200, [onNote]: 404, [onRitaReply]: 200 }],
      ['another reporter', otto, { [onTicket]: 404, [onReply]: 404, [onNote]: 404, [onRitaReply]: 404 }],
      ['a kiosk', kiosk, { [onTicket]: 404, [onReply]: 404, [onNote]: 404, [onRitaReply]: 404 }],
    ];
    for (const [who, token, byId] of expectations) {
      for (const [id, status] of Object.entries(byId)) {
        const d = await download(hub, token, id);
        expect(d.status, `${who} downloading #${id}`).toBe(status);
        const t = await download(hub, token, id, true);
        // Thumbnails follow the same rule (404 also for non-images).
        if (status === 404) expect(t.status, `${who} thumbnail #${id}`).toBe(404);
        if (status === 404) expect(d.json.error.code).toBe('NOT_FOUND');
      }
    }
    // The same message for a file that does not exist and one that may not be seen.
    expect((await download(hub, otto, onTicket)).json.error.message).toBe(`There is no file #${onTicket}.`);
    expect((await download(hub, otto, 987654)).json.error.message).toBe('There is no file #987654.');
    expect((await download(hub, rita, onTicket, true)).status).toBe(200);
  });

  it('keeps an unattached upload to its uploader alone', async () => {
    const mine = await uploaded(hub, otto, fx.text(), 'draft.txt');
    expect((await download(hub, otto, mine)).status).toBe(200);
    for (const token of [rita, agent, admin, kiosk]) expect((await download(hub, token, mine)).status).toBe(404);
  });

  it('refuses bad attachment lists with VALIDATION on attachments.N and changes nothing', async () => {
    const before = (await hub.ok('tickets.list', {}, admin)).total;
    const ottoUpload = await uploaded(hub, otto, fx.text(), 'otto.txt');
    const ritaUpload = await uploaded(hub, rita, fx.text(), 'rita.txt');
    const cases: [string, unknown, string[]][] = [
      ["someone else's upload", [ritaUpload, ottoUpload], ['attachments.0']],
      ['an attached file', [onTicket], ['attachments.0']],
      ['an unknown id', [ottoUpload, 99999], ['attachments.1']],
      ['the same id twice', [ottoUpload, ottoUpload], ['attachments.1']],
      ['eleven ids', Array.from({ length: 11 }, (_, i) => i + 1), ['attachments.10']],
      ['not an id', [0], ['attachments.0']],
      ['not a list', 5, ['attachments']],
    ];
    for (const [label, attachments, paths] of cases) {
      const r = await hub.call('tickets.create', { subject: 'Files', description: 'With files.', category: 'technical_it', attachments }, otto);
      expect(r.status, label).toBe(400);
      expect(r.body.error.code, label).toBe('VALIDATION');
      expect(r.body.error.details.map((d: { path: string }) => d.path), label).toEqual(paths);
    }
    expect((await hub.ok('tickets.list', {}, admin)).total).toBe(before);
    // A failed messages.add leaves the ticket unchanged and the upload still attachable.
    const version = (await hub.ok('tickets.get', { id: ticketId }, rita)).version;
    const r = await hub.call('messages.add', { ticketId, body: 'Two files', attachments: [ritaUpload, onNote] }, rita);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual(['attachments.1']);
    expect((await hub.ok('tickets.get', { id: ticketId }, rita)).version).toBe(version);
    const ok = await hub.ok('messages.add', { ticketId, body: 'One file', attachments: [ritaUpload] }, rita);
    expect(ok.attachments.map((a: { id: number }) => a.id)).toEqual([ritaUpload]);
    // Attachable once.
    const again = await hub.call('messages.add', { ticketId, body: 'Again', attachments: [ritaUpload] }, rita);
    expect(again.body.error.details[0].path).toBe('attachments.0');
  });

  it('lets a kiosk attach its own uploads to its submissions only', async () => {
    const photo = await upload(hub, kiosk, await fx.jpegWithGps(200, 150), 'photo.jpg');
    expect(photo.status).toBe(201);
    // A kiosk may see its own upload before sending (preview), nothing else.
    expect((await download(hub, kiosk, photo.body.id)).status).toBe(200);
    const ritaUpload = await uploaded(hub, rita, fx.text(), 'r.txt');
    const bad = await hub.call('kiosk.submit', { category: 'facility_management', subject: 'Broken door', description: 'Main door.', attachments: [ritaUpload] }, kiosk);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('attachments.0');
    const sub = await hub.ok('kiosk.submit', { category: 'facility_management', subject: 'Broken door', description: 'Main door.', attachments: [photo.body.id] }, kiosk);
    const t = await hub.ok('tickets.get', { id: sub.ticketId }, agent);
    expect(t.attachments).toEqual([{ id: photo.body.id, name: 'photo.jpg', type: 'image/jpeg', size: photo.body.size }]);
    expect((await download(hub, agent, photo.body.id)).status).toBe(200);
    expect((await download(hub, kiosk, photo.body.id)).status).toBe(404);
    expect((await download(hub, rita, photo.body.id)).status).toBe(404);
    // A user may not attach a kiosk's upload.
    const kioskUpload = await upload(hub, kiosk, fx.text(), 'k.txt');
    const r = await hub.call('messages.add', { ticketId: sub.ticketId, body: 'x', attachments: [kioskUpload.body.id] }, agent);
    expect(r.body.error.details[0].path).toBe('attachments.0');
  });

  it('documents attachments in the OpenAPI document', async () => {
    const doc = await (await fetch(`${hub.url}/api/v1/openapi.json`)).json();
    const text = JSON.stringify(doc);
    expect(text).toContain('"attachments"');
  });
});
