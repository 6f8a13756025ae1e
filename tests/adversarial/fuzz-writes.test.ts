// Property-based fuzzing (fast-check) of every WRITE procedure with inputs its schema ACCEPTS
// (fuzz.test.ts gives writes only rejected inputs), as every kind of caller, over HTTP. The
// inputs are generated from the procedure's published JSON Schema (the one in the OpenAPI
// document: lengths, patterns, enums, integer ranges, nested objects and arrays) with
// awkward but valid content (scripts, RTL marks, emoji, maximum lengths, ids of real and
// missing rows), and kept only when the zod schema itself accepts them. Every answer must be
// 200 or a documented 4xx with the exact error envelope, never a 500; a refused call must
// leave every table exactly as it was; afterwards the database passes every check of
// `campusdesk check` (integrity, foreign keys, summary tables equal to a recount). The
// procedures that sign callers out, demote them or take away their kiosk or categories get
// a hub each, so they cannot hide another procedure's faults.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { allProcedures } from '../../src-main/api/procedures/index.ts';
import { expectErrorEnvelope, hashTables, post } from './fuzz-support.ts';
import { runChecks } from '../../src-main/core/db-check.ts';

const RUNS = Number(process.env.FUZZ_WRITE_RUNS ?? 25);
/** Refused calls that still record something on purpose: a failed sign-in (the throttle). */
const RECORDS_REFUSALS = new Set(['auth.login', 'auth.changePassword']);
const ROLES = ['anonymous', 'reporter', 'agent', 'admin', 'kiosk'] as const;
type Role = (typeof ROLES)[number];
const WRITES = allProcedures.filter((p) => p.writes === true || RECORDS_REFUSALS.has(p.name));

// ---- valid-looking content ----
const awkward = ['<script>window.__xss=1</script>', '=HYPERLINK("http://x")', 'Ünïcødé ✓ 🧯', '\u202eevil', 'a  b', "O'Brien; DROP TABLE tickets", 'the printer', '0', '-1', 'null'];
type Json = { type?: string | string[]; [k: string]: any };

/** Fields that name rows of the seeded hub: mostly rows that exist, so that calls get past the references. */
const EXISTING: Record<string, readonly string[]> = {
  category: ['technical_it', 'facility_management', 'services_complaints'],
  slug: ['technical_it', 'facility_management', 'services_complaints'],
  reporterUsername: ['rita', 'admin'], assigneeUsername: ['agnes', 'admin'], authorUsername: ['agnes', 'rita', 'admin'],
  username: ['admin', 'agnes', 'rita'], currentPassword: ['admin-password'], password: ['admin-password'],
};

function arbitraryOf(schema: Json, defs: Record<string, Json>, depth = 0, field = ''): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryOf(defs[String(schema.$ref).replace('#/$defs/', '')] ?? {}, defs, depth + 1, field);
  const known = EXISTING[field];
  if (known && schema.type === 'string') return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, arbitraryOf(schema, defs, depth));
  if (schema.anyOf || schema.oneOf) return fc.oneof(...(schema.anyOf ?? schema.oneOf).map((s: Json) => arbitraryOf(s, defs, depth, field)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'null': return fc.constant(null);
    case 'boolean': return fc.boolean();
    case 'integer': case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
      const max = Math.min(schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1000), Number.MAX_SAFE_INTEGER);
      // Ids: mostly rows that exist (small numbers), sometimes ones that do not.
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: Math.max(min, Math.min(1, max)), max: Math.min(max, Math.max(min, 8)) }) }, fc.integer({ min, max: Math.min(max, 2 ** 31) }), fc.constant(max));
    }
    case 'string': {
      const minLength = schema.minLength ?? 0;
      const maxLength = schema.maxLength ?? 300;
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= maxLength);
      if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2026-03-01'), noInvalidDate: true }).map((d) => d.toISOString());
      return fc.oneof(
        { weight: 3, arbitrary: fc.string({ minLength: Math.max(1, minLength), maxLength: Math.min(maxLength, 40), unit: 'grapheme' }) },
        fc.constantFrom(...awkward).filter((s) => s.length >= minLength && s.length <= maxLength),
        fc.constant('x'.repeat(Math.min(maxLength, 20_000))).filter((s) => s.length >= minLength),
        fc.constantFrom('2026-02-27T08:00:00Z', '2025-11-03T10:15:30+01:00', 'technical_it', 'facility_management', 'agnes', 'rita', 'admin', 'me', 'none'),
      ).filter((s) => s.length >= minLength && s.length <= maxLength);
    }
    case 'array': {
      const items = schema.items ? arbitraryOf(schema.items, defs, depth + 1) : fc.constant(null);
      return fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, depth > 1 ? 2 : 3) });
    }
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const fields = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryOf(v, defs, depth + 1, k)]));
      const record = fc.record(fields, { requiredKeys: (schema.required ?? []) as string[] });
      return 'openedAt' in props && 'status' in props ? record.map(consistentDates) : record;
    }
    default: return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  }
}

/**
 * An imported ticket's dates made to agree with each other and its status (the rules zod's
 * refinement checks), so that most generated imports are accepted rather than filtered away.
 */
