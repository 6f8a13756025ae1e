// The campusdesk script commands, each spawned as a real process: on a temp database (the
// same registry in-process) and against a real hub over HTTP. Output formats, exit codes
// (0 success, 1 failure, 2 wrong usage), errors on stderr with the API's code, permissions.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { cli, tempDir } from './support.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';

const dir = tempDir('commands');
const db = join(dir, 'c.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const admin = { CAMPUSDESK_DB: db, CAMPUSDESK_USER: 'admin', CAMPUSDESK_PASSWORD: 'admin-password' };
const as = (user: string, password = `${user}-password`) => ({ CAMPUSDESK_DB: db, CAMPUSDESK_USER: user, CAMPUSDESK_PASSWORD: password });
const ESC = '\u001b[';
// Spawned processes on a shared 2-core machine can be slow; these are limits, not timings.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

describe('campusdesk on a local database', () => {
  beforeAll(async () => {
    const r = await cli(['--db', db, 'setup', '--username', 'admin', '--display-name', 'Ada Admin', '--password-stdin'], { input: 'admin-password\n' });
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('Admin "admin" created');
  });

  it('manages users, categories and kiosks', async () => {
    const [agent, reporter, again, noSignIn] = await Promise.all([
      cli(['users', 'add', 'alice', '--role', 'agent', '--display-name', 'Alice Agent', '--email', 'alice@campus.edu', '--password-stdin'], { env: admin, input: 'alice-password\n' }),
      cli(['users', 'add', 'rob', '--role', 'reporter', '--display-name', 'Rob Reporter', '--password-stdin', '--json'], { env: admin, input: 'rob-password' }),
      cli(['setup', '--username', 'x', '--display-name', 'X', '--password-stdin'], { env: { CAMPUSDESK_DB: db }, input: 'whatever-password' }),
      cli(['tickets', 'list'], { env: { CAMPUSDESK_DB: db } }),
    ]);
    expect(agent, agent.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(reporter.stdout)).toMatchObject({ username: 'rob', role: 'reporter', displayName: 'Rob Reporter', active: true });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^campusdesk: CONFLICT: /);
    expect(noSignIn.code).toBe(1);
    expect(noSignIn.stderr).toMatch(/^campusdesk: UNAUTHENTICATED: .*CAMPUSDESK_USER/);

    const [dup, list, cat, kiosk] = await Promise.all([
      cli(['users', 'add', 'alice', '--role', 'agent', '--display-name', 'Again', '--password-stdin'], { env: admin, input: 'alice-password' }),
      cli(['users', 'list'], { env: admin }),
      cli(['categories', 'add', 'parking', 'Parking'], { env: admin }),
      cli(['kiosks', 'add', 'Library lobby', '--location', 'Library', '--json'], { env: admin }),
    ]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^campusdesk: CONFLICT: /);
    expect(list.stdout).toMatch(/^ID\s+USERNAME\s+NAME\s+ROLE\s+EMAIL\s+ACTIVE\s+CREATED\n/);
    expect(list.stdout).toMatch(/alice\s+Alice Agent\s+agent\s+alice@campus\.edu\s+yes/);
    expect(cat.code).toBe(0);
    const k = JSON.parse(kiosk.stdout);
    expect(k).toMatchObject({ id: 1, name: 'Library lobby' });
    expect(k.token.length).toBeGreaterThan(20);

    const [rename, role, passwd, revoke] = await Promise.all([
      cli(['categories', 'rename', 'parking', 'Parking and bikes'], { env: admin }),
      cli(['users', 'role', 'alice', 'admin'], { env: admin }),
      cli(['users', 'passwd', 'rob', '--password-stdin'], { env: admin, input: 'rob-new-password\n' }),
      cli(['kiosks', 'revoke', '1'], { env: admin }),
    ]);
    for (const r of [rename, role, passwd, revoke]) expect(r, r.stderr).toMatchObject({ code: 0 });
    const cats = await cli(['categories', 'list', '--csv'], { env: admin });
    const [users, kiosks, oldPw, newPw, deact, badRole] = await Promise.all([
      cli(['users', 'list', '--json'], { env: admin }),
      cli(['kiosks', 'list', '--json'], { env: admin }),
      cli(['tickets', 'list'], { env: as('rob') }),
      cli(['tickets', 'list'], { env: as('rob', 'rob-new-password') }),
      cli(['categories', 'deactivate', 'parking'], { env: admin }),
      cli(['users', 'role', 'rob', 'boss'], { env: admin }),
    ]);
    expect(cats.stdout).toContain('slug,name,active\r\n');
    expect(cats.stdout).toContain('parking,Parking and bikes,true\r\n');
    expect(JSON.parse(users.stdout).items.find((u: { username: string }) => u.username === 'alice').role).toBe('admin');
    expect(JSON.parse(kiosks.stdout).items[0]).toMatchObject({ active: false });
    expect(oldPw.code).toBe(1);
    expect(oldPw.stderr).toMatch(/^campusdesk: UNAUTHENTICATED: /);
    expect(newPw.code).toBe(0);
    expect(deact.code).toBe(0);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/^campusdesk: VALIDATION: .*role/);
  });

  it('adds, lists, edits, replies to and shows tickets, with reporters kept to their own', async () => {
    const [a, b, bad, usage] = await Promise.all([
      cli(['tickets', 'add', '--subject', 'Printer jammed', '--description', 'Room 101 printer eats paper', '--category', 'technical_it', '--priority', 'high', '--json'], { env: admin }),
      cli(['tickets', 'add', '--subject', '=HYPERLINK("http://x")', '--description', 'Formula', '--category', 'facility_management', '--location', 'Hall C'], { env: as('rob', 'rob-new-password') }),
      cli(['tickets', 'add', '--subject', ' ', '--description', 'x', '--category', 'nope'], { env: admin }),
      cli(['tickets', 'add', '--description', 'x', '--category', 'technical_it'], { env: admin }),
    ]);
    expect(a, a.stderr).toMatchObject({ code: 0 });
    const printer = JSON.parse(a.stdout);
    expect(printer).toMatchObject({ subject: 'Printer jammed', priority: 'high', category: 'technical_it', status: 'open', channel: 'app' });
    expect(b.stdout).toMatch(/^Ticket #\d+ created\.\n$/);
    const robsTicket = /#(\d+)/.exec(b.stdout)![1]!;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^campusdesk: VALIDATION: The input is not valid in 2 fields: subject, category\./);
    expect(bad.stderr).toContain('  subject: Subject must not be empty');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--subject is required');

    // In order (the history below is checked in order); the reporter's attempt alongside.
    const forbiddenRun = cli(['tickets', 'edit', robsTicket, '--priority', 'urgent'], { env: as('rob', 'rob-new-password') });
    const edit = await cli(['tickets', 'edit', String(printer.id), '--assignee', 'me', '--location', 'Room 101'], { env: admin });
    const status = await cli(['tickets', 'status', String(printer.id), 'in_progress'], { env: admin });
    const reply = await cli(['tickets', 'reply', String(printer.id), '--body', 'A technician is on the way.'], { env: admin });
    const note = await cli(['tickets', 'reply', String(printer.id), '--body', 'Toner order pending', '--internal'], { env: admin });
    const forbidden = await forbiddenRun;
    for (const r of [edit, status, reply, note]) expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(status.stdout).toBe(`Ticket #${printer.id} is now in_progress.\n`);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/^campusdesk: FORBIDDEN: /);

    const [show, showJson, robShow, robList, list, csv, all, notFound, badId] = await Promise.all([
      cli(['tickets', 'show', String(printer.id)], { env: admin }),
      cli(['tickets', 'show', String(printer.id), '--json'], { env: admin }),
      cli(['tickets', 'show', String(printer.id)], { env: as('rob', 'rob-new-password') }),
      cli(['tickets', 'list', '--json'], { env: as('rob', 'rob-new-password') }),
      cli(['tickets', 'list', '--status', 'in_progress,open', '--assignee', 'me'], { env: admin }),
      cli(['tickets', 'list', '--csv', '--sort', 'id', '--order', 'asc'], { env: admin }),
      cli(['tickets', 'list', '--all', '--limit', '1', '--json'], { env: admin }),
      cli(['tickets', 'show', '999'], { env: admin }),
      cli(['tickets', 'show', 'abc'], { env: admin }),
    ]);
    expect(show.stdout).toMatch(new RegExp(`^#${printer.id}  Printer jammed\n`));
    expect(show.stdout).toMatch(/Status\s+in_progress/);
    expect(show.stdout).toMatch(/Assignee\s+Ada Admin/);
    expect(show.stdout).toContain('Conversation (2)');
    expect(show.stdout).toContain('  A technician is on the way.');
    expect(show.stdout).toContain('[internal note]');
    expect(show.stdout).not.toContain(ESC); // not a terminal: no colour
    const shown = JSON.parse(showJson.stdout);
    expect(shown.ticket).toMatchObject({ id: printer.id, location: 'Room 101', assignee: { displayName: 'Ada Admin' } });
    expect(shown.messages.map((m: { internal: boolean }) => m.internal)).toEqual([false, true]);
    expect(robShow.code).toBe(1);
    expect(robShow.stderr).toMatch(/^campusdesk: NOT_FOUND: /);
    expect(JSON.parse(robList.stdout)).toMatchObject({ total: 1, items: [{ id: Number(robsTicket) }] });
    expect(list.stdout).toMatch(/^ID\s+STATUS\s+PRIORITY\s+CATEGORY\s+SUBJECT\s+ASSIGNEE\s+OPENED\s+UPDATED\n\s*\d+\s+in_progress\s+high\s+technical_it\s+Printer jammed\s+Ada Admin\s+\d{4}-/);
    expect(list.stderr).toBe('1 of 1 ticket(s).\n');
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe('id,subject,status,priority,category,location,reporter,assignee,channel,openedAt,updatedAt,closedAt');
    expect(lines.find((l) => l.startsWith(`${robsTicket},`))).toMatch(/^\d+,"'=HYPERLINK\(""http:\/\/x""\)",open,normal,facility_management,Hall C,Rob Reporter,,app,/);
    expect(JSON.parse(all.stdout)).toMatchObject({ total: 2 });
    expect(JSON.parse(all.stdout).items).toHaveLength(2);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toMatch(/^campusdesk: NOT_FOUND: /);
    expect(badId.code).toBe(2);

    // History written through the same core as the app.
    const sqlite = new Database(db, { readonly: true });
    try {
      const types = sqlite.prepare('SELECT type FROM ticket_events WHERE ticket_id = ? ORDER BY id').all(printer.id).map((r) => (r as { type: string }).type);
      expect(types).toEqual(['created', 'location', 'assignee', 'status', 'reply', 'note']);
    } finally { sqlite.close(); }
  });

  it('prints the analytics as tables with bars, JSON and CSV', async () => {
    const [period, periodJson, resolution, active, activeCsv, first, backlog, workload, badLast] = await Promise.all([
      cli(['report', 'period', '--last', '36h'], { env: admin }),
      cli(['report', 'period', '--last', '2d', '--bucket', 'day', '--json'], { env: admin }),
      cli(['report', 'resolution', '--group-by', 'category'], { env: admin }),
      cli(['report', 'active'], { env: admin }),
      cli(['report', 'active', '--csv'], { env: admin }),
      cli(['report', 'first-response', '--json'], { env: admin }),
      cli(['report', 'backlog', '--last', '3d'], { env: admin }),
      cli(['report', 'workload'], { env: admin }),
      cli(['report', 'period', '--last', 'soon'], { env: admin }),
    ]);
    expect(period.stdout).toMatch(/^Tickets opened from .* \(UTC, per hour\): 2\n/);
    expect(period.stdout).toMatch(/OPENED\s+CLOSED/);
    expect(period.stdout).toContain('█');
    const pj = JSON.parse(periodJson.stdout);
    expect(pj).toMatchObject({ bucket: 'day', total: 2 });
    expect(resolution.stdout).toMatch(/GROUP\s+TICKETS\s+MEAN\s+MEDIAN\s+P90\nall\s+0\s+–/);
    expect(active.stdout).toMatch(/^Active tickets per category: 2\n/);
    expect(active.stdout).toMatch(/Technical IT\s+1\s+0\s+1\s+0\s+█/);
    expect(activeCsv.stdout.split('\r\n')[0]).toBe('category,name,active,open,in_progress,waiting');
    expect(JSON.parse(first.stdout).overall.count).toBe(1);
    expect(backlog.stdout).toMatch(/END\s+ACTIVE/);
    expect(workload.stdout).toMatch(/Ada Admin\s+1\s+0\s+1\s+0\s+0\s+1/);
    expect(badLast.code).toBe(1);
    expect(badLast.stderr).toMatch(/^campusdesk: VALIDATION: .*last/);
  });

  it('answers wrong usage with exit code 2 and help with 0', async () => {
    const [unknown, sub, flag, both, help, cmdHelp, extra, hubBackup] = await Promise.all([
      cli(['frobnicate'], { env: admin }),
      cli(['tickets', 'lst'], { env: admin }),
      cli(['tickets', 'list', '--bogus'], { env: admin }),
      cli(['tickets', 'list', '--json', '--csv'], { env: admin }),
      cli(['--help']),
      cli(['tickets', 'list', '--help']),
      cli(['tickets', 'show', '1', '2'], { env: admin }),
      cli(['--hub', 'http://127.0.0.1:9', 'backup', join(dir, 'x.db')]),
    ]);
    for (const r of [unknown, sub, flag, both, extra, hubBackup]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^campusdesk: .+\nRun "campusdesk .*--help" for usage\.\n$/);
    }
    expect(sub.stderr).toContain('add, list, show, edit, status, reply');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('tickets list');
    expect(help.stdout).toContain('backups list');
    expect(cmdHelp.stdout).toMatch(/^Usage: campusdesk tickets list \[filters\] \[--all\]/);
  });

  it('leaves the database\'s mail to the app or hub that sends it: a command does not take back mail in flight', async () => {
    // As if the app were sending this message right now (its sender marked it "sending").
    const sqlite = new Database(db);
    const now = Date.now();
    const { lastInsertRowid: id } = sqlite.prepare("INSERT INTO outbox (kind, to_address, payload, created_at, due_at, state) VALUES ('test', 'someone@campus.edu', '{}', ?, ?, 'sending')").run(now, now);
    sqlite.close();
    const r = await cli(['users', 'list'], { env: admin });
    expect(r, r.stderr).toMatchObject({ code: 0 });
    const after = new Database(db);
    try {
      expect(after.prepare('SELECT state, attempts FROM outbox WHERE id = ?').get(id)).toEqual({ state: 'sending', attempts: 0 });
      after.prepare('DELETE FROM outbox WHERE id = ?').run(id);
    } finally { after.close(); }
  });
});

