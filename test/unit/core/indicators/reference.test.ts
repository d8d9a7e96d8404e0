/**
 * The indicators against values published by TA-Lib's own regression tests, on TA-Lib's 252-bar reference series
 * (test/fixtures/indicators/README.md says where each number comes from). Each case checks TA-Lib's first output
 * index — the warm-up length — and its published values within TA-Lib's tolerance.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeIndicator, requiredColumns } from '../../../../workers/core/indicators/compute.js';
import { parseBarsCsv } from '../../../../workers/core/indicators/csv.js';

interface Case {
  indicator: string;
  params: Record<string, number>;
  firstIndex: number;
  source: string;
  tolerance?: number;
  values: { output: string; index: number; expected: number }[];
}

const dir = fileURLToPath(new URL('../../../fixtures/indicators/', import.meta.url));
const expected = JSON.parse(readFileSync(`${dir}ta-lib-expected.json`, 'utf8')) as { tolerance: number; cases: Case[] };
const csv = readFileSync(`${dir}ta-lib-daily-ref.csv`, 'utf8');

describe('indicators against TA-Lib regression values', () => {
  for (const c of expected.cases) {
    it(`${c.indicator} ${JSON.stringify(c.params)} — ${c.source}`, () => {
      const rows = parseBarsCsv(csv, requiredColumns(c.indicator, c.params));
      expect(rows).toHaveLength(252);
      const result = computeIndicator(c.indicator, c.params, rows);
      const tolerance = c.tolerance ?? expected.tolerance;
      for (const [output, series] of Object.entries(result)) {
        expect(series, output).toHaveLength(252);
        expect(series.findIndex((v) => v !== null), `${output}: first output`).toBe(c.firstIndex);
        expect(series.slice(c.firstIndex).every((v) => typeof v === 'number' && Number.isFinite(v)), `${output}: no gaps`).toBe(true);
      }
      for (const { output, index, expected: want } of c.values) {
        const got = result[output]?.[index];
        expect(got, `${output}[${index}]`).toBeTypeOf('number');
        if (tolerance === 0) expect(got, `${output}[${index}]`).toBe(want);
        else expect(Math.abs((got as number) - want), `${output}[${index}] = ${got}, TA-Lib ${want}`).toBeLessThan(tolerance);
      }
    });
  }

  it('cover every indicator TA-Lib has (all but vwap and pivots)', () => {
    const covered = new Set(expected.cases.map((c) => c.indicator));
    expect([...covered].sort()).toEqual(['atr', 'bbands', 'donchian', 'ema', 'macd', 'rsi', 'sma', 'stoch', 'wma']);
  });
});
