// The error codes of the public API (spec: Errors). Core code throws AppError; transports
// turn it into the envelope `{ error: { code, message, details } }` and a status code
// (codes, statuses and the envelope: src-shared/errors.ts).
import { ERROR_STATUS, type ErrorCode, type ErrorDetail, type ErrorEnvelope } from '../../src-shared/errors.ts';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toEnvelope(): ErrorEnvelope {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const validation = (message: string, details: ErrorDetail[] = []): AppError => new AppError('VALIDATION', message, details);
export const fieldError = (path: string, message: string): AppError => new AppError('VALIDATION', message, [{ path, message }]);
export const notFound = (what = 'That object does not exist.'): AppError => new AppError('NOT_FOUND', what);
export const forbidden = (message = 'Your role may not do this.'): AppError => new AppError('FORBIDDEN', message);
export const conflict = (message: string, details: ErrorDetail[] = []): AppError => new AppError('CONFLICT', message, details);
export const unauthenticated = (message = 'Sign in first: the session is missing, invalid or expired.'): AppError =>
  new AppError('UNAUTHENTICATED', message);

/** One VALIDATION error for these field details; its message names the field(s). */
export function invalidFields(details: ErrorDetail[]): AppError {
  const fields = details.map((d) => d.path || '(input)');
  const message = fields.length === 1
    ? `The input is not valid: ${details[0]?.path || 'input'}: ${details[0]?.message ?? 'invalid'}.`
    : `The input is not valid in ${fields.length} fields: ${fields.join(', ')}.`;
  return new AppError('VALIDATION', message, details);
}

/**
 * Collects the VALIDATION details of several independent field checks, so that one answer
 * names every offending field: `check` runs one (undefined when it failed), `throwIfAny` ends.
 */
export class FieldChecks {
  readonly details: ErrorDetail[] = [];
  check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
      this.details.push(...err.details);
      return undefined;
    }
  }
  throwIfAny(): void {
    // One problem keeps its own message (as if checked alone); several are summed up.
    if (this.details.length === 1) throw new AppError('VALIDATION', this.details[0]!.message, this.details);
    if (this.details.length > 1) throw invalidFields(this.details);
  }
}

/** Any thrown value as an AppError; unknown errors become INTERNAL (and are logged by the caller). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('INTERNAL', 'Something went wrong on the server; the error was logged.');
}
