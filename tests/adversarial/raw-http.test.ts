// Malformed HTTP over raw sockets against the hub: broken and absolute-form request targets,
// percent-escapes that decode to nothing, bodies that are not UTF-8, oversized headers, lying
// Content-Length, chunked garbage, and clients that trickle their headers or body
// (slowloris). Every one gets an answer (or a closed connection), never a crash or a wedge:
// after each, another client still gets `/api/v1/health`, and the hub process is still
// running. The slow-client limits are exercised on an in-process server with short limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeOf, rawRequest, spawnHub, type HubProcess, type RawAnswer } from './raw-client.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { startHttpServer, type Hub } from '../../src-main/transport/http.ts';

const dir = mkdtempSync(join(tmpdir(), 'campusdesk-raw-'));
let hub: HubProcess;

beforeAll(async () => { hub = await spawnHub(join(dir, 'raw.db')); });
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function expectAlive(): Promise<void> {
  expect(hub.child.exitCode, `the hub exited:\n${hub.output()}`).toBeNull();
  const res = await fetch(`${hub.url}/api/v1/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true });
}

const post = (path: string, body: string | Buffer, headers = ''): Buffer => {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\n${headers}Connection: close\r\n\r\n`, 'latin1'), b]);
};
const get = (target: string): string => `GET ${target} HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n`;

function expectError(a: RawAnswer, status: number, code: string): void {
  expect(a.status, a.raw.slice(0, 300)).toBe(status);
  expect(codeOf(a)).toBe(code);
  expect(a.headers['content-security-policy']).toContain("default-src 'self'");
}

