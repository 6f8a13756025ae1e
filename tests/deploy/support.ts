// Test support for the deployment tests: a hub started in-process with a captured logger,
// `npm run serve` as a real child process (its JSON log lines parsed), and self-signed TLS
// certificates made with openssl.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger, type Logger } from '../../src-main/log.ts';
import { startHub, type HubOptions, type RunningHub } from '../../src-main/hub.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `campusdesk-${prefix}-`));

/** A logger whose JSON lines land in `lines` (and, raw, in `text()`). */
export function captureLogger(level: 'info' | 'debug' = 'info'): { log: Logger; lines: Record<string, unknown>[]; text: () => string } {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level, destination: { write(line: string) { raw.push(line); lines.push(JSON.parse(line) as Record<string, unknown>); } } });
  return { log, lines, text: () => raw.join('') };
}

export interface DeployHub extends RunningHub {
  dir: string;
  dbPath: string;
  lines: Record<string, unknown>[];
  logText(): string;
  post(name: string, input?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  dispose(): Promise<void>;
}

export async function startDeployHub(opts: HubOptions = {}): Promise<DeployHub> {
  const dir = tempDir('deploy');
  const dbPath = join(dir, 'campusdesk.db');
  const captured = captureLogger();
  const running = await startHub(dbPath, { port: 0, staticDir: null, log: captured.log, ...opts });
  return {
    ...running, dir, dbPath, lines: captured.lines, logText: captured.text,
    async post(name, input = {}, headers = {}) {
      const res = await fetch(`${running.url}/api/v1/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(input) });
      const text = await res.text();
      let body: unknown = text;
      try { body = JSON.parse(text); } catch { /* text */ }
      return { status: res.status, body, headers: res.headers };
    },
    async dispose() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A self-signed certificate for 127.0.0.1/localhost; returns the file paths and its PEM. */
export function selfSignedCert(dir: string, name: string, cn = 'campusdesk-test'): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=${cn}`,
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return { cert, key };
}

export const hasOpenssl = (): boolean => spawnSync('openssl', ['version']).status === 0;

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  out(): string;
  /** Parsed JSON log lines so far. */
  lines(): Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Starts `npm run serve` (node src-main/cli/serve.ts) and waits for its URL. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['src-main/cli/serve.ts', '--no-build', '--port', '0', ...args], {
    cwd: ROOT, env: { ...process.env, CAMPUSDESK_LOG_LEVEL: 'info', ...env }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const check = () => {
      const m = /CampusDesk hub on (https?:\/\/[^\s"]+)/.exec(out);
      if (m?.[1]) { child.stdout.off('data', check); resolveUrl(m[1]); }
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
  const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, url, out: () => out, lines, exited };
}
