// The benchmark runner behind `npm run bench`: builds (or reuses) the benchmark database with
// the demo generator, starts the real hub on it, signs in as an agent, opens a second
// connection for the bare-SQL side, measures every case of every suite (tickets here; the
// analytics suite when src-main/analytics/bench-suite.ts exists) and prints a markdown table
// with p50/p95, the API/SQL ratio and the targets, also written to a results file.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { appRoot } from '../paths.ts';
import { startHub, type RunningHub } from '../hub.ts';
import { openDatabase, type OpenedDatabase } from '../db/open.ts';
import { ensureDemoData, readDemoMeta } from '../demo/seed.ts';
import { DEMO_AGENT_USERNAMES, DEMO_PASSWORDS } from '../demo/generate.ts';
import { measureCase, type CaseResult, type MeasureOptions } from './stats.ts';
import { ticketsBenchSuite } from './tickets-suite.ts';
import { postApi } from './http-client.ts';
import type { BenchContext, BenchSuite } from './types.ts';

export const DEFAULT_BENCH_TICKETS = 1_000_000;

export interface BenchOptions extends Partial<MeasureOptions> {
  /** Database file; default bench-data/bench-1m.db (or bench-<N>.db for other sizes). */
  dbPath?: string;
  tickets?: number;
  /** How deep the deep-page cases go (default 200 pages). */
  deepPages?: number;
  /** Where the markdown table goes (default bench-data/results.md; null: nowhere). */
  out?: string | null;
  /** Run the analytics suite when it exists (default true). */
  analytics?: boolean;
  log?: (m: string) => void;
}

export interface BenchReport { results: CaseResult[]; markdown: string; dbPath: string }

export const benchDataFolder = (): string => join(appRoot(), 'bench-data');

export function defaultBenchDbPath(tickets: number): string {
  const name = tickets === 1_000_000 ? 'bench-1m.db' : `bench-${tickets}.db`;
  return join(benchDataFolder(), name);
}

const removeDb = (path: string) => { for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true }); };

/**
 * Makes sure `dbPath` holds a demo dataset of `tickets` tickets: reuses a matching one, rebuilds
 * the default bench file when it does not match, refuses to touch another file that has tickets.
 */
export function prepareBenchDatabase(dbPath: string, tickets: number, ownedFile: boolean, log: (m: string) => void): void {
  if (existsSync(dbPath) && statSync(dbPath).size > 0) {
    let meta: ReturnType<typeof readDemoMeta>;
    let hasTickets = false;
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      meta = readDemoMeta(db);
      try { hasTickets = (db.prepare('SELECT EXISTS (SELECT 1 FROM tickets) AS x').get() as { x: number }).x === 1; } catch { /* no tables yet */ }
    } finally {
      db.close();
    }
    if (meta && meta.tickets === tickets) {
      log(`bench: reusing ${dbPath} (${tickets.toLocaleString('en-US')} tickets, ${meta.messages.toLocaleString('en-US')} messages).`);
      return;
    }
    if (hasTickets) {
      if (!ownedFile) throw new Error(`${dbPath} is not a benchmark database of ${tickets.toLocaleString('en-US')} tickets; remove it or choose another --db.`);
      log(`bench: ${dbPath} does not hold ${tickets.toLocaleString('en-US')} demo tickets; rebuilding it.`);
      removeDb(dbPath);
    }
  }
  mkdirSync(dirname(dbPath), { recursive: true });
  log(`bench: building ${dbPath} …`);
  ensureDemoData(dbPath, { tickets, log });
}

const ms = (n: number | undefined | null): string => (n === undefined || n === null || Number.isNaN(n) ? '—' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));

function targetText(r: CaseResult): string {
  const parts: string[] = [];
  if (r.targetP95Ms !== undefined) parts.push(`p95 ≤ ${r.targetP95Ms} ms`);
  if (r.targetServerP95Ms !== undefined) parts.push(`server p95 ≤ ${r.targetServerP95Ms} ms`);
  if (r.targetRatio !== undefined) parts.push(`ratio ≤ ${r.targetRatio}`);
  return parts.join(', ') || '—';
}

