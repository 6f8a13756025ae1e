// core/throttle.ts: every throttle kind in one shape. For each kind that keeps its own events
// (database, memory): `max` events within the window make the next check RATE_LIMITED with a
// retry time, the window sliding past the oldest event frees one attempt, reset clears the
// key, and other keys are unaffected. kioskSubmit counts the kiosk's tickets (kiosk-api tests
// cover it end to end; here: a kiosk's tickets count, another kiosk's do not).
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src-main/app.ts';
import { check, record, reset, THROTTLES, MAX_TRACKED_KEYS, type ThrottleKind } from '../../src-main/core/throttle.ts';
import { AppError } from '../../src-main/core/errors.ts';
import { createKiosk, submitFromKiosk } from '../../src-main/core/kiosks.ts';
import { hashPasswordOffline, insertUser } from '../../src-main/core/auth.ts';
import { TestClock } from '../support/hub.ts';

const dirs: string[] = [];
const apps: App[] = [];
function open(clock: TestClock): App {
  const dir = mkdtempSync(join(tmpdir(), 'campusdesk-throttle-'));
  dirs.push(dir);
  const app = createApp(join(dir, 'campusdesk.db'), { clock, analytics: false });
  apps.push(app);
  return app;
}
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function limited(fn: () => void): AppError | null {
  try { fn(); return null; } catch (err) {
    if (err instanceof AppError && err.code === 'RATE_LIMITED') return err;
    throw err;
  }
}

describe('throttle', () => {
  for (const kind of ['login', 'kioskExit', 'kioskLookup'] as ThrottleKind[]) {
    it(`${kind}: ${THROTTLES[kind].max} events per ${THROTTLES[kind].windowMs / 60_000} minutes (${THROTTLES[kind].store})`, () => {
      const clock = new TestClock();
      const { core } = open(clock);
      const { max, windowMs } = THROTTLES[kind];
      for (let i = 0; i < max; i++) {
        expect(limited(() => check(core, kind, 'a'))).toBeNull();
        record(core, kind, 'a');
        clock.advance(1000);
      }
      const err = limited(() => check(core, kind, 'a'));
      expect(err?.status).toBe(429);
      // The oldest event leaves the window (max - 1) s after it was recorded + the window - now.
      expect(err?.details[0]?.retryAfterSeconds).toBe(Math.ceil((windowMs - max * 1000) / 1000));
      expect(limited(() => check(core, kind, 'b'))).toBeNull();
      // The window slides past the oldest event: one more attempt, then limited again.
      clock.advance(windowMs - max * 1000 + 1);
      expect(limited(() => check(core, kind, 'a'))).toBeNull();
      record(core, kind, 'a');
      expect(limited(() => check(core, kind, 'a'))).not.toBeNull();
      reset(core, kind, 'a');
      expect(limited(() => check(core, kind, 'a'))).toBeNull();
    });
  }

  it('keeps at most MAX_TRACKED_KEYS keys per kind in memory, forgetting the stalest', () => {
    const clock = new TestClock();
    const { core } = open(clock);
    const { max } = THROTTLES.kioskLookup;
    for (let i = 0; i < max; i++) record(core, 'kioskLookup', 'stale');
    for (let i = 0; i < max; i++) record(core, 'kioskLookup', 'fresh');
    expect(limited(() => check(core, 'kioskLookup', 'stale'))).not.toBeNull();
    for (let i = 0; i < MAX_TRACKED_KEYS - 1; i++) record(core, 'kioskLookup', `client-${i}`);
    expect(limited(() => check(core, 'kioskLookup', 'stale'))).toBeNull();
    expect(limited(() => check(core, 'kioskLookup', 'fresh'))).not.toBeNull();
  });

  it('kioskSubmit: counted from the kiosk\'s own tickets', () => {
    const clock = new TestClock();
    const { core } = open(clock);
    const adminId = insertUser(core, { username: 'admin', passwordHash: hashPasswordOffline('admin-password'), displayName: 'Admin', role: 'admin' });
    const actor = { id: adminId, username: 'admin', displayName: 'Admin', role: 'admin' as const, sessionId: 0 };
    const a = createKiosk(core, actor, { name: 'Library' });
    const b = createKiosk(core, actor, { name: 'Canteen' });
    const report = { category: 'technical_it', subject: 'Printer', description: 'Jammed' };
    for (let i = 0; i < THROTTLES.kioskSubmit.max; i++) {
      submitFromKiosk(core, { id: a.id, name: a.name, location: null }, report);
      clock.advance(1000);
    }
    expect(limited(() => check(core, 'kioskSubmit', String(a.id)))).not.toBeNull();
    expect(limited(() => check(core, 'kioskSubmit', String(b.id)))).toBeNull();
    clock.advance(THROTTLES.kioskSubmit.windowMs);
    expect(limited(() => check(core, 'kioskSubmit', String(a.id)))).toBeNull();
  });
});
