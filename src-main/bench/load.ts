// `npm run bench -- --load`: the load benchmark. The real hub runs in its own process
// (load-hub.ts) on the 1M-ticket database; load comes from separate generator processes
// (load-client.ts), closed-loop clients on kept-alive connections to 127.0.0.1. Scenarios:
// saturation at 50 clients, 500 users at human pace (idle, during 10,000-ticket imports,
// during analytics in a loop), a burst of 200 new connections (with analytics.activeByCategory
// probed meanwhile), and q="the" before and after 100,000 writes without forced merges.
// Prints per operation calls/s, p50/p95/p99, max and errors, the hub's CPU and RSS and the
// machine's load average, and checks the targets of issue 8.
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import Database from 'better-sqlite3';
import { appRoot } from '../paths.ts';
import { DEMO_ADMIN_USERNAME, DEMO_AGENT_USERNAMES, DEMO_PASSWORDS } from '../demo/generate.ts';
import { prepareBenchDatabase, defaultBenchDbPath, benchDataFolder, DEFAULT_BENCH_TICKETS } from './runner.ts';
import { percentile } from './stats.ts';
import type { ClientPlan, ClientReport, UserSession } from './load-protocol.ts';

export const LOAD_SCENARIOS = ['saturation', 'human', 'import', 'analytics', 'burst', 'search'] as const;
export type LoadScenario = (typeof LOAD_SCENARIOS)[number];

export interface LoadOptions {
  dbPath?: string;
  tickets?: number;
  scenarios?: readonly LoadScenario[];
  /** Seconds per closed-loop scenario (human-pace ones run 3× as long). */
  seconds?: number;
  /** Writes before the second q="the" measurement. */
  writes?: number;
  /** Generator processes (default 2). */
  generators?: number;
  /** Another checkout to run the hub from (before/after tables); it gets our load-hub.ts. */
  hubRoot?: string;
  out?: string | null;
  log?: (m: string) => void;
}

const WORDS = ['printer', 'wifi', 'heating', 'the', 'projector', 'door', 'broken', 'network', 'light'];
/** The six analytics of the admin's dashboard, with the inputs the analytics screen sends. */
const SIX: [string, unknown][] = [
  ['analytics.ticketsByPeriod', { last: '30d' }], ['analytics.resolutionTime', {}], ['analytics.activeByCategory', {}],
  ['analytics.firstResponse', {}], ['analytics.backlog', { last: '30d' }], ['analytics.workload', {}],
];

