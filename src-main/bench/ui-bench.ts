// The UI benchmark behind `npm run bench -- --ui`: the real hub on the benchmark database
// serving the built renderer, Debian's Chromium through playwright-core, and what a person
// waits for, timed inside the page (from the click or key press to the frame after the
// awaited content is in the document): sign-in → queue rows, click a ticket (after hovering
// it, as a mouse does) → its conversation, j → the next ticket, search (Enter) → results,
// open Analytics → every chart drawn. Medians of N runs (default 5) against targets; the
// table goes to bench-data/ui-results.md with the machine's load average beside it, and
// splits each step into the time spent waiting for API answers and the rest (the renderer).
// --trace records a Chromium performance trace of the last run (bench-data/ui-trace.json, for
// DevTools) and adds where the main thread spent each step; --profile serves a build with
// React's profiling bundle and adds each screen's React commits (app/profiler.tsx) per step.
// Both slow the page down: their runs profile, the plain runs measure.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, type Page } from 'playwright-core';
import { appRoot, rendererFolder } from '../paths.ts';
import { startHub, type RunningHub } from '../hub.ts';
import { DEMO_AGENT_USERNAMES, DEMO_PASSWORDS } from '../demo/generate.ts';
import { benchDataFolder, defaultBenchDbPath, prepareBenchDatabase } from './runner.ts';
import { postApi } from './http-client.ts';
import { profileSteps, type StepProfile, type TraceEvent } from './ui-trace.ts';

export interface UiBenchOptions {
  dbPath?: string;
  tickets?: number;
  runs?: number;
  out?: string | null;
  chromium?: string;
  log?: (m: string) => void;
  /** Record a Chromium performance trace of the last run and summarise it per step. */
  trace?: boolean;
  /** Serve the React profiling build and report each screen's commits per step. */
  profile?: boolean;
  /** Serve this built renderer instead of dist/renderer (e.g. an older build, to compare). */
  rendererDir?: string;
}

/** React commits inside one step, per profiled subtree: how many and how long React rendered. */
type Commits = Record<string, { n: number; ms: number; mounts: number }>;

interface Step { name: string; targetMs: number; samples: number[]; api: number[] }

const STEPS: readonly { name: string; targetMs: number }[] = [
  { name: 'sign-in → queue rows visible', targetMs: 300 },
  { name: 'click a ticket → conversation visible', targetMs: 100 },
  { name: 'j → next ticket visible', targetMs: 50 },
  { name: 'search (Enter) → results', targetMs: 150 },
  { name: 'open Analytics → all charts drawn', targetMs: 500 },
];

/** Words of the demo data, one per run, so each search asks the hub anew. */
const SEARCH_WORDS = ['printer', 'heating', 'projector', 'network', 'window', 'toilet', 'keyboard', 'door'];

/** In the page: remember when the next click or key press happened. */
async function armTimer(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __t0: number | null };
    w.__t0 = null;
    const mark = () => { if (w.__t0 === null) { w.__t0 = performance.now(); performance.mark('cd-start'); } };
    document.addEventListener('mousedown', mark, { capture: true, once: true });
    document.addEventListener('keydown', mark, { capture: true, once: true });
  });
}

/**
 * In the page: waits until `condition` holds (checked on every DOM change), then for the next
 * frame; answers the milliseconds since the armed click or key press.
 */
