// Dates in the person's locale (Intl), relative times ("3 h ago"), and the labels of the
// API's vocabularies. Shared by every screen.
import type { Priority, Status } from '../src-shared/domain.ts';

const locale = (): string | undefined => (typeof navigator !== 'undefined' ? navigator.language : undefined);

let dateTimeFmt: Intl.DateTimeFormat | null = null;
let dateFmt: Intl.DateTimeFormat | null = null;
let relFmt: Intl.RelativeTimeFormat | null = null;
let nowFmt: Intl.RelativeTimeFormat | null = null;

/** "12 Mar 2026, 14:05" in the person's locale and time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  dateTimeFmt ??= new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' });
  return dateTimeFmt.format(new Date(iso));
}

/** "12 Mar 2026" in the person's locale. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  dateFmt ??= new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' });
  return dateFmt.format(new Date(iso));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600], ['month', 30 * 24 * 3600], ['week', 7 * 24 * 3600],
  ['day', 24 * 3600], ['hour', 3600], ['minute', 60],
];

/** "3 hr. ago", "in 2 days", "just now" — in the person's locale. */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '—';
  // "3 wk ago" rather than "last wk" (numeric), but "now" for the last few seconds.
  relFmt ??= new Intl.RelativeTimeFormat(locale(), { numeric: 'always', style: 'narrow' });
  nowFmt ??= new Intl.RelativeTimeFormat(locale(), { numeric: 'auto', style: 'narrow' });
  const seconds = (Date.parse(iso) - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 45) return nowFmt.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (abs >= size * 0.95 || unit === 'minute') return relFmt.format(Math.round(seconds / size), unit);
  }
  return relFmt.format(Math.round(seconds / 60), 'minute');
}

export const STATUS_LABEL: Record<Status, string> = {
  open: 'Open', in_progress: 'In progress', waiting: 'Waiting', resolved: 'Resolved', closed: 'Closed',
};
export const PRIORITY_LABEL: Record<Priority, string> = {
  low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent',
};
export const ROLE_LABEL = { reporter: 'Reporter', agent: 'Agent', admin: 'Admin' } as const;

/** A date input's value (yyyy-mm-dd, local) as the ISO instant of local midnight. */
export function localDayStart(day: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The ISO instant of the local midnight after `day` (for an inclusive "to" date). */
export function localDayEnd(day: string): string | undefined {
  const start = localDayStart(day);
  if (!start) return undefined;
  const d = new Date(start);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
}
