// Backups, restore and check: `campusdesk backup` as a real process while a real hub keeps
// writing (the copy passes `check` and holds every write acknowledged before it began),
// `restore` refused while the hub holds the database, refused for a damaged file or one from
// a newer schema, the replaced database kept; `check` finding a summary that disagrees with a
// recount; the backup before migrating an older database; the hub's automatic daily backup
// and its retention (7 daily + 4 weekly), skipped with a logged reason on a full disk.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root, tempDir } from './support.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { createApp } from '../../src-main/app.ts';
import { LAST_SUCCESS_KEY, lastBackupSuccess, listBackups, pruneBackups, startAutoBackups } from '../../src-main/core/backup.ts';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });
const dir = tempDir('backup');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backup while a hub writes, restore, check', () => {
  let hub: TestHub;
  let token: string;
  const autoFolder = join(dir, 'auto');
  beforeAll(async () => {
    hub = await startTestHub({ backups: { enabled: true, folder: autoFolder } });
    token = await hub.setupAdmin();
  });
  afterAll(() => hub.dispose());

  it('copies consistently during writes; the copy restores, passes check and holds every acknowledged write', async () => {
    // Keep the recent writes in the WAL (no automatic checkpoint), where a copy of the
    // database file alone would miss them.
    hub.app.core.sqlite.pragma('wal_autocheckpoint = 0');
    const acked: number[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const t = await hub.ok('tickets.create', { subject: `Load ${i}`, description: 'Written while a backup runs', category: 'technical_it' }, token);
        await hub.ok('messages.add', { ticketId: t.id, body: `Reply ${i}` }, token);
        acked.push(t.id);
      }
    })();
    while (acked.length < 15) await new Promise((r) => setTimeout(r, 20));
    const before = [...acked];
    const file = join(dir, 'during.db');
    const backup = await cli(['--db', hub.dbPath, 'backup', file]);
    const during = acked.length;
    stop = true;
    await writer;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backup of .* written to .*during\.db \([\d,]+ bytes\); its check passed\.\n$/);
    expect(during).toBeGreaterThan(before.length); // the hub kept writing meanwhile
    expect(lastBackupSuccess(hub.app.core.sqlite)).toMatch(/^\d{4}-\d\d-\d\dT/);

    // Refused while the hub holds the database, which stays as it was.
    const refused = await cli(['--db', hub.dbPath, 'restore', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`campusdesk: The database ${hub.dbPath} is in use by a CampusDesk hub (pid ${process.pid}, ${hub.url}, since ${JSON.parse(readFileSync(`${hub.dbPath}.lock`, 'utf8')).holders[0].started}); stop it before restoring.\n`);
    expect((await hub.ok('tickets.list', {}, token)).total).toBe(acked.length);

    // Restored elsewhere twice: the second keeps the first as a timestamped copy.
    const target = join(dir, 'restored', 'campusdesk.db');
    const [first] = [await cli(['--db', target, 'restore', file])];
    expect(first.code, first.stderr).toBe(0);
    const second = await cli(['--db', target, 'restore', file, '--json']);
    expect(second.code, second.stderr).toBe(0);
    const keptAs = JSON.parse(second.stdout).keptAs as string;
    expect(keptAs).toMatch(/campusdesk\.db\.replaced-\d{4}-\d\d-\d\dT\d{6}Z$/);
    expect(existsSync(keptAs)).toBe(true);
    const check = await cli(['--db', target, 'check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/integrity\s+ok/);
    expect(check.stdout).toMatch(/ticket_counts summary\s+ok/);
    const copy = new Database(target, { readonly: true });
    try {
      const ids = new Set((copy.prepare('SELECT id FROM tickets').all() as { id: number }[]).map((r) => r.id));
      for (const id of before) expect(ids.has(id)).toBe(true);
      const replies = (copy.prepare('SELECT count(*) AS n FROM messages WHERE ticket_id IN (' + before.join(',') + ')').get() as { n: number }).n;
      expect(replies).toBe(before.length);
    } finally { copy.close(); }

    // The hub's automatic backup ran at start, recorded and listed.
    const list = await cli(['--db', hub.dbPath, 'backups', 'list', '--folder', autoFolder, '--json']);
    const listed = JSON.parse(list.stdout);
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ kept: ['daily', 'weekly'] });
  });

  it('refuses damaged and newer files, and check finds a summary that disagrees with a recount', async () => {
    const good = join(dir, 'good.db');
    expect((await cli(['--db', hub.dbPath, 'backup', good])).code).toBe(0);
    const again = await cli(['--db', hub.dbPath, 'backup', good]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a database'.repeat(100));
    const newer = join(dir, 'newer.db');
    copyFileSync(good, newer);
    const n = new Database(newer);
    n.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', 99_999_999_999_999);
    n.close();
    const tampered = join(dir, 'tampered.db');
    copyFileSync(good, tampered);
    const t = new Database(tampered);
    t.exec('UPDATE ticket_counts SET n = n + 5');
    t.close();

    const target = join(dir, 'target.db');
    const [g, nw, tp, chk, open] = await Promise.all([
      cli(['--db', target, 'restore', garbage]),
      cli(['--db', target, 'restore', newer]),
      cli(['--db', target, 'restore', tampered]),
      cli(['--db', tampered, 'check']),
      cli(['--db', newer, 'tickets', 'list'], { env: { CAMPUSDESK_USER: 'admin', CAMPUSDESK_PASSWORD: 'admin-password' } }),
    ]);
    expect(g.code).toBe(1);
    expect(g.stderr).toMatch(/^campusdesk: .*garbage\.db is not a CampusDesk database: /);
    expect(nw.code).toBe(1);
    expect(nw.stderr).toMatch(/was written by a newer version of CampusDesk \(1 migration this version does not know\)/);
    expect(tp.code).toBe(1);
    expect(tp.stderr).toMatch(/tampered\.db fails the check, so it was not restored\.\n {2}ticket_counts summary: ticket_counts says \d+ ticket\(s\) for status open/);
    expect(existsSync(target)).toBe(false);
    expect(chk.code).toBe(1);
    expect(chk.stdout).toMatch(/ticket_counts summary\s+PROBLEM/);
    expect(chk.stdout).toMatch(/integrity\s+ok/);
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/^campusdesk: The database .*newer\.db was written by a newer version of CampusDesk/);
  });
});

