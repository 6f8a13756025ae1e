// Property-based fuzzing (fast-check) of EVERY procedure in the registry, as every kind of
// caller (anonymous, reporter, agent, admin, kiosk token), over HTTP. Inputs are derived from
// each procedure's zod input schema (its fields with wrong types, out-of-range and edge
// values, enum near-misses, unknown fields) mixed with generic junk (huge numbers, deep
// nesting, lone surrogates, `__proto__`/`constructor` keys). Procedures that write only get
// inputs their schema rejects; read-only ones get valid ones too. Every answer must be 200
// (reads only) or a documented 4xx with the exact error envelope, never 500, and every table's
// contents must hash the same afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import { startTestHub, TestClock, type TestHub } from '../support/hub.ts';
import { allProcedures } from '../../src-main/api/procedures/index.ts';
import { expectErrorEnvelope, hashTables, post, type RawAnswer } from './fuzz-support.ts';

/** Runs per procedure; the whole file stays within a few seconds of CPU per procedure on 2 cores. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/** Procedures that change stored data although they are not `writes` (sign-in records sessions and failures). */
// auth.login and auth.changePassword record a failed sign-in (the throttle) even though they answer an error.
const WRITES_ANYWAY = new Set(['auth.login', 'auth.changePassword']);
const ROLES = ['anonymous', 'reporter', 'agent', 'admin', 'kiosk'] as const;
type Role = (typeof ROLES)[number];

let hub: TestHub;
const tokens: Record<Role, string | null> = { anonymous: null, reporter: null, agent: null, admin: null, kiosk: null };

// ---- generic junk ----
const loneSurrogate = fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\ude00b', 'x\ud800y');
const nastyString = fc.oneof(
  fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), loneSurrogate,
  fc.constantFrom('', ' ', '\u0000', '\t\r\n', 'x'.repeat(20_001), '2026-02-30T00:00:00Z', '9999-99-99', '-1d', '0h', 'me', 'none',
    '<script>window.__xss=1</script>', "' OR 1=1 --", '%00', '../../etc/passwd', '__proto__', 'constructor', 'NaN', '1e999', '\u202e', '\ufeff'),
);
const nastyNumber = fc.oneof(
  fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, Number.MIN_VALUE, 1, 2, 3),
);
const deep = (depth: number): unknown => { let v: unknown = 'bottom'; for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v]; return v; };
const junk: fc.Arbitrary<unknown> = fc.oneof(
  nastyString, nastyNumber, fc.boolean(), fc.constant(null),
  fc.constantFrom(deep(3000), [], {}, [[]], { '': '' }, Array.from({ length: 2000 }, (_, i) => i)),
  fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: true, stringUnit: 'grapheme' }),
);
const junkKey = fc.oneof(fc.string({ maxLength: 8 }), loneSurrogate, fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'extra'));

// ---- arbitraries derived from zod schemas (zod 4 definitions) ----
type Def = { type: string; [k: string]: any };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function derive(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const near = (arb: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: junk });
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return derive(def.innerType, depth);
    case 'pipe': return derive(def.in, depth);
    case 'lazy': return depth > 3 ? junk : derive(def.getter(), depth + 1);
    case 'string': return near(nastyString);
    case 'number': case 'int': case 'bigint': return near(nastyNumber);
    case 'boolean': return near(fc.boolean());
    case 'literal': return near(fc.constantFrom(...(def.values as unknown[])));
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>);
      return near(fc.oneof(fc.constantFrom(...values), fc.constantFrom(...values.map((v) => String(v).toUpperCase()), ...values.map((v) => ` ${String(v)}x`))));
    }
    case 'array': return near(fc.array(derive(def.element, depth + 1), { maxLength: depth > 1 ? 2 : 4 }));
    case 'union': return fc.oneof(...(def.options as z.ZodType[]).map((o) => derive(o, depth)));
    case 'intersection': return fc.oneof(derive(def.left, depth), derive(def.right, depth));
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, derive(v, depth + 1)]));
      const record = fc.record(fields, { requiredKeys: [] });
      const extra = fc.dictionary(junkKey, junk, { maxKeys: 2 });
      return fc.tuple(record, extra, fc.boolean()).map(([r, e, withExtra]) => (withExtra ? { ...e, ...r } : r));
    }
    default: return junk;
  }
}

