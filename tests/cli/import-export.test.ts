// `campusdesk import` and `export tickets` as real processes: a CSV with mistakes reports
// each one with its line and column and imports nothing (also when the mistake is in a
// later batch); a good CSV with a messages file imports; export then import round-trips;
// over a hub, the same import in one call.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './support.ts';
import { startTestHub } from '../support/hub.ts';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });
const dir = tempDir('import');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dbA = join(dir, 'a.db');
const dbB = join(dir, 'b.db');
const env = (db: string) => ({ CAMPUSDESK_DB: db, CAMPUSDESK_USER: 'admin', CAMPUSDESK_PASSWORD: 'admin-password' });
const count = (db: string): number => {
  const s = new Database(db, { readonly: true });
  try { return (s.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n; } finally { s.close(); }
};

const HEADER = 'subject,description,category,status,priority,location,openedAt,updatedAt,closedAt,reporterUsername,assigneeUsername\r\n';

beforeAll(async () => {
  for (const db of [dbA, dbB]) {
    const r = await cli(['--db', db, 'setup', '--username', 'admin', '--display-name', 'Ada Admin', '--password-stdin'], { input: 'admin-password' });
    expect(r.code, r.stderr).toBe(0);
    await cli(['users', 'add', 'rob', '--role', 'reporter', '--display-name', 'Rob Reporter', '--password-stdin'], { env: env(db), input: 'rob-password' });
  }
});

describe('campusdesk import', () => {
  it('reports every mistake with its line and column and imports nothing', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, HEADER +
      'Printer jammed,Room 101,technical_it,open,high,Room 101,2026-01-05T09:00:00Z,,,rob,admin\r\n' +
      '"Two\nline subject",Ok,facility_management,resolved,,,2026-01-05T09:00:00Z,,,rob,\r\n' +
      'Bad status,x,technical_it,solved,,,2026-01-05T09:00:00Z,,,,\r\n' +
      'Bad category,x,no_such,open,,,2026-01-05T09:00:00Z,,,,\r\n' +
      'Bad date,x,technical_it,open,,,yesterday,,,nobody,\r\n');
    const r = await cli(['import', file], { env: env(dbA) });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`campusdesk: VALIDATION: 5 problem(s) in ${file}; nothing was imported.`);
    // The second ticket starts on line 3 and spans two lines; the next ones are on 5, 6 and 7.
    expect(lines).toContain(`  ${file}: line 3, column 9 (closedAt): closedAt is required for a resolved ticket`);
    expect(lines.some((l) => l.startsWith(`  ${file}: line 5, column 4 (status): `))).toBe(true);
    expect(lines.some((l) => l.startsWith(`  ${file}: line 6, column 3 (category): `))).toBe(true);
    expect(lines).toContain(`  ${file}: line 7, column 7 (openedAt): Must be an ISO 8601 date-time with offset, e.g. 2026-03-01T09:30:00Z`);
    expect(lines.some((l) => l.startsWith(`  ${file}: line 7, column 10 (reporterUsername): `))).toBe(true);
    expect(count(dbA)).toBe(0);

    // A header that does not use the ImportTicket names, and a quote left open.
    writeFileSync(file, 'subject,descr\r\nA,B\r\n');
    const header = await cli(['import', file], { env: env(dbA) });
    expect(header.code).toBe(1);
    expect(header.stderr).toContain(`${file}: line 1, column 2: unknown column "descr"`);
    writeFileSync(file, HEADER + '"open quote,x\r\n');
    const quote = await cli(['import', file], { env: env(dbA) });
    expect(quote.stderr).toContain(`${file}: line 2, column 1: A quoted field is not closed`);
    expect(count(dbA)).toBe(0);
  });

  it('is all or nothing across batches: a mistake in the second batch leaves the first out too', async () => {
    const file = join(dir, 'big.csv');
    let text = HEADER;
    for (let i = 1; i <= 1_500; i++) text += `Ticket ${i},Description ${i},technical_it,open,,,2026-01-05T09:00:00Z,,,,\r\n`;
    writeFileSync(file, text.replace('Ticket 1400,Description 1400,technical_it,open', 'Ticket 1400,Description 1400,technical_it,opened'));
    const r = await cli(['import', file], { env: env(dbA) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`line 1401, column 4 \\(status\\): `));
    expect(r.stderr).toContain('1 problem(s)');
    expect(count(dbA)).toBe(0);
    writeFileSync(file, text);
    const ok = await cli(['import', file, '--json'], { env: env(dbA) });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).imported).toBe(1_500);
    expect(count(dbA)).toBe(1_500);
  });
});

