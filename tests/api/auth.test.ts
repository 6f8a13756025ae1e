import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';

describe('auth', () => {
  let hub: TestHub;
  const clock = new TestClock();
  beforeAll(async () => { hub = await startTestHub({ clock }); });
  afterAll(async () => { await hub.dispose(); });

  it('needs setup until the first admin exists, then refuses a second setup', async () => {
    expect(await hub.ok('auth.status')).toEqual({ needsSetup: true });
    const bad = await hub.call('auth.setup', { username: 'x', password: 'short', displayName: ' ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['displayName', 'password', 'username']);
    expect(await hub.ok('auth.status')).toEqual({ needsSetup: true });
    const s = await hub.ok('auth.setup', { username: 'admin', password: 'admin-password', displayName: '  Ada Admin ' });
    expect(s.user).toMatchObject({ username: 'admin', displayName: 'Ada Admin', role: 'admin', active: true, email: null });
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(Date.parse(s.expiresAt) - clock.now()).toBe(12 * 3600 * 1000);
    expect(await hub.ok('auth.status')).toEqual({ needsSetup: false });
    const again = await hub.call('auth.setup', { username: 'other', password: 'admin-password', displayName: 'Other' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('signs in, tells who is signed in, and signs out', async () => {
    const s = await hub.ok('auth.login', { username: 'admin', password: 'admin-password' });
    expect((await hub.ok('auth.me', {}, s.token)).user.username).toBe('admin');
    expect(await hub.ok('auth.logout', {}, s.token)).toEqual({});
    const after = await hub.call('auth.me', {}, s.token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('answers wrong password, unknown user and deactivated user with the same message', async () => {
    const admin = (await hub.ok('auth.login', { username: 'admin', password: 'admin-password' })).token;
    const u = await hub.ok('users.create', { username: 'gone', password: 'gone-password', displayName: 'Gone', role: 'agent' }, admin);
    const live = (await hub.ok('auth.login', { username: 'gone', password: 'gone-password' })).token;
    await hub.ok('users.update', { id: u.id, active: false }, admin);
    expect((await hub.call('auth.me', {}, live)).status).toBe(401); // deactivating ends sessions
    const answers = await Promise.all([
      hub.call('auth.login', { username: 'admin', password: 'wrong-password' }),
      hub.call('auth.login', { username: 'nobody', password: 'whatever-pw' }),
      hub.call('auth.login', { username: 'gone', password: 'gone-password' }),
    ]);
    for (const a of answers) expect(a.status).toBe(401);
    expect(new Set(answers.map((a) => a.body.error.message)).size).toBe(1);
  });

  it('throttles after 10 failures for one username from one client, even the right password, until 15 minutes pass', async () => {
    const admin = (await hub.ok('auth.login', { username: 'admin', password: 'admin-password' })).token;
    await hub.ok('users.create', { username: 'victim', password: 'victim-password', displayName: 'Victim', role: 'reporter' }, admin);
    for (let i = 0; i < 10; i++) expect((await hub.call('auth.login', { username: 'victim', password: `wrong-${i}-pw` })).status).toBe(401);
    const limited = await hub.call('auth.login', { username: 'victim', password: 'victim-password' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    // Other accounts from the same client are not affected.
    expect((await hub.call('auth.login', { username: 'admin', password: 'admin-password' })).status).toBe(200);
    clock.advance(15 * 60 * 1000 + 1);
    expect((await hub.call('auth.login', { username: 'victim', password: 'victim-password' })).status).toBe(200);
  });

  it('expires sessions after 12 idle hours and slides the expiry with use', async () => {
    const s = await hub.ok('auth.login', { username: 'admin', password: 'admin-password' });
    clock.advance(11 * 3600 * 1000);
    expect((await hub.call('auth.me', {}, s.token)).status).toBe(200); // slides to now + 12 h
    clock.advance(11 * 3600 * 1000);
    expect((await hub.call('auth.me', {}, s.token)).status).toBe(200);
    clock.advance(12 * 3600 * 1000 + 1);
    expect((await hub.call('auth.me', {}, s.token)).status).toBe(401);
  });

  it('rejects missing and invalid tokens', async () => {
    expect((await hub.call('auth.me', {})).status).toBe(401);
    expect((await hub.call('auth.me', {}, 'not-a-token')).status).toBe(401);
    const r = await hub.call('tickets.list', {}, null, { headers: { Authorization: 'Basic abc' } });
    expect(r.status).toBe(401);
  });
});
