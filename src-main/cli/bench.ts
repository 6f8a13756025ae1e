// npm run bench -- [--db PATH] [--tickets 1000000] [--iterations 200] [--warmup 20]
//                  [--max-seconds 30] [--deep-pages 200] [--out FILE] [--no-analytics]
// npm run bench -- --load [--scenarios saturation,human,import,analytics,burst,search]
//                  [--seconds 20] [--writes 100000] [--generators 2] [--hub-root DIR]
// npm run bench -- --ui [--runs 5] [--db PATH] [--tickets N] [--out FILE] [--trace] [--profile] [--renderer DIR]: the UI benchmark
// (src-main/bench/ui-bench.ts: Chromium against the hub, what a person waits for).
// Builds or reuses the benchmark database (default bench-data/bench-1m.db), starts the real
// hub on it and prints p50/p95 of the API and of the bare SQL, with their ratio and targets.
import { parseArgs } from 'node:util';
import { runBench, DEFAULT_BENCH_TICKETS } from '../bench/runner.ts';
import { runLoad, LOAD_SCENARIOS, type LoadScenario } from '../bench/load.ts';
import { runUiBench } from '../bench/ui-bench.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    tickets: { type: 'string' },
    iterations: { type: 'string' },
    warmup: { type: 'string' },
    'max-seconds': { type: 'string' },
    'deep-pages': { type: 'string' },
    out: { type: 'string' },
    'no-analytics': { type: 'boolean' },
    load: { type: 'boolean' },
    scenarios: { type: 'string' },
    seconds: { type: 'string' },
    writes: { type: 'string' },
    generators: { type: 'string' },
    'hub-root': { type: 'string' },
    ui: { type: 'boolean' },
    trace: { type: 'boolean' },
    profile: { type: 'boolean' },
    renderer: { type: 'string' },
    runs: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (args.help) {
  console.log('Usage: npm run bench -- [--db PATH] [--tickets 1000000] [--iterations 200] [--warmup 20]\n' +
    '                        [--max-seconds 30] [--deep-pages 200] [--out FILE] [--no-analytics]\n' +
    'Builds (or reuses) a demo database of N tickets (default bench-data/bench-1m.db), starts the hub on it\n' +
    'and prints p50/p95 of every case through the HTTP API and as bare SQL, with targets; the table also\n' +
    'goes to bench-data/results.md (or --out).\n\n' +
    '       npm run bench -- --load [--scenarios ' + LOAD_SCENARIOS.join(',') + ']\n' +
    '                        [--seconds 20] [--writes 100000] [--generators 2] [--hub-root DIR]\n' +
    'The load benchmark: the hub in its own process, load from generator processes; per operation\n' +
    'calls/s, p50/p95/p99, max and errors, hub CPU and RSS, load average; targets of issue 8.\n' +
    'Human-pace scenarios run 3 × --seconds. Results also go to bench-data/load-results.md (or --out).\n\n' +
    '       npm run bench -- --ui [--runs 5] [--db PATH] [--tickets N] [--out FILE] [--trace] [--profile] [--renderer DIR]\n' +
    'The UI benchmark: Chromium against the hub on the same database; medians of --runs for sign-in → queue,\n' +
    'open a ticket, j to the next, search, analytics, against their targets (bench-data/ui-results.md).');
  process.exit(0);
}

function count(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < min) {
    console.error(`npm run bench: --${name} must be a whole number ≥ ${min}, not "${value}".`);
    process.exit(2);
  }
  return n;
}

if (args.load) {
  const scenarios = (args.scenarios ?? LOAD_SCENARIOS.join(',')).split(',').map((x) => x.trim()).filter(Boolean);
  const unknown = scenarios.filter((x) => !(LOAD_SCENARIOS as readonly string[]).includes(x));
  if (unknown.length) {
    console.error(`npm run bench: unknown scenario(s) ${unknown.join(', ')}; choose from ${LOAD_SCENARIOS.join(', ')}.`);
    process.exit(2);
  }
  const load = await runLoad({
    ...(args.db !== undefined ? { dbPath: args.db } : {}),
    ...(args['hub-root'] !== undefined ? { hubRoot: args['hub-root'] } : {}),
    ...(args.out !== undefined ? { out: args.out } : {}),
    tickets: count('tickets', args.tickets, DEFAULT_BENCH_TICKETS),
    scenarios: scenarios as LoadScenario[],
    seconds: count('seconds', args.seconds, 20),
    writes: count('writes', args.writes, 100_000),
    generators: count('generators', args.generators, 2),
  });
  console.log(`\n${load.markdown}`);
  const missed = load.checks.filter((c) => !c.ok).length;
  console.log(missed ? `${missed} target(s) missed.` : 'Every load target met.');
  process.exit(0);
}
if (args.ui) {
  const ui = await runUiBench({
    ...(args.db !== undefined ? { dbPath: args.db } : {}),
    tickets: count('tickets', args.tickets, DEFAULT_BENCH_TICKETS),
    runs: count('runs', args.runs, 5),
    ...(args.out !== undefined ? { out: args.out } : {}),
    trace: args.trace === true,
    profile: args.profile === true,
    ...(args.renderer !== undefined ? { rendererDir: args.renderer } : {}),
  });
  console.log(`\n${ui.markdown}`);
  const broken = ui.steps.filter((s) => s.samples.length === 0).length;
  if (broken) process.exitCode = 1;
  process.exit();
}

const report = await runBench({
  ...(args.db !== undefined ? { dbPath: args.db } : {}),
  tickets: count('tickets', args.tickets, DEFAULT_BENCH_TICKETS),
  iterations: count('iterations', args.iterations, 200),
  warmup: count('warmup', args.warmup, 20, 0),
  maxSeconds: count('max-seconds', args['max-seconds'], 30),
  deepPages: count('deep-pages', args['deep-pages'], 200),
  ...(args.out !== undefined ? { out: args.out } : {}),
  analytics: !args['no-analytics'],
});
console.log(`\n${report.markdown}`);
const missed = report.results.flatMap((r) => (r.checks ?? []).filter((x) => !x.ok).map((x) => `${r.name}: ${x.label}`));
const broken = report.results.filter((r) => r.error).length;
console.log(missed.length ? `${missed.length} target(s) missed.` : 'Every case met its targets.');
if (broken) {
  console.log(`${broken} case(s) failed to run.`);
  process.exitCode = 1;
}
