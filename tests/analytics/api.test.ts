// The analytics procedures as API: who may call them, VALIDATION with field paths, the
// OpenAPI document, and the worker keeping ticket handling responsive during a long report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { InlineAnalyticsRunner, SplitAnalyticsRunner, WorkerAnalyticsRunner } from '../../src-main/analytics/runner.ts';
import { BUSY_OP } from '../../src-main/analytics/protocol.ts';
import { NOW } from './fixtures.ts';

const NAMES = ['analytics.ticketsByPeriod', 'analytics.resolutionTime', 'analytics.activeByCategory', 'analytics.firstResponse', 'analytics.backlog', 'analytics.workload'];
const VALID: Record<string, unknown> = {
  'analytics.ticketsByPeriod': { last: '7d' }, 'analytics.backlog': { last: '7d' },
  'analytics.resolutionTime': {}, 'analytics.firstResponse': {}, 'analytics.activeByCategory': {}, 'analytics.workload': {},
};

describe('analytics API', () => {
  let hub: TestHub;
  let admin: string;
  let agent: string;
  let reporter: string;
  const clock = new TestClock(NOW);

  beforeAll(async () => {
    hub = await startTestHub({ clock });
    admin = await hub.setupAdmin();
    agent = (await hub.user(admin, 'agent1', 'agent')).token;
    reporter = (await hub.user(admin, 'rep1', 'reporter')).token;
    await hub.ok('categories.create', { slug: 'retired', name: 'Retired' }, admin);
    await hub.ok('categories.update', { slug: 'retired', active: false }, admin);
  });
  afterAll(async () => { await hub?.dispose(); });

  it('runs in worker threads by default: search counts and long reports on a queue each, the summary-table analytics on the caller\'s connection', async () => {
    const runner = hub.app.core.analytics;
    expect(runner).toBeInstanceOf(SplitAnalyticsRunner);
    const { reports, quick } = runner as SplitAnalyticsRunner;
    expect(reports).toBeInstanceOf(WorkerAnalyticsRunner);
    expect(quick).toBeInstanceOf(WorkerAnalyticsRunner);
    // Which thread did the work: its busy time grows, the other's stays.
    const busy = () => ({ reports: reports.status!().busyMs, quick: quick.status!().busyMs });
    const before = busy();
    await hub.ok('analytics.activeByCategory', {}, admin);
    await hub.ok('analytics.workload', {}, admin);
    expect(busy()).toEqual(before);
    await hub.ok('tickets.counts', { q: 'printer' }, admin);
    const afterQuick = busy();
    expect(afterQuick.reports).toBe(before.reports);
    expect(afterQuick.quick).toBeGreaterThan(before.quick);
    await hub.ok('analytics.resolutionTime', {}, admin);
    const afterReport = busy();
    expect(afterReport.quick).toBe(afterQuick.quick);
    expect(afterReport.reports).toBeGreaterThan(afterQuick.reports);
  });

  it('agents and admins may call every analytic; reporters get FORBIDDEN, no token UNAUTHENTICATED', async () => {
    for (const name of NAMES) {
      expect((await hub.call(name, VALID[name], agent)).status, name).toBe(200);
      expect((await hub.call(name, VALID[name], admin)).status, name).toBe(200);
      const r = await hub.call(name, VALID[name], reporter);
      expect(r.status, name).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
      expect((await hub.call(name, VALID[name], null)).body.error.code, name).toBe('UNAUTHENTICATED');
    }
  });

  const bad: [string, unknown, string[]][] = [
    ['analytics.ticketsByPeriod', {}, ['last']],
    ['analytics.ticketsByPeriod', { last: '7x' }, ['last']],
    ['analytics.ticketsByPeriod', { last: '0d' }, ['last']],
    ['analytics.ticketsByPeriod', { last: '-3h' }, ['last']],
    ['analytics.ticketsByPeriod', { last: 7 }, ['last']],
    ['analytics.ticketsByPeriod', { last: '7d', from: '2026-01-01T00:00:00Z' }, ['last']],
    ['analytics.ticketsByPeriod', { to: '2026-01-01T00:00:00Z' }, ['from']],
    ['analytics.ticketsByPeriod', { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, ['to', 'from']],
    ['analytics.ticketsByPeriod', { from: '2026-04-01T00:00:00Z' }, ['from']], // after now, the default `to`
    ['analytics.ticketsByPeriod', { from: 'yesterday' }, ['from']],
    ['analytics.ticketsByPeriod', { from: '2026-01-01' }, ['from']],
    ['analytics.ticketsByPeriod', { last: '7d', bucket: 'year' }, ['bucket']],
    ['analytics.ticketsByPeriod', { last: '7d', category: 'nope' }, ['category']],
    ['analytics.ticketsByPeriod', { last: '7d', category: 'retired' }, ['category']],
    ['analytics.ticketsByPeriod', { last: '7d', extra: 1 }, ['extra']],
    ['analytics.ticketsByPeriod', { from: '1990-01-01T00:00:00Z', bucket: 'hour' }, ['bucket']],
    ['analytics.backlog', { last: '7d', from: '2026-01-01T00:00:00Z' }, ['last']],
    ['analytics.backlog', { last: '2y' }, ['last']],
    ['analytics.resolutionTime', { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, ['to', 'from']],
    ['analytics.resolutionTime', { groupBy: 'weekday' }, ['groupBy']],
    ['analytics.resolutionTime', { last: '7d' }, ['last']],
    ['analytics.firstResponse', { to: 'soon' }, ['to']],
    ['analytics.activeByCategory', { category: 'x' }, ['category']],
    ['analytics.workload', { x: 1 }, ['x']],
  ];
  it.each(bad)('%s %j is VALIDATION at %j', async (name, input, paths) => {
    const r = await hub.call(name, input, agent);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual(paths);
  });

  it('accepts offsets in inputs and answers UTC; `to` defaults to now; ranges up to now are fine', async () => {
    const r = await hub.ok('analytics.ticketsByPeriod', { from: '2026-03-02T10:00:00+02:00' }, agent);
    expect(r).toMatchObject({ from: '2026-03-02T08:00:00.000Z', to: '2026-03-02T09:00:00.000Z', bucket: 'hour' });
    expect(r.buckets).toHaveLength(1);
    const d = await hub.ok('analytics.backlog', { last: '91d' }, agent);
    expect(d.bucket).toBe('week');
  });

  it('lists every analytics procedure in openapi.json with its schemas', async () => {
    const doc = await (await fetch(`${hub.url}/api/v1/openapi.json`)).json();
    for (const name of NAMES) {
      const op = doc.paths[`/api/v1/${name}`]?.post;
      expect(op, name).toBeDefined();
      expect(op.security).toEqual([{ bearer: [] }]);
      expect(op.responses['200'].content['application/json'].schema).toBeDefined();
      expect(op.responses['403']).toBeDefined();
    }
    const input = doc.paths['/api/v1/analytics.ticketsByPeriod'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(input.properties).sort()).toEqual(['bucket', 'category', 'from', 'last', 'to']);
    expect(input.additionalProperties).toBe(false);
  });

  it('tickets.list answers while a long analytic keeps the worker busy', async () => {
    await hub.ok('tickets.create', { subject: 'Heating', description: 'Cold room', category: 'facility_management' }, reporter);
    let analyticDone = false;
    const long = hub.app.core.analytics!.run(BUSY_OP, { ms: 3000 }).then(() => { analyticDone = true; });
    // A real analytic queued behind it waits for the worker, not for the main thread.
    const queued = hub.ok('analytics.resolutionTime', {}, agent);
    const answeredWhileBusy: number[] = [];
    for (let i = 0; i < 5; i++) {
      const list = await hub.ok('tickets.list', { limit: 10 }, agent);
      expect(list.total).toBe(1);
      if (!analyticDone) answeredWhileBusy.push(i);
    }
    expect(analyticDone).toBe(false);
    expect(answeredWhileBusy).toEqual([0, 1, 2, 3, 4]);
    await long;
    expect((await queued).overall.count).toBe(0);
  });

  it('answers the same in-process (no worker: in-memory databases, analytics: false)', async () => {
    const inline = new InlineAnalyticsRunner(hub.app.core.sqlite);
    for (const [name, params] of [
      ['resolutionTime', { from: null, to: null, groupBy: 'category' }],
      ['ticketsByPeriod', { from: NOW - 7 * 86_400_000, to: NOW, bucket: 'day', categoryId: null }],
      ['workload', {}],
    ] as const) {
      expect(await inline.run(name, params)).toEqual(await hub.app.core.analytics!.run(name, params));
    }
  });

  it('restarts the worker after it dies', async () => {
    const runner = (hub.app.core.analytics as SplitAnalyticsRunner).reports as WorkerAnalyticsRunner;
    // Terminate the current worker behind the runner's back.
    await (runner as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect((await hub.call('analytics.activeByCategory', {}, agent)).status).toBe(200);
  });
});
