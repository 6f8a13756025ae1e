// Checking `window.campusdesk.saveFile(opts)` before the main process shows a save dialog
// (electron-free). The renderer suggests a file name and hands over the bytes or text; only
// a plain file name is accepted (the folder is the user's choice in the dialog).
import { basename } from 'node:path';
import { z } from 'zod';
import { validationError } from '../api/registry.ts';

/** Largest export accepted (a big chart PNG or a long CSV). */
export const MAX_SAVE_BYTES = 64 * 1024 * 1024;

const FileName = z.string().trim().min(1).max(200)
  .refine((s) => basename(s) === s && !/[\\/:*?"<>|\0]/.test(s) && s !== '.' && s !== '..', { message: 'Must be a plain file name' });

const SaveFileSchema = z.strictObject({
  defaultName: FileName,
  data: z.union([
    z.string().refine((s) => Buffer.byteLength(s) <= MAX_SAVE_BYTES, { message: 'Too large' }),
    z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_SAVE_BYTES, { message: 'Too large' }),
  ]),
  filters: z.array(z.strictObject({
    name: z.string().trim().min(1).max(100),
    extensions: z.array(z.string().regex(/^[A-Za-z0-9]{1,16}$|^\*$/, { message: 'An extension without the dot' })).min(1).max(20),
  })).max(20).optional(),
});

export type SaveFileRequest = z.infer<typeof SaveFileSchema>;

/** The validated options; VALIDATION (AppError) with one detail per bad field otherwise. */
export function parseSaveFileOptions(input: unknown): SaveFileRequest {
  const parsed = SaveFileSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** The bytes to write. */
export const saveFileBytes = (req: SaveFileRequest): Buffer =>
  typeof req.data === 'string' ? Buffer.from(req.data, 'utf8') : Buffer.from(req.data.buffer, req.data.byteOffset, req.data.byteLength);
