// The desktop app's automatic daily backup, exactly as src-main/desktop/main.ts wires it
// (desktop/local-database.ts: the same createApp and core/backup.ts scheduler as the hub),
// under plain Node because Electron cannot run here: a real database in a temp data folder,
// a test clock moved over 30 days (one backup a day, 7 daily + 4 weekly kept: the first and
// the last days' backups made by the real scheduler, the days between copies of a real
// backup named as the scheduler names them, pruned by the real scheduler), a disk too
// small (skipped, the reason in the app's log as a warning), the configured folder,
// `campusdesk backups list` (spawned) showing the desktop's backups, and `restore` refused
// while the desktop app holds the database.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { desktopDbPath, openDesktopDatabase } from '../../src-main/desktop/local-database.ts';
import { listBackups } from '../../src-main/core/backup.ts';
import { TestClock } from '../support/hub.ts';
import { captureLogger, startServe } from '../deploy/support.ts';
import { cli, tempDir } from './support.ts';

vi.setConfig({ testTimeout: 240_000 });
const dir = tempDir('desktop-backups');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DAY = 86_400_000;
const args = { demo: false };

describe('the desktop app on its own database', () => {
  it('backs up once a day into backups/ beside the database, keeps 7 daily + 4 weekly, and backups list shows them', async () => {
    const userData = join(dir, 'user-data');
    const dbPath = desktopDbPath({ args, userData, env: {}, settingsFile: null });
    expect(dbPath).toBe(join(userData, 'campusdesk.db'));
    const { log, lines } = captureLogger();
    const clock = new TestClock(Date.parse('2026-03-02T09:00:00.000Z')); // a Monday
    const app = openDesktopDatabase(dbPath, { args, userData, env: {}, log, clock });
    try {
      expect(app.backups).not.toBeNull();
      const folder = join(userData, 'backups');
      const todays = () => join(folder, `campusdesk-${new Date(clock.now()).toISOString().slice(0, 10)}T090000Z.db`);
      const REAL_FROM = 26;
      for (let day = 0; day < 30; day++) {
        if (day > 0 && day < REAL_FROM) {
          // Days 1–25: a copy of day 0's real backup under the name the scheduler gives that
          // day's (retention goes by the names), so the real runs below prune real files.
          copyFileSync(join(folder, 'campusdesk-2026-03-02T090000Z.db'), todays());
          clock.advance(DAY);
          continue;
        }
        // The check at start (day 0), then the hourly check once the day has changed.
        const outcome = await app.backups!.runOnce();
        expect(outcome, `day ${day}`).toMatchObject({ made: { path: todays() } });
        expect(await app.backups!.runOnce()).toEqual({ skipped: "today's backup exists" });
        clock.advance(DAY);
      }
      // Last day Tuesday 31 March: the days 25–31 and the newest of the weeks of 23, 16 and 9 March.
      const kept = ['2026-03-31', '2026-03-30', '2026-03-29', '2026-03-28', '2026-03-27', '2026-03-26', '2026-03-25', '2026-03-22', '2026-03-15'];
      expect(listBackups(folder, dbPath).map((b) => b.at.slice(0, 10))).toEqual(kept);
      expect(readdirSync(folder).filter((f) => f.endsWith('.db'))).toHaveLength(kept.length);
      const made = lines.filter((l) => String(l.msg).startsWith('CampusDesk: automatic backup '));
      expect(made).toHaveLength(1 + 30 - REAL_FROM);
      // Day 26 (Saturday 28 March) kept 22–28 March and the newest of the weeks of 9 and 2 March.
      expect(String(made[1]!.msg)).toMatch(/; removed 18 older\.$/);
      expect(made.every((l) => l.level === 30)).toBe(true);

      const list = await cli(['--db', dbPath, 'backups', 'list', '--json']);
      expect(list.code, list.stderr).toBe(0);
      const shown = JSON.parse(list.stdout) as { folder: string; lastSuccessAt: string; items: { at: string; kept: string[] }[] };
      expect(shown.folder).toBe(folder);
      expect(shown.lastSuccessAt).toBe('2026-03-31T09:00:00.000Z');
      expect(shown.items.map((b) => b.at.slice(0, 10))).toEqual(kept);
      expect(shown.items.at(-1)!.kept).toEqual(['weekly']);
    } finally { await app.close(); }

    // The next day, on a disk with less free space than twice the database: skipped, and the
    // reason is in the log as a warning.
    const full = captureLogger();
    const again = openDesktopDatabase(dbPath, { args, userData, env: {}, log: full.log, clock, freeSpace: () => Promise.resolve(1024) });
    try {
      expect(await again.backups!.runOnce()).toMatchObject({ skipped: expect.stringMatching(/^only 0\.0 MiB free in .*, less than twice the database's/) });
      const warned = full.lines.filter((l) => l.level === 40 && String(l.msg).startsWith('CampusDesk: the automatic backup was skipped: only 0.0 MiB free in '));
      expect(warned).toHaveLength(1);
      expect(listBackups(join(userData, 'backups'), dbPath)).toHaveLength(9);
    } finally { await again.close(); }
  });

  it('uses the configured folder (--backups DIR, CAMPUSDESK_BACKUP_FOLDER) or none (off)', async () => {
    const userData = join(dir, 'configured');
    const dbPath = desktopDbPath({ args, userData, env: {}, settingsFile: null });
    const { log } = captureLogger();
    const elsewhere = join(dir, 'elsewhere');
    const env = { CAMPUSDESK_BACKUP_FOLDER: elsewhere };
    const app = openDesktopDatabase(dbPath, { args, userData, env, log });
    try {
      expect(await app.backups!.runOnce()).toMatchObject({ made: { path: expect.stringContaining(elsewhere) } });
      expect(listBackups(elsewhere, dbPath)).toHaveLength(1);
      const list = await cli(['--db', dbPath, 'backups', 'list', '--json'], { env });
      const items = (JSON.parse(list.stdout) as { items: { path: string }[] }).items;
      expect(items).toHaveLength(1);
      // Restoring is refused while the desktop app has the database open, and says so.
      const refused = await cli(['--db', dbPath, 'restore', items[0]!.path]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`campusdesk: The database ${dbPath} is in use by the CampusDesk desktop app (pid ${process.pid}, since `);
      expect(refused.stderr).toMatch(/; stop it before restoring\.\n$/);
    } finally { await app.close(); }
    const flag = join(dir, 'flag');
    const byFlag = openDesktopDatabase(dbPath, { args: { ...args, backups: flag }, userData, env, log });
    try {
      await byFlag.backups!.runOnce();
      expect(listBackups(flag, dbPath)).toHaveLength(1);
    } finally { await byFlag.close(); }
    for (const off of [{ args: { ...args, backups: 'off' }, env }, { args, env: { CAMPUSDESK_BACKUPS: 'off' } }]) {
      const none = openDesktopDatabase(dbPath, { ...off, userData, log });
      try { expect(none.backups).toBeNull(); } finally { await none.close(); }
    }
    expect(existsSync(join(userData, 'backups'))).toBe(false);
  });

  it('is the hub\'s convention too: npm run serve with CAMPUSDESK_BACKUPS=on backs up into backups/ beside its database, and backups list shows it', async () => {
    const hubDir = join(dir, 'hub');
    const dbPath = join(hubDir, 'campusdesk.db');
    const serve = await startServe(['--db', dbPath], { CAMPUSDESK_BACKUPS: 'on', CAMPUSDESK_BACKUP_FOLDER: '' });
    try {
      const folder = join(hubDir, 'backups');
      for (let waited = 0; !listBackups(folder, dbPath).length; waited += 100) {
        if (waited > 60_000) throw new Error(`no backup in ${folder}; the hub logged:\n${serve.out()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const list = await cli(['--db', dbPath, 'backups', 'list', '--json']);
      expect(list.code, list.stderr).toBe(0);
      const shown = JSON.parse(list.stdout) as { folder: string; items: { name: string; kept: string[] }[] };
      expect(shown.folder).toBe(folder);
      expect(shown.items).toHaveLength(1);
      expect(shown.items[0]!.kept).toEqual(['daily', 'weekly']);
    } finally {
      serve.child.kill();
      await serve.exited;
    }
  });
});
