// The import boundaries of eslint.config.js, checked with ESLint's Node API on probe sources
// placed (by name only, nothing is written) in each folder: a violation is an error with the
// rule's message, an allowed import is not. Type-aware rules are switched off for the probes
// (they are not files of the TypeScript project); the boundary rules are the real config's.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: [tseslint.configs.disableTypeChecked] });

async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint: import boundaries', () => {
  it('core/ may import only db/, src-shared/ and libraries', async () => {
    expect(await boundaryErrors('src-main/core/probe.ts', "import { Registry } from '../api/registry.ts';"))
      .toEqual([expect.stringContaining('core/ may import only src-main/db/, src-shared/')]);
    expect(await boundaryErrors('src-main/core/tickets/probe.ts', "import type { Registry } from '../../api/registry.ts';")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/probe.ts', "import { startHub } from '../hub.ts';")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/probe.ts', "export { x } from '../transport/http.ts';")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/probe.ts', "import { x } from '../../src-renderer/api/client.ts';")).toHaveLength(1);
    expect(await boundaryErrors('src-main/core/probe.ts', [
      "import { tickets } from '../db/schema.ts';",
      "import { STATUSES } from '../../src-shared/domain.ts';",
      "import { AppError } from './errors.ts';",
      "import { z } from 'zod';",
    ].join('\n'))).toEqual([]);
    expect(await boundaryErrors('src-main/core/tickets/probe.ts', [
      "import { tickets } from '../../db/schema.ts';",
      "import { toIso } from '../../../src-shared/schemas.ts';",
      "import { AppError } from '../errors.ts';",
    ].join('\n'))).toEqual([]);
  });

  it('only src-main/desktop/ imports electron', async () => {
    const electron = "import { app } from 'electron';";
    expect(await boundaryErrors('src-main/transport/probe.ts', electron)).toEqual([expect.stringContaining('Only src-main/desktop/ may import electron')]);
    expect(await boundaryErrors('src-main/core/probe.ts', electron)).toHaveLength(1);
    expect(await boundaryErrors('src-renderer/probe.ts', electron)).toHaveLength(1);
    expect(await boundaryErrors('src-main/desktop/probe.ts', electron)).toEqual([]);
  });

  it('the renderer reaches the main side only through src-shared/', async () => {
    expect(await boundaryErrors('src-renderer/screens/tickets/probe.tsx', "import type { Core } from '../../../src-main/core/context.ts';"))
      .toEqual([expect.stringContaining('src-renderer/ may reach the main side only through src-shared/')]);
    expect(await boundaryErrors('src-renderer/api/probe.ts', "import { STATUSES } from '../../src-shared/domain.ts';")).toEqual([]);
  });

  it('src-shared/ imports nothing from src-main/ or src-renderer/', async () => {
    expect(await boundaryErrors('src-shared/probe.ts', "import type { Core } from '../src-main/core/context.ts';"))
      .toEqual([expect.stringContaining('src-shared/ is imported by both sides')]);
    expect(await boundaryErrors('src-shared/probe.ts', "import { call } from '../src-renderer/api/client.ts';")).toHaveLength(1);
    expect(await boundaryErrors('src-shared/probe.ts', "import { STATUSES } from './domain.ts';")).toEqual([]);
  });
});
