// `npm start -- --demo`: which database it starts on (a separate demo file unless one is
// named) and what happens on a database that already has other tickets (nothing is added,
// and it says so and how to get demo data). Real SQLite files in a temporary folder.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src-main/app.ts';
import { DEMO_DB_FILE, prepareDemo, startDbPath } from '../../src-main/demo/demo-db.ts';

const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'campusdesk-demo-')); dirs.push(d); return d; };
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const ticketCount = async (path: string): Promise<number> => {
  const app = createApp(path);
  try { return (app.core.sqlite.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n; } finally { await app.close(); }
};

describe('--demo', () => {
  it('starts on a separate demo database unless --db or CAMPUSDESK_DB names one', () => {
    const folder = '/home/ada/.config/CampusDesk';
    expect(startDbPath({ cliDb: undefined, demo: false, folder, env: {} })).toBe(join(folder, 'campusdesk.db'));
    expect(startDbPath({ cliDb: undefined, demo: true, folder, env: {} })).toBe(join(folder, DEMO_DB_FILE));
    expect(startDbPath({ cliDb: '/srv/cd.db', demo: true, folder, env: {} })).toBe('/srv/cd.db');
    expect(startDbPath({ cliDb: undefined, demo: true, folder, env: { CAMPUSDESK_DB: '/srv/env.db' } })).toBe('/srv/env.db');
  });

  it('fills an empty database, and says so clearly (adding nothing) on one with other tickets', async () => {
    const folder = tempDir();
    const real = join(folder, 'campusdesk.db');
    const app = createApp(real);
    app.core.sqlite.prepare(`INSERT INTO tickets (subject, description, category_id, status, priority, channel, opened_at, updated_at, version)
      SELECT 'Real ticket', 'Real.', id, 'open', 1, 'app', 0, 0, 1 FROM categories LIMIT 1`).run();
    await app.close();
    const lines: string[] = [];
    prepareDemo(real, folder, (m) => lines.push(m));
    expect(await ticketCount(real)).toBe(1);
    expect(lines.join('\n')).toMatch(/NOT adding demo data/);
    expect(lines.join('\n')).toContain(join(folder, DEMO_DB_FILE));

    const demo = join(folder, DEMO_DB_FILE);
    const demoLines: string[] = [];
    prepareDemo(demo, folder, (m) => demoLines.push(m));
    expect(await ticketCount(demo)).toBeGreaterThan(100);
    // A second start on the demo database: its data stays, no warning.
    const again: string[] = [];
    prepareDemo(demo, folder, (m) => again.push(m));
    expect(again.join('\n')).not.toMatch(/NOT adding/);
  });
});