const orchestratorAgent = new Agent({ keepAlive: true, maxSockets: 8 });
function post(url: string, name: string, input: unknown, token?: string): Promise<{ status: number; text: string; ms: number }> {
  const body = JSON.stringify(input);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v1/${name}`, {
      method: 'POST', agent: orchestratorAgent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface HubProcess { child: ChildProcess; url: string; usage(): Promise<{ cpuMs: number; mainCpuMs: number; rss: number }>; stop(): Promise<void> }

async function startHubProcess(root: string, dbPath: string, log: (m: string) => void): Promise<HubProcess> {
  const entry = join(root, 'src-main/bench/load-hub.ts');
  if (!existsSync(entry)) throw new Error(`${entry} is missing (copy src-main/bench/load-hub.ts there)`);
  // CAMPUSDESK_BENCH_HUB_ARGS: extra Node options for the hub, e.g. "--cpu-prof --cpu-prof-dir=DIR".
  const execArgv = (process.env.CAMPUSDESK_BENCH_HUB_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = fork(entry, [dbPath], { cwd: root, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    const onMsg = (m: { type: string; url?: string }) => { if (m.type === 'listening' && m.url) { child.off('message', onMsg); resolve(m.url); } };
    child.on('message', onMsg);
    child.once('exit', (code) => reject(new Error(`the hub exited (code ${code}) before listening`)));
  });
  log(`load: hub (pid ${child.pid}) on ${url}`);
  return {
    child, url,
    usage: () => new Promise((resolve) => {
      const onMsg = (m: { type: string; cpuMs: number; mainCpuMs: number; rss: number }) => { if (m.type === 'usage') { child.off('message', onMsg); resolve(m); } };
      child.on('message', onMsg);
      child.send({ type: 'usage' });
    }),
    stop: () => new Promise((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); }, 20_000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.send({ type: 'stop' });
    }),
  };
}

function runGenerator(plan: ClientPlan): Promise<ClientReport> {
  const child = fork(new URL('./load-client.ts', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { type: string; report: ClientReport }) => resolve(m.report));
    child.once('exit', (code) => { if (code !== 0) reject(new Error(`load generator exited with code ${code}`)); });
    child.send(plan);
  });
}

function merge(reports: ClientReport[]): ClientReport {
  const out: ClientReport = { samples: {}, errors: {}, errorExamples: [], firstCalls: [], actions: 0 };
  for (const r of reports) {
    for (const [op, xs] of Object.entries(r.samples)) (out.samples[op] ??= []).push(...xs);
    for (const [op, n] of Object.entries(r.errors)) out.errors[op] = (out.errors[op] ?? 0) + n;
    out.errorExamples.push(...r.errorExamples);
    out.firstCalls.push(...r.firstCalls);
    out.actions += r.actions;
  }
  return out;
}

export interface OpStats { op: string; n: number; perSecond: number; p50: number; p95: number; p99: number; max: number; errors: number }

function opStats(op: string, xs: number[], errors: number, seconds: number): OpStats {
  const s = [...xs].sort((a, b) => a - b);
  return { op, n: s.length, perSecond: s.length / seconds, p50: percentile(s, 0.5), p95: percentile(s, 0.95), p99: percentile(s, 0.99), max: s.at(-1) ?? NaN, errors };
}

const f = (n: number): string => (Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
/** Operations made of several calls (timed together); not counted as calls. */
const COMPOSITE = new Set(['search + counts', 'open ticket']);

export interface ScenarioResult {
  name: string;
  description: string;
  seconds: number;
  ops: OpStats[];
  callsPerSecond: number;
  errors: number;
  hubCpuPercent: number;
  /** Hub CPU time per call, all threads and the main thread alone (robust against a busy machine). */
  cpuMsPerCall: number;
  mainCpuMsPerCall: number;
  hubRssMb: number;
  load: [number, number];
  firstCallMax: number;
  extra: OpStats[];
  notes: string[];
}

function table(r: ScenarioResult): string {
  const lines = [
    `### ${r.name}: ${r.description}`, '',
    `${r.seconds.toFixed(0)} s · ${f(r.callsPerSecond)} calls/s · ${r.errors} errors · hub CPU ${r.hubCpuPercent.toFixed(0)} % (of one core) · hub RSS ${r.hubRssMb.toFixed(0)} MB · load average ${r.load[0].toFixed(2)} → ${r.load[1].toFixed(2)}`,
    `hub CPU per call: ${f(r.cpuMsPerCall)} ms in all threads, ${f(r.mainCpuMsPerCall)} ms on the main thread (HTTP and writes) — so at most ≈ ${f(1000 / r.mainCpuMsPerCall)} calls/s through the main thread, ≈ ${f(2000 / r.cpuMsPerCall)} calls/s on 2 idle cores`,
    '', '| operation | calls | calls/s | p50 ms | p95 ms | p99 ms | max ms | errors |', '|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const o of [...r.ops, ...r.extra]) lines.push(`| ${o.op} | ${o.n} | ${f(o.perSecond)} | ${f(o.p50)} | ${f(o.p95)} | ${f(o.p99)} | ${f(o.max)} | ${o.errors} |`);
  for (const n of r.notes) lines.push('', n);
  return lines.join('\n');
}

