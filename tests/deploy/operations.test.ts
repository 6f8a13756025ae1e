// Operations over real HTTP on a real hub: GET /api/v1/ready (and its 503 reasons), GET /metrics
// (Prometheus text, loopback-only or token-only), the request log (one line per request with
// the request id, procedure, status, duration and user id, and never a secret), X-Request-Id,
// and trusted proxies deciding the client address that sign-in throttling sees.
import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN_MAX_FAILURES } from '../../src-main/core/auth.ts';
import { startDeployHub, type DeployHub } from './support.ts';

let hub: DeployHub | null = null;
afterEach(async () => { await hub?.dispose(); hub = null; });

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

describe('GET /api/v1/ready', () => {
  it('is 200 on a working hub and 503 with the reason when migrations are behind or the analytics worker is down', async () => {
    hub = await startDeployHub();
    const ok = await get(`${hub.url}/api/v1/ready`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, checks: { database: 'ok', migrations: 'ok', analytics: 'ok' } });

    // A database that has not applied the newest migration is not ready.
    const last = hub.app.core.sqlite.prepare('SELECT rowid AS r, id, hash, created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').get() as { r: number; id: number | null; hash: string; created_at: number };
    hub.app.core.sqlite.prepare('DELETE FROM __drizzle_migrations WHERE rowid = ?').run(last.r);
    const behind = await get(`${hub.url}/api/v1/ready`);
    expect(behind.status).toBe(503);
    const behindBody = await behind.json();
    expect(behindBody.ok).toBe(false);
    expect(behindBody.reason).toMatch(/migrations are not current/);
    hub.app.core.sqlite.prepare('INSERT INTO __drizzle_migrations (id, hash, created_at) VALUES (?, ?, ?)').run(last.id, last.hash, last.created_at);
    expect((await get(`${hub.url}/api/v1/ready`)).status).toBe(200);

    // The analytics worker stopped: not ready, and health (liveness) still answers.
    await hub.app.core.analytics?.close();
    const down = await get(`${hub.url}/api/v1/ready`);
    expect(down.status).toBe(503);
    expect((await down.json()).reason).toMatch(/analytics worker/);
    expect((await get(`${hub.url}/api/v1/health`)).status).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text on loopback: requests, latency, event-loop lag, workers, database, backups, outbox', async () => {
    hub = await startDeployHub();
    await hub.post('auth.status');
    await hub.post('no.such.procedure');
    const now = Date.now();
    hub.app.core.sqlite.prepare("INSERT INTO meta (key, value) VALUES ('backup.lastSuccessAt', ?)").run(new Date(now).toISOString());
    const insertMail = hub.app.core.sqlite.prepare("INSERT INTO outbox (kind, to_address, payload, created_at, due_at, state) VALUES ('test', 'a@example.org', '{}', ?, ?, ?)");
    insertMail.run(now, now, 'pending');
    insertMail.run(now, now, 'pending');
    insertMail.run(now, now, 'sent');
    const res = await get(`${hub.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^campusdesk_http_requests_total\{procedure="auth.status",status="200"\} 1$/m);
    // Unknown names share one label: a client cannot grow the metrics without bound.
    expect(text).toMatch(/^campusdesk_http_requests_total\{procedure="unknown",status="404"\} 1$/m);
    expect(text).not.toContain('no.such.procedure');
    expect(text).toMatch(/^campusdesk_http_request_duration_seconds_bucket\{le="0.1",procedure="auth.status"\} \d+$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^campusdesk_worker_queue_length\{pool="analytics"\} 0$/m);
    expect(text).toMatch(/^campusdesk_worker_busy_seconds_total\{pool="analytics"\} [\d.e-]+$/m);
    expect(Number(/^campusdesk_database_bytes (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^campusdesk_database_wal_bytes \d+$/m);
    expect(Number(/^campusdesk_backup_last_success_timestamp_seconds ([\d.e+]+)$/m.exec(text)?.[1])).toBeCloseTo(now / 1000, 0);
    expect(text).toMatch(/^campusdesk_outbox_pending 2$/m);
  });

  it('reports the backup time as 0 before the first backup', async () => {
    hub = await startDeployHub();
    const text = await (await get(`${hub.url}/metrics`)).text();
    expect(text).toMatch(/^campusdesk_backup_last_success_timestamp_seconds 0$/m);
  });

  it('with a metrics token answers only that token', async () => {
    const token = 'metrics-token-0123456789';
    hub = await startDeployHub({ metricsToken: token });
    const none = await get(`${hub.url}/metrics`);
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe('UNAUTHENTICATED');
    expect((await get(`${hub.url}/metrics`, { Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    const ok = await get(`${hub.url}/metrics`, { Authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('campusdesk_http_requests_total');
  });

  it('without a token refuses a client that is not on loopback (seen through a trusted proxy)', async () => {
    hub = await startDeployHub({ trustProxy: ['127.0.0.1'] });
    const far = await get(`${hub.url}/metrics`, { 'X-Forwarded-For': '203.0.113.7' });
    expect(far.status).toBe(403);
    expect((await far.json()).error.code).toBe('FORBIDDEN');
    expect((await get(`${hub.url}/metrics`)).status).toBe(200);
  });
});

describe('request log and request ids', () => {
  it('logs one line per request with id, procedure, status, duration and user id, and never a secret', async () => {
    hub = await startDeployHub();
    const setup = await hub.post('auth.setup', { username: 'admin', password: 'admin-password-secret', displayName: 'Ada Admin' });
    expect(setup.status).toBe(200);
    const token = setup.body.token as string;
    const auth = { Authorization: `Bearer ${token}` };
    const user = await hub.post('users.create', { username: 'rita', password: 'rita-password-secret', displayName: 'Rita', role: 'reporter', email: 'rita.reporter@example.org' }, auth);
    expect(user.status).toBe(200);
    const ticket = await hub.post('tickets.create', { subject: 'Printer jam on floor 3', description: 'The secret-description-body of the ticket', categoryId: 1 }, auth);
    const wrong = await hub.post('auth.login', { username: 'admin', password: 'not-the-password' });
    expect(wrong.status).toBe(401);

    const requests = hub.lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(4);
    const [first, second, third, fourth] = requests;
    expect(first).toMatchObject({ procedure: 'auth.setup', status: 200, method: 'POST', client: '127.0.0.1' });
    expect(second).toMatchObject({ procedure: 'users.create', status: 200, userId: setup.body.user.id });
    expect(third).toMatchObject({ procedure: 'tickets.create', status: ticket.status, userId: setup.body.user.id });
    expect(fourth).toMatchObject({ procedure: 'auth.login', status: 401 });
    for (const line of requests) {
      expect(typeof line.reqId).toBe('string');
      expect(typeof line.ms).toBe('number');
    }
    expect(first!.reqId).toBe(setup.headers.get('x-request-id'));
    const all = hub.logText();
    for (const secret of [token, 'admin-password-secret', 'rita-password-secret', 'not-the-password', 'rita.reporter@example.org', 'secret-description-body', 'Printer jam']) {
      expect(all).not.toContain(secret);
    }
  });

  it('takes X-Request-Id only from a trusted proxy; generates one otherwise', async () => {
    hub = await startDeployHub();
    const untrusted = await hub.post('auth.status', {}, { 'X-Request-Id': 'from-the-client-1' });
    expect(untrusted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await hub.dispose();
    hub = await startDeployHub({ trustProxy: ['127.0.0.1/8'] });
    const trusted = await hub.post('auth.status', {}, { 'X-Request-Id': 'proxy-id-42' });
    expect(trusted.headers.get('x-request-id')).toBe('proxy-id-42');
    expect(hub.lines.find((l) => l.msg === 'request')).toMatchObject({ reqId: 'proxy-id-42' });
    // A malformed id (spaces, too long) is replaced, not echoed.
    const bad = await hub.post('auth.status', {}, { 'X-Request-Id': 'x'.repeat(200) });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('--trust-proxy and the client address', () => {
  const failLogins = async (h: DeployHub, times: number, forwardedFor: string) => {
    let last = 0;
    for (let i = 0; i < times; i++) last = (await h.post('auth.login', { username: 'admin', password: 'wrong-password' }, { 'X-Forwarded-For': forwardedFor })).status;
    return last;
  };

  it('behind a trusted proxy, sign-in throttling counts each forwarded client on its own', async () => {
    hub = await startDeployHub({ trustProxy: ['127.0.0.1'] });
    await hub.post('auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada' });
    await failLogins(hub, LOGIN_MAX_FAILURES, '198.51.100.1');
    expect(await failLogins(hub, 1, '198.51.100.1')).toBe(429);
    // Another client behind the same proxy is not locked out by the first one's failures.
    const other = await hub.post('auth.login', { username: 'admin', password: 'admin-password' }, { 'X-Forwarded-For': '198.51.100.2' });
    expect(other.status).toBe(200);
    expect(hub.lines.filter((l) => l.msg === 'request').at(-1)).toMatchObject({ client: '198.51.100.2', proto: 'http' });
  });

  it('without --trust-proxy, X-Forwarded-For is ignored: a client cannot pick a fresh address', async () => {
    hub = await startDeployHub();
    await hub.post('auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada' });
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await failLogins(hub, 1, `198.51.100.${i + 1}`);
    const dodge = await hub.post('auth.login', { username: 'admin', password: 'admin-password' }, { 'X-Forwarded-For': '198.51.100.99' });
    expect(dodge.status).toBe(429);
    expect(hub.lines.filter((l) => l.msg === 'request').at(-1)).toMatchObject({ client: '127.0.0.1' });
  });
});
