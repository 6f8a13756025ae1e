// `campusdesk --hub URL import FILE` with files larger than one tickets.import call, against
// a real hub (`npm run serve` spawned on an ephemeral port): 10,001 tickets arrive in the
// default batches (10,000, the API's maximum, then 1) exactly once with their fields (export
// over the hub gives back the same CSV); with `--batch-size 1000`, 2,500-ticket files make
// three batches: one with mistakes in its 2nd and 3rd batch reports them all and imports
// nothing; and when the hub refuses a later batch (a category deactivated between the check
// and that batch) the import names the imported lines and ids, and the printed --skip
// command imports the rest.
// The deactivation happens at a fixed point: the test reaches the hub through a small
// forwarding HTTP server of its own, which deactivates the category just before it forwards
// the second tickets.import call (no test hook in the product); the same server also loses
// the hub's answer to a batch, which the import reports as "may or may not be in", and
// counts the tickets of each call.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from './support.ts';
import { startServe, type ServeProcess } from '../deploy/support.ts';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const HEADER = 'subject,description,category,status,priority,location,openedAt,updatedAt,closedAt,reporterUsername,assigneeUsername\r\n';
/** Tickets of the files imported in batches of BATCH (--batch-size): three batches. */
const N = 2_500;
const BATCH = '1000';
/** Tickets of the file imported in the default batches: one full call and one more. */
const N_DEFAULT = 10_001;
const dir = tempDir('import-hub');
const dbPath = join(dir, 'hub.db');
let serve: ServeProcess;
let token = '';

const post = async (url: string, name: string, input: unknown): Promise<any> => {
  const res = await fetch(`${url}/api/v1/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(body)}`);
  return body;
};
const query = <T>(sql: string, ...params: unknown[]): T[] => {
  const db = new Database(dbPath, { readonly: true });
  try { return db.prepare(sql).all(...params) as T[]; } finally { db.close(); }
};

/** The i-th ticket (1-based) of a generated file, as a CSV line; `prefix` keeps files apart. */
function row(prefix: string, i: number, category = 'technical_it'): string {
  const day = String(1 + (i % 28)).padStart(2, '0');
  const opened = `2025-03-${day}T08:00:00.000Z`;
  const closed = i % 3 === 0;
  return [
    `${prefix} ${i}`, `Description of ${prefix.toLowerCase()} ticket ${i}`, category,
    closed ? 'closed' : ['open', 'in_progress', 'waiting'][i % 3]!, ['low', 'normal', 'high', 'urgent'][i % 4]!,
    i % 5 === 0 ? '' : `Room ${i % 400}`, opened, `2025-03-${day}T12:00:00.000Z`, closed ? `2025-03-${day}T11:00:00.000Z` : '',
    i % 2 ? 'rob' : 'admin', i % 7 === 0 ? '' : 'admin',
  ].join(',') + '\r\n';
}
const fileOf = (prefix: string, change: (i: number, line: string) => string = (_i, l) => l, n = N): string => {
  let text = HEADER;
  for (let i = 1; i <= n; i++) text += change(i, row(prefix, i));
  return text;
};

