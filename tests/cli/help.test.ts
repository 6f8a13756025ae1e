// `--help` on every command: each command `campusdesk --help` lists answers its own
// `campusdesk COMMAND --help` with exit code 0 and its usage line (spawned processes, no
// database or sign-in needed); and the README's menu shows the menu's entries in order.
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root } from './support.ts';
import { MENU } from '../../src-main/cli/campusdesk/menu.ts';

vi.setConfig({ testTimeout: 240_000 });

describe('campusdesk --help', () => {
  it('has help for every command it lists', async () => {
    const general = await cli(['--help']);
    expect(general.code).toBe(0);
    const list = general.stdout.split('\nCommands:\n')[1]!.split('\n\n')[0]!;
    const names = list.split('\n').map((l) => /^ {2}(\S+(?: [a-z-]+)?) {2,}/.exec(l)?.[1]).filter((n): n is string => !!n);
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(names).toEqual(expect.arrayContaining(['tickets add', 'report period', 'users passwd', 'categories deactivate', 'kiosks revoke', 'import', 'export tickets', 'backup', 'restore', 'check', 'backups list', 'setup']));
    for (let i = 0; i < names.length; i += 4) {
      const batch = names.slice(i, i + 4);
      const results = await Promise.all(batch.map((n) => cli([...n.split(' '), '--help'])));
      results.forEach((r, j) => {
        expect(r.code, `${batch[j]} --help: ${r.stderr}`).toBe(0);
        expect(r.stdout.startsWith(`Usage: campusdesk ${batch[j]}`), `${batch[j]} --help`).toBe(true);
        expect(r.stderr).toBe('');
      });
    }
  });

  it('the README shows the menu as it is', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Command line\n'));
    const shown = [...section.slice(0, section.indexOf('\n## ', 1)).matchAll(/^ {2}(\d+)\) (.+)$/gm)].map((m) => `${m[1]}) ${m[2]}`);
    expect(shown).toEqual(MENU.map((e, i) => `${i + 1}) ${e}`));
  });
});