describe('schema versions and automatic backups', () => {
  it('backs up a database with data before migrating it', async () => {
    // A database as the previous release left it: every migration but the newest.
    const oldMigrations = join(dir, 'old-drizzle');
    mkdirSync(join(oldMigrations, 'meta'), { recursive: true });
    const journal = JSON.parse(readFileSync(join(root, 'drizzle', 'meta', '_journal.json'), 'utf8'));
    journal.entries = journal.entries.slice(0, -1);
    writeFileSync(join(oldMigrations, 'meta', '_journal.json'), JSON.stringify(journal));
    for (const e of journal.entries) copyFileSync(join(root, 'drizzle', `${e.tag}.sql`), join(oldMigrations, `${e.tag}.sql`));
    const oldDb = join(dir, 'old', 'campusdesk.db');
    mkdirSync(join(dir, 'old'));
    const raw = new Database(oldDb);
    migrate(drizzle(raw), { migrationsFolder: oldMigrations });
    raw.prepare("INSERT INTO users (username, display_name, role, active, password_hash, created_at) VALUES ('old', 'Old Admin', 'admin', 1, 'x', 0)").run();
    raw.close();

    const r = await cli(['--db', oldDb, 'check']);
    expect(r.stdout).toMatch(/schema version\s+ok\s+1 migration\(s\) to apply at the next start/);
    const warnings: string[] = [];
    const app = createApp(oldDb, { analytics: false, warn: (m) => warnings.push(m) });
    await app.close();
    const backups = readdirSync(join(dir, 'old')).filter((f) => f.includes('.before-migration-'));
    expect(backups).toHaveLength(1);
    expect(warnings.join('\n')).toContain(`1 migration(s) to apply to ${oldDb}; the database was backed up first to`);
    const b = new Database(join(dir, 'old', backups[0]!), { readonly: true });
    try {
      expect((b.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n).toBe(journal.entries.length);
      expect(b.prepare('SELECT username FROM users').all()).toEqual([{ username: 'old' }]);
    } finally { b.close(); }
    // Opened again (nothing pending): no second backup.
    await createApp(oldDb, { analytics: false }).close();
    expect(readdirSync(join(dir, 'old')).filter((f) => f.includes('.before-migration-'))).toHaveLength(1);
  });

  it('makes one backup a day, keeps 7 daily and 4 weekly, and skips on a full disk', async () => {
    const dbPath = join(dir, 'auto', 'campusdesk.db');
    const folder = join(dir, 'auto', 'backups');
    const app = createApp(dbPath, { analytics: false });
    try {
      const log: string[] = [];
      let now = Date.parse('2026-03-31T02:00:00Z');
      // Older backups of 40 days, one a day at 02:00.
      mkdirSync(folder, { recursive: true });
      for (let d = 1; d <= 40; d++) {
        const stamp = new Date(now - d * 86_400_000).toISOString().replace(/[:]/g, '').replace(/\.\d{3}Z$/, 'Z');
        writeFileSync(join(folder, `campusdesk-${stamp}.db`), '');
      }
      writeFileSync(join(folder, 'unrelated.db'), '');
      const auto = startAutoBackups({ sqlite: app.core.sqlite, dbPath, folder, log: (m) => log.push(m), now: () => now, intervalMs: 3_600_000 });
      const first = await auto.runOnce();
      expect(first).toMatchObject({ made: { path: join(folder, 'campusdesk-2026-03-31T020000Z.db') } });
      expect(await auto.runOnce()).toEqual({ skipped: "today's backup exists" });
      expect(lastBackupSuccess(app.core.sqlite)).toBe(new Date(now).toISOString());
      const kept = listBackups(folder, dbPath).map((b) => b.at.slice(0, 10));
      // 7 days (Mar 25–31) and the newest of the 4 newest ISO weeks (Mondays Mar 30, 23, 16, 9).
      expect(kept).toEqual(['2026-03-31', '2026-03-30', '2026-03-29', '2026-03-28', '2026-03-27', '2026-03-26', '2026-03-25', '2026-03-22', '2026-03-15']);
      expect(existsSync(join(folder, 'unrelated.db'))).toBe(true);
      expect(log.at(-1)).toMatch(/automatic backup .* removed 32 older/);
      await auto.stop();

      // A disk with less free space than twice the database: skipped, with the reason logged.
      now += 86_400_000;
      const full = startAutoBackups({ sqlite: app.core.sqlite, dbPath, folder, log: (m) => log.push(m), now: () => now, freeSpace: () => Promise.resolve(1024) });
      const skipped = await full.runOnce();
      await full.stop();
      expect(skipped).toMatchObject({ skipped: expect.stringMatching(/^only 0\.0 MiB free in .*, less than twice the database's/) });
      expect(log.at(-1)).toMatch(/^CampusDesk: the automatic backup was skipped: only 0\.0 MiB free/);
      expect(listBackups(folder, dbPath)).toHaveLength(9);
      expect(pruneBackups(folder, dbPath)).toEqual([]);
      expect(app.core.sqlite.prepare('SELECT value FROM meta WHERE key = ?').get(LAST_SUCCESS_KEY)).toEqual({ value: '2026-03-31T02:00:00.000Z' });
    } finally { await app.close(); }
  });
});