beforeAll(async () => {
  serve = await startServe(['--db', dbPath, '--no-backups']);
  const setup = await fetch(`${serve.url}/api/v1/auth.setup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password', displayName: 'Ada Admin' }) });
  token = ((await setup.json()) as { token: string }).token;
  await post(serve.url, 'users.create', { username: 'rob', password: 'rob-password', displayName: 'Rob Reporter', role: 'reporter' });
  await post(serve.url, 'categories.create', { slug: 'lab_equipment', name: 'Lab equipment' });
});
afterAll(async () => {
  serve?.child.kill();
  await serve?.exited;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A forwarding HTTP server in front of the hub (the command line is pointed at it): `before(n)`
 * runs before the n-th tickets.import call goes on to the hub; `dropAnswer(n)` cuts the
 * connection once the hub has answered that call, so the command line never gets the answer.
 */
async function forwarder(opts: { before?: (n: number) => Promise<void>; dropAnswer?: (n: number) => boolean }): Promise<{ url: string; imports: () => number; sizes: number[]; close: () => Promise<void> }> {
  let imports = 0;
  const sizes: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const n = req.url === '/api/v1/tickets.import' ? ++imports : 0;
        if (n) sizes.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { tickets: unknown[] }).tickets.length);
        if (n) await opts.before?.(n);
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (req.headers.authorization) headers.Authorization = req.headers.authorization;
        const answer = await fetch(`${serve.url}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
        const body = Buffer.from(await answer.arrayBuffer());
        if (n && opts.dropAnswer?.(n)) { req.socket.destroy(); return; }
        res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(body);
      })().catch((err: unknown) => res.writeHead(502).end(String(err)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    imports: () => imports,
    sizes,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe('campusdesk --hub URL import FILE, more tickets than one call takes', () => {
  it('checks the whole file first: mistakes in the 2nd and 3rd batch are all reported, nothing is imported', async () => {
    const file = join(dir, 'mistakes.csv');
    // Data row i is on line i + 1. Batches: rows 1–1,000, 1,001–2,000, 2,001–2,500.
    writeFileSync(file, fileOf('Bad', (i, l) => {
      if (i === 1_234) return l.replace(',closed,', ',solved,').replace(',in_progress,', ',solved,').replace(',open,', ',solved,').replace(',waiting,', ',solved,');
      if (i === 1_701) return l.replace(',technical_it,', ',no_such_category,');
      if (i === 2_346) return l.replace(/,admin\r\n$/, ',rob\r\n');
      if (i === 2_499) return l.replace(/,(rob|admin),(admin)?\r\n$/, ',nobody,$2\r\n');
      return l;
    }));
    const r = await cli(['--hub', serve.url, 'import', file, '--batch-size', BATCH], { env: { CAMPUSDESK_TOKEN: token } });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.some((l) => l.startsWith(`  ${file}: line 1235, column 4 (status): `))).toBe(true);
    expect(lines).toContain(`  ${file}: line 1702, column 3 (category): There is no active category "no_such_category".`);
    expect(lines).toContain(`  ${file}: line 2347, column 11 (assigneeUsername): User "rob" is a reporter; assignees must be agents or admins.`);
    expect(lines).toContain(`  ${file}: line 2500, column 10 (reporterUsername): There is no active user "nobody".`);
    expect(lines.at(-1)).toBe(`campusdesk: VALIDATION: 4 problem(s) in ${file}; nothing was imported.`);
    expect(query<{ n: number }>('SELECT count(*) AS n FROM tickets')[0]!.n).toBe(0);
  });

  it('imports 10,001 tickets in the default batches of 10,000, each exactly once with its fields', async () => {
    const file = join(dir, 'good.csv');
    const text = fileOf('Good', undefined, N_DEFAULT);
    writeFileSync(file, text);
    const proxy = await forwarder({});
    const r = await cli(['--hub', proxy.url, 'import', file, '--json'], { env: { CAMPUSDESK_TOKEN: token } }).finally(() => proxy.close());
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.sizes).toEqual([10_000, 1]);
    expect(r.stderr).toBe(''); // no progress bar without a terminal
    const out = JSON.parse(r.stdout) as { imported: number; ids: number[] };
    expect(out.imported).toBe(N_DEFAULT);
    expect(new Set(out.ids).size).toBe(N_DEFAULT);
    const stored = query<{ n: number; subjects: number }>("SELECT count(*) AS n, count(DISTINCT subject) AS subjects FROM tickets WHERE subject LIKE 'Good %'")[0]!;
    expect(stored).toEqual({ n: N_DEFAULT, subjects: N_DEFAULT });
    // Every field as given: exporting them over the hub gives back the same file.
    const exported = join(dir, 'good-export.csv');
    const exp = await cli(['--hub', serve.url, 'export', 'tickets', exported, '--q', 'Good'], { env: { CAMPUSDESK_TOKEN: token } });
    expect(exp.code, exp.stderr).toBe(0);
    expect(readFileSync(exported, 'utf8')).toBe(text);
  });

  it('stops when the hub refuses a later batch, names the imported lines and ids, and --skip imports the rest', async () => {
    // Tickets 1,500 and 2,200 use a category that is deactivated just before batch 2 arrives.
    const file = join(dir, 'race.csv');
    writeFileSync(file, fileOf('Race', (i, l) => (i === 1_500 || i === 2_200 ? l.replace(',technical_it,', ',lab_equipment,') : l)));
    const before = query<{ m: number }>('SELECT coalesce(max(id), 0) AS m FROM tickets')[0]!.m;

    const proxy = await forwarder({ before: async (n) => { if (n === 2) await post(serve.url, 'categories.update', { slug: 'lab_equipment', active: false }); } });
    const via = proxy.url;
    try {
      const r = await cli(['--hub', via, 'import', file, '--batch-size', BATCH], { env: { CAMPUSDESK_TOKEN: token } });
      expect(r.code, r.stderr).toBe(1);
      expect(proxy.imports()).toBe(2);
      expect(proxy.sizes).toEqual([1_000, 1_000]);
      const ids = query<{ id: number }>("SELECT id FROM tickets WHERE subject LIKE 'Race %' ORDER BY id").map((x) => x.id);
      expect(ids).toHaveLength(1_000);
      expect(ids[0]).toBe(before + 1);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toContain('campusdesk: batch 2 of 3 (lines 1,002–2,001 (tickets 1,001–2,000 of the file)) was refused by the hub: The import was rejected: 1 reference is unknown or inactive; nothing was imported.');
      expect(lines).toContain(`  ${file}: line 1501, column 3 (category): There is no active category "lab_equipment".`);
      expect(lines).toContain(`Imported: lines 2–1,001 (tickets 1–1,000 of the file), as 1,000 tickets with the ids ${ids[0]}–${ids.at(-1)}.`);
      expect(lines).toContain('Not imported: lines 1,002–2,501 (tickets 1,001–2,500 of the file).');
      expect(lines.at(-1)).toBe('campusdesk: VALIDATION: The import stopped at batch 2 of 3: 1,000 tickets imported, 1,500 tickets not (resume with --skip 1000).');
      const resume = lines[lines.indexOf('Fix the cause, then import the rest with:') + 1]!.trim();
      expect(resume).toBe(`campusdesk --hub ${via} import ${file} --batch-size ${BATCH} --skip 1000`);

      // The admin reactivates the category; the printed command brings in the rest, once.
      await post(serve.url, 'categories.update', { slug: 'lab_equipment', active: true });
      const rest = await cli(resume.split(' ').slice(1), { env: { CAMPUSDESK_TOKEN: token } });
      expect(rest.code, rest.stderr).toBe(0);
      expect(rest.stdout).toMatch(/^Imported 1500 ticket\(s\) \(ids \d+–\d+\)\.\n$/);
      const all = query<{ n: number; subjects: number }>("SELECT count(*) AS n, count(DISTINCT subject) AS subjects FROM tickets WHERE subject LIKE 'Race %'")[0]!;
      expect(all).toEqual({ n: N, subjects: N });
      expect(query<{ slug: string }>("SELECT c.slug FROM tickets t JOIN categories c ON c.id = t.category_id WHERE t.subject IN ('Race 1500', 'Race 2200') ORDER BY t.id").map((x) => x.slug))
        .toEqual(['lab_equipment', 'lab_equipment']);
    } finally {
      await proxy.close();
    }
  });

  it('says so when a batch got no answer (it may be in), and the --skip it suggests imports the rest once', async () => {
    const file = join(dir, 'lost.csv');
    writeFileSync(file, fileOf('Lost'));
    const proxy = await forwarder({ dropAnswer: (n) => n === 2 });
    try {
      const r = await cli(['--hub', proxy.url, 'import', file, '--batch-size', BATCH], { env: { CAMPUSDESK_TOKEN: token } });
      expect(r.code, r.stderr).toBe(1);
      expect(proxy.imports()).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.some((l) => l.startsWith('campusdesk: batch 2 of 3 (lines 1,002–2,001 (tickets 1,001–2,000 of the file)) got no answer: cannot reach the hub at '))).toBe(true);
      expect(lines).toContain('Not imported: lines 2,002–2,501 (tickets 2,001–2,500 of the file); batch 2 may or may not be in (look for its first and last ticket with "tickets list --q" before resuming: if they are there, use --skip 2000).');
      // The hub did import batch 2 (only its answer was lost): resuming after it brings in the rest, once.
      expect(query<{ n: number }>("SELECT count(*) AS n FROM tickets WHERE subject LIKE 'Lost %'")[0]!.n).toBe(2_000);
      const rest = await cli(['--hub', serve.url, 'import', file, '--skip', '2000', '--batch-size', BATCH], { env: { CAMPUSDESK_TOKEN: token } });
      expect(rest.code, rest.stderr).toBe(0);
      expect(query<{ n: number; subjects: number }>("SELECT count(*) AS n, count(DISTINCT subject) AS subjects FROM tickets WHERE subject LIKE 'Lost %'")[0]!).toEqual({ n: N, subjects: N });
    } finally {
      await proxy.close();
    }
  });

  it('refuses a --skip that is not a number or leaves nothing, and a --batch-size the API does not take', async () => {
    const file = join(dir, 'small.csv');
    writeFileSync(file, HEADER + row('Small', 1));
    const bad = await cli(['--hub', serve.url, 'import', file, '--skip', 'x'], { env: { CAMPUSDESK_TOKEN: token } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--skip must be a whole number of tickets, not "x".');
    const all = await cli(['--hub', serve.url, 'import', file, '--skip', '1'], { env: { CAMPUSDESK_TOKEN: token } });
    expect(all.code).toBe(2);
    expect(all.stderr).toContain(`--skip 1 leaves nothing to import: ${file} holds 1 ticket(s).`);
    const sizes = await Promise.all(['0', '10001', '1e3'].map((n) => cli(['--hub', serve.url, 'import', file, '--batch-size', n], { env: { CAMPUSDESK_TOKEN: token } })));
    sizes.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--batch-size must be a whole number of tickets from 1 to 10,000 (the most one tickets.import call takes), not "${['0', '10001', '1e3'][i]}".`);
    });
    expect(query<{ n: number }>("SELECT count(*) AS n FROM tickets WHERE subject LIKE 'Small %'")[0]!.n).toBe(0);
  });
});
