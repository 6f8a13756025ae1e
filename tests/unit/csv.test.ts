// src-shared/csv.ts, the one CSV writer of the product: formula neutralisation (spec 1.1: a
// text cell beginning with `=`, `+`, `-`, `@`, tab or carriage return is not left live for
// a spreadsheet) on top of RFC 4180 quoting; numbers stay numbers.
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, toCsv } from '../../src-shared/csv.ts';
import { parseCsv } from '../analytics/png.ts';

describe('csv formula neutralisation', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['=1+1', "'=1+1"],
    ['+41 44 123', "'+41 44 123"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=cmd', "'\t=cmd"],
    ['\r=cmd', `"'\r=cmd"`],
    ['=cmd|\' /C calc\'!A0', "'=cmd|' /C calc'!A0"],
  ])('%j is written as %j', (cell, written) => {
    expect(csvField(cell)).toBe(written);
  });

  it('reads back as the literal text with one leading apostrophe, never a live formula', () => {
    const names = ['=HYPERLINK("http://x","y")', '+1', '-1', '@x', '\tx', '\rx'];
    const back = parseCsv(toCsv(['name'], names.map((n) => [n])));
    expect(back.slice(1).map((r) => r[0])).toEqual(names.map((n) => `'${n}`));
    for (const [cell] of back.slice(1)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('leaves numbers, booleans, empty cells and harmless text untouched', () => {
    expect(csvLine([-3, 0, 1.5, -0.25, 1e21, true, false, null, undefined, NaN])).toBe('-3,0,1.5,-0.25,1e+21,true,false,,,\r\n');
    expect(csvField('Technical IT')).toBe('Technical IT');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('2026-03-01T00:00:00.000Z')).toBe('2026-03-01T00:00:00.000Z');
    expect(csvField(' =not first')).toBe(' =not first');
    expect(csvField("'already")).toBe("'already");
  });
});
