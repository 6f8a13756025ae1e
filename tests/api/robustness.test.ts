// Bad input never gets INTERNAL, and INTERNAL (a bug) still answers the envelope. Names that
// cannot be percent-decoded are NOT_FOUND; bodies that are not UTF-8 and strings with lone
// surrogates are VALIDATION on every transport and store nothing (spec 1.1, "Robustness of
// the transport"). Raw-socket attacks are in tests/adversarial/raw-http.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { Registry, defineProcedure, anyone } from '../../src-main/api/registry.ts';
import { startHttpServer } from '../../src-main/transport/http.ts';
import { AppError } from '../../src-main/core/errors.ts';

const GARBAGE: unknown[] = [
  {}, { id: 'seven' }, { id: -1 }, { id: 1.5 }, { id: 2 ** 60 }, { ticketId: null }, { status: 'x' }, { tickets: 'all' },
  { q: 7 }, { limit: 0 }, { cursor: '' }, { body: {} }, { slug: ['a'] }, { username: '' }, { role: 'root' },
  { version: 'latest' }, { from: 'yesterday' }, { last: '-3d' }, { nested: { deep: [1, 2, 3] } }, { category: [null] },
  { subject: 'x'.repeat(201) }, { description: '\u0000' }, { openedFrom: '2026-13-45T99:99:99Z' },
];

