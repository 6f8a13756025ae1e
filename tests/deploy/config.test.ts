// The hub's configuration: the commented example in deploy/ is valid, flags beat environment
// variables beat the file, every mistake is one clear line (file and key, variable or flag),
// and `serve --check-config` validates and exits without a stack trace.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseServeFlags } from '../../src-main/config.ts';
import { ROOT, selfSignedCert, hasOpenssl, tempDir } from './support.ts';

const dir = tempDir('config');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const EXAMPLE = join(ROOT, 'deploy/campusdesk.example.json5');

const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const problemsOf = (fn: () => unknown): string[] => {
  try { fn(); } catch (err) { if (err instanceof ConfigError) return err.problems; throw err; }
  return [];
};
const load = (argv: string[], env: NodeJS.ProcessEnv = {}) => loadConfig(parseServeFlags(argv), env);

const checkConfig = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, ['src-main/cli/serve.ts', '--check-config', ...args], {
  cwd: ROOT, encoding: 'utf8', env: { ...process.env, CAMPUSDESK_CONFIG: '', CAMPUSDESK_DB: '', ...env },
});

describe('config file', () => {
  it('the commented example in deploy/ is valid', () => {
    const c = load(['--config', EXAMPLE]);
    expect(c).toMatchObject({ port: 4780, host: '127.0.0.1', database: '/var/lib/campusdesk/campusdesk.db', tls: null, trustProxy: ['127.0.0.1', '::1'],
      backups: { enabled: true, folder: '/var/lib/campusdesk/backups' }, log: { level: 'info', pretty: false }, metrics: { token: null } });
  });

  it('flags beat environment variables, which beat the file; relative paths follow the file', () => {
    const file = write('layers.json5', `{ port: 5000, host: "0.0.0.0", database: "data/hub.db", log: { level: "warn" }, trustProxy: ["10.0.0.0/8"] }`);
    expect(load(['--config', file])).toMatchObject({ port: 5000, host: '0.0.0.0', database: join(dir, 'data/hub.db'), log: { level: 'warn' }, trustProxy: ['10.0.0.0/8'] });
    const env = { CAMPUSDESK_PORT: '6000', CAMPUSDESK_LOG_LEVEL: 'debug', CAMPUSDESK_TRUST_PROXY: '192.0.2.1, 192.0.2.2' };
    expect(load(['--config', file], env)).toMatchObject({ port: 6000, log: { level: 'debug' }, trustProxy: ['192.0.2.1', '192.0.2.2'] });
    expect(load(['--config', file, '--port', '7000', '--db', join(dir, 'flag.db'), '--trust-proxy', '127.0.0.1'], env))
      .toMatchObject({ port: 7000, database: join(dir, 'flag.db'), trustProxy: ['127.0.0.1'] });
  });

  it('reports every mistake once, naming the key', () => {
    const file = write('bad.json5', `{ port: 70000, host: "", trustProxy: ["10.0.0.0/33", "proxy.campus"], log: { level: "loud" }, metrics: { token: "short" }, backup: {} }`);
    const problems = problemsOf(() => load(['--config', file]));
    expect(problems).toEqual([
      `${file}: port: must be from 0 to 65535`,
      `${file}: host: must not be empty`,
      `${file}: trustProxy.0: "10.0.0.0/33" has an invalid prefix length`,
      `${file}: trustProxy.1: "proxy.campus" is not an IP address or CIDR range`,
      `${file}: log.level: must be one of fatal, error, warn, info, debug, trace, silent`,
      `${file}: metrics.token: must be at least 16 characters`,
      `${file}: unknown key "backup"`,
    ]);
  });

  it('points at the line and column of a syntax error', () => {
    const file = write('syntax.json5', '{\n  port: 4780,\n  host: "127.0.0.1"\n  database: "x.db",\n}\n');
    expect(problemsOf(() => load(['--config', file]))).toEqual([expect.stringMatching(new RegExp(`^${file.replace(/[.]/g, '\\.')}: not valid JSON5 at line 4, column \\d+`))]);
  });

  it('refuses bad flags, bad environment values, a missing file and half a TLS pair', () => {
    expect(problemsOf(() => load(['--prot', '1']))).toEqual([expect.stringMatching(/^command line: Unknown option '--prot'/)]);
    expect(problemsOf(() => load(['--port', 'eighty']))).toEqual(['--port: "eighty" must be a port number from 0 to 65535']);
    expect(problemsOf(() => load([], { CAMPUSDESK_PORT: '-1', CAMPUSDESK_LOG_LEVEL: 'chatty' }))).toEqual([
      'CAMPUSDESK_PORT: "-1" must be a port number from 0 to 65535',
      'CAMPUSDESK_LOG_LEVEL: "chatty" must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
    expect(problemsOf(() => load(['--config', join(dir, 'nope.json5')]))).toEqual([`${join(dir, 'nope.json5')}: cannot be read (ENOENT)`]);
    expect(problemsOf(() => load(['--tls-cert', join(dir, 'missing.crt')]))).toEqual([expect.stringMatching(/certificate was given without its key/)]);
    expect(problemsOf(() => load(['--tls-cert', join(dir, 'missing.crt'), '--tls-key', join(dir, 'missing.key')]))).toEqual([
      `TLS: the certificate file ${join(dir, 'missing.crt')} cannot be read`,
      `TLS: the key file ${join(dir, 'missing.key')} cannot be read`,
    ]);
  });

  it.skipIf(!hasOpenssl())('accepts a readable TLS pair from the file', () => {
    const pair = selfSignedCert(dir, 'cfg');
    const file = write('tls.json5', JSON.stringify({ tls: { cert: 'cfg.crt', key: 'cfg.key' } }));
    expect(load(['--config', file]).tls).toEqual(pair);
  });
});

describe('serve --check-config', () => {
  it('exits 0 on a valid configuration, without starting anything', () => {
    const r = checkConfig(['--config', EXAMPLE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('the configuration is valid');
  });

  it('exits 2 with one line per mistake and no stack trace', () => {
    const file = write('cli-bad.json5', '{ port: "4780", log: { level: "loud" } }');
    const r = checkConfig(['--config', file, '--trust-proxy', 'not-an-ip']);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('CampusDesk: the configuration has 3 mistakes:');
    expect(lines.slice(1)).toEqual([
      `  - ${file}: port: must be a number`,
      `  - ${file}: log.level: must be one of fatal, error, warn, info, debug, trace, silent`,
      '  - --trust-proxy: "not-an-ip" is not an IP address or CIDR range',
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
