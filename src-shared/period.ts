// Calendar buckets in UTC and the resolution of an analytics period (`last` or `from`/`to`)
// into a half-open range [from, to). Pure functions of numbers: shared by the API handlers,
// the worker and the analytics screen (no imports).

export const BUCKETS = ['hour', 'day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05T00:00Z, the first Monday after the epoch: ISO weeks are aligned to it. */
const MONDAY_MS = 4 * DAY_MS;

/** At most this many buckets per answer (a coarser bucket is needed beyond). */
export const MAX_BUCKETS = 10_000;

/** Fixed bucket length in ms, or null for calendar months. */
export function bucketLength(bucket: Bucket): number | null {
  return bucket === 'hour' ? HOUR_MS : bucket === 'day' ? DAY_MS : bucket === 'week' ? WEEK_MS : null;
}

const floorTo = (t: number, size: number, offset = 0): number => Math.floor((t - offset) / size) * size + offset;

/** The start of the bucket containing `t` (hours, days, ISO weeks from Monday 00:00, months; UTC). */
export function truncate(t: number, bucket: Bucket): number {
  switch (bucket) {
    case 'hour': return floorTo(t, HOUR_MS);
    case 'day': return floorTo(t, DAY_MS);
    case 'week': return floorTo(t, WEEK_MS, MONDAY_MS);
    case 'month': {
      const d = new Date(t);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
  }
}

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(start: number, bucket: Bucket): number {
  const size = bucketLength(bucket);
  if (size !== null) return start + size;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** How many buckets cover [from, to) (0 for an empty range), without building them. */
export function countBuckets(from: number, to: number, bucket: Bucket): number {
  if (to <= from) return 0;
  const first = truncate(from, bucket);
  const size = bucketLength(bucket);
  if (size !== null) return Math.floor((to - 1 - first) / size) + 1;
  const a = new Date(first);
  const b = new Date(to - 1);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth()) + 1;
}

/**
 * The bucket starts covering [from, to): the first is `from` truncated to its bucket, the
 * last contains the instant before `to`. An empty range (from = to) has no buckets.
 */
export function bucketStarts(from: number, to: number, bucket: Bucket): number[] {
  const starts: number[] = [];
  if (to <= from) return starts;
  for (let s = truncate(from, bucket); s < to; s = nextBucket(s, bucket)) starts.push(s);
  return starts;
}

/** The default bucket of the spec: hour for ranges ≤ 48 h, day ≤ 90 d, else week. */
export function defaultBucket(from: number, to: number): Bucket {
  const length = to - from;
  if (length <= 48 * HOUR_MS) return 'hour';
  if (length <= 90 * DAY_MS) return 'day';
  return 'week';
}

export const LAST_PATTERN = /^([1-9][0-9]{0,5})([hdw])$/;

/** Length in ms of a `last` value ("24h", "7d", "12w"), or null when malformed. */
export function lastLength(last: string): number | null {
  const m = LAST_PATTERN.exec(last);
  if (!m) return null;
  const n = Number(m[1]);
  return n * (m[2] === 'h' ? HOUR_MS : m[2] === 'd' ? DAY_MS : WEEK_MS);
}

/** The same day and time of day 12 calendar months before `t` (UTC; 29 Feb → 1 Mar). */
export function twelveMonthsBefore(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** The earliest and latest instants a JavaScript Date holds. */
export const MIN_TIME = -8.64e15;
export const MAX_TIME = 8.64e15;
