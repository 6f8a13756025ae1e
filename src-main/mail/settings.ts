// The admin's mail settings (the `settings` table, key "mail", JSON): outgoing SMTP, incoming
// mail (an IMAP mailbox polled, or an SMTP listener of our own), whether mail from unknown
// senders opens tickets, and the link to the app used in emails. Passwords are stored so
// the hub can sign in to the mail servers, and are write-only through the API: `settings.get`
// answers `passwordSet: true|false` instead.
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { settings } from '../db/schema.ts';
import type { Core } from '../core/context.ts';
import { Email, Slug } from '../../src-shared/schemas.ts';

const Host = z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:\-[\]]+$/, { message: 'Host must be a host name or an IP address' });
const Port = z.number().int().min(0).max(65535);
const Secret = z.string().max(500);
const ShortText = z.string().trim().min(1).max(254);

export const SECURITY = ['starttls', 'tls', 'none'] as const;

export interface MailSettings {
  outgoing: { host: string | null; port: number; security: (typeof SECURITY)[number]; user: string | null; password: string | null; from: string | null };
  incoming: {
    mode: 'off' | 'imap' | 'smtp';
    /** The address replies go to (its +tag carries the reply token); default the from address. */
    address: string | null;
    imap: { host: string | null; port: number; security: 'tls' | 'starttls' | 'none'; user: string | null; password: string | null; mailbox: string; pollSeconds: number };
    smtp: { host: string; port: number };
  };
  unknownSenders: { openTickets: boolean; category: string | null };
  /** The app's address for links in emails (preferences, the ticket), e.g. https://helpdesk.campus.edu */
  appUrl: string | null;
}

export const DEFAULT_SETTINGS: MailSettings = {
  outgoing: { host: null, port: 587, security: 'starttls', user: null, password: null, from: null },
  incoming: {
    mode: 'off', address: null,
    imap: { host: null, port: 993, security: 'tls', user: null, password: null, mailbox: 'INBOX', pollSeconds: 60 },
    smtp: { host: '127.0.0.1', port: 2525 },
  },
  unknownSenders: { openTickets: false, category: null },
  appUrl: null,
};

/** What settings.update accepts: any part; null clears a value; an absent password stays. */
export const SettingsPatchSchema = z.strictObject({
  outgoing: z.strictObject({
    host: Host.nullable().optional(), port: Port.optional(), security: z.enum(SECURITY).optional(),
    user: ShortText.nullable().optional(), password: Secret.nullable().optional(), from: Email.nullable().optional(),
  }).optional(),
  incoming: z.strictObject({
    mode: z.enum(['off', 'imap', 'smtp']).optional(),
    address: Email.nullable().optional(),
    imap: z.strictObject({
      host: Host.nullable().optional(), port: Port.optional(), security: z.enum(['tls', 'starttls', 'none']).optional(),
      user: ShortText.nullable().optional(), password: Secret.nullable().optional(),
      mailbox: ShortText.optional(), pollSeconds: z.number().int().min(5).max(3600).optional(),
    }).optional(),
    smtp: z.strictObject({ host: Host.optional(), port: Port.optional() }).optional(),
  }).optional(),
  unknownSenders: z.strictObject({ openTickets: z.boolean().optional(), category: Slug.nullable().optional() }).optional(),
  appUrl: z.string().trim().max(500).url().regex(/^https?:\/\//i, { message: 'Must be an http(s) address' }).nullable().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

const FailureSchema = z.object({ id: z.number(), to: z.string(), kind: z.string(), ticketId: z.number().nullable(), attempts: z.number(), lastError: z.string().nullable(), at: z.string() });

/** What settings.get answers: the settings without secrets, plus the mail's state for admins. */
export const SettingsOutputSchema = z.object({
  outgoing: z.object({ host: z.string().nullable(), port: z.number(), security: z.enum(SECURITY), user: z.string().nullable(), passwordSet: z.boolean(), from: z.string().nullable() }),
  incoming: z.object({
    mode: z.enum(['off', 'imap', 'smtp']),
    address: z.string().nullable(),
    imap: z.object({ host: z.string().nullable(), port: z.number(), security: z.enum(['tls', 'starttls', 'none']), user: z.string().nullable(), passwordSet: z.boolean(), mailbox: z.string(), pollSeconds: z.number() }),
    smtp: z.object({ host: z.string(), port: z.number() }),
  }),
  unknownSenders: z.object({ openTickets: z.boolean(), category: z.string().nullable() }),
  appUrl: z.string().nullable(),
  status: z.object({
    pending: z.number(), failed: z.number(), sent: z.number(),
    /** The latest failed emails (gave up after every retry) and those still being retried. */
    problems: z.array(FailureSchema),
    /** The incoming side's last problem (a poll that failed, a listener that could not start). */
    incomingError: z.string().nullable(),
  }),
}).meta({ id: 'MailSettings' });
export type SettingsOutput = z.infer<typeof SettingsOutputSchema>;

const KEY = 'mail';

export function readSettings(core: Core): MailSettings {
  const row = core.db.select().from(settings).where(eq(settings.key, KEY)).get();
  if (!row) return structuredClone(DEFAULT_SETTINGS);
  try {
    const v = JSON.parse(row.value) as Partial<MailSettings>;
    const d = DEFAULT_SETTINGS;
    return {
      outgoing: { ...d.outgoing, ...v.outgoing },
      incoming: { ...d.incoming, ...v.incoming, imap: { ...d.incoming.imap, ...v.incoming?.imap }, smtp: { ...d.incoming.smtp, ...v.incoming?.smtp } },
      unknownSenders: { ...d.unknownSenders, ...v.unknownSenders },
      appUrl: v.appUrl ?? null,
    };
  } catch {
    return structuredClone(DEFAULT_SETTINGS);
  }
}

const defined = <T extends object>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

export function applyPatch(current: MailSettings, p: SettingsPatch): MailSettings {
  return {
    outgoing: { ...current.outgoing, ...defined(p.outgoing) },
    incoming: {
      ...current.incoming, ...defined({ mode: p.incoming?.mode, address: p.incoming?.address }),
      imap: { ...current.incoming.imap, ...defined(p.incoming?.imap) },
      smtp: { ...current.incoming.smtp, ...defined(p.incoming?.smtp) },
    },
    unknownSenders: { ...current.unknownSenders, ...defined(p.unknownSenders) },
    appUrl: p.appUrl === undefined ? current.appUrl : p.appUrl,
  };
}

export function writeSettings(core: Core, value: MailSettings): void {
  const now = core.clock.now();
  core.db.insert(settings).values({ key: KEY, value: JSON.stringify(value), updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(value), updatedAt: now } }).run();
}

/** The settings as admins see them: secrets as `passwordSet`. */
export function publicSettings(s: MailSettings): Omit<SettingsOutput, 'status'> {
  const { password: outPw, ...outgoing } = s.outgoing;
  const { password: inPw, ...imap } = s.incoming.imap;
  return {
    outgoing: { ...outgoing, passwordSet: !!outPw },
    incoming: { ...s.incoming, imap: { ...imap, passwordSet: !!inPw } },
    unknownSenders: s.unknownSenders,
    appUrl: s.appUrl,
  };
}

/** The mailbox replies go to (null: incoming mail not set up, so no Reply-To token address). */
export const replyMailbox = (s: MailSettings): string | null => s.incoming.address ?? s.outgoing.from;
