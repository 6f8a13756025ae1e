// Test support: a real hub (real SQLite file in a temp folder, real HTTP server on an
// ephemeral port) and a small client that speaks the public API exactly as written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type HubOptions, type RunningHub } from '../../src-main/hub.ts';
import type { Clock } from '../../src-main/core/context.ts';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestHub extends RunningHub {
  dir: string;
  dbPath: string;
  /** POST /api/v1/<name> with a JSON body (or raw string), optional bearer token. */
  call<T = any>(name: string, input?: unknown, token?: string | null, init?: { raw?: string; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  /** Like call, but throws unless 200; returns the body. */
  ok<T = any>(name: string, input?: unknown, token?: string | null): Promise<T>;
  /** Creates the first admin (admin / admin-password) and returns its token. */
  setupAdmin(): Promise<string>;
  /** Creates a user with the given role via the admin and signs in; returns { token, id }. */
  user(adminToken: string, username: string, role: 'reporter' | 'agent' | 'admin'): Promise<{ token: string; id: number }>;
  dispose(): Promise<void>;
}

/** A mutable clock for tests that need to move time. */
export class TestClock implements Clock {
  t: number;
  constructor(start = Date.parse('2026-03-02T09:00:00.000Z')) { this.t = start; }
  now(): number { return this.t; }
  advance(ms: number): void { this.t += ms; }
}

export async function startTestHub(opts: HubOptions = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'campusdesk-test-'));
  const dbPath = join(dir, 'campusdesk.db');
  const running = await startHub(dbPath, { port: 0, staticDir: null, ...opts });
  const call = async (name: string, input: unknown = {}, token?: string | null, init: { raw?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...init.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`${running.url}/api/v1/${name}`, { method: 'POST', headers, body: init.raw ?? JSON.stringify(input) });
    const text = await res.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* keep text */ }
    return { status: res.status, body: body as any, headers: res.headers };
  };
  const ok = async (name: string, input: unknown = {}, token?: string | null) => {
    const r = await call(name, input, token);
    if (r.status !== 200) throw new Error(`${name} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return {
    ...running, dir, dbPath, call, ok,
    async setupAdmin() {
      const r = await ok('auth.setup', { username: 'admin', password: 'admin-password', displayName: 'Ada Admin' });
      return r.token as string;
    },
    async user(adminToken, username, role) {
      const u = await ok('users.create', { username, password: `${username}-password`, displayName: username.replace(/^./, (c) => c.toUpperCase()), role }, adminToken);
      const s = await ok('auth.login', { username, password: `${username}-password` });
      return { token: s.token as string, id: u.id as number };
    },
    async dispose() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
