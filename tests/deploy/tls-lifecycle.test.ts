// `npm run serve` as a real process: HTTPS on a self-signed certificate made here with
// openssl, SIGHUP picking up a new certificate, the warning for a hub reachable beyond
// loopback without TLS, and the graceful stop on SIGTERM (an in-flight call completes, new
// connections are refused, the WAL is checkpointed away, exit code 0).
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { hasOpenssl, selfSignedCert, startServe, tempDir } from './support.ts';

const dir = tempDir('tls');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GET over HTTPS trusting only `caPem`; resolves with the status, body and the server certificate's fingerprint. */
function httpsGet(url: string, caPem: string): Promise<{ status: number; body: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: caPem, agent: false }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint }));
    });
    req.on('error', reject);
    req.end();
  });
}

const fingerprintOf = (pemFile: string): string => new X509Certificate(readFileSync(pemFile)).fingerprint256;

describe.skipIf(!hasOpenssl())('TLS', () => {
  it('serves HTTPS with --tls-cert/--tls-key and reloads the certificate on SIGHUP', async () => {
    const first = selfSignedCert(dir, 'first', 'first-cert');
    const live = { cert: join(dir, 'live.crt'), key: join(dir, 'live.key') };
    copyFileSync(first.cert, live.cert);
    copyFileSync(first.key, live.key);
    const serve = await startServe(['--db', join(dir, 'tls.db'), '--tls-cert', live.cert, '--tls-key', live.key]);
    try {
      expect(serve.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const a = await httpsGet(`${serve.url}/api/v1/health`, readFileSync(first.cert, 'utf8'));
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body)).toMatchObject({ ok: true });
      expect(a.fingerprint).toBe(fingerprintOf(first.cert));

      // Renew: new files in place, SIGHUP, and the next connection sees the new certificate.
      const second = selfSignedCert(dir, 'second', 'second-cert');
      copyFileSync(second.cert, live.cert);
      copyFileSync(second.key, live.key);
      serve.child.kill('SIGHUP');
      await expect.poll(() => serve.out(), { timeout: 10_000 }).toContain('reloaded');
      const b = await httpsGet(`${serve.url}/api/v1/health`, readFileSync(second.cert, 'utf8'));
      expect(b.status).toBe(200);
      expect(b.fingerprint).toBe(fingerprintOf(second.cert));
      expect(b.fingerprint).not.toBe(a.fingerprint);

      // A broken certificate on SIGHUP keeps the working one.
      copyFileSync(join(dir, 'tls.db'), live.cert);
      serve.child.kill('SIGHUP');
      await expect.poll(() => serve.out(), { timeout: 10_000 }).toContain('keeping the previous ones');
      expect((await httpsGet(`${serve.url}/api/v1/health`, readFileSync(second.cert, 'utf8'))).fingerprint).toBe(b.fingerprint);
    } finally {
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
    }
  });
});

describe('binding beyond loopback', () => {
  it('warns without TLS or a trusted proxy, and not with a trusted proxy', async () => {
    const open = await startServe(['--db', join(dir, 'open.db'), '--host', '0.0.0.0']);
    open.child.kill('SIGTERM');
    const code = await open.exited;
    expect(code, open.out()).toBe(0);
    expect(open.lines().some((l) => l.level === 40 && /without TLS or a trusted proxy/.test(String(l.msg)))).toBe(true);
    const proxied = await startServe(['--db', join(dir, 'open.db'), '--host', '0.0.0.0', '--trust-proxy', '127.0.0.1']);
    proxied.child.kill('SIGTERM');
    expect(await proxied.exited).toBe(0);
    expect(proxied.out()).not.toContain('without TLS or a trusted proxy');
  });
});

describe('SIGTERM', () => {
  it('finishes the in-flight call, refuses new connections, checkpoints and closes the database, exits 0', async () => {
    const dbPath = join(dir, 'stop.db');
    const serve = await startServe(['--db', dbPath]);
    const body = JSON.stringify({ username: 'admin', password: 'admin-password', displayName: 'Admin' });
    let sent!: () => void;
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${serve.url}/api/v1/auth.setup`, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      sent = () => req.end(body.slice(10));
    });
    // The call is in flight (half its body sent) when the stop begins.
    await new Promise((r) => setTimeout(r, 200));
    serve.child.kill('SIGTERM');
    await expect.poll(() => serve.out(), { timeout: 10_000 }).toContain('stopping');
    // No new connections once stopping.
    const refused = await fetch(`${serve.url}/api/v1/health`).then(() => 'answered', () => 'refused');
    expect(refused).toBe('refused');
    expect(existsSync(`${dbPath}-wal`)).toBe(true);
    sent();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).user.username).toBe('admin');
    expect(await serve.exited).toBe(0);
    const msgs = serve.lines().map((l) => String(l.msg));
    expect(msgs).toContain('database checkpointed and closed');
    expect(msgs.at(-1)).toBe('stopped');
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
  });
});
