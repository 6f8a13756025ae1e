// ESLint (flat config) for the whole repository: typescript-eslint with type information,
// the React hooks rules for the renderer, and the import boundaries of the architecture
// (README, "Architecture"):
// - src-main/core/ imports only src-main/db/, src-shared/ and libraries;
// - only src-main/desktop/ imports `electron`;
// - src-renderer/ reaches the main side only through src-shared/;
// - src-shared/ imports nothing from src-main/ or src-renderer/.
// The boundaries are `no-restricted-imports` patterns on the import as written (relative
// paths), generated per folder depth below, so every way of spelling a path is covered.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const ELECTRON = {
  name: 'electron',
  message: 'Only src-main/desktop/ may import electron: everything else runs under plain Node (hub, CLI, tests).',
};

/** `../` repeated n times, as a regex source. */
const up = (n) => String.raw`\.\./`.repeat(n);

/**
 * Patterns for a file `depth` folders below src-main/core/ (1: core/x.ts, 2: core/tickets/x.ts):
 * leaving core is allowed only into src-main/db/ or src-shared/.
 */
function corePatterns(depth) {
  const message = 'core/ may import only src-main/db/, src-shared/ and libraries (no api/, transport/, analytics/, desktop/, cli/ …): move shared code into src-shared/ or pass it in.';
  return [
    // into a sibling of core/ inside src-main/ other than db/ (or a file at src-main/'s top)
    { regex: String.raw`^${up(depth)}(?!db/|core/|\.\./)`, message },
    // into a top-level folder other than src-shared/
    { regex: String.raw`^${up(depth + 1)}(?!src-shared/|\.\./)`, message },
    // out of the repository
    { regex: String.raw`^${up(depth + 2)}`, message },
  ];
}

const RENDERER_PATTERNS = [{
  regex: String.raw`(^|/)src-main(/|$)`,
  message: 'src-renderer/ may reach the main side only through src-shared/ (domain, schemas, errors, procedure types): move what both sides need there.',
}];

const SHARED_PATTERNS = [{
  regex: String.raw`(^|/)(src-main|src-renderer)(/|$)`,
  message: 'src-shared/ is imported by both sides and imports nothing from src-main/ or src-renderer/.',
}];

const restrict = (patterns, paths = [ELECTRON]) => ['error', { paths, patterns }];

export default defineConfig(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', 'coverage/**', 'drizzle/**', '**/*.d.ts.map'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // Values in template literals are numbers and strings by construction; the rule's
      // default also rejects numbers, which is most of what we interpolate.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      // The handlers of Node's and Electron's event emitters may be async (errors are caught inside).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      // Boundaries: electron only in the desktop shell (overridden per folder below).
      // react-router's navigate() may return a promise that never rejects.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'react-router', name: 'NavigateFunction' }] }],
      'no-restricted-imports': restrict([]),
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read untyped JSON answers and check them field by field; a wrong field fails the
    // test itself. The remaining type-aware rules (floating promises above all) stay on.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['src-main/desktop/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-main/core/*.ts'],
    rules: { 'no-restricted-imports': restrict(corePatterns(1)) },
  },
  {
    files: ['src-main/core/*/*.ts'],
    rules: { 'no-restricted-imports': restrict(corePatterns(2)) },
  },
  {
    files: ['src-main/core/*/*/*.ts'],
    rules: { 'no-restricted-imports': restrict(corePatterns(3)) },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The two classic hooks rules. The plugin's React Compiler rules (refs, purity,
      // set-state-in-effect, …) judge code for the compiler, which this app does not use.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': restrict(RENDERER_PATTERNS),
    },
  },
  {
    files: ['src-shared/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: { 'no-restricted-imports': restrict(SHARED_PATTERNS) },
  },
);
