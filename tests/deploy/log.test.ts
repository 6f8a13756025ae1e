// The one logger (src-main/log.ts): secrets handed to it are blanked, the desktop app's file
// rotates by size and keeps a bounded number of old files, and src-main/ has no console.*
// outside the command-line entry points.
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, RotatingFile } from '../../src-main/log.ts';
import { captureLogger, ROOT, tempDir } from './support.ts';

const dir = tempDir('log');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('logger', () => {
  it('blanks passwords, tokens, emails and bodies wherever a caller puts them', () => {
    const { log, text, lines } = captureLogger();
    log.info({ password: 'pw-1', token: 'tok-1', user: { email: 'someone@example.org', newPassword: 'pw-2' }, message: { body: 'private words' }, id: 7 }, 'hello');
    expect(lines[0]).toMatchObject({ msg: 'hello', id: 7, password: '[redacted]', token: '[redacted]', user: { email: '[redacted]', newPassword: '[redacted]' }, message: { body: '[redacted]' } });
    for (const secret of ['pw-1', 'tok-1', 'someone@example.org', 'pw-2', 'private words']) expect(text()).not.toContain(secret);
  });

  it('rotates the desktop log file by size and keeps at most `keep` old files', () => {
    const file = join(dir, 'logs', 'campusdesk.log');
    const log = createLogger({ destination: new RotatingFile(file, 2000, 2) });
    for (let i = 0; i < 100; i++) log.info({ i }, 'a line of the desktop log');
    const files = readdirSync(join(dir, 'logs')).sort();
    expect(files).toEqual(['campusdesk.log', 'campusdesk.log.1', 'campusdesk.log.2']);
    for (const f of files) expect(readFileSync(join(dir, 'logs', f)).length).toBeLessThanOrEqual(2000);
    const last = readFileSync(file, 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ i: 99, msg: 'a line of the desktop log' });
  });

  it('src-main has no console.* outside the command-line entry points (src-main/cli/, and the benchmark that npm run bench prints from)', () => {
    const offenders: string[] = [];
    for (const entry of readdirSync(join(ROOT, 'src-main'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
      const path = join(entry.parentPath, entry.name);
      const rel = path.slice(ROOT.length + 1);
      if (rel.startsWith('src-main/cli/') || rel.startsWith('src-main/bench/')) continue;
      readFileSync(path, 'utf8').split('\n').forEach((line, n) => {
        if (/\bconsole\.(log|warn|error|info|debug|trace)\b/.test(line) && !/^\s*(\/\/|\*)/.test(line)) offenders.push(`${rel}:${n + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
