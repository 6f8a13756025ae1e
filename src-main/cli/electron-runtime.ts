// Finding a usable Electron runtime without importing `electron` (whose index.js tries to
// download the binary when it is missing — offline machines would hang or print pages of
// errors). Used by `npm start` (fall back to the hub) and by the Electron tests (skip, with
// the reason). Order: CAMPUSDESK_ELECTRON (a binary), then node_modules/electron (its
// path.txt, honouring ELECTRON_OVERRIDE_DIST_PATH); the binary must exist and run.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronRuntime =
  | { ok: true; path: string; version: string }
  | { ok: false; reason: string };

export interface FindElectronOptions {
  env?: NodeJS.ProcessEnv;
  /** Run the binary (as Node) to prove it starts: default true. */
  probe?: boolean;
}

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The binary the electron package would use, or why there is none (no download attempted). */
function binaryFromPackage(env: NodeJS.ProcessEnv): { path: string } | { reason: string } {
  const dir = electronPackageDir();
  if (!dir) return { reason: 'the electron package is not installed (npm install)' };
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return { path: join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron') };
  if (!relative) return { reason: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)' };
  return { path: join(dir, 'dist', relative) };
}

export function findElectron(opts: FindElectronOptions = {}): ElectronRuntime {
  const env = opts.env ?? process.env;
  let path: string;
  if (env.CAMPUSDESK_ELECTRON) {
    path = env.CAMPUSDESK_ELECTRON;
    if (!existsSync(path)) return { ok: false, reason: `CAMPUSDESK_ELECTRON=${path} does not exist` };
  } else {
    const found = binaryFromPackage(env);
    if ('reason' in found) return { ok: false, reason: found.reason };
    path = found.path;
    if (!existsSync(path)) return { ok: false, reason: `the Electron binary ${path} is missing (its download did not finish)` };
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { ok: false, reason: `${path} is not executable` };
  }
  if (opts.probe === false) return { ok: true, path, version: 'unknown' };
  // As Node (no window, no display needed): proves the binary and its libraries load.
  const run = spawnSync(path, ['-e', 'process.stdout.write(process.versions.electron ?? "")'], {
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (run.error) return { ok: false, reason: `${path} does not start (${run.error.message})` };
  const version = run.stdout.trim();
  if (run.status !== 0 || !version) {
    const why = (run.stderr || '').trim().split('\n')[0] || `exit code ${run.status ?? run.signal}`;
    return { ok: false, reason: `${path} does not run (${why})` };
  }
  return { ok: true, path, version };
}

/** On Linux a window needs X11 or Wayland; null when there is one (or on other systems). */
export function displayProblem(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
}

/** Chromium refuses to run as root with its sandbox on; such runs need --no-sandbox. */
export const runningAsRoot = (): boolean => process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0;
