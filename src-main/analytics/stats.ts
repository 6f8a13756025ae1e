// Exact count / mean / median / p90 of durations without sorting: quickselect on a scratch
// Float64Array (O(n) on average). Percentiles interpolate linearly between the closest
// ranks, as NumPy's default and spreadsheets' PERCENTILE.INC: h = (n − 1)·p,
// value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
import type { Stats } from './schemas.ts';

export const EMPTY_STATS: Stats = { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null };

/** Rearranges a[lo..hi) so that a[k] is the value of rank k, smaller ones before it, larger after. */
export function select(a: Float64Array, lo: number, hi: number, k: number): number {
  let l = lo;
  let r = hi - 1;
  while (r > l) {
    // Median of three as pivot (keeps sorted and reversed input linear).
    const m = (l + r) >>> 1;
    let x = a[l]!, y = a[m]!, z = a[r]!;
    if (x > y) { const t = x; x = y; y = t; }
    if (y > z) { y = z; }
    const pivot = x > y ? x : y;
    // Hoare partition.
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!; a[i] = a[j]!; a[j] = t;
        i++; j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else break; // j < k < i: a[k] equals the pivot
  }
  return a[k]!;
}

/** The smallest value of a[lo..hi). */
function minOf(a: Float64Array, lo: number, hi: number): number {
  let m = Infinity;
  for (let i = lo; i < hi; i++) if (a[i]! < m) m = a[i]!;
  return m;
}

/**
 * Percentile p of a[lo..hi), given that a[lo..from) holds only values not larger than any in
 * a[from..hi) (so ranks below `from` need no work). Rearranges the segment.
 */
function percentile(a: Float64Array, lo: number, hi: number, p: number, from: number): { value: number; rank: number } {
  const h = (hi - lo - 1) * p;
  const k = lo + Math.floor(h);
  const frac = h - Math.floor(h);
  const x = select(a, Math.max(from, lo), hi, k);
  if (frac === 0 || k + 1 >= hi) return { value: x, rank: k };
  const y = minOf(a, k + 1, hi);
  return { value: x + frac * (y - x), rank: k };
}

/** Stats of the durations (ms) in a[lo..hi), reported in seconds. Rearranges the segment. */
export function durationStats(a: Float64Array, lo: number, hi: number): Stats {
  const n = hi - lo;
  if (n <= 0) return EMPTY_STATS;
  let sum = 0;
  for (let i = lo; i < hi; i++) sum += a[i]!;
  const median = percentile(a, lo, hi, 0.5, lo);
  // After selecting the median's rank, everything at or below it is ≤ the rest.
  const p90 = percentile(a, lo, hi, 0.9, median.rank);
  return { count: n, meanSeconds: sum / n / 1000, medianSeconds: median.value / 1000, p90Seconds: p90.value / 1000 };
}
