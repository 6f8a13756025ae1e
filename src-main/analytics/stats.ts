// Exact count / mean / median / p90 of durations without sorting them all. Percentiles
// interpolate linearly between the closest ranks, as NumPy's default and spreadsheets'
// PERCENTILE.INC: h = (n − 1)·p, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
//
// Selection by sampling (Floyd–Rivest style): a sorted random sample gives, for each wanted
// rank, two bounds that very probably enclose it; one pass counts the values below the lower
// bound and gathers those between the bounds; the wanted ranks are then picked from that
// small window. When a window misses its rank (rare), plain quickselect answers instead, so
// the result is always exact.
import type { Stats } from '../../src-shared/analytics-schemas.ts';

export const EMPTY_STATS: Stats = { count: 0, meanSeconds: null, medianSeconds: null, p90Seconds: null };

/** Rearranges a[lo..hi) so that a[k] is the value of rank k, smaller ones before it, larger after. */
export function select(a: Float64Array, lo: number, hi: number, k: number): number {
  let l = lo;
  let r = hi - 1;
  while (r > l) {
    // Median of three as pivot (keeps sorted and reversed input linear).
    const m = (l + r) >>> 1;
    let x = a[l]!, y = a[m]!;
    const z = a[r]!;
    if (x > y) { const t = x; x = y; y = t; }
    if (y > z) y = z;
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

/** The values of ranks k and k + 1 (k + 1 clamped) of a[lo..hi) by quickselect on a copy. */
function ranksBySelect(a: Float64Array, lo: number, hi: number, k: number): [number, number] {
  const copy = a.slice(lo, hi);
  const x = select(copy, 0, copy.length, k);
  if (k + 1 >= copy.length) return [x, x];
  let y = Infinity;
  for (let i = k + 1; i < copy.length; i++) if (copy[i]! < y) y = copy[i]!;
  return [x, y];
}

const SAMPLE = 8192;
const SMALL = 4096;

/** Grows a window buffer (doubling). */
function grow(buf: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const next = new Float64Array(buf.length * 2);
  next.set(buf);
  return next;
}

/** The values of ranks k and k + 1 (clamped) in a window holding ranks first… of the whole, or null when it misses them. */
function pickFromWindow(win: Float64Array, size: number, first: number, k: number, n: number): [number, number] | null {
  const last = Math.min(k + 1, n - 1);
  if (k < first || last >= first + size) return null;
  const x = select(win, 0, size, k - first);
  if (last === k) return [x, x];
  let y = Infinity;
  for (let i = k - first + 1; i < size; i++) if (win[i]! < y) y = win[i]!;
  return [x, y];
}

/**
 * The values of ranks k and k + 1 and of ranks j and j + 1 (each clamped to n − 1) of
 * a[lo..hi), k ≤ j. Reads only.
 */
export function rankPairs(a: Float64Array, lo: number, hi: number, k: number, j: number): [[number, number], [number, number]] {
  const n = hi - lo;
  if (n <= SMALL) {
    const sorted = a.slice(lo, hi).sort();
    const at = (r: number) => sorted[Math.min(r, n - 1)]!;
    return [[at(k), at(k + 1)], [at(j), at(j + 1)]];
  }
  // A sorted random sample (xorshift: deterministic, no bias from the input's order).
  const sample = new Float64Array(SAMPLE);
  let s = 0x2545f491 ^ n;
  for (let i = 0; i < SAMPLE; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    sample[i] = a[lo + ((s >>> 0) % n)]!;
  }
  sample.sort();
  // Bounds for a rank: ±5 standard deviations of its sample rank around the expectation.
  const bound = (r: number, side: -1 | 1): number => {
    const p = r / Math.max(1, n - 1);
    const at = Math.round(p * (SAMPLE - 1) + side * (5 * Math.sqrt(SAMPLE * p * (1 - p)) + 4));
    return at < 0 ? -Infinity : at >= SAMPLE ? Infinity : sample[at]!;
  };
  const l0 = bound(k, -1), h0 = bound(k + 1, 1), l1 = bound(j, -1), h1 = bound(j + 1, 1);
  // One pass: how many values lie below each window, and the values inside it.
  let below0 = 0, below1 = 0, size0 = 0, size1 = 0;
  let win0 = new Float64Array(4096), win1 = new Float64Array(4096);
  for (let i = lo; i < hi; i++) {
    const v = a[i]!;
    if (v < l0) below0++;
    else if (v <= h0) {
      if (size0 === win0.length) win0 = grow(win0);
      win0[size0++] = v;
    }
    if (v < l1) below1++;
    else if (v <= h1) {
      if (size1 === win1.length) win1 = grow(win1);
      win1[size1++] = v;
    }
  }
  // A window that misses its ranks (the sample misled us; rare): plain quickselect.
  return [
    pickFromWindow(win0, size0, below0, k, n) ?? ranksBySelect(a, lo, hi, k),
    pickFromWindow(win1, size1, below1, j, n) ?? ranksBySelect(a, lo, hi, j),
  ];
}

/** Stats of the durations (ms) in a[lo..hi), reported in seconds. Does not change the array. */
export function durationStats(a: Float64Array, lo: number, hi: number): Stats {
  const n = hi - lo;
  if (n <= 0) return EMPTY_STATS;
  let sum = 0;
  for (let i = lo; i < hi; i++) sum += a[i]!;
  const hMedian = (n - 1) * 0.5;
  const h90 = (n - 1) * 0.9;
  const [m, p] = rankPairs(a, lo, hi, Math.floor(hMedian), Math.floor(h90));
  const interpolate = (h: number, [x, y]: [number, number]) => x + (h - Math.floor(h)) * (y - x);
  return { count: n, meanSeconds: sum / n / 1000, medianSeconds: interpolate(hMedian, m) / 1000, p90Seconds: interpolate(h90, p) / 1000 };
}
