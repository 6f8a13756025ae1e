// The OpenAPI document as outside tools read it: served by a real hub, linted by Redocly's CLI
// (recommended rules, no errors; offline: telemetry and update checks off), every $ref
// resolvable inside the document, and a TypeScript client generated from it by
// openapi-typescript that type-checks and carries the shared schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import openapiTS, { astToString } from 'openapi-typescript';
import { startTestHub, type TestHub } from '../support/hub.ts';

const run = promisify(execFile);
let hub: TestHub;
let doc: any;
const dir = mkdtempSync(join(tmpdir(), 'campusdesk-openapi-'));

beforeAll(async () => {
  hub = await startTestHub();
  const res = await fetch(`${hub.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await hub?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('OpenAPI document and outside tools', () => {
  it('resolves every $ref inside the document, shares schemas under components, states servers and security', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas, ref).toHaveProperty([ref.slice('#/components/schemas/'.length)]);
    }
    for (const name of ['Ticket', 'User', 'Category', 'Message', 'Event', 'Kiosk', 'Error']) expect(doc.components.schemas).toHaveProperty([name]);
    expect(doc.servers).toEqual([expect.objectContaining({ url: expect.any(String) })]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const op of Object.values<any>(item)) expect(Array.isArray(op.security), path).toBe(true);
    }
    expect(doc.paths['/api/v1/auth.login'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/kiosk.lookup'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/tickets.list'].post.security).toEqual([{ bearer: [] }]);
    // The error codes per procedure stay listed.
    expect(Object.keys(doc.paths['/api/v1/tickets.update'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '409']));
    expect(Object.keys(doc.paths['/api/v1/auth.login'].post.responses)).toContain('429');
  });

  it("passes Redocly's linter (recommended rules) without errors", async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const cli = join(process.cwd(), 'node_modules/@redocly/cli/bin/cli.js');
    const { stdout } = await run(process.execPath, [cli, 'lint', file, '--format', 'json'], {
      cwd: dir, maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' },
    }).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr }));
    const report = JSON.parse(stdout) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('generates a client with openapi-typescript that type-checks and has the Ticket schema', async () => {
    const source = astToString(await openapiTS(doc));
    expect(source).toMatch(/\bTicket: \{/);
    expect(source).toContain('"/api/v1/tickets.list"');
    const file = join(dir, 'campusdesk-api.ts');
    writeFileSync(file, `${source}\n` + [
      "type Ticket = components['schemas']['Ticket'];",
      "type ListOk = paths['/api/v1/tickets.list']['post']['responses'][200]['content']['application/json'];",
      "const t: Ticket['status'] = 'in_progress';",
      "const items: ListOk['items'] = [];",
      '// @ts-expect-error not a status',
      "const bad: Ticket['status'] = 'sleeping';",
      'export { t, items, bad };',
    ].join('\n'));
    const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, skipLibCheck: true, types: [] });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });
});
