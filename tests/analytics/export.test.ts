// The screen's pure pieces: CSV per RFC 4180 read back by an independent parser, and the
// period presets that become API inputs.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src-renderer/screens/analytics/export.ts';
import { periodInputs, twelveMonthsBefore, formatDuration, durationUnit } from '../../src-renderer/screens/analytics/model.ts';
import { parseCsv } from './png.ts';

describe('CSV export', () => {
  it('quotes what needs quoting, ends lines with CRLF, keeps UTF-8 text and numbers exact', () => {
    const rows = [
      ['2026-03-01T00:00:00.000Z', 'Café, "Mensa"', 12, 0.1 + 0.2, null],
      ['2026-03-02T00:00:00.000Z', 'line\nbreak', -3, 1e21, ''],
    ];
    const text = toCsv(['bucket_start', 'name', 'opened', 'mean_seconds', 'empty'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"Café, ""Mensa"""');
    const back = parseCsv(text);
    expect(back[0]).toEqual(['bucket_start', 'name', 'opened', 'mean_seconds', 'empty']);
    expect(back[1]).toEqual(['2026-03-01T00:00:00.000Z', 'Café, "Mensa"', '12', String(0.1 + 0.2), '']);
    expect(Number(back[1]![3])).toBe(0.1 + 0.2);
    expect(back[2]![1]).toBe('line\nbreak');
    expect(Number(back[2]![3])).toBe(1e21);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(text))).toBe(text);
  });
});

describe('period presets', () => {
  const now = Date.parse('2026-03-31T10:15:00.000Z');
  it('map to the API inputs', () => {
    expect(periodInputs({ preset: '24h' }, now)!.period).toEqual({ last: '24h' });
    expect(periodInputs({ preset: '7d', category: 'technical_it' }, now)!.period).toEqual({ last: '7d', category: 'technical_it' });
    expect(periodInputs({ preset: '30d' }, now)!.range).toEqual({ from: '2026-03-01T10:15:00.000Z', to: '2026-03-31T10:15:00.000Z' });
    expect(periodInputs({ preset: '12m' }, now)!.period).toEqual({ from: '2025-03-31T10:15:00.000Z', to: '2026-03-31T10:15:00.000Z', bucket: 'month' });
    expect(periodInputs({ preset: 'custom', from: '2026-01-01T00:00:00.000Z' }, now)).toBeNull();
    expect(periodInputs({ preset: 'custom', from: '2026-02-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }, now)).toBeNull();
    expect(periodInputs({ preset: 'custom', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', bucket: 'week' }, now)!.period)
      .toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', bucket: 'week' });
    expect(new Date(twelveMonthsBefore(Date.parse('2024-02-29T12:00:00Z'))).toISOString()).toBe('2023-03-01T12:00:00.000Z');
  });
  it('show durations in sensible units', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(1800)).toBe('30 min');
    expect(formatDuration(5 * 3600)).toBe('5.0 h');
    expect(formatDuration(10 * 86400)).toBe('10.0 d');
    expect(durationUnit(3600).name).toBe('minutes');
    expect(durationUnit(86400).name).toBe('hours');
    expect(durationUnit(9 * 86400).name).toBe('days');
  });
});
