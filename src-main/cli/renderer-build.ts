// Building the renderer on demand for `npm run serve` (and `npm start`): when dist/renderer is
// missing or older than src-renderer/ and vite.config.ts, run `vite build` once, so a fresh
// clone serves the UI too. In an installed copy without the sources nothing is built.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot, rendererFolder } from '../paths.ts';

/** The newest modification time below `dir` (skipping node_modules), 0 if it does not exist. */
export function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let latest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.parentPath.includes('node_modules')) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

export type RendererState = 'fresh' | 'built' | 'stale-kept' | 'missing';

/** Builds the renderer when it is missing or stale; says what it did through `say`. */
export function ensureRenderer(say: (m: string) => void): RendererState {
  const root = appRoot();
  const index = join(rendererFolder(), 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const config = join(root, 'vite.config.ts');
  if (!existsSync(join(root, 'src-renderer')) || !existsSync(vite) || !existsSync(config)) return built ? 'fresh' : 'missing';
  const sources = Math.max(newest(join(root, 'src-renderer')), statSync(config).mtimeMs);
  if (built >= sources) return 'fresh';
  say(built ? 'the renderer changed; rebuilding it…' : 'building the renderer (first start)…');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status === 0) return 'built';
  return built ? 'stale-kept' : 'missing';
}
