/** The report's JSON text: JSON.stringify's indented form, with rows of tables on one line. */
import { describe, expect, it } from 'vitest';
import { reportJson } from '../../../workers/backtest/report-json.js';

describe('report JSON', () => {
  it('prints what JSON.stringify(value, null, 2) prints when no array holds an array', () => {
    const value = { a: 1, b: 'two', c: null, d: [], e: {}, f: [{ g: [1, 2], h: { i: true } }, 'x'], skip: undefined, j: -0, k: 1.5e-7, l: 'quote " and \n' };
    expect(reportJson(value)).toBe(JSON.stringify(value, null, 2));
  });

  it('puts each row of a table on one line, and parses back to the same value', () => {
    const value = { columns: ['time', 'equity'], rows: [['2024-01-01T00:00:00.000Z', '10.00'], ['2024-01-01T00:01:00.000Z', '10.48']] };
    const text = reportJson(value);
    expect(text).toBe('{\n  "columns": [\n    "time",\n    "equity"\n  ],\n  "rows": [\n    ["2024-01-01T00:00:00.000Z","10.00"],\n    ["2024-01-01T00:01:00.000Z","10.48"]\n  ]\n}');
    expect(JSON.parse(text)).toEqual(value);
  });
});
