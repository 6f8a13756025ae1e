// API tests of the kiosk procedures (spec: Procedures kiosks.* / kiosk.*, Kiosks), over the
// real HTTP hub with a real SQLite file and a controllable clock.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { newReference, REFERENCE_ALPHABET, REFERENCE_PATTERN } from '../../src-main/core/kiosks.ts';

const report = (extra: Record<string, unknown> = {}) => ({
  category: 'facility_management',
  subject: 'Broken window',
  description: 'The window next to the door does not close.',
  location: 'Main building, room 101',
  ...extra,
});

describe('kiosk procedures', () => {
  let hub: TestHub;
  let admin: string;
  let agent: { token: string; id: number };
  let rita: { token: string; id: number };
  const clock = new TestClock();

  beforeAll(async () => {
    hub = await startTestHub({ clock });
    admin = await hub.setupAdmin();
    agent = await hub.user(admin, 'alex', 'agent');
    rita = await hub.user(admin, 'rita', 'reporter');
  });
  afterAll(async () => { await hub.dispose(); });

  const newKiosk = async (name = 'Library entrance', location?: string) =>
    hub.ok<{ id: number; name: string; token: string }>('kiosks.create', location === undefined ? { name } : { name, location }, admin);

  describe('registration', () => {
    it('creates a kiosk with a fresh high-entropy token, stored only as a hash', async () => {
      const k = await newKiosk('  Library entrance ', ' Library, ground floor ');
      expect(k).toEqual({ id: expect.any(Number), name: 'Library entrance', token: expect.any(String) });
      // 256 bits as base64url: 43 characters; at least 128 bits required.
      expect(Buffer.from(k.token, 'base64url').length).toBeGreaterThanOrEqual(16);
      const k2 = await newKiosk('Cafeteria');
      expect(k2.token).not.toBe(k.token);

      const db = new Database(hub.dbPath, { readonly: true });
      try {
        const rows = db.prepare('SELECT * FROM kiosks').all() as Record<string, unknown>[];
        const dump = JSON.stringify(rows);
        expect(dump).not.toContain(k.token);
        expect(dump).not.toContain(k2.token);
        expect(rows.find((r) => r.id === k.id)).toMatchObject({ name: 'Library entrance', location: 'Library, ground floor', revoked_at: null });
      } finally {
        db.close();
      }
    });

    it('lists kiosks without tokens, with status and submission counts', async () => {
      const k = await newKiosk('Sports hall');
      const { items } = await hub.ok('kiosks.list', {}, admin);
      const item = items.find((i: { id: number }) => i.id === k.id);
      expect(item).toEqual({
        id: k.id, name: 'Sports hall', location: null, active: true,
        createdAt: new Date(clock.now()).toISOString(), revokedAt: null, submissions: 0, lastSubmissionAt: null,
      });
      expect(JSON.stringify(items)).not.toContain(k.token);
      expect(JSON.stringify(items)).not.toMatch(/token/i);
    });

    it('admits only admins to kiosks.*', async () => {
      for (const name of ['kiosks.create', 'kiosks.list', 'kiosks.revoke']) {
        const input = name === 'kiosks.create' ? { name: 'X' } : name === 'kiosks.revoke' ? { id: 1 } : {};
        expect((await hub.call(name, input)).status, `${name} anonymous`).toBe(401);
        expect((await hub.call(name, input, agent.token)).body.error.code, `${name} agent`).toBe('FORBIDDEN');
        expect((await hub.call(name, input, rita.token)).body.error.code, `${name} reporter`).toBe('FORBIDDEN');
      }
      const k = await newKiosk('Tablet');
      expect((await hub.call('kiosks.list', {}, k.token)).body.error.code).toBe('UNAUTHENTICATED');
      expect((await hub.call('kiosks.create', { name: 'Mine' }, k.token)).body.error.code).toBe('UNAUTHENTICATED');
    });

    it('validates kiosks.create and kiosks.revoke input', async () => {
      const before = (await hub.ok('kiosks.list', {}, admin)).items.length;
      const cases: [string, unknown, string][] = [
        ['kiosks.create', {}, 'name'],
        ['kiosks.create', { name: '   ' }, 'name'],
        ['kiosks.create', { name: 'x'.repeat(101) }, 'name'],
        ['kiosks.create', { name: 'Ok', location: 'y'.repeat(201) }, 'location'],
        ['kiosks.create', { name: 'Ok', token: 'mine' }, 'token'],
        ['kiosks.revoke', { id: 'one' }, 'id'],
        ['kiosks.revoke', { id: 0 }, 'id'],
      ];
      for (const [name, input, path] of cases) {
        const r = await hub.call(name, input, admin);
        expect(r.status, JSON.stringify(input)).toBe(400);
        expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
      }
      expect((await hub.ok('kiosks.list', {}, admin)).items.length).toBe(before);
      expect((await hub.call('kiosks.revoke', { id: 99999 }, admin)).body.error.code).toBe('NOT_FOUND');
    });

    it('revoking stops the token at once, and is idempotent', async () => {
      const k = await newKiosk('Lobby');
      await hub.ok('kiosk.submit', report(), k.token);
      const revokedAt = new Date(clock.now()).toISOString();
      expect(await hub.ok('kiosks.revoke', { id: k.id }, admin)).toEqual({});
      const r = await hub.call('kiosk.submit', report(), k.token);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
      clock.advance(1000);
      expect(await hub.ok('kiosks.revoke', { id: k.id }, admin)).toEqual({});
      const item = (await hub.ok('kiosks.list', {}, admin)).items.find((i: { id: number }) => i.id === k.id);
      expect(item).toMatchObject({ active: false, revokedAt, submissions: 1 });
    });
  });

  describe('kiosk.submit', () => {
    it('creates a kiosk ticket with no reporter, staff-only contact details, and a reference', async () => {
      const k = await newKiosk('Main hall');
      const r = await hub.ok('kiosk.submit', report({
        subject: '  Leaking tap ', contactName: ' Kim Walker ', contactEmail: 'kim@example.edu', contactPhone: '+1 (555) 010-0199',
      }), k.token);
      expect(r).toEqual({ ticketId: expect.any(Number), reference: expect.stringMatching(REFERENCE_PATTERN) });

      const t = await hub.ok('tickets.get', { id: r.ticketId }, agent.token);
      expect(t).toMatchObject({
        subject: 'Leaking tap', category: 'facility_management', status: 'open', priority: 'normal',
        location: 'Main building, room 101', reporter: null, assignee: null, channel: 'kiosk', version: 1,
        contact: { name: 'Kim Walker', email: 'kim@example.edu', phone: '+1 (555) 010-0199' },
      });
      // In the agents' queue, with the contact.
      const queue = await hub.ok('tickets.list', { sort: 'id', order: 'desc', limit: 5 }, agent.token);
      expect(queue.items[0]).toMatchObject({ id: r.ticketId, channel: 'kiosk', contact: { name: 'Kim Walker' } });
      // Reporters never see kiosk tickets (nor their contact details).
      expect((await hub.call('tickets.get', { id: r.ticketId }, rita.token)).body.error.code).toBe('NOT_FOUND');
      const mine = await hub.ok('tickets.list', {}, rita.token);
      expect(mine.items.some((i: { id: number }) => i.id === r.ticketId)).toBe(false);
      expect(JSON.stringify(mine)).not.toContain('Kim Walker');
      // History: created by nobody (the kiosk), channel kiosk.
      const history = await hub.ok('tickets.history', { id: r.ticketId }, agent.token);
      expect(history.items[0]).toMatchObject({ type: 'created', actor: null, to: { status: 'open', channel: 'kiosk' } });
      // The kiosk list counts it.
      const item = (await hub.ok('kiosks.list', {}, admin)).items.find((i: { id: number }) => i.id === k.id);
      expect(item).toMatchObject({ submissions: 1, lastSubmissionAt: new Date(clock.now()).toISOString() });
    });

    it('stores no contact when none is given, and no location when none is given', async () => {
      const k = await newKiosk('Gym');
      const { location: _l, ...noLocation } = report();
      const r = await hub.ok('kiosk.submit', noLocation, k.token);
      expect(await hub.ok('tickets.get', { id: r.ticketId }, agent.token)).toMatchObject({ contact: null, location: null, channel: 'kiosk' });
      const onlyPhone = await hub.ok('kiosk.submit', report({ contactPhone: '555 0100' }), k.token);
      expect((await hub.ok('tickets.get', { id: onlyPhone.ticketId }, agent.token)).contact).toEqual({ name: null, email: null, phone: '555 0100' });
    });

    it('applies the API input limits and creates nothing on bad input', async () => {
      const k = await newKiosk('Limits');
      const before = (await hub.ok('tickets.list', {}, admin)).total;
      await hub.ok('categories.create', { slug: 'retired', name: 'Retired' }, admin);
      await hub.ok('categories.update', { slug: 'retired', active: false }, admin);
      const cases: [Record<string, unknown>, string][] = [
        [report({ subject: 'x'.repeat(201) }), 'subject'],
        [report({ subject: '   ' }), 'subject'],
        [report({ description: 'x'.repeat(20_001) }), 'description'],
        [report({ location: 'x'.repeat(201) }), 'location'],
        [report({ location: '' }), 'location'],
        [report({ contactEmail: 'not-an-email' }), 'contactEmail'],
        [report({ contactEmail: `${'a'.repeat(250)}@x.edu` }), 'contactEmail'],
        [report({ contactPhone: 'call me' }), 'contactPhone'],
        [report({ contactPhone: '12' }), 'contactPhone'],
        [report({ contactPhone: '1'.repeat(33) }), 'contactPhone'],
        [report({ contactName: ' ' }), 'contactName'],
        [report({ category: 'parking' }), 'category'],
        [report({ category: 'retired' }), 'category'],
        [report({ priority: 'urgent' }), 'priority'],
        [report({ reporterId: 1 }), 'reporterId'],
        [{ subject: 'S', description: 'D' }, 'category'],
      ];
      for (const [input, path] of cases) {
        const r = await hub.call('kiosk.submit', input, k.token);
        expect(r.status, JSON.stringify(input).slice(0, 120)).toBe(400);
        expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
      }
      // Shape and reference problems together, in one answer.
      const both = await hub.call('kiosk.submit', report({ subject: '', category: 'retired' }), k.token);
      expect(both.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['category', 'subject']);
      const malformed = await hub.call('kiosk.submit', undefined, k.token, { raw: '{"subject": ' });
      expect(malformed.body.error.code).toBe('VALIDATION');
      expect((await hub.ok('tickets.list', {}, admin)).total).toBe(before);
    });

    it('needs a valid kiosk token: none, a session token or a made-up one are UNAUTHENTICATED', async () => {
      for (const token of [null, admin, agent.token, rita.token, 'x'.repeat(43)]) {
        const r = await hub.call('kiosk.submit', report(), token);
        expect(r.status).toBe(401);
        expect(r.body.error.code).toBe('UNAUTHENTICATED');
      }
    });

    it('a kiosk token can only submit and look up: every other procedure refuses it', async () => {
      const k = await newKiosk('Locked down');
      const t = await hub.ok('kiosk.submit', report(), k.token);
      const calls: [string, unknown][] = [
        ['auth.me', {}], ['auth.logout', {}], ['users.list', {}], ['users.create', { username: 'evil', password: 'password1', displayName: 'E', role: 'admin' }],
        ['categories.list', {}], ['tickets.list', {}], ['tickets.get', { id: t.ticketId }], ['tickets.create', { subject: 'S', description: 'D', category: 'technical_it' }],
        ['tickets.update', { id: t.ticketId, version: 1, subject: 'X' }], ['tickets.setStatus', { id: t.ticketId, status: 'closed' }],
        ['tickets.history', { id: t.ticketId }], ['messages.list', { ticketId: t.ticketId }], ['messages.add', { ticketId: t.ticketId, body: 'hi' }],
        ['analytics.activeByCategory', {}], ['kiosks.list', {}], ['kiosks.create', { name: 'K' }], ['kiosks.revoke', { id: k.id }],
        ['tickets.import', { tickets: [] }],
      ];
      for (const [name, input] of calls) {
        const r = await hub.call(name, input, k.token);
        expect(r.status, name).toBe(401);
      }
      // Still works afterwards (nothing above revoked or changed it).
      await hub.ok('kiosk.submit', report(), k.token);
      expect(await hub.ok('kiosk.lookup', t, k.token)).toMatchObject({ ticketId: t.ticketId, status: 'open' });
      expect((await hub.ok('tickets.get', { id: t.ticketId }, agent.token)).subject).toBe('Broken window');
    });

    it('limits accepted submissions to 10 per kiosk per 10 minutes; rejected input does not count', async () => {
      const k = await newKiosk('Busy corridor');
      const other = await newKiosk('Quiet corridor');
      const start = clock.now();
      for (let i = 0; i < 10; i++) {
        // Bad input in between must not use up the allowance.
        expect((await hub.call('kiosk.submit', report({ subject: '' }), k.token)).status).toBe(400);
        await hub.ok('kiosk.submit', report({ subject: `Report ${i}` }), k.token);
        clock.advance(30_000); // ten accepted over 5 minutes
      }
      const total = (await hub.ok('tickets.list', {}, admin)).total;
      const limited = await hub.call('kiosk.submit', report(), k.token);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(limited.body.error.message).toMatch(/try again in 5 minutes/);
      expect((await hub.ok('tickets.list', {}, admin)).total).toBe(total);
      // Bad input while limited is still a VALIDATION error (input is checked first).
      expect((await hub.call('kiosk.submit', report({ category: 'nope' }), k.token)).status).toBe(400);
      // Another kiosk is not affected.
      await hub.ok('kiosk.submit', report(), other.token);
      // A revoked token is UNAUTHENTICATED, not RATE_LIMITED.
      // Once the first report leaves the window, one more is accepted.
      clock.t = start + 10 * 60_000 - 1;
      expect((await hub.call('kiosk.submit', report(), k.token)).status).toBe(429);
      clock.t = start + 10 * 60_000;
      await hub.ok('kiosk.submit', report(), k.token);
      expect((await hub.call('kiosk.submit', report(), k.token)).status).toBe(429);
      await hub.ok('kiosks.revoke', { id: k.id }, admin);
      expect((await hub.call('kiosk.submit', report(), k.token)).body.error.code).toBe('UNAUTHENTICATED');
      clock.advance(60 * 60_000);
    });
  });

  describe('kiosk.lookup', () => {
    it('answers status and public staff replies for the right pair, without a token', async () => {
      const k = await newKiosk('Lookup desk');
      const t = await hub.ok('kiosk.submit', report(), k.token);
      const first = await hub.ok('kiosk.lookup', t);
      expect(first).toEqual({ ticketId: t.ticketId, status: 'open', updatedAt: new Date(clock.now()).toISOString(), replies: [] });

      clock.advance(60_000);
      await hub.ok('messages.add', { ticketId: t.ticketId, body: 'Caretaker is on the way.' }, agent.token);
      const replyAt = new Date(clock.now()).toISOString();
      clock.advance(60_000);
      await hub.ok('messages.add', { ticketId: t.ticketId, body: 'Internal: ladder needed', internal: true }, agent.token);
      clock.advance(60_000);
      const ticket = await hub.ok('tickets.get', { id: t.ticketId }, agent.token);
      await hub.ok('tickets.setStatus', { id: t.ticketId, status: 'in_progress', version: ticket.version }, agent.token);
      const now = new Date(clock.now()).toISOString();

      const r = await hub.ok('kiosk.lookup', t);
      expect(r).toEqual({ ticketId: t.ticketId, status: 'in_progress', updatedAt: now, replies: [{ body: 'Caretaker is on the way.', createdAt: replyAt }] });
      expect(JSON.stringify(r)).not.toContain('ladder');
      // Any token (or a bad one) does not matter.
      expect(await hub.ok('kiosk.lookup', t, rita.token)).toEqual(r);
      expect(await hub.ok('kiosk.lookup', t, 'garbage')).toEqual(r);
      // Text is trimmed, the reference too (as typed with a stray space).
      expect(await hub.ok('kiosk.lookup', { ticketId: t.ticketId, reference: ` ${t.reference}\n` })).toEqual(r);
    });

    it('answers NOT_FOUND for every pair that does not match, a malformed reference included', async () => {
      const k = await newKiosk('Mismatch');
      const t = await hub.ok('kiosk.submit', report(), k.token);
      const u = await hub.ok('kiosk.submit', report(), k.token);
      const app = await hub.ok('tickets.create', { subject: 'S', description: 'D', category: 'technical_it' }, rita.token);
      const other = t.reference === 'ABCDEFGH' ? 'ABCDEFGJ' : 'ABCDEFGH';
      const bad: unknown[] = [
        { ticketId: t.ticketId, reference: other },
        { ticketId: t.ticketId, reference: u.reference === t.reference ? other : u.reference },
        { ticketId: u.ticketId, reference: u.reference === t.reference ? other : t.reference },
        { ticketId: t.ticketId, reference: t.reference.toLowerCase() },
        { ticketId: t.ticketId, reference: `${t.reference.slice(0, 4)} ${t.reference.slice(4)}` },
        { ticketId: t.ticketId, reference: t.reference.slice(0, 4) },
        { ticketId: t.ticketId, reference: '' },
        { ticketId: t.ticketId, reference: 'O0I1L0O0' },
        { ticketId: t.ticketId, reference: "' OR 1=1 --" },
        { ticketId: t.ticketId, reference: 'A'.repeat(5000) },
        { ticketId: app.id, reference: t.reference },
        { ticketId: 999999, reference: t.reference },
      ];
      for (const input of bad) {
        const r = await hub.call('kiosk.lookup', input);
        expect(r.status, JSON.stringify(input).slice(0, 80)).toBe(404);
        expect(r.body.error.code).toBe('NOT_FOUND');
      }
      // Wrong types are VALIDATION.
      expect((await hub.call('kiosk.lookup', { ticketId: String(t.ticketId), reference: t.reference })).status).toBe(400);
      expect((await hub.call('kiosk.lookup', { ticketId: t.ticketId })).status).toBe(400);
      expect((await hub.call('kiosk.lookup', { ticketId: t.ticketId, reference: 12345678 })).status).toBe(400);
      clock.advance(60 * 60_000); // forget this test's failures
    });

    it('throttles failed lookups per client: 20 per 10 minutes, then RATE_LIMITED even for a right pair', async () => {
      const k = await newKiosk('Guessing');
      const t = await hub.ok('kiosk.submit', report(), k.token);
      const registry = hub.app.registry;
      const lookup = (client: string, reference: string) => registry.call('kiosk.lookup', { ticketId: t.ticketId, reference }, { token: null, client });
      const wrong = t.reference === 'ZZZZZZZZ' ? 'YYYYYYYY' : 'ZZZZZZZZ';
      const start = clock.now();
      for (let i = 0; i < 20; i++) {
        await expect(lookup('10.0.0.7', wrong)).rejects.toMatchObject({ code: 'NOT_FOUND' });
        // Successes do not count and do not reset.
        if (i === 10) await expect(lookup('10.0.0.7', t.reference)).resolves.toMatchObject({ ticketId: t.ticketId });
        clock.advance(1000);
      }
      await expect(lookup('10.0.0.7', t.reference)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
      await expect(lookup('10.0.0.7', wrong)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
      // Another client is unaffected.
      await expect(lookup('10.0.0.8', t.reference)).resolves.toMatchObject({ ticketId: t.ticketId });
      // Once the oldest failure leaves the window, lookups are answered again.
      clock.t = start + 10 * 60_000;
      await expect(lookup('10.0.0.7', t.reference)).resolves.toMatchObject({ status: 'open' });

      // Over HTTP the answer is 429 with the envelope.
      for (let i = 0; i < 20; i++) await hub.call('kiosk.lookup', { ticketId: t.ticketId, reference: wrong });
      const r = await hub.call('kiosk.lookup', t);
      expect(r.status).toBe(429);
      expect(r.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/wait 10 minutes/) });
      clock.advance(60 * 60_000);
    });
  });

  it('references are 8 characters of the unambiguous alphabet', () => {
    expect(REFERENCE_ALPHABET).not.toMatch(/[0O1IL]/);
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const r = newReference();
      expect(r).toMatch(REFERENCE_PATTERN);
      expect(r).toHaveLength(8);
      seen.add(r);
      for (const c of r) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(seen.size).toBe(5000);
    expect(counts.size).toBe(REFERENCE_ALPHABET.length); // every character is used
  });

  it('documents the kiosk procedures in the OpenAPI document', async () => {
    const res = await fetch(`${hub.url}/api/v1/openapi.json`);
    const doc = await res.json() as { paths: Record<string, unknown> };
    for (const name of ['kiosks.create', 'kiosks.list', 'kiosks.revoke', 'kiosk.submit', 'kiosk.lookup']) {
      expect(Object.keys(doc.paths).some((p) => p.endsWith(`/${name}`)), name).toBe(true);
    }
  });
});
