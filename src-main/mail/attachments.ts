// Email in: the attachments of a received reply, stored through the same pipeline as
// POST /api/v1/files (core/files.ts prepareFile: type by content against the allowlist,
// photos without EXIF, the 10 MiB limit, the content-addressed store) before the receiver's
// write transaction, which then attaches them to the new message (attachStored).
//
// - Every MIME part mailparser reports as an attachment counts, inline images of an HTML mail
//   (cid:) included: a screenshot pasted into an Outlook or Apple Mail message arrives that
//   way, and the stored text of a reply is plain text, so an inline image would otherwise be
//   lost. (A signature logo is kept too; it is small and visibly a logo.)
// - At most MAX_ATTACHMENTS files per message, in the order of the email; a refused one
//   (type not allowed, too large, beyond the limit, damaged image) is listed by name and
//   reason in a line appended to the message's text, so the agent reading it knows what
//   did not arrive. The reply itself is always added.
// - The files are stored as unattached uploads of nobody: if the transaction does not attach
//   them (a duplicate delivery, a rejected reply, a crash) they are discarded at once, and
//   what a crash leaves behind is removed by the 24-hour clean-up of unattached uploads.
import type { Attachment } from 'mailparser';
import type { Core } from '../core/context.ts';
import { AppError } from '../core/errors.ts';
import { MAX_ATTACHMENTS, prepareFile, storePrepared, type PreparedFile } from '../core/files.ts';

/** Refused attachments named one by one in the note (an email with hundreds gets a count for the rest). */
const MAX_LISTED = 20;

export interface RefusedAttachment { name: string; reason: string }
export interface PreparedMailFiles { files: PreparedFile[]; refused: RefusedAttachment[] }

const nameOf = (a: Attachment, i: number): string => a.filename?.trim() || `attachment ${i + 1} (${a.contentType})`;

function reasonOf(err: unknown): string {
  if (err instanceof AppError) return err.details[0]?.message ?? err.message;
  return 'It could not be read.';
}

/** The file work (type detection, sharp) for an email's attachments; no database writes. */
export async function prepareMailAttachments(attachments: readonly Attachment[]): Promise<PreparedMailFiles> {
  const files: PreparedFile[] = [];
  const refused: RefusedAttachment[] = [];
  for (const [i, a] of attachments.entries()) {
    const name = nameOf(a, i);
    if (files.length >= MAX_ATTACHMENTS) {
      refused.push({ name, reason: `At most ${MAX_ATTACHMENTS} files are kept per message.` });
      continue;
    }
    try {
      files.push(await prepareFile(Buffer.from(a.content), a.filename?.trim() || null));
    } catch (err) {
      refused.push({ name, reason: reasonOf(err) });
    }
  }
  return { files, refused };
}

/** Stores the prepared files as unattached uploads (synchronous); returns their ids. */
export function storeMailAttachments(core: Core, files: readonly PreparedFile[]): number[] {
  return files.map((f) => storePrepared(core, null, f).id);
}

/** The line appended to the message's text for attachments that were not kept ('' if none). */
export function refusedNote(refused: readonly RefusedAttachment[]): string {
  if (refused.length === 0) return '';
  const head = refused.length === 1
    ? 'CampusDesk did not keep 1 attachment of this email:'
    : `CampusDesk did not keep ${refused.length} attachments of this email:`;
  const listed = refused.slice(0, MAX_LISTED).map((r) => `- “${r.name.slice(0, 200)}”: ${r.reason}`);
  if (refused.length > MAX_LISTED) listed.push(`- and ${refused.length - MAX_LISTED} more`);
  return [`[${head}`, ...listed].join('\n') + ']';
}
