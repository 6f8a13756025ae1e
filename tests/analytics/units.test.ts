// Pieces of the analytics engine on their own: exact percentiles by selection against a
// sorted copy, and calendar buckets against the plain Date-field version of the oracle.
import { describe, expect, it } from 'vitest';
import { durationStats } from '../../src-main/analytics/stats.ts';
import { bucketStarts, countBuckets, truncate, BUCKETS } from '../../src-shared/period.ts';
import { plainBuckets, plainStats } from './oracle.ts';
import { rng } from './fixtures.ts';

describe('duration stats by selection', () => {
  it('equal a sort-based computation for many sizes, duplicates, sorted and reversed input', () => {
    const r = rng(3);
    const shapes: ((n: number) => number[])[] = [
      (n) => Array.from({ length: n }, () => Math.floor(r() * 1e9)),
      (n) => Array.from({ length: n }, () => Math.floor(r() * 4) * 1000), // many ties
      (n) => Array.from({ length: n }, (_, i) => i * 17),
      (n) => Array.from({ length: n }, (_, i) => (n - i) * 5),
      (n) => Array.from({ length: n }, () => 42),
      (n) => Array.from({ length: n }, () => Math.floor((r() - 0.3) * 1e6)), // negative durations too
    ];
    for (const n of [1, 2, 3, 4, 5, 9, 10, 11, 100, 1001, 20000]) {
      for (const shape of shapes) {
        const values = shape(n);
        const got = durationStats(Float64Array.from(values), 0, n);
        const want = plainStats(values);
        expect(got.count).toBe(want.count);
        expect(got.meanSeconds).toBeCloseTo(want.meanSeconds!, 6);
        expect(got.medianSeconds).toBe(want.medianSeconds);
        expect(got.p90Seconds).toBeCloseTo(want.p90Seconds!, 9);
      }
    }
  });

  it('works on a segment and reports nulls for no values', () => {
    const a = Float64Array.from([9e9, 1000, 3000, 2000, 4000, -5]);
    expect(durationStats(a, 1, 5)).toEqual({ count: 4, meanSeconds: 2.5, medianSeconds: 2.5, p90Seconds: 3.7 });
    expect(durationStats(a, 3, 3)).toEqual({ count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null });
  });
});

describe('calendar buckets', () => {
  it('match the Date-field computation on random ranges (before 1970 too), for every bucket', () => {
    const r = rng(11);
    for (let i = 0; i < 400; i++) {
      const from = Math.floor((r() - 0.1) * 2e12);
      const to = from + Math.floor(r() * r() * 400 * 86_400_000);
      for (const bucket of BUCKETS) {
        if (bucket === 'hour' && to - from > 30 * 86_400_000) continue;
        const plain = plainBuckets(from, to, bucket).map((b) => b.start);
        expect(bucketStarts(from, to, bucket), `${bucket} ${from} ${to}`).toEqual(plain);
        expect(countBuckets(from, to, bucket)).toBe(plain.length);
      }
    }
  });

  it('truncates to Monday 00:00 UTC for weeks and the 1st for months', () => {
    expect(new Date(truncate(Date.parse('2026-01-04T23:59:59.999Z'), 'week')).toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(new Date(truncate(Date.parse('2026-01-05T00:00:00.000Z'), 'week')).toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(new Date(truncate(Date.parse('1969-12-31T12:00:00.000Z'), 'week')).toISOString()).toBe('1969-12-29T00:00:00.000Z');
    expect(new Date(truncate(Date.parse('2024-02-29T13:00:00.000Z'), 'month')).toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect(bucketStarts(Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-01T00:00:00Z'), 'day')).toEqual([]);
  });
});
