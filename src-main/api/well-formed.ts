// Text must be well-formed (spec 1.1, "Robustness of the transport"): every string of a
// procedure's input, object keys included, is checked here for lone surrogates before the
// input reaches its schema, so what a call acknowledges is exactly what is stored. The
// registry calls this for every transport (HTTP, IPC, tests, command line).
import type { ErrorDetail } from '../../src-shared/errors.ts';

const MESSAGE = 'Text must be well-formed Unicode (it holds a lone surrogate)';

// ES2024 String methods (Node 20+, every browser we ship to); the project's lib setting predates them.
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };
const isWellFormed = (s: string): boolean => (s as Es2024String).isWellFormed();
const toWellFormed = (s: string): string => (s as Es2024String).toWellFormed();

/** One detail per string (or key) in `input` that is not well-formed, at its dotted path. */
export function illFormedText(input: unknown, limit = 20): ErrorDetail[] {
  const found: ErrorDetail[] = [];
  // Iterative walk: deeply nested input must not overflow the stack.
  const stack: { value: unknown; path: string }[] = [{ value: input, path: '' }];
  const seen = new Set<object>();
  const at = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  while (stack.length > 0 && found.length < limit) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) found.push({ path, message: MESSAGE });
    } else if (typeof value === 'object' && value !== null && !seen.has(value)) {
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: at(path, i) });
      } else {
        const keys = Object.keys(value);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i]!;
          if (!isWellFormed(key)) found.push({ path: at(path, toWellFormed(key)), message: MESSAGE });
          else stack.push({ value: (value as Record<string, unknown>)[key], path: at(path, key) });
        }
      }
    }
  }
  return found.slice(0, limit);
}