async function awaitCondition(page: Page, condition: string, timeoutMs = 30_000): Promise<{ total: number; api: number; commits: Commits }> {
  return page.evaluate(async ({ condition, timeoutMs }) => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the condition is a JS expression (written in this file) that must be evaluated inside the browser page
    const check = new Function(`return (${condition});`) as () => boolean;
    await new Promise<void>((resolve, reject) => {
      if (check()) { resolve(); return; }
      const timer = setTimeout(() => { obs.disconnect(); reject(new Error(`timed out waiting for ${condition}`)); }, timeoutMs);
      const obs = new MutationObserver(() => {
        if (check()) { clearTimeout(timer); obs.disconnect(); resolve(); }
      });
      obs.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const t0 = (window as unknown as { __t0: number | null }).__t0;
    if (t0 === null) throw new Error('no click or key press was seen');
    const now = performance.now();
    performance.mark('cd-end');
    // The profiling build's React commits in this step (app/profiler.tsx).
    const commits: Record<string, { n: number; ms: number; mounts: number }> = {};
    const all = (window as unknown as { __reactCommits?: { id: string; phase: string; actualMs: number; commitMs: number }[] }).__reactCommits ?? [];
    for (const c of all) {
      if (c.commitMs < t0 || c.commitMs > now) continue;
      const k = (commits[c.id] ??= { n: 0, ms: 0, mounts: 0 });
      k.n++; k.ms += c.actualMs; if (c.phase === 'mount') k.mounts++;
    }
    // How long of it the page waited for API answers: from the press to the last answer that
    // arrived before the content showed (requests started after the press).
    const answers = performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/v1/') && e.startTime >= t0 && (e as PerformanceResourceTiming).responseEnd <= now);
    const api = answers.length ? Math.max(...answers.map((e) => (e as PerformanceResourceTiming).responseEnd)) - t0 : 0;
    performance.clearResourceTimings();
    return { total: now - t0, api, commits };
  }, { condition, timeoutMs });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function renderUiTable(steps: Step[], runs: number): string {
  const load = loadavg().map((x) => x.toFixed(2)).join(', ');
  const lines = [
    `UI benchmark: ${runs} runs each (median), Chromium, ${cpus().length} cores, load average ${load} (uptime), ${new Date().toISOString()}`,
    '',
    '| step | n | median | min | max | waiting for the API (median) | target | result |',
    '|---|--:|--:|--:|--:|--:|--:|:-:|',
  ];
  for (const s of steps) {
    if (s.samples.length === 0) { lines.push(`| ${s.name} | 0 | — | — | — | — | ≤ ${s.targetMs} ms | error |`); continue; }
    const med = median(s.samples);
    lines.push(`| ${s.name} | ${s.samples.length} | ${med.toFixed(0)} ms | ${Math.min(...s.samples).toFixed(0)} ms | ${Math.max(...s.samples).toFixed(0)} ms | ${median(s.api).toFixed(0)} ms | ≤ ${s.targetMs} ms | ${med <= s.targetMs ? '✅' : '❌'} |`);
  }
  return lines.join('\n');
}

/** Where each step's time went: the traced run's main thread, and React's commits. */
function renderProfile(steps: Step[], traced: StepProfile[], commits: Commits[] | null, runs: number): string {
  const lines = [`Profile${commits ? ' (React profiling build: slower than the plain build)' : ''}${traced.length ? ', main thread of the last run from its Chromium trace' : ''}`, ''];
  steps.forEach((s, i) => {
    lines.push(`### ${s.name}`);
    const t = traced[i];
    if (t) {
      const g = Object.entries(t.groups).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ');
      lines.push(`- trace: ${t.wallMs.toFixed(0)} ms from press to content, main thread busy ${t.busyMs.toFixed(0)} ms: ${g}`);
      lines.push(`- biggest self times: ${t.top.map((x) => `${x.name} ${x.ms.toFixed(1)} ms`).join('; ')}`);
    }
    if (commits) {
      const c = Object.entries(commits[i]!).sort((a, b) => b[1].ms - a[1].ms);
      lines.push(`- React commits per run (mean of ${runs}; nested subtrees count in their parents too): ${c.length ? c.map(([id, v]) => `${id} ${(v.n / runs).toFixed(1)}× ${(v.ms / runs).toFixed(1)} ms${v.mounts ? ` (${(v.mounts / runs).toFixed(1)} mounts)` : ''}`).join(', ') : 'none'}`);
    }
    lines.push('');
  });
  return lines.join('\n');
}

export async function runUiBench(opts: UiBenchOptions = {}): Promise<{ markdown: string; steps: Step[] }> {
  const log = opts.log ?? console.log;
  const tickets = opts.tickets ?? 1_000_000;
  const runs = opts.runs ?? 5;
  const dbPath = opts.dbPath ?? defaultBenchDbPath(tickets);
  prepareBenchDatabase(dbPath, tickets, opts.dbPath === undefined, log);
  if (!existsSync(join(rendererFolder(), 'index.html'))) {
    log('bench --ui: building the renderer (vite build) …');
    execFileSync(process.execPath, [join(appRoot(), 'node_modules/vite/bin/vite.js'), 'build'], { cwd: appRoot(), stdio: 'inherit' });
  }
  let staticDir: string | undefined = opts.rendererDir;
  if (opts.profile) {
    log('bench --ui --profile: building the renderer with React\'s profiling bundle (dist/renderer-profile) …');
    execFileSync(process.execPath, [join(appRoot(), 'node_modules/vite/bin/vite.js'), 'build'], { cwd: appRoot(), stdio: 'inherit', env: { ...process.env, VITE_REACT_PROFILE: '1' } });
    staticDir = join(appRoot(), 'dist/renderer-profile');
  }
  const steps: Step[] = STEPS.map((s) => ({ ...s, samples: [], api: [] }));
  /** Per step: React commits summed over the measured runs. */
  const commits: Commits[] = STEPS.map(() => ({}));
  let traced: StepProfile[] = [];
  let hub: RunningHub | null = null;
  const browser = await chromium.launch({
    executablePath: opts.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
  try {
    hub = await startHub(dbPath, { port: 0, ...(staticDir ? { staticDir } : {}) });
    const username = DEMO_AGENT_USERNAMES[0] as string;
    const password = DEMO_PASSWORDS.agent;
    // Let the analytics worker load its copy of the tickets before anything is timed.
    const login = await postApi(hub.url, 'auth.login', { username, password });
    const token = (JSON.parse(login.text) as { token: string }).token;
    await postApi(hub.url, 'analytics.activeByCategory', {}, token);

    // One warm-up run (caches of the OS and SQLite, Chromium's code cache), then the measured ones.
    for (let run = -1; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'Europe/Berlin', baseURL: hub.url });
      const page = await context.newPage();
      const tracing = opts.trace === true && run === runs - 1;
      if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-v8.compile', 'v8'] });
      const sample = (i: number, m: { total: number; api: number; commits: Commits }) => {
        if (run < 0) return;
        steps[i]!.samples.push(m.total); steps[i]!.api.push(m.api);
        for (const [id, c] of Object.entries(m.commits)) {
          const k = (commits[i]![id] ??= { n: 0, ms: 0, mounts: 0 });
          k.n += c.n; k.ms += c.ms; k.mounts += c.mounts;
        }
      };
      try {
        await page.goto('/#/login');
        await page.getByLabel('Username').fill(username);
        await page.getByLabel('Password', { exact: true }).fill(password);
        await armTimer(page);
        await page.getByRole('button', { name: 'Sign in' }).click();
        sample(0, await awaitCondition(page, `location.hash.startsWith('#/queue') && document.querySelectorAll('tbody tr[data-ticket-id]').length > 0`));

        // A person moves the mouse onto a row, then clicks it.
        const row = page.locator('tbody tr[data-ticket-id]').nth(3 + Math.max(run, 0));
        const id = await row.getAttribute('data-ticket-id');
        await row.hover();
        await page.waitForTimeout(300);
        await armTimer(page);
        await row.locator('a').click();
        sample(1, await awaitCondition(page, `location.hash === '#/tickets/${id}' && document.querySelector('[data-testid="ticket-subject"]') !== null && document.querySelector('ol[aria-label="Conversation"], [data-testid="ticket-subject"]') !== null && /Ticket #${id}(?!\\d)/.test(document.querySelector('main')?.textContent ?? '')`));

        // j: the next ticket of the list (its neighbours are prefetched while this one is read).
        await page.waitForTimeout(300);
        const nextId = await page.evaluate(() => {
          const list = JSON.parse(sessionStorage.getItem('campusdesk.lastList') ?? '{"ids":[]}') as { ids: number[] };
          const at = list.ids.indexOf(Number(/#\/tickets\/(\d+)/.exec(location.hash)?.[1]));
          return list.ids[at + 1];
        });
        await armTimer(page);
        await page.keyboard.press('j');
        sample(2, await awaitCondition(page, `location.hash === '#/tickets/${nextId}' && /Ticket #${nextId}(?!\\d)/.test(document.querySelector('main')?.textContent ?? '')`));

        // Search from the queue.
        await page.goto('/#/queue');
        await page.locator('tbody tr[data-ticket-id]').first().waitFor();
        const word = SEARCH_WORDS[(run + 1) % SEARCH_WORDS.length]!;
        const search = page.getByLabel('Search tickets');
        await search.fill(word);
        // The rows on screen before: the results are there when other rows are, no longer dimmed.
        const rowIds = `[...document.querySelectorAll('tbody tr[data-ticket-id]')].map((r) => r.getAttribute('data-ticket-id')).join(',')`;
        await page.evaluate(`window.__before = ${rowIds}`);
        await armTimer(page);
        await search.press('Enter');
        sample(3, await awaitCondition(page, `location.hash.includes('q=${word}') && document.querySelector('[data-stale="false"]') !== null && document.querySelectorAll('tbody tr[data-ticket-id]').length > 0 && ${rowIds} !== window.__before`));

        // Analytics, every chart drawn.
        await armTimer(page);
        await page.getByRole('link', { name: 'Analytics' }).click();
        sample(4, await awaitCondition(page, `document.querySelectorAll('[data-chart] .recharts-wrapper > svg.recharts-surface').length === 6 && !(document.querySelector('[data-testid="period"]')?.textContent ?? 'updating').includes('updating')`));
      } catch (err) {
        // What the page showed then (the charts drawn, the period line, the address).
        const seen = await page.evaluate(() => `${location.hash}; charts drawn: ${document.querySelectorAll('[data-chart] .recharts-wrapper > svg.recharts-surface').length} of ${document.querySelectorAll('[data-chart]').length}; period: ${document.querySelector('[data-testid="period"]')?.textContent ?? '—'}`).catch(() => 'the page did not answer');
        log(`bench --ui: run ${run + 1} failed: ${err instanceof Error ? err.message : String(err)} (${seen})`);
      } finally {
        if (tracing) {
          const buf = await browser.stopTracing();
          const file = join(benchDataFolder(), 'ui-trace.json');
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, buf);
          traced = profileSteps((JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents);
          log(`bench --ui --trace: ${file} (open it in Chromium's DevTools, Performance tab)`);
        }
        await context.close();
      }
      if (run >= 0) log(`bench --ui: run ${run + 1}/${runs} done`);
    }
  } finally {
    await browser.close();
    await hub?.stop();
  }
  let markdown = renderUiTable(steps, runs);
  if (opts.profile || opts.trace) markdown += `\n\n${renderProfile(steps, traced, opts.profile ? commits : null, runs)}`;
  const out = opts.out === undefined ? join(benchDataFolder(), 'ui-results.md') : opts.out;
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${markdown}\n`);
  }
  return { markdown, steps };
}
