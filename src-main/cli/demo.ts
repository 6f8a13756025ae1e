// npm run demo -- [--db PATH] [--tickets N] [--seed N]
// Fills a database that has no tickets with the deterministic campus demo dataset (default
// 5,000 tickets over the last 12 months) and prints the demo accounts and passwords.
import { parseArgs } from 'node:util';
import { resolveDbPath } from '../paths.ts';
import { ensureDemoData } from '../demo/seed.ts';
import { DEFAULT_DEMO_TICKETS, DEFAULT_SEED } from '../demo/generate.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    tickets: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (args.help) {
  console.log(`Usage: npm run demo -- [--db PATH] [--tickets ${DEFAULT_DEMO_TICKETS}] [--seed ${DEFAULT_SEED}]\n` +
    'Fills the database (default: the per-user app-data file; CAMPUSDESK_DB or --db override it) with a\n' +
    'deterministic, realistic campus dataset when it has no tickets yet, and prints the demo accounts.');
  process.exit(0);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`npm run demo: --${name} must be a positive whole number, not "${value}".`);
    process.exit(2);
  }
  return n;
}

const dbPath = resolveDbPath(args.db);
const tickets = positiveInt('tickets', args.tickets, DEFAULT_DEMO_TICKETS);
const seed = positiveInt('seed', args.seed, DEFAULT_SEED);
console.log(`CampusDesk demo: database ${dbPath}`);
ensureDemoData(dbPath, { tickets, seed, log: console.log });
