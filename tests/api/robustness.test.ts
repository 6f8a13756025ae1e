// Bad input never gets INTERNAL, and INTERNAL (a bug) still answers the envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { Registry, defineProcedure, anyone } from '../../src-main/api/registry.ts';
import { startHttpServer } from '../../src-main/transport/http.ts';

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
