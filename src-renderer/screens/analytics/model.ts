// The analytics screen's model, without React: period presets → API inputs, units for
// durations, labels of buckets. Pure functions (unit-tested in tests/analytics).
import { twelveMonthsBefore, type Bucket } from '../../../src-shared/period.ts';

export { twelveMonthsBefore };

export const PRESETS = [
  { id: '24h', label: 'Last 24 h' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '12m', label: 'Last 12 months' },
  { id: 'custom', label: 'Custom range' },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];

export interface PeriodChoice {
  preset: PresetId;
  /** Custom range: ISO instants (from inclusive, to exclusive). */
  from?: string;
  to?: string;
  /** Custom bucket; undefined = the API's default for the range. */
  bucket?: Bucket;
  /** Category slug, or undefined for all. */
  category?: string;
}

export interface PeriodInputs {
  /** Input of analytics.ticketsByPeriod / analytics.backlog. */
  period: { last?: string; from?: string; to?: string; bucket?: Bucket; category?: string };
  /** The same range for resolutionTime / firstResponse. */
  range: { from: string; to: string };
}

const DAY = 86_400_000;

/** The API inputs of a period choice at instant `now`; null while a custom range is incomplete or reversed. */
export function periodInputs(choice: PeriodChoice, now: number): PeriodInputs | null {
  const iso = (t: number) => new Date(t).toISOString();
  const category = choice.category ? { category: choice.category } : {};
  switch (choice.preset) {
    case '24h': return { period: { last: '24h', ...category }, range: { from: iso(now - DAY), to: iso(now) } };
    case '7d': return { period: { last: '7d', ...category }, range: { from: iso(now - 7 * DAY), to: iso(now) } };
    case '30d': return { period: { last: '30d', ...category }, range: { from: iso(now - 30 * DAY), to: iso(now) } };
    case '12m': {
      const from = iso(twelveMonthsBefore(now));
      return { period: { from, to: iso(now), bucket: 'month', ...category }, range: { from, to: iso(now) } };
    }
    case 'custom': {
      if (!choice.from || !choice.to || Date.parse(choice.from) > Date.parse(choice.to)) return null;
      return {
        period: { from: choice.from, to: choice.to, ...(choice.bucket ? { bucket: choice.bucket } : {}), ...category },
        range: { from: choice.from, to: choice.to },
      };
    }
  }
}

/** A unit for showing durations of about this many seconds: minutes, hours or days. */
export function durationUnit(maxSeconds: number): { name: 'minutes' | 'hours' | 'days'; seconds: number } {
  if (maxSeconds < 2 * 3600) return { name: 'minutes', seconds: 60 };
  if (maxSeconds < 3 * 86_400) return { name: 'hours', seconds: 3600 };
  return { name: 'days', seconds: 86_400 };
}

/** "45 min", "3.2 h", "4.5 d", "—" for null. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const abs = Math.abs(seconds);
  if (abs < 60) return `${Math.round(seconds)} s`;
  if (abs < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (abs < 3 * 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** A bucket's label on the time axis, in UTC like the buckets themselves. */
export function bucketLabel(iso: string, bucket: Bucket, locale?: string): string {
  const d = new Date(iso);
  const opts: Intl.DateTimeFormatOptions =
    bucket === 'hour' ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }
      : bucket === 'month' ? { month: 'short', year: 'numeric', timeZone: 'UTC' }
        : { month: 'short', day: 'numeric', year: '2-digit', timeZone: 'UTC' };
  const text = new Intl.DateTimeFormat(locale, opts).format(d);
  return bucket === 'week' ? `Week of ${text}` : text;
}

export const BUCKET_NAME: Record<Bucket, string> = { hour: 'hour', day: 'day', week: 'ISO week (from Monday)', month: 'month' };

/** "2 Feb 2026 – 2 Mar 2026 (UTC), by day" — the period as shown in headers and exports. */
export function periodText(from: string, to: string, bucket?: Bucket, locale?: string): string {
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  return `${fmt.format(new Date(from))} – ${fmt.format(new Date(to))} UTC${bucket ? `, by ${BUCKET_NAME[bucket]}` : ''}`;
}

/** A file name for a chart: its title, then the period's days — or, for a snapshot of now, the day it was taken. */
export function fileStem(title: string, from?: string, to?: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return [slug, from?.slice(0, 10), to?.slice(0, 10)].filter(Boolean).join('-');
}

/** A local calendar day as YYYY-MM-DD (for the file name of a snapshot taken now). */
export function localDay(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
