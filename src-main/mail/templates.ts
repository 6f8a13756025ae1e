// The emails' words: one subject, plain text and HTML per notification type, and a digest
// when several changes to one ticket for one recipient are sent together. Text comes only
// from the payload captured at the change (outbox.ts); an internal note's payload is only
// ever written for staff recipients (core/notifications.ts), so nothing here can leak one.
// Attachments are never attached to an email: each change's files (mail/file-links.ts) are
// listed by name, type and size, for users with a link into the app that opens the file after
// sign-in; for kiosk contacts (no account) with where the files are kept.
import type { MailPayload } from '../core/notifications-outbox.ts';
import { fileLink, type MailFile } from './file-links.ts';

export interface RenderContext {
  /** The app's address, for links (null: no links, the email says where to look instead). */
  appUrl: string | null;
  /** Whether replies to this email reach the ticket (incoming mail is set up). */
  repliesWork: boolean;
  /** The files of each item (same order as the items; missing: none). */
  files?: readonly (readonly MailFile[])[];
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const status = (s: string | undefined): string => (s ?? '').replace('_', ' ');

/** One change as a heading and its paragraphs. */
function describe(p: MailPayload): { title: string; lines: string[] } {
  const t = p.ticket;
  const who = p.actor ?? 'The helpdesk';
  switch (p.type) {
    case 'ticket.created':
      if (p.confirmation) {
        const lines = [`We received your report and opened ticket #${t.id} (${t.categoryName}).`];
        if (t.reference) lines.push(`Your kiosk reference is ${t.reference}: with the ticket number it lets you look the ticket up at any kiosk.`);
        return { title: `Ticket #${t.id} opened`, lines: [...lines, `You wrote:`, p.body ?? ''] };
      }
      return { title: `New ticket #${t.id} in ${t.categoryName} (${t.priority})`, lines: [p.body ?? ''] };
    case 'ticket.assigned':
      return { title: `${who} assigned ticket #${t.id} to you`, lines: [p.body ?? ''] };
    case 'ticket.reply':
      return { title: `${who} replied on ticket #${t.id}`, lines: [p.body ?? ''] };
    case 'ticket.note':
      return { title: `${who} added an internal note on ticket #${t.id}`, lines: ['(Internal: staff only.)', p.body ?? ''] };
    case 'ticket.status': {
      const lines = [`${who} changed the status of ticket #${t.id} to ${status(p.status)}.`];
      if (p.status === 'resolved' || p.status === 'closed') {
        lines.push(p.audience === 'contact'
          ? 'If the problem is not solved, reply to this email and the helpdesk will take it up again.'
          : 'If the problem is not solved, reply to this email, or open the ticket in CampusDesk and choose "Reopen".');
      }
      return { title: `Ticket #${t.id} is ${status(p.status)}`, lines };
    }
  }
}

export function renderMail(items: readonly MailPayload[], ctx: RenderContext): RenderedMail {
  const first = items[0];
  if (!first) throw new Error('renderMail: nothing to render');
  const t = items[items.length - 1]!.ticket;
  const parts = items.map(describe);
  const subject = items.length === 1
    ? `[#${t.id}] ${parts[0]!.title}: ${t.subject}`
    : `[#${t.id}] ${items.length} updates: ${t.subject}`;
  const greeting = first.recipientName ? `Hello ${first.recipientName},` : 'Hello,';
  // The app routes in the hash (the renderer's HashRouter): a path like /tickets/1 would not open the ticket.
  const ticketLink = ctx.appUrl && first.audience !== 'contact' ? `${ctx.appUrl.replace(/\/$/, '')}/#/tickets/${t.id}` : null;
  const prefsLink = ctx.appUrl && first.audience !== 'contact' ? `${ctx.appUrl.replace(/\/$/, '')}/#/account` : null;
  const footer: string[] = [];
  if (ctx.repliesWork) footer.push('Reply to this email to answer on the ticket (keep the address as it is).');
  if (ticketLink) footer.push(`Open the ticket: ${ticketLink}`);
  footer.push(prefsLink ? `Choose which emails you get: ${prefsLink}` : first.audience === 'contact'
    ? 'You get these emails because you left this address with a report at a campus kiosk.'
    : 'Choose which emails you get under "My account" in CampusDesk.');
  const contact = first.audience === 'contact';
  const filesOf = (i: number): readonly MailFile[] => ctx.files?.[i] ?? [];
  const linkOf = (f: MailFile): string | null => (ctx.appUrl && !contact ? fileLink(ctx.appUrl, f.id, t.id) : null);
  const filesHeading = (n: number): string => (n === 1 ? 'Attached file:' : `Attached files (${n}):`);
  const anyFiles = items.some((_, i) => filesOf(i).length > 0);
  const whereFiles = !anyFiles ? null
    : contact ? 'The files are kept with your ticket at the helpdesk. If you need a copy, reply to this email or ask at the helpdesk.'
      : ctx.appUrl ? 'The links open the files in CampusDesk after you sign in.'
        : 'Open the ticket in CampusDesk to see the files.';
  const fileText = (i: number): string[] => {
    const list = filesOf(i);
    if (list.length === 0) return [];
    return [filesHeading(list.length), ...list.map((f) => { const l = linkOf(f); return `- ${f.name} (${f.description})${l ? `: ${l}` : ''}`; }), ''];
  };

  const text = [
    greeting, '',
    ...parts.flatMap((p, i) => [items.length > 1 ? `${i + 1}. ${p.title}` : p.title, ...p.lines.map((l) => l), '', ...fileText(i)]),
    ...(whereFiles ? [whereFiles, ''] : []),
    '-- ', `CampusDesk · ticket #${t.id}: ${t.subject}`, ...footer,
  ].join('\n');

  const para = (s: string) => `<p style="white-space:pre-wrap;margin:0 0 12px">${escapeHtml(s)}</p>`;
  const link = (label: string, href: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  const fileHtml = (i: number): string => {
    const list = filesOf(i);
    if (list.length === 0) return '';
    const li = list.map((f) => {
      const l = linkOf(f);
      return `<li>${l ? link(f.name, l) : escapeHtml(f.name)} <span style="color:#555">(${escapeHtml(f.description)})</span></li>`;
    }).join('');
    return `<p style="margin:0 0 4px">${escapeHtml(filesHeading(list.length))}</p><ul style="margin:0 0 12px">${li}</ul>`;
  };
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;font-size:15px;color:#1a1a1a">',
    para(greeting),
    ...parts.map((p, i) => `<h3 style="margin:16px 0 8px">${escapeHtml(p.title)}</h3>${p.lines.map(para).join('')}${fileHtml(i)}`),
    whereFiles ? `<p style="color:#555;font-size:13px">${escapeHtml(whereFiles)}</p>` : '',
    '<hr style="border:none;border-top:1px solid #ccc">',
    `<p style="color:#555;font-size:13px">CampusDesk · ticket #${t.id}: ${escapeHtml(t.subject)}<br>`,
    footer.map((f) => {
      if (ticketLink && f.endsWith(ticketLink)) return link('Open the ticket', ticketLink);
      if (prefsLink && f.endsWith(prefsLink)) return link('Choose which emails you get', prefsLink);
      return escapeHtml(f);
    }).join('<br>'),
    '</p></body></html>',
  ].join('');
  return { subject, text, html };
}

export function renderTestMail(): RenderedMail {
  const text = 'This is a test email from CampusDesk: outgoing mail works.';
  return { subject: 'CampusDesk test email', text, html: `<p>${text}</p>` };
}
