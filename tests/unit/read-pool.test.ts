// The read pool (src-main/db/pool.ts): reads really run in worker threads (one is answered
// while the main thread is blocked), every read sees the writes committed before it, a
// session's sliding expiry from a worker reaches the writer, and a worker that dies fails
// only its own call and is replaced. Also the asynchronous password hashing (core/auth.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { hashPassword, SESSION_TTL_MS, verifyPassword } from '../../src-main/core/auth.ts';
import { POOL_CRASH_OP } from '../../src-main/db/pool-protocol.ts';
import type { ReadPool } from '../../src-main/db/pool.ts';
import { AppError } from '../../src-main/core/errors.ts';
import { createApp } from '../../src-main/app.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sum = (a: Int32Array): number => a.reduce((s, x) => s + x, 0);

describe('read pool', () => {
  let hub: TestHub;
  let pool: ReadPool;
  let admin: string;
  let ticketId: number;
  const clock = new TestClock();
  const meta = () => ({ token: admin, client: 'test' });
  beforeAll(async () => {
    hub = await startTestHub({ clock, readers: 2 });
    if (!hub.app.readers) throw new Error('the test hub has no read pool');
    pool = hub.app.readers;
    admin = await hub.setupAdmin();
    ticketId = (await hub.ok('tickets.create', { subject: 'Projector dead', description: 'Room 101 projector shows nothing.', category: 'technical_it' }, admin)).id;
  });
  afterAll(async () => { await hub?.dispose(); });

  it('answers a read in a worker while the main thread is blocked', async () => {
    await hub.ok('tickets.get', { id: ticketId }, admin); // workers are up
    const before = Array.from(pool.answered);
    const answer = hub.app.registry.call('tickets.get', { id: ticketId }, meta());
    // Block this thread until a worker counts an answer (bounded: 200 × 50 ms). A read that
    // ran on this thread could not be answered before this loop ends.
    let servedWhileBlocked = false;
    for (let round = 0; round < 200 && !servedWhileBlocked; round++) {
      for (let i = 0; i < pool.size && !servedWhileBlocked; i++) {
        Atomics.wait(pool.answered, i, before[i] ?? 0, 50);
        servedWhileBlocked = sum(pool.answered) > before.reduce((s, x) => s + x, 0);
      }
    }
    expect(servedWhileBlocked).toBe(true);
    expect(await answer).toMatchObject({ id: ticketId, subject: 'Projector dead' });
  });

  it('reads see every write committed before them (read your writes)', async () => {
    let version = (await hub.ok('tickets.get', { id: ticketId }, admin)).version as number;
    for (let i = 0; i < 40; i++) {
      const updated = await hub.ok('tickets.update', { id: ticketId, version, subject: `Projector dead ${i}` }, admin);
      version = updated.version;
      const [got, listed, messages] = await Promise.all([
        hub.ok('tickets.get', { id: ticketId }, admin),
        hub.ok('tickets.list', { q: `dead` }, admin),
        (async () => { await hub.ok('messages.add', { ticketId, body: `reply ${i}` }, admin); return hub.ok('messages.list', { ticketId }, admin); })(),
      ]);
      expect(got.version).toBeGreaterThanOrEqual(version);
      expect(got.subject).toBe(`Projector dead ${i}`);
      expect(listed.items.find((t: { id: number }) => t.id === ticketId)?.subject).toMatch(/^Projector dead/);
      expect(messages.items.at(-1).body).toBe(`reply ${i}`);
      version = (await hub.ok('tickets.get', { id: ticketId }, admin)).version;
    }
    const created = await hub.ok('tickets.create', { subject: 'Fresh one', description: 'Seen at once?', category: 'technical_it' }, admin);
    expect((await hub.ok('tickets.get', { id: created.id }, admin)).subject).toBe('Fresh one');
  });

  it('hands a session\'s sliding expiry from a worker to the writer', async () => {
    const s = await hub.ok('auth.login', { username: 'admin', password: 'admin-password' });
    clock.advance(5 * 60 * 1000);
    const served = sum(pool.answered);
    await hub.ok('tickets.get', { id: ticketId }, s.token);
    expect(sum(pool.answered)).toBeGreaterThan(served); // authenticated in a worker
    await new Promise((r) => setImmediate(r)); // the writer batches expiry pushes per turn
    await new Promise((r) => setImmediate(r));
    const row = hub.app.core.sqlite.prepare('SELECT max(expires_at) AS e FROM sessions').get() as { e: number };
    expect(row.e).toBe(clock.now() + SESSION_TTL_MS);
  });

  it('answers the calls of a worker that dies with INTERNAL and replaces the worker', async () => {
    const replacedBefore = pool.replaced;
    const crashed = pool.call(POOL_CRASH_OP, {}, meta(), clock.now());
    await expect(crashed).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'INTERNAL');
    expect(pool.replaced).toBe(replacedBefore + 1);
    // Every slot answers again (more calls than workers, all at once).
    const answers = await Promise.all(Array.from({ length: pool.size * 3 }, () => hub.ok('tickets.get', { id: ticketId }, admin)));
    expect(answers.every((t) => t.id === ticketId)).toBe(true);
    expect(pool.inFlight().every((n) => n === 0)).toBe(true);
  });

  it('answers errors from a worker exactly as the API defines them', async () => {
    const missing = await hub.call('tickets.get', { id: 999_999 }, admin);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const bad = await hub.call('tickets.list', { limit: 0, extra: 1 }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['extra', 'limit']);
    expect((await hub.call('tickets.list', {}, 'garbage')).status).toBe(401);
  });
});

