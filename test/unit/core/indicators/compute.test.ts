/**
 * The batch front door and the CSV reader: output names and alignment, parameters and their errors, sessions, and
 * CSV tables in any column order.
 */
import { describe, expect, it } from 'vitest';
import { computeIndicator, IndicatorInputError, listIndicators, requiredColumns, type Row } from '../../../../workers/core/indicators/compute.js';
import { parseBarsCsv } from '../../../../workers/core/indicators/csv.js';

const rows: Row[] = Array.from({ length: 40 }, (_, i) => {
  const close = 100 + Math.round(10 * Math.sin(i / 3));
  return { time: i * 60_000, open: close, high: close + 2, low: close - 1, close, volume: 10 + i };
});

describe('computeIndicator', () => {
  it('names its outputs per indicator and aligns them to the rows, null during warm-up', () => {
    const expected: Record<string, string[]> = {
      sma: ['value'],
      ema: ['value'],
      wma: ['value'],
      rsi: ['value'],
      macd: ['macd', 'signal', 'histogram'],
      bbands: ['upper', 'middle', 'lower'],
      atr: ['value'],
      stoch: ['k', 'd'],
      vwap: ['value'],
      donchian: ['upper', 'middle', 'lower'],
      pivots: ['p', 'r1', 'r2', 's1', 's2'],
    };
    expect(listIndicators().map((i) => i.name)).toEqual(Object.keys(expected));
    for (const [name, outputs] of Object.entries(expected)) {
      const result = computeIndicator(name, {}, rows);
      expect(Object.keys(result), name).toEqual(outputs);
      for (const series of Object.values(result)) expect(series, name).toHaveLength(rows.length);
    }
    const sma = computeIndicator('sma', { period: '5' }, rows).value as (number | null)[];
    expect(sma.slice(0, 4)).toEqual([null, null, null, null]);
    expect(sma[4]).toBeCloseTo(rows.slice(0, 5).reduce((a, r) => a + (r.close as number), 0) / 5, 12);
  });

  it('takes parameters as numbers or text and refuses bad ones with a clear message', () => {
    expect(computeIndicator('bbands', { period: '10', stddev: '1.5' }, rows).upper?.[9]).toBeTypeOf('number');
    const bad: [string, Record<string, string | number>, RegExp][] = [
      ['sma', { period: '0' }, /sma: parameter period must be an integer ≥ 1, got "0"/],
      ['sma', { period: '2.5' }, /must be an integer/],
      ['rsi', { period: 'abc' }, /rsi: parameter period must be an integer ≥ 1, got "abc"/],
      ['ema', { period: '' }, /parameter period/],
      ['bbands', { stddev: '0' }, /stddev must be a number > 0/],
      ['sma', { length: 5 }, /sma has no parameter "length"; its parameters: period/],
      ['macd', { fast: 26, slow: 12 }, /macd: fast \(26\) must be less than slow \(12\)/],
      ['pivots', { period: 2, session: 3_600_000 }, /not both/],
    ];
    for (const [name, params, message] of bad) {
      expect(() => computeIndicator(name, params, rows), `${name} ${JSON.stringify(params)}`).toThrow(message);
      expect(() => computeIndicator(name, params, rows)).toThrow(IndicatorInputError);
    }
  });

  it('refuses an unknown indicator, listing the known ones', () => {
    expect(() => computeIndicator('kama', {}, rows)).toThrow(/unknown indicator "kama"; known: sma, ema, wma, rsi, macd, bbands, atr, stoch, vwap, donchian, pivots/);
  });

  it('refuses rows without a needed column or with a non-finite value, naming the row', () => {
    expect(() => computeIndicator('atr', {}, [{ high: 1, low: 1, close: 1 }, { high: 2, close: 2 }])).toThrow('row 2: low is missing or not a finite number');
    expect(() => computeIndicator('sma', {}, [{ close: Number.NaN }])).toThrow('row 1: close');
    expect(() => computeIndicator('vwap', {}, [{ high: 1, low: 1, close: 1, volume: -1 }])).toThrow('row 1: volume is negative');
  });

  it('needs only the columns an indicator reads, and time only for sessions', () => {
    expect(requiredColumns('rsi')).toEqual(['close']);
    expect(requiredColumns('donchian')).toEqual(['high', 'low']);
    expect(requiredColumns('vwap')).toEqual(['high', 'low', 'close', 'volume']);
    expect(requiredColumns('vwap', { session: '3600000' })).toEqual(['time', 'high', 'low', 'close', 'volume']);
    expect(requiredColumns('pivots', { session: 86_400_000 })).toEqual(['time', 'high', 'low', 'close']);
  });

  it('restarts VWAP where floor(time / session) changes, and runs over the whole input without a session', () => {
    const bars: Row[] = [
      { time: 0, high: 10, low: 10, close: 10, volume: 1 },
      { time: 50, high: 20, low: 20, close: 20, volume: 1 },
      { time: 100, high: 30, low: 30, close: 30, volume: 1 },
      { time: 150, high: 50, low: 50, close: 50, volume: 1 },
    ];
    expect(computeIndicator('vwap', {}, bars).value).toEqual([10, 15, 20, 27.5]);
    expect(computeIndicator('vwap', { session: 100 }, bars).value).toEqual([10, 15, 30, 40]);
    // The first session (times 0 and 50): H 20, L 10, C 20, so P = 50 / 3 for the second.
    expect(computeIndicator('pivots', { session: 100 }, bars).p).toEqual([null, null, 50 / 3, 50 / 3]);
  });
});

describe('parseBarsCsv', () => {
  it('reads the needed columns in any order and case, with CRLF, quotes and blank lines', () => {
    const text = 'Volume,"close",TIME,high,low\r\n5,10.5,0,11,10\r\n\r\n6,"10.75",60,11.25,10.5\r\n';
    expect(parseBarsCsv(text, ['high', 'low', 'close', 'volume'])).toEqual([
      { high: 11, low: 10, close: 10.5, volume: 5 },
      { high: 11.25, low: 10.5, close: 10.75, volume: 6 },
    ]);
  });

  it('names missing columns and shows the header', () => {
    expect(() => parseBarsCsv('time,close\n1,2\n', ['high', 'low', 'close'])).toThrow('missing columns high, low (the header has: time, close)');
    expect(() => parseBarsCsv('time,open\n1,2\n', ['close'])).toThrow('missing column close (the header has: time, open)');
    expect(() => parseBarsCsv('\n\n', ['close'])).toThrow(/the CSV is empty/);
  });

  it('names the line and column of a value that is not a number, and ignores columns it was not asked for', () => {
    expect(() => parseBarsCsv('time,close\n2019-10-11,1\nx,oops\n', ['close'])).toThrow('line 3: close "oops" is not a number');
    expect(() => parseBarsCsv('close,high\n1,\n', ['close', 'high'])).toThrow('line 2: high "" is not a number');
    expect(parseBarsCsv('time,close\n2019-10-11,1\n', ['close'])).toEqual([{ close: 1 }]);
  });
});