function consistentDates(value: Record<string, unknown>): Record<string, unknown> {
  const t = { ...value };
  const opened = Date.parse(String(t.openedAt));
  if (!Number.isFinite(opened)) return t;
  const later = (ms: number) => new Date(opened + ms).toISOString();
  if (['open', 'in_progress', 'waiting'].includes(String(t.status))) delete t.closedAt;
  else if (t.closedAt !== undefined || t.status !== undefined) t.closedAt = later(3_600_000);
  if (t.updatedAt !== undefined) t.updatedAt = later(60_000);
  if (Array.isArray(t.messages)) t.messages = t.messages.map((m, i) => (m && typeof m === 'object' ? { ...m, createdAt: later((i + 1) * 120_000) } : m));
  return t;
}

// ---- the hub and its stored data ----
/**
 * Procedures whose accepted calls take the callers' sessions, roles, kiosk or categories away
 * (sign-out, a new password, a user demoted or deactivated, the kiosk revoked, a category
 * deactivated): each gets a hub of its own; the others share one.
 */
const NEEDS_OWN_HUB = new Set(['auth.logout', 'auth.changePassword', 'users.update', 'kiosks.revoke', 'categories.update']);
const tokens: Record<Role, string | null> = { anonymous: null, reporter: null, agent: null, admin: null, kiosk: null };
let shared: { hub: TestHub; tokens: typeof tokens } | null = null;
let own: TestHub | null = null;
afterEach(async () => { await own?.dispose(); own = null; });
afterAll(async () => { await shared?.hub.dispose(); });

async function hubFor(name: string): Promise<TestHub> {
  if (NEEDS_OWN_HUB.has(name)) return (own = await freshHub());
  if (!shared) shared = { hub: await freshHub(), tokens: { ...tokens } };
  Object.assign(tokens, shared.tokens);
  return shared.hub;
}

async function freshHub(): Promise<TestHub> {
  const h = await startTestHub({ clock: new TestClock(Date.parse('2026-03-02T09:00:00.000Z')) });
  tokens.admin = await h.setupAdmin();
  tokens.agent = (await h.user(tokens.admin, 'agnes', 'agent')).token;
  tokens.reporter = (await h.user(tokens.admin, 'rita', 'reporter')).token;
  tokens.kiosk = (await h.ok('kiosks.create', { name: 'Lobby' }, tokens.admin)).token;
  for (let i = 0; i < 4; i++) {
    const t = await h.ok('tickets.create', { subject: `Seed ${i}`, description: 'Seeded for the fuzzer', category: 'technical_it' }, tokens.reporter);
    await h.ok('messages.add', { ticketId: t.id, body: 'A reply', internal: i === 1 }, tokens.agent);
  }
  await h.ok('kiosk.submit', { category: 'facility_management', subject: 'Door', description: 'Stuck' }, tokens.kiosk);
  return h;
}

describe('fuzzing every write procedure with inputs its schema accepts', () => {
  it('finds write procedures to fuzz', () => {
    expect(WRITES.map((p) => p.name)).toEqual(expect.arrayContaining(['tickets.create', 'tickets.update', 'tickets.setStatus', 'tickets.import', 'messages.add', 'users.create', 'users.update', 'kiosk.submit']));
  });

  for (const procedure of WRITES) {
    it(`${procedure.name}: 200 or a documented 4xx that changes nothing; the database stays consistent`, async () => {
      const h = await hubFor(procedure.name);
      const json = z.toJSONSchema(procedure.input, { io: 'input', unrepresentable: 'any' }) as Json;
      const valid = arbitraryOf(json, (json.$defs ?? {}) as Record<string, Json>)
        .filter((v) => procedure.input.safeParse(JSON.parse(JSON.stringify(v))).success);
      let accepted = 0;
      // Mostly callers the procedure admits, so that accepted inputs get past authorisation.
      const role = procedure.access.kind === 'kiosk'
        ? fc.oneof({ weight: 6, arbitrary: fc.constant<Role>('kiosk') }, fc.constantFrom<Role>(...ROLES))
        : fc.oneof({ weight: 3, arbitrary: fc.constant<Role>('admin') }, { weight: 2, arbitrary: fc.constantFrom<Role>('agent', 'reporter') }, fc.constantFrom<Role>('kiosk', 'anonymous'));
      await fc.assert(fc.asyncProperty(valid, role, async (value, role) => {
        const body = JSON.stringify(value);
        const before = hashTables(h.app.core.sqlite);
        const r = await post(h.url, procedure.name, body, tokens[role]);
        const where = `${procedure.name} as ${role} with ${body.slice(0, 300)} → ${r.status} ${r.text.slice(0, 300)}`;
        if (r.status === 200) { accepted++; return; }
        expectErrorEnvelope(r, where);
        if (!RECORDS_REFUSALS.has(procedure.name)) expect(hashTables(h.app.core.sqlite), `a refused call changed stored data: ${where}`).toEqual(before);
      }), { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 0x5eed) ^ procedure.name.length, endOnFailure: true });
      if (['tickets.create', 'tickets.import', 'messages.add', 'users.create', 'categories.create', 'kiosks.create', 'kiosk.submit', 'auth.login'].includes(procedure.name)) {
        expect(accepted, `${procedure.name}: no generated input was accepted, so only refusals were fuzzed`).toBeGreaterThan(0);
      }
      const problems = runChecks({ sqlite: h.app.core.sqlite, dbPath: h.dbPath }).filter((c) => !c.ok);
      expect(problems, `${procedure.name}: the database fails a check after ${accepted} accepted calls`).toEqual([]);
    });
  }
});
