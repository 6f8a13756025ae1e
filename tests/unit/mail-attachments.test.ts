// Email in, the attachment step on its own (mail/attachments.ts): which parts of a parsed email
// are kept through the upload pipeline and what the note says about the others — the type by
// content whatever the name, at most 10 kept, a long list of refused parts cut to 20 names.
import { describe, expect, it } from 'vitest';
import { simpleParser, type Attachment } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { prepareMailAttachments, refusedNote } from '../../src-main/mail/attachments.ts';
import { pe, png, text } from '../attachments/fixtures.ts';

async function parsed(attachments: { filename: string; content: Buffer; cid?: string }[], html?: string) {
  const raw = await new MailComposer({ from: 'rita@campus.test', to: 'helpdesk@campus.test', subject: 'x', text: 'see attached', ...(html ? { html } : {}), attachments }).compile().build();
  return simpleParser(raw);
}

describe('email attachments', () => {
  it('keeps allowed files by content (an inline cid: image too), names the refused ones with the reason', async () => {
    const mail = await parsed([
      { filename: 'notes.txt', content: text() },
      { filename: 'invoice.png', content: pe() },
      { filename: 'pasted.png', content: await png(30, 20), cid: 'shot1@campus' },
    ], '<p>Look: <img src="cid:shot1@campus"></p>');
    const got = await prepareMailAttachments(mail.attachments);
    // In the order mailparser lists the parts (the inline image of multipart/related first).
    expect(got.files.map((f) => [f.name, f.type]).sort()).toEqual([['notes.txt', 'text/plain'], ['pasted.png', 'image/png']]);
    expect(got.refused).toEqual([{ name: 'invoice.png', reason: expect.stringMatching(/^Files of this kind \(exe\) cannot be attached/) }]);
    expect(refusedNote(got.refused)).toMatch(/^\[CampusDesk did not keep 1 attachment of this email:\n- “invoice\.png”: Files of this kind \(exe\)[^\n]*\]$/);
    expect(refusedNote([])).toBe('');
  });

  it('refuses a part over 10 MiB with the upload limit\'s words (the email\'s own limit keeps real ones smaller)', async () => {
    const big = { filename: 'scan.txt', content: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), contentType: 'text/plain' } as unknown as Attachment;
    const got = await prepareMailAttachments([big]);
    expect(got.files).toEqual([]);
    expect(got.refused).toEqual([{ name: 'scan.txt', reason: 'A file may be at most 10 MiB.' }]);
  });

  it('keeps at most 10 and names at most 20 refused parts, counting the rest', async () => {
    const exe = pe();
    const mail = await parsed(Array.from({ length: 33 }, (_, i) => ({ filename: `part-${i + 1}.txt`, content: i < 12 ? Buffer.from(`line ${i}\n`) : exe })));
    const got = await prepareMailAttachments(mail.attachments);
    expect(got.files).toHaveLength(10);
    expect(got.refused).toHaveLength(23);
    const note = refusedNote(got.refused);
    expect(note.startsWith('[CampusDesk did not keep 23 attachments of this email:\n- “part-11.txt”: At most 10 files are kept per message.\n')).toBe(true);
    expect(note.split('\n').filter((l) => l.startsWith('- “'))).toHaveLength(20);
    expect(note.endsWith('\n- and 3 more]')).toBe(true);
  });
});
