// npm run build:electron — bundles the Electron shell with esbuild:
//   src-main/desktop/main.ts     → dist-electron/main.cjs     (Node, CommonJS)
//   src-main/desktop/preload.ts  → dist-electron/preload.cjs  (sandboxed preload: electron only)
//   src-main/analytics/worker.ts → dist-electron/analytics-worker.cjs (when the worker exists)
//   src-main/db/pool-worker.ts   → dist-electron/read-worker.cjs (the read pool's workers)
// `electron` and `better-sqlite3` (native, N-API prebuilds) stay outside the bundle; every
// other dependency is bundled, so a package needs only better-sqlite3 in node_modules.
// ESM-only constructs get CommonJS equivalents: import.meta.url/dirname/filename come from
// __filename (a banner defines the URL once per file). Files are overwritten in place (two
// builds at once — parallel tests — never see a missing bundle).
import { build, type BuildOptions } from 'esbuild';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
// `--out DIR` (inside the project, so the bundle still finds package.json and drizzle/): tests.
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 && process.argv[outArg + 1] ? resolve(root, process.argv[outArg + 1]!) : join(root, 'dist-electron');
const watchless = process.argv.includes('--quiet') ? 'warning' : 'info';

const IMPORT_META_URL = '__campusdesk_import_meta_url';
const node: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22', // Electron 45 runs Node 22
  external: ['electron', 'better-sqlite3'],
  sourcemap: 'linked',
  logLevel: watchless,
  legalComments: 'none',
  banner: { js: `"use strict";\nconst ${IMPORT_META_URL} = require("node:url").pathToFileURL(__filename).href;` },
  define: {
    'import.meta.url': IMPORT_META_URL,
    'import.meta.dirname': '__dirname',
    'import.meta.filename': '__filename',
  },
};

/** Entry points that exist (the analytics worker is optional until it lands). */
const entries: { in: string; out: string; preload?: boolean }[] = [
  { in: 'src-main/desktop/main.ts', out: 'main' },
  { in: 'src-main/desktop/preload.ts', out: 'preload', preload: true },
  { in: 'src-main/analytics/worker.ts', out: 'analytics-worker' },
  { in: 'src-main/db/pool-worker.ts', out: 'read-worker' },
  { in: 'src-main/core/backup-worker.ts', out: 'backup-worker' },
].filter((e) => existsSync(join(root, e.in)));

const started = Date.now();
await Promise.all(entries.map((e) => build({
  ...node,
  ...(e.preload
    // A sandboxed preload can require only `electron`: build for the browser so that any
    // accidental Node import fails here, not at run time.
    ? { platform: 'browser', external: ['electron'], banner: undefined, define: undefined }
    : {}),
  entryPoints: [join(root, e.in)],
  outfile: join(out, `${e.out}.cjs`),
})));
console.log(`CampusDesk: bundled ${entries.map((e) => `${e.out}.cjs`).join(', ')} into ${relative(root, out)}/ in ${Date.now() - started} ms`);
