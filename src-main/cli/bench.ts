// npm run bench -- [--db PATH] [--tickets 1000000] [--iterations 200] [--warmup 20]
//                  [--max-seconds 30] [--deep-pages 200] [--out FILE] [--no-analytics]
// npm run bench -- --ui [--runs 5] [--db PATH] [--tickets N] [--out FILE]: the UI benchmark
// (src-main/bench/ui-bench.ts: Chromium against the hub, what a person waits for).
// Builds or reuses the benchmark database (default bench-data/bench-1m.db), starts the real
// hub on it and prints p50/p95 of the API and of the bare SQL, with their ratio and targets.
import { parseArgs } from 'node:util';
import { runBench, DEFAULT_BENCH_TICKETS } from '../bench/runner.ts';
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
    ui: { type: 'boolean' },
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
    'goes to bench-data/results.md (or --out).\n' +
    '       npm run bench -- --ui [--runs 5] [--db PATH] [--tickets N] [--out FILE]\n' +
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

if (args.ui) {
  const ui = await runUiBench({
    ...(args.db !== undefined ? { dbPath: args.db } : {}),
    tickets: count('tickets', args.tickets, DEFAULT_BENCH_TICKETS),
    runs: count('runs', args.runs, 5),
    ...(args.out !== undefined ? { out: args.out } : {}),
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