describe('request targets the hub cannot parse', () => {
  it('GET http://[ (an absolute-form URL that does not parse) is 400 VALIDATION and the hub keeps running', async () => {
    const a = await rawRequest(hub.port, 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n');
    expectError(a, 400, 'VALIDATION');
    await expectAlive();
    expect(hub.output()).not.toContain('Invalid URL');
  });

  it.each([
    ['http://x:99999/api/v1/health', 400, 'VALIDATION'],
    ['http://[::1/api/v1/health', 400, 'VALIDATION'],
    ['http://%zz/', 400, 'VALIDATION'],
    ['/api/v1/%ZZ', 404, 'NOT_FOUND'],
    ['/api/v1/%E0%A4%A', 404, 'NOT_FOUND'],
    ['/api/v1/%ED%A0%80', 404, 'NOT_FOUND'], // an encoded lone surrogate
    ['/api/v1/%C0%AE', 404, 'NOT_FOUND'], // an overlong encoding
    ['/api/v1/%00', 404, 'NOT_FOUND'],
    ['/api/v1/auth.status%2F..%2F..', 404, 'NOT_FOUND'],
    ['/api/v2/anything', 404, 'NOT_FOUND'],
    ['/api/%ZZ', 404, 'NOT_FOUND'],
  ])('target %s → %i %s', async (target, status, code) => {
    for (const method of ['GET', 'POST']) {
      const a = await rawRequest(hub.port, `${method} ${target} HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
      expectError(a, status, code);
    }
    await expectAlive();
  });

  it('absolute-form and asterisk-form targets are understood (or refused) without harm', async () => {
    const a = await rawRequest(hub.port, get('http://campus.example/api/v1/health'));
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toMatchObject({ ok: true });
    const b = await rawRequest(hub.port, post('http://campus.example/api/v1/auth.status', '{}'));
    expect(b.status).toBe(200);
    expect(JSON.parse(b.body)).toEqual({ needsSetup: true });
    const c = await rawRequest(hub.port, 'OPTIONS * HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n');
    expect(c.status).toBeGreaterThanOrEqual(400);
    expect(c.status).toBeLessThan(500);
    await expectAlive();
  });

  it('static paths with broken escapes are not found, never a failure', async () => {
    for (const target of ['/%ZZ', '/assets/%E0%A4%A.js', '/kiosk/%ZZ', '/%2e%2e/%2e%2e/etc/passwd', '/..%2F..%2Fpackage.json']) {
      const a = await rawRequest(hub.port, get(target));
      expect(a.status, `${target}: ${a.raw.slice(0, 200)}`).not.toBeNull();
      expect(a.status!, target).toBeLessThan(500);
      expect(a.body, target).not.toContain('"name": "campusdesk"');
    }
    await expectAlive();
  });
});

describe('bodies that are not well-formed text', () => {
  const setup = (subject: string | Buffer): Buffer => Buffer.concat([
    Buffer.from('{"username":"', 'latin1'), typeof subject === 'string' ? Buffer.from(subject, 'latin1') : subject,
    Buffer.from('","password":"admin-password","displayName":"Admin"}', 'latin1'),
  ]);

  it.each([
    ['invalid bytes \\xFF\\xC3\\x28', Buffer.from([0x61, 0xff, 0xc3, 0x28, 0x62])],
    ['an overlong slash \\xC0\\xAF', Buffer.from([0x61, 0xc0, 0xaf])],
    ['a UTF-8-encoded lone surrogate \\xED\\xA0\\x80', Buffer.from([0x61, 0xed, 0xa0, 0x80])],
    ['a truncated sequence \\xE2\\x82', Buffer.from([0x61, 0xe2, 0x82])],
  ])('a body with %s is 400 VALIDATION and stores nothing', async (_what, bytes) => {
    const a = await rawRequest(hub.port, post('/api/v1/auth.setup', setup(bytes)));
    expectError(a, 400, 'VALIDATION');
    expect(JSON.parse(a.body).error.message).toMatch(/UTF-8/);
    const status = await (await fetch(`${hub.url}/api/v1/auth.status`, { method: 'POST', body: '{}' })).json();
    expect(status).toEqual({ needsSetup: true });
  });

  it('a JSON escape of a lone surrogate is 400 VALIDATION on that field and stores nothing', async () => {
    for (const escape of ['\\ud800', '\\udfff', 'x\\ud83d', '\\ude00x']) {
      const a = await rawRequest(hub.port, post('/api/v1/auth.setup', setup(`admin${escape}`)));
      expectError(a, 400, 'VALIDATION');
      expect(JSON.parse(a.body).error.details).toEqual([expect.objectContaining({ path: 'username' })]);
    }
    const status = await (await fetch(`${hub.url}/api/v1/auth.status`, { method: 'POST', body: '{}' })).json();
    expect(status).toEqual({ needsSetup: true });
  });

  it('a UTF-16 body, a NUL-filled body and binary garbage are 400 VALIDATION', async () => {
    for (const body of [Buffer.from('{"username":"x"}', 'utf16le'), Buffer.alloc(64), Buffer.from([0x7b, 0x22, 0x80, 0x81, 0xfe, 0xff, 0x7d])]) {
      expectError(await rawRequest(hub.port, post('/api/v1/auth.status', body)), 400, 'VALIDATION');
    }
    await expectAlive();
  });
});

describe('headers and framing', () => {
  it('headers over 16 KiB are 431 with the error envelope', async () => {
    const a = await rawRequest(hub.port, `GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectError(a, 431, 'PAYLOAD_TOO_LARGE');
    expect(a.closed).toBe(true);
    const many = Array.from({ length: 2000 }, (_, i) => `X-H${i}: v\r\n`).join('');
    expect((await rawRequest(hub.port, `GET /api/v1/health HTTP/1.1\r\nHost: hub\r\n${many}\r\n`)).status).toBe(431);
    await expectAlive();
  });

  it.each([
    ['a non-numeric Content-Length', 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nContent-Length: abc\r\n\r\n{}'],
    ['a negative Content-Length', 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nContent-Length: -1\r\n\r\n{}'],
    ['two different Content-Lengths', 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
    ['Content-Length with chunked', 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'],
    ['chunked garbage', 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
    ['a chunk size beyond 2^64', 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n'],
    ['an unknown transfer coding', 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: gzip, chunked, zork\r\n\r\n0\r\n\r\n'],
    ['a NUL in a header value', 'GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nX-A: a\u0000b\r\n\r\n'],
    ['a header line without a colon', 'GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nno colon here\r\n\r\n'],
    ['a space before the colon', 'GET /api/v1/health HTTP/1.1\r\nHost : hub\r\n\r\n'],
    ['a space in the request target', 'GET /api/v1/he alth HTTP/1.1\r\nHost: hub\r\n\r\n'],
    ['an unknown HTTP version', 'GET /api/v1/health HTTP/7.3\r\nHost: hub\r\n\r\n'],
    ['an unknown method', 'BREW /api/v1/health HTTP/1.1\r\nHost: hub\r\n\r\n'],
    ['binary garbage', '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003garbage'],
  ])('%s is refused with 400 (or the connection closed), never 5xx', async (_what, request) => {
    const a = await rawRequest(hub.port, Buffer.from(request, 'latin1'));
    if (a.status !== null) {
      expect(a.status, a.raw.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(a.status, a.raw.slice(0, 300)).toBeLessThan(500);
      if (a.headers['content-type']?.startsWith('application/json')) expect(['VALIDATION', 'NOT_FOUND']).toContain(codeOf(a));
    } else {
      expect(a.closed).toBe(true);
    }
    await expectAlive();
  });

  it('a Content-Length beyond the limit is 413 without reading the body', async () => {
    const a = await rawRequest(hub.port, 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nContent-Length: 99999999999\r\n\r\n{', { waitMs: 5000 });
    expectError(a, 413, 'PAYLOAD_TOO_LARGE');
    await expectAlive();
  });

  it('a body shorter than its Content-Length, then a closed connection, leaves nothing hanging', async () => {
    for (let i = 0; i < 20; i++) {
      const a = await rawRequest(hub.port, 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nContent-Length: 100\r\n\r\n{"a":', { waitMs: 2000, halfClose: true });
      expect(a.status === null || a.status < 500).toBe(true);
    }
    await expectAlive();
  });

  it('a good request pipelined before garbage is answered, and the garbage is refused', async () => {
    const a = await rawRequest(hub.port, `GET /api/v1/health HTTP/1.1\r\nHost: hub\r\n\r\nGET http://[ HTTP/1.1\r\nHost: x\r\n\r\n\u0000\u0001garbage`);
    expect(a.status).toBe(200);
    await expectAlive();
  });
});

describe('slow clients (in-process server with short limits)', () => {
  let test: TestHub;
  let server: Hub;
  beforeAll(async () => {
    test = await startTestHub();
    server = await startHttpServer(test.app.registry, { port: 0, limits: { headersTimeoutMs: 800, requestTimeoutMs: 1500, checkIntervalMs: 100 } });
  });
  afterAll(async () => {
    await server?.close();
    await test?.dispose();
  });

  const health = async (): Promise<number> => (await fetch(`${server.url}/api/v1/health`)).status;

  it('headers trickled a byte at a time (slowloris) are cut off with 408 while others are served', async () => {
    const header = 'GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nX-Slow: ';
    const trickle = [header, ...Array.from({ length: 40 }, () => 'a')];
    const slow = rawRequest(server.port, '', { pieces: trickle, gapMs: 100, waitMs: 20_000 });
    expect(await health()).toBe(200);
    const a = await slow;
    expectError(a, 408, 'VALIDATION');
    expect(a.closed).toBe(true);
  });

  it('a body trickled a byte at a time is cut off with 408 before it completes', async () => {
    const head = 'POST /api/v1/auth.status HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n';
    const slow = rawRequest(server.port, '', { pieces: [head, ...Array.from({ length: 60 }, () => ' ')], gapMs: 100, waitMs: 20_000 });
    expect(await health()).toBe(200);
    const a = await slow;
    // Either the 408 arrives, or (when the request is already being answered) the connection is cut.
    if (a.status !== null) expectError(a, 408, 'VALIDATION');
    expect(a.closed).toBe(true);
    expect(a.raw).not.toContain('needsSetup');
  });

  it('connections that never send a byte are closed, and the hub keeps serving', async () => {
    const sockets: Socket[] = [];
    const closed = Array.from({ length: 30 }, () => new Promise<void>((resolve) => {
      const s = connect(server.port, '127.0.0.1');
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      s.resume(); // read, so the server's FIN is seen
      sockets.push(s);
    }));
    expect(await health()).toBe(200);
    await Promise.all(closed);
    expect(sockets.every((s) => s.destroyed)).toBe(true);
    expect(await health()).toBe(200);
  });
});