describe('closing while worker threads are still starting', () => {
  // A thread terminated while it loads better-sqlite3's native module aborts the whole
  // process (a FATAL ERROR in napi_register_module_v1), so close() lets a starting read
  // worker and analytics worker finish loading first. Each round opens the app and closes it
  // at once; a process abort would end this test file.
  it('ends cleanly, round after round', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'campusdesk-close-'));
    try {
      const path = join(dir, 'campusdesk.db');
      for (let round = 0; round < 6; round++) {
        const app = createApp(path, { readers: 2 });
        await app.close();
      }
      const app = createApp(path, { readers: 2 });
      expect(await app.registry.call('auth.status', {}, { token: null, client: 'test' })).toEqual({ needsSetup: true });
      await app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('asynchronous password hashing', () => {
  it('hashes and verifies without blocking the event loop', async () => {
    const order: string[] = [];
    const hashed = hashPassword('correct horse').then((h) => { order.push('hashed'); return h; });
    setImmediate(() => order.push('event loop ran'));
    const hash = await hashed;
    expect(order).toEqual(['event loop ran', 'hashed']);
    order.length = 0;
    const verified = verifyPassword('correct horse', hash).then((ok) => { order.push('verified'); return ok; });
    setImmediate(() => order.push('event loop ran'));
    expect(await verified).toBe(true);
    expect(order).toEqual(['event loop ran', 'verified']);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
  });

  it('keeps the sign-in throttle exact when many wrong passwords arrive at once', async () => {
    const hub = await startTestHub({ readers: 1 });
    try {
      await hub.setupAdmin();
      const answers = await Promise.all(Array.from({ length: 15 }, () => hub.call('auth.login', { username: 'admin', password: 'wrong-password' })));
      const codes = answers.map((a) => a.body.error.code as string);
      expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(10);
      expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(5);
      const right = await hub.call('auth.login', { username: 'admin', password: 'admin-password' });
      expect(right.body.error.code).toBe('RATE_LIMITED');
      // A user created while hashing is asynchronous can sign in (the hash was stored).
      const other = await startTestHub({ readers: 1 });
      try {
        const t = await other.setupAdmin();
        await other.ok('users.create', { username: 'agent1', password: 'agent1-password', displayName: 'Agent', role: 'agent' }, t);
        expect((await other.ok('auth.login', { username: 'agent1', password: 'agent1-password' })).user.role).toBe('agent');
        const u = (await other.ok('users.list', { q: 'agent1' }, t)).items[0];
        await other.ok('users.update', { id: u.id, password: 'new-agent1-password' }, t);
        expect((await other.call('auth.login', { username: 'agent1', password: 'agent1-password' })).status).toBe(401);
        expect((await other.ok('auth.login', { username: 'agent1', password: 'new-agent1-password' })).user.username).toBe('agent1');
      } finally { await other.dispose(); }
    } finally { await hub.dispose(); }
  });
});