describe('robustness', () => {
  let hub: TestHub;
  let admin: string;
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
    await hub.ok('tickets.create', { subject: 'Seed', description: 'Seed ticket', category: 'technical_it' }, admin);
  });
  afterAll(async () => { await hub.dispose(); });

  it('answers every procedure with a clear 4xx (never 500) for malformed input, changing nothing', async () => {
    const doc = await (await fetch(`${hub.url}/api/v1/openapi.json`)).json() as { paths: Record<string, unknown> };
    const names = Object.keys(doc.paths).filter((p) => !p.endsWith('/health')).map((p) => p.replace('/api/v1/', ''));
    expect(names.length).toBeGreaterThan(20);
    const snapshot = () => hub.app.core.sqlite.prepare('SELECT (SELECT count(*) FROM tickets) || \'/\' || (SELECT count(*) FROM users) || \'/\' || (SELECT count(*) FROM categories) || \'/\' || (SELECT max(version) FROM tickets) || \'/\' || (SELECT count(*) FROM messages)').pluck().get();
    const before = snapshot();
    for (const name of names) {
      if (name === 'auth.logout' || name === 'auth.login') continue; // would end our session / count failed logins
      for (const input of GARBAGE) {
        const r = await hub.call(name, input, admin);
        expect(r.status, `${name} ${JSON.stringify(input)} → ${JSON.stringify(r.body)}`).not.toBe(500);
        if (r.status !== 200) {
          expect(r.body.error.code).toMatch(/^(VALIDATION|NOT_FOUND|FORBIDDEN|CONFLICT|UNAUTHENTICATED|RATE_LIMITED)$/);
          if (r.body.error.code === 'VALIDATION' && r.body.error.details.length > 0) {
            for (const d of r.body.error.details) expect(typeof d.path).toBe('string');
          }
        }
      }
    }
    expect(snapshot()).toBe(before);
  });

  it('a procedure name that cannot be percent-decoded is 404 NOT_FOUND, not 500', async () => {
    for (const name of ['%ZZ', '%E0%A4%A', '%', 'tickets.list%', '%ED%A0%80', '%FF']) {
      const r = await hub.call(name, {}, admin);
      expect(r.status, name).toBe(404);
      expect(r.body.error.code, name).toBe('NOT_FOUND');
    }
    // A name that decodes to a real procedure still works.
    expect((await hub.call('auth%2Estatus', {})).status).toBe(200);
  });

  const counts = () => hub.app.core.sqlite.prepare('SELECT (SELECT count(*) FROM tickets) || \'/\' || (SELECT count(*) FROM messages) || \'/\' || (SELECT count(*) FROM users) || \'/\' || (SELECT max(version) FROM tickets)').pluck().get();
  const post = (name: string, body: Uint8Array, token: string) => fetch(`${hub.url}/api/v1/${name}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: new Uint8Array(body),
  });

  it('a body that is not valid UTF-8 is 400 VALIDATION and stores nothing (no U+FFFD)', async () => {
    const before = counts();
    const bytes = Buffer.concat([
      Buffer.from('{"subject":"bad '), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from(' utf8","description":"Broken bytes","category":"technical_it"}'),
    ]);
    const res = await post('tickets.create', bytes, admin);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toMatch(/UTF-8/);
    expect(counts()).toBe(before);
    expect(hub.app.core.sqlite.prepare("SELECT count(*) FROM tickets WHERE subject LIKE '%' || char(65533) || '%'").pluck().get()).toBe(0);
  });

  it('a lone surrogate in any string or key is 400 VALIDATION naming the field, on HTTP and on the registry path every transport uses', async () => {
    const before = counts();
    const { id } = await hub.ok('tickets.create', { subject: 'Lone surrogates', description: 'Target', category: 'technical_it' }, admin);
    const afterSeed = counts();
    const cases: [string, string, string][] = [
      ['tickets.create', '{"subject":"bad \\ud800 text","description":"d","category":"technical_it"}', 'subject'],
      ['tickets.create', '{"subject":"ok","description":"\\udc00","category":"technical_it"}', 'description'],
      ['tickets.create', '{"subject":"ok","description":"d","category":"technical_it","location":"Room \\ud83d"}', 'location'],
      ['messages.add', `{"ticketId":${id},"body":"reply \\udfff"}`, 'body'],
      ['tickets.update', `{"id":${id},"version":1,"subject":"x\\ud800"}`, 'subject'],
      ['tickets.list', '{"q":"\\ud800"}', 'q'],
      ['tickets.list', '{"category":["technical_it","\\udc01"]}', 'category.1'],
      ['tickets.create', '{"subject":"ok","description":"d","category":"technical_it","\\ud800key":1}', '\ufffdkey'], // the key, made printable
      ['tickets.import', '{"tickets":[{"subject":"s","description":"d","category":"technical_it","status":"open","openedAt":"2026-01-01T00:00:00Z","messages":[{"body":"\\ud800","createdAt":"2026-01-02T00:00:00Z"}]}]}', 'tickets.0.messages.0.body'],
    ];
    for (const [name, json, path] of cases) {
      const res = await post(name, Buffer.from(json), admin);
      const body = await res.json();
      expect(res.status, `${name} ${json}`).toBe(400);
      expect(body.error.code).toBe('VALIDATION');
      expect(body.error.details.map((d: { path: string }) => d.path).join(), `${name} ${json}`).toContain(path);
    }
    // The registry itself (IPC, command line, tests) refuses them the same way.
    const viaRegistry = await hub.app.registry.call('tickets.create', { subject: 'x\ud800', description: 'd', category: 'technical_it' }, { token: admin, client: 'test' }).catch((e: unknown) => e);
    expect(viaRegistry).toBeInstanceOf(AppError);
    expect((viaRegistry as AppError).code).toBe('VALIDATION');
    expect((viaRegistry as AppError).details).toEqual([expect.objectContaining({ path: 'subject' })]);
    expect(counts()).toBe(afterSeed);
    expect(counts()).not.toBe(before);
  });

  it('well-formed text outside the BMP (surrogate pairs) is stored exactly as sent', async () => {
    const subject = 'Printer \u{1F5A8} says \u{1F4A9} \ud83d\ude00';
    const res = await post('tickets.create', Buffer.from(JSON.stringify({ subject, description: '\u{10FFFF} end', category: 'technical_it' })), admin);
    expect(res.status).toBe(200);
    const t = await res.json();
    expect(t.subject).toBe(subject);
    expect((await hub.ok('tickets.get', { id: t.id }, admin)).subject).toBe(subject);
  });

  it('a bug answers INTERNAL with the envelope, without leaking the stack', async () => {
    const registry = new Registry(hub.app.core, [
      defineProcedure({ name: 'test.boom', summary: 'throws', access: anyone, input: z.strictObject({}), output: z.object({}), handler: () => { throw new Error('secret stack detail'); } }),
    ]);
    const logged: string[] = [];
    registry.onInternalError = (err) => logged.push(String(err));
    const server = await startHttpServer(registry, { port: 0 });
    try {
      const res = await fetch(`${server.url}/api/v1/test.boom`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(500);
      const body = await res.json();
      expect(body.error.code).toBe('INTERNAL');
      expect(JSON.stringify(body)).not.toContain('secret stack detail');
      expect(logged.join()).toContain('secret stack detail');
    } finally {
      await server.close();
    }
  });
});
