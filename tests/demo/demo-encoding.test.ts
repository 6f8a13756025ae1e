// Demo data decodes through the API exactly like data the API writes itself: in one database,
// the demo generator's tickets and tickets made through real procedure calls (app and kiosk
// reports, priority, assignment, status, reply, note, import) are read back with
// tickets.history, and every demo event has a shape (keys, value types, vocabulary) that the
// API's own writes produce for the same event type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoData } from '../../src-main/demo/seed.ts';
import { DEMO_ADMIN_USERNAME, DEMO_AGENT_USERNAMES, DEMO_PASSWORDS } from '../../src-main/demo/generate.ts';
import { startHub, type RunningHub } from '../../src-main/hub.ts';
import { CHANNELS, PRIORITIES, STATUSES } from '../../src-shared/domain.ts';

const TICKETS = 400;
const dir = mkdtempSync(join(tmpdir(), 'campusdesk-demo-encoding-'));
const dbPath = join(dir, 'campusdesk.db');
let hub: RunningHub;

async function call(name: string, input: unknown, token?: string): Promise<any> {
  const res = await fetch(`${hub.url}/api/v1/${name}`, {
    method: 'POST', body: JSON.stringify(input),
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** A value's shape: its type, an object's keys with their shapes, a vocabulary word as its vocabulary. */
function shape(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(shape).join(',')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => `${k}:${shape(x)}`).join(',')}}`;
  if (typeof v === 'string' && (STATUSES as readonly string[]).includes(v)) return 'status';
  if (typeof v === 'string' && (PRIORITIES as readonly string[]).includes(v)) return 'priority';
  if (typeof v === 'string' && (CHANNELS as readonly string[]).includes(v)) return 'channel';
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\dT/.test(v)) return 'iso';
  return typeof v;
}
const eventShape = (e: { type: string; from: unknown; to: unknown; actor: unknown }) => `${e.type} ${shape(e.from)} → ${shape(e.to)} by ${shape(e.actor)}`;

beforeAll(async () => {
  ensureDemoData(dbPath, { tickets: TICKETS, now: Date.parse('2026-03-01T12:00:00Z') });
  hub = await startHub(dbPath, { port: 0, host: '127.0.0.1', staticDir: null, analytics: false });
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo data through the API', () => {
  it('has only event shapes that the API itself writes', async () => {
    const admin = (await call('auth.login', { username: DEMO_ADMIN_USERNAME, password: DEMO_PASSWORDS.admin })).token as string;
    const agents = (await call('users.list', { role: 'agent' }, admin)).items as { id: number; username: string }[];
    const [a1, a2] = agents;

    // The API's own writes, covering every event type the demo generator makes.
    const made = await call('tickets.create', { subject: 'Projector', description: 'No picture', category: 'technical_it' }, admin);
    let t = await call('tickets.update', { id: made.id, version: made.version, priority: 'high', assigneeId: a1!.id }, admin);
    t = await call('tickets.update', { id: t.id, version: t.version, priority: 'urgent', assigneeId: a2!.id }, admin);
    await call('messages.add', { ticketId: t.id, body: 'On my way' }, admin);
    await call('messages.add', { ticketId: t.id, body: 'Cable missing', internal: true }, admin);
    for (const status of ['in_progress', 'waiting', 'in_progress', 'resolved', 'open', 'resolved', 'closed'] as const) {
      t = await call('tickets.setStatus', { id: t.id, status }, admin);
    }
    const kiosk = await call('kiosks.create', { name: 'Library entrance' }, admin);
    const submitted = await call('kiosk.submit', { category: 'facility_management', subject: 'Door', description: 'Stuck', contactName: 'Ann' }, kiosk.token);
    const imported = await call('tickets.import', { tickets: [
      { subject: 'Old', description: 'From the old system', category: 'services_complaints', status: 'closed', openedAt: '2025-01-01T09:00:00Z', closedAt: '2025-01-02T09:00:00Z', reporterUsername: DEMO_AGENT_USERNAMES[0] },
    ] }, admin);
    const apiIds = [t.id as number, submitted.ticketId as number, ...(imported.ids as number[])];

    const apiEvents = new Set<string>();
    const apiTicketKeys = Object.keys(await call('tickets.get', { id: t.id }, admin)).sort();
    for (const id of apiIds) {
      for (const e of (await call('tickets.history', { id }, admin)).items) apiEvents.add(eventShape(e));
    }

    const seen = new Set<string>();
    for (let id = 1; id <= TICKETS; id++) {
      const ticket = await call('tickets.get', { id }, admin);
      expect(Object.keys(ticket).sort()).toEqual(apiTicketKeys);
      for (const e of (await call('tickets.history', { id }, admin)).items) {
        const s = eventShape(e);
        seen.add(e.type);
        expect(apiEvents, `ticket #${id} (${ticket.channel}): ${s}`).toContain(s);
      }
    }
    // The demo exercises every kind of history the comparison covers.
    expect([...seen].sort()).toEqual(['assignee', 'created', 'imported', 'note', 'priority', 'reply', 'status']);
  });
});