export async function runLoad(opts: LoadOptions = {}): Promise<{ results: ScenarioResult[]; markdown: string; checks: { label: string; ok: boolean }[] }> {
  const log = opts.log ?? console.log;
  const tickets = opts.tickets ?? DEFAULT_BENCH_TICKETS;
  const dbPath = opts.dbPath ?? defaultBenchDbPath(tickets);
  const seconds = opts.seconds ?? 20;
  const scenarios = opts.scenarios ?? LOAD_SCENARIOS;
  const generators = Math.max(1, opts.generators ?? 2);
  prepareBenchDatabase(dbPath, tickets, opts.dbPath === undefined, log);

  const meta = new Database(dbPath, { readonly: true, fileMustExist: true });
  const reporterNames = meta.prepare("SELECT username FROM users WHERE role = 'reporter' AND active = 1 ORDER BY id LIMIT 100").pluck().all() as string[];
  const categories = meta.prepare('SELECT slug FROM categories WHERE active = 1').pluck().all() as string[];
  const maxTicketId = (meta.prepare('SELECT max(id) FROM tickets').pluck().get() as number) ?? 1;
  meta.close();

  const hub = await startHubProcess(opts.hubRoot ?? appRoot(), dbPath, log);
  const results: ScenarioResult[] = [];
  try {
    const login = async (username: string, password: string, role: UserSession['role']): Promise<UserSession> => {
      const r = await post(hub.url, 'auth.login', { username, password });
      if (r.status !== 200) throw new Error(`sign-in of ${username} failed: ${r.status} ${r.text}`);
      return { token: (JSON.parse(r.text) as { token: string }).token, role };
    };
    const admin = await login(DEMO_ADMIN_USERNAME, DEMO_PASSWORDS.admin, 'admin');
    const sessions: UserSession[] = [];
    for (const a of DEMO_AGENT_USERNAMES) sessions.push(await login(a, DEMO_PASSWORDS.agent, 'agent'));
    for (const u of reporterNames) sessions.push(await login(u, DEMO_PASSWORDS.reporter, 'reporter'));
    log(`load: ${sessions.length} sessions; warming up (analytics workers load their copy of the tickets) …`);
    const warm0 = performance.now();
    await Promise.all([post(hub.url, 'analytics.activeByCategory', {}, admin.token), post(hub.url, 'tickets.counts', { q: 'the' }, admin.token)]);
    for (let i = 0; i < 20; i++) await post(hub.url, 'tickets.list', { limit: 50 }, admin.token);
    log(`load: warm after ${((performance.now() - warm0) / 1000).toFixed(1)} s`);

    const basePlan = { hubUrl: hub.url, sessions, maxTicketId, categories, words: WORDS, agentShare: 0.6 };

    /** One scenario: generators plus optional side work by the orchestrator (admin, import, probe). */
    const scenario = async (name: string, description: string, clients: number, thinkMs: [number, number], secs: number,
      side: ((until: number) => Promise<{ extra: OpStats[]; notes: string[] }>) | null, only?: string[], maxActions = 1_000_000): Promise<ScenarioResult> => {
      log(`load: ${name} — ${description} (${secs} s) …`);
      const load0 = loadavg()[0] ?? 0;
      const u0 = await hub.usage();
      const t0 = performance.now();
      const until = t0 + secs * 1000;
      const per = Math.ceil(clients / generators);
      const plans: ClientPlan[] = [];
      for (let g = 0, left = clients; g < generators && left > 0; g++, left -= per) {
        // A phase of only some operations (the writes before the second search) runs agents only.
        plans.push({ ...basePlan, clients: Math.min(per, left), thinkMs, seconds: secs, maxActions, seed: 1000 + g * 7919 + results.length, ...(only ? { only, agentShare: 1 } : {}) });
      }
      const [reports, sideResult] = await Promise.all([Promise.all(plans.map(runGenerator)), side ? side(until) : Promise.resolve({ extra: [], notes: [] })]);
      const wall = (performance.now() - t0) / 1000;
      const u1 = await hub.usage();
      const m = merge(reports);
      const ops = Object.entries(m.samples).map(([op, xs]) => opStats(op, xs, m.errors[op] ?? 0, wall)).sort((a, b) => a.op.localeCompare(b.op));
      const calls = ops.filter((o) => !COMPOSITE.has(o.op)).reduce((s, o) => s + o.n, 0);
      const r: ScenarioResult = {
        name, description, seconds: wall, ops, callsPerSecond: calls / wall,
        errors: ops.filter((o) => !COMPOSITE.has(o.op)).reduce((s, o) => s + o.errors, 0) + sideResult.extra.reduce((s, o) => s + o.errors, 0),
        hubCpuPercent: ((u1.cpuMs - u0.cpuMs) / 1000 / wall) * 100, hubRssMb: u1.rss / 1024 / 1024,
        cpuMsPerCall: (u1.cpuMs - u0.cpuMs) / Math.max(1, calls), mainCpuMsPerCall: (u1.mainCpuMs - u0.mainCpuMs) / Math.max(1, calls),
        load: [load0, loadavg()[0] ?? 0], firstCallMax: m.firstCalls.reduce((a, b) => Math.max(a, b), 0),
        extra: sideResult.extra, notes: [...sideResult.notes, ...(m.errorExamples.length ? [`errors, e.g.: ${m.errorExamples.slice(0, 3).join(' · ')}`] : [])],
      };
      results.push(r);
      log(table(r));
      return r;
    };

    /** The admin: the six analytics every `everyMs` (0: back to back) until `until`. */
    const adminLoop = (everyMs: number) => async (until: number) => {
      const samples: Record<string, number[]> = {};
      const errors: Record<string, number> = {};
      while (performance.now() < until) {
        const round = performance.now();
        for (const [name, input] of SIX) {
          const r = await post(hub.url, name, input, admin.token);
          (samples[name] ??= []).push(r.ms);
          if (r.status !== 200) errors[name] = (errors[name] ?? 0) + 1;
        }
        const wait = everyMs - (performance.now() - round);
        if (everyMs > 0 && wait > 0) await new Promise((res) => setTimeout(res, Math.min(wait, Math.max(0, until - performance.now()))));
      }
      const secs = seconds;
      return { extra: Object.entries(samples).map(([op, xs]) => opStats(`admin: ${op}`, xs, errors[op] ?? 0, secs)), notes: [] };
    };

    /** activeByCategory every 200 ms, plus the admin every 10 s. */
    const probeAndAdmin = async (until: number) => {
      const xs: number[] = [];
      let errs = 0;
      const probe = (async () => {
        while (performance.now() < until) {
          const r = await post(hub.url, 'analytics.activeByCategory', {}, admin.token);
          xs.push(r.ms);
          if (r.status !== 200) errs++;
          await new Promise((res) => setTimeout(res, 200));
        }
      })();
      const [a] = await Promise.all([adminLoop(10_000)(until), probe]);
      return { extra: [...a.extra, opStats('probe: analytics.activeByCategory', xs, errs, seconds)], notes: [] };
    };

    const importBody = (n: number, tag: string) => JSON.stringify({
      tickets: Array.from({ length: n }, (_, i) => ({
        subject: `Imported ${tag} #${i}: ${WORDS[i % WORDS.length]} problem`, description: `From the old system (${tag}); the ${WORDS[(i * 7) % WORDS.length]} in room ${i % 400} fails.`,
        category: categories[i % categories.length], status: i % 3 === 0 ? 'closed' : 'open', openedAt: '2025-01-10T09:00:00Z',
        ...(i % 3 === 0 ? { closedAt: '2025-01-12T09:00:00Z' } : {}),
        messages: [{ body: 'Imported reply from the old system.', createdAt: '2025-01-11T09:00:00Z' }],
      })),
    });
    const importLoop = async (until: number) => {
      const xs: number[] = [];
      let errs = 0;
      const notes: string[] = [];
      for (let k = 0; k < 3 && performance.now() < until - 2000; k++) {
        const body = importBody(10_000, `load-${Date.now()}-${k}`);
        const r = await post(hub.url, 'tickets.import', JSON.parse(body), admin.token);
        xs.push(r.ms);
        if (r.status !== 200) { errs++; notes.push(`import failed: ${r.status} ${r.text.slice(0, 200)}`); }
      }
      return { extra: [opStats('admin: tickets.import (10,000 tickets)', xs, errs, seconds)], notes };
    };

    const human = (secs: number) => Math.max(secs, 3 * seconds);
    const want = new Set(scenarios);
    let idle: ScenarioResult | null = null;
    if (want.has('saturation')) await scenario('saturation', '50 closed-loop clients (60 % agents, 40 % reporters) and the admin every 10 s', 50, [0, 0], seconds, adminLoop(10_000));
    if (want.has('human') || want.has('import') || want.has('analytics')) idle = await scenario('human pace, idle', '500 users, one action every 2–5 s, and the admin every 10 s', 500, [2000, 5000], human(seconds), adminLoop(10_000));
    if (want.has('import')) await scenario('human pace during imports', '500 users at human pace while the admin imports 10,000 tickets (up to 3 times, back to back)', 500, [2000, 5000], human(seconds), importLoop);
    if (want.has('analytics')) await scenario('human pace during analytics', '500 users at human pace while the admin runs the six analytics in a loop', 500, [2000, 5000], human(seconds), adminLoop(0));
    if (want.has('burst')) await scenario('burst', '200 clients opening new connections at once, closed loop; activeByCategory probed every 200 ms', 200, [0, 0], seconds, probeAndAdmin);

    const checks: { label: string; ok: boolean }[] = [];
    const find = (name: string) => results.find((r) => r.name === name);
    const op = (r: ScenarioResult | undefined, o: string) => r?.ops.find((x) => x.op === o) ?? r?.extra.find((x) => x.op === o);
    const sat = find('saturation');
    if (sat) checks.push({ label: `saturation ≥ 1,500 calls/s at 50 clients (${f(sat.callsPerSecond)})`, ok: sat.callsPerSecond >= 1500 });
    if (idle) {
      const all = idle.ops.filter((o) => !COMPOSITE.has(o.op));
      const p95 = Math.max(...all.map((o) => o.p95));
      const p99 = Math.max(...all.map((o) => o.p99));
      checks.push({ label: `human pace: every operation p95 ≤ 50 ms (worst ${f(p95)}), p99 ≤ 150 ms (worst ${f(p99)}), 0 errors (${idle.errors})`, ok: p95 <= 50 && p99 <= 150 && idle.errors === 0 });
      for (const during of ['human pace during imports', 'human pace during analytics']) {
        const d = find(during);
        if (!d) continue;
        for (const o of ['queue page', 'open ticket', 'reply']) {
          const a = op(idle, o)?.p99 ?? NaN;
          const b = op(d, o)?.p99 ?? NaN;
          checks.push({ label: `${during}: ${o} p99 ${f(b)} within 2× idle ${f(a)}`, ok: b <= 2 * a });
        }
      }
    }
    const burst = find('burst');
    if (burst) {
      const worst = Math.max(burst.firstCallMax, ...burst.ops.map((o) => o.max));
      checks.push({ label: `burst of 200 connections: no call waits > 1 s (first calls max ${f(burst.firstCallMax)}, any call max ${f(worst)})`, ok: worst <= 1000 });
      const abc = op(burst, 'probe: analytics.activeByCategory');
      if (abc) checks.push({ label: `activeByCategory p95 ≤ 50 ms under 200 clients (${f(abc.p95)})`, ok: abc.p95 <= 50 });
    }

    if (want.has('search')) {
      const searchThe = async (label: string): Promise<OpStats[]> => {
        const list: number[] = [];
        const counts: number[] = [];
        let errs = 0;
        for (let i = 0; i < 100; i++) {
          const a = await post(hub.url, 'tickets.list', { q: 'the', limit: 50 }, sessions[0]!.token);
          list.push(a.ms);
          const b = await post(hub.url, 'tickets.counts', { q: 'the' }, sessions[0]!.token);
          counts.push(b.ms);
          if (a.status !== 200 || b.status !== 200) errs++;
        }
        return [opStats(`${label}: tickets.list q="the"`, list, errs, 1), opStats(`${label}: tickets.counts q="the"`, counts, 0, 1)];
      };
      const fresh = await searchThe('at start');
      const writes = opts.writes ?? 100_000;
      const before = await hub.usage();
      log(`load: ${writes.toLocaleString('en-US')} writes (replies and status changes, 50 clients, no forced merges) …`);
      const w = await scenario('writes', `${writes.toLocaleString('en-US')} replies and status changes from 50 closed-loop agents`, 50, [0, 0], 3600, null, ['reply', 'change status'], Math.ceil(writes / 50));
      void before;
      const after = await searchThe(`after ${writes.toLocaleString('en-US')} writes`);
      const r: ScenarioResult = { ...w, name: 'search for "the"', description: `sequential, one agent, before and after the writes (figures above the table: the writes phase)`, ops: [], extra: [...fresh, ...after], notes: [] };
      results.push(r);
      log(table(r));
      const p95a = fresh[0]!.p95;
      const p95b = after[0]!.p95;
      checks.push({ label: `q="the" p95 ≤ 50 ms at 1M (${f(p95a)})`, ok: p95a <= 50 });
      checks.push({ label: `q="the" after ${writes.toLocaleString('en-US')} writes within 1.5× (${f(p95b)} vs ${f(p95a)})`, ok: p95b <= 1.5 * p95a });
    }

    const markdown = [
      `## Load benchmark (${new Date().toISOString()}, ${tickets.toLocaleString('en-US')} tickets, hub from ${opts.hubRoot ?? 'this checkout'})`, '',
      ...results.map(table).flatMap((t) => [t, '']),
      '### Targets', '', ...checks.map((c) => `- ${c.ok ? '✅' : '❌'} ${c.label}`),
    ].join('\n');
    const out = opts.out === undefined ? join(benchDataFolder(), 'load-results.md') : opts.out;
    if (out) writeFileSync(out, markdown + '\n');
    return { results, markdown, checks };
  } finally {
    await hub.stop();
  }
}
