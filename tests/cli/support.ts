// Test support for the campusdesk command line: each command runs as a real process
// (bin/campusdesk.js under this Node), on a temp database or against a hub, with stdin,
// environment and exit code; and a real pseudo-terminal (tmux) to drive the menu.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..', '..');
export const bin = join(root, 'bin', 'campusdesk.js');

export interface CliResult { code: number; stdout: string; stderr: string }

/** A clean environment: no sign-in or database from the developer's shell leaks in. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('CAMPUSDESK_') || k === 'FORCE_COLOR' || k === 'NO_COLOR') delete env[k];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function cli(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd ?? root, env: cleanEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export const tempDir = (name = 'cli'): string => mkdtempSync(join(tmpdir(), `campusdesk-${name}-`));

/** A tmux session running a command in a 120×40 pseudo-terminal. */
export class Terminal {
  readonly name: string;
  constructor(command: string, env: Record<string, string> = {}) {
    this.name = `cdtest${process.pid}${Math.floor(Math.random() * 1e6)}`;
    const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, "'\\''")}';`).join(' ');
    // A tmux server of its own (socket named after the session), with a long scrollback.
    execFileSync('tmux', ['-L', this.name, '-f', '/dev/null', 'start-server', ';', 'set-option', '-g', 'history-limit', '50000', ';',
      'new-session', '-d', '-s', this.name, '-x', '120', '-y', '40', `cd '${root}'; ${exports} ${command}; echo "EXIT CODE $?"; sleep 60`]);
  }
  /** The whole scrollback as text (with `escapes`, including colour escape sequences). */
  screen(escapes = false): string {
    return execFileSync('tmux', ['-L', this.name, 'capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-S', '-50000', '-t', this.name], { encoding: 'utf8' });
  }
  /** Types keys (tmux key names like Enter, Escape, C-c; text as is). */
  keys(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.name, 'send-keys', '-t', this.name, ...keys]);
  }
  text(s: string): void {
    execFileSync('tmux', ['-L', this.name, 'send-keys', '-t', this.name, '-l', s]);
  }
  /** Waits until the screen matches; answers the screen. */
  async waitFor(pattern: RegExp | string, timeoutMs = 60_000): Promise<string> {
    return this.until((s) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s)), `${pattern}`, timeoutMs);
  }
  /** Waits until the prompt being asked now (the last "? …" / "✔ …" line) is `? message`. */
  async prompt(message: string, timeoutMs = 60_000): Promise<string> {
    return this.until((s) => {
      const lines = s.split('\n').filter((l) => /^[?✔✖] /.test(l));
      return lines.at(-1)?.startsWith(`? ${message}`) === true;
    }, `the prompt "${message}"`, timeoutMs);
  }
  /** Answers the prompt `message` (once it is asked) by typing `text` and Enter. */
  async answer(message: string, text: string): Promise<void> {
    const answered = (s: string) => s.split('\n').filter((l) => l.startsWith(`✔ ${message}`)).length;
    const before = answered(await this.prompt(message));
    if (text) this.text(text);
    this.keys('Enter');
    await this.until((s) => answered(s) > before, `"${message}" answered`, 60_000);
  }
  async until(ok: (screen: string) => boolean, what: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (ok(s)) return s;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${what}; it shows:\n${s.split('\n').filter(Boolean).slice(-30).join('\n')}`);
      await new Promise((r) => setTimeout(r, 80));
    }
  }
  kill(): void {
    try { execFileSync('tmux', ['-L', this.name, 'kill-server'], { stdio: 'ignore' }); } catch { /* gone */ }
  }
}
