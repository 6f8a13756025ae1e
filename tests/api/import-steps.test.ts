// tickets.import in steps (src-main/core/import.ts): other calls are answered, and their
// writes commit, between the steps of a 10,000-ticket import (shown by order and ids, not by
// time); a failing step undoes the earlier steps; an import left half-done by a stopped hub
// is undone at the next start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { createApp } from '../../src-main/app.ts';
import { IMPORT_STEP, importTicketsInSteps, type ImportTicketInput } from '../../src-main/core/import.ts';
import type { Actor } from '../../src-main/core/context.ts';

const ticket = (i: number): ImportTicketInput => ({
  subject: `Old ticket ${i}`, description: 'From the old system', category: 'facility_management', status: 'open',
  openedAt: '2025-01-10T08:00:00Z', messages: [{ body: `Old reply ${i}`, createdAt: '2025-01-11T08:00:00Z' }],
});

describe('tickets.import in steps', () => {
  let hub: TestHub;
  let admin: string;
  let actor: Actor;
  const meta = () => ({ token: admin, client: 'test' });
  const count = (table: string): number => (hub.app.core.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const journal = (): number => (hub.app.core.sqlite.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'import.undo.%'").get() as { n: number }).n;
  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.setupAdmin();
    const me = (await hub.ok('auth.me', {}, admin)).user;
    actor = { id: me.id, username: me.username, displayName: me.displayName, role: 'admin', sessionId: 0 };
  });
  afterAll(async () => { await hub?.dispose(); });

  it('answers other calls, and commits their writes, while 10,000 tickets are imported', async () => {
    const done: string[] = [];
    const registry = hub.app.registry;
    const imported = registry.call('tickets.import', { tickets: Array.from({ length: 10_000 }, (_, i) => ticket(i)) }, meta())
      .then((r) => { done.push('import'); return r as { imported: number; ids: number[] }; });
    // Sent after the import started; answered before it ends.
    const created = registry.call('tickets.create', { subject: 'Heating off', description: 'Room 12 is cold.', category: 'facility_management' }, meta())
      .then((t) => { done.push('create'); return t as { id: number }; });
    const listed = registry.call('tickets.list', { limit: 5 }, meta()).then(() => { done.push('list'); });
    const [imp, made] = await Promise.all([imported, created, listed]);
    expect(imp.imported).toBe(10_000);
    expect(done.at(-1)).toBe('import');
    expect(done.slice(0, 2).sort()).toEqual(['create', 'list']);
    // The new ticket committed between two steps of the import: its id lies inside the import's.
    expect(made.id).toBeGreaterThan(Math.min(...imp.ids));
    expect(made.id).toBeLessThan(Math.max(...imp.ids));
    expect(new Set(imp.ids).size).toBe(10_000);
    expect(journal()).toBe(0);
    const total = (await hub.ok('tickets.list', { q: 'old' }, admin)).total;
    expect(total).toBe(10_000);
  });

  it('undoes the steps already written when a later step fails', async () => {
    const before = { tickets: count('tickets'), messages: count('messages'), events: count('ticket_events') };
    const countsBefore = await hub.ok('tickets.counts', {}, admin);
    const list = Array.from({ length: IMPORT_STEP * 3 }, (_, i) => ticket(i));
    let steps = 0;
    await expect(importTicketsInSteps(hub.app.core, actor, list, (n) => {
      steps++;
      expect(count('tickets')).toBe(before.tickets + n); // really written, step by step
      if (steps === 2) throw new Error('disk full (test)');
    })).rejects.toThrow('disk full (test)');
    expect({ tickets: count('tickets'), messages: count('messages'), events: count('ticket_events') }).toEqual(before);
    expect(await hub.ok('tickets.counts', {}, admin)).toEqual(countsBefore);
    expect(journal()).toBe(0);
  });

  it('undoes, at the next start, an import that a stopped hub left half-done', async () => {
    const before = count('tickets');
    const list = Array.from({ length: IMPORT_STEP * 3 }, (_, i) => ticket(i));
    let stall: () => void = () => {};
    const stuck = importTicketsInSteps(hub.app.core, actor, list, (n) => (n === IMPORT_STEP * 2 ? new Promise<void>((r) => { stall = r; }) : undefined));
    await new Promise((r) => setTimeout(r, 0));
    while (count('tickets') < before + IMPORT_STEP * 2) await new Promise((r) => setImmediate(r));
    expect(journal()).toBe(1);
    // A new start on the same file (as after a crash) finds the journal and undoes the import.
    const again = createApp(hub.dbPath, { readers: 0, analytics: false });
    try {
      expect(count('tickets')).toBe(before);
      expect(journal()).toBe(0);
    } finally {
      await again.close();
    }
    void stuck.catch(() => {});
    stall();
  });
});
