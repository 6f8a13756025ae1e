// Timing helpers for the benchmark: percentiles and running a case.
import type { BenchCase } from './types.ts';

/** Linear interpolation between closest ranks (the NumPy default); NaN for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

export interface Summary { n: number; p50: number; p95: number }

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

export interface CaseResult {
  name: string;
  section: string;
  api: Summary;
  server: Summary | null;
  sql: Summary | null;
  /** API p95 / SQL p95. */
  ratio: number | null;
  targetP95Ms?: number | undefined;
  targetServerP95Ms?: number | undefined;
  targetRatio?: number | undefined;
  pass: boolean | null;
  /** Each target on its own: label and whether it was met. */
  checks?: { label: string; ok: boolean }[];
  error?: string;
}

export interface MeasureOptions {
  iterations: number;
  warmup: number;
  /** Stop a case early after this long (keeping at least `minIterations`). */
  maxSeconds: number;
  minIterations: number;
}

/** Warms up, then alternates API call and bare SQL so both see the same cache conditions. */
export async function measureCase(c: BenchCase, section: string, opts: MeasureOptions): Promise<CaseResult> {
  const iterations = c.iterations ?? opts.iterations;
  const warmup = Math.min(opts.warmup, Math.max(1, Math.ceil(iterations / 5)));
  for (let i = 0; i < warmup; i++) {
    await c.api();
    c.sql?.();
  }
  const api: number[] = [];
  const server: number[] = [];
  const sql: number[] = [];
  const deadline = performance.now() + opts.maxSeconds * 1000;
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const timing = await c.api();
    api.push(performance.now() - t0);
    if (timing && timing.serverMs !== null) server.push(timing.serverMs);
    if (c.sql) {
      const t1 = performance.now();
      c.sql();
      sql.push(performance.now() - t1);
    }
    if (i + 1 >= Math.min(opts.minIterations, iterations) && performance.now() > deadline) break;
  }
  const a = summarize(api);
  const sv = server.length === api.length ? summarize(server) : null;
  const s = c.sql ? summarize(sql) : null;
  const ratio = s && s.p95 > 0 ? a.p95 / s.p95 : null;
  const checks: { label: string; ok: boolean }[] = [];
  if (c.targetP95Ms !== undefined) checks.push({ label: 'p95', ok: a.p95 <= c.targetP95Ms });
  if (c.targetServerP95Ms !== undefined && sv) checks.push({ label: 'server', ok: sv.p95 <= c.targetServerP95Ms });
  if (c.targetRatio !== undefined && ratio !== null) checks.push({ label: 'ratio', ok: ratio <= c.targetRatio });
  return {
    name: c.name, section, api: a, server: sv, sql: s, ratio,
    targetP95Ms: c.targetP95Ms, targetServerP95Ms: c.targetServerP95Ms, targetRatio: c.targetRatio,
    pass: checks.length ? checks.every((x) => x.ok) : null,
    checks,
  };
}