/** The JSON body for an input (what the hub receives), and the object it parses to. */
const toBody = (input: unknown): string => JSON.stringify(input) ?? '{}';

// ---- stored data and answers (fuzz-support.ts) ----
const hashAll = (): Record<string, string> => hashTables(hub.app.core.sqlite);

function expectDocumented(name: string, body: string, role: Role, r: RawAnswer, mayPass: boolean): void {
  const where = `${name} as ${role} with ${body.slice(0, 300)} → ${r.status} ${r.text.slice(0, 300)}`;
  if (r.status === 200) {
    expect(mayPass, `a write accepted fuzzed input: ${where}`).toBe(true);
    return;
  }
  expectErrorEnvelope(r, where);
}

beforeAll(async () => {
  hub = await startTestHub({ clock: new TestClock(Date.parse('2026-03-02T09:00:00.000Z')) });
  tokens.admin = await hub.setupAdmin();
  tokens.agent = (await hub.user(tokens.admin, 'agnes', 'agent')).token;
  tokens.reporter = (await hub.user(tokens.admin, 'rita', 'reporter')).token;
  tokens.kiosk = (await hub.ok('kiosks.create', { name: 'Lobby' }, tokens.admin)).token;
  for (let i = 0; i < 3; i++) {
    const t = await hub.ok('tickets.create', { subject: `Seed ${i}`, description: 'Seeded for the fuzzer', category: 'technical_it' }, tokens.reporter);
    await hub.ok('messages.add', { ticketId: t.id, body: 'A reply', internal: i === 1 }, tokens.agent);
  }
  await hub.ok('kiosk.submit', { category: 'facility_management', subject: 'Door', description: 'Stuck' }, tokens.kiosk);
});
afterAll(async () => { await hub?.dispose(); });

describe('fuzzing every procedure', () => {
  it('the registry has procedures to fuzz', () => {
    expect(allProcedures.length).toBeGreaterThan(25);
  });

  for (const procedure of allProcedures) {
    const mayWrite = procedure.writes === true || WRITES_ANYWAY.has(procedure.name);
    it(`${procedure.name}: only documented 4xx${mayWrite ? '' : ' (or 200)'}, nothing stored`, async () => {
      const before = hashAll();
      const input = derive(procedure.input).filter((v) => {
        if (!mayWrite) return true;
        // Writes get only what their schema rejects (as the hub will see it, after JSON).
        let parsed: unknown;
        try { parsed = JSON.parse(toBody(v)); } catch { return true; }
        return !procedure.input.safeParse(parsed).success;
      });
      await fc.assert(fc.asyncProperty(input, fc.constantFrom(...ROLES), async (value, role) => {
        const body = toBody(value);
        expectDocumented(procedure.name, body, role, await post(hub.url, procedure.name, body, tokens[role]), !mayWrite);
      }), { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 0x5eed) ^ procedure.name.length, endOnFailure: true });

      // Hand-made bodies no generator is likely to hit.
      const raw = [
        '{"__proto__":{"role":"admin","isAdmin":true}}', '{"constructor":{"prototype":{"polluted":1}}}',
        '{"id":1,"__proto__":{"id":2}}', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`, '{"a":1,"a":2}',
        `{${Array.from({ length: 3000 }, (_, i) => `"k${i}":${i}`).join(',')}}`, '{"x":"\\ud800"}', '{"\\udc00":1}',
        '{"id":1e400}', '{"id":-0}', '{"id":123456789012345678901234567890}', '[]', '"text"', '42', 'null', 'true',
        '{"subject":' + JSON.stringify('x'.repeat(900_000)) + '}',
      ];
      for (const body of raw) {
        for (const role of ROLES) expectDocumented(procedure.name, body, role, await post(hub.url, procedure.name, body, tokens[role]), !mayWrite && body.startsWith('{'));
      }
      expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin, 'Object.prototype polluted').toBeUndefined();
      expect(hashAll(), `stored data changed by fuzzing ${procedure.name}`).toEqual(before);
    });
  }
});