export function renderTable(results: readonly CaseResult[]): string {
  const lines: string[] = [];
  let section = '';
  for (const r of results) {
    if (r.section !== section) {
      section = r.section;
      if (lines.length) lines.push('');
      lines.push(`### ${section}`, '',
        '| case | n | API p50 | API p95 | server p95 | SQL p50 | SQL p95 | API/SQL (p95) | target | result |',
        '|---|--:|--:|--:|--:|--:|--:|--:|---|:-:|');
    }
    if (r.error) {
      lines.push(`| ${r.name} | 0 | — | — | — | — | — | — | ${targetText(r)} | error: ${r.error.replace(/\|/g, '/').slice(0, 120)} |`);
      continue;
    }
    const mark = r.checks?.length ? r.checks.map((x) => `${x.label} ${x.ok ? '✅' : '❌'}`).join(' · ') : r.pass === null ? '' : r.pass ? '✅' : '❌';
    lines.push(`| ${r.name} | ${r.api.n} | ${ms(r.api.p50)} | ${ms(r.api.p95)} | ${ms(r.server?.p95)} | ${ms(r.sql?.p50)} | ${ms(r.sql?.p95)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${targetText(r)} | ${mark} |`);
  }
  return lines.join('\n');
}

async function loadAnalyticsSuite(log: (m: string) => void): Promise<BenchSuite | null> {
  const url = new URL('../analytics/bench-suite.ts', import.meta.url);
  if (!existsSync(url)) return null;
  try {
    const mod = (await import(url.href)) as { analyticsBenchSuite?: BenchSuite };
    return mod.analyticsBenchSuite ?? null;
  } catch (err) {
    log(`bench: the analytics suite could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

/**
 * Lets start-up work finish before anything is timed: the analytics worker loads its copy of
 * the tickets right after the hub starts, which on two cores would otherwise share the CPU
 * with the first cases. One analytics call waits for that load.
 */
async function settle(hub: RunningHub, token: string, log: (m: string) => void): Promise<void> {
  const name = ['analytics.activeByCategory', 'analytics.resolutionTime'].find((n) => hub.app.registry.get(n));
  if (!name) return;
  const t0 = performance.now();
  await postApi(hub.url, name, {}, token).catch(() => {});
  log(`bench: the analytics worker is ready (${((performance.now() - t0) / 1000).toFixed(1)} s).`);
}

export async function runBench(opts: BenchOptions = {}): Promise<BenchReport> {
  const log = opts.log ?? ((m: string) => { process.stdout.write(`${m}\n`); });
  const tickets = opts.tickets ?? DEFAULT_BENCH_TICKETS;
  const dbPath = opts.dbPath ?? defaultBenchDbPath(tickets);
  const measure: MeasureOptions = {
    iterations: opts.iterations ?? 200,
    warmup: opts.warmup ?? 20,
    maxSeconds: opts.maxSeconds ?? 30,
    minIterations: opts.minIterations ?? 20,
  };
  prepareBenchDatabase(dbPath, tickets, opts.dbPath === undefined, log);
  const loadBefore = loadavg()[0] ?? 0;

  let hub: RunningHub | null = null;
  let bare: OpenedDatabase | null = null;
  const results: CaseResult[] = [];
  let counts: { tickets: number; messages: number };
  try {
    hub = await startHub(dbPath, { port: 0, staticDir: null });
    bare = openDatabase(dbPath, { migrate: false });
    const sqlite = bare.sqlite;
    const maxIdBefore = (sqlite.prepare('SELECT coalesce(max(id), 0) AS m FROM tickets').get() as { m: number }).m;
    counts = {
      tickets: (sqlite.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n,
      messages: (sqlite.prepare('SELECT max(id) AS n FROM messages').get() as { n: number | null }).n ?? 0,
    };
    const username = DEMO_AGENT_USERNAMES[0] as string;
    const login = await postApi(hub.url, 'auth.login', { username, password: DEMO_PASSWORDS.agent });
    if (login.status !== 200) throw new Error(`bench: signing in as ${username} failed (${login.status}): ${login.text}`);
    const agentToken = (JSON.parse(login.text) as { token: string }).token;
    const ctx: BenchContext = { dbPath, hubUrl: hub.url, agentToken, sqlite };
    await settle(hub, agentToken, log);

    const suites: [string, BenchSuite][] = [['Tickets and messages', ticketsBenchSuite({ deepPages: opts.deepPages ?? 200, log })]];
    if (opts.analytics !== false) {
      const analytics = await loadAnalyticsSuite(log);
      if (analytics) suites.push(['Analytics', analytics]);
      else log('bench: no analytics suite (src-main/analytics/bench-suite.ts) yet; skipping it.');
    }
    try {
      for (const [section, suite] of suites) {
        let cases;
        try {
          cases = await suite(ctx);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          log(`bench: suite "${section}" failed to set up: ${message}`);
          results.push({ name: `(${section} setup)`, section, api: { n: 0, p50: NaN, p95: NaN }, server: null, sql: null, ratio: null, pass: false, error: message });
          continue;
        }
        for (const c of cases) {
          // Background index merges left by earlier writes (the create case, the clean-up of
          // the last run) would otherwise land inside later cases' timings: finish them first.
          while (hub.app.maintenance?.tick()) { /* merge until nothing is left */ }
          try {
            const r = await measureCase(c, section, measure);
            results.push(r);
            log(`  ${c.name}: API p50 ${ms(r.api.p50)} / p95 ${ms(r.api.p95)} ms, SQL p95 ${ms(r.sql?.p95)} ms (${r.api.n} runs)`);
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            log(`  ${c.name}: failed: ${message}`);
            results.push({ name: c.name, section, api: { n: 0, p50: NaN, p95: NaN }, server: null, sql: null, ratio: null,
              targetP95Ms: c.targetP95Ms, targetServerP95Ms: c.targetServerP95Ms, targetRatio: c.targetRatio, pass: false, error: message });
          }
        }
      }
    } finally {
      // Leave the database as it was: drop what the create case wrote.
      sqlite.transaction(() => {
        sqlite.prepare('DELETE FROM ticket_events WHERE ticket_id > ?').run(maxIdBefore);
        // What the created tickets caused: notifications, outgoing mail, attachments.
        for (const table of ['notifications', 'outbox', 'files']) sqlite.prepare(`DELETE FROM ${table} WHERE ticket_id > ?`).run(maxIdBefore);
        sqlite.prepare('DELETE FROM messages WHERE ticket_id > ?').run(maxIdBefore);
        sqlite.prepare('DELETE FROM tickets WHERE id > ?').run(maxIdBefore);
      })();
      await postApi(hub.url, 'auth.logout', {}, agentToken).catch(() => {});
    }
  } finally {
    bare?.close();
    await hub?.stop();
  }

  const cpu = cpus();
  const header = [
    '## CampusDesk benchmark',
    '',
    `- ${new Date().toISOString()}, Node ${process.versions.node}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    `- database: ${dbPath} (${counts.tickets.toLocaleString('en-US')} tickets, ~${counts.messages.toLocaleString('en-US')} messages, ${(statSync(dbPath).size / 2 ** 30).toFixed(2)} GiB)`,
    `- load average ${loadBefore.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end (figures from a busy machine are noisy)`,
    `- ${measure.iterations} iterations per case after ${measure.warmup} warm-up calls (fewer when a case passes ${measure.maxSeconds} s); times in ms`,
    '- API: HTTP round trip through the real hub (node:http, one kept-alive connection, same process); server: the hub\'s own time (Server-Timing);',
    '  SQL: the statements the service executes for the same input, replayed prepared on a second connection; ratio = API p95 / SQL p95.',
    '',
  ].join('\n');
  const markdown = `${header}\n${renderTable(results)}\n`;
  const out = opts.out === undefined ? join(benchDataFolder(), 'results.md') : opts.out;
  if (out !== null) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, markdown);
  }
  return { results, markdown, dbPath };
}
