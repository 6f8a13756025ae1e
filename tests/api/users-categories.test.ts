import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

describe('users and categories', () => {
  let hub: TestHub;
  let admin: string;
  beforeAll(async () => { hub = await startTestHub(); admin = await hub.setupAdmin(); });
  afterAll(async () => { await hub.dispose(); });

  it('creates, lists, searches and updates users', async () => {
    const u = await hub.ok('users.create', { username: 'b.agent', password: 'agent-password', displayName: 'Bea Agent', email: 'bea@uni.example.edu', role: 'agent' }, admin);
    expect(u).toMatchObject({ username: 'b.agent', email: 'bea@uni.example.edu', role: 'agent', active: true });
    expect(u.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect((await hub.ok('users.list', { role: 'agent' }, admin)).items.map((x: any) => x.username)).toEqual(['b.agent']);
    expect((await hub.ok('users.list', { q: 'uni.example' }, admin)).items).toHaveLength(1);
    const dup = await hub.call('users.create', { username: 'b.agent', password: 'agent-password', displayName: 'Again', role: 'agent' }, admin);
    expect(dup.status).toBe(409);
    const bad = await hub.call('users.create', { username: 'Bad Name', password: 'x', displayName: 'B', email: 'not-an-email', role: 'boss' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path).sort()).toEqual(['email', 'password', 'role', 'username']);
    const agentToken = (await hub.ok('auth.login', { username: 'b.agent', password: 'agent-password' })).token;
    expect((await hub.ok('users.list', {}, agentToken)).items.length).toBe(2);
    expect((await hub.call('users.update', { id: u.id, role: 'admin' }, agentToken)).status).toBe(403);
    const promoted = await hub.ok('users.update', { id: u.id, role: 'admin', displayName: 'Bea Boss', email: null }, admin);
    expect(promoted).toMatchObject({ role: 'admin', displayName: 'Bea Boss', email: null });
    await hub.ok('users.update', { id: u.id, password: 'new-password-1' }, admin);
    expect((await hub.call('auth.me', {}, agentToken)).status).toBe(401); // a new password ends sessions
    expect((await hub.call('auth.login', { username: 'b.agent', password: 'new-password-1' })).status).toBe(200);
    expect((await hub.call('users.update', { id: 999, active: false }, admin)).status).toBe(404);
  });

  it('keeps the last active admin', async () => {
    const me = (await hub.ok('auth.me', {}, admin)).user;
    const others = (await hub.ok('users.list', { role: 'admin' }, admin)).items.filter((u: any) => u.id !== me.id);
    for (const o of others) await hub.ok('users.update', { id: o.id, active: false }, admin);
    const r = await hub.call('users.update', { id: me.id, role: 'agent' }, admin);
    expect(r.status).toBe(409);
    expect((await hub.ok('auth.me', {}, admin)).user.role).toBe('admin');
  });

  it('has the three default categories, and admins add, rename and deactivate', async () => {
    const list = await hub.ok('categories.list', {}, admin);
    expect(list.items).toEqual([
      { slug: 'facility_management', name: 'Facility management', active: true },
      { slug: 'technical_it', name: 'Technical IT', active: true },
      { slug: 'services_complaints', name: 'Services complaints', active: true },
    ]);
    expect(await hub.ok('categories.create', { slug: 'parking', name: 'Parking' }, admin)).toEqual({ slug: 'parking', name: 'Parking', active: true });
    expect((await hub.call('categories.create', { slug: 'parking', name: 'Again' }, admin)).status).toBe(409);
    expect((await hub.call('categories.create', { slug: 'Bad Slug', name: '' }, admin)).status).toBe(400);
    expect((await hub.call('categories.create', { slug: '-leading-hyphen', name: 'x' }, admin)).status).toBe(400);
    expect(await hub.ok('categories.create', { slug: 'campus-security', name: 'Campus security' }, admin)).toEqual({ slug: 'campus-security', name: 'Campus security', active: true });
    expect(await hub.ok('categories.update', { slug: 'parking', name: 'Parking & transport', active: false }, admin)).toEqual({ slug: 'parking', name: 'Parking & transport', active: false });
    expect((await hub.call('categories.update', { slug: 'nope', name: 'x' }, admin)).status).toBe(404);
    const reporter = await hub.user(admin, 'rita', 'reporter');
    expect((await hub.ok('categories.list', {}, reporter.token)).items).toHaveLength(5);
    expect((await hub.call('categories.create', { slug: 'mine', name: 'Mine' }, reporter.token)).status).toBe(403);
  });
});
