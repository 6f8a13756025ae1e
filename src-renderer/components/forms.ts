// Form state validated with the API's own zod schemas (src-shared/schemas.ts), so the
// messages shown before submitting are the ones the API would answer. Errors show once a
// field was left or a submit was attempted; server VALIDATION details map onto fields.
import { useCallback, useMemo, useState, type ChangeEvent } from 'react';
import type { z } from 'zod';
import type { ApiError } from '../api/client.ts';

export type Schemas<T> = { [K in keyof T]?: z.ZodType };

export function firstIssue(schema: z.ZodType, value: unknown): string | undefined {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error.issues[0]?.message;
}

export interface FieldProps {
  name: string;
  value: string;
  onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
  onBlur: () => void;
  error: boolean;
  helperText: string | undefined;
}

export function useForm<T extends Record<string, string>>(schemas: Schemas<T>, initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [touched, setTouched] = useState<Partial<Record<keyof T, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<keyof T, string>>>({});

  const errors = useMemo(() => {
    const out: Partial<Record<keyof T, string>> = {};
    for (const key of Object.keys(schemas) as (keyof T)[]) {
      const schema = schemas[key];
      if (!schema) continue;
      const msg = firstIssue(schema, values[key]);
      if (msg) out[key] = msg;
    }
    return out;
  }, [schemas, values]);

  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setServerErrors((s) => (s[key] ? { ...s, [key]: undefined } : s));
  }, []);

  const shownError = (key: keyof T): string | undefined =>
    serverErrors[key] ?? (touched[key] || submitted ? errors[key] : undefined);

  /** Props for a TextField; `hint` is shown while there is no error (e.g. a character count). */
  const field = (key: keyof T & string, hint?: string): FieldProps => {
    const msg = shownError(key);
    return {
      name: key,
      value: values[key] ?? '',
      onChange: (e) => set(key, e.target.value as T[typeof key]),
      onBlur: () => setTouched((t) => ({ ...t, [key]: true })),
      error: !!msg,
      helperText: msg ?? hint,
    };
  };

  /** Marks the form submitted; true when every field is valid. */
  const validate = (): boolean => {
    setSubmitted(true);
    return Object.keys(errors).length === 0;
  };

  /** Puts the API's VALIDATION details on the matching fields; true when any matched. */
  const applyServerError = (err: ApiError): boolean => {
    if (err.code !== 'VALIDATION') return false;
    const next: Partial<Record<keyof T, string>> = {};
    let matched = false;
    for (const d of err.details) {
      if (d.path in values) { next[d.path as keyof T] = d.message; matched = true; }
    }
    setServerErrors(next);
    return matched;
  };

  const reset = (to: T = initial) => {
    setValues(to);
    setTouched({});
    setSubmitted(false);
    setServerErrors({});
  };

  return { values, set, field, errors, validate, applyServerError, reset, setServerErrors };
}

/** "123 / 200" for long fields. */
export const counter = (value: string, max: number): string => `${value.trim().length.toLocaleString()} / ${max.toLocaleString()}`;
