// The transport-level contract: envelope, codes, limits, health, OpenAPI, headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

describe('errors and transport', () => {
  let hub: TestHub;
  let admin: string;
  let reporter: string;
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
    reporter = (await hub.user(admin, 'rita', 'reporter')).token;
  });
  afterAll(async () => { await hub.dispose(); });

  const expectError = (r: { status: number; body: any }, status: number, code: string) => {
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(typeof r.body.error.message).toBe('string');
    expect(r.body.error.message.length).toBeGreaterThan(5);
    expect(Array.isArray(r.body.error.details)).toBe(true);
  };

  it('health answers ok with the version', async () => {
    const res = await fetch(`${hub.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('serves an OpenAPI 3.1 document generated from the registry', async () => {
    const doc = await (await fetch(`${hub.url}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const name of ['auth.login', 'tickets.list', 'tickets.import', 'messages.add', 'users.update', 'categories.create']) {
      expect(doc.paths[`/api/v1/${name}`]?.post?.operationId).toBe(name);
    }
    const list = doc.paths['/api/v1/tickets.list'].post.requestBody.content['application/json'].schema;
    expect(list.additionalProperties).toBe(false);
    expect(Object.keys(list.properties)).toContain('cursor');
  });

  it('unknown procedures are NOT_FOUND', async () => {
    expectError(await hub.call('tickets.explode', {}, admin), 404, 'NOT_FOUND');
    expectError(await hub.call('nothing', {}), 404, 'NOT_FOUND');
  });

  it('malformed JSON, non-object bodies, unknown fields and wrong types are VALIDATION with paths', async () => {
    expectError(await hub.call('tickets.list', undefined, admin, { raw: '{"limit": 5' }), 400, 'VALIDATION');
    expectError(await hub.call('tickets.list', undefined, admin, { raw: '[1,2]' }), 400, 'VALIDATION');
    const unknown = await hub.call('tickets.list', { limit: 5, colour: 'red' }, admin);
    expectError(unknown, 400, 'VALIDATION');
    expect(unknown.body.error.details).toEqual([{ path: 'colour', message: expect.any(String) }]);
    const types = await hub.call('tickets.create', { subject: 5, description: '   ', category: 'technical_it', priority: 'sky-high' }, admin);
    expectError(types, 400, 'VALIDATION');
    expect(types.body.error.details.map((d: any) => d.path).sort()).toEqual(['description', 'priority', 'subject']);
    const range = await hub.call('tickets.list', { limit: 500 }, admin);
    expect(range.body.error.details[0].path).toBe('limit');
    const nested = await hub.call('tickets.list', { status: ['open', 'sleeping'] }, admin);
    expect(nested.body.error.details[0].path).toBe('status.1');
    expect((await hub.ok('tickets.list', {}, admin)).total).toBe(0);
  });

  it('an empty body counts as {}', async () => {
    const r = await hub.call('auth.status', undefined, null, { raw: '' });
    expect(r.status).toBe(200);
  });

  it('bodies over 1 MiB are PAYLOAD_TOO_LARGE and change nothing', async () => {
    const big = await hub.call('tickets.create', { subject: 'Big', description: 'x'.repeat(1024 * 1024 + 10), category: 'technical_it' }, admin);
    expectError(big, 413, 'PAYLOAD_TOO_LARGE');
    expect((await hub.ok('tickets.list', {}, admin)).total).toBe(0);
  });

  it('role checks are FORBIDDEN; missing sign-in is UNAUTHENTICATED', async () => {
    expectError(await hub.call('users.create', { username: 'sneaky', password: 'sneaky-password', displayName: 'S', role: 'admin' }, reporter), 403, 'FORBIDDEN');
    expectError(await hub.call('users.list', {}, reporter), 403, 'FORBIDDEN');
    expectError(await hub.call('tickets.import', { tickets: [] }, reporter), 403, 'FORBIDDEN');
    expectError(await hub.call('tickets.list', {}), 401, 'UNAUTHENTICATED');
  });

  it('every response carries the security headers', async () => {
    const r = await hub.call('auth.status', {});
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('content-type')).toContain('application/json');
    // Server-side time of the call, read by the benchmark.
    expect(r.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d{3}$/);
  });

  it('GET on a procedure is NOT_FOUND (procedures are POST)', async () => {
    const res = await fetch(`${hub.url}/api/v1/tickets.list`);
    expect(res.status).toBe(404);
    expect(((await res.json())).error.code).toBe('NOT_FOUND');
  });
});

describe('OpenAPI error codes', () => {
  it('lists the extra codes a procedure can answer', async () => {
    const hub = await startTestHub();
    try {
      const doc = await (await fetch(`${hub.url}/api/v1/openapi.json`)).json();
      const codes = (name: string) => Object.keys(doc.paths[`/api/v1/${name}`].post.responses);
      expect(codes('auth.login')).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
      expect(codes('tickets.update')).toEqual(expect.arrayContaining(['401', '403', '404', '409', '413']));
      expect(codes('kiosk.submit')).toEqual(expect.arrayContaining(['401', '429']));
    } finally {
      await hub.dispose();
    }
  });

  it('redirects /kiosk/… to /kiosk so the page\'s assets resolve', async () => {
    const hub = await startTestHub({ staticDir: 'dist/renderer' });
    try {
      const res = await fetch(`${hub.url}/kiosk/`, { redirect: 'manual' });
      expect(res.status).toBe(308);
      expect(res.headers.get('location')).toBe('/kiosk');
    } finally {
      await hub.dispose();
    }
  });

  it('every page carries the CSP, a 304 revalidation included', async () => {
    const hub = await startTestHub({ staticDir: 'dist/renderer' });
    try {
      for (const path of ['/kiosk', '/']) {
        const page = await fetch(`${hub.url}${path}`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
        const etag = page.headers.get('etag');
        expect(etag).toBeTruthy();
        const again = await fetch(`${hub.url}${path}`, { headers: { 'If-None-Match': etag ?? '' } });
        expect(again.status).toBe(304);
        expect(again.headers.get('content-security-policy')).toContain("default-src 'self'");
      }
    } finally {
      await hub.dispose();
    }
  });
});
