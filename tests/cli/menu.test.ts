// The menu of `campusdesk` driven through a real pseudo-terminal (tmux) with keystrokes:
// the first admin, each of the six original operations (checked in the database
// afterwards), prompts that refuse what the API refuses, Esc back to the menu, Ctrl+C out.
import { afterAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Terminal, bin, tempDir } from './support.ts';

vi.setConfig({ testTimeout: 240_000 });
const dir = tempDir('menu');
const dbPath = join(dir, 'menu.db');
let term: Terminal | null = null;
afterAll(() => { term?.kill(); rmSync(dir, { recursive: true, force: true }); });

let hasTmux = true;
try { execFileSync('tmux', ['-V'], { stdio: 'ignore' }); } catch { hasTmux = false; }
if (!hasTmux) console.warn('tests/cli/menu.test.ts: skipped because tmux is not installed (apt-get install tmux).');

describe.skipIf(!hasTmux)('campusdesk menu in a terminal', () => {
  it('creates the first admin and runs the six original operations, then search, Esc and Ctrl+C', async () => {
    const day = 86_400_000;
    const opened = new Date(Date.now() - 10 * day).toISOString();
    const closed = new Date(Date.now() - 10 * day + 28 * 3_600_000).toISOString();
    term = new Terminal(`'${process.execPath}' '${bin}' --db '${dbPath}'`, { NO_COLOR: '1' });
    const t = term;

    // First start on an empty database: the first admin.
    await t.waitFor('no users yet');
    await t.answer('Admin username', 'admin');
    await t.answer('Display name', 'Ada Admin');
    await t.answer('Password', 'admin-password');
    const menu = await t.prompt('Choose an operation');
    const entries = [...menu.matchAll(/^\s+(\d+)\) (.+)$/gm)].map((m) => `${m[1]}) ${m[2]}`);
    expect(entries).toEqual([
      '1) Insert a new ticket', '2) View and modify tickets', '3) Change a ticket\'s status',
      '4) Tickets by period (last X hours or days)', '5) Average ticket resolution time', '6) Active tickets per category',
      '7) Search tickets', '8) Show a ticket with its conversation', '9) Reply to a ticket', '10) Administration', '11) Quit',
    ]);

    // 1. Insert a new ticket; an empty subject is refused with the API's message.
    await t.answer('Choose an operation', '1');
    await t.answer('Record', '1');
    await t.prompt('Subject');
    t.keys('Enter');
    await t.waitFor('Subject must not be empty');
    await t.answer('Subject', 'Projector broken');
    await t.answer('Description', 'The projector in hall B shows no image');
    await t.answer('Category', '2');
    await t.answer('Priority', '3');
    await t.answer('Location', 'Hall B');
    await t.waitFor('Ticket #1 created.');

    // 1 again, as an admin: a past ticket with its status and dates (tickets.import).
    await t.answer('Choose an operation', '1');
    await t.answer('Record', '2');
    await t.answer('Subject', 'Heating failed');
    await t.answer('Description', 'Radiators cold in the library');
    await t.answer('Category', '1');
    await t.answer('Priority', '2');
    await t.answer('Location', '');
    await t.answer('Status', '4');
    await t.prompt('Opening date');
    t.text('yesterday');
    t.keys('Enter');
    await t.waitFor('Must be an ISO 8601 date-time with offset');
    t.keys('C-u');
    await t.answer('Opening date', opened);
    await t.answer('Last modification date', '');
    await t.answer('Closing date', closed);
    await t.waitFor('Past ticket #2 recorded (resolved).');

    // 2. View and modify: the list, open ticket 1, edit its subject.
    await t.answer('Choose an operation', '2');
    await t.answer('Which tickets', '1');
    const list = await t.prompt('Next');
    expect(list).toMatch(/ID\s+STATUS\s+PRIORITY\s+CATEGORY\s+SUBJECT/);
    expect(list).toContain('Heating failed');
    await t.answer('Next', '1');
    await t.answer('Ticket number', '1');
    await t.answer('Ticket #1', '1');
    await t.prompt('Subject');
    t.keys('C-u'); // the current subject is the default; type the new one over it
    await t.answer('Subject', 'Projector in hall B broken');
    await t.waitFor('Saved.');
    await t.answer('Ticket #1', '9');
    await t.answer('Next', '2');

    // 3. Change a ticket's status.
    await t.answer('Choose an operation', '3');
    await t.answer('Ticket number', '1');
    await t.answer('New status', '2');
    await t.waitFor('Ticket #1 is now in_progress.');

    // 4. Tickets by period: the last 30 days.
    await t.answer('Choose an operation', '4');
    await t.answer('Tickets of the last', '2');
    await t.answer('How many days', '30');
    await t.waitFor(/Tickets opened from .* \(UTC, per day\): 2/);

    // 5. Average resolution time.
    await t.answer('Choose an operation', '5');
    await t.answer('Split by', '1');
    await t.waitFor(/all\s+1\s+1d 4h\s+1d 4h\s+1d 4h/);

    // 6. Active tickets per category.
    await t.answer('Choose an operation', '6');
    await t.waitFor(/Active tickets per category: 1\n/);
    await t.waitFor(/Technical IT\s+1\s+0\s+1\s+0/);

    // 7. Search, then Esc inside a prompt goes back to the menu.
    await t.answer('Choose an operation', '7');
    await t.answer('Search for', 'library');
    const found = await t.prompt('Next');
    expect(found).toMatch(/1 ticket\(s\) in all/);
    await t.answer('Next', '2');
    await t.answer('Choose an operation', '8');
    await t.prompt('Ticket number');
    t.keys('Escape');
    await t.waitFor('(back to the menu)');
    // Ctrl+C inside a prompt also goes back to the menu (not out of the program).
    await t.answer('Choose an operation', '9');
    await t.prompt('Ticket number');
    t.keys('C-c');
    await t.until((s) => s.split('(back to the menu)').length === 3, 'a second "(back to the menu)"', 60_000);
    await t.prompt('Choose an operation');
    t.keys('C-c');
    const end = await t.waitFor('EXIT CODE');
    expect(end).toContain('EXIT CODE 0');
    expect(end).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace

    // What the six operations did, in the database.
    const db = new Database(dbPath, { readonly: true });
    try {
      const rows = db.prepare(`SELECT t.id, t.subject, t.status, t.priority, t.location, t.channel, t.opened_at, t.closed_at, c.slug
        FROM tickets t JOIN categories c ON c.id = t.category_id ORDER BY t.id`).all() as Record<string, unknown>[];
      expect(rows).toEqual([
        { id: 1, subject: 'Projector in hall B broken', status: 'in_progress', priority: 2, location: 'Hall B', channel: 'app', opened_at: expect.any(Number), closed_at: null, slug: 'technical_it' },
        { id: 2, subject: 'Heating failed', status: 'resolved', priority: 1, location: null, channel: 'import', opened_at: Date.parse(opened), closed_at: Date.parse(closed), slug: 'facility_management' },
      ]);
      const events = db.prepare('SELECT type FROM ticket_events WHERE ticket_id = 1 ORDER BY id').all().map((r) => (r as { type: string }).type);
      expect(events).toEqual(['created', 'subject', 'status']);
      expect(db.prepare("SELECT username, role FROM users").all()).toEqual([{ username: 'admin', role: 'admin' }]);
    } finally { db.close(); }
  });

  it('colours tables and draws a progress bar on a terminal, and never colours with NO_COLOR', async () => {
    const db = join(dir, 'tty.db');
    const csv = join(dir, 'tty.csv');
    let text = 'subject,description,category,status,openedAt\r\n';
    for (let i = 0; i < 1_200; i++) text += `T ${i},D,technical_it,open,2026-01-05T09:00:00Z\r\n`;
    writeFileSync(csv, text);
    const c = `'${process.execPath}' '${bin}' --db '${db}'`;
    const env = { CAMPUSDESK_USER: 'admin', CAMPUSDESK_PASSWORD: 'admin-password' };
    const tty = new Terminal(`echo admin-password | ${c} setup --username admin --display-name Ada --password-stdin && ${c} import '${csv}' && ${c} tickets list --limit 2 && NO_COLOR=1 ${c} tickets list --limit 2 --sort id`, env);
    try {
      const screen = await tty.waitFor('EXIT CODE');
      expect(screen).toContain('EXIT CODE 0');
      expect(screen).toMatch(/Importing \[#{30}\] 100% \(1200\/1200\)/);
      const coloured = tty.screen(true);
      const headers = coloured.split('\n').filter((l) => /ID.*STATUS/.test(l));
      const rows = coloured.split('\n').filter((l) => /T \d+/.test(l));
      expect(headers).toHaveLength(2);
      expect(rows).toHaveLength(4);
      const ESC = String.fromCharCode(27); // starts an ANSI escape sequence
      expect(headers[0]).toMatch(new RegExp(String.raw`${ESC}\[1m\s*ID\s+STATUS`)); // bold header on a terminal
      expect(rows[0]).toMatch(new RegExp(String.raw`${ESC}\[33mopen`)); // open in yellow
      expect(headers[1]! + rows[2]! + rows[3]!).not.toContain('\u001b['); // NO_COLOR
    } finally { tty.kill(); }
  });
});
