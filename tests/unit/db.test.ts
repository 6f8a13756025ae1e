import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, isOnNetworkFilesystem, type OpenedDatabase } from '../../src-main/db/open.ts';
import { resolveDbPath, userDataFolder } from '../../src-main/paths.ts';

const dirs: string[] = [];
const opened: OpenedDatabase[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'campusdesk-db-'));
  dirs.push(dir);
  return join(dir, 'sub', 'campusdesk.db');
}
const open = (...args: Parameters<typeof openDatabase>) => { const d = openDatabase(...args); opened.push(d); return d; };
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('database', () => {
  it('creates the file, applies migrations once, and sets the pragmas', () => {
    const path = tempDb();
    const a = open(path);
    expect(a.journalMode).toBe('wal');
    expect(a.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(a.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL: the writer's commits survive a power cut
    expect(a.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(a.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    const cats = a.sqlite.prepare('SELECT slug FROM categories ORDER BY id').pluck().all();
    expect(cats).toEqual(['facility_management', 'technical_it', 'services_complaints']);
    a.close();
    const b = open(path); // migrations are not re-applied
    expect(b.sqlite.prepare('SELECT count(*) FROM categories').pluck().get()).toBe(3);
    const ro = open(path, { readonly: true });
    expect(ro.sqlite.readonly).toBe(true);
    expect(() => ro.sqlite.prepare("INSERT INTO meta(key, value) VALUES ('a', 'b')").run()).toThrow();
  });

  it('has the indexes the list filters and analytics need', () => {
    const d = open(tempDb());
    const idx = d.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'").pluck().all();
    for (const name of ['tickets_status_updated_idx', 'tickets_category_updated_idx', 'tickets_assignee_updated_idx', 'tickets_opened_idx', 'tickets_closed_idx', 'tickets_updated_idx']) {
      expect(idx).toContain(name);
    }
    const plan = d.sqlite.prepare("EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE status = 'open' ORDER BY updated_at DESC LIMIT 50").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/INDEX tickets_status_updated_idx/);
  });

  it('keeps the FTS index and the ticket counts in sync through triggers', () => {
    const d = open(tempDb());
    const s = d.sqlite;
    s.prepare("INSERT INTO users(username, display_name, role, active, password_hash, created_at) VALUES ('u', 'U', 'agent', 1, 'x', 0)").run();
    const insert = s.prepare("INSERT INTO tickets(subject, description, status, priority, category_id, channel, opened_at, updated_at, version) VALUES (?, 'desc', ?, ?, ?, 'app', 0, 0, 1)");
    for (let i = 0; i < 50; i++) insert.run(`ticket ${i} ${i % 2 ? 'printer' : 'heating'}`, i % 3 ? 'open' : 'closed', i % 4, 1 + (i % 3));
    s.prepare("UPDATE tickets SET subject = 'projector flicker', status = 'waiting', assignee_id = 1 WHERE id = 2").run();
    s.prepare('DELETE FROM tickets WHERE id = 3').run();
    s.prepare("INSERT INTO messages(ticket_id, body, internal, created_at) VALUES (5, 'the toner is empty', 0, 0)").run();
    s.prepare("INSERT INTO messages(ticket_id, body, internal, created_at) VALUES (6, 'secret firmware note', 1, 0)").run();
    const fts = (q: string) => s.prepare('SELECT rowid FROM ticket_search WHERE ticket_search MATCH ? ORDER BY rowid').pluck().all(q);
    expect(fts('projector')).toEqual([2]);
    expect(fts('printer')).not.toContain(2);
    expect(fts('heating')).not.toContain(3);
    expect(fts('toner')).toEqual([5]);
    expect(fts('firmware')).toEqual([6]);
    expect(fts('{subject description replies} : firmware')).toEqual([]);
    s.prepare("UPDATE messages SET body = 'the toner was replaced' WHERE ticket_id = 5").run();
    expect(fts('empty')).toEqual([]);
    expect(fts('replaced')).toEqual([5]);
    s.prepare('DELETE FROM messages WHERE ticket_id = 5').run();
    expect(fts('replaced')).toEqual([]);
    expect(fts('ticket')).toHaveLength(48); // 50, less #3 (deleted) and #2 (renamed)
    const counts = s.prepare('SELECT status, category_id, priority, assignee_id, n FROM ticket_counts WHERE n > 0 ORDER BY 1, 2, 3, 4').all();
    const recount = s.prepare('SELECT status, category_id, priority, coalesce(assignee_id, 0) AS assignee_id, count(*) AS n FROM tickets GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4').all();
    expect(counts).toEqual(recount);
  });

  it('opens a database on a network filesystem in rollback-journal mode with a warning', () => {
    const warnings: string[] = [];
    const d = open(tempDb(), { networkFs: true, warn: (m) => warnings.push(m) });
    expect(d.journalMode).toBe('delete');
    expect(d.warning).toMatch(/network filesystem/);
    expect(warnings).toHaveLength(1);
  });

  it('detects NFS/SMB/CIFS mounts from the mount table and UNC paths on Windows', () => {
    const mounts = [
      '/dev/vda / ext4 rw 0 0',
      'server:/export /mnt/share nfs4 rw 0 0',
      '//fs/helpdesk /mnt/smb cifs rw 0 0',
      '/dev/vdb /mnt/share/local ext4 rw 0 0',
    ].join('\n');
    expect(isOnNetworkFilesystem('/mnt/share/db/campusdesk.db', 'linux', mounts)).toBe(true);
    expect(isOnNetworkFilesystem('/mnt/smb/campusdesk.db', 'linux', mounts)).toBe(true);
    expect(isOnNetworkFilesystem('/mnt/share/local/campusdesk.db', 'linux', mounts)).toBe(false);
    expect(isOnNetworkFilesystem('/home/x/campusdesk.db', 'linux', mounts)).toBe(false);
    expect(isOnNetworkFilesystem('\\\\fileserver\\helpdesk\\campusdesk.db', 'win32')).toBe(true);
  });

  it('resolves the database path: --db, then CAMPUSDESK_DB, then the per-user folder', () => {
    expect(resolveDbPath('/x/a.db', { CAMPUSDESK_DB: '/y/b.db' })).toBe('/x/a.db');
    expect(resolveDbPath(undefined, { CAMPUSDESK_DB: '/y/b.db' })).toBe('/y/b.db');
    expect(resolveDbPath(undefined, { XDG_CONFIG_HOME: '/home/u/.config' })).toBe(join('/home/u/.config', 'CampusDesk', 'campusdesk.db'));
    expect(userDataFolder({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toContain('CampusDesk');
  });
});

describe('background maintenance', () => {
  it('keeps segment merging off the write path and merges in the background', async () => {
    const { createApp } = await import('../../src-main/app.ts');
    const dir = mkdtempSync(join(tmpdir(), 'campusdesk-maint-'));
    dirs.push(dir);
    const app = createApp(join(dir, 'm.db'), { analytics: false });
    try {
      const s = app.core.sqlite;
      expect(s.prepare("SELECT v FROM ticket_search_config WHERE k = 'automerge'").pluck().get()).toBe(0);
      const insert = s.prepare("INSERT INTO tickets(subject, description, status, priority, category_id, channel, opened_at, updated_at, version) VALUES (?, 'desc', 'open', 1, 1, 'app', 0, 0, 1)");
      for (let i = 0; i < 40; i++) insert.run(`lamp ${i} flickers`); // one segment per write
      const segments = () => (s.prepare("SELECT count(*) FROM ticket_search_data WHERE id > 10").pluck().get() as number);
      const before = segments();
      expect(app.maintenance?.tick()).toBe(true);
      while (app.maintenance?.tick()) { /* until nothing is left to merge */ }
      expect(segments()).toBeLessThan(before);
      expect(app.maintenance?.tick()).toBe(false); // nothing written since: no work
      expect(s.prepare("SELECT count(*) FROM ticket_search WHERE ticket_search MATCH 'lamp'").pluck().get()).toBe(40);
    } finally {
      await app.close();
    }
  });
});

describe('statement cache', () => {
  it('reuses prepared statements by SQL text, resets raw mode, and evicts the least recently used', async () => {
    const { withStatementCache } = await import('../../src-main/db/open.ts');
    const d = open(tempDb());
    const cached = withStatementCache(d.sqlite, 2);
    const a = cached.prepare('SELECT slug FROM categories ORDER BY id');
    expect(cached.prepare('SELECT slug FROM categories ORDER BY id')).toBe(a);
    a.raw();
    expect(a.get()).toEqual(['facility_management']);
    expect(cached.prepare('SELECT slug FROM categories ORDER BY id').get()).toEqual({ slug: 'facility_management' });
    cached.prepare('SELECT 1');
    cached.prepare('SELECT 2'); // evicts the categories statement (least recently used)
    expect(cached.prepare('SELECT slug FROM categories ORDER BY id')).not.toBe(a);
    expect(cached.transaction(() => 7)()).toBe(7); // everything else is the real connection
  });
});
