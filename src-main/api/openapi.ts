// The OpenAPI 3.1 document, generated from the procedure registry (zod → JSON Schema).
//
// Shared schemas are the ones given an id with `.meta({ id })` (src-shared/): zod converts
// them once, in its registry form (`z.toJSONSchema(registry, { uri })`), into
// `components.schemas`, and every `$ref` points there. Request and response bodies are
// converted in the same pass (so their refs resolve the same way) and then placed inline in
// their operation, unless the body is itself a shared schema. Inputs and outputs are converted
// separately (`io`): a shared schema whose input form differs from its output form gets a
// second component, `<id>Input`. Components that no operation reaches are left out.
import { z } from 'zod';
import type { Registry, Procedure } from './registry.ts';
import { ERROR_STATUS, ErrorEnvelopeSchema, type ErrorCode } from '../../src-shared/errors.ts';
import { APP_VERSION } from '../version.ts';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const REF = '#/components/schemas/';
/** Marks the input pass's refs until it is known whether the input form needs its own name. */
const INPUT_MARK = '~input';

function who(p: Procedure): string {
  const a = p.access;
  if (a.kind === 'anyone') return 'anyone';
  if (a.kind === 'kiosk') return 'a kiosk token';
  return a.roles === 'any' ? 'any signed-in user' : a.roles.join(', ');
}

/** Every schema registered with an id (`.meta({ id })`), by id. */
function sharedSchemas(): Map<string, z.ZodType> {
  const shared = new Map<string, z.ZodType>();
  for (const [id, schema] of z.globalRegistry._idmap) shared.set(id, schema as z.ZodType);
  shared.set('Error', ErrorEnvelopeSchema);
  return shared;
}

/**
 * One registry-form conversion for one direction: the shared schemas and the procedures'
 * bodies of that direction. Returns every converted schema by id and each body's id.
 */
function convert(io: Io, procedures: readonly Procedure[], shared: Map<string, z.ZodType>, mark: string): { schemas: Record<string, Json>; bodyIds: Map<Procedure, string>; sharedIds: Set<string> } {
  const registry = z.registry<{ id: string }>();
  const idOf = new Map<z.ZodType, string>();
  for (const [id, schema] of shared) { registry.add(schema, { id }); idOf.set(schema, id); }
  const bodyIds = new Map<Procedure, string>();
  for (const p of procedures) {
    const body = io === 'input' ? p.input : p.output;
    let id = idOf.get(body);
    if (id === undefined) {
      id = `${p.name}.${io}`;
      registry.add(body, { id });
      idOf.set(body, id);
    }
    bodyIds.set(p, id);
  }
  const { schemas } = z.toJSONSchema(registry, {
    io, unrepresentable: 'any', target: 'draft-2020-12', uri: (id) => `${REF}${id}${shared.has(id) ? mark : ''}`,
  }) as unknown as { schemas: Record<string, Json> };
  for (const s of Object.values(schemas)) { delete s.$schema; delete s.$id; }
  return { schemas, bodyIds, sharedIds: new Set(shared.keys()) };
}

/** The component names a JSON value refers to. */
function refsIn(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
}

export function buildOpenApi(registry: Registry): Json {
  const procedures = [...registry.procedures.values()];
  const shared = sharedSchemas();
  const output = convert('output', procedures, shared, '');
  const input = convert('input', procedures, shared, INPUT_MARK);

  // Input forms equal to the output form share its component; the others get `<id>Input`.
  const inputName = (id: string): string =>
    JSON.stringify(input.schemas[id]).replaceAll(`${INPUT_MARK}"`, '"') === JSON.stringify(output.schemas[id]) ? id : `${id}Input`;
  const unmark = <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(
    /"#\/components\/schemas\/([^"]+?)~input"/g, (_m, id: string) => `"${REF}${inputName(id)}"`)) as T;

  const bodySchema = (io: Io, p: Procedure): unknown => {
    const side = io === 'input' ? input : output;
    const id = side.bodyIds.get(p) as string;
    if (shared.has(id)) return { $ref: `${REF}${io === 'input' ? inputName(id) : id}` };
    return side.schemas[id];
  };

  const paths: Json = {};
  for (const p of procedures) {
    const errorCodes = new Set<ErrorCode>(['VALIDATION', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'INTERNAL', ...(p.errors ?? [])]);
    if (p.access.kind !== 'anyone') errorCodes.add('UNAUTHENTICATED');
    if (p.access.kind === 'user' && p.access.roles !== 'any') errorCodes.add('FORBIDDEN');
    const responses: Json = {
      '200': { description: 'Success', content: { 'application/json': { schema: bodySchema('output', p) } } },
    };
    for (const code of errorCodes) {
      responses[String(ERROR_STATUS[code])] = { description: code, content: { 'application/json': { schema: { $ref: `${REF}Error` } } } };
    }
    paths[`/api/v1/${p.name}`] = {
      post: {
        operationId: p.name,
        summary: p.summary,
        description: `Who may call: ${who(p)}.`,
        tags: [p.name.split('.')[0]],
        security: p.access.kind === 'anyone' ? [] : [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: bodySchema('input', p) } } },
        responses,
      },
    };
  }
  paths['/api/v1/health'] = {
    get: {
      operationId: 'health', summary: 'Answers when the database is reachable.', tags: ['health'], security: [],
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean' }, version: { type: 'string' } } } } } } },
    },
  };
  paths['/api/v1/events'] = {
    get: {
      operationId: 'events',
      summary: 'Live stream (Server-Sent Events) of the changes the caller may see: ticket.created, ticket.changed, message.created, notification.created, notifications.read; first `ready` ({unread}), `end` ({reason}) when the session ends or the hub stops; a comment line every 15 s.',
      description: 'Authenticate with the Authorization header like every call. Browsers read it with fetch() and a stream reader (EventSource cannot send headers); no token is ever put in a URL. Staff hear of every ticket; a reporter only of its own tickets and never of internal notes. No replay: after reconnecting, refetch what is shown.',
      security: [{ bearer: [] }],
      responses: {
        '200': { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        '401': { description: 'UNAUTHENTICATED', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        '429': { description: 'RATE_LIMITED: too many open streams for this user', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    },
  };

  // The shared components the operations reach, directly or through other components.
  const byName = new Map<string, unknown>();
  for (const id of shared.keys()) {
    if (output.schemas[id]) byName.set(id, output.schemas[id]);
    if (input.schemas[id] && inputName(id) !== id) byName.set(inputName(id), unmark(input.schemas[id]));
  }
  const finalPaths = unmark(paths);
  const schemas: Json = {};
  const pending = refsIn(finalPaths);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name in schemas || !byName.has(name)) continue;
    schemas[name] = byName.get(name);
    pending.push(...refsIn(schemas[name]));
  }

  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'CampusDesk API', version: APP_VERSION,
      description: 'Generated from the procedure registry. See shared/spec/API.md for semantics.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-CampusDesk' },
    },
    servers: [{ url: '/', description: 'The hub that serves this document (procedures are POST /api/v1/<name>).' }],
    security: [{ bearer: [] }],
    tags: [...new Set(procedures.map((p) => p.name.split('.')[0] as string)), 'health'].map((name) => ({ name, description: `${name} procedures` })),
    paths: finalPaths,
    components: {
      schemas: sorted,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Token from auth.login or auth.setup (kiosk procedures: the kiosk token).' } },
    },
  };
}