describe('campusdesk against a hub', () => {
  let hub: TestHub;
  let token: string;
  beforeAll(async () => {
    hub = await startTestHub();
    token = await hub.setupAdmin();
  });
  afterAll(() => hub.dispose());

  it('runs the same commands over HTTP, signed in by password or token', async () => {
    const closed = await new Promise<string>((res) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => res(`http://127.0.0.1:${p}`)); }); });
    const env = { CAMPUSDESK_HUB: hub.url, CAMPUSDESK_USER: 'admin', CAMPUSDESK_PASSWORD: 'admin-password' };
    const add = await cli(['tickets', 'add', '--subject', 'Wifi down', '--description', 'No wifi in dorm 3', '--category', 'technical_it', '--json'], { env });
    expect(add, add.stderr).toMatchObject({ code: 0 });
    const id = JSON.parse(add.stdout).id as number;
    const status = await cli(['tickets', 'status', String(id), 'resolved'], { env });
    const [list, active, user, bad, unreachable, wrongPw] = await Promise.all([
      cli(['--hub', hub.url, 'tickets', 'list', '--json'], { env: { CAMPUSDESK_TOKEN: token } }),
      cli(['report', 'active', '--json'], { env: { CAMPUSDESK_HUB: hub.url, CAMPUSDESK_TOKEN: token } }),
      cli(['users', 'add', 'bea', '--role', 'agent', '--display-name', 'Bea', '--password-stdin'], { env, input: 'bea-password' }),
      cli(['tickets', 'add', '--subject', 'x', '--description', 'y', '--category', 'none'], { env }),
      cli(['--hub', closed, 'tickets', 'list'], { env: { CAMPUSDESK_TOKEN: token } }),
      cli(['tickets', 'list'], { env: { ...env, CAMPUSDESK_PASSWORD: 'wrong-password' } }),
    ]);
    expect(JSON.parse(list.stdout)).toMatchObject({ total: 1, items: [{ id, subject: 'Wifi down', channel: 'app' }] });
    expect(status.stdout).toBe(`Ticket #${id} is now resolved.\n`);
    expect(JSON.parse(active.stdout).total).toBe(0);
    expect(user.code).toBe(0);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^campusdesk: VALIDATION: /);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toBe(`campusdesk: cannot reach the hub at ${closed}: ECONNREFUSED.\n`);
    expect(wrongPw.code).toBe(1);
    expect(wrongPw.stderr).toMatch(/^campusdesk: UNAUTHENTICATED: /);
    // What the hub stored: the history of the status change, by the signed-in admin.
    const history = await hub.ok('tickets.history', { id }, token);
    expect(history.items.map((e: { type: string }) => e.type)).toEqual(['created', 'status']);
    expect((await hub.ok('users.list', { q: 'bea' }, token)).items).toHaveLength(1);
  });
});
