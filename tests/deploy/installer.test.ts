// The installers: electron-builder.yml validates against electron-builder's own JSON schema
// (node_modules/app-builder-lib/scheme.json, with ajv), has every target the issue asks for,
// packs every file the packaged main process reads at run time, unpacks better-sqlite3 from
// the asar archive, and sets the production fuses in its afterPack hook. Building and
// launching the AppImage needs the Electron runtime: where it is missing, that test is
// skipped with the reason.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, matchesGlob } from 'node:path';
import { createRequire } from 'node:module';
import { FuseV1Options } from '@electron/fuses';
import { findElectron } from '../../src-main/cli/electron-runtime.ts';
import { ROOT } from './support.ts';

const require = createRequire(import.meta.url);
// electron-builder's own dependencies: its YAML parser and JSON-schema validator.
const yaml = require(require.resolve('js-yaml', { paths: [join(ROOT, 'node_modules/app-builder-lib')] })) as { load(text: string): unknown };
const Ajv = require(require.resolve('ajv', { paths: [join(ROOT, 'node_modules/app-builder-lib')] })) as new (opts: object) => { addKeyword(k: string): void; compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] } };

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  afterPack: string;
  linux: { target: string[]; executableName: string };
  win: { target: string[] };
  nsis: { oneClick: boolean; perMachine: boolean };
  mac: { target: string[] };
  [key: string]: unknown;
}
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** electron-builder's `files` semantics: included by a positive pattern and not excluded by a later `!` pattern. */
function packed(file: string): boolean {
  let inside = false;
  for (const pattern of config.files) {
    if (pattern.startsWith('!')) { if (matchesGlob(file, pattern.slice(1))) inside = false; }
    else if (matchesGlob(file, pattern)) inside = true;
  }
  return inside;
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder\'s own schema (and the check catches a mistake)', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    ajv.addKeyword('typeof');
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, nsis: { ...config.nsis, perMachine: 'sometimes' } })).toBe(false);
    expect(validate({ ...config, noSuchOption: true })).toBe(false);
  });

  it('builds AppImage and deb, NSIS with a per-machine choice, and dmg', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    // Assisted installer without a fixed scope: it offers "for all users" (per machine).
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(config.mac.target).toContain('dmg');
  });

  it('packs every file the packaged main process reads at run time, and unpacks better-sqlite3', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    const migrations = readdirSync(join(ROOT, 'drizzle'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(ROOT.length + 1));
    expect(migrations).toContain('drizzle/meta/_journal.json');
    const needed = [
      'package.json', pkg.main, 'dist-electron/preload.cjs', 'dist-electron/analytics-worker.cjs',
      'dist/renderer/index.html', 'dist/renderer/kiosk.html', 'dist/renderer/assets/index-abc123.js',
      ...migrations,
    ];
    expect(pkg.main).toBe('dist-electron/main.cjs');
    expect(needed.filter((f) => !packed(f))).toEqual([]);
    expect(packed('dist-electron/main.cjs.map')).toBe(false);
    expect(packed('src-main/desktop/main.ts')).toBe(false);
    expect(config.asarUnpack.some((p) => matchesGlob('node_modules/better-sqlite3/build/Release/better_sqlite3.node', p))).toBe(true);
    // paths.ts finds the app folder by package.json + drizzle/ (both inside the archive).
    expect(readFileSync(join(ROOT, 'src-main/paths.ts'), 'utf8')).toMatch(/existsSync\(join\(dir, 'package\.json'\)\) && existsSync\(join\(dir, 'drizzle'\)\)/);
  });

  it('sets the production fuses in its afterPack hook', async () => {
    expect(config.afterPack).toBe('scripts/after-pack.mjs');
    expect(config.electronFuses).toBeUndefined();
    const hook = await import(join(ROOT, config.afterPack)) as { FUSES: Record<number, boolean>; default: unknown; electronBinary(c: object): string };
    expect(typeof hook.default).toBe('function');
    expect(hook.FUSES).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    });
    const ctx = (platform: string) => ({ electronPlatformName: platform, appOutDir: '/out', packager: { appInfo: { productFilename: 'CampusDesk' }, executableName: 'campusdesk' } });
    expect(hook.electronBinary(ctx('linux'))).toBe('/out/campusdesk');
    expect(hook.electronBinary(ctx('win32'))).toBe('/out/CampusDesk.exe');
    expect(hook.electronBinary(ctx('darwin'))).toBe('/out/CampusDesk.app');
  });
});

const runtime = findElectron();
const why = runtime.ok ? null : `the Electron runtime is not available here (${runtime.reason})`;
if (why) console.log(`skipped: building and launching the AppImage: ${why}`);

describe('the Linux AppImage', () => {
  it.skipIf(!!why || process.platform !== 'linux')('builds with npm run dist and starts', () => {
    const out = mkdtempSync(join(tmpdir(), 'campusdesk-dist-'));
    try {
      const build = spawnSync('npm', ['run', 'dist', '--', '--linux', 'AppImage', `-c.directories.output=${out}`], { cwd: ROOT, encoding: 'utf8', timeout: 540_000 });
      expect(build.status, build.stderr).toBe(0);
      const image = readdirSync(out).find((f) => f.endsWith('.AppImage'));
      expect(image).toBeDefined();
      const run = spawnSync(join(out, image!), ['--appimage-extract-and-run', '--no-sandbox', '--version'], { encoding: 'utf8', timeout: 60_000 });
      expect(run.error).toBeUndefined();
      expect(existsSync(join(out, image!))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 600_000);
});
