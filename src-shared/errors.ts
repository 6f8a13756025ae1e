// The API's error vocabulary (spec: Errors), defined once for both sides: the codes with their
// HTTP statuses, the error object `{ code, message, details }`, the HTTP envelope
// `{ error: … }` and the IPC reply `{ ok, result | error }`. Core code throws AppError
// (src-main/core/errors.ts); the transports send these shapes; the renderer reads them.
import { z } from 'zod';

export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** One offending field: its dotted path ('' for the input as a whole) and what is wrong. */
export interface ErrorDetail {
  path: string;
  message: string;
  [extra: string]: unknown;
}

/** The error object every failure carries, over HTTP and IPC alike. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details: ErrorDetail[];
}

/** An HTTP error response's body. */
export interface ErrorEnvelope {
  error: ApiErrorBody;
}

/** What the desktop app's main process answers an IPC call with (Electron would reduce a thrown error to its message). */
export type IpcResult<T = unknown> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

/** The envelope as a schema (the OpenAPI document's `Error`). */
export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.looseObject({ path: z.string(), message: z.string() })),
  }),
}).meta({ id: 'Error' });
