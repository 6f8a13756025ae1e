// Your own account against a real hub: auth.changePassword (other sessions end, a wrong
// current password is VALIDATION on it and throttled like sign-ins) and users.updateMe
// (details and notification choices, merged; bad input changes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';

describe('own account', () => {
  let hub: TestHub;
  let admin: string;
  const clock = new TestClock();
  beforeAll(async () => { hub = await startTestHub({ clock }); admin = await hub.setupAdmin(); });
  afterAll(async () => { await hub.dispose(); });

  it('changes the password, ends the other sessions and keeps this one', async () => {
    const u = await hub.user(admin, 'rita', 'reporter');
    const other = (await hub.ok('auth.login', { username: 'rita', password: 'rita-password' })).token;
    expect(await hub.ok('auth.changePassword', { currentPassword: 'rita-password', newPassword: 'new-secret-1' }, u.token)).toEqual({});
    expect((await hub.call('auth.me', {}, u.token)).status).toBe(200);
    expect((await hub.call('auth.me', {}, other)).status).toBe(401);
    expect((await hub.call('auth.login', { username: 'rita', password: 'rita-password' })).status).toBe(401);
    expect((await hub.call('auth.login', { username: 'rita', password: 'new-secret-1' })).status).toBe(200);
  });

  it('answers a wrong current password with VALIDATION on currentPassword, and a bad new one on newPassword', async () => {
    const u = await hub.user(admin, 'sam', 'agent');
    const wrong = await hub.call('auth.changePassword', { currentPassword: 'not-it-at-all', newPassword: 'whatever-123' }, u.token);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('VALIDATION');
    expect(wrong.body.error.details.map((d: { path: string }) => d.path)).toEqual(['currentPassword']);
    const short = await hub.call('auth.changePassword', { currentPassword: 'sam-password', newPassword: 'short' }, u.token);
    expect(short.body.error.details.map((d: { path: string }) => d.path)).toEqual(['newPassword']);
    const extra = await hub.call('auth.changePassword', { currentPassword: 'sam-password', newPassword: 'long-enough-1', x: 1 }, u.token);
    expect(extra.body.error.details.map((d: { path: string }) => d.path)).toEqual(['x']);
    expect((await hub.call('auth.login', { username: 'sam', password: 'sam-password' })).status).toBe(200); // unchanged
    expect((await hub.call('auth.changePassword', { currentPassword: 'a', newPassword: 'long-enough-1' })).status).toBe(401);
  });

  it('counts wrong current passwords as failed sign-ins: RATE_LIMITED after 10, also for sign-in, until the window passes', async () => {
    const u = await hub.user(admin, 'tom', 'reporter');
    for (let i = 0; i < 10; i++) {
      expect((await hub.call('auth.changePassword', { currentPassword: `wrong-${i}-xx`, newPassword: 'long-enough-1' }, u.token)).status).toBe(400);
    }
    const limited = await hub.call('auth.changePassword', { currentPassword: 'tom-password', newPassword: 'long-enough-1' }, u.token);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect((await hub.call('auth.login', { username: 'tom', password: 'tom-password' })).status).toBe(429);
    clock.advance(15 * 60 * 1000 + 1);
    expect(await hub.ok('auth.changePassword', { currentPassword: 'tom-password', newPassword: 'long-enough-1' }, u.token)).toEqual({});
  });

  it('updates own name, email and notification choices, merging notify over the defaults', async () => {
    const u = await hub.user(admin, 'uma', 'agent');
    const me = await hub.ok('auth.me', {}, u.token);
    expect(me.notify).toEqual({
      email: { 'ticket.created': false, 'ticket.assigned': true, 'ticket.reply': true, 'ticket.status': true, 'ticket.note': true },
      app: { 'ticket.created': true, 'ticket.assigned': true, 'ticket.reply': true, 'ticket.status': true, 'ticket.note': true },
      categories: 'all', desktop: true,
    });
    const r = await hub.ok('users.updateMe', { displayName: ' Uma U. ', email: 'uma@campus.edu', notify: { email: { 'ticket.created': true }, categories: ['technical_it'] } }, u.token);
    expect(r).toMatchObject({ id: u.id, username: 'uma', displayName: 'Uma U.', email: 'uma@campus.edu', role: 'agent', active: true });
    expect(r.notify.email['ticket.created']).toBe(true);
    expect(r.notify.email['ticket.reply']).toBe(true);
    expect(r.notify.categories).toEqual(['technical_it']);
    const again = await hub.ok('users.updateMe', { notify: { desktop: false } }, u.token);
    expect(again.notify).toMatchObject({ desktop: false, categories: ['technical_it'] });
    expect((await hub.ok('auth.me', {}, u.token)).user.displayName).toBe('Uma U.');
    expect((await hub.ok('users.updateMe', { email: null }, u.token)).email).toBeNull();
  });

  it('rejects bad input and changes nothing', async () => {
    const u = await hub.user(admin, 'vic', 'reporter');
    const before = await hub.ok('auth.me', {}, u.token);
    const bad = await hub.call('users.updateMe', { displayName: '  ', email: 'nope', notify: { app: { 'ticket.reply': 'yes' }, sms: {} } }, u.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['displayName', 'email', 'notify.app.ticket.reply', 'notify.sms']);
    const unknown = await hub.call('users.updateMe', { displayName: 'Victor', notify: { categories: ['technical_it', 'no_such'] } }, u.token);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d: { path: string }) => d.path)).toEqual(['notify.categories.1']);
    const role = await hub.call('users.updateMe', { role: 'admin' }, u.token);
    expect(role.status).toBe(400);
    expect(await hub.ok('auth.me', {}, u.token)).toEqual(before);
  });
});
