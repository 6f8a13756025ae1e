// Attachment storage: the folder layout beside the database, the 24-hour clean-up of uploads
// never attached (driven by the app's clock), blobs kept while any row refers to them, and
// checkFiles reporting missing and altered blobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { filesFolderOf } from '../../src-shared/files-folder.ts';
import { checkFiles } from '../../src-main/core/files-store.ts';
import { runChecks } from '../../src-main/core/db-check.ts';
import { messageAttachmentsQuery, ticketAttachmentsQuery } from '../../src-main/core/files.ts';
import * as fx from './fixtures.ts';
import { download, upload, uploaded } from './support.ts';

const HOUR = 60 * 60 * 1000;

describe('attachments: storage, clean-up and check', () => {
  let hub: TestHub;
  let admin: string;
  let rita: string;
  const clock = new TestClock();

  beforeAll(async () => {
    hub = await startTestHub({ clock });
    admin = await hub.setupAdmin();
    rita = (await hub.user(admin, 'rita', 'reporter')).token;
  });
  afterAll(async () => { await hub.dispose(); });

  const blob = (sha: string) => join(filesFolderOf(hub.dbPath), sha.slice(0, 2), sha);
  // Sessions expire while the clock moves a day on: sign in again.
  const relogin = async () => { rita = (await hub.ok('auth.login', { username: 'rita', password: 'rita-password' })).token; };
  const rows = (): number => (hub.app.core.sqlite.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;

  it('keeps blobs in <db>.files/<first two hex digits>/<sha256>', async () => {
    const r = await upload(hub, rita, fx.pdf(), 'plan.pdf');
    expect(filesFolderOf(hub.dbPath)).toBe(`${hub.dbPath}.files`);
    expect(existsSync(blob(r.body.sha256))).toBe(true);
    expect(readdirSync(filesFolderOf(hub.dbPath)).filter((n) => n !== 'tmp').every((n) => /^[0-9a-f]{2}$/.test(n))).toBe(true);
  });

  it('removes uploads never attached after 24 hours, keeping blobs still referred to', async () => {
    const start = rows();
    const shared = fx.csv();
    const lonely = await upload(hub, rita, fx.text(), 'lonely.txt');
    const twinA = await upload(hub, rita, shared, 'a.csv');
    const twinB = await uploaded(hub, rita, shared, 'b.csv');
    const t = await hub.ok('tickets.create', { subject: 'Costs', description: 'See table.', category: 'services_complaints', attachments: [twinB] }, rita);

    clock.advance(23 * HOUR);
    await relogin();
    expect(hub.app.fileCleanup!.tick()).toBe(0);
    expect((await download(hub, rita, lonely.body.id)).status).toBe(200);

    clock.advance(1 * HOUR + 1);
    await relogin();
    // Past 24 hours an upload can no longer be attached, even before the clean-up runs.
    const late = await hub.call('messages.add', { ticketId: t.id, body: 'late', attachments: [lonely.body.id] }, rita);
    expect(late.body.error.details[0]).toMatchObject({ path: 'attachments.0' });
    expect((await download(hub, rita, lonely.body.id)).status).toBe(404);

    // The plan.pdf of the first test expired as well.
    expect(hub.app.fileCleanup!.tick()).toBe(3);
    // start (plan.pdf) + three new rows - three removed: only b.csv is left.
    expect(rows()).toBe(start + 3 - 3);
    expect(existsSync(blob(lonely.body.sha256))).toBe(false);
    // a.csv's row is gone, but its blob is b.csv's too (attached): it stays.
    expect(existsSync(blob(twinA.body.sha256))).toBe(true);
    expect((await download(hub, rita, twinB)).status).toBe(200);
    expect(hub.app.fileCleanup!.tick()).toBe(0);
  });

  it('reads the attachments of a page of tickets, and of messages, through their indexes', () => {
    const core = hub.app.core;
    const planOf = (q: { toSQL(): { sql: string; params: unknown[] } }) => {
      const { sql, params } = q.toSQL();
      return (core.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail).join(' | ');
    };
    const ids = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(planOf(ticketAttachmentsQuery(core, ids))).toMatch(/SEARCH files USING INDEX files_ticket_idx \(ticket_id=\?\)/);
    expect(planOf(messageAttachmentsQuery(core, ids))).toMatch(/SEARCH files USING INDEX files_message_idx \(message_id=\?\)/);
  });

  it('checkFiles reports a missing and an altered blob, and nothing when all is well', async () => {
    const a = await uploaded(hub, rita, Buffer.from('first,file\n1,2\n'), 'one.csv');
    const b = await uploaded(hub, rita, Buffer.from('second file, plain text\n'), 'two.txt');
    await hub.ok('tickets.create', { subject: 'Check', description: 'Two files.', category: 'technical_it', attachments: [a, b] }, rita);
    expect(checkFiles(hub.app.core)).toEqual([]);
    const fileCheck = () => runChecks({ sqlite: hub.app.core.sqlite, dbPath: hub.dbPath }).find((r) => r.name === 'attachment files');
    expect(fileCheck()).toMatchObject({ ok: true, problems: [] });
    const shaOf = (id: number) => (hub.app.core.sqlite.prepare('SELECT sha256 FROM files WHERE id = ?').get(id) as { sha256: string }).sha256;
    unlinkSync(blob(shaOf(a)));
    writeFileSync(blob(shaOf(b)), 'tampered');
    const problems = checkFiles(hub.app.core);
    expect(problems.map((p) => [p.fileId, p.problem])).toEqual([[a, 'missing'], [b, 'altered']]);
    expect(problems[0]!.message).toContain(`File #${a}`);
    expect(problems[0]!.path).toBe(blob(shaOf(a)));
    // campusdesk check, backup verification and restore run the same check.
    expect(fileCheck()).toMatchObject({ ok: false, problems: [problems[0]!.message, problems[1]!.message] });
  });
});
