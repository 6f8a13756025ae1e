// Email out when the SMTP server is down: mail waits in the outbox and is retried with
// backoff, admins see the problem, and once the server is back every email goes out exactly
// once — also across a hub restart, and for a row a crash left in `sending`; after the
// last retry a row is `failed` and listed for admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type RunningHub } from '../../src-main/hub.ts';
import { TestClock } from '../support/hub.ts';
import { SmtpSink, freePort } from './servers.ts';
import { DIGEST_WINDOW_MS } from '../../src-main/mail/outbox.ts';
import { backoffMs, MAX_ATTEMPTS } from '../../src-main/mail/sender.ts';

const FROM = 'helpdesk@campus.test';

async function call(hub: RunningHub, name: string, input: unknown, token?: string): Promise<any> {
  const res = await fetch(`${hub.url}/api/v1/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(input) });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

describe('email out with the mail server down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'campusdesk-mail-'));
  const dbPath = join(dir, 'campusdesk.db');
  const clock = new TestClock();
  let port: number;
  let hub: RunningHub;
  let sink: SmtpSink | null = null;
  beforeAll(async () => { port = await freePort(); });
  afterAll(async () => { await hub?.stop(); await sink?.stop(); rmSync(dir, { recursive: true, force: true }); });

  it('retries, survives a restart, and sends each email once when the server is back', async () => {
    hub = await startHub(dbPath, { port: 0, staticDir: null, clock });
    const admin = (await call(hub, 'auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada Admin' })).token;
    await call(hub, 'settings.update', { outgoing: { host: '127.0.0.1', port, security: 'none', from: FROM } }, admin);
    const mk = async (username: string, role: string) => {
      await call(hub, 'users.create', { username, password: `${username}-password`, displayName: username, role, email: `${username}@campus.test` }, admin);
      return (await call(hub, 'auth.login', { username, password: `${username}-password` })).token as string;
    };
    const rita = await mk('rita', 'reporter');
    const ron = await mk('ron', 'reporter');
    const sam = await mk('sam', 'reporter');
    const ids: number[] = [];
    for (const t of [rita, ron, sam]) ids.push((await call(hub, 'tickets.create', { subject: 'Lights out', description: 'Hall', category: 'facility_management' }, t)).id);

    clock.advance(DIGEST_WINDOW_MS + 1);
    expect(await hub.app.mail!.sender.runOnce()).toBe(0);
    let status = (await call(hub, 'settings.get', {}, admin)).status;
    expect(status.pending).toBe(3);
    expect(status.problems.length).toBeGreaterThan(0);
    expect(status.problems[0].lastError).toMatch(/ECONNREFUSED|connect/i);
    clock.advance(backoffMs(1) + 1);
    await hub.app.mail!.sender.runOnce();

    // The hub stops; as if a crash had happened mid-send, one row is left in `sending`.
    await hub.stop();
    const db = new Database(dbPath);
    db.prepare("UPDATE outbox SET state = 'sending', message_id = '<crashed-row@campus.test>' WHERE id = (SELECT min(id) FROM outbox)").run();
    expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE state IN ('pending','sending')").get()).toEqual({ n: 3 });
    db.close();

    sink = await new SmtpSink().start(port);
    hub = await startHub(dbPath, { port: 0, staticDir: null, clock });
    clock.advance(backoffMs(MAX_ATTEMPTS) + 1);
    await hub.app.mail!.sender.runOnce();
    const got = sink.take();
    expect(got.map((m) => m.to[0]).sort()).toEqual(['rita@campus.test', 'ron@campus.test', 'sam@campus.test']);
    expect(new Set(got.map((m) => m.mail.messageId)).size).toBe(3);
    expect(got.map((m) => m.mail.messageId)).toContain('<crashed-row@campus.test>'); // the resend keeps its Message-ID
    for (const [i, id] of ids.entries()) expect(got.find((m) => m.to[0] === ['rita', 'ron', 'sam'][i] + '@campus.test')!.mail.subject).toContain(`[#${id}]`);

    // Nothing more goes out, however long we wait.
    clock.advance(24 * 3600 * 1000);
    await hub.app.mail!.sender.runOnce();
    expect(sink.take()).toEqual([]);
    const again = (await call(hub, 'auth.login', { username: 'admin', password: 'admin-password' })).token;
    status = (await call(hub, 'settings.get', {}, again)).status;
    expect(status).toMatchObject({ pending: 0, failed: 0, sent: 3 });
  }, 180_000);

  it('gives up after the last retry and lists the failure for admins', async () => {
    const admin = (await call(hub, 'auth.login', { username: 'admin', password: 'admin-password' })).token;
    await call(hub, 'settings.update', { outgoing: { port: await freePort() } }, admin);
    const rita = (await call(hub, 'auth.login', { username: 'rita', password: 'rita-password' })).token;
    const t = await call(hub, 'tickets.create', { subject: 'Never arrives', description: 'x', category: 'technical_it' }, rita);
    clock.advance(DIGEST_WINDOW_MS + 1);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await hub.app.mail!.sender.runOnce();
      clock.advance(backoffMs(MAX_ATTEMPTS) + 1);
    }
    const status = (await call(hub, 'settings.get', {}, admin)).status;
    expect(status.failed).toBe(1);
    expect(status.problems[0]).toMatchObject({ to: 'rita@campus.test', ticketId: t.id, attempts: MAX_ATTEMPTS, kind: 'ticket.created' });
  });
});