describe('campusdesk export then import', () => {
  it('round-trips the same tickets and messages (CSV, formula-safe)', async () => {
    const tickets = join(dir, 'history.csv');
    const messages = join(dir, 'history-messages.csv');
    writeFileSync(tickets, HEADER +
      '"=1+1 is not a formula","Quotes "" and, commas\nand lines",facility_management,closed,urgent,Hall A,2025-09-01T08:00:00+02:00,2025-09-03T10:00:00Z,2025-09-02T12:00:00Z,rob,admin\r\n' +
      '-5 degrees in room 7,Cold,facility_management,waiting,low,,2025-10-01T08:00:00Z,,,,admin\r\n');
    writeFileSync(messages, 'ticket,authorUsername,body,internal,createdAt\r\n' +
      '1,rob,Still broken,false,2025-09-01T09:00:00Z\r\n1,admin,@team look,true,2025-09-01T10:00:00Z\r\n2,admin,On it,no,2025-10-01T09:00:00Z\r\n');
    const imp = await cli(['import', tickets, '--messages', messages], { env: env(dbB) });
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toBe('Imported 2 ticket(s) (ids 1–2).\n');

    const out1 = join(dir, 'export1.csv');
    const m1 = join(dir, 'export1-messages.csv');
    const exp = await cli(['export', 'tickets', out1, '--messages', m1, '--category', 'facility_management'], { env: env(dbB) });
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toBe(`Exported 2 ticket(s) to ${out1}.\n`);
    const csv1 = readFileSync(out1, 'utf8');
    expect(csv1.startsWith(HEADER)).toBe(true);
    expect(csv1).toContain(`'=1+1 is not a formula,"Quotes "" and, commas\nand lines",facility_management,closed,urgent,Hall A,2025-09-01T06:00:00.000Z,2025-09-03T10:00:00.000Z,2025-09-02T12:00:00.000Z,rob,admin\r\n`);
    expect(csv1).toContain(`'-5 degrees in room 7,`);
    expect(readFileSync(m1, 'utf8')).toContain(`1,admin,'@team look,true,2025-09-01T10:00:00.000Z\r\n`);

    // Into another database, and out again: the same files.
    const dbC = join(dir, 'c.db');
    await cli(['--db', dbC, 'setup', '--username', 'admin', '--display-name', 'Ada Admin', '--password-stdin'], { input: 'admin-password' });
    await cli(['users', 'add', 'rob', '--role', 'reporter', '--display-name', 'Rob Reporter', '--password-stdin'], { env: env(dbC), input: 'rob-password' });
    const again = await cli(['import', out1, '--messages', m1], { env: env(dbC) });
    expect(again.code, again.stderr).toBe(0);
    const out2 = join(dir, 'export2.csv');
    const m2 = join(dir, 'export2-messages.csv');
    const [exp2, stdout] = await Promise.all([
      cli(['export', 'tickets', out2, '--messages', m2], { env: env(dbC) }),
      cli(['export', 'tickets', '-', '--status', 'waiting'], { env: env(dbC) }),
    ]);
    expect(exp2.code, exp2.stderr).toBe(0);
    expect(readFileSync(out2, 'utf8')).toBe(csv1);
    expect(readFileSync(m2, 'utf8')).toBe(readFileSync(m1, 'utf8'));
    expect(stdout.stdout.split('\r\n').filter(Boolean)).toHaveLength(2);
    const exists = await cli(['export', 'tickets', out2], { env: env(dbC) });
    expect(exists.code).toBe(1);
    expect(exists.stderr).toBe(`campusdesk: ${out2} already exists; export into a new file.\n`);

    // The tickets.import JSON, on a hub: one call, all or nothing, problems by path.
    const hub = await startTestHub();
    try {
      const token = await hub.setupAdmin();
      await hub.user(token, 'rob', 'reporter');
      const json = join(dir, 'import.json');
      writeFileSync(json, JSON.stringify({ tickets: [
        { subject: 'From JSON', description: 'x', category: 'technical_it', status: 'open', openedAt: '2026-01-01T00:00:00Z' },
        { subject: 'Broken', description: 'x', category: 'technical_it', status: 'closed', openedAt: '2026-01-01T00:00:00Z' },
      ] }));
      const hubEnv = { CAMPUSDESK_HUB: hub.url, CAMPUSDESK_TOKEN: token };
      const bad = await cli(['import', json], { env: hubEnv });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`${json}: tickets[1].closedAt: closedAt is required for a closed ticket`);
      expect((await hub.ok('tickets.list', {}, token)).total).toBe(0);
      const viaHub = await cli(['import', out1, '--messages', m1], { env: hubEnv });
      expect(viaHub.code, viaHub.stderr).toBe(0);
      expect((await hub.ok('tickets.list', {}, token)).total).toBe(2);
    } finally { await hub.dispose(); }
  });
});
