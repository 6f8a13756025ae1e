// The OpenAPI 3.1 document, generated from the procedure registry (zod → JSON Schema).
import { z } from 'zod';
import type { Registry, Procedure } from './registry.ts';
import { ERROR_STATUS } from '../../src-shared/errors.ts';
import { APP_VERSION } from '../version.ts';

const ErrorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

function schemaOf(type: z.ZodType, io: 'input' | 'output'): unknown {
  const json = z.toJSONSchema(type, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function who(p: Procedure): string {
  const a = p.access;
  if (a.kind === 'anyone') return 'anyone';
  if (a.kind === 'kiosk') return 'a kiosk token';
  return a.roles === 'any' ? 'any signed-in user' : a.roles.join(', ');
}

export function buildOpenApi(registry: Registry): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const p of registry.procedures.values()) {
    const errorCodes = new Set<string>(['VALIDATION', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'INTERNAL', ...(p.errors ?? [])]);
    if (p.access.kind !== 'anyone') errorCodes.add('UNAUTHENTICATED');
    if (p.access.kind === 'user' && p.access.roles !== 'any') errorCodes.add('FORBIDDEN');
    const responses: Record<string, unknown> = {
      '200': { description: 'Success', content: { 'application/json': { schema: schemaOf(p.output, 'output') } } },
    };
    for (const code of errorCodes) {
      const status = String(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
      responses[status] = { description: code, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    paths[`/api/v1/${p.name}`] = {
      post: {
        operationId: p.name,
        summary: p.summary,
        description: `Who may call: ${who(p)}.`,
        tags: [p.name.split('.')[0]],
        security: p.access.kind === 'anyone' ? [] : [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: schemaOf(p.input, 'input') } } },
        responses,
      },
    };
  }
  paths['/api/v1/health'] = {
    get: {
      operationId: 'health', summary: 'Answers when the database is reachable.',
      responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', properties: { ok: { type: 'boolean' }, version: { type: 'string' } } } } } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'CampusDesk API', version: APP_VERSION, description: 'Generated from the procedure registry. See shared/spec/API.md for semantics.' },
    paths,
    components: {
      schemas: { Error: ErrorEnvelope },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Token from auth.login or auth.setup (kiosk procedures: the kiosk token).' } },
    },
  };
}
